//! Reading an answers file (`docs/answers-format.md`) into [`Meta`] and [`RawAnswers`], keeping
//! the line and column of every value for messages.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde::de::IntoDeserializer;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{Meta, Origin, Problem, RawAnswers, RawEntry, RawInput, RawSection, RawValue};
use crate::spec::LineIndex;

/// An answers file as read.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswersFile {
    pub meta: Meta,
    pub answers: RawAnswers,
    /// Answers that no longer fit the worksheet, kept by question id so nothing is lost.
    pub orphaned: BTreeMap<String, toml::Value>,
}

/// Parses an answers file; `file` is its name for messages. Reports all problems found.
pub fn parse(file: &str, text: &str) -> Result<AnswersFile, Vec<Problem>> {
    let index = LineIndex::new(text);
    let origin = |span: std::ops::Range<usize>| {
        let p = index.position(span.start);
        Origin::File {
            file: file.to_string(),
            line: p.line,
            column: p.column,
        }
    };
    let (root, syntax) = DeTable::parse_recoverable(text);
    if !syntax.is_empty() {
        if !has_meta_table(text) {
            return Err(vec![not_an_answers_file(
                syntax.first().and_then(|e| e.span()).map(origin),
                "it is not TOML and has no [meta] table",
            )]);
        }
        let mut problems: Vec<Problem> = syntax
            .iter()
            .take(MAX_SYNTAX_PROBLEMS)
            .map(|e| {
                Problem::new(
                    "answers file",
                    e.span().map(origin),
                    e.message().trim().to_string(),
                )
                .hint("this is not valid TOML; docs/answers-format.md shows the layout")
            })
            .collect();
        if syntax.len() > MAX_SYNTAX_PROBLEMS {
            problems.push(Problem::new(
                "answers file",
                None,
                format!(
                    "and {} more TOML syntax problems",
                    syntax.len() - MAX_SYNTAX_PROBLEMS
                ),
            ));
        }
        return Err(problems);
    }
    let top = root.get_ref();
    if top.get("meta").is_none() && top.get("answers").is_none() {
        return Err(vec![not_an_answers_file(
            Some(origin(0..0)),
            "it has neither a [meta] table nor [answers…] tables",
        )]);
    }
    let mut problems = Vec::new();
    let mut meta = None;
    let mut answers = RawAnswers::default();
    let mut orphaned = BTreeMap::new();
    for (key, value) in root.get_ref().iter() {
        match (key.get_ref().as_ref(), value.get_ref()) {
            ("meta", DeValue::Table(t)) => meta = Some(parse_meta(t, &origin, &mut problems)),
            ("answers", DeValue::Table(t)) => {
                for (section, v) in t.iter() {
                    let name = section.get_ref().to_string();
                    match v.get_ref() {
                        DeValue::Table(t) => {
                            let entry = parse_entry(&name, t, Some(origin(section.span())), &origin, &mut problems);
                            answers.sections.insert(name, RawSection::Single(entry));
                        }
                        DeValue::Array(items) => {
                            let mut entries = Vec::new();
                            for (i, item) in items.iter().enumerate() {
                                match item.get_ref() {
                                    DeValue::Table(t) => entries.push(parse_entry(&format!("{name}[{}]", i + 1), t, Some(origin(item.span())), &origin, &mut problems)),
                                    _ => problems.push(Problem::new(format!("{name}[{}]", i + 1), Some(origin(item.span())), "an entry of a repeat group must be a table").hint(format!("write each entry as [[answers.{name}]] followed by its answers"))),
                                }
                            }
                            answers.sections.insert(name, RawSection::Repeat(entries));
                        }
                        _ => problems.push(Problem::new(name.clone(), Some(origin(v.span())), "a section's answers must be a table").hint(format!("write [answers.{name}] on its own line, then one `field = value` per line"))),
                    }
                }
            }
            ("orphaned", DeValue::Table(t)) => {
                for (k, v) in t.iter() {
                    if let Ok(v) = toml::Value::deserialize(
                        IntoDeserializer::<toml::de::Error>::into_deserializer(v.clone()),
                    ) {
                        orphaned.insert(k.get_ref().to_string(), v);
                    }
                }
            }
            (other, _) => problems.push(
                Problem::new(
                    other,
                    Some(origin(key.span())),
                    "unknown top-level key in an answers file",
                )
                .hint("an answers file has a [meta] table and [answers.SECTION] tables"),
            ),
        }
    }
    let Some(meta) = meta else {
        problems.push(
            Problem::new("meta", None, "the answers file has no [meta] table")
                .hint("add:\n  [meta]\n  worksheet = \"<worksheet id>\""),
        );
        return Err(problems);
    };
    if problems.is_empty() {
        Ok(AnswersFile {
            meta,
            answers,
            orphaned,
        })
    } else {
        Err(problems)
    }
}

/// Syntax problems listed before "and N more".
const MAX_SYNTAX_PROBLEMS: usize = 20;

/// A line `[meta]` (the table every answers file has), ignoring spaces.
fn has_meta_table(text: &str) -> bool {
    text.lines().any(|l| {
        let l: String = l.chars().filter(|c| !c.is_whitespace()).collect();
        l.starts_with("[meta]")
    })
}

/// One problem instead of hundreds when the file is something else (a Markdown or PDF output,
/// a worksheet).
fn not_an_answers_file(at: Option<Origin>, why: &str) -> Problem {
    Problem::new(
        "answers file",
        at,
        format!("this is not an answers file: {why}"),
    )
    .hint("an answers file is TOML with a [meta] table naming its worksheet and [answers.SECTION] tables (docs/answers-format.md); `ipt skeleton ID -o FILE` writes one to fill in. To print a worksheet again, pass its answers file, not the Markdown or PDF made from it")
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MetaToml {
    worksheet: String,
    worksheet_file: Option<String>,
    version: Option<String>,
    digest: Option<String>,
    status: Option<Spanned<String>>,
    output: Option<String>,
    session: Option<usize>,
    date: Option<Spanned<toml::value::Datetime>>,
    #[serde(default)]
    skipped: Vec<String>,
    calendar: Option<Spanned<String>>,
}

fn parse_meta(
    t: &DeTable<'_>,
    origin: &impl Fn(std::ops::Range<usize>) -> Origin,
    problems: &mut Vec<Problem>,
) -> Meta {
    let table = Spanned::new(0..0, t.clone());
    match MetaToml::deserialize(toml::de::Deserializer::from(table)) {
        Ok(m) => {
            if let Some(s) = &m.status
                && !["in-progress", "complete"].contains(&s.get_ref().as_str())
            {
                problems.push(Problem::new(
                    "meta.status",
                    Some(origin(s.span())),
                    "status must be \"in-progress\" or \"complete\"",
                ));
            }
            let date = m.date.as_ref().and_then(|d| {
                let parsed = super::date::Date::from_toml(d.get_ref());
                if parsed.is_none() {
                    problems.push(Problem::new(
                        "meta.date",
                        Some(origin(d.span())),
                        "date must be a date written YYYY-MM-DD",
                    ));
                }
                parsed
            });
            if let Some(c) = &m.calendar
                && !crate::plan::calendar_id::valid(c.get_ref())
            {
                problems.push(
                    Problem::new(
                        "meta.calendar",
                        Some(origin(c.span())),
                        "the calendar id must be 16 to 64 lowercase letters, digits or dashes",
                    )
                    .hint("delete the line: `ipt plan --ics` makes a new one"),
                );
            }
            Meta {
                session: m.session,
                date,
                worksheet: m.worksheet,
                worksheet_file: m.worksheet_file,
                calendar: m.calendar.map(Spanned::into_inner),
                version: m.version,
                digest: m.digest,
                status: m.status.map(Spanned::into_inner),
                output: m.output,
                skipped: m.skipped,
            }
        }
        Err(e) => {
            problems.push(
                Problem::new(
                    "meta",
                    e.span().filter(|s| s.end > 0).map(origin),
                    e.message().trim().to_string(),
                )
                .hint("[meta] holds worksheet (required), worksheet_file, version, digest, status, output, session, date, skipped and calendar"),
            );
            Meta::default()
        }
    }
}

fn parse_entry(
    name: &str,
    t: &DeTable<'_>,
    at: Option<Origin>,
    origin: &impl Fn(std::ops::Range<usize>) -> Origin,
    problems: &mut Vec<Problem>,
) -> RawEntry {
    let mut entry = RawEntry {
        origin: at,
        ..RawEntry::default()
    };
    for (key, value) in t.iter() {
        let question = format!("{name}.{}", key.get_ref());
        match toml::Value::deserialize(IntoDeserializer::<toml::de::Error>::into_deserializer(
            value.clone(),
        )) {
            Ok(v) => {
                entry.values.insert(
                    key.get_ref().to_string(),
                    RawValue {
                        input: RawInput::Toml(v),
                        origin: origin(value.span()),
                    },
                );
            }
            Err(e) => problems.push(Problem::new(
                question,
                Some(origin(value.span())),
                e.message().trim().to_string(),
            )),
        }
    }
    entry
}
