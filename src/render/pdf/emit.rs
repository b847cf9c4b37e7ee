//! Marks to page content streams, written directly as PDF operators: y turned over (PDF measures
//! from the bottom), text split into runs per font face and shown as two-byte glyph codes,
//! italic drawn as slanted text, circles and rounded corners as Bézier curves, and colour and
//! line width set only when they change. Numbers are written with three decimals at most.
//!
//! Writing the operators here, rather than through printpdf's `Op` list, skips a translation
//! that cost a quarter of a render (see docs/performance.md). printpdf still embeds the fonts:
//! [`used`] tells it which characters each face draws, and [`Codes`] reads back the codes its
//! subsets gave them.
//!
//! Owns: the content-stream syntax. Must not lay out or decide what is drawn.

use std::collections::{BTreeSet, HashMap};

use super::fonts::Fonts;
use super::layout::{Mark, Rgb};

/// tan 12°: the slant of synthetic italics.
const SLANT: f32 = 0.2126;
/// Bézier handle length for a quarter circle.
const KAPPA: f32 = 0.552_284_8;

/// Characters below this are looked up in tables rather than maps.
const TABLE: usize = 0x2200;

/// The characters each face draws on some page, in order (for the font subsets).
pub fn used(fonts: &Fonts, pages: &[Vec<Mark>]) -> Vec<BTreeSet<char>> {
    let faces = fonts.faces.len();
    let mut common = vec![vec![false; TABLE]; faces];
    let mut rare = vec![BTreeSet::new(); faces];
    for mark in pages.iter().flatten() {
        if let Mark::Text { style, text, .. } = mark
            && !text.trim().is_empty()
        {
            for c in text.chars() {
                let g = fonts.glyph(*style, c);
                match common[g.face].get_mut(g.ch as usize) {
                    Some(seen) => *seen = true,
                    None => {
                        rare[g.face].insert(g.ch);
                    }
                }
            }
        }
    }
    common
        .into_iter()
        .zip(rare)
        .map(|(seen, mut chars)| {
            chars.extend(
                seen.iter()
                    .enumerate()
                    .filter(|(_, s)| **s)
                    .filter_map(|(c, _)| char::from_u32(c as u32)),
            );
            chars
        })
        .collect()
}

/// The two-byte code each face's embedded subset gives each character drawn.
#[derive(Debug, Default)]
pub struct Codes(Vec<FaceCodes>);

#[derive(Debug, Default)]
struct FaceCodes {
    common: Vec<[u8; 2]>,
    rare: HashMap<char, [u8; 2]>,
}

impl FaceCodes {
    fn get(&self, c: char) -> [u8; 2] {
        match self.common.get(c as usize) {
            Some(code) => *code,
            None => self.rare.get(&c).copied().unwrap_or([0, 0]),
        }
    }
}

impl Codes {
    /// Reads the codes from the sample the font embedding wrote: for each face that draws
    /// something (in face order), one hex string holding the codes of `used[face]` in order.
    pub fn read(used: &[BTreeSet<char>], sample: &[u8]) -> Result<Codes, String> {
        let mut strings = hex_strings(sample);
        let mut codes = Vec::with_capacity(used.len());
        for chars in used {
            let mut face = FaceCodes::default();
            if chars.is_empty() {
                codes.push(face);
                continue;
            }
            let bytes = strings
                .next()
                .ok_or("the embedded fonts' glyph codes are missing")?;
            if bytes.len() != chars.len() * 2 {
                return Err("the embedded fonts' glyph codes do not match the text".into());
            }
            face.common = vec![[0, 0]; TABLE];
            for (c, b) in chars.iter().zip(bytes.chunks(2)) {
                match face.common.get_mut(*c as usize) {
                    Some(code) => *code = [b[0], b[1]],
                    None => {
                        face.rare.insert(*c, [b[0], b[1]]);
                    }
                }
            }
            codes.push(face);
        }
        Ok(Codes(codes))
    }
}

/// The hex strings (`<…>`) of a content stream, decoded, in order.
fn hex_strings(content: &[u8]) -> impl Iterator<Item = Vec<u8>> + '_ {
    content.split(|b| *b == b'<').skip(1).filter_map(|rest| {
        let end = rest.iter().position(|b| *b == b'>')?;
        let digits: Vec<u8> = rest[..end]
            .iter()
            .filter(|b| !b.is_ascii_whitespace())
            .copied()
            .collect();
        digits
            .chunks(2)
            .map(|pair| {
                let s = std::str::from_utf8(pair).ok()?;
                u8::from_str_radix(s, 16).ok()
            })
            .collect()
    })
}

struct State {
    fill: Option<Rgb>,
    stroke: Option<Rgb>,
    width: Option<f32>,
}

/// The content stream drawing `marks` on a page `height` points high.
pub fn content(fonts: &Fonts, codes: &Codes, marks: &[Mark], height: f32) -> Vec<u8> {
    let mut out = Writer(Vec::with_capacity(marks.len() * 48));
    out.raw("1 J\n1 j\n");
    let mut st = State {
        fill: None,
        stroke: None,
        width: None,
    };
    let flip = |y: f32| height - y;
    for mark in marks {
        match mark {
            Mark::Text {
                x,
                y,
                size,
                style,
                color,
                text,
                ..
            } => {
                if text.trim().is_empty() {
                    continue;
                }
                fill(&mut out, &mut st, *color);
                out.raw("BT\n1 0 ");
                out.num(if style.is_italic() { SLANT } else { 0.0 });
                out.raw(" 1 ");
                out.nums(&[*x, flip(*y)]);
                out.raw("Tm\n");
                let mut current = None;
                for c in text.chars() {
                    let g = fonts.glyph(*style, c);
                    if current != Some(g.face) {
                        if current.is_some() {
                            out.raw("> Tj\n");
                        }
                        current = Some(g.face);
                        out.0.push(b'/');
                        out.raw(&fonts.ids[g.face].0);
                        out.0.push(b' ');
                        out.nums(&[*size]);
                        out.raw("Tf\n<");
                    }
                    out.hex(codes.0.get(g.face).map_or([0, 0], |f| f.get(g.ch)));
                }
                if current.is_some() {
                    out.raw("> Tj\n");
                }
                out.raw("ET\n");
            }
            Mark::Line {
                from,
                to,
                width,
                color,
                dash,
            } => {
                stroke(&mut out, &mut st, *color, *width);
                if let Some(d) = dash {
                    out.0.push(b'[');
                    out.num(*d);
                    out.0.push(b' ');
                    out.num(*d * 1.5);
                    out.raw("] 0 d\n");
                }
                out.nums(&[from.0, flip(from.1)]);
                out.raw("m\n");
                out.nums(&[to.0, flip(to.1)]);
                out.raw("l\nS\n");
                if dash.is_some() {
                    out.raw("[] 0 d\n");
                }
            }
            Mark::Rect {
                x,
                y,
                w,
                h,
                radius,
                fill: f,
                stroke: s,
            } => {
                let points = rounded_rect(*x, flip(*y + *h), *w, *h, *radius);
                shape(&mut out, &mut st, &points, *f, *s);
            }
            Mark::Circle {
                cx,
                cy,
                r,
                fill: f,
                stroke: s,
            } => {
                let points = rounded_rect(cx - r, flip(cy + r), r * 2.0, r * 2.0, *r);
                shape(&mut out, &mut st, &points, *f, *s);
            }
            Mark::Path {
                points,
                width,
                color,
            } => {
                if points.is_empty() {
                    continue;
                }
                stroke(&mut out, &mut st, *color, *width);
                for (i, p) in points.iter().enumerate() {
                    out.nums(&[p.0, flip(p.1)]);
                    out.raw(if i == 0 { "m\n" } else { "l\n" });
                }
                out.raw("S\n");
            }
        }
    }
    out.0
}

/// A content stream being written.
struct Writer(Vec<u8>);

impl Writer {
    fn raw(&mut self, s: &str) {
        self.0.extend_from_slice(s.as_bytes());
    }

    /// Numbers, each followed by a space.
    fn nums(&mut self, values: &[f32]) {
        for v in values {
            self.num(*v);
            self.0.push(b' ');
        }
    }

    /// A number with at most three decimals (a thousandth of a point), no exponent.
    fn num(&mut self, v: f32) {
        let v = if v.is_finite() { f64::from(v) } else { 0.0 };
        let milli = (v * 1000.0).round() as i64;
        if milli < 0 {
            self.0.push(b'-');
        }
        let milli = milli.unsigned_abs();
        self.int(milli / 1000);
        let frac = milli % 1000;
        if frac != 0 {
            self.0.push(b'.');
            let digits = [frac / 100, frac / 10 % 10, frac % 10];
            let keep = 3 - digits.iter().rev().take_while(|d| **d == 0).count();
            self.0
                .extend(digits[..keep].iter().map(|d| b'0' + *d as u8));
        }
    }

    fn int(&mut self, n: u64) {
        let mut buf = [0u8; 20];
        let mut i = buf.len();
        let mut n = n;
        loop {
            i -= 1;
            buf[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        self.0.extend_from_slice(&buf[i..]);
    }

    fn hex(&mut self, code: [u8; 2]) {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        for b in code {
            self.0.push(DIGITS[usize::from(b >> 4)]);
            self.0.push(DIGITS[usize::from(b & 15)]);
        }
    }

    fn color(&mut self, c: Rgb, op: &str) {
        self.nums(&[c.0, c.1, c.2]);
        self.raw(op);
    }
}

fn fill(out: &mut Writer, st: &mut State, c: Rgb) {
    if st.fill != Some(c) {
        out.color(c, "rg\n");
        st.fill = Some(c);
    }
}

fn stroke(out: &mut Writer, st: &mut State, c: Rgb, width: f32) {
    if st.stroke != Some(c) {
        out.color(c, "RG\n");
        st.stroke = Some(c);
    }
    if st.width != Some(width) {
        out.nums(&[width]);
        out.raw("w\n");
        st.width = Some(width);
    }
}

/// A point of a path: on the curve, or a Bézier handle.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Point {
    x: f32,
    y: f32,
    handle: bool,
}

fn shape(
    out: &mut Writer,
    st: &mut State,
    points: &[Point],
    f: Option<Rgb>,
    s: Option<(Rgb, f32)>,
) {
    let s = s.filter(|(_, w)| *w > 0.0);
    let paint = match (f, s) {
        (Some(_), Some(_)) => "b\n",
        (Some(_), None) => "f\n",
        (None, Some(_)) => "S\n",
        (None, None) => return,
    };
    if let Some(c) = f {
        fill(out, st, c);
    }
    if let Some((c, w)) = s {
        stroke(out, st, c, w);
    }
    let Some(first) = points.first() else {
        return;
    };
    out.nums(&[first.x, first.y]);
    out.raw("m\n");
    let mut i = 1;
    while i < points.len() {
        let p = points[i];
        if p.handle && i + 2 < points.len() && points[i + 1].handle {
            let (q, end) = (points[i + 1], points[i + 2]);
            out.nums(&[p.x, p.y, q.x, q.y, end.x, end.y]);
            out.raw("c\n");
            i += 3;
        } else {
            out.nums(&[p.x, p.y]);
            out.raw("l\n");
            i += 1;
        }
    }
    out.raw("h\n");
    out.raw(paint);
}

fn pt(x: f32, y: f32) -> Point {
    Point {
        x,
        y,
        handle: false,
    }
}

fn ctl(x: f32, y: f32) -> Point {
    Point { x, y, handle: true }
}

/// A rectangle with corners of radius `r` (bottom-left corner at x, y; PDF coordinates). With
/// `r` half the side it is a circle.
fn rounded_rect(x: f32, y: f32, w: f32, h: f32, r: f32) -> Vec<Point> {
    let r = r.min(w / 2.0).min(h / 2.0).max(0.0);
    if r <= 0.0 {
        return vec![
            pt(x, y),
            pt(x + w, y),
            pt(x + w, y + h),
            pt(x, y + h),
            pt(x, y),
        ];
    }
    let k = r * KAPPA;
    let (x1, y1) = (x + w, y + h);
    let mut points = vec![
        pt(x + r, y),
        pt(x1 - r, y),
        ctl(x1 - r + k, y),
        ctl(x1, y + r - k),
        pt(x1, y + r),
        pt(x1, y1 - r),
        ctl(x1, y1 - r + k),
        ctl(x1 - r + k, y1),
        pt(x1 - r, y1),
        pt(x + r, y1),
        ctl(x + r - k, y1),
        ctl(x, y1 - r + k),
        pt(x, y1 - r),
        pt(x, y + r),
        ctl(x, y + r - k),
        ctl(x + r - k, y),
        pt(x + r, y),
    ];
    // A circle has no straight sides: drop the zero-length lines.
    points.dedup_by(|a, b| !a.handle && !b.handle && a.x == b.x && a.y == b.y);
    points
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pdf::fonts::Style;

    fn written(v: f32) -> String {
        let mut w = Writer(Vec::new());
        w.num(v);
        String::from_utf8(w.0).unwrap()
    }

    #[test]
    fn numbers_have_at_most_three_decimals_and_no_exponent() {
        assert_eq!(written(0.0), "0");
        assert_eq!(written(56.7), "56.7");
        assert_eq!(written(490.65997), "490.66");
        assert_eq!(written(-0.2126), "-0.213");
        assert_eq!(written(1e-7), "0");
        assert_eq!(written(841.89), "841.89");
        assert_eq!(written(1e9), "1000000000");
        assert_eq!(written(f32::NAN), "0");
    }

    #[test]
    fn text_is_shown_in_the_codes_the_subset_gave_each_character() {
        let fonts = Fonts::load(&[]).unwrap();
        let marks = vec![Mark::Text {
            x: 10.0,
            y: 20.0,
            size: 11.0,
            style: Style::Italic,
            color: (0.0, 0.0, 0.0),
            text: "ab".into(),
            width: 12.0,
        }];
        let used = used(&fonts, std::slice::from_ref(&marks));
        assert_eq!(used[0].iter().collect::<String>(), "ab");
        assert!(used[1].is_empty());
        let codes = Codes::read(&used, b"BT /DJVREG 1 Tf <00010002> Tj ET").unwrap();
        let page = String::from_utf8(content(&fonts, &codes, &marks, 100.0)).unwrap();
        assert!(page.contains("BT\n1 0 0.213 1 10 80 Tm\n/DJVREG 11 Tf\n<00010002> Tj\nET\n"));
        assert!(Codes::read(&used, b"BT /DJVREG 1 Tf <0001> Tj ET").is_err());
        assert!(Codes::read(&used, b"").is_err());
    }

    #[test]
    fn a_filled_and_stroked_card_is_closed_and_painted_once() {
        let fonts = Fonts::load(&[]).unwrap();
        let marks = vec![Mark::Rect {
            x: 0.0,
            y: 0.0,
            w: 20.0,
            h: 10.0,
            radius: 2.0,
            fill: Some((1.0, 1.0, 1.0)),
            stroke: Some(((0.0, 0.0, 0.0), 0.5)),
        }];
        let page = String::from_utf8(content(&fonts, &Codes::default(), &marks, 10.0)).unwrap();
        assert_eq!(page.matches(" c\n").count(), 4, "{page}");
        assert!(page.ends_with("h\nb\n"), "{page}");
    }
}
