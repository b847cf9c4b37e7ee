//! Answers: raw answers as given (answers file, `--set`, prompts), the ONE gate that checks them
//! against a worksheet (`gate::check`), and the answers file format (`file`, `write`).
//!
//! Owns: answer values and every message about an answer. Messages name the question id and
//! where the answer came from, never the answer itself. Must not prompt or render.

mod controls;
pub mod date;
pub mod file;
pub mod gate;
mod gate_values;
pub mod json;
pub mod set;
pub mod value;
pub mod worksheet_file;
pub mod write;

#[cfg(test)]
mod gate_tests;

use std::collections::BTreeMap;
use std::fmt;

pub use gate::{
    Checked, CheckedEntry, CheckedField, CheckedSection, Mode, check, check_with, start_entries,
};
/// What a value worked out by an expression is as an answer (a default, a sample).
pub(crate) use gate_values::data_to_toml;
pub use value::{Input, Opt, Value};

/// Where a raw answer came from, for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A position in an answers file.
    File {
        file: String,
        line: usize,
        column: usize,
    },
    /// The N-th `--set` argument (from 1).
    Set(usize),
    /// A command-line flag that gives an answer, e.g. `--weeks`.
    Flag(String),
    /// Typed at a prompt.
    Prompt,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::File { file, line: 0, .. } => write!(f, "{file}"),
            Origin::File { file, line, column } => write!(f, "{file}:{line}:{column}"),
            Origin::Set(n) => write!(f, "--set argument {n}"),
            Origin::Flag(flag) => write!(f, "{flag}"),
            Origin::Prompt => f.write_str("prompt"),
        }
    }
}

/// An answer as given, not yet checked.
#[derive(Debug, Clone, PartialEq)]
pub struct RawValue {
    pub input: RawInput,
    pub origin: Origin,
}

/// The raw form of an answer.
#[derive(Debug, Clone, PartialEq)]
pub enum RawInput {
    Toml(toml::Value),
    Text(String),
}

impl RawValue {
    pub fn as_input(&self) -> Input<'_> {
        match &self.input {
            RawInput::Toml(v) => Input::Toml(v),
            RawInput::Text(t) => Input::Text(t),
        }
    }
}

/// The raw answers of one section entry, keyed by field id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawEntry {
    pub values: BTreeMap<String, RawValue>,
    /// Where the entry's table starts, for "unknown key" and count messages.
    pub origin: Option<Origin>,
}

/// The raw answers of one section.
#[derive(Debug, Clone, PartialEq)]
pub enum RawSection {
    Single(RawEntry),
    Repeat(Vec<RawEntry>),
}

/// Everything given so far, keyed by section id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawAnswers {
    pub sections: BTreeMap<String, RawSection>,
}

/// A problem with one answer, or a missing one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The question id: `about.mood`, `people[2].name`, or a section id.
    pub question: String,
    pub origin: Option<Origin>,
    pub message: String,
    pub hint: Option<String>,
    /// True when the worksheet itself is at fault (an expression failed), not the answer.
    pub definition: bool,
}

impl Problem {
    pub fn new(
        question: impl Into<String>,
        origin: Option<Origin>,
        message: impl Into<String>,
    ) -> Problem {
        Problem {
            question: question.into(),
            origin,
            message: message.into(),
            hint: None,
            definition: false,
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Problem {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.origin {
            Some(o @ Origin::File { .. }) => write!(f, "{o}: {}: {}", self.question, self.message)?,
            Some(o @ (Origin::Set(_) | Origin::Flag(_))) => {
                write!(f, "{} ({o}): {}", self.question, self.message)?
            }
            _ => write!(f, "{}: {}", self.question, self.message)?,
        }
        if let Some(h) = &self.hint {
            write!(f, "\n  hint: {h}")?;
        }
        Ok(())
    }
}

/// The `[meta]` table of an answers file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Meta {
    pub worksheet: String,
    /// The worksheet's file when it is not built in, relative to the answers file's folder when
    /// it is inside it, so that `ipt render` finds it again (see `Catalog::find_stored`).
    pub worksheet_file: Option<String>,
    pub version: Option<String>,
    pub digest: Option<String>,
    pub status: Option<String>,
    /// Where the interview was asked to write the document (`-o`), so that carrying on later
    /// writes it there too. Relative to the answers file's folder.
    pub output: Option<String>,
    /// In a case: the session these answers belong to, and its date in the plan.
    pub session: Option<usize>,
    pub date: Option<date::Date>,
    /// Questions the person chose to leave unanswered (and repeat groups they chose not to add
    /// to), so a resumed interview does not ask them again.
    pub skipped: Vec<String>,
    /// A plan's random calendar id, from which its calendar events are named (`plan::calendar_id`).
    pub calendar: Option<String>,
}

/// Where one answer sits: a field of a section, or of one entry of a repeat group.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Slot {
    pub section: String,
    /// The entry of a repeat group, from 0.
    pub entry: Option<usize>,
    pub field: String,
}

impl Slot {
    /// The question id people read: `about.name`, `people[2].name` (entries from 1).
    pub fn id(&self) -> String {
        match self.entry {
            Some(i) => format!("{}[{}].{}", self.section, i + 1, self.field),
            None => format!("{}.{}", self.section, self.field),
        }
    }
}

impl RawAnswers {
    fn entry(&self, slot: &Slot) -> Option<&RawEntry> {
        match (self.sections.get(&slot.section)?, slot.entry) {
            (RawSection::Single(e), None) => Some(e),
            (RawSection::Repeat(v), Some(i)) => v.get(i),
            _ => None,
        }
    }

    fn entry_mut(&mut self, slot: &Slot) -> Option<&mut RawEntry> {
        let section = self
            .sections
            .entry(slot.section.clone())
            .or_insert_with(|| match slot.entry {
                Some(_) => RawSection::Repeat(Vec::new()),
                None => RawSection::Single(RawEntry::default()),
            });
        match (section, slot.entry) {
            (RawSection::Single(e), None) => Some(e),
            (RawSection::Repeat(v), Some(i)) => v.get_mut(i),
            _ => None,
        }
    }

    /// The answer in a slot.
    pub fn get(&self, slot: &Slot) -> Option<&RawValue> {
        self.entry(slot)?.values.get(&slot.field)
    }

    /// Puts an answer in a slot (the entry of a repeat group must exist).
    pub fn set(&mut self, slot: &Slot, value: RawValue) {
        if let Some(e) = self.entry_mut(slot) {
            e.values.insert(slot.field.clone(), value);
        }
    }

    /// Takes the answer out of a slot.
    pub fn remove(&mut self, slot: &Slot) -> Option<RawValue> {
        self.entry_mut(slot)?.values.remove(&slot.field)
    }

    /// How many entries a repeat group has.
    pub fn entries(&self, section: &str) -> usize {
        match self.sections.get(section) {
            Some(RawSection::Repeat(v)) => v.len(),
            _ => 0,
        }
    }

    /// Adds an empty entry to a repeat group.
    pub fn push_entry(&mut self, section: &str) {
        let slot = self
            .sections
            .entry(section.to_string())
            .or_insert_with(|| RawSection::Repeat(Vec::new()));
        if let RawSection::Repeat(v) = slot {
            v.push(RawEntry::default());
        }
    }

    /// Removes the last entry of a repeat group if nothing is in it.
    pub fn pop_empty_entry(&mut self, section: &str) -> bool {
        if let Some(RawSection::Repeat(v)) = self.sections.get_mut(section)
            && v.last().is_some_and(|e| e.values.is_empty())
        {
            v.pop();
            return true;
        }
        false
    }
}

impl Slot {
    /// Reads a question id back: `about.name`, `people[2].name`.
    pub fn parse(id: &str) -> Option<Slot> {
        let (head, field) = id.rsplit_once('.')?;
        let (section, entry) = match head.split_once('[') {
            Some((s, rest)) => (
                s,
                Some(
                    rest.strip_suffix(']')?
                        .parse::<usize>()
                        .ok()?
                        .checked_sub(1)?,
                ),
            ),
            None => (head, None),
        };
        Some(Slot {
            section: section.to_string(),
            entry,
            field: field.to_string(),
        })
    }
}
