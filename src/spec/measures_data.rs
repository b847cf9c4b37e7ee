//! The data behind measures over time (`resources/measures.toml`): which questionnaires are
//! followed, where their totals are, their bands and thresholds with sources, and the wording of
//! what a change means.
//!
//! Owns: the types and parsing. Reading scores and judging changes is `measures`'s job.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::diagnostic::Diagnostic;
use super::locate::Step::{Index, Key};
use super::locate::{Step, position};

/// `resources/measures.toml`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MeasuresData {
    pub format: i64,
    /// What changes are called, by key, with `{measure}`, `{first}`, `{latest}`, `{change}`,
    /// `{threshold}` to fill in.
    pub words: BTreeMap<String, String>,
    #[serde(rename = "measure", default)]
    pub measures: Vec<MeasureDef>,
    pub external: Option<ExternalDef>,
}

/// One questionnaire followed over time.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct MeasureDef {
    pub id: String,
    /// Short name ("PHQ-9").
    pub name: String,
    /// Heading for its chart ("Depression (PHQ-9)").
    pub title: String,
    pub worksheet: String,
    /// `section.field` of the total.
    pub total: String,
    /// `section.field` of the date it was filled in.
    pub date: String,
    /// `section.field` of an item whose answer above the lowest is always listed.
    pub safety_item: Option<String>,
    /// What that item is called in tables and statements ("Item 9").
    pub safety_label: Option<String>,
    pub min: i64,
    pub max: i64,
    #[serde(default)]
    pub bands: Vec<Band>,
    /// At or above: the clinical range.
    pub caseness: Option<i64>,
    /// A change of at least this many points is reliable.
    pub reliable_change: Option<i64>,
    /// A fall of at least this share of the first score is a response (0.5 = half).
    pub response: Option<f64>,
    /// Below this: remission.
    pub remission_below: Option<i64>,
    #[serde(default)]
    pub sources: Vec<String>,
}

/// A range of scores with its label.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub from: i64,
    pub to: i64,
    pub label: String,
}

/// Where scores of other questionnaires are typed in.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ExternalDef {
    pub worksheet: String,
    /// The repeat group holding one score per entry, and its fields.
    pub section: String,
    pub scale: String,
    pub score: String,
    pub date: String,
    pub safety: Option<String>,
    /// What the safety question is called in tables and statements.
    pub safety_label: Option<String>,
}

/// The wording every measures file must give (`[words]`), so that no statement, heading or chart
/// label is ever printed empty.
pub const WORDS: &[&str] = &[
    "reliable_improvement",
    "reliable_deterioration",
    "no_reliable_change",
    "recovery",
    "reliable_recovery",
    "still_in_range",
    "not_in_range_at_start",
    "response",
    "no_response",
    "remission",
    "one_score",
    "safety_item",
    "progress_title",
    "progress_summary",
    "column_date",
    "column_session",
    "column_score",
    "column_band",
    "not_taken",
    "not_added_up",
    "meaning",
    "since_first_down",
    "since_first_up",
    "since_first_same",
    "chart_session",
    "chart_caseness",
    "chart_note",
    "chart_alt",
    "nothing_yet_case",
    "nothing_yet_files",
];

impl MeasuresData {
    /// A word of the measures data (checked to be there when the file was read).
    pub fn word(&self, key: &str) -> String {
        self.words
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }

    /// The measure followed through this worksheet or with this id.
    pub fn measure(&self, id: &str) -> Option<&MeasureDef> {
        self.measures
            .iter()
            .find(|m| m.id == id || m.worksheet == id)
    }
}

impl MeasureDef {
    /// The band a score falls in.
    pub fn band(&self, score: i64) -> Option<&Band> {
        self.bands.iter().find(|b| (b.from..=b.to).contains(&score))
    }
}

/// Parses `measures.toml`, checking that bands and thresholds make sense.
pub fn parse_measures(file: &str, text: &str) -> Result<MeasuresData, Diagnostic> {
    let data: MeasuresData =
        toml::from_str(text).map_err(|e| super::resources::resource_error(file, text, &e))?;
    let problem = |message: String, path: &[Step<'_>]| Diagnostic {
        warning: false,
        file: file.to_string(),
        position: position(text, path),
        message,
        hint: Some("see docs/resources.md for the measures data".into()),
    };
    if data.format != 1 {
        return Err(problem(
            format!("format {} is not supported", data.format),
            &[Key("format")],
        ));
    }
    let missing: Vec<&str> = WORDS
        .iter()
        .copied()
        .filter(|w| !data.words.contains_key(*w))
        .collect();
    if !missing.is_empty() {
        return Err(problem(
            format!(
                "[words] lacks {}",
                missing
                    .iter()
                    .map(|w| format!("`{w}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            &[Key("words")],
        ));
    }
    for (i, m) in data.measures.iter().enumerate() {
        let at = |rest: &[Step<'static>]| [&[Key("measure"), Index(i)][..], rest].concat();
        if m.min >= m.max {
            return Err(problem(
                format!("measure `{}`: min must be below max", m.id),
                &at(&[Key("min")]),
            ));
        }
        if let Some(k) = m.bands.windows(2).position(|w| w[1].from <= w[0].to) {
            return Err(problem(
                format!(
                    "measure `{}`: bands must be in order from the lowest scores up, without overlapping",
                    m.id
                ),
                &at(&[Key("bands"), Index(k + 1)]),
            ));
        }
        for (k, b) in m.bands.iter().enumerate() {
            if b.from > b.to || b.from < m.min || b.to > m.max {
                return Err(problem(
                    format!(
                        "measure `{}`: the band `{}` must lie within {} to {}",
                        m.id, b.label, m.min, m.max
                    ),
                    &at(&[Key("bands"), Index(k)]),
                ));
            }
        }
        if m.response.is_some_and(|r| !(0.0..=1.0).contains(&r)) {
            return Err(problem(
                format!(
                    "measure `{}`: response is a share from 0 to 1 (0.5 = half)",
                    m.id
                ),
                &at(&[Key("response")]),
            ));
        }
        for (key, path) in [("total", &m.total), ("date", &m.date)] {
            if !path.contains('.') {
                return Err(problem(
                    format!("measure `{}`: {key} must be written section.field", m.id),
                    &at(&[Key(key)]),
                ));
            }
        }
    }
    Ok(data)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_measures_parse_with_their_thresholds() {
        let data = parse_measures(
            "measures.toml",
            crate::assets::get(crate::assets::RESOURCES, "measures.toml").unwrap(),
        )
        .unwrap();
        let phq = data.measures.iter().find(|m| m.id == "phq9").unwrap();
        assert_eq!(
            (phq.caseness, phq.reliable_change, phq.remission_below),
            (Some(10), Some(6), Some(5))
        );
        assert_eq!(phq.band(10).unwrap().label, "Moderate");
        let gad = data.measures.iter().find(|m| m.id == "gad7").unwrap();
        assert_eq!((gad.caseness, gad.reliable_change), (Some(8), Some(4)));
        assert!(!phq.sources.is_empty() && !gad.sources.is_empty());
    }

    /// A measures file with every word, then `rest`.
    fn with_words(rest: &str) -> String {
        let mut text = "format = 1\n[words]\n".to_string();
        for w in WORDS {
            text.push_str(&format!("{w} = \"x\"\n"));
        }
        text + rest
    }

    #[test]
    fn a_missing_word_is_named() {
        let text = with_words("").replace("chart_note = \"x\"\n", "");
        let e = parse_measures("m.toml", &text).unwrap_err();
        assert!(e.message.contains("`chart_note`"), "{e:?}");
    }

    #[test]
    fn a_band_outside_the_scores_is_refused() {
        let text = with_words(
            "[[measure]]\nid = \"x\"\nname = \"X\"\ntitle = \"X\"\nworksheet = \"x\"\ntotal = \"s.t\"\ndate = \"s.d\"\nmin = 0\nmax = 10\nbands = [{ from = 5, to = 12, label = \"High\" }]\n",
        );
        let e = parse_measures("m.toml", &text).unwrap_err();
        assert!(e.message.contains("`High`"), "{e:?}");
        let band = text.find("{ from = 5").unwrap();
        assert_eq!(
            e.position,
            Some(crate::spec::Position::of(&text, band)),
            "the band is named by its line and column"
        );
    }
}
