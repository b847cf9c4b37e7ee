//! The data behind `ipt plan` (`resources/plan.toml`): variants of IPT, phase agendas and the
//! plan document's wording.
//!
//! Owns: the types and parsing. Scheduling is `plan`'s job.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::diagnostic::Diagnostic;
use super::load::toml_error;

/// `resources/plan.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanData {
    pub format: i64,
    pub title: String,
    pub summary: String,
    #[serde(rename = "variant")]
    pub variants: Vec<Variant>,
    pub phases: Phases,
    pub initial: Vec<Agenda>,
    pub middle: Agenda,
    pub termination: Vec<Agenda>,
    /// Measure id → printed name (e.g. `phq9` → "PHQ-9").
    pub measures: BTreeMap<String, String>,
    /// The plan document's wording, by key.
    pub words: BTreeMap<String, String>,
    /// The bounds every plan is checked against, whatever the `plan` worksheet allows.
    #[serde(default)]
    pub limits: Limits,
}

/// The bounds of a plan (`[limits]` in `plan.toml`), each `[lowest, highest]`.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Limits {
    /// Length of the course in weeks.
    pub weeks: [u32; 2],
    /// Length of a session in minutes.
    pub minutes: [u32; 2],
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            weeks: [4, 52],
            minutes: [10, 240],
        }
    }
}

/// What the data itself may ask for: `[limits]` and session counts beyond these are refused.
pub const MAX_WEEKS: u32 = 104;
pub const MAX_MINUTES: u32 = 24 * 60;

/// A variant of IPT and how its sessions divide into phases.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    pub id: String,
    pub name: String,
    pub initial: usize,
    pub termination: usize,
    pub announce: usize,
    #[serde(default)]
    pub pre_sessions: usize,
    #[serde(default)]
    pub parent_sessions: Vec<String>,
}

/// The names of the three phases.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phases {
    pub initial: String,
    pub middle: String,
    pub termination: String,
}

/// What a session (or part of a phase) is for.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Agenda {
    pub aims: Vec<String>,
    #[serde(default)]
    pub techniques: Vec<String>,
    #[serde(default)]
    pub worksheets: Vec<String>,
}

impl PlanData {
    /// A word of the plan document; the key itself if the data lacks it (so a gap shows).
    pub fn word(&self, key: &str) -> String {
        self.words
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }
}

/// Parses `plan.toml`.
pub fn parse_plan(file: &str, text: &str) -> Result<PlanData, Diagnostic> {
    super::resources::refuse_hidden(file, text)?;
    let data: PlanData = toml::from_str(text).map_err(|e| toml_error(file, text, &e))?;
    let problem = |m: &str| Diagnostic {
        file: file.to_string(),
        position: None,
        message: m.to_string(),
        hint: None,
    };
    if data.format != 1 {
        return Err(problem("only `format = 1` is supported"));
    }
    if data.variants.is_empty() || data.initial.is_empty() || data.termination.is_empty() {
        return Err(problem(
            "plan data needs at least one [[variant]], [[initial]] and [[termination]]",
        ));
    }
    for v in &data.variants {
        if v.initial == 0 || v.termination == 0 {
            return Err(problem(&format!(
                "variant `{}` needs at least one initial and one termination session",
                v.id
            )));
        }
        if [v.initial, v.termination, v.announce, v.pre_sessions]
            .iter()
            .any(|n| *n > MAX_WEEKS as usize)
        {
            return Err(problem(&format!(
                "variant `{}` has more than {MAX_WEEKS} sessions in one part",
                v.id
            )));
        }
    }
    let [w0, w1] = data.limits.weeks;
    let [m0, m1] = data.limits.minutes;
    if w0 < 1 || w0 > w1 || w1 > MAX_WEEKS || m0 < 1 || m0 > m1 || m1 > MAX_MINUTES {
        return Err(problem(&format!(
            "[limits] must be [lowest, highest] with weeks from 1 to {MAX_WEEKS} and minutes from 1 to {MAX_MINUTES}"
        )));
    }
    Ok(data)
}
