//! Compact questions (`print.compact`) on a blank handout: for repeat groups with many entries,
//! such as the people of the interpersonal inventory, and for the short parts of a one-page
//! form. An answer gets its writing line on the prompt's own row (a second one only when the
//! worksheet asks for three lines or more), options flow along a row in smaller type (on the
//! prompt's row when they fit), and help lines are left out. In a filled document a compact
//! section prints a short answer beside its prompt.
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
                if !other && self.inline_options(&prompt, &options, multiple, size) {
                    return;
                }
                let first = self.blocks.len();
                self.paragraph(&prompt, size, t.text, 0.0, s * 0.4);
                self.keep_from(first);
                self.flow(&options, multiple, s * 0.84);
                if other {
                    // Room to write an answer that is not among the options.
                    self.writing_lines(1, true, false);
                }
            }
            None => {
                // Longer answers get a second line only when the worksheet asks for three or more.
                let two = matches!(
                    &item.answer,
                    Answer::Text { lines, long: true, .. } | Answer::List { lines, .. } if *lines >= 3
                );
                self.inline_line(&prompt, size, s * 0.4);
                if two {
                    self.short_line();
                }
            }
        }
    }

    /// A prompt and its options on one row, when they fit; false when they do not.
    fn inline_options(
        &mut self,
        prompt: &[Span],
        options: &[String],
        multiple: bool,
        size: f32,
    ) -> bool {
        let t = self.t;
        let s = t.size;
        let small = s * 0.84;
        let bs = small * 0.95;
        let gap = small * 0.45;
        let gutter = small * 1.3;
        let lines = self.lines(prompt, size, self.width);
        let Some(first) = lines.first().filter(|_| lines.len() == 1) else {
            return false;
        };
        let widths: Vec<f32> = options
            .iter()
            .map(|o| bs + gap + self.fonts.width(Style::Regular, o, small))
            .collect();
        let needed = first.width
            + s * 1.2
            + widths.iter().sum::<f32>()
            + gutter * (widths.len() as f32 - 1.0);
        if needed > self.width {
            return false;
        }
        let lead = t.leading(size).max(t.leading(small)) + s * 0.2;
        let base = lead * 0.5 + size * 0.33;
        let mut marks = self.line_marks(first, self.x, base, size, t.text);
        let mut at = self.x + first.width + s * 1.2;
        for (label, w) in options.iter().zip(&widths) {
            marks.extend(tick_box(
                at,
                (lead - bs) / 2.0,
                bs,
                multiple,
                false,
                t.text,
                t.ink,
            ));
            marks.push(self.mark(
                at + bs + gap,
                lead * 0.5 + small * 0.33,
                small,
                Style::Regular,
                t.text,
                label,
            ));
            at += w + gutter;
        }
        for o in options {
            self.check(o);
        }
        self.push(Block {
            height: lead,
            space_before: s * 0.4,
            marks,
            ..Block::default()
        });
        true
    }

    /// One more, closer-set writing line under an inline one.
    fn short_line(&mut self) {
        let t = self.t;
        let s = t.size;
        let pitch = s * 1.8;
        let y = pitch - s * 0.3;
        self.push(Block {
            height: pitch,
            marks: vec![Mark::Line {
                from: (self.x, y),
                to: (self.x + self.width, y),
                width: 0.6,
                color: t.rule,
                dash: None,
            }],
            ..Block::default()
        });
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
            Span::new(label_for(&item.prompt), Style::Bold),
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
        let lead = (s * 1.9).max(t.leading(size) + s * 0.45);
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

/// A prompt as the label of an answer printed beside it: "Date: ", but "Why?" stays "Why? ".
pub(super) fn label_for(prompt: &str) -> String {
    let p = prompt.trim_end();
    if p.ends_with(['?', ':', '!']) {
        format!("{p} ")
    } else {
        format!("{p}: ")
    }
}
