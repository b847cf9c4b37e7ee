//! PDF: the document typeset as a printable handout with printpdf — embedded, subset DejaVu Sans
//! (plus `--font` fallbacks), measured line breaking, pagination with headers and footers,
//! widgets drawn for writing and ticking, the closeness circle, charts of scores over time, an
//! outline and fixed metadata.
//!
//! The pipeline inside: `elements` (and `widgets`, `circle`, `chart`) cut the document into blocks,
//! `layout` places them on pages, `emit` turns the marks into printpdf operations and `meta`
//! saves the file deterministically. `fonts`, `wrap` and `markdown` serve them.
//!
//! Owns: everything printpdf; this folder is the only place that may use it. Must not read files
//! or the clock: fonts and the date come in [`RenderOptions`].

mod chart;
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
mod pack;
mod slim;
mod table;
mod text;
mod widgets;
mod wrap;

use crate::document::Document;
use crate::document::pack::Pack;
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
    guarded(opts, || render_with_fonts(doc, opts))
}

/// Runs `render` so that a crafted `--font` file failing inside the font code is a font error,
/// never a panic.
fn guarded(
    opts: &RenderOptions,
    render: impl FnOnce() -> Result<(Vec<u8>, Vec<RenderWarning>), RenderError>,
) -> Result<(Vec<u8>, Vec<RenderWarning>), RenderError> {
    if opts.fonts.is_empty() {
        return render();
    }
    fonts::quietly(render).unwrap_or_else(|| {
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
    let fonts = load_fonts(opts)?;
    let (fit, _, typeset) = fitted(doc, opts, &fonts);
    let g = typeset.1;
    let parts = vec![Part::Document(doc, typeset, fit.font_size)];
    let meta = |outline, page_height| meta::Meta {
        title: &doc.title,
        subject: &doc.summary,
        keywords: vec![doc.worksheet.clone()],
        creator: format!("ipt {}", env!("CARGO_PKG_VERSION")),
        lang: &doc.language,
        epoch: opts.epoch,
        outline,
        page_height,
    };
    assemble(parts, &g, &fonts, opts, false, meta)
}

/// Renders several documents as one PDF: a cover and a contents page when asked for, each
/// document starting on a new page (an odd one with `duplex`), with page numbers per document
/// and overall, and an outline of documents and their sections.
pub fn render_pack(
    pack: &Pack,
    opts: &RenderOptions,
) -> Result<(Vec<u8>, Vec<RenderWarning>), RenderError> {
    guarded(opts, || render_pack_with_fonts(pack, opts))
}

fn render_pack_with_fonts(
    pack: &Pack,
    opts: &RenderOptions,
) -> Result<(Vec<u8>, Vec<RenderWarning>), RenderError> {
    let fonts = load_fonts(opts)?;
    let typeset_docs: Vec<_> = pack
        .documents
        .iter()
        .map(|d| {
            let (fit, _, t) = fitted(d, opts, &fonts);
            (d, t, fit.font_size)
        })
        .collect();
    let g = geometry(opts.paper, opts.font_size, false);
    let cover = pack
        .cover
        .as_ref()
        .map(|lines| pack::cover(&fonts, opts, &g, &pack.title, lines));
    let cover_pages = cover.as_ref().map_or(0, Vec::len);
    // The contents page lists where each document starts, which depends on how long the
    // contents are: lay it out until the numbers stop changing.
    let mut contents = None;
    if let Some(words) = &pack.contents {
        let mut pages_of_contents = 1;
        for _ in 0..4 {
            let starts = starts(
                cover_pages + pages_of_contents,
                typeset_docs.iter().map(|(_, t, _)| t.0.len()),
                pack.duplex,
            );
            let entries: Vec<(String, usize)> = pack
                .documents
                .iter()
                .zip(&starts)
                .map(|(d, s)| (d.title.clone(), *s))
                .collect();
            let laid = pack::contents(&fonts, opts, &g, words, &entries);
            let done = laid.len() == pages_of_contents;
            pages_of_contents = laid.len();
            contents = Some(laid);
            if done {
                break;
            }
        }
    }
    let mut parts = Vec::new();
    if let Some(pages) = cover {
        parts.push(Part::Plain(pages, None));
    }
    if let (Some(pages), Some(words)) = (contents, &pack.contents) {
        parts.push(Part::Plain(pages, Some(words.title.clone())));
    }
    for (doc, t, size) in typeset_docs {
        parts.push(Part::Document(doc, t, size));
    }
    let keywords = pack.documents.iter().map(|d| d.worksheet.clone()).collect();
    let meta = |outline, page_height| meta::Meta {
        title: &pack.title,
        subject: &pack.title,
        keywords,
        creator: format!("ipt {}", env!("CARGO_PKG_VERSION")),
        lang: &pack.language,
        epoch: opts.epoch,
        outline,
        page_height,
    };
    assemble(parts, &g, &fonts, opts, pack.duplex, meta)
}

fn load_fonts(opts: &RenderOptions) -> Result<Fonts, RenderError> {
    Fonts::load(&opts.fonts).map_err(|p| RenderError::Font {
        name: p.name,
        reason: p.reason,
    })
}

/// A document laid out: its pages, geometry, warnings and the header's and footer's text.
type Typeset = (Vec<Page>, Geometry, Vec<RenderWarning>, (String, String));

/// What goes into the file, in order.
enum Part<'a> {
    /// A document with its header and footer on every page, and the type size it was set in.
    Document(&'a Document, Typeset, f32),
    /// Pages without header or footer (a cover, a contents page), with an outline entry if named.
    Plain(Vec<Page>, Option<String>),
}

/// The page numbers (from 1) each document starts on, after `before` pages; with `duplex` each
/// starts on an odd page.
fn starts(before: usize, lengths: impl Iterator<Item = usize>, duplex: bool) -> Vec<usize> {
    let mut next = before + 1;
    let mut out = Vec::new();
    for len in lengths {
        if duplex && next.is_multiple_of(2) {
            next += 1;
        }
        out.push(next);
        next += len;
    }
    out
}

/// Draws every part's pages with their furniture and saves the file. A document's first outline
/// entry (its title) is a top entry and its sections hang below it.
fn assemble<'a>(
    parts: Vec<Part<'a>>,
    g: &Geometry,
    fonts: &Fonts,
    opts: &RenderOptions,
    duplex: bool,
    meta: impl FnOnce(Vec<meta::Bookmark>, f32) -> meta::Meta<'a>,
) -> Result<(Vec<u8>, Vec<RenderWarning>), RenderError> {
    let theme = Theme::new(opts.font_size);
    let many = parts.len() > 1;
    // What a document page's header and footer need: its title, the header's right side, the
    // footer line, page n of total, and the geometry and type size the document was set in.
    struct Furnish<'b> {
        title: &'b str,
        right: String,
        footer: String,
        n: usize,
        total: usize,
        g: Geometry,
        size: f32,
    }
    // Every page of the file.
    struct Sheet<'b> {
        page: Page,
        furniture: Option<Furnish<'b>>,
        top_level: bool,
    }
    let mut sheets: Vec<Sheet> = Vec::new();
    let mut warnings = Vec::new();
    let mut outline = Vec::new();
    for part in parts {
        match part {
            Part::Plain(pages, name) => {
                for (i, mut page) in pages.into_iter().enumerate() {
                    if i == 0
                        && let Some(name) = &name
                    {
                        page.bookmarks.insert(0, (name.clone(), g.top));
                    }
                    sheets.push(Sheet {
                        page,
                        furniture: None,
                        top_level: true,
                    });
                }
            }
            Part::Document(doc, (pages, doc_g, warns, (right, footer)), size) => {
                if duplex && sheets.len() % 2 == 1 {
                    sheets.push(Sheet {
                        page: Page::default(),
                        furniture: None,
                        top_level: true,
                    });
                }
                warnings.extend(warns);
                let total = pages.len();
                for (i, page) in pages.into_iter().enumerate() {
                    sheets.push(Sheet {
                        page,
                        furniture: Some(Furnish {
                            title: &doc.title,
                            right: right.clone(),
                            footer: footer.clone(),
                            n: i + 1,
                            total,
                            g: doc_g,
                            size,
                        }),
                        top_level: false,
                    });
                }
            }
        }
    }
    let overall = sheets.len();
    let mut first_of_document = true;
    let pages: Vec<Vec<layout::Mark>> = sheets
        .into_iter()
        .enumerate()
        .map(|(i, sheet)| {
            for (title, y) in &sheet.page.bookmarks {
                let level = if sheet.top_level || first_of_document {
                    0
                } else {
                    1
                };
                if !sheet.top_level {
                    first_of_document = false;
                }
                outline.push(meta::Bookmark {
                    title: title.clone(),
                    page: i,
                    y: *y,
                    level,
                });
            }
            let mut marks = Vec::new();
            if let Some(f) = &sheet.furniture {
                if f.n == f.total {
                    first_of_document = true;
                }
                let header = Furniture {
                    title: f.title,
                    header_right: &f.right,
                    footer_left: &f.footer,
                    size: furniture_size(f.size),
                    color: theme.muted,
                    rule: theme.rule,
                    overall: many.then_some((i + 1, overall)),
                };
                marks = furniture(fonts, &f.g, &header, f.n, f.total);
            }
            marks.extend(sheet.page.marks);
            marks
        })
        .collect();
    let meta = meta(outline, g.height);
    let bytes = meta::save(fonts, &pages, (g.width, g.height), &meta).map_err(RenderError::Pdf)?;
    Ok((bytes, warnings))
}

/// The smallest type a document may be set in to fit its `fit_pages`, as a share of the size
/// asked for.
const FIT_LIMIT: f32 = 0.75;

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
    let right = match opts.practice.as_deref().map(str::trim) {
        Some(practice) if !practice.is_empty() => format!("{practice} · {right}"),
        _ => right,
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
    let (width, height) = paper.size();
    let f = furniture_size(font_size);
    let (side, top, bottom) = if tight {
        (42.5, 32.0, 24.0)
    } else {
        (super::SIDE_MARGIN, 40.0, 30.0)
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
