//! The document as blocks: title, instructions, sections, repeat-group cards, questions and
//! their answers, the disclaimer and the crisis block. Widgets (writing lines, checkboxes,
//! scales) are in `widgets`, the closeness circle in `circle`, tables in `table`, the crisis
//! block in `crisis`, and text handling in `text`.
//!
//! Owns: the order and look of the handout (sizes, colours, spacing) and which text each
//! warning about a missing character names. Must not paginate or call printpdf; all wording comes
//! from the document, except layout furniture.

use crate::document::{Answer, DocEntry, DocSection, Document, Item};
use crate::render::RenderWarning;

use super::compact::label_for;
use super::fonts::{Fonts, Style};
use super::layout::{Block, CardStyle, Mark, Rgb};
use super::wrap::Span;

/// Sizes and colours, all derived from the body size.
pub struct Theme {
    pub size: f32,
    /// Line height as a multiple of the type size.
    pub lead: f32,
    /// Space above a section heading (and the disclaimer), as a multiple of the type size.
    pub gap: f32,
    pub text: Rgb,
    /// Answers: a dark blue, like ink.
    pub ink: Rgb,
    pub muted: Rgb,
    pub accent: Rgb,
    pub rule: Rgb,
    pub card: Rgb,
    pub card_edge: Rgb,
    pub alert: Rgb,
    pub alert_fill: Rgb,
}

impl Theme {
    pub fn new(size: f32) -> Theme {
        Theme {
            size,
            lead: 1.42,
            gap: 2.0,
            text: (0.11, 0.12, 0.14),
            ink: (0.08, 0.16, 0.38),
            muted: (0.38, 0.40, 0.44),
            accent: (0.13, 0.33, 0.47),
            rule: (0.62, 0.65, 0.69),
            card: (0.965, 0.973, 0.98),
            card_edge: (0.80, 0.84, 0.88),
            alert: (0.66, 0.27, 0.13),
            alert_fill: (0.995, 0.955, 0.93),
        }
    }

    /// The same theme with tighter lines (for fitting a form on its pages).
    pub fn tight(self) -> Theme {
        Theme {
            lead: 1.25,
            gap: 1.3,
            ..self
        }
    }

    pub fn leading(&self, size: f32) -> f32 {
        size * self.lead
    }
}

/// Turns the document into blocks, collecting warnings about characters no font has.
pub struct Builder<'a> {
    pub fonts: &'a Fonts,
    pub t: &'a Theme,
    pub blocks: Vec<Block>,
    pub cards: Vec<CardStyle>,
    /// Table header rows, repeated where a table continues on a new page.
    pub headers: Vec<Block>,
    pub warnings: Vec<RenderWarning>,
    /// The current column: left edge and width (narrower inside a card).
    pub x: f32,
    pub width: f32,
    /// Where text comes from, for warnings.
    pub place: String,
    /// The tallest a figure may be (the page body's height).
    pub max_height: f32,
    card: Option<usize>,
    left: f32,
    full: f32,
}

impl<'a> Builder<'a> {
    pub fn new(
        fonts: &'a Fonts,
        t: &'a Theme,
        left: f32,
        width: f32,
        max_height: f32,
    ) -> Builder<'a> {
        Builder {
            fonts,
            t,
            blocks: Vec::new(),
            cards: Vec::new(),
            headers: Vec::new(),
            warnings: Vec::new(),
            x: left,
            width,
            place: String::new(),
            max_height,
            card: None,
            left,
            full: width,
        }
    }

    /// Adds a block (inside the current card, if any).
    pub fn push(&mut self, mut block: Block) {
        block.card = self.card;
        self.blocks.push(block);
    }

    /// Marks the last block as kept with the next one.
    pub fn keep(&mut self) {
        if let Some(b) = self.blocks.last_mut() {
            b.keep_with_next = true;
        }
    }

    pub(super) fn open_card(&mut self, style: CardStyle) {
        let pad = style.pad;
        self.cards.push(style);
        self.card = Some(self.cards.len() - 1);
        self.x = self.left + pad * 1.4;
        self.width = self.full - pad * 2.8;
    }

    pub(super) fn close_card(&mut self) {
        self.card = None;
        self.x = self.left;
        self.width = self.full;
    }

    pub(super) fn card_style(&self, alert: bool) -> CardStyle {
        let t = self.t;
        CardStyle {
            pad: t.size * 0.9,
            fill: if alert { t.alert_fill } else { t.card },
            stroke: if alert { t.alert } else { t.card_edge },
        }
    }

    /// The whole document.
    pub fn document(&mut self, doc: &Document) {
        let t = self.t;
        let s = t.size;
        self.place = "the worksheet title".into();
        let first = self.blocks.len();
        self.paragraph(
            &[Span::new(&doc.title, Style::Bold)],
            s * 2.0,
            t.accent,
            0.0,
            0.0,
        );
        if let Some(b) = self.blocks.get_mut(first) {
            b.bookmark = Some(doc.title.clone());
        }
        if !doc.summary.is_empty() {
            self.place = "the worksheet summary".into();
            self.plain(&doc.summary, s * 1.05, Style::Italic, t.muted, s * 0.3);
        }
        if doc.safety_alert {
            self.crisis(&doc.crisis, true, s * 1.2);
        }
        if let (true, Some(block)) = (doc.relationship_alert, &doc.relationship) {
            self.crisis(block, true, s * 1.2);
        }
        if !doc.instructions_md.is_empty() {
            self.place = "the instructions".into();
            self.markdown(&doc.instructions_md, s, Style::Regular, t.text, s * 0.9);
        }
        for section in &doc.sections {
            self.section(section, doc.blank);
        }
        self.place = "the disclaimer".into();
        self.markdown(
            &doc.disclaimer_md,
            s * 0.85,
            Style::Italic,
            t.muted,
            s * t.gap * 1.1,
        );
        if let (false, Some(block)) = (doc.relationship_alert, &doc.relationship) {
            self.crisis(block, false, s * 1.0);
        }
        // After an alert the crisis block is already at the top, in full.
        if !doc.safety_alert {
            self.crisis(&doc.crisis, false, s * 1.0);
        }
        self.keep();
        self.place = "the footer".into();
        let id = format!("{} {}", doc.worksheet, doc.version);
        self.plain(&id, s * 0.75, Style::Regular, t.muted, s * 0.9);
    }

    fn section(&mut self, section: &DocSection, blank: bool) {
        let t = self.t;
        let s = t.size;
        self.place = format!("section `{}`", section.id);
        // A compact section (part of a one-page form, say) gets a smaller heading.
        let (size, gap) = if section.compact && !section.repeat {
            (s * 1.15, t.gap * 0.7)
        } else {
            (s * 1.4, t.gap)
        };
        let lines = self.lines(&[Span::new(&section.title, Style::Bold)], size, self.width);
        let lead = t.leading(size);
        let mut marks = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            marks.extend(self.line_marks(
                line,
                self.x,
                lead * i as f32 + lead * 0.5 + size * 0.33,
                size,
                t.accent,
            ));
        }
        let h = lead * lines.len() as f32 + s * 0.35;
        marks.push(Mark::Line {
            from: (self.x, h - s * 0.15),
            to: (self.x + self.width, h - s * 0.15),
            width: 0.8,
            color: t.accent,
            dash: None,
        });
        self.push(Block {
            height: h,
            space_before: s * gap,
            keep_with_next: true,
            marks,
            bookmark: Some(section.title.clone()),
            ..Block::default()
        });
        if !section.intro_md.trim().is_empty() {
            self.markdown(&section.intro_md, s, Style::Regular, t.text, s * 0.5);
            self.keep();
        }
        if let Some(chart) = &section.chart {
            self.place = format!("the chart of section `{}`", section.id);
            self.chart(chart);
        }
        if let Some(table) = &section.table {
            self.table(table);
        }
        for entry in &section.entries {
            if section.repeat {
                self.entry_card(section, entry, blank);
            } else {
                for item in &entry.items {
                    if blank && section.compact {
                        self.compact_item(item);
                    } else if !(section.compact && self.beside(item)) {
                        self.item(item, blank);
                    }
                }
            }
        }
        if let Some(circle) = &section.circle {
            self.place = format!("the closeness circle of section `{}`", section.id);
            if !circle.caption.is_empty() {
                // The caption stays with the drawing.
                let size = self.t.size;
                self.paragraph(
                    &[Span::new(circle.caption.clone(), Style::Bold)],
                    size,
                    self.t.text,
                    0.0,
                    size,
                );
                if let Some(last) = self.blocks.last_mut() {
                    last.keep_with_next = true;
                }
            }
            self.circle(circle, blank);
        }
    }

    fn entry_card(&mut self, section: &DocSection, entry: &DocEntry, blank: bool) {
        let t = self.t;
        let s = t.size;
        let style = self.card_style(false);
        self.open_card(style);
        self.place = format!("section `{}`, entry {}", section.id, entry.number);
        // A numbered badge, then the entry's label.
        let badge = s * 1.7;
        let size = s * 1.12;
        let number = entry.number.to_string();
        let label = entry.label.clone().unwrap_or_default();
        let lines = self.lines(
            &[Span::new(&label, Style::Bold)],
            size,
            self.width - badge - s * 0.6,
        );
        let lead = t.leading(size);
        let h = (lead * lines.len() as f32).max(badge);
        let mut marks = vec![Mark::Circle {
            cx: self.x + badge / 2.0,
            cy: badge / 2.0,
            r: badge / 2.0,
            fill: Some(t.accent),
            stroke: None,
        }];
        let nw = self.fonts.width(Style::Bold, &number, s);
        marks.push(self.mark(
            self.x + (badge - nw) / 2.0,
            badge / 2.0 + s * 0.36,
            s,
            Style::Bold,
            (1.0, 1.0, 1.0),
            &number,
        ));
        for (i, line) in lines.iter().enumerate() {
            let y = lead * i as f32 + (badge.min(lead) * 0.5) + size * 0.36;
            marks.extend(self.line_marks(line, self.x + badge + s * 0.6, y, size, t.accent));
        }
        self.push(Block {
            height: h,
            keep_with_next: true,
            marks,
            ..Block::default()
        });
        for item in &entry.items {
            if blank && section.compact {
                self.compact_item(item);
            } else {
                self.item(item, blank);
            }
        }
        self.close_card();
    }

    /// A question and its answer, kept together at least to the answer's first line.
    fn item(&mut self, item: &Item, blank: bool) {
        let t = self.t;
        let s = t.size;
        self.place = format!("question `{}`", item.id);
        if item.prompt.is_empty() {
            // A grid carries its questions in its rows.
            self.answer(&item.answer, blank);
            return;
        }
        if let (false, Answer::Computed { text: Some(value) }) = (blank, &item.answer) {
            // A computed value is printed beside its label.
            let spans = [
                Span::new(label_for(&item.prompt), Style::Bold),
                Span::new(value, Style::Regular),
            ];
            self.paragraph(&spans, s, t.text, 0.0, s * 0.95);
            return;
        }
        let first = self.blocks.len();
        // On a blank handout a conditional question says when it applies, before the prompt.
        let mut prompt = Vec::new();
        if blank && let Some(note) = item.note.as_deref().filter(|n| !n.trim().is_empty()) {
            prompt.push(Span::new(format!("{} ", note.trim()), Style::Italic));
        }
        prompt.push(Span::new(&item.prompt, Style::Bold));
        self.paragraph(&prompt, s, t.text, 0.0, s * 0.95);
        if blank && let Some(help) = &item.help {
            self.paragraph(
                &[Span::new(help, Style::Italic)],
                s * 0.88,
                t.muted,
                0.0,
                0.0,
            );
        }
        self.keep_from(first);
        self.answer(&item.answer, blank);
    }

    /// Keeps every block from `first` on together and with what follows.
    pub fn keep_from(&mut self, first: usize) {
        for b in self.blocks.iter_mut().skip(first) {
            b.keep_with_next = true;
        }
    }

    fn answer(&mut self, answer: &Answer, blank: bool) {
        let t = self.t;
        let s = t.size;
        match answer {
            Answer::Text {
                text: Some(text), ..
            }
            | Answer::Computed { text: Some(text) } => {
                self.plain(text, s, Style::Regular, t.ink, s * 0.2)
            }
            Answer::Text { lines, .. } => self.writing_lines(*lines, blank, false),
            Answer::Computed { text: None } => self.writing_lines(1, blank, false),
            Answer::Scale { value, points, .. } => self.scale(points, *value),
            Answer::Grid { columns, rows } => self.grid(columns, rows),
            Answer::YesNo { value } => self.yes_no(*value),
            Answer::Choice {
                options,
                from_answers,
                multiple,
                other,
                lines,
            } => {
                if options.is_empty() || blank && *from_answers {
                    self.writing_lines(*lines, blank, false);
                } else {
                    let opts: Vec<(String, bool)> = options
                        .iter()
                        .map(|o| (o.label.clone(), o.selected))
                        .collect();
                    self.options(&opts, *multiple);
                    if blank && *other {
                        // Room to write an answer that is not among the options.
                        self.writing_lines(1, blank, false);
                    }
                }
            }
            Answer::List { items, lines } => {
                if items.is_empty() {
                    self.writing_lines(*lines, blank, true);
                } else {
                    for (i, entry) in items.iter().enumerate() {
                        let first = self.blocks.len();
                        let gap = if i == 0 { s * 0.2 } else { 0.0 };
                        self.paragraph(&[Span::new(entry, Style::Regular)], s, t.ink, s * 1.2, gap);
                        let m = self.mark(
                            self.x + s * 0.2,
                            t.leading(s) * 0.5 + s * 0.33,
                            s,
                            Style::Regular,
                            t.ink,
                            "•",
                        );
                        if let Some(b) = self.blocks.get_mut(first) {
                            b.marks.insert(0, m);
                        }
                    }
                }
            }
        }
    }
}
