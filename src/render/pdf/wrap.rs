//! Line breaking: styled text in, lines that fit a width out. Break opportunities follow the
//! Unicode line-breaking algorithm (UAX #14: spaces, after hyphens, between ideographs…), widths
//! come from the fonts' glyph advances, and a word longer than the line is broken inside it.
//!
//! Owns: where lines break. Must not place lines on pages or draw anything.

use unicode_linebreak::{BreakOpportunity, linebreaks};

use super::fonts::{Fonts, Style};

/// A piece of text in one style.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    pub text: String,
    pub style: Style,
}

impl Span {
    pub fn new(text: impl Into<String>, style: Style) -> Span {
        Span {
            text: text.into(),
            style,
        }
    }
}

/// One line of a wrapped paragraph.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub spans: Vec<Span>,
    pub width: f32,
}

impl Line {
    pub fn text(&self) -> String {
        self.spans.iter().map(|s| s.text.as_str()).collect()
    }
}

/// Wraps `spans` to `width` points at `size` points. A `\n` ends a line.
pub fn wrap(fonts: &Fonts, spans: &[Span], size: f32, width: f32) -> Vec<Line> {
    let text: String = spans.iter().map(|s| s.text.as_str()).collect();
    let mut chars: Vec<(char, Style)> = Vec::with_capacity(text.len());
    let mut byte_to_char = Vec::with_capacity(text.len() + 1);
    for span in spans {
        for c in span.text.chars() {
            for _ in 0..c.len_utf8() {
                byte_to_char.push(chars.len());
            }
            chars.push((c, span.style));
        }
    }
    byte_to_char.push(chars.len());
    let mut prefix = Vec::with_capacity(chars.len() + 1);
    let mut total = 0.0f32;
    prefix.push(0.0);
    for &(c, style) in &chars {
        if c != '\n' {
            total += fonts.advance(style, c, size);
        }
        prefix.push(total);
    }
    let w = |a: usize, b: usize| prefix[b] - prefix[a];

    let mut out: Vec<(usize, usize)> = Vec::new();
    let mut start = 0usize; // first char of the current line
    let mut vis_end = 0usize; // end of its visible text (trailing spaces excluded)
    let mut prev = 0usize;
    for (byte, op) in linebreaks(&text) {
        let end = byte_to_char[byte];
        let (a, b) = (prev, end);
        prev = end;
        let seg_vis = b - chars[a..b]
            .iter()
            .rev()
            .take_while(|(c, _)| c.is_whitespace())
            .count();
        let empty = vis_end <= start;
        if w(a, seg_vis) > width {
            // Longer than a whole line: break inside the word, starting on the current line
            // when a fair part of it is still free (no lonely short word before it).
            if !empty && width - w(start, vis_end) < width * 0.25 {
                out.push((start, vis_end));
                start = a;
            }
            for (i, &(c, _)) in chars.iter().enumerate().take(seg_vis).skip(a) {
                if w(start, i + 1) > width && i > start && !is_mark(c) {
                    out.push((start, i));
                    start = i;
                }
            }
        } else if !empty && w(start, seg_vis) > width {
            // The segment does not fit: the line ends before it.
            out.push((start, vis_end));
            start = a;
        }
        vis_end = seg_vis.max(start);
        if op == BreakOpportunity::Mandatory && b < chars.len() {
            out.push((start, vis_end));
            start = b;
            vis_end = b;
        }
    }
    if vis_end > start || out.is_empty() {
        out.push((start, vis_end));
    }
    out.into_iter()
        .map(|(a, b)| Line {
            spans: spans_of(&chars[a..b]),
            width: w(a, b),
        })
        .collect()
}

fn spans_of(chars: &[(char, Style)]) -> Vec<Span> {
    let mut spans: Vec<Span> = Vec::new();
    for &(c, style) in chars {
        if c == '\n' {
            continue;
        }
        match spans.last_mut() {
            Some(s) if s.style == style => s.text.push(c),
            _ => spans.push(Span::new(c.to_string(), style)),
        }
    }
    spans
}

/// Combining marks stay with the character before them.
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x0483..=0x0489 | 0x0591..=0x05BD | 0x1AB0..=0x1AFF
        | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str, width: f32) -> Vec<Line> {
        let fonts = Fonts::load(&[]).unwrap();
        wrap(&fonts, &[Span::new(text, Style::Regular)], 11.0, width)
    }

    #[test]
    fn words_wrap_at_spaces_and_every_line_fits() {
        let text =
            "There are no right or wrong answers. Relationships are rarely all good or all bad.";
        let out = lines(text, 150.0);
        assert!(out.len() > 2);
        assert!(out.iter().all(|l| l.width <= 150.0));
        let joined: Vec<String> = out.iter().map(Line::text).collect();
        assert_eq!(joined.join(" "), text);
    }

    #[test]
    fn a_200_character_word_is_broken_inside_the_margin() {
        let word = "x".repeat(120) + &"ж".repeat(80);
        let out = lines(&format!("a {word} b"), 200.0);
        assert!(out.len() >= 4, "{out:?}");
        assert!(out.iter().all(|l| l.width <= 200.0 + 0.01));
        let all: String = out.iter().map(Line::text).collect::<Vec<_>>().join("");
        assert_eq!(all.replace(' ', ""), format!("a{word}b"));
    }

    #[test]
    fn line_breaks_in_the_text_are_kept() {
        let out = lines("one\ntwo\n\nthree", 400.0);
        let texts: Vec<String> = out.iter().map(Line::text).collect();
        assert_eq!(texts, ["one", "two", "", "three"]);
    }

    #[test]
    fn hyphenated_words_may_break_after_the_hyphen() {
        let out = lines("well-known-compound-words-everywhere", 120.0);
        assert!(out.len() > 1);
        assert!(out[0].text().ends_with('-'), "{out:?}");
    }

    #[test]
    fn styles_survive_wrapping() {
        let fonts = Fonts::load(&[]).unwrap();
        let spans = [
            Span::new("Name or initials ", Style::Bold),
            Span::new("are enough.", Style::Regular),
        ];
        let out = wrap(&fonts, &spans, 11.0, 500.0);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].spans, spans);
    }

    #[test]
    fn empty_text_is_one_empty_line() {
        assert_eq!(lines("", 100.0).len(), 1);
    }
}
