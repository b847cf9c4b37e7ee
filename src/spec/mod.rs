//! The worksheet definition: typed serde model of worksheet format v1 (`docs/worksheet-format.md`).
//!
//! Owns: the types, parsing a TOML text into them (`load`), the key schema (`keys`), semantic
//! checks (`check`), discovery of built-in and user worksheets (`catalog`) and the shared data
//! files (`resources`). Must not touch answers, prompts or rendering.

pub mod catalog;
pub(crate) mod check;
mod check_field;
#[cfg(test)]
mod check_tests;
mod comparisons;
pub mod deep;
mod diagnostic;
mod hidden;
pub mod json_schema;
mod load;
pub mod locate;
pub mod measures_data;
pub mod outline;
pub mod plan_data;
mod references;
pub mod resources;
mod samples;
mod shape;

pub use catalog::{Catalog, Origin};
pub use diagnostic::{Diagnostic, LineIndex, Located, Position, did_you_mean, read_toml};
pub use hidden::hidden_characters;
pub use load::{LoadedWorksheet, parse_lenient, parse_worksheet};

use serde::Deserialize;
use toml::Spanned;

/// One worksheet, as written in its TOML file.
#[derive(Debug, Clone, Deserialize)]
pub struct Worksheet {
    pub format: Spanned<i64>,
    pub id: Spanned<String>,
    pub version: String,
    pub title: String,
    #[serde(default)]
    pub summary: String,
    #[serde(default)]
    pub technique: String,
    #[serde(default)]
    pub phases: Vec<Spanned<String>>,
    #[serde(default)]
    pub problem_areas: Vec<Spanned<String>>,
    #[serde(default)]
    pub instructions: String,
    #[serde(default)]
    pub sources: Vec<String>,
    /// The language of the worksheet's text (BCP 47, e.g. "en", "de"); "en" when not given.
    pub language: Option<Spanned<String>>,
    /// Ids of worksheets whose saved answers expressions may read (e.g. `inventory`).
    #[serde(default)]
    pub uses: Vec<Spanned<String>>,
    /// Print hints for the whole worksheet.
    #[serde(default)]
    pub print: WorksheetPrint,
    /// Standard codes for the whole worksheet (a LOINC panel), for FHIR export.
    #[serde(default)]
    pub codes: Vec<Code>,
    /// A copyright or licence notice that goes with the worksheet's wording or codes (FHIR
    /// `Questionnaire.copyright`).
    pub copyright: Option<String>,
    #[serde(rename = "section", default)]
    pub sections: Vec<Section>,
}

/// A code from a standard terminology (e.g. LOINC), for FHIR export.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Code {
    /// The terminology's URI, e.g. "http://loinc.org".
    pub system: String,
    pub code: String,
    pub display: Option<String>,
}

/// A titled group of fields, possibly repeated once per entry.
#[derive(Debug, Clone, Deserialize)]
pub struct Section {
    pub id: Spanned<String>,
    pub title: String,
    #[serde(default)]
    pub intro: String,
    pub when: Option<Spanned<String>>,
    pub repeat: Option<Repeat>,
    #[serde(default)]
    pub print: SectionPrint,
    #[serde(rename = "field", default)]
    pub fields: Vec<Field>,
}

/// Makes a section a repeat group.
#[derive(Debug, Clone, Deserialize)]
pub struct Repeat {
    pub min: Option<Spanned<i64>>,
    pub max: Option<Spanned<i64>>,
    pub add_another: String,
    pub label: Option<Spanned<String>>,
    /// An expression giving a list (of other worksheets' answers or the global data): a group
    /// with no entries yet starts with one entry per item, `entries_field` answered with it
    /// (the goals of a contract, one to rate each).
    pub entries_from: Option<Spanned<String>>,
    pub entries_field: Option<Spanned<String>>,
}

/// Print hints of a whole worksheet.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct WorksheetPrint {
    /// Fit the PDF on this many pages, setting the type up to a fifth smaller if that is what
    /// it takes (a one-page questionnaire).
    pub pages: Option<Spanned<i64>>,
    /// In a case, a pre-filled copy (the session packet) also shows the course's questionnaire
    /// scores so far, with charts and tables (the termination review).
    #[serde(default)]
    pub progress: bool,
}

/// Print hints of a section.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct SectionPrint {
    pub entries: Option<Spanned<i64>>,
    /// Draw the entries of this repeat group as a closeness circle.
    pub circle: Option<Spanned<CircleHint>>,
    /// Print neighbouring single-choice questions that share one set of options as one grid:
    /// the questions as rows, the options as columns (a questionnaire such as the PHQ-9).
    pub grid: Option<Spanned<bool>>,
    /// Print the entries of this repeat group compactly on a blank handout: fewer writing lines,
    /// options in a row, no help lines.
    pub compact: Option<Spanned<bool>>,
}

/// Which fields of a repeat group place each entry on a closeness circle.
#[derive(Debug, Clone, Deserialize)]
pub struct CircleHint {
    /// The field holding the person's name (text or choice).
    pub name: String,
    /// The `scale` field holding the ring, its minimum being the innermost ring.
    pub ring: String,
    /// What the centre says (default: nothing).
    pub center: Option<String>,
    /// A heading for the drawing, e.g. "Your closeness circle".
    pub caption: Option<String>,
}

/// Print hints of a field.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct FieldPrint {
    pub lines: Option<Spanned<i64>>,
    /// Printed before the question on a blank handout, e.g. "If someone else:".
    pub note: Option<String>,
}

/// One question, or one computed value.
#[derive(Debug, Clone, Deserialize)]
pub struct Field {
    pub id: Spanned<String>,
    #[serde(rename = "type")]
    pub kind: Spanned<FieldType>,
    pub prompt: String,
    pub help: Option<String>,
    /// The help shown when the question is asked, from earlier answers (an expression giving
    /// text); `help` is shown when it gives none, and on printed handouts.
    pub help_expr: Option<Spanned<String>>,
    pub example: Option<String>,
    #[serde(default)]
    pub required: bool,
    pub default: Option<Spanned<toml::Value>>,
    pub default_expr: Option<Spanned<String>>,
    pub when: Option<Spanned<String>>,
    pub min: Option<Spanned<toml::Value>>,
    pub max: Option<Spanned<toml::Value>>,
    pub range_message: Option<String>,
    #[serde(default)]
    pub anchors: Vec<Anchor>,
    pub choices: Option<Spanned<Vec<ChoiceDef>>>,
    pub choices_from: Option<Spanned<String>>,
    /// A choice may also be answered with something not among the options.
    pub allow_other: Option<Spanned<bool>>,
    #[serde(default)]
    pub rules: Vec<Spanned<Rule>>,
    pub expr: Option<Spanned<String>>,
    pub safety: Option<Spanned<String>>,
    /// Which block of `resources/safety.toml` a safety trigger shows: `crisis` (the default) or
    /// `relationship` (safety with another person).
    pub safety_block: Option<Spanned<SafetyBlock>>,
    #[serde(default)]
    pub print: FieldPrint,
    /// Standard codes of the question (a LOINC item), for FHIR export.
    #[serde(default)]
    pub codes: Vec<Code>,
}

/// The blocks a safety trigger can show.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SafetyBlock {
    /// Where to get help now (thoughts of self-harm, feeling unsafe).
    #[default]
    Crisis,
    /// Safety with another person (fear, harm, threats, control) and domestic-abuse contacts.
    Relationship,
}

/// The field types of format v1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldType {
    Text,
    LongText,
    Integer,
    Decimal,
    Scale,
    YesNo,
    Date,
    Choice,
    MultiChoice,
    List,
    Computed,
}

impl FieldType {
    /// The name used in worksheet files.
    pub fn name(self) -> &'static str {
        match self {
            FieldType::Text => "text",
            FieldType::LongText => "long_text",
            FieldType::Integer => "integer",
            FieldType::Decimal => "decimal",
            FieldType::Scale => "scale",
            FieldType::YesNo => "yes_no",
            FieldType::Date => "date",
            FieldType::Choice => "choice",
            FieldType::MultiChoice => "multi_choice",
            FieldType::List => "list",
            FieldType::Computed => "computed",
        }
    }

    /// The name with its article, for messages: "an integer", "a scale".
    pub fn a_name(self) -> String {
        let article = if self == FieldType::Integer {
            "an"
        } else {
            "a"
        };
        format!("{article} {}", self.name())
    }

    /// Every type name, for hints.
    pub const NAMES: &'static [&'static str] = &[
        "text",
        "long_text",
        "integer",
        "decimal",
        "scale",
        "yes_no",
        "date",
        "choice",
        "multi_choice",
        "list",
        "computed",
    ];

    /// Whether the answer is one of a set of options.
    pub fn has_choices(self) -> bool {
        matches!(self, FieldType::Choice | FieldType::MultiChoice)
    }

    /// Whether `min`/`max` give a range for this type.
    pub fn has_range(self) -> bool {
        matches!(
            self,
            FieldType::Integer | FieldType::Decimal | FieldType::Scale | FieldType::Date
        )
    }

    /// Writing lines a blank handout gives this type unless `print.lines` says otherwise.
    pub fn default_lines(self) -> u32 {
        match self {
            FieldType::LongText => 4,
            FieldType::List => 3,
            _ => 1,
        }
    }
}

/// A labelled point of a rating scale.
#[derive(Debug, Clone, Deserialize)]
pub struct Anchor {
    pub value: Spanned<i64>,
    pub label: String,
}

/// An option of a choice field: a plain string or a table.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum ChoiceDef {
    Plain(String),
    Full {
        value: String,
        label: Option<String>,
        help: Option<String>,
        /// The option's standard code (a LOINC answer), in the terminology of the field's first
        /// code.
        code: Option<String>,
    },
}

impl ChoiceDef {
    pub fn value(&self) -> &str {
        match self {
            ChoiceDef::Plain(v) => v,
            ChoiceDef::Full { value, .. } => value,
        }
    }

    pub fn label(&self) -> &str {
        match self {
            ChoiceDef::Plain(v) => v,
            ChoiceDef::Full { value, label, .. } => label.as_deref().unwrap_or(value),
        }
    }

    pub fn help(&self) -> Option<&str> {
        match self {
            ChoiceDef::Plain(_) => None,
            ChoiceDef::Full { help, .. } => help.as_deref(),
        }
    }

    /// The option's standard code, if the worksheet gives one.
    pub fn code(&self) -> Option<&str> {
        match self {
            ChoiceDef::Plain(_) => None,
            ChoiceDef::Full { code, .. } => code.as_deref(),
        }
    }
}

/// One validation rule: exactly one check, with its own message.
#[derive(Debug, Clone, Deserialize)]
pub struct Rule {
    pub min_length: Option<i64>,
    pub max_length: Option<i64>,
    pub pattern: Option<String>,
    pub min_items: Option<i64>,
    pub max_items: Option<i64>,
    pub check: Option<String>,
    pub message: Option<String>,
}

impl Worksheet {
    /// The name under which a used worksheet's answers appear in expressions.
    pub fn use_name(id: &str) -> String {
        id.replace('-', "_")
    }

    /// The section with this id.
    pub fn section(&self, id: &str) -> Option<&Section> {
        self.sections.iter().find(|s| s.id.get_ref() == id)
    }
}

impl Section {
    pub fn id(&self) -> &str {
        self.id.get_ref()
    }

    /// The field with this id.
    pub fn field(&self, id: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.id.get_ref() == id)
    }

    /// (min, max) entries of a repeat group.
    pub fn repeat_bounds(&self) -> Option<(usize, usize)> {
        self.repeat.as_ref().map(|r| {
            let min = r.min.as_ref().map_or(0, |m| *m.get_ref()).max(0) as usize;
            let max = r.max.as_ref().map_or(50, |m| *m.get_ref()).max(0) as usize;
            (min, max)
        })
    }

    /// Whether neighbouring questions sharing their options print as one grid.
    pub fn grid(&self) -> bool {
        self.print.grid.as_ref().is_some_and(|g| *g.get_ref())
    }

    /// The runs of neighbouring single-choice fields with the same fixed options (two or more
    /// each), as index ranges: what `print.grid` prints as grids.
    pub fn grid_runs(&self) -> Vec<std::ops::Range<usize>> {
        let key = |f: &Field| -> Option<Vec<(String, String)>> {
            (f.kind() == FieldType::Choice && f.choices_from.is_none() && !f.allows_other())
                .then(|| {
                    f.fixed_choices()
                        .iter()
                        .map(|c| (c.value().to_string(), c.label().to_string()))
                        .collect::<Vec<_>>()
                })
                .filter(|c| !c.is_empty())
        };
        let mut runs = Vec::new();
        let mut i = 0;
        while i < self.fields.len() {
            let Some(k) = key(&self.fields[i]) else {
                i += 1;
                continue;
            };
            let mut j = i + 1;
            while j < self.fields.len() && key(&self.fields[j]).as_ref() == Some(&k) {
                j += 1;
            }
            if j - i >= 2 {
                runs.push(i..j);
            }
            i = j;
        }
        runs
    }

    /// Whether a blank handout prints this repeat group's entries compactly.
    pub fn compact(&self) -> bool {
        self.print.compact.as_ref().is_some_and(|c| *c.get_ref())
    }

    /// Empty entries a blank handout of a repeat group gets.
    pub fn blank_entries(&self) -> usize {
        self.print
            .entries
            .as_ref()
            .map_or(3, |e| (*e.get_ref()).clamp(1, 20) as usize)
    }
}

impl Field {
    pub fn id(&self) -> &str {
        self.id.get_ref()
    }

    pub fn kind(&self) -> FieldType {
        *self.kind.get_ref()
    }

    /// The fixed options, if the field has them.
    pub fn fixed_choices(&self) -> &[ChoiceDef] {
        self.choices
            .as_ref()
            .map_or(&[], |c| c.get_ref().as_slice())
    }

    /// The lowest and highest point of a scale (or of any whole-number range), `default`
    /// where the worksheet gives none.
    pub fn int_bounds(&self, default: (i64, i64)) -> (i64, i64) {
        let bound = |b: &Option<Spanned<toml::Value>>, d| {
            b.as_ref()
                .and_then(|v| v.get_ref().as_integer())
                .unwrap_or(d)
        };
        (bound(&self.min, default.0), bound(&self.max, default.1))
    }

    /// The label of a scale point, if the worksheet gives one.
    pub fn anchor(&self, value: i64) -> Option<String> {
        self.anchors
            .iter()
            .find(|a| *a.value.get_ref() == value)
            .map(|a| a.label.clone())
    }

    /// Whether answers outside the options are accepted.
    pub fn allows_other(&self) -> bool {
        self.allow_other.as_ref().is_some_and(|a| *a.get_ref())
    }

    /// The block this field's safety trigger shows.
    pub fn safety_block(&self) -> SafetyBlock {
        self.safety_block
            .as_ref()
            .map_or(SafetyBlock::Crisis, |b| *b.get_ref())
    }

    /// Writing lines on a blank handout.
    pub fn lines(&self) -> u32 {
        self.print
            .lines
            .as_ref()
            .map_or(self.kind().default_lines(), |l| {
                (*l.get_ref()).clamp(0, 40) as u32
            })
    }
}
