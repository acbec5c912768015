//! The states of the two tracks, named as they appear in JSON and reports.

use serde::{Deserialize, Serialize};
use strum::{Display, EnumIter, EnumString, IntoStaticStr};

/// Where a council stands with Ofsted.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Default,
    Deserialize,
    Serialize,
    Display,
    EnumString,
    EnumIter,
    IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum OfstedState {
    /// Last judged requires improvement, good or outstanding (or never judged).
    #[default]
    NotInadequate,
    /// A focused visit or JTAI set priority actions; no inadequate judgement.
    PriorityActions,
    /// Judged inadequate; the council's action plan is awaited.
    AwaitingActionPlan,
    /// Under quarterly monitoring until re-inspection.
    Monitoring,
}

impl OfstedState {
    /// True while the council stands judged inadequate.
    pub fn is_inadequate(self) -> bool {
        matches!(self, Self::AwaitingActionPlan | Self::Monitoring)
    }

    /// The state in plain words, for people (the code name stays in JSON).
    pub fn words(self) -> &'static str {
        match self {
            Self::NotInadequate => "not judged inadequate",
            Self::PriorityActions => "priority actions set",
            Self::AwaitingActionPlan => "judged inadequate, action plan awaited",
            Self::Monitoring => "judged inadequate, under Ofsted monitoring",
        }
    }
}

/// Where a council stands with the Department for Education.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Default,
    Deserialize,
    Serialize,
    Display,
    EnumString,
    EnumIter,
    IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum DfeState {
    /// No intervention.
    #[default]
    None,
    /// Judged inadequate; the DfE has yet to issue a notice or direction.
    AwaitingDecision,
    /// Under a non-statutory improvement notice (the improvement track).
    ImprovementNotice,
    /// Under a direction, with a commissioner assessing the council.
    DirectionCommissioner,
    /// Under a direction, improving with the council keeping its services.
    DirectionImprovement,
    /// Under a direction, services to leave the council (trust, company, partnership).
    DirectionAlternativeDelivery,
    /// Operational control is with a trust, company or partnership.
    ServicesTransferred,
}

impl DfeState {
    /// True under any statutory direction state.
    pub fn is_direction(self) -> bool {
        matches!(
            self,
            Self::DirectionCommissioner
                | Self::DirectionImprovement
                | Self::DirectionAlternativeDelivery
        )
    }

    /// The state in plain words, for people (the code name stays in JSON).
    pub fn words(self) -> &'static str {
        match self {
            Self::None => "no intervention",
            Self::AwaitingDecision => "awaiting the DfE's decision",
            Self::ImprovementNotice => "under an improvement notice",
            Self::DirectionCommissioner => "under a direction, with a commissioner",
            Self::DirectionImprovement => "under a direction",
            Self::DirectionAlternativeDelivery => "under a direction to move services out",
            Self::ServicesTransferred => "services run by a trust or company",
        }
    }
}

/// A council's state: the pair of tracks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
pub struct State {
    /// The Ofsted track.
    pub ofsted: OfstedState,
    /// The DfE track.
    pub dfe: DfeState,
}
