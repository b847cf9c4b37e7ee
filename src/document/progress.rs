//! The progress document: one section per questionnaire followed over the course, each with
//! its chart, a table of every score (date, session, score, range, the safety item's answer)
//! and what the change since the first score means. Used by `ipt progress`, the session packet
//! and the termination review ([`sections`]). Pure; the wording comes from
//! `resources/measures.toml`.
//!
//! Owns: turning series of scores into document sections. Must not read answers (the caller
//! gathers the series) or judge change itself (that is `measures`).

use crate::answers::date::Date;
use crate::measures::{self, Point, Series};
use crate::plan::schedule::Schedule;
use crate::spec::measures_data::MeasuresData;
use crate::spec::resources::Resources;

use super::chart::{ChartBand, ChartText, Occasion, Threshold, chart};
use super::{Answer, Cell, DocSection, Document, Item, Table, crisis_block};

/// What the progress sections are drawn from.
pub struct Progress<'a> {
    /// Every measure's scores, in date order (`measures::collect`).
    pub series: &'a [Series],
    /// The course's sessions, to show where a questionnaire was due but not taken.
    pub schedule: Option<&'a Schedule>,
    /// Only scores up to this session (a session's packet shows the course so far).
    pub up_to: Option<usize>,
}

/// The progress document: a title, the sections, the disclaimer and crisis block (at the top as
/// well when a safety item was answered above its lowest answer).
pub fn progress(p: &Progress<'_>, resources: &Resources, language: &str) -> Document {
    let data = &resources.measures;
    Document {
        title: data.word("progress_title"),
        language: language.to_string(),
        worksheet: "progress".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        summary: data.word("progress_summary"),
        instructions_md: String::new(),
        blank: false,
        fit_pages: None,
        relationship: None,
        relationship_alert: false,
        safety_alert: safety_raised(p),
        sections: sections(p, data),
        disclaimer_md: resources.safety.disclaimer.trim().to_string(),
        crisis: crisis_block(resources),
    }
}

/// Whether any score shown had its safety item answered above the lowest answer.
fn safety_raised(p: &Progress<'_>) -> bool {
    p.series
        .iter()
        .flat_map(|s| shown(s, p.up_to))
        .any(|pt| pt.safety_raised)
}

/// The points of a series up to session `up_to`.
fn shown(s: &Series, up_to: Option<usize>) -> impl Iterator<Item = &Point> {
    s.points.iter().filter(move |pt| match (up_to, pt.session) {
        (Some(n), Some(at)) => at <= n,
        _ => true,
    })
}

/// One section per measure with a score, in the order of the series (`measures::order` gives
/// the usual one): chart, table and what the change means. For a document of its own
/// ([`progress`]) or to add to another (the termination review). All charts share one time axis.
pub fn sections(p: &Progress<'_>, data: &MeasuresData) -> Vec<DocSection> {
    // Sessions where a questionnaire was due count as "not taken" from the first session with
    // any score to the last (but not a packet's own session: it may be printed before).
    let sessions: Vec<usize> = p
        .series
        .iter()
        .flat_map(|s| shown(s, p.up_to))
        .filter_map(|pt| pt.session)
        .collect();
    let bounds = sessions
        .iter()
        .min()
        .copied()
        .zip(sessions.iter().max().copied());
    let series: Vec<(&Series, Vec<Row>)> = p
        .series
        .iter()
        .map(|s| (s, rows(s, p, bounds)))
        .filter(|(_, rows)| rows.iter().any(|r| r.point.is_some()))
        .collect();
    let dates = series
        .iter()
        .flat_map(|(_, rows)| rows.iter().filter_map(|r| r.date));
    let axis = dates.clone().min().zip(dates.max());
    series
        .iter()
        .map(|(s, rows)| section(s, rows, data, axis, p.up_to))
        .collect()
}

/// A line of a measure's table: a score, or a session where it was due but not taken.
struct Row<'a> {
    date: Option<Date>,
    session: Option<usize>,
    point: Option<&'a Point>,
}

/// The scores of a series, with the sessions within `bounds` where the plan had it due and none
/// was taken.
fn rows<'a>(s: &'a Series, p: &Progress<'_>, bounds: Option<(usize, usize)>) -> Vec<Row<'a>> {
    let mut rows: Vec<Row> = shown(s, p.up_to)
        .map(|pt| Row {
            date: pt.date,
            session: pt.session,
            point: Some(pt),
        })
        .collect();
    let taken: Vec<usize> = rows.iter().filter_map(|r| r.session).collect();
    if let (Some(schedule), Some(def), Some((first, last))) = (p.schedule, s.def.as_ref(), bounds) {
        for session in &schedule.sessions {
            let due = session
                .measures
                .iter()
                .any(|m| *m == def.id || *m == def.worksheet);
            if due
                && (first..=last).contains(&session.number)
                && p.up_to.is_none_or(|n| session.number < n)
                && !taken.contains(&session.number)
            {
                rows.push(Row {
                    date: Some(session.date),
                    session: Some(session.number),
                    point: None,
                });
            }
        }
    }
    rows.sort_by_key(|r| (r.date, r.session));
    rows
}

fn section(
    s: &Series,
    rows: &[Row<'_>],
    data: &MeasuresData,
    axis: Option<(Date, Date)>,
    up_to: Option<usize>,
) -> DocSection {
    let w = |key: &str| data.word(key);
    let def = s.def.as_ref();
    let safety_label = match def {
        Some(d) => d.safety_label.clone(),
        None => data.external.as_ref().and_then(|e| e.safety_label.clone()),
    };
    let with_safety = rows
        .iter()
        .any(|r| r.point.is_some_and(|p| p.safety_answer.is_some()));
    let mut columns = vec![
        w("column_date"),
        w("column_session"),
        w("column_score"),
        w("column_band"),
    ];
    if with_safety {
        columns.push(safety_label.clone().unwrap_or_default());
    }
    let table_rows = rows
        .iter()
        .map(|r| {
            let mut cells = vec![
                r.date.map(|d| d.to_string()).unwrap_or_default(),
                r.session.map(|n| n.to_string()).unwrap_or_default(),
                match r.point {
                    None => w("not_taken"),
                    Some(p) => p.total.map_or_else(|| w("not_added_up"), |t| t.to_string()),
                },
                r.point.and_then(|p| p.band.clone()).unwrap_or_default(),
            ];
            if with_safety {
                cells.push(
                    r.point
                        .and_then(|p| p.safety_answer.clone())
                        .unwrap_or_default(),
                );
            }
            cells.iter().map(|c| Cell::text(c)).collect()
        })
        .collect();
    let occasions: Vec<Occasion> = rows
        .iter()
        .map(|r| Occasion {
            date: r.date,
            session: r.session,
            score: r.point.and_then(|p| p.total),
            gap: Some(match r.point {
                None => w("not_taken"),
                Some(_) => w("not_added_up"),
            }),
        })
        .collect();
    let (range, bands, threshold) = match def {
        Some(d) => (
            (d.min, d.max),
            d.bands
                .iter()
                .map(|b| ChartBand {
                    from: b.from,
                    to: b.to,
                    label: b.label.clone(),
                })
                .collect(),
            d.caseness.map(|c| Threshold {
                value: c,
                label: w("chart_caseness").replace("{threshold}", &c.to_string()),
            }),
        ),
        None => {
            // No known range: from 0 to a round number above the highest score.
            let top = occasions.iter().filter_map(|o| o.score).max().unwrap_or(0);
            ((0, ((top + 4) / 5 * 5).max(10)), Vec::new(), None)
        }
    };
    let alt = w("chart_alt").replace("{measure}", &s.name);
    let text = ChartText {
        id: &s.id,
        title: &s.title,
        note: &w("chart_note"),
        alt: &alt,
        session: &w("chart_session"),
    };
    let figure = chart(&text, range, bands, threshold, &occasions, axis);
    let mut items = vec![Item {
        id: format!("{}.meaning", s.id),
        prompt: w("meaning"),
        help: None,
        note: None,
        answer: Answer::List {
            items: meaning(s, data, up_to),
            lines: 0,
        },
    }];
    let raised: Vec<&Point> = rows
        .iter()
        .filter_map(|r| r.point)
        .filter(|p| p.safety_raised)
        .collect();
    if let Some(first) = raised.first() {
        let label = safety_label.unwrap_or_default();
        let when: Vec<String> = raised
            .iter()
            .map(|p| match (p.session, p.date) {
                (Some(n), Some(d)) => {
                    format!("{}, {d}", w("chart_session").replace("{n}", &n.to_string()))
                }
                (Some(n), None) => w("chart_session").replace("{n}", &n.to_string()),
                (None, Some(d)) => d.to_string(),
                (None, None) => String::new(),
            })
            .collect();
        items.push(Item {
            id: format!("{}.safety", s.id),
            prompt: label.clone(),
            help: None,
            note: None,
            answer: Answer::Text {
                text: Some(
                    w("safety_item")
                        .replace("{item}", &label)
                        .replace("{lowest}", first.safety_lowest.as_deref().unwrap_or(""))
                        .replace("{when}", &when.join("; ")),
                ),
                long: false,
                lines: 1,
            },
        });
    }
    DocSection {
        table: Some(Table {
            columns,
            rows: table_rows,
        }),
        chart: Some(figure),
        ..DocSection::single(format!("progress-{}", s.id), s.title.clone(), items)
    }
}

/// The change since the first score and what it means, one statement each.
fn meaning(s: &Series, data: &MeasuresData, up_to: Option<usize>) -> Vec<String> {
    let shown = Series {
        points: shown(s, up_to).cloned().collect(),
        ..s.clone()
    };
    let (Some((first_point, first)), Some((latest_point, latest))) =
        (shown.first(), shown.latest())
    else {
        return Vec::new();
    };
    if std::ptr::eq(first_point, latest_point) {
        return vec![data.word("one_score")];
    }
    let key = match latest - first {
        0 => "since_first_same",
        c if c < 0 => "since_first_down",
        _ => "since_first_up",
    };
    let mut out = vec![
        data.word(key)
            .replace("{first}", &first.to_string())
            .replace("{latest}", &latest.to_string())
            .replace("{change}", &(latest - first).abs().to_string()),
    ];
    if let Some(c) = measures::change(&shown, data) {
        out.extend(c.statements);
    }
    out
}

#[cfg(test)]
mod tests;
