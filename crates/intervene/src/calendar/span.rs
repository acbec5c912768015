//! Lengths of time as rules state them: "70 working days", "3 months".

use std::fmt;

use serde::{Deserialize, Serialize};
use strum::{Display, EnumIter, EnumString, IntoStaticStr};

/// A unit of calendar time.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Deserialize,
    Serialize,
    Display,
    EnumString,
    EnumIter,
    IntoStaticStr,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Unit {
    /// Working days in England and Wales: the trigger day is day 0.
    WorkingDays,
    /// Calendar days.
    Days,
    /// Weeks of 7 days.
    Weeks,
    /// Months: the same day of the month, clamped to the month's end.
    Months,
}

/// An amount of a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Span {
    /// How many.
    pub amount: u32,
    /// Of what.
    pub unit: Unit,
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = match (self.unit, self.amount) {
            (Unit::WorkingDays, 1) => "working day",
            (Unit::WorkingDays, _) => "working days",
            (Unit::Days, 1) => "day",
            (Unit::Days, _) => "days",
            (Unit::Weeks, 1) => "week",
            (Unit::Weeks, _) => "weeks",
            (Unit::Months, 1) => "month",
            (Unit::Months, _) => "months",
        };
        write!(f, "{} {unit}", self.amount)
    }
}
