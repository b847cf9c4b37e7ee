//! The geometry of a chart of scores over time, shared by the PDF and SVG renderers so that both
//! draw the same figure: shaded bands named on the right (grey steps, lightest for the lowest
//! scores, so they stay apart in black and white), the score axis, the dashed line where the
//! clinical range begins with its label, the scores joined by a line and each labelled with its
//! number, dotted where a questionnaire was due but not taken, and the dates and sessions
//! under the axis. Everything scales with the type size, so large print stays legible.
//!
//! Owns: where each part of a chart goes and its colour. Pure: text is measured by the
//! function the renderer hands in. Must not know output syntax (the renderers turn shapes into
//! PDF marks or SVG elements).

use crate::document::Chart;

/// An RGB colour, 0–1.
pub type Rgb = (f32, f32, f32);

/// The line and its points: a dark blue that prints as near-black.
pub const INK: Rgb = (0.08, 0.16, 0.38);
pub const TEXT: Rgb = (0.11, 0.12, 0.14);
pub const MUTED: Rgb = (0.36, 0.38, 0.42);
pub const WHITE: Rgb = (1.0, 1.0, 1.0);
/// Axis and band edges.
pub const RULE: Rgb = (0.45, 0.47, 0.50);

/// A solid line in the frame's colour.
fn rule(from: (f32, f32), to: (f32, f32), width: f32) -> Shape {
    Shape::Line {
        from,
        to,
        width,
        color: RULE,
        dash: None,
    }
}

/// The grey of band `i` of `n`, from nearly white (the lowest scores) to a mid grey: for up to
/// six bands, steps of at least 6 % so that a black-and-white print keeps them apart.
pub fn band_grey(i: usize, n: usize) -> Rgb {
    let step = if n > 1 {
        (0.30 / (n - 1) as f32).min(0.08)
    } else {
        0.0
    };
    let g = 0.975 - step * i as f32;
    (g, g, g)
}

/// Where text hangs from its anchor point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// A part of the figure. Coordinates are points from the figure's top-left corner, y down.
#[derive(Debug, Clone, PartialEq)]
pub enum Shape {
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        radius: f32,
        fill: Rgb,
    },
    /// A straight line; `dash` is the dash length (gaps are half as long again).
    Line {
        from: (f32, f32),
        to: (f32, f32),
        width: f32,
        color: Rgb,
        dash: Option<f32>,
    },
    /// Scores joined up.
    Polyline {
        points: Vec<(f32, f32)>,
        width: f32,
        color: Rgb,
    },
    Dot {
        cx: f32,
        cy: f32,
        r: f32,
        fill: Rgb,
        stroke: Rgb,
        width: f32,
    },
    /// One line of text; `y` is the baseline and `x` the anchor.
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        italic: bool,
        color: Rgb,
        anchor: Anchor,
        text: String,
    },
}

/// A laid-out chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub width: f32,
    pub height: f32,
    pub shapes: Vec<Shape>,
}

/// Measures text: (text, size, bold) → width in points.
pub type Measure<'a> = &'a dyn Fn(&str, f32, bool) -> f32;

/// A box: left, top, right, bottom.
type Box4 = (f32, f32, f32, f32);

fn overlaps(a: Box4, b: Box4) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// Lays out `chart` `width` points wide for body text of `size` points. The plot is never
/// taller than `max_height` allows, nor shorter than its band labels need.
pub fn layout(chart: &Chart, width: f32, size: f32, max_height: f32, measure: Measure) -> Figure {
    let small = size * 0.78;
    let lead = small * 1.25;
    let score_size = size * 0.85;
    let mut shapes = Vec::new();
    let mut taken: Vec<Box4> = Vec::new();

    // The score axis: tick labels at each band's lower edge and the top of the range.
    let mut ticks: Vec<i64> = chart.bands.iter().map(|b| b.from).collect();
    ticks.extend([chart.min, chart.max]);
    if let Some(t) = &chart.threshold {
        ticks.push(t.value);
    }
    ticks.sort_unstable();
    ticks.dedup();
    let tick_w = ticks
        .iter()
        .map(|t| measure(&t.to_string(), small, false))
        .fold(0.0, f32::max);
    let left = tick_w + small * 0.8;
    // Band names on the right, wrapped to fit a quarter of the width.
    let label_room = (width * 0.26).max(small * 5.0);
    let band_lines: Vec<Vec<String>> = chart
        .bands
        .iter()
        .map(|b| wrap(&b.label, small, label_room, measure))
        .collect();
    let label_w = band_lines
        .iter()
        .flatten()
        .map(|l| measure(l, small, false))
        .fold(0.0, f32::max);
    let right = width
        - if chart.bands.is_empty() {
            small
        } else {
            label_w + small * 1.2
        };
    let top = score_size * 1.6;
    // Tall enough for each band's name, and for a comfortable slope.
    let units = (chart.max - chart.min) as f32 + 1.0;
    let mut plot_h = ((right - left) * 0.5).max(size * 16.0);
    for (b, lines) in chart.bands.iter().zip(&band_lines) {
        let share = (band_top(b.to, chart.max) - band_bottom(b.from, chart.min)) / units;
        plot_h = plot_h.max(lead * lines.len() as f32 / share.max(0.01) + small);
    }
    let x_label_lines = chart
        .points
        .iter()
        .map(|p| p.labels.len())
        .max()
        .unwrap_or(0);
    let below = small * 0.9 + lead * x_label_lines as f32 + small;
    // Under the plot: the caseness line's legend (at most a line) and how to read the chart.
    let note = wrap(&chart.note, small, width, measure);
    let under = lead * (note.len() + usize::from(chart.threshold.is_some())) as f32 + small * 0.4;
    plot_h = plot_h.min((max_height - top - below - under).max(size * 8.0));
    let bottom = top + plot_h;
    let y_of = |score: f32| bottom - (score - band_bottom(chart.min, chart.min)) / units * plot_h;

    // Bands, their edges and names.
    let n = chart.bands.len();
    for (i, (b, lines)) in chart.bands.iter().zip(&band_lines).enumerate() {
        let y0 = y_of(band_top(b.to, chart.max));
        let y1 = y_of(band_bottom(b.from, chart.min));
        shapes.push(Shape::Rect {
            x: left,
            y: y0,
            w: right - left,
            h: y1 - y0,
            radius: 0.0,
            fill: band_grey(i, n),
        });
        if i > 0 {
            shapes.push(rule((left, y1), (right, y1), 0.4));
        }
        let mid = (y0 + y1) / 2.0;
        let first = mid - lead * (lines.len() as f32 - 1.0) / 2.0;
        for (k, line) in lines.iter().enumerate() {
            shapes.push(Shape::Text {
                x: right + small * 0.6,
                y: first + lead * k as f32 + small * 0.35,
                size: small,
                bold: false,
                italic: false,
                color: TEXT,
                anchor: Anchor::Start,
                text: line.clone(),
            });
        }
    }
    // The frame's left and bottom edges, and the score ticks.
    shapes.push(rule((left, top), (left, bottom), 0.7));
    shapes.push(rule((left, bottom), (right, bottom), 0.7));
    for t in &ticks {
        let y = y_of(*t as f32);
        shapes.push(rule((left - small * 0.3, y), (left, y), 0.7));
        shapes.push(Shape::Text {
            x: left - small * 0.45,
            y: y + small * 0.35,
            size: small,
            bold: false,
            italic: false,
            color: MUTED,
            anchor: Anchor::End,
            text: t.to_string(),
        });
    }

    // Where each occasion sits.
    let inset = score_size * 1.6;
    let span = chart.span.max(1) as f32;
    let x_of = |day: i64| {
        if chart.span == 0 {
            (left + right) / 2.0
        } else {
            left + inset + (right - left - 2.0 * inset) * day as f32 / span
        }
    };
    // Lines drawn under the scores (the clinical range, the gaps) go here, once the labels on
    // top of them are placed.
    let under = shapes.len();
    let mut lines_under: Vec<Shape> = Vec::new();
    let placed: Vec<(f32, Option<f32>)> = chart
        .points
        .iter()
        .map(|p| (x_of(p.day), p.score.map(|s| y_of(s as f32))))
        .collect();

    // The line: solid between neighbours, dotted across a gap.
    let scored: Vec<(usize, (f32, f32))> = placed
        .iter()
        .enumerate()
        .filter_map(|(i, (x, y))| y.map(|y| (i, (*x, y))))
        .collect();
    let mut run: Vec<(f32, f32)> = Vec::new();
    for (k, (i, at)) in scored.iter().enumerate() {
        let after_gap = k > 0 && scored[k - 1].0 + 1 != *i;
        if after_gap {
            shapes.push(Shape::Line {
                from: scored[k - 1].1,
                to: *at,
                width: 0.9,
                color: MUTED,
                dash: Some(1.2),
            });
            push_run(&mut shapes, &mut run);
        }
        run.push(*at);
    }
    push_run(&mut shapes, &mut run);

    // The points and their scores; a label goes above its point unless it would leave the plot
    // or cover another.
    let r = (size * 0.3).max(2.5);
    for (x, y) in placed.iter().filter_map(|(x, y)| y.map(|y| (*x, y))) {
        taken.push((x - r, y - r, x + r, y + r));
    }
    for (p, (x, y)) in chart.points.iter().zip(&placed) {
        let (Some(score), Some(y)) = (p.score, y) else {
            continue;
        };
        shapes.push(Shape::Dot {
            cx: *x,
            cy: *y,
            r,
            fill: INK,
            stroke: WHITE,
            width: 0.8,
        });
        let text = score.to_string();
        let w = measure(&text, score_size, true);
        let h = score_size * 1.05;
        let pad = score_size * 0.2;
        let candidates = [
            (*x, y - r - pad - h / 2.0),
            (*x, y + r + pad + h / 2.0),
            (x + r + pad + w / 2.0, y - r - h / 2.0),
            (x - r - pad - w / 2.0, y - r - h / 2.0),
        ];
        let boxed = |(cx, cy): (f32, f32)| {
            (
                cx - w / 2.0 - pad,
                cy - h / 2.0,
                cx + w / 2.0 + pad,
                cy + h / 2.0,
            )
        };
        let fits = |b: Box4| {
            b.1 >= top - score_size * 1.5
                && b.3 <= bottom
                && b.0 >= left
                && b.2 <= right
                && !taken.iter().any(|t| overlaps(*t, b))
        };
        let (cx, cy) = candidates
            .iter()
            .copied()
            .find(|c| fits(boxed(*c)))
            .unwrap_or(candidates[0]);
        let b = boxed((cx, cy));
        taken.push(b);
        halo(&mut shapes, b);
        shapes.push(Shape::Text {
            x: cx,
            y: cy + score_size * 0.36,
            size: score_size,
            bold: true,
            italic: false,
            color: INK,
            anchor: Anchor::Middle,
            text,
        });
    }

    // Gaps: a dotted mark up from the axis and the word for it.
    for (p, (x, y)) in chart.points.iter().zip(&placed) {
        let (None, Some(word)) = (y, &p.gap) else {
            continue;
        };
        lines_under.push(Shape::Line {
            from: (*x, bottom),
            to: (*x, top),
            width: 0.8,
            color: MUTED,
            dash: Some(1.2),
        });
        let w = measure(word, small, false);
        let h = small * 1.1;
        let spots = [
            bottom - small * 1.2,
            top + small * 1.2,
            (top + bottom) / 2.0,
        ];
        let boxed = |cy: f32| {
            (
                x - w / 2.0 - 2.0,
                cy - h / 2.0,
                x + w / 2.0 + 2.0,
                cy + h / 2.0,
            )
        };
        let cy = spots
            .iter()
            .copied()
            .find(|cy| !taken.iter().any(|t| overlaps(*t, boxed(*cy))))
            .unwrap_or(spots[0]);
        taken.push(boxed(cy));
        halo(&mut shapes, boxed(cy));
        shapes.push(Shape::Text {
            x: *x,
            y: cy + small * 0.35,
            size: small,
            bold: false,
            italic: true,
            color: MUTED,
            anchor: Anchor::Middle,
            text: word.clone(),
        });
    }

    // The clinical range begins: a dashed line, named beside it where that covers nothing,
    // else in a line under the chart.
    let mut legend: Option<&str> = None;
    if let Some(t) = &chart.threshold {
        let y = y_of(t.value as f32 - 0.5);
        lines_under.push(Shape::Line {
            from: (left, y),
            to: (right, y),
            width: 1.1,
            color: TEXT,
            dash: Some(4.0),
        });
        let w = measure(&t.label, small, true);
        let h = small * 1.15;
        let pad = small * 0.35;
        let spots = [
            (right - pad - w, y - h - 1.0),
            (left + pad, y - h - 1.0),
            (right - pad - w, y + 1.0),
            (left + pad, y + 1.0),
            ((left + right - w) / 2.0, y - h - 1.0),
        ];
        let boxed = |(x0, y0): (f32, f32)| (x0 - 2.0, y0, x0 + w + 2.0, y0 + h);
        // Kept a little apart from the scores, not just off them, and inside the plot.
        let clear = |b: Box4| (b.0 - 2.0, b.1 - 2.0, b.2 + 2.0, b.3 + 2.0);
        let free = spots.iter().copied().find(|s| {
            let b = boxed(*s);
            b.0 >= left && b.2 <= right && !taken.iter().any(|t| overlaps(*t, clear(b)))
        });
        match free {
            Some((x0, y0)) => {
                taken.push(boxed((x0, y0)));
                halo(&mut shapes, boxed((x0, y0)));
                shapes.push(Shape::Text {
                    x: x0,
                    y: y0 + h / 2.0 + small * 0.35,
                    size: small,
                    bold: true,
                    italic: false,
                    color: TEXT,
                    anchor: Anchor::Start,
                    text: t.label.clone(),
                });
            }
            None => legend = Some(&t.label),
        }
    }

    shapes.splice(under..under, lines_under);

    // Dates and sessions under the axis; a label that would touch the one before it is left
    // out, but never the last.
    let mut shown: Vec<(usize, Box4)> = Vec::new();
    for (i, (p, (x, _))) in chart.points.iter().zip(&placed).enumerate() {
        let w = p
            .labels
            .iter()
            .map(|l| measure(l, small, false))
            .fold(0.0, f32::max);
        let b = (
            x - w / 2.0 - small * 0.4,
            bottom,
            x + w / 2.0 + small * 0.4,
            bottom + 1.0,
        );
        let last = i + 1 == chart.points.len();
        while last && shown.last().is_some_and(|(_, s)| overlaps(*s, b)) {
            shown.pop();
        }
        if !shown.last().is_some_and(|(_, s)| overlaps(*s, b)) {
            shown.push((i, b));
        }
    }
    for (x, _) in &placed {
        shapes.push(rule((*x, bottom), (*x, bottom + small * 0.35), 0.7));
    }
    for (i, _) in &shown {
        let x = placed[*i].0;
        for (k, line) in chart.points[*i].labels.iter().enumerate() {
            shapes.push(Shape::Text {
                x,
                y: bottom + small * 0.9 + lead * k as f32 + small * 0.75,
                size: small,
                bold: false,
                italic: false,
                color: if k == 0 { TEXT } else { MUTED },
                anchor: Anchor::Middle,
                text: line.clone(),
            });
        }
    }
    let mut height = bottom + below;
    if let Some(label) = legend {
        let y = height + small * 0.5;
        shapes.push(Shape::Line {
            from: (left, y),
            to: (left + small * 2.5, y),
            width: 1.1,
            color: TEXT,
            dash: Some(4.0),
        });
        shapes.push(Shape::Text {
            x: left + small * 3.1,
            y: y + small * 0.35,
            size: small,
            bold: true,
            italic: false,
            color: TEXT,
            anchor: Anchor::Start,
            text: label.to_string(),
        });
        height += lead;
    }

    // How to read it.
    for line in note {
        shapes.push(Shape::Text {
            x: 0.0,
            y: height + small * 0.8,
            size: small,
            bold: false,
            italic: true,
            color: MUTED,
            anchor: Anchor::Start,
            text: line,
        });
        height += lead;
    }
    Figure {
        width,
        height: height + small * 0.4,
        shapes,
    }
}

/// Where a band's lower edge is drawn: half a point below its lowest score (none below the
/// range), so that every whole score sits inside its band.
fn band_bottom(from: i64, min: i64) -> f32 {
    if from <= min {
        min as f32 - 0.5
    } else {
        from as f32 - 0.5
    }
}

fn band_top(to: i64, max: i64) -> f32 {
    if to >= max {
        max as f32 + 0.5
    } else {
        to as f32 + 0.5
    }
}

fn push_run(shapes: &mut Vec<Shape>, run: &mut Vec<(f32, f32)>) {
    if run.len() >= 2 {
        shapes.push(Shape::Polyline {
            points: std::mem::take(run),
            width: 1.6,
            color: INK,
        });
    }
    run.clear();
}

/// A white patch behind a label, so that lines under it do not cross the text. Square: a
/// rounded one costs four curves in every PDF for no gain in legibility.
fn halo(shapes: &mut Vec<Shape>, b: Box4) {
    shapes.push(Shape::Rect {
        x: b.0,
        y: b.1,
        w: b.2 - b.0,
        h: b.3 - b.1,
        radius: 0.0,
        fill: WHITE,
    });
}

/// Greedy word wrap to `width`, each word measured once (a line's width is the sum of its
/// words and spaces).
fn wrap(text: &str, size: f32, width: f32, measure: Measure) -> Vec<String> {
    let space = measure(" ", size, false);
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut used = 0.0;
    for word in text.split_whitespace() {
        let w = measure(word, size, false);
        if line.is_empty() {
            line.push_str(word);
            used = w;
        } else if used + space + w > width {
            lines.push(std::mem::replace(&mut line, word.to_string()));
            used = w;
        } else {
            line.push(' ');
            line.push_str(word);
            used += space + w;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests;
