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
mod compact;
mod crisis;
mod elements;
mod emit;
mod fonts;
mod grid;
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
pub fn render(
    doc: &Document,
    opts: &RenderOptions,
) -> Result<(Vec<u8>, Vec<RenderWarning>), RenderError> {
    let fonts = Fonts::load(&opts.fonts).map_err(|p| RenderError::Font {
        name: p.name,
        reason: p.reason,
    })?;
    let (opts, _, (pages, g, warnings, furn)) = fitted(doc, opts, &fonts);
    let opts = &opts;
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

/// The smallest type a document may be set in to fit its `fit_pages`, as a share of the size
/// asked for.
const FIT_LIMIT: f32 = 0.75;

/// What `typeset` gives: pages, their geometry, warnings, and the header's and footer's text.
type Typeset = (Vec<Page>, Geometry, Vec<RenderWarning>, (String, String));

/// Typesets the document; with `fit_pages`, retries in steps of slightly smaller type (down to
/// [`FIT_LIMIT`]), each first with the usual and then with tighter lines and margins, until it
/// fits, and keeps the size asked for if it never does. Returns the options used and whether the lines
/// are tight.
fn fitted(doc: &Document, opts: &RenderOptions, fonts: &Fonts) -> (RenderOptions, bool, Typeset) {
    let first = typeset(doc, opts, fonts, false);
    let Some(limit) = doc.fit_pages.map(|l| l as usize) else {
        return (opts.clone(), false, first);
    };
    if first.0.len() <= limit {
        return (opts.clone(), false, first);
    }
    for step in 0..=8 {
        let smaller = RenderOptions {
            font_size: opts.font_size * (1.0 - (1.0 - FIT_LIMIT) * step as f32 / 8.0),
            ..opts.clone()
        };
        for tight in [false, true] {
            if step == 0 && !tight {
                continue;
            }
            let attempt = typeset(doc, &smaller, fonts, tight);
            if attempt.0.len() <= limit {
                return (smaller, tight, attempt);
            }
        }
    }
    (opts.clone(), false, first)
}

/// Lays the document out: pages, their geometry, warnings, and the header's and footer's text.
fn typeset(doc: &Document, opts: &RenderOptions, fonts: &Fonts, tight: bool) -> Typeset {
    let g = geometry(opts.paper, opts.font_size, tight);
    let theme = if tight {
        Theme::new(opts.font_size).tight()
    } else {
        Theme::new(opts.font_size)
    };
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

/// Page size and margins in points; the header and footer grow with the type. `tight`: the
/// narrower margins of a form fitted to its pages (15 mm at the sides instead of 20 mm, and a
/// little less above the header and below the footer).
fn geometry(paper: Paper, font_size: f32, tight: bool) -> Geometry {
    let (width, height) = match paper {
        Paper::A4 => (595.276, 841.89),
        Paper::Letter => (612.0, 792.0),
    };
    let f = furniture_size(font_size);
    let (side, top, bottom) = if tight {
        (42.5, 32.0, 24.0)
    } else {
        (56.7, 40.0, 30.0)
    };
    Geometry {
        width,
        height,
        left: side,
        right: width - side,
        top: top + f * 3.3,
        bottom: height - (bottom + f * 3.8),
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
