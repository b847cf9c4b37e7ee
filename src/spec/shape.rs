//! The shape of worksheet format v1: which keys each table may hold, of which type, which are
//! required, and what each means. One table serves three purposes: reporting *every* unknown
//! key, wrong type and missing key at once (serde stops at the first), repairing the tree so
//! that the semantic checks still run on everything else, and the JSON Schema for editors
//! (`json_schema`).
//!
//! Owns: the schema and the walk. Must not check values beyond their TOML type (that is
//! `check`'s job).

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::FieldType;
use super::diagnostic::{Diagnostic, LineIndex, did_you_mean};

/// What a key holds.
#[derive(Debug)]
pub(super) enum Kind {
    Text,
    /// Text that is an expression.
    Expr,
    /// Text that is a template (with `{{ }}`).
    Template,
    Int,
    Bool,
    /// An array of text.
    Texts,
    /// One of these words.
    Enum(&'static [&'static str]),
    /// A number, or a date written without quotes.
    Bound,
    /// Any value (a field's default, of the field's type).
    Any,
    /// An array of options: text, or tables with `value`, `label`, `help`.
    Choices,
    Table(&'static [Key]),
    Tables(&'static [Key]),
}

/// One key of a table.
#[derive(Debug)]
pub(super) struct Key {
    pub name: &'static str,
    pub kind: Kind,
    pub required: bool,
    /// What it means, in a few words (hints and editor help).
    pub doc: &'static str,
}

const fn opt(name: &'static str, kind: Kind, doc: &'static str) -> Key {
    Key {
        name,
        kind,
        required: false,
        doc,
    }
}

const fn req(name: &'static str, kind: Kind, doc: &'static str) -> Key {
    Key {
        name,
        kind,
        required: true,
        doc,
    }
}

use Kind::{Any, Bool, Bound, Choices, Enum, Expr, Int, Table, Tables, Template, Text, Texts};

pub(super) const SAFETY_BLOCKS: &[&str] = &["crisis", "relationship"];

const RULE: &[Key] = &[
    opt(
        "min_length",
        Int,
        "the answer has at least N characters (text, long_text)",
    ),
    opt(
        "max_length",
        Int,
        "the answer has at most N characters (text, long_text)",
    ),
    opt(
        "pattern",
        Text,
        "the whole answer matches this regular expression (text)",
    ),
    opt("min_items", Int, "at least N items (multi_choice, list)"),
    opt("max_items", Int, "at most N items (multi_choice, list)"),
    opt(
        "check",
        Expr,
        "an expression that must be true; `value` is the answer",
    ),
    opt(
        "message",
        Text,
        "what the person reads when the check fails",
    ),
];

const ANCHOR: &[Key] = &[
    req("value", Int, "the point of the scale, e.g. 0"),
    req(
        "label",
        Text,
        "the words for this point, e.g. \"Not at all\"",
    ),
];

pub(super) const CHOICE: &[Key] = &[
    req("value", Text, "what is stored, e.g. \"partner\""),
    opt("label", Text, "what is printed, e.g. \"Partner or spouse\""),
    opt("help", Text, "a line explaining the option"),
    opt(
        "code",
        Text,
        "the option's code in the worksheet's terminology (FHIR export), e.g. \"LA6568-5\"",
    ),
];

/// A code from a standard terminology, for FHIR export.
const CODE: &[Key] = &[
    req(
        "system",
        Text,
        "the terminology's URI, e.g. \"http://loinc.org\"",
    ),
    req("code", Text, "the code, e.g. \"44261-6\""),
    opt("display", Text, "the terminology's name for the code"),
];

const FIELD: &[Key] = &[
    req(
        "id",
        Text,
        "lowercase letters, digits and `_`, e.g. \"name\"",
    ),
    req(
        "type",
        Enum(FieldType::NAMES),
        "the field type, e.g. \"text\" or \"scale\"",
    ),
    req(
        "prompt",
        Text,
        "the question as the person reads it, e.g. \"Your first name\"",
    ),
    opt("help", Text, "a line of guidance shown with the question"),
    opt(
        "help_expr",
        Expr,
        "the help worked out from earlier answers (text or none)",
    ),
    opt("example", Text, "an example answer, shown as a hint"),
    opt(
        "required",
        Bool,
        "true: the worksheet cannot be completed without it",
    ),
    opt("default", Any, "a fixed default of the field's type"),
    opt(
        "default_expr",
        Expr,
        "a default computed from earlier answers",
    ),
    opt(
        "when",
        Expr,
        "asked and printed only when this expression is true",
    ),
    opt(
        "min",
        Bound,
        "the lowest allowed answer (integer, decimal, scale, date)",
    ),
    opt(
        "max",
        Bound,
        "the highest allowed answer (integer, decimal, scale, date)",
    ),
    opt(
        "range_message",
        Text,
        "your wording for an answer outside the range",
    ),
    opt("anchors", Tables(ANCHOR), "labels for points of a scale"),
    opt(
        "choices",
        Choices,
        "the options of a choice or multi_choice field",
    ),
    opt(
        "choices_from",
        Expr,
        "options drawn from earlier answers: an expression giving a list",
    ),
    opt(
        "allow_other",
        Bool,
        "true: an answer not among the options is accepted as typed",
    ),
    opt(
        "rules",
        Tables(RULE),
        "extra checks, each with its own message",
    ),
    opt("expr", Expr, "how a computed value is worked out"),
    opt(
        "safety",
        Expr,
        "a safety trigger: true for the answer (`value`) shows the crisis block",
    ),
    opt(
        "safety_block",
        Enum(SAFETY_BLOCKS),
        "which block the trigger shows",
    ),
    opt(
        "print",
        Table(&[
            opt("lines", Int, "writing lines on a blank handout (0 to 40)"),
            opt(
                "note",
                Text,
                "printed before the question on a blank handout",
            ),
        ]),
        "print hints of the field",
    ),
    opt(
        "codes",
        Tables(CODE),
        "standard codes of the question (e.g. LOINC), for FHIR export",
    ),
];

const REPEAT: &[Key] = &[
    opt("min", Int, "the fewest entries (default 0)"),
    opt("max", Int, "the most entries (default 50)"),
    req(
        "add_another",
        Text,
        "the question asked after each entry, e.g. \"Add another person?\"",
    ),
    opt(
        "label",
        Template,
        "how an entry is named, e.g. \"{{ item.name }}\"",
    ),
    opt("entries_from", Expr, "a list to start the entries from"),
    opt(
        "entries_field",
        Text,
        "the field each started entry is answered with",
    ),
];

const CIRCLE: &[Key] = &[
    req("name", Text, "the field holding each person's name"),
    req("ring", Text, "the scale field holding the ring"),
    opt("center", Text, "what the centre says"),
    opt("caption", Text, "a heading for the drawing"),
];

const SECTION: &[Key] = &[
    req(
        "id",
        Text,
        "lowercase letters, digits and `_`, e.g. \"about\"",
    ),
    req("title", Text, "the heading"),
    opt(
        "intro",
        Text,
        "a short paragraph under the heading (Markdown)",
    ),
    opt(
        "when",
        Expr,
        "asked and printed only when this expression is true",
    ),
    opt("repeat", Table(REPEAT), "makes the section a repeat group"),
    opt(
        "print",
        Table(&[
            opt("entries", Int, "empty entries on a blank handout (1 to 20)"),
            opt(
                "circle",
                Table(CIRCLE),
                "draw the entries as a closeness circle",
            ),
            opt(
                "grid",
                Bool,
                "print questions sharing one set of options as one grid",
            ),
            opt(
                "compact",
                Bool,
                "print the questions compactly on a blank handout",
            ),
        ]),
        "print hints of the section",
    ),
    opt(
        "field",
        Tables(FIELD),
        "the questions, in order: [[section.field]]",
    ),
];

/// The whole worksheet.
pub(super) const WORKSHEET: &[Key] = &[
    req("format", Int, "always 1 for this version of the format"),
    req(
        "id",
        Text,
        "lowercase letters, digits and `-`, e.g. \"my-checkin\"",
    ),
    req(
        "version",
        Text,
        "the version of your content, e.g. \"1.0.0\"",
    ),
    req("title", Text, "shown at the top of every output"),
    opt("summary", Text, "one sentence: what this worksheet is for"),
    opt("technique", Text, "the IPT technique it supports, in words"),
    opt(
        "phases",
        Texts,
        "any of \"initial\", \"middle\", \"termination\", \"any\"",
    ),
    opt("problem_areas", Texts, "ids of problem areas, or \"all\""),
    opt("instructions", Text, "printed under the title (Markdown)"),
    opt("sources", Texts, "where the ideas come from"),
    opt(
        "uses",
        Texts,
        "ids of worksheets whose saved answers this one reads",
    ),
    opt("language", Text, "a language tag such as \"en\" or \"de\""),
    opt(
        "print",
        Table(&[
            opt("pages", Int, "fit the PDF on this many pages (1 to 20)"),
            opt(
                "progress",
                Bool,
                "in a case's session packet, also show the scores so far (charts and tables)",
            ),
        ]),
        "print hints of the whole worksheet",
    ),
    opt(
        "codes",
        Tables(CODE),
        "standard codes of the worksheet (e.g. a LOINC panel), for FHIR export",
    ),
    opt(
        "copyright",
        Text,
        "the copyright or licence notice of the wording or codes",
    ),
    opt(
        "section",
        Tables(SECTION),
        "the sections, in order: [[section]]",
    ),
];

/// Where repaired values point: past the end of the text, so that a check that trips over
/// a placeholder reports nothing (the problem was reported here already).
pub(super) fn placeholder_span(text: &str) -> Range<usize> {
    text.len() + 1..text.len() + 1
}

struct Walk<'a> {
    file: &'a str,
    index: &'a LineIndex<'a>,
    filler: Range<usize>,
    out: Vec<Diagnostic>,
}

/// Reports every unknown key, value of the wrong type and missing key of `root`, and repairs
/// the tree: unknown keys and wrong optional values are removed, wrong or missing required
/// values are replaced by placeholders (see [`placeholder_span`]).
pub(super) fn check_and_repair(
    file: &str,
    text: &str,
    index: &LineIndex<'_>,
    root: &mut Spanned<DeTable<'_>>,
) -> Vec<Diagnostic> {
    let mut walk = Walk {
        file,
        index,
        filler: placeholder_span(text),
        out: Vec::new(),
    };
    let span = root.span();
    walk.table(root.get_mut(), WORKSHEET, "the worksheet", "", span);
    walk.out.sort_by_key(|d| d.position);
    walk.out
}

/// A TOML value's type, in words.
fn found(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "text",
        DeValue::Integer(_) => "a whole number",
        DeValue::Float(_) => "a number with a fraction",
        DeValue::Boolean(_) => "true or false",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

fn wanted(kind: &Kind) -> (&'static str, &'static str) {
    match kind {
        Text | Expr | Template | Enum(_) => ("text", "put it in quotes: \"…\""),
        Int => ("a whole number", "write numbers without quotes, e.g. 3"),
        Bool => ("true or false", "write true or false without quotes"),
        Texts => ("a list of text", "e.g. [\"one\", \"two\"]"),
        Bound => (
            "a number or a date",
            "write numbers and dates without quotes, e.g. 0 or 2027-01-11",
        ),
        Any => ("a value", ""),
        Choices => (
            "a list of options",
            "e.g. [\"yes\", \"no\"] or [{ value = \"partner\", label = \"Partner\" }]",
        ),
        Table(_) => ("a table", "e.g. { lines = 3 }"),
        Tables(_) => (
            "a list of tables",
            "e.g. [{ value = 0, label = \"Not at all\" }]",
        ),
    }
}

/// A literal of the given kind, to stand in for a missing or broken required value.
fn filler<'i>(kind: &Kind, guess: &'static str) -> Option<DeValue<'i>> {
    let src: &'static str = match kind {
        Text | Expr | Template => "v = \"\"",
        Enum(_) => match guess {
            "computed" => "v = \"computed\"",
            "choice" => "v = \"choice\"",
            "multi_choice" => "v = \"multi_choice\"",
            "scale" => "v = \"scale\"",
            "integer" => "v = \"integer\"",
            "date" => "v = \"date\"",
            "decimal" => "v = \"decimal\"",
            "crisis" => "v = \"crisis\"",
            _ => "v = \"text\"",
        },
        Int => "v = 1",
        _ => return None,
    };
    let table = DeTable::parse(src).ok()?.into_inner();
    let (_, value) = table.into_iter().next()?;
    Some(value.into_inner())
}

impl Walk<'_> {
    fn problem(&mut self, span: Range<usize>, message: String, hint: impl Into<String>) {
        let hint = hint.into();
        let d = Diagnostic::at_index(self.file, self.index, Some(span), message);
        self.out
            .push(if hint.is_empty() { d } else { d.hint(hint) });
    }

    /// Walks one table; returns false when it must be dropped from its array (a required
    /// value that cannot be stood in for is missing).
    fn table(
        &mut self,
        table: &mut DeTable<'_>,
        schema: &'static [Key],
        whose: &str,
        path: &str,
        span: Range<usize>,
    ) -> bool {
        let keys: Vec<(String, Range<usize>)> = table
            .iter()
            .map(|(k, _)| (k.get_ref().to_string(), k.span()))
            .collect();
        let guess = guess_type(table);
        let mut keep = true;
        for (name, key_span) in &keys {
            let here = if path.is_empty() {
                name.clone()
            } else {
                format!("{path}.{name}")
            };
            let Some(key) = schema.iter().find(|k| k.name == name) else {
                let where_ = if path.is_empty() {
                    "at the top level".to_string()
                } else {
                    format!("in `{path}`")
                };
                let hint = match did_you_mean(name, schema.iter().map(|k| k.name)) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => format!(
                        "keys allowed here: {}",
                        schema.iter().map(|k| k.name).collect::<Vec<_>>().join(", ")
                    ),
                };
                self.problem(
                    key_span.clone(),
                    format!("unknown key `{name}` {where_}"),
                    hint,
                );
                table.remove(name.as_str());
                continue;
            };
            let Some(value) = table.get_mut(name.as_str()) else {
                continue;
            };
            if !self.value(value, key, &here, whose) {
                if key.required {
                    match filler(&key.kind, guess) {
                        Some(f) => *value = Spanned::new(self.filler.clone(), f),
                        None => keep = false,
                    }
                } else {
                    table.remove(name.as_str());
                }
            }
        }
        for key in schema.iter().filter(|k| k.required) {
            if table.contains_key(key.name) {
                continue;
            }
            let example = match key.kind {
                Int => "1".to_string(),
                _ => "\"…\"".to_string(),
            };
            self.problem(
                span.clone(),
                format!("{whose} needs `{}`", key.name),
                format!("add `{} = {example}`: {}", key.name, key.doc),
            );
            match filler(&key.kind, guess) {
                Some(f) => {
                    let k = Spanned::new(self.filler.clone(), key.name.into());
                    table.insert(k, Spanned::new(self.filler.clone(), f));
                }
                None => keep = false,
            }
        }
        keep
    }

    /// Checks one value; false when it has the wrong type (it is then removed or replaced).
    fn value(
        &mut self,
        value: &mut Spanned<DeValue<'_>>,
        key: &'static Key,
        here: &str,
        whose: &str,
    ) -> bool {
        let span = value.span();
        match (&key.kind, value.get_mut()) {
            (Text | Expr | Template, DeValue::String(_)) => true,
            (Int, DeValue::Integer(_)) | (Bool, DeValue::Boolean(_)) | (Any, _) => true,
            (Bound, DeValue::Integer(_) | DeValue::Float(_) | DeValue::Datetime(_)) => true,
            (Enum(words), DeValue::String(s)) => {
                if words.contains(&s.as_ref()) {
                    true
                } else {
                    let hint = match did_you_mean(s, words.iter().copied()) {
                        Some(w) => format!("did you mean \"{w}\"?"),
                        None => format!("use one of: {}", words.join(", ")),
                    };
                    let message = format!("`{}` of {whose} cannot be \"{s}\"", key.name);
                    self.problem(span, message, hint);
                    false
                }
            }
            (Texts, DeValue::Array(items)) => {
                let bad: Vec<Range<usize>> = items
                    .iter()
                    .filter(|i| !matches!(i.get_ref(), DeValue::String(_)))
                    .map(Spanned::span)
                    .collect();
                for b in bad {
                    self.problem(
                        b,
                        format!("`{}` of {whose} holds something that is not text", key.name),
                        "put every item in quotes: [\"one\", \"two\"]",
                    );
                }
                let kept: toml::de::DeArray<'_> =
                    std::mem::replace(items, toml::de::DeArray::new())
                        .into_iter()
                        .filter(|i| matches!(i.get_ref(), DeValue::String(_)))
                        .collect();
                *items = kept;
                true
            }
            (Choices, DeValue::Array(items)) => {
                let whose_item = format!("an option of {whose}");
                let mut kept = toml::de::DeArray::new();
                for mut item in std::mem::replace(items, toml::de::DeArray::new()) {
                    let item_span = item.span();
                    let keep = match item.get_mut() {
                        DeValue::String(_) => true,
                        DeValue::Table(t) => self.table(t, CHOICE, &whose_item, here, item_span),
                        other => {
                            let what = found(other);
                            self.problem(
                                item_span,
                                format!("an option of {whose} is {what}"),
                                "an option is text, or a table { value = \"…\", label = \"…\" }",
                            );
                            false
                        }
                    };
                    if keep {
                        kept.push(item);
                    }
                }
                *items = kept;
                true
            }
            (Table(inner), DeValue::Table(t)) => {
                let whose_t = format!("`{}` of {whose}", key.name);
                self.table(t, inner, &whose_t, here, span)
            }
            (Tables(inner), DeValue::Array(items)) => {
                let mut kept = toml::de::DeArray::new();
                for (n, mut item) in std::mem::replace(items, toml::de::DeArray::new())
                    .into_iter()
                    .enumerate()
                {
                    let item_span = item.span();
                    let keep = match item.get_mut() {
                        DeValue::Table(t) => {
                            let name = item_name(key.name, t, whose, n + 1);
                            self.table(t, inner, &name, here, item_span)
                        }
                        other => {
                            let what = found(other);
                            self.problem(
                                item_span,
                                format!(
                                    "an item of `{}` of {whose} is {what}, not a table",
                                    key.name
                                ),
                                wanted(&key.kind).1,
                            );
                            false
                        }
                    };
                    if keep {
                        kept.push(item);
                    }
                }
                *items = kept;
                true
            }
            (_, other) => {
                let (want, hint) = wanted(&key.kind);
                let hint = match (&key.kind, &*other) {
                    (Bound, DeValue::String(_)) => {
                        "write dates and numbers without quotes, e.g. min = 2020-01-01".to_string()
                    }
                    _ => hint.to_string(),
                };
                let message = format!(
                    "`{}` of {whose} must be {want}, not {}",
                    key.name,
                    found(other)
                );
                self.problem(span, message, hint);
                false
            }
        }
    }
}

/// How a table in an array is named in messages: `section \`about\``, `field \`about.name\``.
fn item_name(key: &str, t: &DeTable<'_>, whose: &str, n: usize) -> String {
    let id = t.get("id").and_then(|v| match v.get_ref() {
        DeValue::String(s) => Some(s.to_string()),
        _ => None,
    });
    match (key, id) {
        ("section", Some(id)) => format!("section `{id}`"),
        ("section", None) => format!("section {n}"),
        ("field", Some(id)) => match whose.strip_prefix("section `") {
            Some(rest) => format!("field `{}.{id}`", rest.trim_end_matches('`')),
            None => format!("field `{id}` of {whose}"),
        },
        ("field", None) => format!("field {n} of {whose}"),
        (key, _) => format!("item {n} of `{key}` of {whose}"),
    }
}

/// A field type that fits the other keys of a field whose `type` is missing or wrong, so that
/// its other keys are checked without errors that only the missing type causes.
fn guess_type(t: &DeTable<'_>) -> &'static str {
    let has = |k: &str| t.contains_key(k);
    if has("expr") {
        "computed"
    } else if has("choices") || has("choices_from") {
        "choice"
    } else if has("anchors") {
        "scale"
    } else if has("min") || has("max") {
        match t.get("min").or_else(|| t.get("max")).map(|v| v.get_ref()) {
            Some(DeValue::Datetime(_)) => "date",
            Some(DeValue::Float(_)) => "decimal",
            _ => "integer",
        }
    } else {
        "text"
    }
}
