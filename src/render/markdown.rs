//! Markdown: the document through the `worksheet.md.j2` template, with every plain-text value
//! escaped so that nothing a person typed can change the Markdown's structure.
//!
//! Owns: Markdown escaping rules and the template entry point. Must not read files (the loader is
//! handed in) or touch minijinja directly (that is `jinja`).

use serde::Serialize;

use crate::document::Document;
use crate::document::pack::Pack;
use crate::jinja::{Escaper, TemplateError, check_template as check_with, render_template};

/// The template every Markdown document starts from.
pub const ENTRY_TEMPLATE: &str = "worksheet.md.j2";

const ESCAPER: Escaper = Escaper {
    text: escape_text,
    filters: &[
        ("inline", escape_inline),
        ("cell", escape_cell),
        ("quote", quote_lines),
    ],
};

#[derive(Serialize)]
struct Context<'a> {
    doc: &'a Document,
}

/// The template a pack of documents starts from.
pub const PACK_TEMPLATE: &str = "pack.md.j2";

#[derive(Serialize)]
struct PackContext<'a> {
    pack: &'a Pack,
}

/// Renders several documents as one Markdown file, with a contents list.
pub fn render_pack(
    pack: &Pack,
    templates: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
) -> Result<String, TemplateError> {
    let out = render_template(PACK_TEMPLATE, &PackContext { pack }, templates, &ESCAPER)?;
    Ok(tidy(&out))
}

/// Compiles a template and reads it for unknown filters and tests and for includes outside
/// the template folders (`ipt validate --templates`).
pub fn check_template(
    name: &str,
    source: &str,
    templates: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
) -> Vec<TemplateError> {
    check_with(name, source, templates, &ESCAPER)
}

/// Renders the document as Markdown.
pub fn render(
    doc: &Document,
    templates: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
) -> Result<String, TemplateError> {
    let out = render_template(ENTRY_TEMPLATE, &Context { doc }, templates, &ESCAPER)?;
    // A template from someone else may hold control characters: they are shown, never obeyed.
    Ok(crate::visible::show(&tidy(&out)).into_owned())
}

/// At most one blank line in a row, and exactly one newline at the end.
fn tidy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blank = 0;
    for line in s.lines() {
        let line = line.trim_end_matches([' ', '\t']);
        if line.is_empty() {
            blank += 1;
            if blank > 1 || out.is_empty() {
                continue;
            }
        } else {
            blank = 0;
        }
        out.push_str(line);
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// Escapes text for a Markdown paragraph: inline syntax and line-start syntax are neutralised,
/// line breaks become hard breaks and blank lines separate paragraphs. Unicode is left alone.
pub fn escape_text(s: &str) -> String {
    let flags = Flags::of(s);
    let mut paragraphs: Vec<Vec<String>> = vec![Vec::new()];
    for line in s.lines() {
        let line = line.trim();
        if line.is_empty() {
            if paragraphs.last().is_some_and(|p| !p.is_empty()) {
                paragraphs.push(Vec::new());
            }
            continue;
        }
        let escaped = escape_line_start(escape_chars(line, &flags));
        if let Some(p) = paragraphs.last_mut() {
            p.push(escaped);
        }
    }
    paragraphs
        .iter()
        .filter(|p| !p.is_empty())
        .map(|p| p.join("\\\n"))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Which paired delimiters occur often enough in a text to pair up (a lone `*` cannot).
struct Flags {
    stars: bool,
    unders: bool,
    tildes: bool,
}

impl Flags {
    fn of(s: &str) -> Flags {
        Flags {
            stars: s.matches('*').count() >= 2,
            unders: s.matches('_').count() >= 2,
            tildes: s.matches('~').count() >= 2,
        }
    }
}

/// Escapes inline syntax: code, links, emphasis, HTML and entities.
fn escape_chars(line: &str, flags: &Flags) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        let escape = match c {
            '\\' => next.is_none_or(|n| n.is_ascii_punctuation()),
            '`' | '[' => true,
            '*' => flags.stars,
            '_' => flags.unders,
            '~' => flags.tildes,
            '<' => next.is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?')),
            '&' => next.is_some_and(|n| n.is_ascii_alphanumeric() || n == '#'),
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Neutralises block syntax at the start of a line: headings, quotes, list markers, thematic
/// breaks, setext underlines and table delimiter rows.
fn escape_line_start(line: String) -> String {
    let first = line.chars().next().unwrap_or(' ');
    if matches!(first, '#' | '>' | '-' | '+' | '*' | '=' | '_' | '|' | ':')
        && !line.starts_with('\\')
    {
        return format!("\\{line}");
    }
    // An ordered list starts with 1 to 9 digits, `.` or `)`, then a space or the end of the
    // line (CommonMark): `4. x` is one, `4.5` is not.
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let mut after = line[digits..].chars();
    if digits > 0
        && digits <= 9
        && matches!(after.next(), Some('.' | ')'))
        && after.next().is_none_or(char::is_whitespace)
    {
        return format!("{}\\{}", &line[..digits], &line[digits..]);
    }
    line
}

#[cfg(test)]
mod number_tests {
    use super::escape_text;

    #[test]
    fn a_decimal_number_is_not_escaped_but_a_list_marker_is() {
        assert_eq!(escape_text("4.5"), "4.5");
        assert_eq!(escape_text("2) two"), "2\\) two");
        assert_eq!(escape_text("4. four"), "4\\. four");
    }
}

/// Escapes text that sits inside a line (after other text): inline syntax only, line breaks
/// become spaces.
pub fn escape_inline(s: &str) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    escape_chars(&s, &Flags::of(&s))
}

/// Escapes text for a table cell: inline syntax and `|`; each line of the text becomes a line
/// of the cell (`<br>`). Block syntax cannot start inside a cell, so line starts stay literal.
pub fn escape_cell(s: &str) -> String {
    s.lines()
        .map(|line| escape_inline(line).replace('|', "\\|"))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("<br>")
}

/// Prefixes every line with `> `, for block quotes of already-rendered Markdown.
pub fn quote_lines(s: &str) -> String {
    s.trim_matches('\n')
        .lines()
        .map(|l| {
            if l.is_empty() {
                ">".to_string()
            } else {
                format!("> {l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_text_cannot_start_a_heading_list_quote_or_table() {
        assert_eq!(escape_text("# heading"), "\\# heading");
        assert_eq!(escape_text("1. first"), "1\\. first");
        assert_eq!(escape_text("- item"), "\\- item");
        assert_eq!(escape_text("> quote"), "\\> quote");
        assert_eq!(escape_text("a | b\n--|--"), "a | b\\\n\\--|--");
        assert_eq!(escape_text("text\n==="), "text\\\n\\===");
    }

    #[test]
    fn typed_text_cannot_make_links_code_html_or_emphasis() {
        assert_eq!(escape_text("[x](http://a)"), "\\[x](http://a)");
        assert_eq!(escape_text("`code`"), "\\`code\\`");
        assert_eq!(escape_text("<b>hi</b>"), "\\<b>hi\\</b>");
        assert_eq!(escape_text("*really* important"), "\\*really\\* important");
        assert_eq!(escape_text("&amp;"), "\\&amp;");
    }

    #[test]
    fn harmless_text_stays_literal() {
        for s in [
            "{{ 7*7 }}",
            "a | b",
            "Zoë",
            "Привет",
            "日本語",
            "snake_case",
            "5 < 6 & 7 > 2",
            "C:\\Users",
        ] {
            assert_eq!(escape_text(s), s);
        }
    }

    #[test]
    fn line_breaks_are_kept_and_paragraphs_separated() {
        assert_eq!(escape_text("one\ntwo\n\n\nthree"), "one\\\ntwo\n\nthree");
        assert_eq!(escape_text("    indented code?"), "indented code?");
    }

    #[test]
    fn inline_text_keeps_line_start_characters_but_not_inline_syntax() {
        assert_eq!(escape_inline("1.0.0"), "1.0.0");
        assert_eq!(
            escape_inline("# not *a* heading\nnext"),
            "# not \\*a\\* heading next"
        );
    }

    #[test]
    fn table_cells_escape_pipes_and_breaks() {
        assert_eq!(escape_cell("a | b\nc"), "a \\| b<br>c");
        assert_eq!(
            escape_cell("# 1. *not* a heading"),
            "# 1. \\*not\\* a heading"
        );
    }
}
