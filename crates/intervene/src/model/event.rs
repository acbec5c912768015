//! Events: what happened to a council, when, and on whose word.

use std::fmt;

use serde::{Deserialize, Serialize};
use strum::{Display, EnumIter, EnumString, IntoStaticStr};

use super::PartialDate;

/// One dated fact in a council's history, with where it stands in its file.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// When it happened, at the precision the source gives.
    pub date: PartialDate,
    /// What happened, with the fields that kind carries.
    pub kind: EventKind,
    /// Which process the event belongs to: children's social care or SEND.
    pub scope: Scope,
    /// Where the fact comes from: a citation or URL.
    pub source: Option<String>,
    /// Free text for readers of reports.
    pub note: Option<String>,
    /// The 1-based line of the event's entry in its file.
    pub line: usize,
}

impl Event {
    /// The kind's name, without its fields.
    pub fn kind_name(&self) -> Kind {
        self.kind.name()
    }
}

/// Which process an event belongs to.
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
pub enum Scope {
    /// The children's social care process: the one this tool checks.
    #[default]
    ChildrensSocialCare,
    /// SEND inspections, notices and directions: their own track, which never moves
    /// the children's social care process.
    Send,
}

/// The name of an event kind, without its fields: what rules match on.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Deserialize,
    Serialize,
    Display,
    EnumString,
    EnumIter,
    IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
#[allow(missing_docs)] // each name is the format's own kind, documented in history-format.md
pub enum Kind {
    Inspection,
    ReportReceived,
    FocusedVisit,
    MonitoringVisit,
    ActionPlan,
    Jtai,
    SendInspection,
    ImprovementNotice,
    Direction,
    FailureFinding,
    CommissionerAppointed,
    CommissionerReport,
    AdviserAppointed,
    ImprovementBoard,
    DiagnosticReview,
    ProgressReview,
    ServicesTransferred,
    ServicesReturned,
    Reorganised,
    Note,
}

/// A kind's name as words, `action_plan` as "action plan": for sentences. Written a word
/// at a time, as messages of findings are many.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KindWords(Kind);

impl fmt::Display for KindWords {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name: &'static str = self.0.into();
        for (at, word) in name.split('_').enumerate() {
            if at > 0 {
                f.write_str(" ")?;
            }
            f.write_str(word)?;
        }
        Ok(())
    }
}

impl Kind {
    /// The kind's name as words, for sentences.
    pub fn words(self) -> KindWords {
        KindWords(self)
    }

    /// The kind-specific fields this kind may carry (`date`, `kind`, `source`, `note`
    /// and `scope` belong to every event).
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            Kind::Inspection => &[
                "judgement",
                "framework",
                "type",
                "all_judgements_inadequate",
            ],
            Kind::FocusedVisit | Kind::Jtai => &["priority_actions"],
            Kind::ActionPlan => &["stage"],
            Kind::SendInspection | Kind::ProgressReview => &["outcome"],
            Kind::ImprovementNotice => &["action", "adviser"],
            Kind::Direction => &["action", "commissioner", "requires"],
            Kind::FailureFinding => &["persistent", "systemic"],
            Kind::CommissionerAppointed | Kind::AdviserAppointed => &["name"],
            Kind::CommissionerReport => &["recommendation"],
            Kind::ImprovementBoard => &["chair"],
            Kind::ServicesTransferred => &["to", "arrangement"],
            Kind::Reorganised => &["into", "from"],
            Kind::Note => &["text"],
            Kind::ReportReceived
            | Kind::MonitoringVisit
            | Kind::DiagnosticReview
            | Kind::ServicesReturned => &[],
        }
    }
}

/// An event kind with the fields it carries.
#[derive(Debug, Clone, PartialEq)]
pub enum EventKind {
    /// A graded Ofsted inspection; its date is when the judgement was published or received.
    Inspection {
        /// The overall judgement.
        judgement: Judgement,
        /// The inspection framework, given or inferred from the date.
        framework: Framework,
        /// Full, standard, short, re-inspection…, when the source says.
        inspection_type: Option<InspectionType>,
        /// Inadequate on every key judgement: systemic failure.
        all_judgements_inadequate: bool,
    },
    /// The council received the inspection or focused-visit report.
    ReportReceived,
    /// An ILACS focused visit.
    FocusedVisit {
        /// Whether Ofsted set priority actions.
        priority_actions: bool,
    },
    /// A quarterly monitoring visit of an inadequate council.
    MonitoringVisit,
    /// The council's written statement of action sent to Ofsted.
    ActionPlan {
        /// Draft or final.
        stage: PlanStage,
    },
    /// A joint targeted area inspection.
    Jtai {
        /// Whether inspectors set priority actions.
        priority_actions: bool,
    },
    /// An area SEND inspection.
    SendInspection {
        /// Its outcome.
        outcome: SendOutcome,
    },
    /// A non-statutory DfE improvement notice.
    ImprovementNotice {
        /// Issued, revised or lifted.
        action: Action,
        /// The improvement adviser named in it.
        adviser: Option<String>,
    },
    /// A statutory direction (s.497A Education Act 1996).
    Direction {
        /// Issued, revised or revoked.
        action: Action,
        /// The commissioner named in it.
        commissioner: Option<String>,
        /// What the direction requires of the council.
        requires: Option<Requirement>,
    },
    /// A DfE finding of persistent and/or systemic failure.
    FailureFinding {
        /// Inadequate more than once within five years.
        persistent: bool,
        /// Inadequate on all key judgements.
        systemic: bool,
    },
    /// A commissioner appointed.
    CommissionerAppointed {
        /// Who.
        name: Option<String>,
    },
    /// The commissioner's verdict on whether services stay with the council.
    CommissionerReport {
        /// Retain, alternative delivery, or review again.
        recommendation: CommissionerRecommendation,
    },
    /// An improvement adviser appointed.
    AdviserAppointed {
        /// Who.
        name: Option<String>,
    },
    /// An improvement board set up.
    ImprovementBoard {
        /// Its chair.
        chair: Option<String>,
    },
    /// A diagnostic review of the council's services.
    DiagnosticReview,
    /// A DfE review of progress (the six-month review).
    ProgressReview {
        /// Sufficient or insufficient.
        outcome: ProgressOutcome,
    },
    /// Operational control of services leaves the council.
    ServicesTransferred {
        /// To a trust, a company or a partnership.
        to: TransferTo,
        /// Agreed or imposed.
        arrangement: TransferArrangement,
    },
    /// Operational control comes back to the council.
    ServicesReturned,
    /// The council was created, merged or split.
    Reorganised {
        /// Councils it became (it ceases to exist).
        into: Vec<String>,
        /// Councils it was formed from (it begins).
        from: Vec<String>,
    },
    /// Context with no effect on the process.
    Note {
        /// The text.
        text: String,
    },
}

impl EventKind {
    /// The kind's name, without its fields.
    pub fn name(&self) -> Kind {
        match self {
            Self::Inspection { .. } => Kind::Inspection,
            Self::ReportReceived => Kind::ReportReceived,
            Self::FocusedVisit { .. } => Kind::FocusedVisit,
            Self::MonitoringVisit => Kind::MonitoringVisit,
            Self::ActionPlan { .. } => Kind::ActionPlan,
            Self::Jtai { .. } => Kind::Jtai,
            Self::SendInspection { .. } => Kind::SendInspection,
            Self::ImprovementNotice { .. } => Kind::ImprovementNotice,
            Self::Direction { .. } => Kind::Direction,
            Self::FailureFinding { .. } => Kind::FailureFinding,
            Self::CommissionerAppointed { .. } => Kind::CommissionerAppointed,
            Self::CommissionerReport { .. } => Kind::CommissionerReport,
            Self::AdviserAppointed { .. } => Kind::AdviserAppointed,
            Self::ImprovementBoard { .. } => Kind::ImprovementBoard,
            Self::DiagnosticReview => Kind::DiagnosticReview,
            Self::ProgressReview { .. } => Kind::ProgressReview,
            Self::ServicesTransferred { .. } => Kind::ServicesTransferred,
            Self::ServicesReturned => Kind::ServicesReturned,
            Self::Reorganised { .. } => Kind::Reorganised,
            Self::Note { .. } => Kind::Note,
        }
    }
}

macro_rules! value_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(
            Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, Display, EnumString,
            EnumIter, IntoStaticStr,
        )]
        #[serde(rename_all = "snake_case")]
        #[strum(serialize_all = "snake_case")]
        pub enum $name { $($(#[$vmeta])* $variant),+ }
    };
}

value_enum! {
    /// An Ofsted overall judgement.
    Judgement {
        /// Outstanding.
        Outstanding,
        /// Good.
        Good,
        /// Requires improvement (and the pre-2013 `adequate`, which the format maps here).
        RequiresImprovement,
        /// Inadequate: the judgement that starts the process.
        Inadequate,
    }
}

value_enum! {
    /// The Ofsted inspection framework a judgement was made under.
    Framework {
        /// Safeguarding and looked after children inspections (to October 2013).
        Slac,
        /// Single inspection framework (November 2013 to 2017).
        Sif,
        /// Inspecting local authority children's services (from January 2018).
        Ilacs,
    }
}

impl Framework {
    /// The framework in force on a day, for judgements that do not name one.
    pub fn in_force_on(date: chrono::NaiveDate) -> Self {
        let sif = chrono::NaiveDate::from_ymd_opt(2013, 11, 1);
        let ilacs = chrono::NaiveDate::from_ymd_opt(2018, 1, 1);
        if Some(date) >= ilacs {
            Self::Ilacs
        } else if Some(date) >= sif {
            Self::Sif
        } else {
            Self::Slac
        }
    }
}

value_enum! {
    /// What sort of graded inspection it was.
    InspectionType {
        /// A full inspection.
        Full,
        /// An ILACS standard inspection.
        Standard,
        /// An ILACS short inspection.
        Short,
        /// A re-inspection after inadequacy.
        Reinspection,
        /// The inspection that ends a period of monitoring.
        PostMonitoring,
    }
}

value_enum! {
    /// Draft or final action plan.
    PlanStage {
        /// The draft, due sooner after a focused visit with priority actions.
        Draft,
        /// The final statement of action.
        Final,
    }
}

value_enum! {
    /// What an area SEND inspection concluded.
    SendOutcome {
        /// A written statement of action was required.
        Wsoa,
        /// No written statement of action was required.
        NoWsoa,
        /// A revisit found insufficient progress.
        RevisitInsufficient,
        /// A revisit found sufficient progress.
        RevisitSufficient,
    }
}

value_enum! {
    /// What the DfE did with a notice or direction.
    Action {
        /// Issued: the instrument begins.
        Issued,
        /// Revised: the instrument changes terms.
        Revised,
        /// Lifted (improvement notices): the instrument ends.
        Lifted,
        /// Revoked (directions): the instrument ends.
        Revoked,
    }
}

value_enum! {
    /// What a statutory direction requires of the council.
    Requirement {
        /// Co-operate with a commissioner who assesses the council.
        Commissioner,
        /// Co-operate with the DfE and its advisers.
        Cooperate,
        /// Deliver services in partnership with another body.
        Partnership,
        /// Transfer services to a trust.
        Trust,
        /// Work with an improvement adviser.
        Adviser,
    }
}

value_enum! {
    /// The commissioner's verdict.
    CommissionerRecommendation {
        /// Services stay with the council.
        Retain,
        /// Services should leave the council (trust, company, partnership).
        AlternativeDelivery,
        /// Not yet decided: review again later.
        ReviewAgain,
    }
}

value_enum! {
    /// What a DfE progress review found.
    ProgressOutcome {
        /// Sufficient progress: stay on the improvement track.
        Sufficient,
        /// Insufficient progress: move to a direction.
        Insufficient,
    }
}

value_enum! {
    /// Who takes over operational control of services.
    TransferTo {
        /// An independent children's trust.
        Trust,
        /// A council-owned company.
        Company,
        /// A partnership with another council or body.
        Partnership,
    }
}

value_enum! {
    /// Whether the council agreed to the transfer.
    TransferArrangement {
        /// The council co-operated.
        Voluntary,
        /// Imposed on a resistant council.
        Imposed,
    }
}

#[cfg(test)]
mod tests {
    use strum::IntoEnumIterator;

    use super::*;

    #[test]
    fn a_kind_in_words_is_its_name_with_spaces() {
        for kind in Kind::iter() {
            assert_eq!(kind.words().to_string(), kind.to_string().replace('_', " "));
        }
        assert_eq!(Kind::ActionPlan.words().to_string(), "action plan");
        assert_eq!(Kind::Inspection.words().to_string(), "inspection");
    }
}
