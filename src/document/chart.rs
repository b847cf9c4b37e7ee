//! A chart of one questionnaire's scores over time, as plain data: the score range with its
//! shaded bands, the line where the clinical range begins, one point per occasion (a score, or
//! a gap where the questionnaire was due but not taken) on a time axis shared by the document's
//! charts, and the same scores as a one-line sparkline for text.
//!
//! Owns: the chart element and building it from occasions. Pure. Must not know any output
//! syntax or geometry: renderers (`render::chart` and its users) decide how it looks.

use serde::Serialize;

use crate::answers::date::Date;

/// A line chart of scores over dates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Chart {
    /// The measure's id (`phq9`), for names of files written beside a document.
    pub id: String,
    pub title: String,
    /// The lowest and highest possible scores: the vertical axis.
    pub min: i64,
    pub max: i64,
    /// Shaded ranges of scores with their labels, lowest first.
    pub bands: Vec<ChartBand>,
    /// Where the clinical range begins (at or above `value`), marked by a dashed line.
    pub threshold: Option<Threshold>,
    /// The horizontal axis in days: 0 is the first occasion of the document's charts, `span`
    /// the last (0 when there is one date). Without dates it counts occasions instead.
    pub span: i64,
    pub points: Vec<ChartPoint>,
    /// How to read the chart, in a sentence or two.
    pub note: String,
    /// The chart in words, for an image's alternative text.
    pub alt: String,
    /// The scores as block characters, one per occasion, `·` where none was taken.
    pub sparkline: String,
    /// The SVG file of this chart beside a Markdown file, when one is written.
    pub image: Option<String>,
}

/// A range of scores, from `from` to `to` inclusive.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChartBand {
    pub from: i64,
    pub to: i64,
    pub label: String,
}

/// A score at or above which a line is drawn, with its label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Threshold {
    pub value: i64,
    pub label: String,
}

/// One occasion on the chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChartPoint {
    /// Position on the horizontal axis (see [`Chart::span`]).
    pub day: i64,
    /// Labels under the axis, one per line: the date, then the session.
    pub labels: Vec<String>,
    /// `None`: due but not taken, or not added up. A line never joins across it.
    pub score: Option<i64>,
    /// What a gap says ("not taken", "not added up"); none for a score.
    pub gap: Option<String>,
}

/// An occasion of a measure, as the chart receives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occasion {
    pub date: Option<Date>,
    pub session: Option<usize>,
    pub score: Option<i64>,
    /// Why there is no score, when there is none.
    pub gap: Option<String>,
}

/// What a chart says besides its points.
pub struct ChartText<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub note: &'a str,
    /// The alternative text with `{scores}` still to fill in.
    pub alt: &'a str,
    /// How a session is named under the axis, with `{n}`.
    pub session: &'a str,
}

/// The chart of `occasions` (in order) on an axis starting at `start` (the document's first
/// date). Scores outside `min..=max` are kept, and the range widened to show them.
pub fn chart(
    text: &ChartText<'_>,
    range: (i64, i64),
    bands: Vec<ChartBand>,
    threshold: Option<Threshold>,
    occasions: &[Occasion],
    axis: Option<(Date, Date)>,
) -> Chart {
    let scores = occasions.iter().filter_map(|o| o.score);
    let min = scores.clone().fold(range.0, i64::min);
    let max = scores.fold(range.1, i64::max).max(min + 1);
    let dated = occasions.iter().all(|o| o.date.is_some());
    let (start, span) = match axis {
        Some((first, last)) if dated => (first.ordinal(), last.ordinal() - first.ordinal()),
        _ => (0, occasions.len().saturating_sub(1) as i64),
    };
    let points = occasions
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let mut labels = Vec::new();
            if let Some(d) = o.date {
                labels.push(d.to_string());
            }
            if let Some(n) = o.session {
                labels.push(text.session.replace("{n}", &n.to_string()));
            }
            ChartPoint {
                day: match o.date {
                    Some(d) if dated => d.ordinal() - start,
                    _ => i as i64,
                },
                labels,
                score: o.score,
                gap: o.score.is_none().then(|| o.gap.clone().unwrap_or_default()),
            }
        })
        .collect::<Vec<_>>();
    let listed: Vec<String> = points
        .iter()
        .map(|p| match p.score {
            Some(s) => s.to_string(),
            None => p.gap.clone().unwrap_or_default(),
        })
        .collect();
    Chart {
        id: text.id.to_string(),
        title: text.title.to_string(),
        min,
        max,
        bands,
        threshold,
        span,
        sparkline: sparkline(&points, min, max),
        points,
        note: text.note.to_string(),
        alt: text.alt.replace("{scores}", &listed.join(", ")),
        image: None,
    }
}

/// The eight block characters of a sparkline, lowest first.
const BLOCKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/// One character per point: its score's height within `min..=max`, `·` for a gap.
pub fn sparkline(points: &[ChartPoint], min: i64, max: i64) -> String {
    let range = (max - min).max(1) as f64;
    points
        .iter()
        .map(|p| match p.score {
            Some(s) => {
                let share = ((s - min) as f64 / range).clamp(0.0, 1.0);
                BLOCKS[(share * 7.0).round() as usize]
            }
            None => '·',
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text() -> ChartText<'static> {
        ChartText {
            id: "phq9",
            title: "Depression (PHQ-9)",
            note: "",
            alt: "PHQ-9 scores: {scores}",
            session: "session {n}",
        }
    }

    fn on(date: &str, session: usize, score: Option<i64>) -> Occasion {
        Occasion {
            date: Date::parse(date),
            session: Some(session),
            score,
            gap: score.is_none().then(|| "not taken".to_string()),
        }
    }

    #[test]
    fn points_sit_on_a_shared_time_axis_with_date_and_session_labels() {
        let start = Date::parse("2027-01-04").unwrap();
        let end = Date::parse("2027-03-22").unwrap();
        let c = chart(
            &text(),
            (0, 27),
            Vec::new(),
            None,
            &[
                on("2027-01-11", 2, Some(17)),
                on("2027-02-08", 6, None),
                on("2027-03-22", 12, Some(4)),
            ],
            Some((start, end)),
        );
        assert_eq!(c.span, 77);
        let days: Vec<i64> = c.points.iter().map(|p| p.day).collect();
        assert_eq!(days, [7, 35, 77]);
        assert_eq!(c.points[0].labels, ["2027-01-11", "session 2"]);
        assert_eq!(c.alt, "PHQ-9 scores: 17, not taken, 4");
    }

    #[test]
    fn without_dates_the_axis_counts_occasions() {
        let c = chart(
            &text(),
            (0, 27),
            Vec::new(),
            None,
            &[
                Occasion {
                    date: None,
                    session: None,
                    score: Some(3),
                    gap: None,
                },
                on("2027-01-11", 2, Some(5)),
            ],
            None,
        );
        assert_eq!((c.span, c.points[1].day), (1, 1));
    }

    #[test]
    fn a_sparkline_has_one_block_per_occasion_and_a_dot_for_a_gap() {
        let points: Vec<ChartPoint> = [Some(0), Some(27), None, Some(13)]
            .into_iter()
            .enumerate()
            .map(|(i, score)| ChartPoint {
                day: i as i64,
                labels: Vec::new(),
                score,
                gap: None,
            })
            .collect();
        assert_eq!(sparkline(&points, 0, 27), "▁█·▄");
    }

    #[test]
    fn a_score_beyond_the_range_widens_it() {
        let c = chart(
            &text(),
            (0, 10),
            Vec::new(),
            None,
            &[on("2027-01-11", 1, Some(14))],
            None,
        );
        assert_eq!((c.min, c.max), (0, 14));
    }
}
