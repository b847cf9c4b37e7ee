//! Compact questions (`print.compact`) on a blank handout: for repeat groups with many entries,
//! such as the people of the interpersonal inventory. A short answer gets its writing line on
//! the prompt's own row, options flow along a row in smaller type, longer answers get one line,
//! and help lines are left out (the full handout of a single entry still has them).
//!
//! Owns: the compact look of a question. Must not decide when it is used (the document says).

use crate::document::{Answer, Item};

use super::elements::Builder;
use super::fonts::Style;
use super::layout::{Block, Mark};
use super::widgets::tick_box;
use super::wrap::Span;

impl Builder<'_> {
    /// One question, compactly, on a blank handout.
    pub fn compact_item(&mut self, item: &Item) {
        let t = self.t;
        let s = t.size;
        let size = s * 0.92;
        self.place = format!("question `{}`", item.id);
        if let Answer::Grid { columns, rows } = &item.answer {
            self.grid(columns, rows);
            return;
        }
        let mut prompt = Vec::new();
        if let Some(note) = item.note.as_deref().filter(|n| !n.trim().is_empty()) {
            prompt.push(Span::new(format!("{} ", note.trim()), Style::Italic));
        }
        prompt.push(Span::new(&item.prompt, Style::Bold));
        let options: Option<Vec<String>> = match &item.answer {
            Answer::Choice {
                options,
                from_answers: false,
                ..
            } if !options.is_empty() => Some(options.iter().map(|o| o.label.clone()).collect()),
            Answer::YesNo { .. } => Some(vec!["Yes".into(), "No".into()]),
            Answer::Scale { points, .. } => Some(
                points
                    .iter()
                    .map(|p| match &p.label {
                        Some(l) => format!("{} {l}", p.value),
                        None => p.value.to_string(),
                    })
                    .collect(),
            ),
            _ => None,
        };
        let multiple = matches!(&item.answer, Answer::Choice { multiple: true, .. });
        let other = matches!(&item.answer, Answer::Choice { other: true, .. });
        match options {
            Some(options) => {
                let first = self.blocks.len();
                self.paragraph(&prompt, size, t.text, 0.0, s * 0.55);
                self.keep_from(first);
                self.flow(&options, multiple, s * 0.84);
                if other {
                    // Room to write an answer that is not among the options.
                    self.writing_lines(1, true, false);
                }
            }
            None => {
                let lines = match &item.answer {
                    Answer::Text { long: false, .. } | Answer::Computed { .. } => 1,
                    Answer::Choice { .. } => 1,
                    _ => 2,
                };
                self.inline_line(&prompt, size, s * 0.55);
                if lines > 1 {
                    self.writing_lines(1, true, false);
                }
            }
        }
    }

    /// In a filled compact section, a short one-line answer (a date, a number, a short text or
    /// one chosen option) printed beside its prompt. False when the answer is not of that kind.
    pub fn beside(&mut self, item: &Item) -> bool {
        let value = match &item.answer {
            Answer::Text {
                text: Some(text),
                long: false,
                ..
            } => text.clone(),
            Answer::Choice {
                options,
                multiple: false,
                ..
            } => match options.iter().find(|o| o.selected) {
                Some(o) => o.label.clone(),
                None => return false,
            },
            _ => return false,
        };
        let t = self.t;
        let s = t.size;
        self.place = format!("question `{}`", item.id);
        let spans = [
            Span::new(format!("{}: ", item.prompt), Style::Bold),
            Span::new(value, Style::Regular),
        ];
        self.paragraph(&spans, s, t.text, 0.0, s * 0.95);
        true
    }

    /// The prompt with a writing line running from its end to the right margin; when the prompt
    /// leaves too little room, the line goes under it.
    fn inline_line(&mut self, prompt: &[Span], size: f32, space: f32) {
        let t = self.t;
        let s = t.size;
        let lines = self.lines(prompt, size, self.width);
        let last = lines.last().map_or(0.0, |l| l.width);
        if lines.len() > 1 || self.width - last < s * 8.0 {
            let first = self.blocks.len();
            self.paragraph(prompt, size, t.text, 0.0, space);
            self.keep_from(first);
            self.writing_lines(1, true, false);
            return;
        }
        let lead = (s * 2.0).max(t.leading(size) + s * 0.5);
        let base = lead - s * 0.45;
        let mut marks = self.line_marks(&lines[0], self.x, base, size, t.text);
        marks.push(Mark::Line {
            from: (self.x + last + s * 0.5, base + s * 0.15),
            to: (self.x + self.width, base + s * 0.15),
            width: 0.6,
            color: t.rule,
            dash: None,
        });
        self.push(Block {
            height: lead,
            space_before: space * 0.5,
            marks,
            ..Block::default()
        });
    }

    /// Options flowing along rows, each with its box or ring, in smaller type.
    pub fn flow(&mut self, options: &[String], multiple: bool, size: f32) {
        let t = self.t;
        let lead = t.leading(size);
        let bs = size * 0.95;
        let gap = size * 0.45;
        let gutter = size * 1.3;
        let mut rows: Vec<Vec<(f32, String)>> = vec![Vec::new()];
        let mut at = 0.0;
        for label in options {
            let w = bs + gap + self.fonts.width(Style::Regular, label, size);
            if at > 0.0 && at + w > self.width {
                rows.push(Vec::new());
                at = 0.0;
            }
            if let Some(row) = rows.last_mut() {
                row.push((at, label.clone()));
            }
            at += w + gutter;
        }
        let n = rows.len();
        for (r, row) in rows.into_iter().enumerate() {
            let mut marks = Vec::new();
            let mut height = lead;
            for (x, label) in row {
                let lines = self.lines(
                    &[Span::new(&label, Style::Regular)],
                    size,
                    (self.width - x - bs - gap).max(size * 4.0),
                );
                for (i, line) in lines.iter().enumerate() {
                    let y = lead * i as f32 + lead * 0.5 + size * 0.33;
                    marks.extend(self.line_marks(line, self.x + x + bs + gap, y, size, t.text));
                }
                height = height.max(lead * lines.len() as f32);
                let top = (lead - bs) / 2.0 + size * 0.05;
                marks.extend(tick_box(
                    self.x + x,
                    top,
                    bs,
                    multiple,
                    false,
                    t.text,
                    t.ink,
                ));
            }
            self.push(Block {
                height,
                space_before: if r == 0 { size * 0.15 } else { 0.0 },
                keep_with_next: r + 1 < n,
                marks,
                ..Block::default()
            });
        }
    }
}
