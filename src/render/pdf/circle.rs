//! The closeness circle: the person in the centre, one ring per closeness level, each person's
//! name on their ring, and a legend of the rings beneath. Names are placed so that none overlap
//! and each sits as far inside its own ring as it can; a blank handout gets empty rings.
//!
//! Owns: the circle's geometry and label placement. Must not decide who is on which ring (the
//! document model did) or paginate.

use crate::document::Circle;

use super::elements::Builder;
use super::fonts::Style;
use super::layout::{Block, Mark, Rgb};
use super::wrap::{Line, Span};

/// A label's box: centre and half extents.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Label {
    pub cx: f32,
    pub cy: f32,
    pub hw: f32,
    pub hh: f32,
}

impl Label {
    pub fn overlaps(&self, o: &Label, gap: f32) -> bool {
        (self.cx - o.cx).abs() < self.hw + o.hw + gap
            && (self.cy - o.cy).abs() < self.hh + o.hh + gap
    }

    /// How far the box reaches out of the annulus `inner..outer` around (x, y).
    fn outside(&self, x: f32, y: f32, inner: f32, outer: f32) -> f32 {
        let dx = ((self.cx - x).abs() - self.hw).max(0.0);
        let dy = ((self.cy - y).abs() - self.hh).max(0.0);
        let near = dx.hypot(dy);
        let far = ((self.cx - x).abs() + self.hw).hypot((self.cy - y).abs() + self.hh);
        (inner - near).max(0.0) + (far - outer).max(0.0)
    }
}

/// The rings' geometry.
pub struct Rings {
    pub cx: f32,
    pub cy: f32,
    /// Radius of the centre disc, then of each ring, innermost first.
    pub radii: Vec<f32>,
}

/// Places labels of the given half sizes on ring `ring` (from 0), avoiding `taken` and staying
/// inside `bounds` (left, top, right, bottom). Returns `None` when some label cannot be placed
/// without overlapping.
pub fn place(
    rings: &Rings,
    ring: usize,
    sizes: &[(f32, f32)],
    taken: &[Label],
    bounds: (f32, f32, f32, f32),
) -> Option<Vec<Label>> {
    let (inner, outer) = (rings.radii[ring], rings.radii[ring + 1]);
    let band = outer - inner;
    let m = sizes.len();
    let base = 20.0 + 47.0 * ring as f32;
    let mut placed: Vec<Label> = Vec::with_capacity(m);
    for (j, &(hw, hh)) in sizes.iter().enumerate() {
        let ideal = base + 360.0 * j as f32 / m as f32;
        let mut best: Option<(f32, Label)> = None;
        for step in 0..180 {
            let deg = step as f32 * 2.0;
            let rad = deg.to_radians();
            for frac in [0.5, 0.3, 0.7, 0.15, 0.85] {
                let r = inner + band * frac;
                let l = Label {
                    cx: rings.cx + r * rad.cos(),
                    cy: rings.cy - r * rad.sin(),
                    hw,
                    hh,
                };
                if l.cx - hw < bounds.0
                    || l.cy - hh < bounds.1
                    || l.cx + hw > bounds.2
                    || l.cy + hh > bounds.3
                {
                    continue;
                }
                if taken.iter().chain(&placed).any(|o| l.overlaps(o, 2.0)) {
                    continue;
                }
                let dev = ((deg - ideal).rem_euclid(360.0)).min((ideal - deg).rem_euclid(360.0));
                let cost = l.outside(rings.cx, rings.cy, inner, outer) * 12.0
                    + dev.to_radians() * r * 0.5
                    + (frac - 0.5).abs() * band * 0.2;
                if best.as_ref().is_none_or(|(c, _)| cost < *c) {
                    best = Some((cost, l));
                }
            }
        }
        placed.push(best?.1);
    }
    Some(placed)
}

impl Builder<'_> {
    /// The circle as one block: rings, centre, names and the ring legend.
    pub fn circle(&mut self, circle: &Circle, blank: bool) {
        let t = self.t;
        let s = t.size;
        let k = circle.rings.len().max(1);
        let d = self.width.min(self.max_height * 0.68);
        let r_out = d / 2.0;
        let (cx, cy) = (self.x + self.width / 2.0, s * 0.6 + r_out);
        let centre_w = self.fonts.width(Style::Bold, &circle.center, s);
        let r0 = (r_out * 0.15)
            .max(centre_w / 2.0 + s * 0.6)
            .min(r_out * 0.4);
        let radii: Vec<f32> = (0..=k)
            .map(|i| r0 + (r_out - r0) * i as f32 / k as f32)
            .collect();
        let rings = Rings { cx, cy, radii };
        let mut marks = Vec::new();
        for i in (0..=k).rev() {
            let shade = if i == 0 {
                0.0
            } else {
                0.7 + 0.26 * (i as f32 / k as f32)
            };
            marks.push(Mark::Circle {
                cx,
                cy,
                r: rings.radii[i],
                fill: Some(tint(t.accent, shade)),
                stroke: Some((t.accent, if i == 0 { 0.0 } else { 0.8 })),
            });
        }
        self.check(&circle.center);
        marks.push(self.mark(
            cx - centre_w / 2.0,
            cy + s * 0.36,
            s,
            Style::Bold,
            (1.0, 1.0, 1.0),
            &circle.center,
        ));
        // Ring numbers at the top of each band; names go elsewhere.
        let num = s * 0.8;
        let mut taken = vec![Label {
            cx,
            cy,
            hw: r0,
            hh: r0,
        }];
        for i in 0..k {
            let label = (i + 1).to_string();
            let w = self.fonts.width(Style::Bold, &label, num);
            let y = cy - (rings.radii[i] + rings.radii[i + 1]) / 2.0;
            marks.push(self.mark(
                cx - w / 2.0,
                y + num * 0.36,
                num,
                Style::Bold,
                t.accent,
                &label,
            ));
            taken.push(Label {
                cx,
                cy: y,
                hw: w / 2.0 + 2.0,
                hh: num * 0.6,
            });
        }
        let bounds = (self.x, 0.0, self.x + self.width, cy + r_out + s * 0.5);
        if !blank {
            for (i, ring) in circle.rings.iter().enumerate() {
                let (labels, lines, size) =
                    self.ring_labels(&rings, i, &ring.people, &taken, bounds);
                for (l, lines) in labels.iter().zip(&lines) {
                    marks.extend(self.name_marks(l, lines, size));
                }
                taken.extend(labels);
            }
        }
        // The legend: each ring's number and label.
        let mut y = cy + r_out + s * 1.2;
        let lead = t.leading(s * 0.9);
        for ring in &circle.rings {
            let Some(label) = &ring.label else { continue };
            let lines = self.lines(
                &[Span::new(label, Style::Regular)],
                s * 0.9,
                self.width - s * 2.2,
            );
            let n = ring.number.to_string();
            let nw = self.fonts.width(Style::Bold, &n, s * 0.8);
            let shade = 0.7 + 0.26 * (ring.number as f32 / k as f32);
            marks.push(Mark::Circle {
                cx: self.x + s * 0.6,
                cy: y + lead * 0.5,
                r: s * 0.6,
                fill: Some(tint(t.accent, shade)),
                stroke: Some((t.accent, 0.6)),
            });
            marks.push(self.mark(
                self.x + s * 0.6 - nw / 2.0,
                y + lead * 0.5 + s * 0.29,
                s * 0.8,
                Style::Bold,
                t.accent,
                &n,
            ));
            for (i, line) in lines.iter().enumerate() {
                marks.extend(self.line_marks(
                    line,
                    self.x + s * 1.8,
                    y + lead * i as f32 + lead * 0.5 + s * 0.3,
                    s * 0.9,
                    t.text,
                ));
            }
            y += lead * lines.len() as f32 + s * 0.25;
        }
        self.push(Block {
            height: y,
            space_before: s * 1.4,
            marks,
            ..Block::default()
        });
    }

    /// The names of one ring, wrapped to two lines at most and placed; smaller when crowded.
    fn ring_labels(
        &mut self,
        rings: &Rings,
        ring: usize,
        people: &[String],
        taken: &[Label],
        bounds: (f32, f32, f32, f32),
    ) -> (Vec<Label>, Vec<Vec<Line>>, f32) {
        let s = self.t.size;
        let mut size = s * 0.9;
        loop {
            let max_w =
                (rings.radii.last().copied().unwrap_or(100.0) * 0.5).clamp(s * 5.0, s * 11.0);
            let lines: Vec<Vec<Line>> = people
                .iter()
                .map(|p| {
                    let mut l = self.lines(&[Span::new(p, Style::Bold)], size, max_w);
                    if l.len() > 2 {
                        l.truncate(2);
                        let last = l[1].text();
                        let cut = super::layout::fit(
                            self.fonts,
                            &format!("{last}…"),
                            Style::Bold,
                            size,
                            max_w,
                        );
                        let width = self.fonts.width(Style::Bold, &cut, size);
                        l[1] = Line {
                            spans: vec![Span::new(cut, Style::Bold)],
                            width,
                        };
                    }
                    l
                })
                .collect();
            let lead = size * 1.2;
            let sizes: Vec<(f32, f32)> = lines
                .iter()
                .map(|l| {
                    let w = l.iter().map(|l| l.width).fold(0.0, f32::max);
                    (
                        w / 2.0 + size * 0.45,
                        lead * l.len() as f32 / 2.0 + size * 0.2,
                    )
                })
                .collect();
            match place(rings, ring, &sizes, taken, bounds) {
                Some(labels) => return (labels, lines, size),
                None if size > s * 0.6 => size *= 0.9,
                None => {
                    // Still crowded at the smallest size: place what fits, then overlap the rest
                    // rather than leave anyone out.
                    let mut placed = Vec::new();
                    for sz in &sizes {
                        let mut all = taken.to_vec();
                        all.extend(placed.iter().copied());
                        let l = place(rings, ring, &[*sz], &all, bounds)
                            .and_then(|v| v.first().copied())
                            .unwrap_or(Label {
                                cx: rings.cx,
                                cy: rings.cy - (rings.radii[ring] + rings.radii[ring + 1]) / 2.0,
                                hw: sz.0,
                                hh: sz.1,
                            });
                        placed.push(l);
                    }
                    return (placed, lines, size);
                }
            }
        }
    }

    fn name_marks(&self, l: &Label, lines: &[Line], size: f32) -> Vec<Mark> {
        let t = self.t;
        let mut marks = vec![Mark::Rect {
            x: l.cx - l.hw,
            y: l.cy - l.hh,
            w: l.hw * 2.0,
            h: l.hh * 2.0,
            radius: l.hh.min(size * 0.7),
            fill: Some((1.0, 1.0, 1.0)),
            stroke: Some((t.accent, 0.6)),
        }];
        let lead = size * 1.2;
        let top = l.cy - lead * lines.len() as f32 / 2.0;
        for (i, line) in lines.iter().enumerate() {
            let y = top + lead * i as f32 + lead * 0.5 + size * 0.36;
            marks.extend(self.line_marks(line, l.cx - line.width / 2.0, y, size, t.ink));
        }
        marks
    }
}

/// `c` mixed with white: 0 is `c`, 1 is white.
pub(super) fn tint(c: Rgb, white: f32) -> Rgb {
    (
        c.0 + (1.0 - c.0) * white,
        c.1 + (1.0 - c.1) * white,
        c.2 + (1.0 - c.2) * white,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rings() -> Rings {
        Rings {
            cx: 250.0,
            cy: 220.0,
            radii: vec![32.0, 79.0, 126.0, 173.0, 220.0],
        }
    }

    fn check(labels: &[Label]) {
        for (i, a) in labels.iter().enumerate() {
            for b in &labels[i + 1..] {
                assert!(!a.overlaps(b, 0.0), "{a:?} overlaps {b:?}");
            }
        }
    }

    #[test]
    fn names_on_every_ring_do_not_overlap() {
        let r = rings();
        let bounds = (0.0, 0.0, 500.0, 450.0);
        let mut taken = vec![Label {
            cx: 250.0,
            cy: 220.0,
            hw: 32.0,
            hh: 32.0,
        }];
        for ring in 0..4 {
            let sizes = vec![(28.0, 8.0); 3 + ring];
            let labels = place(&r, ring, &sizes, &taken, bounds).expect("room for everyone");
            taken.extend(labels);
        }
        check(&taken);
        assert_eq!(taken.len(), 1 + 3 + 4 + 5 + 6);
    }

    #[test]
    fn each_name_sits_in_its_own_ring() {
        let r = rings();
        let labels = place(&r, 1, &[(20.0, 7.0); 4], &[], (0.0, 0.0, 500.0, 450.0)).unwrap();
        for l in labels {
            let dist = (l.cx - r.cx).hypot(l.cy - r.cy);
            assert!(dist > r.radii[1] && dist < r.radii[2], "{l:?} at {dist}");
        }
    }

    #[test]
    fn a_crowded_ring_reports_that_it_is_full() {
        let r = rings();
        assert!(place(&r, 0, &[(60.0, 10.0); 40], &[], (0.0, 0.0, 500.0, 450.0)).is_none());
    }
}
