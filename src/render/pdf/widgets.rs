//! The things a person writes or ticks on paper: writing lines, checkbox and radio lists (with
//! the chosen ones ticked), yes/no, and rating scales drawn as boxes with their anchor labels.
//!
//! Owns: the drawing of these widgets as blocks. Must not decide which widget an answer gets
//! (that is `elements`) or paginate.

use crate::document::ScalePoint;

use super::elements::Builder;
use super::fonts::Style;
use super::layout::{Block, Mark, Rgb};
use super::wrap::Span;

impl Builder<'_> {
    /// `count` ruled lines to write on (at least one), with a bullet at the start of each for
    /// lists.
    pub fn writing_lines(&mut self, count: u32, blank: bool, bullets: bool) {
        let t = self.t;
        let s = t.size;
        let pitch = (s * 2.3).max(22.0);
        let n = count.max(1) as usize;
        for i in 0..n {
            let y = pitch - s * 0.3;
            let start = if bullets { self.x + s * 1.2 } else { self.x };
            let mut marks = vec![Mark::Line {
                from: (start, y),
                to: (self.x + self.width, y),
                width: 0.6,
                color: if blank { t.rule } else { lighter(t.rule) },
                dash: None,
            }];
            if bullets {
                marks.push(Mark::Circle {
                    cx: self.x + s * 0.45,
                    cy: y - s * 0.35,
                    r: s * 0.14,
                    fill: Some(t.muted),
                    stroke: None,
                });
            }
            self.push(Block {
                height: pitch,
                keep_with_next: i + 1 < n.min(2),
                marks,
                ..Block::default()
            });
        }
    }

    /// Yes and No, the chosen one ticked.
    pub fn yes_no(&mut self, value: Option<bool>) {
        self.options(
            &[
                ("Yes".to_string(), value == Some(true)),
                ("No".to_string(), value == Some(false)),
            ],
            false,
        );
    }

    /// Options with boxes (several may be chosen) or rings (one), in columns when short.
    pub fn options(&mut self, options: &[(String, bool)], multiple: bool) {
        let t = self.t;
        let s = t.size;
        let lead = t.leading(s);
        let bs = s * 0.95;
        let gap = s * 0.55;
        let gutter = s * 1.6;
        let any = options.iter().any(|o| o.1);
        // Measured bold, as a chosen label is drawn, so that the layout never depends on which
        // option was chosen.
        let widths: Vec<f32> = options
            .iter()
            .map(|(label, _)| bs + gap + self.fonts.width(Style::Bold, label, s))
            .collect();
        let sum: f32 = widths.iter().sum();
        let slack = |g: f32| sum + g * (options.len() as f32 - 1.0) <= self.width;
        // Row layout: (column x offset, column width). Up to four short options on one line;
        // otherwise the fewest rows, then the fewest columns, that keep most labels on one line.
        let one_line = [gutter, s * 0.9].into_iter().find(|g| slack(*g));
        let columns: Vec<(f32, f32)> = match one_line {
            Some(g) if options.len() <= 4 => {
                let mut at = 0.0;
                widths
                    .iter()
                    .map(|w| {
                        let c = (at, *w + 0.5);
                        at += w + g;
                        c
                    })
                    .collect()
            }
            _ => {
                let n = options.len();
                let cols = (2..=3)
                    .filter(|&c| {
                        let cw = (self.width - gutter * (c as f32 - 1.0)) / c as f32;
                        let fit = widths.iter().filter(|w| **w <= cw).count();
                        n > c
                            && fit * 4 >= n * 3
                            && widths
                                .iter()
                                .all(|w| *w <= (cw - bs - gap) * 2.0 + bs + gap)
                    })
                    .min_by_key(|&c| (n.div_ceil(c), c))
                    .unwrap_or(1);
                let cw = (self.width - gutter * (cols as f32 - 1.0)) / cols as f32;
                (0..cols).map(|c| (c as f32 * (cw + gutter), cw)).collect()
            }
        };
        let per_row = columns.len();
        let rows: Vec<&[(String, bool)]> = options.chunks(per_row).collect();
        let n_rows = rows.len();
        for (r, row) in rows.into_iter().enumerate() {
            let mut marks = Vec::new();
            let mut height: f32 = 0.0;
            for (c, (label, on)) in row.iter().enumerate() {
                let (dx, cw) = columns[c];
                let x = self.x + dx;
                let lines = self.lines(&[Span::new(label, style(*on))], s, cw - bs - gap);
                let color = if *on {
                    t.ink
                } else if any {
                    t.muted
                } else {
                    t.text
                };
                for (i, line) in lines.iter().enumerate() {
                    let y = lead * i as f32 + lead * 0.5 + s * 0.33;
                    marks.extend(self.line_marks(line, x + bs + gap, y, s, color));
                }
                height = height.max(lead * lines.len() as f32);
                let top = (lead - bs) / 2.0 + s * 0.05;
                marks.extend(tick_box(x, top, bs, multiple, *on, t.text, t.ink));
            }
            self.push(Block {
                height: height + s * 0.15,
                space_before: if r == 0 { s * 0.25 } else { 0.0 },
                keep_with_next: r + 1 < n_rows && (n_rows <= 6 || r == 0 || r + 2 == n_rows),
                marks,
                ..Block::default()
            });
        }
    }

    /// A rating scale: a box per point, the chosen one filled, anchor labels beneath.
    pub fn scale(&mut self, points: &[ScalePoint], value: Option<i64>) {
        let t = self.t;
        let s = t.size;
        let n = points.len().max(1);
        let col = self.width / n as f32;
        let bw = (s * 2.6).min(col * 0.85);
        let bh = s * 1.9;
        let num_size = s.min(bw * 0.42);
        let mut marks = Vec::new();
        let x0 = self.x;
        let centre = |i: usize| x0 + col * (i as f32 + 0.5);
        for (i, p) in points.iter().enumerate() {
            let on = value == Some(p.value);
            let x = centre(i) - bw / 2.0;
            marks.push(Mark::Rect {
                x,
                y: s * 0.3,
                w: bw,
                h: bh,
                radius: s * 0.25,
                fill: Some(if on { t.ink } else { (1.0, 1.0, 1.0) }),
                stroke: Some((if on { t.ink } else { t.text }, 0.8)),
            });
            let label = p.value.to_string();
            let style = if on { Style::Bold } else { Style::Regular };
            let w = self.fonts.width(style, &label, num_size);
            let color = if on { (1.0, 1.0, 1.0) } else { t.text };
            marks.push(self.mark(
                centre(i) - w / 2.0,
                s * 0.3 + bh / 2.0 + num_size * 0.36,
                num_size,
                style,
                color,
                &label,
            ));
        }
        // Anchor labels: each gets the room up to halfway to its labelled neighbours.
        let labelled: Vec<(usize, &str)> = points
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.label.as_deref().map(|l| (i, l)))
            .collect();
        let size = s * 0.8;
        let lead = t.leading(size);
        let top = s * 0.3 + bh + s * 0.45;
        let mut height = top;
        for (k, &(i, label)) in labelled.iter().enumerate() {
            let lo = if k == 0 {
                self.x
            } else {
                (centre(labelled[k - 1].0) + centre(i)) / 2.0
            };
            let hi = match labelled.get(k + 1) {
                Some(&(j, _)) => (centre(i) + centre(j)) / 2.0,
                None => self.x + self.width,
            };
            let c = centre(i);
            let room = 2.0 * (c - lo).min(hi - c);
            let (width, align) = if n == 1 || room >= col * 0.9 && room >= s * 5.0 {
                (room - s * 0.4, Align::Centre(c))
            } else if k == 0 && i == 0 {
                (hi - lo - s * 0.4, Align::Left(c - bw / 2.0))
            } else if k + 1 == labelled.len() && i + 1 == n {
                (hi - lo - s * 0.4, Align::Right(c + bw / 2.0))
            } else {
                (hi - lo - s * 0.4, Align::Centre((lo + hi) / 2.0))
            };
            let lines = self.lines(
                &[Span::new(label, Style::Regular)],
                size,
                width.max(s * 2.0),
            );
            for (li, line) in lines.iter().enumerate() {
                let x = align
                    .x(line.width)
                    .clamp(self.x, self.x + self.width - line.width);
                let y = top + lead * li as f32 + lead * 0.5 + size * 0.33;
                marks.extend(self.line_marks(line, x, y, size, t.muted));
            }
            height = height.max(top + lead * lines.len() as f32);
        }
        self.push(Block {
            height: height + s * 0.2,
            space_before: s * 0.2,
            marks,
            ..Block::default()
        });
    }
}

enum Align {
    Left(f32),
    Centre(f32),
    Right(f32),
}

impl Align {
    fn x(&self, width: f32) -> f32 {
        match *self {
            Align::Left(x) => x,
            Align::Centre(c) => c - width / 2.0,
            Align::Right(r) => r - width,
        }
    }
}

fn style(on: bool) -> Style {
    if on { Style::Bold } else { Style::Regular }
}

fn lighter(c: Rgb) -> Rgb {
    (
        c.0 + (1.0 - c.0) * 0.35,
        c.1 + (1.0 - c.1) * 0.35,
        c.2 + (1.0 - c.2) * 0.35,
    )
}

/// A checkbox (square) or radio (round) at (x, y) of side `bs`, ticked or dotted when `on`.
pub(super) fn tick_box(
    x: f32,
    y: f32,
    bs: f32,
    square: bool,
    on: bool,
    edge: Rgb,
    ink: Rgb,
) -> Vec<Mark> {
    let mut marks = Vec::new();
    if square {
        marks.push(Mark::Rect {
            x,
            y,
            w: bs,
            h: bs,
            radius: bs * 0.12,
            fill: Some((1.0, 1.0, 1.0)),
            stroke: Some((edge, 0.8)),
        });
        if on {
            marks.push(Mark::Path {
                points: vec![
                    (x + bs * 0.18, y + bs * 0.52),
                    (x + bs * 0.42, y + bs * 0.78),
                    (x + bs * 0.86, y + bs * 0.16),
                ],
                width: bs * 0.16,
                color: ink,
            });
        }
    } else {
        let r = bs / 2.0;
        marks.push(Mark::Circle {
            cx: x + r,
            cy: y + r,
            r,
            fill: Some((1.0, 1.0, 1.0)),
            stroke: Some((edge, 0.8)),
        });
        if on {
            marks.push(Mark::Circle {
                cx: x + r,
                cy: y + r,
                r: r * 0.55,
                fill: Some(ink),
                stroke: None,
            });
        }
    }
    marks
}
