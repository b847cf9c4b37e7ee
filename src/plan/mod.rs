//! The treatment plan: the answers of the `plan` worksheet become typed inputs ([`Inputs`]), a
//! pure schedule of dated sessions ([`schedule::schedule`]) and a calendar ([`ics`]).
//!
//! Owns: dates and phases of a course of IPT. Pure: no files, no clock, no rendering (the plan
//! document is built in `document::plan`). Agendas and wording come from `resources/plan.toml`
//! and `resources/problem-areas.toml`.

pub mod calendar_id;
pub mod ics;
pub mod schedule;
#[cfg(test)]
mod schedule_tests;

use crate::answers::date::Date;
use crate::answers::{Checked, Value};

/// How often sessions are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cadence {
    Weekly,
    /// Every two weeks.
    Biweekly,
}

impl Cadence {
    pub fn days(self) -> i64 {
        match self {
            Cadence::Weekly => 7,
            Cadence::Biweekly => 14,
        }
    }
}

/// What a plan is made from (the checked answers of the `plan` worksheet).
#[derive(Debug, Clone, PartialEq)]
pub struct Inputs {
    pub client: Option<String>,
    pub start: Date,
    pub weeks: u32,
    pub cadence: Cadence,
    /// 0 = Monday … 6 = Sunday, with its printed name.
    pub weekday: Option<(u8, String)>,
    pub time: Option<String>,
    pub minutes: u32,
    pub variant: String,
    pub area: String,
    pub second_area: Option<String>,
    /// The stage of a dispute (`renegotiation`, `impasse`, `dissolution`), if judged.
    pub stage: Option<String>,
    /// The client is afraid of someone the focus is about, or that person has hurt, threatened
    /// or controlled them: no work on speaking up to them, and the relationship-safety block.
    pub afraid: bool,
    /// A parent or carer is part of the problem area (IPT-A: a parent joins a middle session).
    pub parent: bool,
    /// A PHQ-9 question 9 (or the check-in question) was above zero: the safety plan is made
    /// at the first session.
    pub self_harm: bool,
    pub goals: Vec<String>,
    pub measures: Vec<String>,
    pub every: u32,
    pub skips: Vec<Date>,
    /// Sessions moved off their dates (from a case): from session `.0` on, the course continues
    /// from date `.1`. Later moves win.
    pub moves: Vec<(usize, Date)>,
}

/// A whole number as `u32`, saturating: never wrapped into a different number.
fn clamp_u32(n: i64) -> u32 {
    u32::try_from(n.max(0)).unwrap_or(u32::MAX)
}

const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

impl Inputs {
    /// Reads the checked answers of the `plan` worksheet.
    pub fn from_checked(c: &Checked) -> Result<Inputs, String> {
        let field = |section: &str, id: &str| c.field(&format!("{section}.{id}"));
        let value = |section: &str, id: &str| field(section, id).and_then(|f| f.value.clone());
        let text = |section: &str, id: &str| match value(section, id) {
            Some(Value::Text(t) | Value::Choice(t)) => Some(t),
            _ => None,
        };
        let int = |section: &str, id: &str, default: i64| match value(section, id) {
            Some(Value::Integer(i)) => i,
            _ => default,
        };
        let yes = |section: &str, id: &str| matches!(value(section, id), Some(Value::Bool(true)));
        let Some(Value::Date(start)) = value("course", "start") else {
            return Err("course.start: the date of the first session is needed".into());
        };
        let area = text("focus", "area").ok_or("focus.area: the main problem area is needed")?;
        let weekday = text("course", "weekday").and_then(|w| {
            let n = WEEKDAYS.iter().position(|d| *d == w)? as u8;
            let label = field("course", "weekday")?
                .options
                .as_ref()?
                .iter()
                .find(|o| o.value == w)
                .map_or(w.clone(), |o| o.label.clone());
            Some((n, label))
        });
        let skips = c
            .sections
            .iter()
            .find(|s| s.id == "skips")
            .map(|s| {
                s.entries
                    .iter()
                    .filter_map(|e| match e.fields.iter().find(|f| f.id == "date")?.value {
                        Some(Value::Date(d)) => Some(d),
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default();
        Ok(Inputs {
            client: text("course", "client"),
            start,
            // Out of range (negative, huge) becomes 0 or u32::MAX, which the schedule refuses
            // against the limits in the plan data.
            weeks: clamp_u32(int("course", "weeks", 12)),
            cadence: if text("course", "cadence").as_deref() == Some("biweekly") {
                Cadence::Biweekly
            } else {
                Cadence::Weekly
            },
            weekday,
            time: text("course", "time"),
            minutes: clamp_u32(int("course", "length", 50)),
            variant: text("course", "variant").unwrap_or_else(|| "adult".into()),
            area,
            second_area: text("focus", "second_area"),
            stage: text("focus", "stage").filter(|s| s != "unsure"),
            afraid: yes("focus", "afraid"),
            parent: yes("focus", "parent"),
            self_harm: yes("safety", "thoughts"),
            goals: match value("focus", "goals") {
                Some(Value::List(g)) => g,
                _ => Vec::new(),
            },
            measures: match value("measures", "which") {
                Some(Value::Choices(m)) => m,
                _ => Vec::new(),
            },
            every: clamp_u32(int("measures", "every", 4)).max(1),
            skips,
            moves: Vec::new(),
        })
    }
}
