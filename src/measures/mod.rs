//! Measures over time: the scores of the questionnaires a course follows (PHQ-9, GAD-7, scores
//! typed in from other questionnaires), put in date order, and what the change from the first
//! score to the latest means, with thresholds and wording from `resources/measures.toml`.
//!
//! Owns: reading totals, dates and the safety item from checked answers, ordering the series, and
//! judging change. Pure: the caller gathers the answers files (a case's, or files named on the
//! command line) and checks them; the document and renderers receive plain data. The wording
//! describes scores; it never says how safe a person is or diagnoses.

use serde::Serialize;

use crate::answers::date::Date;
use crate::answers::{Checked, Meta, Value};
use crate::jinja::Data;
use crate::spec::measures_data::{MeasureDef, MeasuresData};

pub mod export;
#[cfg(test)]
mod tests;

/// One set of checked answers, with where it came from.
pub struct Reading<'a> {
    pub worksheet: &'a str,
    pub checked: &'a Checked,
    pub meta: &'a Meta,
    /// The file, for messages and tables.
    pub source: String,
}

/// One score.
#[derive(Debug, Clone, PartialEq)]
pub struct Point {
    pub date: Option<Date>,
    pub session: Option<usize>,
    /// None when the questionnaire was not complete enough to add up.
    pub total: Option<i64>,
    pub band: Option<String>,
    /// The safety item's answer, as worded (e.g. "Several days"), when the measure has one.
    pub safety_answer: Option<String>,
    /// The safety item was answered above its lowest answer.
    pub safety_raised: bool,
    /// The safety item's lowest answer, as worded (e.g. "Not at all").
    pub safety_lowest: Option<String>,
    pub source: String,
}

/// Every score of one measure, in date order.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub id: String,
    pub name: String,
    pub title: String,
    /// Thresholds and bands, for the questionnaires this file knows.
    pub def: Option<MeasureDef>,
    pub points: Vec<Point>,
}

impl Series {
    /// The scores that were added up, in order.
    pub fn totals(&self) -> impl Iterator<Item = (&Point, i64)> {
        self.points.iter().filter_map(|p| p.total.map(|t| (p, t)))
    }

    pub fn first(&self) -> Option<(&Point, i64)> {
        self.totals().next()
    }

    pub fn latest(&self) -> Option<(&Point, i64)> {
        self.totals().last()
    }
}

/// Reads every reading's scores into series, in date order (then session, then file).
pub fn collect(data: &MeasuresData, readings: &[Reading<'_>]) -> Vec<Series> {
    let mut series: Vec<Series> = Vec::new();
    let mut add =
        |id: &str, name: &str, title: &str, def: Option<&MeasureDef>, point: Point| match series
            .iter_mut()
            .find(|s| s.id == id)
        {
            Some(s) => s.points.push(point),
            None => series.push(Series {
                id: id.to_string(),
                name: name.to_string(),
                title: title.to_string(),
                def: def.cloned(),
                points: vec![point],
            }),
        };
    for r in readings {
        for def in data.measures.iter().filter(|d| d.worksheet == r.worksheet) {
            add(&def.id, &def.name, &def.title, Some(def), point(def, r));
        }
        if let Some(ext) = data
            .external
            .as_ref()
            .filter(|e| e.worksheet == r.worksheet)
            && let Some(section) = r.checked.sections.iter().find(|s| s.id == ext.section)
        {
            for entry in &section.entries {
                let get = |id: &str| {
                    entry
                        .fields
                        .iter()
                        .find(|f| f.id == id)
                        .and_then(|f| f.value.as_ref())
                };
                let Some(Value::Choice(scale) | Value::Text(scale)) = get(&ext.scale) else {
                    continue;
                };
                let safety = ext.safety.as_deref().and_then(get);
                let known = data.measures.iter().find(|m| m.name == *scale);
                add(
                    &format!("external:{scale}"),
                    scale,
                    scale,
                    None,
                    Point {
                        date: match get(&ext.date) {
                            Some(Value::Date(d)) => Some(*d),
                            _ => r.meta.date,
                        },
                        session: r.meta.session,
                        total: get(&ext.score).and_then(number),
                        band: get(&ext.score)
                            .and_then(number)
                            .and_then(|t| known.and_then(|k| k.band(t)))
                            .map(|b| b.label.clone()),
                        safety_answer: safety.map(|v| {
                            if *v == Value::Bool(true) {
                                "Yes".into()
                            } else {
                                "No".into()
                            }
                        }),
                        safety_raised: safety == Some(&Value::Bool(true)),
                        safety_lowest: safety.map(|_| "No".into()),
                        source: r.source.clone(),
                    },
                );
            }
        }
    }
    for s in &mut series {
        s.points
            .sort_by(|a, b| (a.date, a.session, &a.source).cmp(&(b.date, b.session, &b.source)));
    }
    series
}

/// Puts series in a stable order: the data's questionnaires in its order, then other scores by
/// name.
pub fn order(series: &mut [Series], data: &MeasuresData) {
    series.sort_by_key(|s| {
        (
            data.measures
                .iter()
                .position(|m| m.id == s.id)
                .unwrap_or(usize::MAX),
            s.name.clone(),
        )
    });
}

fn number(v: &Value) -> Option<i64> {
    match v {
        Value::Integer(i) => Some(*i),
        Value::Computed(Data::Int(i)) => Some(*i),
        Value::Computed(Data::Float(f)) | Value::Decimal(f) if f.fract() == 0.0 => Some(*f as i64),
        _ => None,
    }
}

/// One questionnaire's score from its checked answers.
fn point(def: &MeasureDef, r: &Reading<'_>) -> Point {
    let total = r.checked.value(&def.total).and_then(number);
    let (safety_answer, safety_raised, safety_lowest) = match def.safety_item.as_deref() {
        Some(path) => match r.checked.field(path) {
            Some(f) => match (&f.value, &f.options) {
                (Some(Value::Choice(v)), Some(options)) => {
                    let at = options.iter().position(|o| &o.value == v);
                    (
                        Some(at.map_or_else(|| v.clone(), |i| options[i].label.clone())),
                        at.is_some_and(|i| i > 0),
                        options.first().map(|o| o.label.clone()),
                    )
                }
                (Some(Value::Choice(v)), None) => (Some(v.clone()), v != "0", None),
                _ => (None, false, None),
            },
            None => (None, false, None),
        },
        None => (None, false, None),
    };
    Point {
        date: match r.checked.value(&def.date) {
            Some(Value::Date(d)) => Some(*d),
            _ => r.meta.date,
        },
        session: r.meta.session,
        band: total.and_then(|t| def.band(t)).map(|b| b.label.clone()),
        total,
        safety_answer,
        safety_raised,
        safety_lowest,
        source: r.source.clone(),
    }
}

/// What the change from the first score to the latest means.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Change {
    pub first: i64,
    pub latest: i64,
    /// Latest minus first.
    pub change: i64,
    pub reliable_improvement: bool,
    pub reliable_deterioration: bool,
    pub recovery: bool,
    pub reliable_recovery: bool,
    pub response: bool,
    pub remission: bool,
    /// The same, in words from the data, one statement each.
    pub statements: Vec<String>,
}

/// Judges the change of a series from its first score to its latest (None with fewer than two
/// scores, or for a questionnaire without thresholds).
pub fn change(series: &Series, data: &MeasuresData) -> Option<Change> {
    let def = series.def.as_ref()?;
    let (first_point, first) = series.first()?;
    let (latest_point, latest) = series.latest()?;
    if std::ptr::eq(first_point, latest_point) {
        return None;
    }
    Some(judge(def, data, first, latest))
}

/// The judgement of a change from `first` to `latest` on measure `def`.
pub fn judge(def: &MeasureDef, data: &MeasuresData, first: i64, latest: i64) -> Change {
    let word = |key: &str, threshold: String| {
        data.words
            .get(key)
            .cloned()
            .unwrap_or_default()
            .replace("{measure}", &def.name)
            .replace("{first}", &first.to_string())
            .replace("{latest}", &latest.to_string())
            .replace("{change}", &(latest - first).abs().to_string())
            .replace("{threshold}", &threshold)
    };
    let diff = latest - first;
    let mut c = Change {
        first,
        latest,
        change: diff,
        ..Change::default()
    };
    if let Some(rc) = def.reliable_change {
        c.reliable_improvement = -diff >= rc;
        c.reliable_deterioration = diff >= rc;
        c.statements.push(word(
            if c.reliable_improvement {
                "reliable_improvement"
            } else if c.reliable_deterioration {
                "reliable_deterioration"
            } else {
                "no_reliable_change"
            },
            rc.to_string(),
        ));
    }
    if let Some(case) = def.caseness {
        if first >= case {
            c.recovery = latest < case;
            c.reliable_recovery = c.recovery && c.reliable_improvement;
            c.statements.push(word(
                if c.recovery {
                    "recovery"
                } else {
                    "still_in_range"
                },
                case.to_string(),
            ));
            if c.reliable_recovery {
                c.statements
                    .push(word("reliable_recovery", case.to_string()));
            }
        } else {
            c.statements
                .push(word("not_in_range_at_start", case.to_string()));
        }
    }
    if let Some(share) = def.response
        && first > 0
    {
        let target = (first as f64 * (1.0 - share)).floor() as i64;
        c.response = latest <= target;
        c.statements.push(word(
            if c.response {
                "response"
            } else {
                "no_response"
            },
            target.to_string(),
        ));
    }
    if let Some(below) = def.remission_below {
        c.remission = latest < below;
        if c.remission {
            c.statements.push(word("remission", below.to_string()));
        }
    }
    c
}
