//! SVG: the charts of a document as one standalone image, each under its title, drawn from the
//! same geometry as the PDF (`render::chart`), so it opens in any browser and prints the same.
//! Hand-written SVG 1.1 text: every string is escaped and stripped of characters XML forbids.
//!
//! Owns: SVG syntax and the estimate of text widths it lays out with (the viewer's font draws
//! the text). Must not read files; sees only the document model and the render options.

use std::fmt::Write as _;

use crate::document::{Chart, Document};
use crate::render::chart::{Anchor, Figure, Rgb, Shape, TEXT, layout};
use crate::render::{Paper, RenderError, RenderOptions};

/// The fonts asked for: DejaVu Sans (the PDF's), else one of similar width.
const FONTS: &str = "DejaVu Sans, Verdana, Arial, sans-serif";

/// Every chart of `doc`, one under another, as an SVG image.
pub fn render(doc: &Document, options: &RenderOptions) -> Result<String, RenderError> {
    render_all(std::slice::from_ref(doc), options)
}

/// Every chart of several documents, as one SVG image.
pub fn render_all(docs: &[Document], options: &RenderOptions) -> Result<String, RenderError> {
    let charts: Vec<&Chart> = docs
        .iter()
        .flat_map(|d| &d.sections)
        .filter_map(|s| s.chart.as_ref())
        .collect();
    match (charts.is_empty(), docs.first()) {
        (false, Some(first)) => Ok(image(&first.title, &charts, options)),
        _ => Err(RenderError::NoChart),
    }
}

/// One chart as an SVG image (a file written beside a Markdown document).
pub fn chart(chart: &Chart, options: &RenderOptions) -> String {
    image(&chart.title, &[chart], options)
}

/// The width of the PDF's text column on this paper: the same figure as in print.
fn column(paper: Paper) -> f32 {
    paper.size().0 - 2.0 * crate::render::SIDE_MARGIN
}

fn image(title: &str, charts: &[&Chart], options: &RenderOptions) -> String {
    let size = options.font_size;
    let margin = size * 1.2;
    let width = column(options.paper);
    let heading = size * 1.25;
    let mut body = String::new();
    let mut y = margin;
    let mut described = Vec::new();
    for chart in charts {
        let _ = writeln!(
            body,
            r#"<text x="{}" y="{}" font-size="{}" font-weight="bold" fill="{}">{}</text>"#,
            num(margin),
            num(y + heading),
            num(heading),
            hex(TEXT),
            escape(&chart.title)
        );
        y += heading * 1.8;
        let figure = layout(chart, width, size, f32::MAX, &estimate);
        let _ = writeln!(
            body,
            r#"<g transform="translate({} {})">"#,
            num(margin),
            num(y)
        );
        shapes(&mut body, &figure);
        body.push_str("</g>\n");
        y += figure.height + size * 1.5;
        described.push(chart.alt.as_str());
    }
    let (w, h) = (width + 2.0 * margin, y);
    let mut out = String::with_capacity(body.len() + 600);
    let _ = writeln!(
        out,
        r#"<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{w}pt" height="{h}pt" viewBox="0 0 {w} {h}" role="img" aria-labelledby="title desc" font-family="{FONTS}">
<title id="title">{}</title>
<desc id="desc">{}</desc>
<rect width="100%" height="100%" fill="{}"/>"#,
        escape(title),
        escape(&described.join(". ")),
        hex((1.0, 1.0, 1.0)),
        w = num(w),
        h = num(h),
    );
    out.push_str(&body);
    out.push_str("</svg>\n");
    out
}

fn shapes(out: &mut String, figure: &Figure) {
    for shape in &figure.shapes {
        let _ = match shape {
            Shape::Rect {
                x,
                y,
                w,
                h,
                radius,
                fill,
            } => writeln!(
                out,
                r#"<rect x="{}" y="{}" width="{}" height="{}" rx="{}" fill="{}"/>"#,
                num(*x),
                num(*y),
                num(*w),
                num(*h),
                num(*radius),
                hex(*fill)
            ),
            Shape::Line {
                from,
                to,
                width,
                color,
                dash,
            } => writeln!(
                out,
                r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="{}" stroke-linecap="round"{}/>"#,
                num(from.0),
                num(from.1),
                num(to.0),
                num(to.1),
                hex(*color),
                num(*width),
                dash.map_or_else(String::new, |d| format!(
                    r#" stroke-dasharray="{} {}""#,
                    num(d),
                    num(d * 1.5)
                ))
            ),
            Shape::Polyline {
                points,
                width,
                color,
            } => writeln!(
                out,
                r#"<polyline points="{}" fill="none" stroke="{}" stroke-width="{}" stroke-linejoin="round" stroke-linecap="round"/>"#,
                points
                    .iter()
                    .map(|p| format!("{},{}", num(p.0), num(p.1)))
                    .collect::<Vec<_>>()
                    .join(" "),
                hex(*color),
                num(*width)
            ),
            Shape::Dot {
                cx,
                cy,
                r,
                fill,
                stroke,
                width,
            } => writeln!(
                out,
                r#"<circle cx="{}" cy="{}" r="{}" fill="{}" stroke="{}" stroke-width="{}"/>"#,
                num(*cx),
                num(*cy),
                num(*r),
                hex(*fill),
                hex(*stroke),
                num(*width)
            ),
            Shape::Text {
                x,
                y,
                size,
                bold,
                italic,
                color,
                anchor,
                text,
            } => writeln!(
                out,
                r#"<text x="{}" y="{}" font-size="{}"{}{}{} fill="{}">{}</text>"#,
                num(*x),
                num(*y),
                num(*size),
                if *bold { r#" font-weight="bold""# } else { "" },
                if *italic {
                    r#" font-style="italic""#
                } else {
                    ""
                },
                match anchor {
                    Anchor::Start => "",
                    Anchor::Middle => r#" text-anchor="middle""#,
                    Anchor::End => r#" text-anchor="end""#,
                },
                hex(*color),
                escape(text)
            ),
        };
    }
}

/// A number with at most two decimals and no trailing zeros (the same bytes every run).
fn num(v: f32) -> String {
    let s = format!("{:.2}", v);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}

fn hex(c: Rgb) -> String {
    let b = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
    format!("#{:02x}{:02x}{:02x}", b(c.0), b(c.1), b(c.2))
}

/// Text as XML character data or an attribute value: markup characters escaped, characters
/// XML 1.0 does not allow (most control characters) left out.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if c.is_control() || matches!(c, '\u{FFFE}' | '\u{FFFF}') => {}
            c => out.push(c),
        }
    }
    out
}

/// An estimate of a text's width in DejaVu Sans, from the widths of character classes.
fn estimate(text: &str, size: f32, bold: bool) -> f32 {
    let em: f32 = text
        .chars()
        .map(|c| match c {
            'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '!' | '|' | '\'' => 0.3,
            ' ' | 'f' | 't' | 'r' | '(' | ')' | '-' => 0.38,
            '0'..='9' => 0.64,
            'm' | 'w' | 'M' | 'W' => 0.9,
            c if c.is_uppercase() => 0.72,
            _ => 0.6,
        })
        .sum();
    em * size * if bold { 1.1 } else { 1.0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_forbidden_characters_never_reach_the_image() {
        assert_eq!(escape("a < b & \"c\""), "a &lt; b &amp; &quot;c&quot;");
        assert_eq!(escape("bell\u{7}\u{1b}[31m"), "bell[31m");
    }

    #[test]
    fn numbers_are_short_and_stable() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.345), "12.35");
        assert_eq!(num(-0.001), "0");
    }
}
