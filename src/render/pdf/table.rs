//! Tables (the sessions of a treatment plan): columns sized from their contents, cells wrapped,
//! a shaded header row that is repeated at the top of every page the table continues on, and
//! rows that never break across pages. A table too wide for the page keeps its short columns
//! (number, date, phase) and stacks the long ones, each under its column's name, in one wide
//! column, so that prose is never squeezed into slivers.
//!
//! Owns: column layout and row drawing. Must not paginate (rows are blocks; `layout` places them).

use unicode_linebreak::linebreaks;

use crate::document::{Cell, Table};

use super::circle::tint;
use super::elements::Builder;
use super::fonts::Style;
use super::layout::{Block, Mark, Rgb};
use super::wrap::Span;

/// A printed column: one of the table's, or several stacked.
enum Col {
    One(usize),
    Stacked(Vec<usize>),
}

/// One paragraph of a cell: its spans, and whether it is small print (smaller, muted).
struct Part {
    spans: Vec<Span>,
    small: bool,
}

/// How much smaller small print is than the table's text.
const SMALL: f32 = 0.8;

/// The paragraphs of a cell: each line, then its small print under it.
fn parts(cell: &Cell, style: Style) -> Vec<Part> {
    let mut out = Vec::new();
    for line in &cell.lines {
        out.push(Part {
            spans: vec![Span::new(&line.text, style)],
            small: false,
        });
        if let Some(small) = &line.small {
            out.push(Part {
                spans: vec![Span::new(small, Style::Italic)],
                small: true,
            });
        }
    }
    out
}

impl Builder<'_> {
    /// The table as a header block (also kept for repeating) and one block per row.
    pub fn table(&mut self, table: &Table) {
        let t = self.t;
        let s = t.size;
        let size = s * 0.82;
        let pad = s * 0.45;
        let n = table.columns.len();
        if n == 0 {
            return;
        }
        let header: Vec<Cell> = table.columns.iter().map(|c| Cell::text(c)).collect();
        let all: Vec<&[Cell]> = std::iter::once(header.as_slice())
            .chain(table.rows.iter().map(Vec::as_slice))
            .collect();
        let (natural, least) = self.measure(&all, n, size, pad);
        let (cols, widths) = layout(&natural, &least, self.width);
        let header_index = self.headers.len();
        for (r, row) in all.iter().enumerate() {
            let head = r == 0;
            let empty = Cell::default();
            let cell = |c: usize| row.get(c).unwrap_or(&empty);
            let cells: Vec<Vec<Part>> = cols
                .iter()
                .map(|col| match col {
                    Col::One(c) if head => parts(cell(*c), Style::Bold),
                    Col::One(c) => parts(cell(*c), Style::Regular),
                    Col::Stacked(cs) if head => {
                        let names: Vec<String> = cs.iter().map(|c| cell(*c).plain()).collect();
                        vec![Part {
                            spans: vec![Span::new(names.join(" · "), Style::Bold)],
                            small: false,
                        }]
                    }
                    Col::Stacked(cs) => vec![Part {
                        spans: stacked(cs, &table.columns, row),
                        small: false,
                    }],
                })
                .collect();
            let mut marks = Vec::new();
            let mut x = self.x;
            let mut tallest: f32 = 0.0;
            for (c, cell_parts) in cells.iter().enumerate() {
                let color = if head { t.accent } else { t.text };
                let mut y = pad;
                for part in cell_parts {
                    let size = if part.small { size * SMALL } else { size };
                    let lead = t.leading(size);
                    let lines = self.lines(&part.spans, size, widths[c] - 2.0 * pad);
                    for line in &lines {
                        let color = if part.small { t.muted } else { color };
                        marks.extend(self.line_marks(
                            line,
                            x + pad,
                            y + lead * 0.5 + size * 0.33,
                            size,
                            color,
                        ));
                        y += lead;
                    }
                }
                tallest = tallest.max(y - pad);
                x += widths[c];
            }
            let height = tallest.max(t.leading(size)) + 2.0 * pad;
            let fill: Option<Rgb> = if head {
                Some(tint(t.accent, 0.82))
            } else if r % 2 == 0 {
                Some(t.card)
            } else {
                None
            };
            marks.insert(
                0,
                Mark::Rect {
                    x: self.x,
                    y: 0.0,
                    w: self.width,
                    h: height,
                    radius: 0.0,
                    fill,
                    stroke: None,
                },
            );
            marks.push(Mark::Line {
                from: (self.x, height),
                to: (self.x + self.width, height),
                width: if head { 0.9 } else { 0.4 },
                color: if head { t.accent } else { t.rule },
                dash: None,
            });
            let block = Block {
                height,
                space_before: if head { s * 0.8 } else { 0.0 },
                keep_with_next: head,
                marks,
                header: (!head).then_some(header_index),
                ..Block::default()
            };
            if head {
                self.headers.push(Block {
                    space_before: 0.0,
                    keep_with_next: false,
                    ..block.clone()
                });
            }
            self.push(block);
        }
    }

    /// Per column: the widest line, and the widest piece that cannot break (padding included).
    fn measure(&self, rows: &[&[Cell]], n: usize, size: f32, pad: f32) -> (Vec<f32>, Vec<f32>) {
        let mut natural = vec![0.0f32; n];
        let mut least = vec![0.0f32; n];
        for row in rows {
            for (c, cell) in row.iter().enumerate().take(n) {
                let texts = cell.lines.iter().flat_map(|l| {
                    std::iter::once((l.text.as_str(), 1.0))
                        .chain(l.small.as_deref().map(|s| (s, SMALL)))
                });
                for (line, scale) in texts {
                    let size = size * scale;
                    let w = self.fonts.width(Style::Bold, line, size) + 2.0 * pad;
                    natural[c] = natural[c].max(w);
                    let mut prev = 0;
                    for (at, _) in linebreaks(line) {
                        let piece = line[prev..at].trim_end();
                        prev = at;
                        let w = self.fonts.width(Style::Bold, piece, size) + 2.0 * pad;
                        least[c] = least[c].max(w);
                    }
                }
            }
        }
        (natural, least)
    }
}

/// Which columns to print and how wide. When every column fits at its narrowest with room to
/// spare, each gets its share; otherwise the long ones are stacked in one column.
fn layout(natural: &[f32], least: &[f32], total: f32) -> (Vec<Col>, Vec<f32>) {
    let n = natural.len();
    let sum = |v: &[f32]| v.iter().sum::<f32>();
    if sum(natural) <= total {
        let extra = (total - sum(natural)) / n as f32;
        return (
            (0..n).map(Col::One).collect(),
            natural.iter().map(|w| w + extra).collect(),
        );
    }
    let long: Vec<usize> = (0..n).filter(|&c| natural[c] > total * 0.16).collect();
    // Too little room for prose: the long columns would get under a fifth of the width each.
    let short: f32 = (0..n)
        .filter(|c| !long.contains(c))
        .map(|c| natural[c])
        .sum();
    let cramped = (total - short) / (long.len().max(1) as f32) < total * 0.22;
    if !cramped || long.len() < 2 {
        let least: Vec<f32> = least.iter().map(|w| w.min(total * 0.4)).collect();
        let widths = if sum(&least) >= total {
            least.iter().map(|w| w * total / sum(&least)).collect()
        } else {
            let room = total - sum(&least);
            let want: Vec<f32> = natural
                .iter()
                .zip(&least)
                .map(|(n, l)| n.min(total) - l)
                .collect();
            let wanted = sum(&want).max(0.001);
            least
                .iter()
                .zip(&want)
                .map(|(l, w)| l + room * w / wanted)
                .collect()
        };
        return ((0..n).map(Col::One).collect(), widths);
    }
    let mut cols: Vec<Col> = (0..n).filter(|c| !long.contains(c)).map(Col::One).collect();
    let mut widths: Vec<f32> = (0..n)
        .filter(|c| !long.contains(c))
        .map(|c| natural[c])
        .collect();
    let rest = (total - sum(&widths)).max(total * 0.4);
    let scale = if sum(&widths) + rest > total {
        (total - rest) / sum(&widths)
    } else {
        1.0
    };
    widths.iter_mut().for_each(|w| *w *= scale);
    cols.push(Col::Stacked(long));
    widths.push(rest);
    (cols, widths)
}

/// The long cells of a row, each under its column's name, one after another (small print in
/// brackets, in italics, after its line).
fn stacked(cols: &[usize], names: &[String], row: &[Cell]) -> Vec<Span> {
    let mut spans = Vec::new();
    for &c in cols {
        let Some(cell) = row.get(c).filter(|cell| !cell.plain().trim().is_empty()) else {
            continue;
        };
        if !spans.is_empty() {
            spans.push(Span::new("\n", Style::Regular));
        }
        spans.push(Span::new(format!("{}: ", names[c]), Style::Bold));
        for (i, line) in cell.lines.iter().enumerate() {
            if i > 0 {
                spans.push(Span::new("\n", Style::Regular));
            }
            spans.push(Span::new(line.text.trim(), Style::Regular));
            if let Some(small) = &line.small {
                spans.push(Span::new(format!(" ({small})"), Style::Italic));
            }
        }
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::super::elements::Theme;
    use super::super::fonts::Fonts;
    use super::super::layout::{Geometry, paginate};
    use super::*;

    fn sessions(columns: &[&str]) -> Table {
        Table {
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows: (1..=60)
                .map(|i| {
                    let mut row = vec![i.to_string(), format!("2026-01-{:02}", i % 28 + 1)];
                    while row.len() < columns.len() {
                        row.push(
                            "Review the week and practise\nthe next step with someone you trust"
                                .into(),
                        );
                    }
                    row.iter().map(|c| Cell::text(c)).collect()
                })
                .collect(),
        }
    }

    fn pages_of(table: &Table) -> Vec<super::super::layout::Page> {
        let fonts = Fonts::load(&[]).unwrap();
        let theme = Theme::new(11.0);
        let mut b = Builder::new(&fonts, &theme, 50.0, 500.0, 600.0);
        b.table(table);
        let g = Geometry {
            width: 600.0,
            height: 800.0,
            left: 50.0,
            right: 550.0,
            top: 100.0,
            bottom: 700.0,
        };
        paginate(b.blocks, &g, &b.cards, &b.headers)
    }

    fn texts(page: &super::super::layout::Page) -> Vec<String> {
        page.marks
            .iter()
            .filter_map(|m| match m {
                Mark::Text { text, .. } => Some(text.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn long_tables_repeat_their_header_on_every_page() {
        let pages = pages_of(&sessions(&["Week", "Date", "Focus"]));
        assert!(pages.len() >= 3);
        for p in &pages {
            assert_eq!(texts(p).first().map(String::as_str), Some("Week"));
        }
    }

    #[test]
    fn a_wide_table_stacks_its_long_columns_and_never_breaks_a_date() {
        let pages = pages_of(&sessions(&[
            "#",
            "Date",
            "Aims",
            "Techniques",
            "Worksheets",
            "Task",
        ]));
        let all: Vec<String> = pages.iter().flat_map(texts).collect();
        assert!(
            all.contains(&"Aims · Techniques · Worksheets · Task".to_string()),
            "{:?}",
            &all[..8]
        );
        assert!(all.contains(&"2026-01-02".to_string()), "dates stay whole");
        assert!(all.iter().any(|t| t == "Techniques: "));
    }
}
