//! Transitions that do not fit the process.

use strum::{EnumIter, IntoStaticStr};

/// A step the process does not allow from the state the council was in.
///
/// Indices are positions in the history's file order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Violation {
    /// A monitoring visit while the council is not under an inadequate judgement.
    MonitoringWithoutInadequate,
    /// A commissioner report with no direction or commissioner before it.
    CommissionerReportWithoutDirection,
    /// Services transferred (imposed) with no commissioner recommendation of alternative delivery.
    ImposedWithoutRecommendation,
    /// Services returned with no transfer before.
    ReturnWithoutTransfer,
    /// A notice or direction with no inadequate judgement, priority actions or JTAI before it.
    InterventionWithoutBasis,
    /// A notice lifted or direction revoked while still inadequate, not replaced that month.
    LiftedWhileInadequate,
    /// A persistent failure (inadequate twice in five years) answered by a notice.
    PersistentFailureNotice {
        /// The repeat inadequate judgement.
        judgement: usize,
    },
    /// An event after the council was reorganised out of existence.
    EventAfterReorganisation {
        /// The `reorganised` event.
        reorganised: usize,
    },
}

/// The names of the violations, for rule ids (`transition.<name>`) and listings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, IntoStaticStr, strum::Display)]
#[strum(serialize_all = "kebab-case")]
#[allow(missing_docs)] // one per Violation variant, documented there
pub enum ViolationName {
    MonitoringWithoutInadequate,
    CommissionerReportWithoutDirection,
    ImposedWithoutRecommendation,
    ReturnWithoutTransfer,
    InterventionWithoutBasis,
    LiftedWhileInadequate,
    PersistentFailureNotice,
    EventAfterReorganisation,
}

impl ViolationName {
    /// The rule id the checker reports it under.
    pub fn rule_id(self) -> String {
        format!("transition.{self}")
    }
}

impl Violation {
    /// Its name, without data.
    pub fn name(&self) -> ViolationName {
        match self {
            Self::MonitoringWithoutInadequate => ViolationName::MonitoringWithoutInadequate,
            Self::CommissionerReportWithoutDirection => {
                ViolationName::CommissionerReportWithoutDirection
            }
            Self::ImposedWithoutRecommendation => ViolationName::ImposedWithoutRecommendation,
            Self::ReturnWithoutTransfer => ViolationName::ReturnWithoutTransfer,
            Self::InterventionWithoutBasis => ViolationName::InterventionWithoutBasis,
            Self::LiftedWhileInadequate => ViolationName::LiftedWhileInadequate,
            Self::PersistentFailureNotice { .. } => ViolationName::PersistentFailureNotice,
            Self::EventAfterReorganisation { .. } => ViolationName::EventAfterReorganisation,
        }
    }

    /// A sentence a person can act on.
    pub fn message(&self) -> &'static str {
        match self {
            Self::MonitoringWithoutInadequate => {
                "monitoring visit while the council is not judged inadequate: is an inadequate judgement missing from the record?"
            }
            Self::CommissionerReportWithoutDirection => {
                "commissioner report with no direction or commissioner appointment before it"
            }
            Self::ImposedWithoutRecommendation => {
                "services transferred by imposition with no commissioner recommendation of alternative delivery before it"
            }
            Self::ReturnWithoutTransfer => {
                "services returned to the council, but no transfer away is recorded"
            }
            Self::InterventionWithoutBasis => {
                "notice or direction with no inadequate judgement, priority actions or JTAI before it"
            }
            Self::LiftedWhileInadequate => {
                "notice lifted or direction revoked while the council is still judged inadequate, and nothing replaces it the same month"
            }
            Self::PersistentFailureNotice { .. } => {
                "inadequate again within five years (persistent failure) but answered by an improvement notice rather than a direction"
            }
            Self::EventAfterReorganisation { .. } => {
                "event recorded after the council was reorganised out of existence"
            }
        }
    }

    /// An earlier event the violation also concerns.
    pub fn related_event(&self) -> Option<usize> {
        match self {
            Self::PersistentFailureNotice { judgement } => Some(*judgement),
            Self::EventAfterReorganisation { reorganised } => Some(*reorganised),
            _ => None,
        }
    }
}
