//! The pages a pack adds around its documents: a cover with the title, and a contents page
//! listing each document with the page it starts on. Laid out with the same builder and
//! pagination as a document.

use super::elements::{Builder, Theme};
use super::fonts::{Fonts, Style};
use super::layout::{Geometry, Page, paginate};
use super::wrap::Span;
use crate::document::pack::Contents;
use crate::document::{Cell, Table};
use crate::render::RenderOptions;

/// The cover: the title a third of the way down, then its lines.
pub fn cover(
    fonts: &Fonts,
    opts: &RenderOptions,
    g: &Geometry,
    title: &str,
    lines: &[String],
) -> Vec<Page> {
    let t = Theme::new(opts.font_size);
    let s = t.size;
    let mut b = Builder::new(fonts, &t, g.left, g.body_width(), g.body_height());
    b.place = "the cover".into();
    b.paragraph(
        &[Span::new(title, Style::Bold)],
        s * 2.6,
        t.accent,
        0.0,
        g.body_height() * 0.25,
    );
    for line in lines {
        b.plain(line, s * 1.2, Style::Regular, t.text, s * 0.8);
    }
    paginate(b.blocks, g, &b.cards, &b.headers)
}

/// The contents: each document's title and the page (of the whole file) it starts on.
pub fn contents(
    fonts: &Fonts,
    opts: &RenderOptions,
    g: &Geometry,
    words: &Contents,
    entries: &[(String, usize)],
) -> Vec<Page> {
    let t = Theme::new(opts.font_size);
    let s = t.size;
    let mut b = Builder::new(fonts, &t, g.left, g.body_width(), g.body_height());
    b.place = "the contents".into();
    b.paragraph(
        &[Span::new(&words.title, Style::Bold)],
        s * 1.8,
        t.accent,
        0.0,
        0.0,
    );
    b.table(&Table {
        columns: vec![String::new(), words.page.clone()],
        rows: entries
            .iter()
            .map(|(title, page)| vec![Cell::text(title), Cell::text(&page.to_string())])
            .collect(),
    });
    paginate(b.blocks, g, &b.cards, &b.headers)
}
