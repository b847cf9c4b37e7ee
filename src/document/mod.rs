//! The document model: plain data describing what is printed, built by pure functions from a
//! worksheet and its checked answers (or none, for a blank handout).
//!
//! Owns: the model types (serialisable; the Markdown templates receive them as `doc`) and
//! `build`. Must not read files, prompt, or know any output syntax. Fields ending in `_md` hold
//! authored Markdown; every other string is plain text that renderers must escape.

mod build;
pub mod chart;
pub mod pack;
pub mod plan;
pub mod progress;
pub mod session;

pub use build::{block, build, crisis_block, handout};
pub use chart::Chart;

use serde::Serialize;

/// A whole worksheet document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    pub title: String,
    /// The language of the text (BCP 47), for the PDF's metadata.
    pub language: String,
    /// The worksheet id and version, for the footer.
    pub worksheet: String,
    pub version: String,
    pub summary: String,
    pub instructions_md: String,
    /// A printable handout without answers.
    pub blank: bool,
    /// Fit the printed document on this many pages if a slightly smaller type allows it.
    pub fit_pages: Option<u32>,
    /// An answer tripped a safety trigger: the crisis block goes at the top as well.
    pub safety_alert: bool,
    /// Safety with another person: at the top when `relationship_alert` (a relationship-safety
    /// trigger fired), otherwise at the end before the crisis block (a blank handout that asks
    /// about it). None when neither applies.
    pub relationship: Option<CrisisBlock>,
    pub relationship_alert: bool,
    pub sections: Vec<DocSection>,
    pub disclaimer_md: String,
    pub crisis: CrisisBlock,
}

/// Where to get help now; printed on every document.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CrisisBlock {
    pub title: String,
    /// Why the block is at the top, when a safety trigger fired.
    pub alert_md: String,
    /// The line above the list of contacts (e.g. "Helplines:").
    pub helplines: String,
    /// When the contacts were last checked, as a sentence.
    pub checked: String,
    pub text_md: String,
    pub resources: Vec<CrisisLine>,
    /// `YYYY-MM-DD`.
    pub last_checked: String,
}

/// One crisis line or directory.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CrisisLine {
    pub region: String,
    pub name: String,
    pub contact: String,
}

/// A section with a heading.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocSection {
    pub id: String,
    pub title: String,
    pub intro_md: String,
    /// A repeat group: each entry gets its own sub-heading.
    pub repeat: bool,
    pub entries: Vec<DocEntry>,
    /// The entries drawn as a closeness circle (when the worksheet asks for one).
    pub circle: Option<Circle>,
    /// A table printed after the intro (the sessions of a plan).
    pub table: Option<Table>,
    /// A blank handout prints the entries compactly (`print.compact`).
    pub compact: bool,
    /// A chart of scores over time, printed after the intro, before the table.
    pub chart: Option<Chart>,
}

impl DocSection {
    /// A plain section of one entry holding `items` (none when there are no items): no intro,
    /// table, chart or circle until the caller sets them.
    pub fn single(id: impl Into<String>, title: impl Into<String>, items: Vec<Item>) -> DocSection {
        DocSection {
            id: id.into(),
            title: title.into(),
            intro_md: String::new(),
            repeat: false,
            entries: if items.is_empty() {
                Vec::new()
            } else {
                vec![DocEntry {
                    number: 1,
                    label: None,
                    items,
                }]
            },
            circle: None,
            table: None,
            compact: false,
            chart: None,
        }
    }
}

/// A table with a header row; long tables repeat the header on each page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// A table cell: lines of plain text, each with optional small print after it (a worksheet's
/// id beside its title, say).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Cell {
    pub lines: Vec<CellLine>,
}

/// One line of a table cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CellLine {
    pub text: String,
    /// Printed small after the text, e.g. the id to type in a command.
    pub small: Option<String>,
}

impl Cell {
    /// A cell from plain text, a line of the cell per line of the text.
    pub fn text(text: &str) -> Cell {
        Cell {
            lines: text
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(|l| CellLine {
                    text: l.to_string(),
                    small: None,
                })
                .collect(),
        }
    }

    /// The cell's text, its lines joined by line breaks (small print in brackets).
    pub fn plain(&self) -> String {
        self.lines
            .iter()
            .map(|l| match &l.small {
                Some(s) => format!("{} ({s})", l.text),
                None => l.text.clone(),
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// A closeness circle: the person in the centre, concentric rings, each person on a ring.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Circle {
    /// A heading for the drawing; may be empty.
    pub caption: String,
    /// What the centre says (e.g. "You"); may be empty.
    pub center: String,
    /// One per ring, innermost first, with its label from the scale's anchors (or none).
    pub rings: Vec<Ring>,
}

/// One ring of a closeness circle and the people on it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ring {
    /// From 1, innermost.
    pub number: usize,
    pub label: Option<String>,
    pub people: Vec<String>,
}

/// One entry of a section (a plain section has exactly one).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocEntry {
    /// From 1.
    pub number: usize,
    /// The entry's label (e.g. "Maria — partner"), if the worksheet defines one.
    pub label: Option<String>,
    pub items: Vec<Item>,
}

/// One question and its answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Item {
    /// Full question id, e.g. `people[2].name`.
    pub id: String,
    pub prompt: String,
    pub help: Option<String>,
    /// On a blank handout: when the question applies ("If someone else:"), from `print.note`.
    pub note: Option<String>,
    pub answer: Answer,
}

impl Item {
    /// A line of text known in advance (a plan's or a session's facts), not a question asked.
    pub fn fact(id: String, prompt: String, value: String) -> Item {
        Item {
            id,
            prompt,
            help: None,
            note: None,
            answer: Answer::Text {
                text: Some(value),
                long: false,
                lines: 1,
            },
        }
    }
}

/// An answer, shaped for printing. `None` values mean "not answered" (or blank on a handout).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Answer {
    /// Short or long text, a number or a date, already formatted.
    Text {
        text: Option<String>,
        long: bool,
        lines: u32,
    },
    /// A rating scale with every point, the chosen one marked.
    Scale {
        min: i64,
        max: i64,
        value: Option<i64>,
        points: Vec<ScalePoint>,
    },
    YesNo {
        value: Option<bool>,
    },
    /// Options with the chosen ones marked. `from_answers`: the options come from earlier answers;
    /// `other`: another answer may be written in (a blank handout gives it a line).
    Choice {
        multiple: bool,
        options: Vec<ChoiceOption>,
        from_answers: bool,
        other: bool,
        lines: u32,
    },
    /// A list of short items.
    List {
        items: Vec<String>,
        lines: u32,
    },
    /// A value computed from other answers.
    Computed {
        text: Option<String>,
    },
    /// Neighbouring questions sharing one set of options (`print.grid`): each row a question,
    /// each column an option, the chosen box of each row ticked.
    Grid {
        columns: Vec<String>,
        rows: Vec<GridRow>,
    },
}

/// One question of a grid.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GridRow {
    /// Full question id.
    pub id: String,
    pub prompt: String,
    /// The column chosen, from 0; none when not answered (or blank).
    pub chosen: Option<usize>,
}

/// A point on a scale.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScalePoint {
    pub value: i64,
    pub label: Option<String>,
    pub selected: bool,
}

/// An option of a choice.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChoiceOption {
    pub label: String,
    pub selected: bool,
}
