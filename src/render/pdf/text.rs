//! Text: measured marks, wrapped lines, paragraphs cut into one block per line (no first or last
//! line left alone on a page), plain text with blank-line paragraphs, and authored Markdown with
//! hanging-indent lists. Every piece of text passes `check`, which warns about characters no
//! font has and names where they are.
//!
//! Owns: turning text into blocks. Must not decide what text the document holds.

use crate::render::RenderWarning;

use super::elements::Builder;
use super::fonts::{Style, clean};
use super::layout::{Block, Mark, Rgb};
use super::markdown::{MdBlock, parse};
use super::wrap::{Line, Span, wrap};

impl Builder<'_> {
    /// Checks text for characters no font has: one warning per character, naming each place.
    pub fn check(&mut self, text: &str) {
        for ch in self.fonts.missing(text) {
            let found = self.warnings.iter_mut().find_map(|w| match w {
                RenderWarning::MissingGlyph { ch: c, places } if *c == ch => Some(places),
                _ => None,
            });
            match found {
                Some(places) if places.contains(&self.place) => {}
                Some(places) => places.push(self.place.clone()),
                None => self.warnings.push(RenderWarning::MissingGlyph {
                    ch,
                    places: vec![self.place.clone()],
                }),
            }
        }
    }

    /// A text mark, measured.
    pub fn mark(&self, x: f32, y: f32, size: f32, style: Style, color: Rgb, text: &str) -> Mark {
        Mark::Text {
            x,
            y,
            size,
            style,
            color,
            text: text.to_string(),
            width: self.fonts.width(style, text, size),
        }
    }

    /// The marks of one wrapped line at `x`, baseline `y`.
    pub fn line_marks(&self, line: &Line, x: f32, y: f32, size: f32, color: Rgb) -> Vec<Mark> {
        let mut at = x;
        line.spans
            .iter()
            .map(|s| {
                let m = self.mark(at, y, size, s.style, color, &s.text);
                if let Mark::Text { width, .. } = m {
                    at += width;
                }
                m
            })
            .collect()
    }

    /// Wraps spans to `width` and checks them; returns the lines.
    pub fn lines(&mut self, spans: &[Span], size: f32, width: f32) -> Vec<Line> {
        let spans: Vec<Span> = spans
            .iter()
            .map(|s| Span::new(clean(&s.text), s.style))
            .collect();
        for s in &spans {
            self.check(&s.text);
        }
        wrap(self.fonts, &spans, size, width)
    }

    /// A paragraph, one block per line (so that it can break across pages), with no single
    /// first or last line left alone on a page.
    pub fn paragraph(&mut self, spans: &[Span], size: f32, color: Rgb, indent: f32, space: f32) {
        let lead = self.t.leading(size);
        let lines = self.lines(spans, size, self.width - indent);
        let n = lines.len();
        for (i, line) in lines.iter().enumerate() {
            let marks =
                self.line_marks(line, self.x + indent, lead * 0.5 + size * 0.33, size, color);
            self.push(Block {
                height: lead,
                space_before: if i == 0 { space } else { 0.0 },
                keep_with_next: n >= 2 && (i == 0 || i + 2 == n),
                marks,
                ..Block::default()
            });
        }
    }

    /// Plain text (typed or from the model) in one style, paragraphs at blank lines.
    pub fn plain(&mut self, text: &str, size: f32, style: Style, color: Rgb, space: f32) {
        let paragraphs: Vec<&str> = text
            .split("\n\n")
            .map(|p| p.trim_matches('\n'))
            .filter(|p| !p.trim().is_empty())
            .collect();
        for (i, p) in paragraphs.iter().enumerate() {
            let gap = if i == 0 { space } else { size * 0.5 };
            self.paragraph(&[Span::new(p.trim_end(), style)], size, color, 0.0, gap);
        }
    }

    /// Authored Markdown: paragraphs and lists with hanging indents.
    pub fn markdown(&mut self, md: &str, size: f32, base: Style, color: Rgb, space: f32) {
        for (i, block) in parse(md, base).into_iter().enumerate() {
            let gap = if i == 0 { space } else { size * 0.45 };
            match block {
                MdBlock::Para(spans) => self.paragraph(&spans, size, color, 0.0, gap),
                MdBlock::Item {
                    marker,
                    level,
                    spans,
                } => {
                    let indent = size * (1.4 * level as f32) + size * 1.4;
                    let first = self.blocks.len();
                    self.paragraph(&spans, size, color, indent, gap * 0.6);
                    let x = self.x + indent - size * 1.1;
                    let m = self.mark(
                        x,
                        self.t.leading(size) * 0.5 + size * 0.33,
                        size,
                        base,
                        color,
                        &marker,
                    );
                    if let Some(b) = self.blocks.get_mut(first) {
                        b.marks.insert(0, m);
                    }
                }
            }
        }
    }
}
