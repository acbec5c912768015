//! Events: what happened to a council, when, and on whose word.

use std::fmt;

use serde::{Deserialize, Serialize};
use strum::{Display, EnumIter, EnumString, IntoStaticStr};

use chrono::NaiveDate;

use super::PartialDate;

/// One dated fact in a council's history, with where it stands in its file.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// When it happened, at the precision the source gives. For an Ofsted visit or
    /// inspection, the first day of fieldwork.
    pub date: PartialDate,
    /// What happened, with the fields that kind carries.
    pub kind: EventKind,
    /// Which process the event belongs to: children's social care or SEND.
    pub scope: Scope,
    /// The last day of an Ofsted visit's or inspection's fieldwork, when given.
    pub fieldwork_end: Option<PartialDate>,
    /// The day Ofsted published the visit's letter or the inspection's report, when given.
    pub published: Option<PartialDate>,
    /// Where the fact comes from: each document cited, with what it says.
    pub source: Vec<Citation>,
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

    /// The last day the fieldwork can have ended: the given end, else the event's date.
    pub fn fieldwork_last(&self) -> NaiveDate {
        self.fieldwork_end.unwrap_or(self.date).last()
    }
}

/// One document cited for an event: a registry id (version 2) and what it says, or the
/// free text of a version 1 `source`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Citation {
    /// The id of the document in the source registry (`fixtures/sources.yaml`), if given.
    #[serde(rename = "ref", skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// What the document says for this event: a short quote or a locator.
    pub says: String,
}

impl fmt::Display for Citation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.reference {
            Some(id) => write!(f, "[{id}] {}", self.says),
            None => f.write_str(&self.says),
        }
    }
}

impl Citation {
    /// Citations as one line of text (`[id] says | [id] says`), as event logs hold them.
    pub fn join(citations: &[Citation]) -> Option<String> {
        (!citations.is_empty()).then(|| {
            citations
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(" | ")
        })
    }

    /// The citations of a line written by [`Citation::join`]; a line with no `[id]`
    /// prefix is one free-text citation, as version 1 files give them.
    pub fn split(text: &str) -> Vec<Citation> {
        if !text.starts_with('[') {
            return vec![Citation {
                reference: None,
                says: text.to_owned(),
            }];
        }
        text.split(" | ")
            .map(
                |part| match part.strip_prefix('[').and_then(|p| p.split_once("] ")) {
                    Some((id, says)) => Citation {
                        reference: Some(id.to_owned()),
                        says: says.to_owned(),
                    },
                    None => Citation {
                        reference: None,
                        says: part.to_owned(),
                    },
                },
            )
            .collect()
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
    OwnershipChanged,
    Reorganised,
    Note,
}

/// A kind's name as words, `action_plan` as "action plan" and `jtai` as "JTAI": for
/// sentences. Written a word at a time, as messages of findings are many.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KindWords(Kind);

impl fmt::Display for KindWords {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name: &'static str = self.0.into();
        for (at, word) in name.split('_').enumerate() {
            if at > 0 {
                f.write_str(" ")?;
            }
            // Acronyms are written as people write them.
            f.write_str(match word {
                "jtai" => "JTAI",
                "send" => "SEND",
                _ => word,
            })?;
        }
        Ok(())
    }
}

impl Kind {
    /// The kind's name as words, for sentences.
    pub fn words(self) -> KindWords {
        KindWords(self)
    }

    /// An Ofsted visit or inspection: dated by its fieldwork, with a publication day.
    pub fn is_ofsted_visit(self) -> bool {
        matches!(
            self,
            Kind::Inspection
                | Kind::MonitoringVisit
                | Kind::FocusedVisit
                | Kind::Jtai
                | Kind::SendInspection
        )
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
            Kind::FocusedVisit => &["priority_actions", "treated_as_inadequate"],
            Kind::Jtai => &["priority_actions"],
            Kind::ActionPlan => &["stage"],
            Kind::SendInspection | Kind::ProgressReview => &["outcome"],
            Kind::ImprovementNotice => &["action", "adviser"],
            Kind::Direction => &["action", "commissioner", "requires"],
            Kind::FailureFinding => &["persistent", "systemic"],
            Kind::CommissionerAppointed | Kind::AdviserAppointed => &["name"],
            Kind::CommissionerReport => &["recommendation", "council_response", "published"],
            Kind::ImprovementBoard => &["chair"],
            Kind::ServicesTransferred => &["to", "arrangement"],
            Kind::OwnershipChanged => &["owner"],
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
    /// An ILACS focused visit (or a 2020–21 assurance visit).
    FocusedVisit {
        /// Whether Ofsted set priority actions.
        priority_actions: bool,
        /// Ofsted or the DfE said the council is to be treated as inadequate after it.
        treated_as_inadequate: bool,
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
        /// Whether the council co-operates, when the report says: the NAO's last
        /// question before a trust (voluntary if co-operative, imposed if resistant).
        council_response: Option<CouncilResponse>,
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
    /// The body running services changes owner (a trust passes to council ownership, or
    /// the reverse) while it goes on running them: not a return.
    OwnershipChanged {
        /// Who owns it now.
        owner: Owner,
    },
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
            Self::OwnershipChanged { .. } => Kind::OwnershipChanged,
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
        /// No overall grade: inspections under the framework from April 2026, which
        /// dropped the overall-effectiveness judgement (the format omits `judgement`).
        NotGiven,
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
        /// The sources do not say (the field is omitted in the file).
        NotStated,
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
        /// The sources do not say (the field is omitted in the file).
        NotStated,
    }
}

value_enum! {
    /// Whether a council co-operates with the commissioner's recommendation.
    CouncilResponse {
        /// It co-operates: a trust or partnership is agreed.
        Cooperative,
        /// It resists: the Secretary of State imposes the arrangement.
        Resistant,
    }
}

value_enum! {
    /// Who owns the body that runs a council's children's services.
    Owner {
        /// The council (a wholly owned company).
        Council,
        /// An independent trust.
        Independent,
    }
}

value_enum! {
    /// What a DfE progress review found.
    ProgressOutcome {
        /// Sufficient progress: stay on the improvement track.
        Sufficient,
        /// Insufficient progress: move to a direction.
        Insufficient,
        /// The sources do not say (the field is omitted in the file).
        NotStated,
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
        /// The sources do not say (the field is omitted in the file).
        NotStated,
    }
}

#[cfg(test)]
mod tests {
    use strum::IntoEnumIterator;

    use super::*;

    #[test]
    fn a_kind_in_words_is_its_name_with_spaces_and_acronyms_in_capitals() {
        for kind in Kind::iter() {
            assert_eq!(
                kind.words().to_string().to_lowercase(),
                kind.to_string().replace('_', " ")
            );
        }
        assert_eq!(Kind::ActionPlan.words().to_string(), "action plan");
        assert_eq!(Kind::Inspection.words().to_string(), "inspection");
        assert_eq!(Kind::Jtai.words().to_string(), "JTAI");
        assert_eq!(Kind::SendInspection.words().to_string(), "SEND inspection");
    }
}
