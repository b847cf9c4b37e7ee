//! Marks to printpdf operations: y turned over (PDF measures from the bottom), text split into
//! runs per font face, italic drawn as slanted text, circles and rounded corners as Bézier
//! curves, and colour and line width set only when they change.
//!
//! Owns: the translation to printpdf's `Op`s. Must not lay out or decide what is drawn.

use printpdf::{
    Color, Line, LineCapStyle, LineDashPattern, LineJoinStyle, LinePoint, Op, PaintMode,
    PdfFontHandle, Point, Polygon, PolygonRing, Pt, Rgb as PdfRgb, TextItem, TextMatrix,
    WindingOrder,
};

use super::fonts::Fonts;
use super::layout::{Mark, Rgb};

/// tan 12°: the slant of synthetic italics.
const SLANT: f32 = 0.2126;
/// Bézier handle length for a quarter circle.
const KAPPA: f32 = 0.552_284_8;

struct State {
    fill: Option<Rgb>,
    stroke: Option<Rgb>,
    width: Option<f32>,
}

/// The operations drawing `marks` on a page `height` points high.
pub fn ops(fonts: &Fonts, marks: &[Mark], height: f32) -> Vec<Op> {
    let mut out = vec![
        Op::SetLineCapStyle {
            cap: LineCapStyle::Round,
        },
        Op::SetLineJoinStyle {
            join: LineJoinStyle::Round,
        },
    ];
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
                out.push(Op::StartTextSection);
                let (x, y) = (*x, flip(*y));
                out.push(Op::SetTextMatrix {
                    matrix: if style.is_italic() {
                        TextMatrix::Raw([1.0, 0.0, SLANT, 1.0, x, y])
                    } else {
                        TextMatrix::Translate(Pt(x), Pt(y))
                    },
                });
                for (face, run) in fonts.runs(*style, text) {
                    out.push(Op::SetFont {
                        font: PdfFontHandle::External(fonts.faces[face].id.clone()),
                        size: Pt(*size),
                    });
                    out.push(Op::ShowText {
                        items: vec![TextItem::Text(run)],
                    });
                }
                out.push(Op::EndTextSection);
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
                    out.push(Op::SetLineDashPattern {
                        dash: LineDashPattern {
                            offset: 0.0,
                            pattern: [*d, *d * 1.5].into_iter().collect(),
                        },
                    });
                }
                out.push(Op::DrawLine {
                    line: Line {
                        points: vec![pt(from.0, flip(from.1)), pt(to.0, flip(to.1))],
                        is_closed: false,
                    },
                });
                if dash.is_some() {
                    out.push(Op::SetLineDashPattern {
                        dash: LineDashPattern::default(),
                    });
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
                shape(&mut out, &mut st, points, *f, *s);
            }
            Mark::Circle {
                cx,
                cy,
                r,
                fill: f,
                stroke: s,
            } => {
                let points = rounded_rect(cx - r, flip(cy + r), r * 2.0, r * 2.0, *r);
                shape(&mut out, &mut st, points, *f, *s);
            }
            Mark::Path {
                points,
                width,
                color,
            } => {
                stroke(&mut out, &mut st, *color, *width);
                out.push(Op::DrawLine {
                    line: Line {
                        points: points.iter().map(|p| pt(p.0, flip(p.1))).collect(),
                        is_closed: false,
                    },
                });
            }
        }
    }
    out
}

fn color(c: Rgb) -> Color {
    Color::Rgb(PdfRgb::new(c.0, c.1, c.2, None))
}

fn fill(out: &mut Vec<Op>, st: &mut State, c: Rgb) {
    if st.fill != Some(c) {
        out.push(Op::SetFillColor { col: color(c) });
        st.fill = Some(c);
    }
}

fn stroke(out: &mut Vec<Op>, st: &mut State, c: Rgb, width: f32) {
    if st.stroke != Some(c) {
        out.push(Op::SetOutlineColor { col: color(c) });
        st.stroke = Some(c);
    }
    if st.width != Some(width) {
        out.push(Op::SetOutlineThickness { pt: Pt(width) });
        st.width = Some(width);
    }
}

fn shape(
    out: &mut Vec<Op>,
    st: &mut State,
    points: Vec<LinePoint>,
    f: Option<Rgb>,
    s: Option<(Rgb, f32)>,
) {
    let s = s.filter(|(_, w)| *w > 0.0);
    let mode = match (f, s) {
        (Some(_), Some(_)) => PaintMode::FillStroke,
        (Some(_), None) => PaintMode::Fill,
        (None, Some(_)) => PaintMode::Stroke,
        (None, None) => return,
    };
    if let Some(c) = f {
        fill(out, st, c);
    }
    if let Some((c, w)) = s {
        stroke(out, st, c, w);
    }
    out.push(Op::DrawPolygon {
        polygon: Polygon {
            rings: vec![PolygonRing { points }],
            mode,
            winding_order: WindingOrder::NonZero,
        },
    });
}

fn pt(x: f32, y: f32) -> LinePoint {
    LinePoint {
        p: Point { x: Pt(x), y: Pt(y) },
        bezier: false,
    }
}

fn ctl(x: f32, y: f32) -> LinePoint {
    LinePoint {
        p: Point { x: Pt(x), y: Pt(y) },
        bezier: true,
    }
}

/// A rectangle with corners of radius `r` (bottom-left corner at x, y; PDF coordinates). With
/// `r` half the side it is a circle.
fn rounded_rect(x: f32, y: f32, w: f32, h: f32, r: f32) -> Vec<LinePoint> {
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
    points.dedup_by(|a, b| !a.bezier && !b.bezier && a.p.x.0 == b.p.x.0 && a.p.y.0 == b.p.y.0);
    points
}
