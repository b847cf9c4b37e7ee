//! The little Markdown that authored `_md` fields use, for the PDF: paragraphs, bullet and
//! numbered lists, `**bold**`, `*italic*`, `` `code` ``, links and backslash escapes. Anything
//! else is printed as it stands, so nothing an author wrote disappears.
//!
//! Owns: turning authored Markdown into styled spans. Must not measure or draw, and must never be
//! used for typed answers (those are plain text).

use super::fonts::Style;
use super::wrap::Span;

/// A block of authored text.
#[derive(Debug, Clone, PartialEq)]
pub enum MdBlock {
    Para(Vec<Span>),
    /// A list item: its marker (`•` or `3.`), nesting level from 0, and text.
    Item {
        marker: String,
        level: usize,
        spans: Vec<Span>,
    },
}

/// Parses `md` into blocks; plain text takes `base` style.
pub fn parse(md: &str, base: Style) -> Vec<MdBlock> {
    let mut raw: Vec<(Option<(String, usize)>, String)> = Vec::new();
    let mut open = false;
    for line in md.lines() {
        if line.trim().is_empty() {
            open = false;
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        let body = line.trim_start();
        if let Some((marker, rest)) = list_marker(body) {
            raw.push((Some((marker, indent / 2)), rest.trim_end().to_string()));
            open = true;
            continue;
        }
        let heading = body.starts_with('#') && body.trim_start_matches('#').starts_with(' ');
        match raw.last_mut() {
            Some((_, text)) if open && !heading => {
                let hard = text.ends_with("  ") || text.ends_with('\\');
                let trimmed = text.trim_end().trim_end_matches('\\').to_string();
                *text = trimmed + if hard { "\n" } else { " " } + body.trim_end();
            }
            _ if heading => {
                let title = body.trim_start_matches('#').trim();
                raw.push((None, format!("**{title}**")));
                open = false;
            }
            _ => {
                raw.push((None, line.trim().to_string()));
                open = true;
            }
        }
    }
    raw.into_iter()
        .map(|(item, text)| {
            let text = text.trim_end().trim_end_matches('\\').to_string();
            let spans = inline(&text, base);
            match item {
                Some((marker, level)) => MdBlock::Item {
                    marker,
                    level,
                    spans,
                },
                None => MdBlock::Para(spans),
            }
        })
        .collect()
}

/// Authored Markdown as plain text (for the footer and for metadata).
pub fn plain(md: &str) -> String {
    parse(md, Style::Regular)
        .into_iter()
        .map(|b| match b {
            MdBlock::Para(s) | MdBlock::Item { spans: s, .. } => {
                s.into_iter().map(|s| s.text).collect::<String>()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn list_marker(line: &str) -> Option<(String, &str)> {
    for bullet in ["- ", "* ", "+ "] {
        if let Some(rest) = line.strip_prefix(bullet) {
            return Some(("•".to_string(), rest.trim_start()));
        }
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if (1..=9).contains(&digits) {
        let rest = &line[digits..];
        if let Some(rest) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some((format!("{}.", &line[..digits]), rest.trim_start()));
        }
    }
    None
}

enum Tok {
    Text(String),
    Delim {
        ch: char,
        len: usize,
        open: bool,
        close: bool,
        matched: bool,
    },
}

/// Inline syntax: emphasis by delimiter runs (matched pairs only), code, links, escapes.
fn inline(text: &str, base: Style) -> Vec<Span> {
    let chars: Vec<char> = text.chars().collect();
    let mut toks: Vec<Tok> = Vec::new();
    let push_text = |toks: &mut Vec<Tok>, s: &str| match toks.last_mut() {
        Some(Tok::Text(t)) => t.push_str(s),
        _ => toks.push(Tok::Text(s.to_string())),
    };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if chars.get(i + 1).is_some_and(char::is_ascii_punctuation) => {
                push_text(&mut toks, &chars[i + 1].to_string());
                i += 2;
            }
            '`' => match chars[i + 1..].iter().position(|&x| x == '`') {
                Some(end) => {
                    let code: String = chars[i + 1..i + 1 + end].iter().collect();
                    push_text(&mut toks, &code);
                    i += end + 2;
                }
                None => {
                    push_text(&mut toks, "`");
                    i += 1;
                }
            },
            '[' => match link(&chars[i..]) {
                Some((label, url, used)) => {
                    let shown = if label == url || url.is_empty() {
                        label
                    } else {
                        format!("{label} ({url})")
                    };
                    push_text(&mut toks, &shown);
                    i += used;
                }
                None => {
                    push_text(&mut toks, "[");
                    i += 1;
                }
            },
            '*' | '_' => {
                let len = chars[i..].iter().take_while(|&&x| x == c).count();
                let before = i.checked_sub(1).map(|j| chars[j]);
                let after = chars.get(i + len).copied();
                let left = after.is_some_and(|a| !a.is_whitespace());
                let right = before.is_some_and(|b| !b.is_whitespace());
                let (open, close) = if c == '_' {
                    (
                        left && !(right && before.is_some_and(char::is_alphanumeric)),
                        right && !(left && after.is_some_and(char::is_alphanumeric)),
                    )
                } else {
                    (left, right)
                };
                toks.push(Tok::Delim {
                    ch: c,
                    len: len.min(3),
                    open,
                    close,
                    matched: false,
                });
                if len > 3 {
                    push_text(&mut toks, &c.to_string().repeat(len - 3));
                }
                i += len;
            }
            _ => {
                push_text(&mut toks, &c.to_string());
                i += 1;
            }
        }
    }
    match_delimiters(&mut toks);
    let (mut bold, mut italic) = (0i32, 0i32);
    let mut spans: Vec<Span> = Vec::new();
    for tok in &toks {
        let (text, style) = match tok {
            Tok::Text(t) => (t.clone(), style_of(base, bold, italic)),
            Tok::Delim {
                len,
                matched: true,
                open,
                ..
            } => {
                let sign = if *open { 1 } else { -1 };
                if *len >= 2 {
                    bold += sign;
                }
                if *len != 2 {
                    italic += sign;
                }
                continue;
            }
            Tok::Delim { ch, len, .. } => {
                (ch.to_string().repeat(*len), style_of(base, bold, italic))
            }
        };
        match spans.last_mut() {
            Some(s) if s.style == style => s.text.push_str(&text),
            _ => spans.push(Span::new(text, style)),
        }
    }
    spans
}

fn style_of(base: Style, bold: i32, italic: i32) -> Style {
    let mut s = base;
    if bold > 0 {
        s = s.with_bold();
    }
    if italic > 0 {
        s = s.with_italic();
    }
    s
}

/// Pairs closers with the nearest opener of the same character and length.
fn match_delimiters(toks: &mut [Tok]) {
    let mut stack: Vec<usize> = Vec::new();
    for i in 0..toks.len() {
        let Tok::Delim {
            ch,
            len,
            open,
            close,
            ..
        } = toks[i]
        else {
            continue;
        };
        let found = close
            .then(|| {
                stack.iter().rposition(
                    |&j| matches!(toks[j], Tok::Delim { ch: c, len: l, .. } if c == ch && l == len),
                )
            })
            .flatten();
        if let Some(pos) = found {
            let j = stack[pos];
            stack.truncate(pos);
            for k in [i, j] {
                if let Tok::Delim {
                    matched, open: o, ..
                } = &mut toks[k]
                {
                    *matched = true;
                    *o = k == j;
                }
            }
        } else if open {
            stack.push(i);
        }
    }
}

/// `[label](url)` at the start of `chars`: the label, the url and how many chars it took.
fn link(chars: &[char]) -> Option<(String, String, usize)> {
    let close = chars.iter().position(|&c| c == ']')?;
    if chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let end = chars[close + 2..].iter().position(|&c| c == ')')? + close + 2;
    let label: String = chars[1..close].iter().collect();
    let url: String = chars[close + 2..end].iter().collect();
    Some((label, url.trim().to_string(), end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn styled(md: &str) -> Vec<(String, Style)> {
        match &parse(md, Style::Regular)[0] {
            MdBlock::Para(s) | MdBlock::Item { spans: s, .. } => {
                s.iter().map(|s| (s.text.clone(), s.style)).collect()
            }
        }
    }

    #[test]
    fn bold_and_italic_become_styles() {
        assert_eq!(
            styled("a **b** and *c* or _d_"),
            vec![
                ("a ".into(), Style::Regular),
                ("b".into(), Style::Bold),
                (" and ".into(), Style::Regular),
                ("c".into(), Style::Italic),
                (" or ".into(), Style::Regular),
                ("d".into(), Style::Italic),
            ]
        );
        assert_eq!(
            styled("***both***"),
            vec![("both".into(), Style::BoldItalic)]
        );
    }

    #[test]
    fn unmatched_or_intraword_delimiters_stay_literal() {
        assert_eq!(
            styled("5 * 3 and snake_case_name"),
            vec![("5 * 3 and snake_case_name".into(), Style::Regular)]
        );
        assert_eq!(styled("a **b"), vec![("a **b".into(), Style::Regular)]);
    }

    #[test]
    fn lists_paragraphs_and_continuations() {
        let blocks = parse(
            "Intro line\ncontinues here.\n\n- **Name** is enough.\n  More on it.\n- Skip any.\n\n1. First\n2) Second",
            Style::Regular,
        );
        assert_eq!(blocks.len(), 5);
        assert_eq!(
            blocks[0],
            MdBlock::Para(vec![Span::new(
                "Intro line continues here.",
                Style::Regular
            )])
        );
        let MdBlock::Item { marker, spans, .. } = &blocks[1] else {
            panic!()
        };
        assert_eq!(marker, "•");
        assert_eq!(spans[1].text, " is enough. More on it.");
        let MdBlock::Item { marker, .. } = &blocks[4] else {
            panic!()
        };
        assert_eq!(marker, "2.");
    }

    #[test]
    fn links_code_and_escapes_print_their_text() {
        assert_eq!(
            plain("see [the site](https://x.org), `code`, \\*not\\*"),
            "see the site (https://x.org), code, *not*"
        );
    }

    #[test]
    fn plain_text_of_the_disclaimer() {
        assert_eq!(
            plain("This **supports** work.\nIt is not a diagnosis."),
            "This supports work. It is not a diagnosis."
        );
    }
}
