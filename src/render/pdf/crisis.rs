//! The crisis block: where to get help now, boxed in a warm colour, with the alert above it when
//! an answer tripped a safety trigger, the chosen country's emergency number, every helpline and
//! when the contacts were last checked. All wording comes from the document.
//!
//! Owns: the crisis block's look. Must not decide when it is shown (the document says).

use crate::document::CrisisBlock;

use super::elements::Builder;
use super::fonts::Style;
use super::wrap::Span;

impl Builder<'_> {
    /// The crisis block: boxed, with the alert when a safety trigger fired.
    pub fn crisis(&mut self, c: &CrisisBlock, alert: bool, space: f32) {
        let t = self.t;
        let s = t.size;
        self.place = "the crisis block".into();
        let style = self.card_style(true);
        // The space goes before the card: attach it to the card's first block.
        let first = self.blocks.len();
        let start = first;
        self.open_card(style);
        let title = if alert {
            format!("⚠ {}", c.title)
        } else {
            c.title.clone()
        };
        self.paragraph(
            &[Span::new(&title, Style::Bold)],
            s * 1.1,
            t.alert,
            0.0,
            0.0,
        );
        self.keep_from(first);
        if let Some(b) = self.blocks.get_mut(first) {
            b.space_before = space;
            if !alert {
                b.bookmark = Some(c.title.clone());
            }
        }
        if alert {
            self.markdown(&c.alert_md, s, Style::Regular, t.text, s * 0.3);
        }
        self.markdown(&c.text_md, s * 0.95, Style::Regular, t.text, s * 0.4);
        // The chosen country's emergency number comes first among the resources (data).
        let lines = c
            .resources
            .iter()
            .map(|r| (r.region.clone(), r.name.clone(), r.contact.clone()));
        for (i, (region, name, contact)) in lines.enumerate() {
            let spans = [
                Span::new(format!("{region}: "), Style::Regular),
                Span::new(name, Style::Bold),
                Span::new(format!(", {contact}"), Style::Regular),
            ];
            let first = self.blocks.len();
            let gap = if i == 0 { s * 0.5 } else { s * 0.15 };
            self.paragraph(&spans, s * 0.95, t.text, s * 1.3, gap);
            let m = self.mark(
                self.x + s * 0.2,
                t.leading(s * 0.95) * 0.5 + s * 0.31,
                s * 0.95,
                Style::Regular,
                t.alert,
                "•",
            );
            if let Some(b) = self.blocks.get_mut(first) {
                b.marks.insert(0, m);
            }
        }
        if !c.resources.is_empty() {
            self.plain(&c.checked, s * 0.78, Style::Italic, t.muted, s * 0.5);
        }
        // Where to get help is read as one piece: kept on one page whenever it fits on one.
        let end = self.blocks.len().saturating_sub(1);
        for b in &mut self.blocks[start..end] {
            b.keep_with_next = true;
        }
        self.close_card();
    }
}
