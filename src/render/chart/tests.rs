//! The chart's geometry: what a therapist and client need to see is there, apart, and legible
//! in black and white and in large print.

use super::*;
use crate::document::chart::{ChartBand, ChartPoint, Threshold};

/// A rough measure: 0.6 em a character, a little wider in bold.
fn measure(text: &str, size: f32, bold: bool) -> f32 {
    text.chars().count() as f32 * size * if bold { 0.66 } else { 0.6 }
}

fn phq9(scores: &[Option<i64>]) -> Chart {
    let bands = [
        (0, 4, "Minimal"),
        (5, 9, "Mild"),
        (10, 14, "Moderate"),
        (15, 19, "Moderately severe"),
        (20, 27, "Severe"),
    ];
    Chart {
        id: "phq9".into(),
        title: "Depression (PHQ-9)".into(),
        min: 0,
        max: 27,
        bands: bands
            .iter()
            .map(|(from, to, label)| ChartBand {
                from: *from,
                to: *to,
                label: label.to_string(),
            })
            .collect(),
        threshold: Some(Threshold {
            value: 10,
            label: "clinical range: 10 or more".into(),
        }),
        span: 28 * (scores.len() as i64 - 1),
        points: scores
            .iter()
            .enumerate()
            .map(|(i, s)| ChartPoint {
                day: 28 * i as i64,
                labels: vec![
                    format!("2027-0{}-01", i + 1),
                    format!("session {}", 4 * i + 1),
                ],
                score: *s,
                gap: s.is_none().then(|| "not taken".to_string()),
            })
            .collect(),
        note: "How to read it.".into(),
        alt: String::new(),
        sparkline: String::new(),
        image: None,
    }
}

fn texts(f: &Figure) -> Vec<(&str, Box4)> {
    f.shapes
        .iter()
        .filter_map(|s| match s {
            Shape::Text {
                x,
                y,
                size,
                bold,
                anchor,
                text,
                ..
            } => {
                let w = measure(text, *size, *bold);
                let x0 = match anchor {
                    Anchor::Start => *x,
                    Anchor::Middle => x - w / 2.0,
                    Anchor::End => x - w,
                };
                Some((text.as_str(), (x0, y - size * 0.8, x0 + w, y + size * 0.2)))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn every_score_is_a_labelled_point_and_every_band_is_named() {
    let f = layout(
        &phq9(&[Some(16), Some(12), Some(9), Some(4)]),
        480.0,
        11.0,
        700.0,
        &measure,
    );
    let dots = f
        .shapes
        .iter()
        .filter(|s| matches!(s, Shape::Dot { .. }))
        .count();
    assert_eq!(dots, 4);
    let words: Vec<&str> = texts(&f).iter().map(|(t, _)| *t).collect();
    for want in [
        "16",
        "12",
        "9",
        "4",
        "Minimal",
        "Moderately severe",
        "clinical range: 10 or more",
        "2027-01-01",
        "session 13",
    ] {
        assert!(words.contains(&want), "`{want}` in {words:?}");
    }
}

#[test]
fn bands_differ_in_grey_enough_for_black_and_white_print() {
    let f = layout(&phq9(&[Some(16)]), 480.0, 11.0, 700.0, &measure);
    let greys: Vec<f32> = f
        .shapes
        .iter()
        .filter_map(|s| match s {
            Shape::Rect { fill, .. } if *fill != WHITE => Some(fill.0),
            _ => None,
        })
        .collect();
    assert_eq!(greys.len(), 5);
    for pair in greys.windows(2) {
        assert!(pair[0] - pair[1] >= 0.06, "{greys:?}");
    }
    for g in &greys {
        assert!(*g > 0.6, "dark enough to hide the line: {greys:?}");
    }
}

#[test]
fn the_clinical_range_is_a_dashed_line_between_9_and_10() {
    let f = layout(&phq9(&[Some(16), Some(4)]), 480.0, 11.0, 700.0, &measure);
    let dashed: Vec<f32> = f
        .shapes
        .iter()
        .filter_map(|s| match s {
            Shape::Line {
                from,
                to,
                dash: Some(d),
                ..
            } if from.1 == to.1 && *d > 2.0 => Some(from.1),
            _ => None,
        })
        .collect();
    assert_eq!(dashed.len(), 1);
    let tick = |label: &str| {
        texts(&f)
            .into_iter()
            .find(|(t, b)| *t == label && b.0 < 30.0)
            .map(|(_, b)| b.1 + (b.3 - b.1) * 0.8)
            .unwrap()
    };
    // The line lies between the ticks of 9 … 10: just below 10's tick.
    let (ten, five) = (tick("10"), tick("5"));
    assert!(
        dashed[0] > ten && dashed[0] < ten + (five - ten) / 5.0,
        "{dashed:?} {ten} {five}"
    );
}

#[test]
fn a_score_not_taken_breaks_the_line_and_is_named() {
    let f = layout(
        &phq9(&[Some(16), None, Some(9)]),
        480.0,
        11.0,
        700.0,
        &measure,
    );
    let solid = f
        .shapes
        .iter()
        .filter(|s| matches!(s, Shape::Polyline { .. }))
        .count();
    assert_eq!(solid, 0, "no solid line joins scores across a gap");
    let dotted = f
        .shapes
        .iter()
        .filter(|s| matches!(s, Shape::Line { dash: Some(d), .. } if *d < 2.0))
        .count();
    assert_eq!(
        dotted, 2,
        "the bridge across the gap and the mark at the gap"
    );
    assert!(texts(&f).iter().any(|(t, _)| *t == "not taken"));
}

#[test]
fn in_large_print_no_label_covers_another_and_all_stay_on_the_figure() {
    for size in [8.0, 11.0, 16.0, 24.0] {
        for scores in [
            vec![Some(16), Some(12), Some(9), Some(4)],
            vec![Some(10), Some(9), Some(10), Some(9), Some(10), Some(9)],
            vec![Some(27), None, Some(0)],
        ] {
            let f = layout(&phq9(&scores), 482.0, size, 650.0, &measure);
            let t = texts(&f);
            for (i, (a, ba)) in t.iter().enumerate() {
                assert!(
                    ba.0 >= -0.5 && ba.2 <= f.width + 0.5,
                    "{a} leaves the figure at {size}pt"
                );
                for (b, bb) in &t[i + 1..] {
                    let shrink = |b: Box4| (b.0 + 0.5, b.1 + 0.5, b.2 - 0.5, b.3 - 0.5);
                    assert!(
                        !overlaps(shrink(*ba), shrink(*bb)),
                        "`{a}` and `{b}` overlap at {size}pt with {scores:?}"
                    );
                }
            }
            assert!(f.height <= 650.0, "{size}pt: {}", f.height);
        }
    }
}
