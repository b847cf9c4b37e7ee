//! The worksheet catalogue as lists for people and for scripts: the rows of `ipt list` grouped by
//! phase and fitted to a width (titles and techniques wrapped, the technique column dropped when
//! there is no room), the ids of `ipt list --ids`, the JSON of `ipt list --json` and
//! `ipt show --json`, and picking worksheets by phase and problem area (also for
//! `ipt fill --all --phase P --area A`).
//!
//! Owns: those shapes. Pure: catalogue entries in, text or JSON values out. Must not print, read
//! files or know about terminals (the width comes in).

use serde::Serialize;

use crate::report::{Exit, Failure, count};
use crate::request::Pick;
use crate::spec::catalog::{Entry, Origin};
use crate::spec::{Catalog, Field, FieldType, LoadedWorksheet};

/// Phase ids of the worksheet format and how the list names them.
pub const PHASES: [(&str, &str); 4] = [
    ("initial", "Initial phase (about sessions 1–3)"),
    ("middle", "Middle phase"),
    ("termination", "Termination (the last sessions)"),
    ("any", "Any time"),
];

const OTHER: &str = "Other (no phase given, or not valid)";

/// The phase of worksheets for any time, and the problem area of worksheets for every area.
const ANY_PHASE: &str = "any";
const ALL_AREAS: &str = "all";

/// One worksheet as `ipt list` shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    pub id: String,
    pub title: String,
    pub technique: String,
    pub phases: Vec<String>,
    pub problem_areas: Vec<String>,
    /// Where it comes from: `built-in`, a folder, `config: …`.
    pub from: String,
    /// It overrides a worksheet with the same id from further down (a built-in one, say).
    pub overrides: bool,
    /// Problems that keep it from loading (`ipt validate` lists them); 0 when it loads.
    pub problems: usize,
}

/// Every worksheet that is not overridden, in catalogue order (yours, then the built-in ones).
pub fn rows(catalog: &Catalog) -> Vec<Row> {
    let all = catalog.entries();
    all.iter()
        .filter(|e| !e.shadowed)
        .map(|e| row(e, all.iter().any(|o| o.shadowed && o.id == e.id)))
        .collect()
}

fn row(entry: &Entry, overrides: bool) -> Row {
    let list = |v: &[toml::Spanned<String>]| v.iter().map(|s| s.get_ref().clone()).collect();
    match &entry.result {
        Ok(sheet) => Row {
            id: entry.id.clone(),
            title: sheet.spec.title.clone(),
            technique: sheet.spec.technique.clone(),
            phases: list(&sheet.spec.phases),
            problem_areas: list(&sheet.spec.problem_areas),
            from: entry.origin.to_string(),
            overrides,
            problems: 0,
        },
        Err(d) => Row {
            id: entry.id.clone(),
            title: String::new(),
            technique: String::new(),
            phases: Vec::new(),
            problem_areas: Vec::new(),
            from: entry.origin.to_string(),
            overrides,
            problems: d.len(),
        },
    }
}

/// The rows `pick` keeps (every row without phase and area), checking that the phase and area
/// named exist. A worksheet for `any` phase belongs to every phase, and one for `all` problem
/// areas to every area.
pub fn picked(catalog: &Catalog, rows: Vec<Row>, pick: &Pick) -> Result<Vec<Row>, Failure> {
    if let Some(phase) = &pick.phase
        && !PHASES.iter().any(|(id, _)| id == phase)
    {
        let ids: Vec<&str> = PHASES.iter().map(|(id, _)| *id).collect();
        return Err(unknown("phase", phase, &ids));
    }
    if let Some(area) = &pick.area
        && area != ALL_AREAS
        && !catalog
            .resources
            .problem_areas
            .iter()
            .any(|a| &a.id == area)
    {
        let ids: Vec<&str> = catalog
            .resources
            .problem_areas
            .iter()
            .map(|a| a.id.as_str())
            .chain([ALL_AREAS])
            .collect();
        return Err(unknown("problem area", area, &ids));
    }
    let fits = |have: &[String], wanted: &String, every: &str| {
        have.contains(wanted) || have.iter().any(|h| h == every)
    };
    Ok(rows
        .into_iter()
        .filter(|r| {
            pick.phase
                .as_ref()
                .is_none_or(|p| fits(&r.phases, p, ANY_PHASE))
        })
        .filter(|r| {
            pick.area
                .as_ref()
                .is_none_or(|a| fits(&r.problem_areas, a, ALL_AREAS))
        })
        .collect())
}

fn unknown(what: &str, wanted: &str, known: &[&str]) -> Failure {
    let f = Failure::new(Exit::Usage, format!("there is no {what} `{wanted}`"));
    match crate::spec::did_you_mean(wanted, known.iter().copied()) {
        Some(s) => f.hint(format!("did you mean `{s}`? ({})", known.join(", "))),
        None => f.hint(format!("known: {}", known.join(", "))),
    }
}

/// The ids picked, in list order; only worksheets that load (an invalid one cannot be printed).
pub fn picked_ids(catalog: &Catalog, pick: &Pick) -> Result<Vec<String>, Failure> {
    Ok(picked(catalog, rows(catalog), pick)?
        .into_iter()
        .filter(|r| r.problems == 0)
        .map(|r| r.id)
        .collect())
}

/// The rows as a table grouped by phase (a worksheet of several phases under each), fitting
/// `width` columns where the ids and origins allow.
pub fn table(rows: &[Row], width: usize) -> String {
    let cells = |r: &Row| -> [String; 4] {
        let title = if r.problems > 0 {
            format!(
                "(invalid: {} — run `ipt validate`)",
                count(r.problems, "problem")
            )
        } else {
            r.title.clone()
        };
        let from = if r.overrides {
            format!("{} (overrides another)", r.from)
        } else {
            r.from.clone()
        };
        [r.id.clone(), title, r.technique.clone(), from]
    };
    let mut groups: Vec<(&str, Vec<[String; 4]>)> = PHASES
        .iter()
        .map(|(id, title)| {
            let rows = rows.iter().filter(|r| r.phases.iter().any(|p| p == id));
            (*title, rows.map(cells).collect())
        })
        .collect();
    groups.push((
        OTHER,
        rows.iter()
            .filter(|r| r.phases.is_empty())
            .map(cells)
            .collect(),
    ));
    let header = [
        "ID".to_string(),
        "TITLE".into(),
        "TECHNIQUE".into(),
        "FROM".into(),
    ];
    let every: Vec<&[String; 4]> = std::iter::once(&header)
        .chain(groups.iter().flat_map(|(_, rows)| rows))
        .collect();
    let natural: Vec<usize> = (0..4)
        .map(|c| {
            every
                .iter()
                .map(|r| r[c].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let widths = fit(&natural, width);
    let mut text = lines(&header, &widths).join("\n");
    text.push('\n');
    for (title, rows) in groups.iter().filter(|(_, rows)| !rows.is_empty()) {
        text.push_str(&format!("\n{title}\n"));
        for r in rows {
            for line in lines(r, &widths) {
                text.push_str(&line);
                text.push('\n');
            }
        }
    }
    text
}

/// Indent and the gap between columns.
const INDENT: usize = 2;
const GAP: usize = 2;
/// Narrower than these, a wrapped title or technique is hard to read.
const MIN_TITLE: usize = 28;
const MIN_TECHNIQUE: usize = 20;
/// The narrowest a title is ever wrapped to, however narrow the terminal.
const MIN_WRAP: usize = 10;

/// Column widths that fit `width`: the id and origin as they are; the title and technique
/// wrapped to share what is left, the technique dropped (width 0) when either would be too
/// narrow.
fn fit(natural: &[usize], width: usize) -> [usize; 4] {
    let (id, title, technique, from) = (natural[0], natural[1], natural[2], natural[3]);
    let fixed = INDENT + id + GAP + GAP + from;
    let room = width.saturating_sub(fixed);
    if title + GAP + technique <= room {
        return [id, title, technique, from];
    }
    let shared = room.saturating_sub(GAP);
    let t = title.min(shared.saturating_sub(MIN_TECHNIQUE));
    if t >= MIN_TITLE.min(title) && shared - t >= MIN_TECHNIQUE {
        return [id, t, (shared - t).min(technique), from];
    }
    [id, title.min(room).max(MIN_WRAP), 0, from]
}

/// A row as lines: wrapped cells side by side, the id and origin on the first line only.
fn lines(r: &[String; 4], widths: &[usize; 4]) -> Vec<String> {
    let title = wrap(&r[1], widths[1]);
    let technique = if widths[2] == 0 {
        Vec::new()
    } else {
        wrap(&r[2], widths[2])
    };
    let n = title.len().max(technique.len()).max(1);
    (0..n)
        .map(|i| {
            let first = i == 0;
            let mut cells = vec![
                pad(if first { &r[0] } else { "" }, widths[0]),
                pad(title.get(i).map_or("", String::as_str), widths[1]),
            ];
            if widths[2] > 0 {
                cells.push(pad(technique.get(i).map_or("", String::as_str), widths[2]));
            }
            cells.push(if first { r[3].clone() } else { String::new() });
            format!("{}{}", " ".repeat(INDENT), cells.join(&" ".repeat(GAP)))
                .trim_end()
                .to_string()
        })
        .collect()
}

fn pad(s: &str, width: usize) -> String {
    let n = s.chars().count();
    format!("{s}{}", " ".repeat(width.saturating_sub(n)))
}

/// Words wrapped to `width` characters; a word longer than that is cut.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let mut word: Vec<char> = word.chars().collect();
        while word.len() > width {
            if !line.is_empty() {
                out.push(std::mem::take(&mut line));
            }
            out.push(word.drain(..width).collect());
        }
        let word: String = word.into_iter().collect();
        let len = line.chars().count();
        if len > 0 && len + 1 + word.chars().count() > width {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&word);
    }
    if !line.is_empty() {
        out.push(line);
    }
    out
}

/// `ipt show ID --json`: a worksheet's outline for scripts.
#[derive(Debug, Serialize)]
pub struct Outline<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub version: &'a str,
    pub summary: &'a str,
    pub technique: &'a str,
    pub phases: Vec<&'a str>,
    pub problem_areas: Vec<&'a str>,
    pub language: &'a str,
    pub uses: Vec<&'a str>,
    pub from: String,
    pub sources: &'a [String],
    pub sections: Vec<SectionOutline<'a>>,
}

#[derive(Debug, Serialize)]
pub struct SectionOutline<'a> {
    pub id: &'a str,
    pub title: &'a str,
    /// For a repeat group: the fewest and most entries.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub repeat: Option<Bounds>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub when: Option<&'a str>,
    pub fields: Vec<FieldOutline<'a>>,
}

#[derive(Debug, Serialize)]
pub struct Bounds {
    pub min: usize,
    pub max: usize,
}

#[derive(Debug, Serialize)]
pub struct FieldOutline<'a> {
    /// `section.field`, as `--set` and answers files name it.
    pub id: String,
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub prompt: &'a str,
    pub required: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub when: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<Choice<'a>>,
    /// Options drawn from earlier answers or global data (an expression).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub choices_from: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expr: Option<&'a str>,
    /// Answering it a certain way shows a safety block (`crisis` or `relationship`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub safety: Option<&'static str>,
}

#[derive(Debug, Serialize)]
pub struct Choice<'a> {
    pub value: &'a str,
    pub label: &'a str,
}

/// The outline of a worksheet for `ipt show --json`.
pub fn outline<'a>(sheet: &'a LoadedWorksheet, origin: &Origin) -> Outline<'a> {
    let spec = &sheet.spec;
    let strs = |v: &'a [toml::Spanned<String>]| v.iter().map(|s| s.get_ref().as_str()).collect();
    Outline {
        id: sheet.id(),
        title: &spec.title,
        version: &spec.version,
        summary: &spec.summary,
        technique: &spec.technique,
        phases: strs(&spec.phases),
        problem_areas: strs(&spec.problem_areas),
        language: spec
            .language
            .as_ref()
            .map_or("en", |l| l.get_ref().as_str()),
        uses: strs(&spec.uses),
        from: origin.to_string(),
        sources: &spec.sources,
        sections: spec
            .sections
            .iter()
            .map(|s| SectionOutline {
                id: s.id(),
                title: &s.title,
                repeat: s.repeat_bounds().map(|(min, max)| Bounds { min, max }),
                when: s.when.as_ref().map(|w| w.get_ref().as_str()),
                fields: s.fields.iter().map(|f| field(s.id(), f)).collect(),
            })
            .collect(),
    }
}

fn field<'a>(section: &str, f: &'a Field) -> FieldOutline<'a> {
    let json = |v: &Option<toml::Spanned<toml::Value>>| {
        v.as_ref()
            .and_then(|v| serde_json::to_value(v.get_ref()).ok())
    };
    FieldOutline {
        id: format!("{section}.{}", f.id()),
        kind: f.kind().name(),
        prompt: &f.prompt,
        required: f.required,
        help: f.help.as_deref(),
        when: f.when.as_ref().map(|w| w.get_ref().as_str()),
        min: json(&f.min),
        max: json(&f.max),
        choices: f
            .fixed_choices()
            .iter()
            .map(|c| Choice {
                value: c.value(),
                label: c.label(),
            })
            .collect(),
        choices_from: f.choices_from.as_ref().map(|c| c.get_ref().as_str()),
        expr: (f.kind() == FieldType::Computed)
            .then(|| f.expr.as_ref().map(|e| e.get_ref().as_str()))
            .flatten(),
        safety: f.safety.as_ref().map(|_| match f.safety_block() {
            crate::spec::SafetyBlock::Crisis => "crisis",
            crate::spec::SafetyBlock::Relationship => "relationship",
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &str, title: &str, technique: &str, phases: &[&str]) -> Row {
        Row {
            id: id.into(),
            title: title.into(),
            technique: technique.into(),
            phases: phases.iter().map(|p| p.to_string()).collect(),
            problem_areas: Vec::new(),
            from: "built-in".into(),
            overrides: false,
            problems: 0,
        }
    }

    #[test]
    fn a_narrow_list_wraps_titles_and_drops_the_technique_but_keeps_ids_and_origins() {
        let rows = vec![
            row(
                "symptoms",
                "How you have been, and making room to recover",
                "symptom review, psychoeducation and the sick role",
                &["initial"],
            ),
            row("grief", "Grief", "mourning", &["middle", "any"]),
        ];
        let wide = table(&rows, 200);
        assert!(wide.contains("symptom review, psychoeducation and the sick role"));
        for width in [80, 60, 40] {
            let text = table(&rows, width);
            for line in text.lines() {
                assert!(line.chars().count() <= width, "{width}: `{line}`");
            }
            let first = text.lines().find(|l| l.contains("symptoms")).unwrap();
            assert!(first.trim_start().starts_with("symptoms") && first.ends_with("built-in"));
            let words: Vec<&str> = text.split_whitespace().collect();
            for w in ["How", "recover", "Grief"] {
                assert!(words.contains(&w), "{w} is kept at {width}: {text}");
            }
        }
        let hundred = table(&rows, 100);
        assert!(
            hundred.contains("psychoeducation"),
            "wrapped, not dropped:\n{hundred}"
        );
        assert!(!table(&rows, 60).contains("TECHNIQUE"));
    }

    #[test]
    fn a_phase_and_an_area_pick_their_own_worksheets_and_those_for_any_and_all() {
        let catalog = Catalog::discover(&Default::default()).unwrap();
        let ids = |phase: Option<&str>, area: Option<&str>| {
            let pick = Pick {
                all: false,
                phase: phase.map(str::to_string),
                area: area.map(str::to_string),
            };
            picked_ids(&catalog, &pick)
        };
        let middle = ids(Some("middle"), None).unwrap();
        for id in ["grief", "role-dispute", "phq9", "checkin"] {
            assert!(middle.iter().any(|i| i == id), "{id} in {middle:?}");
        }
        assert!(!middle.iter().any(|i| i == "inventory"));
        let grief = ids(Some("middle"), Some("grief")).unwrap();
        assert!(grief.iter().any(|i| i == "grief") && grief.iter().any(|i| i == "checkin"));
        assert!(!grief.iter().any(|i| i == "role-dispute"));
        let failure = ids(Some("midle"), None).unwrap_err();
        assert_eq!(failure.exit, Exit::Usage);
        assert!(failure.hints[0].contains("`middle`"));
        assert!(ids(None, Some("greif")).is_err());
    }

    #[test]
    fn long_words_are_cut_and_short_texts_stay_whole() {
        assert_eq!(wrap("a bb ccc", 4), ["a bb", "ccc"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert!(wrap("", 4).is_empty());
    }
}
