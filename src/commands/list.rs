//! `ipt list`: every worksheet, grouped by the phase of IPT it belongs to, with its id, title,
//! technique and origin. A worksheet for several phases is listed under each.

use crate::app::Env;
use crate::report::{Failure, count};
use crate::spec::catalog::Entry;

/// Phase ids of the worksheet format and how the list names them.
const PHASES: [(&str, &str); 4] = [
    ("initial", "Initial phase (about sessions 1–3)"),
    ("middle", "Middle phase"),
    ("termination", "Termination (the last sessions)"),
    ("any", "Any time"),
];

pub fn run(env: &Env) -> Result<(), Failure> {
    let catalog = env.catalog()?;
    let all = catalog.entries();
    let shown: Vec<&Entry> = all.iter().filter(|e| !e.shadowed).collect();
    let row = |entry: &Entry| -> [String; 4] {
        let overrides = all.iter().any(|o| o.shadowed && o.id == entry.id);
        let from = if overrides {
            format!("{} (overrides another)", entry.origin)
        } else {
            entry.origin.to_string()
        };
        match &entry.result {
            Ok(sheet) => [
                entry.id.clone(),
                sheet.spec.title.clone(),
                sheet.spec.technique.clone(),
                from,
            ],
            Err(d) => [
                entry.id.clone(),
                format!(
                    "(invalid: {} — run `ipt validate`)",
                    count(d.len(), "problem")
                ),
                String::new(),
                from,
            ],
        }
    };
    let phases_of = |entry: &Entry| -> Vec<String> {
        entry
            .result
            .as_ref()
            .map(|s| s.spec.phases.iter().map(|p| p.get_ref().clone()).collect())
            .unwrap_or_default()
    };
    let mut groups: Vec<(&str, Vec<[String; 4]>)> = PHASES
        .iter()
        .map(|(id, title)| {
            (
                *title,
                shown
                    .iter()
                    .filter(|e| phases_of(e).iter().any(|p| p == id))
                    .map(|e| row(e))
                    .collect(),
            )
        })
        .collect();
    groups.push((
        "Other (no phase given, or not valid)",
        shown
            .iter()
            .filter(|e| phases_of(e).is_empty())
            .map(|e| row(e))
            .collect(),
    ));
    let header = [
        "ID".to_string(),
        "TITLE".into(),
        "TECHNIQUE".into(),
        "FROM".into(),
    ];
    let all: Vec<&[String; 4]> = std::iter::once(&header)
        .chain(groups.iter().flat_map(|(_, rows)| rows))
        .collect();
    let widths: Vec<usize> = (0..4)
        .map(|c| all.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    let line = |r: &[String; 4]| {
        let cells: Vec<String> = r
            .iter()
            .zip(&widths)
            .map(|(cell, w)| format!("{cell:<w$}"))
            .collect();
        format!("  {}", cells.join("  ")).trim_end().to_string()
    };
    let mut text = format!("{}\n", line(&header));
    for (title, rows) in groups.iter().filter(|(_, rows)| !rows.is_empty()) {
        text.push_str(&format!("\n{title}\n"));
        for r in rows {
            text.push_str(&format!("{}\n", line(r)));
        }
    }
    crate::stdout::text(&text)
}
