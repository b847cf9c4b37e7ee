//! PDF: the document typeset as a printable handout with printpdf — embedded, subset DejaVu Sans
//! (plus `--font` fallbacks), measured line breaking, pagination with headers and footers,
//! widgets drawn for writing and ticking, the closeness circle, an outline and fixed metadata.
//!
//! The pipeline inside: `elements` (and `widgets`, `circle`) cut the document into blocks,
//! `layout` places them on pages, `emit` turns the marks into printpdf operations and `meta`
//! saves the file deterministically. `fonts`, `wrap` and `markdown` serve them.
//!
//! Owns: everything printpdf; this folder is the only place that may use it. Must not read files
//! or the clock: fonts and the date come in [`RenderOptions`].

mod circle;
mod crisis;
mod elements;
mod emit;
mod fonts;
mod layout;
mod markdown;
mod meta;
mod slim;
mod table;
mod text;
mod widgets;
mod wrap;

use printpdf::{Mm, PdfPage};

use crate::document::Document;
use crate::render::{FontFile, Paper, RenderError, RenderOptions, RenderWarning};

use elements::{Builder, Theme};
use fonts::Fonts;
use layout::{Furniture, Geometry, Page, furniture, paginate};

/// Renders the document as PDF bytes, with warnings about characters no font could draw.
/// With `--font` files, a panic inside the font code (a crafted font) is a font error.
pub fn render(
    doc: &Document,
    opts: &RenderOptions,
) -> Result<(Vec<u8>, Vec<RenderWarning>), RenderError> {
    if opts.fonts.is_empty() {
        return render_with_fonts(doc, opts);
    }
    fonts::quietly(|| render_with_fonts(doc, opts)).unwrap_or_else(|| {
        let names: Vec<&str> = opts.fonts.iter().map(|f| f.name.as_str()).collect();
        Err(RenderError::Font {
            name: names.join(", "),
            reason: "the font code failed on it while laying out the text".into(),
        })
    })
}

fn render_with_fonts(
    doc: &Document,
    opts: &RenderOptions,
) -> Result<(Vec<u8>, Vec<RenderWarning>), RenderError> {
    let fonts = Fonts::load(&opts.fonts).map_err(|p| RenderError::Font {
        name: p.name,
        reason: p.reason,
    })?;
    let (pages, g, warnings, furn) = typeset(doc, opts, &fonts);
    let theme = Theme::new(opts.font_size);
    let total = pages.len();
    let mut outline = Vec::new();
    let pdf_pages: Vec<PdfPage> = pages
        .into_iter()
        .enumerate()
        .map(|(i, page)| {
            for (title, y) in &page.bookmarks {
                outline.push((title.clone(), i, *y));
            }
            let header = Furniture {
                title: &doc.title,
                header_right: &furn.0,
                footer_left: &furn.1,
                size: furniture_size(opts.font_size),
                color: theme.muted,
                rule: theme.rule,
            };
            let mut marks = furniture(&fonts, &g, &header, i + 1, total);
            marks.extend(page.marks);
            let ops = emit::ops(&fonts, &marks, g.height);
            PdfPage::new(mm(g.width), mm(g.height), ops)
        })
        .collect();
    let meta = meta::Meta {
        title: &doc.title,
        subject: &doc.summary,
        keywords: vec![doc.worksheet.clone()],
        creator: format!("ipt {}", env!("CARGO_PKG_VERSION")),
        lang: &doc.language,
        epoch: opts.epoch,
        outline,
        page_height: g.height,
    };
    let bytes = meta::save(fonts, pdf_pages, &meta).map_err(RenderError::Pdf)?;
    Ok((bytes, warnings))
}

/// Lays the document out: pages, their geometry, warnings, and the header's and footer's text.
fn typeset(
    doc: &Document,
    opts: &RenderOptions,
    fonts: &Fonts,
) -> (Vec<Page>, Geometry, Vec<RenderWarning>, (String, String)) {
    let g = geometry(opts.paper, opts.font_size);
    let theme = Theme::new(opts.font_size);
    let mut b = Builder::new(fonts, &theme, g.left, g.body_width(), g.body_height());
    b.document(doc);
    let client = opts
        .client
        .as_deref()
        .map(str::trim)
        .filter(|c| !c.is_empty());
    b.place = "the header".into();
    let right = match (doc.blank, client) {
        (true, Some(c)) => format!("{c}   Date: ____________"),
        (true, None) => "Name: ________________   Date: ____________".to_string(),
        (false, Some(c)) => format!("{c} · {}", meta::date(opts.epoch)),
        (false, None) => meta::date(opts.epoch),
    };
    b.check(&right);
    let footer = first_sentence(&markdown::plain(&doc.disclaimer_md));
    let pages = paginate(b.blocks, &g, &b.cards, &b.headers);
    let warnings = b.warnings;
    (pages, g, warnings, (right, footer))
}

/// Page size and margins in points; the header and footer grow with the type.
fn geometry(paper: Paper, font_size: f32) -> Geometry {
    let (width, height) = match paper {
        Paper::A4 => (595.276, 841.89),
        Paper::Letter => (612.0, 792.0),
    };
    let f = furniture_size(font_size);
    let side = 56.7;
    Geometry {
        width,
        height,
        left: side,
        right: width - side,
        top: 40.0 + f * 3.3,
        bottom: height - (30.0 + f * 3.8),
    }
}

fn furniture_size(font_size: f32) -> f32 {
    (font_size * 0.75).clamp(7.5, 10.0)
}

fn mm(pt: f32) -> Mm {
    Mm(pt * 25.4 / 72.0)
}

/// The first sentence of a text (the short disclaimer line in the footer).
fn first_sentence(text: &str) -> String {
    let text = text.trim();
    match text.find(". ") {
        Some(i) => text[..=i].to_string(),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests;
