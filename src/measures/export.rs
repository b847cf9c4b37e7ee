//! Scores for researchers and trainers: CSV (one row per score) and JSON (per measure, with its
//! thresholds and what the change means), with column and field names that stay the same from
//! release to release (docs/progress.md lists them). Built from the series, not from the
//! printed document.
//!
//! Owns: the export formats. Pure: the caller writes the text.

use serde::Serialize;

use super::{Change, Series, change};
use crate::spec::measures_data::{Band, MeasuresData};

/// The CSV header: the stable column names.
pub const CSV_COLUMNS: &[&str] = &[
    "measure",
    "name",
    "date",
    "session",
    "score",
    "band",
    "safety_answer",
    "safety_raised",
    "change_from_first",
    "file",
];

/// The JSON form.
#[derive(Debug, Serialize)]
pub struct Export {
    /// Bumped only if a field changes meaning or goes away.
    pub format: u32,
    pub measures: Vec<MeasureExport>,
}

#[derive(Debug, Serialize)]
pub struct MeasureExport {
    pub id: String,
    pub name: String,
    pub title: String,
    /// The thresholds applied (none for scores typed in from other questionnaires).
    pub thresholds: Option<Thresholds>,
    pub bands: Vec<Band>,
    pub scores: Vec<ScoreExport>,
    /// From the first score to the latest (none with fewer than two, or without thresholds).
    pub change: Option<Change>,
}

#[derive(Debug, Serialize)]
pub struct Thresholds {
    pub min: i64,
    pub max: i64,
    pub caseness: Option<i64>,
    pub reliable_change: Option<i64>,
    pub response: Option<f64>,
    pub remission_below: Option<i64>,
}

/// One score; the same fields as a CSV row.
#[derive(Debug, Serialize)]
pub struct ScoreExport {
    pub date: Option<String>,
    pub session: Option<usize>,
    /// None when the questionnaire was not complete enough to add up.
    pub score: Option<i64>,
    pub band: Option<String>,
    pub safety_answer: Option<String>,
    pub safety_raised: bool,
    pub change_from_first: Option<i64>,
    pub file: String,
}

/// The series as the JSON form.
pub fn export(series: &[Series], data: &MeasuresData) -> Export {
    Export {
        format: 1,
        measures: series
            .iter()
            .map(|s| MeasureExport {
                id: s.id.clone(),
                name: s.name.clone(),
                title: s.title.clone(),
                thresholds: s.def.as_ref().map(|d| Thresholds {
                    min: d.min,
                    max: d.max,
                    caseness: d.caseness,
                    reliable_change: d.reliable_change,
                    response: d.response,
                    remission_below: d.remission_below,
                }),
                bands: s.def.as_ref().map(|d| d.bands.clone()).unwrap_or_default(),
                scores: scores(s),
                change: change(s, data),
            })
            .collect(),
    }
}

fn scores(s: &Series) -> Vec<ScoreExport> {
    let first = s.first().map(|(_, t)| t);
    s.points
        .iter()
        .map(|p| ScoreExport {
            date: p.date.map(|d| d.to_string()),
            session: p.session,
            score: p.total,
            band: p.band.clone(),
            safety_answer: p.safety_answer.clone(),
            safety_raised: p.safety_raised,
            change_from_first: p.total.zip(first).map(|(t, f)| t - f),
            file: p.source.clone(),
        })
        .collect()
}

/// The JSON text, pretty-printed, with a final newline.
pub fn json(series: &[Series], data: &MeasuresData) -> String {
    serde_json::to_string_pretty(&export(series, data)).unwrap_or_default() + "\n"
}

/// The CSV text (RFC 4180: comma-separated, CRLF line ends, fields quoted when they hold a
/// comma, quote or line break), one row per score.
pub fn csv(series: &[Series]) -> String {
    let mut out = CSV_COLUMNS.join(",") + "\r\n";
    for s in series {
        for row in scores(s) {
            let fields = [
                s.id.clone(),
                s.name.clone(),
                row.date.unwrap_or_default(),
                row.session.map(|n| n.to_string()).unwrap_or_default(),
                row.score.map(|n| n.to_string()).unwrap_or_default(),
                row.band.unwrap_or_default(),
                row.safety_answer.unwrap_or_default(),
                row.safety_raised.to_string(),
                row.change_from_first
                    .map(|n| n.to_string())
                    .unwrap_or_default(),
                row.file,
            ];
            let quoted: Vec<String> = fields.iter().map(|f| field(f)).collect();
            out.push_str(&quoted.join(","));
            out.push_str("\r\n");
        }
    }
    out
}

fn field(f: &str) -> String {
    if f.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", f.replace('"', "\"\""))
    } else {
        f.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_with_a_comma_or_quote_is_quoted() {
        assert_eq!(field("BDI-II"), "BDI-II");
        assert_eq!(field("a, b"), "\"a, b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
