//! Pages: the marks a page is drawn from, the blocks the document is cut into, and pagination —
//! blocks are placed top to bottom, a block that does not fit starts a new page, a chain of
//! blocks marked `keep_with_next` (a heading, a question and the first line of its answer) moves
//! to the next page together, and repeat-group entries get a card drawn behind them on every page
//! they touch; a table row that starts a page gets its table's header row again. Then the page
//! furniture: header and "Page N of M" footer.
//!
//! Coordinates are points from the page's top-left corner, y downwards; `emit` turns them over.
//! Owns: geometry, pagination and furniture. Must not read the document model or call printpdf.

use super::fonts::{Fonts, Style};

/// An RGB colour, 0–1.
pub type Rgb = (f32, f32, f32);

/// Something drawn on a page.
#[derive(Debug, Clone, PartialEq)]
pub enum Mark {
    /// One run of text in one style; `y` is the baseline, `width` its measured advance.
    Text {
        x: f32,
        y: f32,
        size: f32,
        style: Style,
        color: Rgb,
        text: String,
        width: f32,
    },
    /// A straight line; `dash` is the dash length, if dashed.
    Line {
        from: (f32, f32),
        to: (f32, f32),
        width: f32,
        color: Rgb,
        dash: Option<f32>,
    },
    /// A rectangle with optional rounded corners.
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        radius: f32,
        fill: Option<Rgb>,
        stroke: Option<(Rgb, f32)>,
    },
    Circle {
        cx: f32,
        cy: f32,
        r: f32,
        fill: Option<Rgb>,
        stroke: Option<(Rgb, f32)>,
    },
    /// An open polyline with round joins (a tick).
    Path {
        points: Vec<(f32, f32)>,
        width: f32,
        color: Rgb,
    },
}

impl Mark {
    fn shift(&mut self, dy: f32) {
        match self {
            Mark::Text { y, .. } | Mark::Rect { y, .. } => *y += dy,
            Mark::Circle { cy, .. } => *cy += dy,
            Mark::Line { from, to, .. } => {
                from.1 += dy;
                to.1 += dy;
            }
            Mark::Path { points, .. } => points.iter_mut().for_each(|p| p.1 += dy),
        }
    }

    /// The box the mark covers: (left, top, right, bottom).
    #[cfg(test)]
    pub fn bounds(&self) -> (f32, f32, f32, f32) {
        match self {
            Mark::Text {
                x, y, size, width, ..
            } => (*x, y - size * 0.8, x + width, y + size * 0.25),
            Mark::Line { from, to, .. } => (
                from.0.min(to.0),
                from.1.min(to.1),
                from.0.max(to.0),
                from.1.max(to.1),
            ),
            Mark::Rect { x, y, w, h, .. } => (*x, *y, x + w, y + h),
            Mark::Circle { cx, cy, r, .. } => (cx - r, cy - r, cx + r, cy + r),
            Mark::Path { points, .. } => points.iter().fold(
                (f32::MAX, f32::MAX, f32::MIN, f32::MIN),
                |(a, b, c, d), p| (a.min(p.0), b.min(p.1), c.max(p.0), d.max(p.1)),
            ),
        }
    }
}

/// The page and its body area.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Geometry {
    pub width: f32,
    pub height: f32,
    pub left: f32,
    pub right: f32,
    /// Where the body starts (below the header).
    pub top: f32,
    /// Where the body ends (above the footer).
    pub bottom: f32,
}

impl Geometry {
    pub fn body_width(&self) -> f32 {
        self.right - self.left
    }

    pub fn body_height(&self) -> f32 {
        self.bottom - self.top
    }
}

/// An unbreakable piece of the document; marks are relative to the block's top.
#[derive(Debug, Clone, Default)]
pub struct Block {
    pub height: f32,
    /// Space above the block, dropped at the top of a page.
    pub space_before: f32,
    /// Must share a page with the next block.
    pub keep_with_next: bool,
    pub marks: Vec<Mark>,
    /// The repeat-group entry (card) the block belongs to.
    pub card: Option<usize>,
    /// An outline entry pointing at this block.
    pub bookmark: Option<String>,
    /// A table row: the header block (by index) repeated when the row starts a page.
    pub header: Option<usize>,
}

/// Card padding and colours.
pub struct CardStyle {
    pub pad: f32,
    pub fill: Rgb,
    pub stroke: Rgb,
}

/// A finished page body.
#[derive(Debug, Clone, Default)]
pub struct Page {
    pub marks: Vec<Mark>,
    /// Outline entries: title and y of the top of their block.
    pub bookmarks: Vec<(String, f32)>,
}

/// Places the blocks on pages.
pub fn paginate(
    blocks: Vec<Block>,
    g: &Geometry,
    cards: &[CardStyle],
    headers: &[Block],
) -> Vec<Page> {
    // (page, y, block) for every block, then the pages are drawn from them.
    let mut placed: Vec<(usize, f32, &Block)> = Vec::with_capacity(blocks.len());
    let (mut page, mut y) = (0usize, g.top);
    let mut prev: Option<&Block> = None;
    // Inside a chain too long for any page: it breaks where the page ends, block by block.
    let mut flowing = false;
    let mut carried = false;
    for (i, block) in blocks.iter().enumerate() {
        let reserve = block.card.map_or(0.0, |c| cards[c].pad);
        let starts_chain = prev.is_none_or(|p| !p.keep_with_next);
        if starts_chain {
            flowing = chain_height(&blocks[i..], f32::INFINITY) > g.body_height();
        }
        let kept = if flowing {
            // A block kept with the next still takes that one along (a heading is never left
            // alone at the foot of a page), unless it was itself taken along by the block before.
            match blocks.get(i + 1) {
                Some(next) if block.keep_with_next && !carried => {
                    (block.height + next.space_before + next.height).min(g.body_height())
                }
                _ => block.height,
            }
        } else {
            chain_height(&blocks[i..], g.body_height())
        };
        let need = lead(prev, block, cards) + kept + reserve;
        carried = flowing && block.keep_with_next && !carried;
        if prev.is_some() && y + need > g.bottom {
            page += 1;
            y = g.top;
            prev = None;
        }
        if let (None, Some(h)) = (prev, block.header.and_then(|h| headers.get(h))) {
            // A table continues on a new page: its header row first.
            y += lead(None, h, cards);
            placed.push((page, y, h));
            y += h.height;
            prev = Some(h);
        }
        y += lead(prev, block, cards);
        placed.push((page, y, block));
        y += block.height;
        prev = Some(block);
    }
    let mut pages: Vec<Page> = vec![Page::default(); page + 1];
    // Cards first, so that they sit behind their contents.
    let mut frames: Vec<(usize, usize, f32, f32)> = Vec::new(); // page, card, top, bottom
    for &(p, y, b) in &placed {
        let Some(c) = b.card else { continue };
        match frames.last_mut() {
            Some(f) if f.0 == p && f.1 == c => f.3 = y + b.height,
            _ => frames.push((p, c, y, y + b.height)),
        }
    }
    for (p, c, top, bottom) in frames {
        let card = &cards[c];
        pages[p].marks.push(Mark::Rect {
            x: g.left,
            y: top - card.pad,
            w: g.body_width(),
            h: bottom - top + 2.0 * card.pad,
            radius: card.pad * 0.6,
            fill: Some(card.fill),
            stroke: Some((card.stroke, 0.6)),
        });
    }
    for (p, y, b) in placed {
        if let Some(title) = &b.bookmark {
            pages[p].bookmarks.push((title.clone(), y));
        }
        pages[p].marks.extend(b.marks.iter().cloned().map(|mut m| {
            m.shift(y);
            m
        }));
    }
    pages
}

/// The space above `b`: its own (not at the top of a page) and card padding.
fn lead(prev: Option<&Block>, b: &Block, cards: &[CardStyle]) -> f32 {
    let pad = |c: Option<usize>| c.map_or(0.0, |c| cards[c].pad);
    let Some(p) = prev else {
        return pad(b.card);
    };
    if p.card == b.card {
        return b.space_before;
    }
    b.space_before + pad(p.card) + pad(b.card)
}

/// The height the next block needs so that it and the blocks it keeps with fit together, at
/// most a page (a chain longer than a page is allowed to break).
fn chain_height(blocks: &[Block], page: f32) -> f32 {
    let mut h = 0.0;
    for (i, b) in blocks.iter().enumerate() {
        let next = h + if i == 0 { 0.0 } else { b.space_before } + b.height;
        if next > page && i > 0 {
            break;
        }
        h = next;
        if !b.keep_with_next {
            break;
        }
    }
    h
}

/// What the header and footer say.
pub struct Furniture<'a> {
    pub title: &'a str,
    /// Right side of the header: client and date, already joined.
    pub header_right: &'a str,
    /// A short line at the foot of every page.
    pub footer_left: &'a str,
    pub size: f32,
    pub color: Rgb,
    pub rule: Rgb,
    /// In a file of several documents: this page's number and the count of all pages.
    pub overall: Option<(usize, usize)>,
}

/// Header and footer marks for page `n` of `total`.
pub fn furniture(fonts: &Fonts, g: &Geometry, f: &Furniture, n: usize, total: usize) -> Vec<Mark> {
    let size = f.size;
    let text = |x: f32, y: f32, s: &str, style: Style| Mark::Text {
        x,
        y,
        size,
        style,
        color: f.color,
        text: s.to_string(),
        width: fonts.width(style, s, size),
    };
    let head_y = g.top - size * 2.6;
    let foot_y = g.bottom + size * 3.2;
    let page = match f.overall {
        Some((at, all)) => format!("Page {n} of {total} · {at}/{all}"),
        None => format!("Page {n} of {total}"),
    };
    let page_w = fonts.width(Style::Regular, &page, size);
    let right_w = fonts.width(Style::Regular, f.header_right, size);
    let room = g.body_width() - right_w - size * 2.0;
    let title = fit(fonts, f.title, Style::Bold, size, room);
    let footer = fit(
        fonts,
        f.footer_left,
        Style::Regular,
        size,
        g.body_width() - page_w - size * 2.0,
    );
    let rule = |y: f32| Mark::Line {
        from: (g.left, y),
        to: (g.right, y),
        width: 0.5,
        color: f.rule,
        dash: None,
    };
    vec![
        text(g.left, head_y, &title, Style::Bold),
        text(g.right - right_w, head_y, f.header_right, Style::Regular),
        rule(head_y + size * 0.7),
        rule(foot_y - size * 1.3),
        text(g.left, foot_y, &footer, Style::Regular),
        text(g.right - page_w, foot_y, &page, Style::Regular),
    ]
}

/// `text`, shortened with an ellipsis to fit `width`.
pub fn fit(fonts: &Fonts, text: &str, style: Style, size: f32, width: f32) -> String {
    if fonts.width(style, text, size) <= width {
        return text.to_string();
    }
    let mut out = String::new();
    for c in text.chars() {
        if fonts.width(style, &out, size)
            + fonts.advance(style, c, size)
            + fonts.advance(style, '…', size)
            > width
        {
            break;
        }
        out.push(c);
    }
    format!("{}…", out.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    const G: Geometry = Geometry {
        width: 600.0,
        height: 800.0,
        left: 50.0,
        right: 550.0,
        top: 100.0,
        bottom: 700.0,
    };
    const CARD: CardStyle = CardStyle {
        pad: 8.0,
        fill: (1.0, 1.0, 1.0),
        stroke: (0.0, 0.0, 0.0),
    };

    fn block(h: f32, keep: bool) -> Block {
        Block {
            height: h,
            keep_with_next: keep,
            marks: vec![Mark::Rect {
                x: 60.0,
                y: 0.0,
                w: 10.0,
                h,
                radius: 0.0,
                fill: None,
                stroke: None,
            }],
            ..Block::default()
        }
    }

    fn tops(pages: &[Page]) -> Vec<(usize, f32)> {
        pages
            .iter()
            .enumerate()
            .flat_map(|(i, p)| p.marks.iter().map(move |m| (i, m.bounds().1)))
            .collect()
    }

    #[test]
    fn blocks_flow_onto_new_pages_and_stay_inside_the_body() {
        let pages = paginate(vec![block(100.0, false); 20], &G, &[CARD], &[]);
        assert_eq!(pages.len(), 4);
        for p in &pages {
            for m in &p.marks {
                let (_, t, _, b) = m.bounds();
                assert!(t >= G.top && b <= G.bottom, "{m:?}");
            }
        }
    }

    #[test]
    fn a_heading_is_never_stranded_at_the_foot_of_a_page() {
        let mut blocks = vec![block(100.0, false); 5];
        blocks.push(block(20.0, true)); // heading at 600..620
        blocks.push(block(20.0, true)); // question
        blocks.push(block(90.0, false)); // first answer line would end at 730 > 700
        let pages = paginate(blocks, &G, &[CARD], &[]);
        assert_eq!(pages.len(), 2);
        assert_eq!(tops(&pages)[5], (1, G.top));
    }

    #[test]
    fn a_chain_longer_than_a_page_fills_each_page_instead_of_one_block_per_page() {
        // The crisis block in large print: fifteen lines kept together, 900 points in all,
        // on 600-point pages.
        let mut blocks = vec![block(100.0, false)];
        blocks.extend(vec![block(60.0, true); 14]);
        blocks.push(block(60.0, false));
        let pages = paginate(blocks, &G, &[CARD], &[]);
        assert_eq!(pages.len(), 2, "{:?}", tops(&pages));
        // A chain that fits on a page still moves to the next one whole.
        let mut blocks = vec![block(500.0, false)];
        blocks.extend(vec![block(60.0, true); 3]);
        blocks.push(block(60.0, false));
        let pages = paginate(blocks, &G, &[CARD], &[]);
        assert_eq!(tops(&pages)[1], (1, G.top));
    }

    #[test]
    fn cards_get_a_frame_on_every_page_they_touch() {
        let mut blocks = Vec::new();
        for _ in 0..10 {
            let mut b = block(100.0, false);
            b.card = Some(0);
            blocks.push(b);
        }
        let pages = paginate(blocks, &G, &[CARD], &[]);
        assert!(pages.len() >= 2);
        for p in &pages {
            let frame = p.marks[0].bounds();
            assert!(frame.1 >= G.top && frame.3 <= G.bottom, "{frame:?}");
            assert!(
                p.marks[1..]
                    .iter()
                    .all(|m| m.bounds().1 >= frame.1 && m.bounds().3 <= frame.3)
            );
        }
    }
}
