//! The interview: asks a worksheet's questions in order, honouring conditions, repeat groups and
//! defaults, lets the person go back and review, and saves after every answer.
//!
//! Owns: the [`Prompter`] trait (what any way of asking must offer) and the engine
//! ([`engine::conduct`]). The engine only *collects*: every answer goes through the answers gate,
//! the one validation path. Must not touch dialoguer (that is `terminal`), files (the caller's
//! save function writes) or rendering.

mod choosing;
pub mod engine;
pub mod plain;
#[cfg(test)]
mod script;
pub mod terminal;
mod view;

#[cfg(test)]
mod engine_tests;

use crate::answers::Opt;
use crate::spec::FieldType;

/// One question, as a prompter needs to show it.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    /// The question id, e.g. `people[2].name`.
    pub id: String,
    pub prompt: String,
    pub help: Option<String>,
    pub example: Option<String>,
    pub kind: FieldType,
    pub required: bool,
    /// Current options of a choice.
    pub options: Vec<Opt>,
    /// A choice may be answered with something not among the options.
    pub allow_other: bool,
    /// Scale points with their labels (none for unlabelled points).
    pub scale: Vec<(i64, Option<String>)>,
    /// The answer so far, or the default, as text to edit (lists: one item a line).
    pub current: Option<String>,
    /// For a multiple choice or a list: the values or items so far.
    pub current_items: Vec<String>,
    /// What the person typed last time when it was refused, to correct rather than retype.
    pub typed: Option<String>,
    /// Why the last attempt was not accepted (the rule's own message).
    pub error: Option<String>,
    pub progress: Progress,
}

/// Where the person is: "Section 2 of 5 · question 4 of 11". Numbers count what is asked;
/// while later questions depend on answers not given yet, a total is the most there can be
/// ("of up to 6"), so that it never grows as the person goes on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Progress {
    pub section_title: String,
    pub section: usize,
    pub sections: Total,
    pub question: usize,
    pub questions: Total,
    /// The repeat entry being filled in ("Person 2" or its label).
    pub entry: Option<String>,
}

/// How many sections or questions there are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Total {
    Exactly(usize),
    /// Later ones have a condition that the answers so far do not settle.
    AtMost(usize),
}

impl std::fmt::Display for Total {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Total::Exactly(n) => write!(f, "{n}"),
            Total::AtMost(n) => write!(f, "up to {n}"),
        }
    }
}

impl Progress {
    /// "Section 2 of 5 · question 4 of up to 11".
    pub fn counter(&self) -> String {
        format!(
            "Section {} of {} · question {} of {}",
            self.section, self.sections, self.question, self.questions
        )
    }
}

/// What the person answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    /// Text to convert and check (also numbers, dates, a choice's value or label).
    Text(String),
    /// The chosen values of a multiple choice, or the items of a list.
    Items(Vec<String>),
    /// No answer (an optional question left out).
    Skip,
    /// Go back to the previous question.
    Back,
}

/// The answer to "Add another …?".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum More {
    Yes,
    No,
    Back,
}

/// One line of the review at the end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewItem {
    pub id: String,
    pub section: String,
    pub entry: Option<String>,
    pub prompt: String,
    /// The answer as text, or none when not answered.
    pub answer: Option<String>,
}

/// What the person does at the review.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewChoice {
    Finish,
    /// Change the answer of the item with this index.
    Change(usize),
}

/// Why an interview stopped before the end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stop {
    /// Ctrl-C.
    Interrupted,
    /// Standard input ended (plain mode with piped answers).
    EndOfInput,
    /// Something failed: saving, the terminal, or the worksheet itself.
    Failed(String),
}

/// A way of asking: terminal widgets, plain lines, or a script in tests.
pub trait Prompter {
    /// Once, at the start: the worksheet and where answers are saved.
    fn start(&mut self, title: &str, summary: &str, saved_to: &str, resuming: bool);
    /// When a new section (or repeat entry) begins.
    fn section(&mut self, title: &str, intro: &str);
    /// Asks one question.
    fn ask(&mut self, q: &Question) -> Result<Reply, Stop>;
    /// "Add another person?"; `count` entries exist so far.
    fn more(&mut self, question: &str, count: usize) -> Result<More, Stop>;
    /// A message that needs no answer (the crisis block, a changed worksheet).
    fn notice(&mut self, text: &str);
    /// The review of every answer; the person finishes or picks one to change.
    fn review(&mut self, items: &[ReviewItem]) -> Result<ReviewChoice, Stop>;
    /// Asks which of a few things to do (carry on with a saved file, or start a new one);
    /// returns the index of the option chosen.
    fn choose(&mut self, question: &str, options: &[String]) -> Result<usize, Stop>;
}

/// The one way to leave a question out, as every prompt's hint line says it.
pub const LEAVE_OUT_HINT: &str = "Enter on an empty line leaves it out";
/// How a long answer ends, as the hint line says it.
pub const FINISH_HINT: &str = "a line with only a dot (.) finishes";
