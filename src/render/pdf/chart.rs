//! A chart of scores over time as vector marks: the figure laid out by `render::chart` (the
//! same one the SVG renderer draws), measured with the PDF's own fonts, in one block.
//!
//! Owns: turning chart shapes into marks. Must not decide the chart's geometry or paginate.

use crate::document::Chart;
use crate::render::chart::{Anchor, Shape, layout};

use super::elements::Builder;
use super::fonts::Style;
use super::layout::{Block, Mark};

impl Builder<'_> {
    /// The chart as one block, as wide as the column.
    pub fn chart(&mut self, chart: &Chart) {
        let s = self.t.size;
        let fonts = self.fonts;
        let style = |bold: bool, italic: bool| match (bold, italic) {
            (true, true) => Style::BoldItalic,
            (true, false) => Style::Bold,
            (false, true) => Style::Italic,
            (false, false) => Style::Regular,
        };
        let measure =
            |text: &str, size: f32, bold: bool| fonts.width(style(bold, false), text, size);
        // Room on the page for the section heading the chart is kept with.
        let room = self.max_height - self.t.leading(s * 1.4) - s * 0.35 - s * 0.8 - 1.0;
        let figure = layout(chart, self.width, s, room, &measure);
        let x0 = self.x;
        let mut marks = Vec::with_capacity(figure.shapes.len());
        for shape in figure.shapes {
            marks.push(match shape {
                Shape::Rect {
                    x,
                    y,
                    w,
                    h,
                    radius,
                    fill,
                } => Mark::Rect {
                    x: x0 + x,
                    y,
                    w,
                    h,
                    radius,
                    fill: Some(fill),
                    stroke: None,
                },
                Shape::Line {
                    from,
                    to,
                    width,
                    color,
                    dash,
                } => Mark::Line {
                    from: (x0 + from.0, from.1),
                    to: (x0 + to.0, to.1),
                    width,
                    color,
                    dash,
                },
                Shape::Polyline {
                    points,
                    width,
                    color,
                } => Mark::Path {
                    points: points.iter().map(|p| (x0 + p.0, p.1)).collect(),
                    width,
                    color,
                },
                Shape::Dot {
                    cx,
                    cy,
                    r,
                    fill,
                    stroke,
                    width,
                } => Mark::Circle {
                    cx: x0 + cx,
                    cy,
                    r,
                    fill: Some(fill),
                    stroke: Some((stroke, width)),
                },
                Shape::Text {
                    x,
                    y,
                    size,
                    bold,
                    italic,
                    color,
                    anchor,
                    text,
                } => {
                    self.check(&text);
                    let st = style(bold, italic);
                    let width = fonts.width(st, &text, size);
                    let start = match anchor {
                        Anchor::Start => x,
                        Anchor::Middle => x - width / 2.0,
                        Anchor::End => x - width,
                    };
                    Mark::Text {
                        x: x0 + start,
                        y,
                        size,
                        style: st,
                        color,
                        text,
                        width,
                    }
                }
            });
        }
        self.push(Block {
            height: figure.height,
            space_before: s * 0.8,
            marks,
            ..Block::default()
        });
    }
}
