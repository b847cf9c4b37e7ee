//! Hidden characters in definition files (worksheets and resources): a control character or a
//! bidi override in any string is refused with its file:line:column, because prompts, titles and
//! crisis text go to the person's terminal as written (docs/security.md). Like rustc's
//! `text_direction_codepoint_in_literal`, this refuses rather than repairs: the author can fix it.
//!
//! Owns: finding them. The characters are `visible`'s. Must not change the text.

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::diagnostic::{Diagnostic, LineIndex};
use crate::visible;

/// Every string or key of `text` (TOML) that holds a hidden character. Syntax errors are left
/// to the parser that reads the file for real.
pub fn hidden_characters(file: &str, text: &str) -> Vec<Diagnostic> {
    if !may_hide(text) {
        return Vec::new();
    }
    let (root, _) = DeTable::parse_recoverable(text);
    let index = LineIndex::new(text);
    let mut out = Vec::new();
    table(file, &index, root.get_ref(), &mut out);
    out.sort_by_key(|d| d.position);
    out
}

/// Whether any string of `text` can hold a hidden character: the text holds one itself, or an
/// escape that could make one (`\b`, `\f`, `\r`, `\e`, `\x…`, `\u…`, `\U…`). Most files hold
/// neither and need no second parse.
fn may_hide(text: &str) -> bool {
    if visible::first_hidden(text).is_some() {
        return true;
    }
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' && matches!(chars.next(), Some('b' | 'f' | 'r' | 'e' | 'x' | 'u' | 'U')) {
            return true;
        }
    }
    false
}

fn table(file: &str, index: &LineIndex<'_>, t: &DeTable<'_>, out: &mut Vec<Diagnostic>) {
    for (key, v) in t.iter() {
        check(file, index, key.get_ref(), key.span(), out);
        value(file, index, v, out);
    }
}

fn value(file: &str, index: &LineIndex<'_>, v: &Spanned<DeValue<'_>>, out: &mut Vec<Diagnostic>) {
    match v.get_ref() {
        DeValue::String(s) => check(file, index, s, v.span(), out),
        DeValue::Array(items) => {
            for item in items.iter() {
                value(file, index, item, out);
            }
        }
        DeValue::Table(t) => table(file, index, t, out),
        _ => {}
    }
}

fn check(
    file: &str,
    index: &LineIndex<'_>,
    s: &str,
    span: std::ops::Range<usize>,
    out: &mut Vec<Diagnostic>,
) {
    if let Some(c) = visible::first_hidden(s) {
        out.push(
            Diagnostic::at_index(
                file,
                index,
                Some(span),
                format!(
                    "this text holds a control or bidi-override character ({}) that could act on a terminal",
                    visible::describe(c)
                ),
            )
            .hint("remove it: ipt prints text as written and never obeys control or bidi-override characters"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_and_bidi_overrides_in_strings_are_located() {
        let text =
            "title = \"ok\"\nprompt = \"\\u001b]0;x\\u0007\"\n[[a]]\nb = [\"x\", \"y\u{202E}z\"]\n";
        let found = hidden_characters("w.toml", text);
        let shown: Vec<String> = found.iter().map(ToString::to_string).collect();
        assert_eq!(found.len(), 2, "{shown:?}");
        assert!(shown[0].starts_with("w.toml:2:10: "), "{}", shown[0]);
        assert!(shown[0].contains("ESC (U+001B)"));
        assert!(shown[1].starts_with("w.toml:4:11: "), "{}", shown[1]);
    }

    #[test]
    fn short_escapes_are_found_and_files_without_escapes_or_controls_are_skipped() {
        for escape in ["\\b", "\\r", "\\f", "\\e", "\\x1b", "\\U0000001B"] {
            let text = format!("p = \"a{escape}b\"\n");
            assert_eq!(hidden_characters("w.toml", &text).len(), 1, "{text}");
        }
        assert!(may_hide("p = \"a\rb\"\n"), "a raw carriage return");
        assert!(!may_hide("p = \"tab\\there, \\\"quoted\\\", a\\\\b\"\n"));
    }

    #[test]
    fn multi_line_text_and_other_scripts_are_fine() {
        let text = "t = \"\"\"\nZoë\tשלום\nمرحبا\n\"\"\"\n";
        assert!(hidden_characters("w.toml", text).is_empty());
    }
}
