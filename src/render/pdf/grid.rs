//! Grids (`print.grid`): questions that share one set of options, drawn as the familiar
//! questionnaire layout — a question per row, an option per column, a ring to tick in each cell,
//! the chosen one filled. The header row (the options) repeats where the grid continues on a new
//! page; rows never break.
//!
//! Owns: the grid's layout and drawing. Must not decide which questions form a grid (the
//! document does) or paginate.

use crate::document::GridRow;

use super::circle::tint;
use super::elements::Builder;
use super::fonts::Style;
use super::layout::{Block, Mark};
use super::widgets::tick_box;
use super::wrap::Span;

impl Builder<'_> {
    /// The grid: a header block (kept for repeating) and one block per question.
    pub fn grid(&mut self, columns: &[String], rows: &[GridRow]) {
        let t = self.t;
        let s = t.size;
        let size = s * 0.92;
        let head_size = s * 0.74;
        let pad = s * 0.26;
        let n = columns.len().max(1);
        // Option columns share about a third of the width, never narrower than a short word.
        let option_w = (self.width * 0.4 / n as f32).max(s * 3.6);
        let question_w = self.width - option_w * n as f32;
        let x0 = self.x;
        let col_x = |c: usize| x0 + question_w + option_w * c as f32;
        let header_index = self.headers.len();

        // Header: each option's label, wrapped and centred over its column.
        let head_lead = t.leading(head_size);
        let mut marks = Vec::new();
        let mut tallest = 1;
        let labels: Vec<_> = columns
            .iter()
            .map(|c| {
                self.lines(
                    &[Span::new(c, Style::Bold)],
                    head_size,
                    option_w - pad * 1.2,
                )
            })
            .collect();
        for lines in &labels {
            tallest = tallest.max(lines.len());
        }
        let head_h = head_lead * tallest as f32 + 2.0 * pad;
        for (c, lines) in labels.iter().enumerate() {
            // Bottom-aligned, so that short labels sit just above their boxes.
            let top = head_h - pad - head_lead * lines.len() as f32;
            for (i, line) in lines.iter().enumerate() {
                let x = col_x(c) + (option_w - line.width) / 2.0;
                let y = top + head_lead * i as f32 + head_lead * 0.5 + head_size * 0.33;
                marks.extend(self.line_marks(line, x, y, head_size, t.accent));
            }
        }
        marks.insert(
            0,
            Mark::Rect {
                x: x0,
                y: 0.0,
                w: self.width,
                h: head_h,
                radius: 0.0,
                fill: Some(tint(t.accent, 0.88)),
                stroke: None,
            },
        );
        marks.push(rule(x0, self.width, head_h, 0.9, t.accent));
        let head = Block {
            height: head_h,
            space_before: s * 0.5,
            keep_with_next: true,
            marks,
            ..Block::default()
        };
        self.headers.push(Block {
            space_before: 0.0,
            keep_with_next: false,
            ..head.clone()
        });
        self.push(head);

        let lead = t.leading(size);
        let bs = s * 0.9;
        for (r, row) in rows.iter().enumerate() {
            self.place = format!("question `{}`", row.id);
            let lines = self.lines(
                &[Span::new(&row.prompt, Style::Regular)],
                size,
                question_w - pad * 2.0,
            );
            let h = lead * lines.len() as f32 + 2.0 * pad;
            let mut marks = Vec::new();
            if r % 2 == 1 {
                marks.push(Mark::Rect {
                    x: x0,
                    y: 0.0,
                    w: self.width,
                    h,
                    radius: 0.0,
                    fill: Some(t.card),
                    stroke: None,
                });
            }
            for (i, line) in lines.iter().enumerate() {
                let y = pad + lead * i as f32 + lead * 0.5 + size * 0.33;
                marks.extend(self.line_marks(line, x0 + pad, y, size, t.text));
            }
            for c in 0..n {
                let on = row.chosen == Some(c);
                let x = col_x(c) + (option_w - bs) / 2.0;
                marks.extend(tick_box(x, (h - bs) / 2.0, bs, false, on, t.text, t.ink));
            }
            marks.push(rule(x0, self.width, h, 0.4, t.rule));
            self.push(Block {
                height: h,
                keep_with_next: false,
                marks,
                header: Some(header_index),
                ..Block::default()
            });
        }
    }
}

fn rule(x: f32, w: f32, y: f32, width: f32, color: super::layout::Rgb) -> Mark {
    Mark::Line {
        from: (x, y),
        to: (x + w, y),
        width,
        color,
        dash: None,
    }
}
