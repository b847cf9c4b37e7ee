//! Which characters may reach a terminal, and the visible placeholders that stand in for the
//! rest. The one definition used by the answers gate, the definition checks, the Markdown
//! renderer and the stdout/stderr writers (see docs/security.md).
//!
//! Owns: the classification of hidden characters and their placeholders. Pure: must not print,
//! read files or decide what is refused (the callers decide: typed answers are refused, files get
//! placeholders).
//!
//! Hidden characters are control characters other than newline and tab (C0, DEL and C1: escape
//! sequences, bell, NUL, carriage return, backspace …) and the bidirectional embeddings,
//! overrides and isolates (U+202A–U+202E, U+2066–U+2069) that can reorder what is shown. Each is
//! shown as its code point between single guillemets (ESC as `‹U+001B›`): plain text that every
//! terminal and the bundled PDF font can show, and that nothing obeys.

use std::borrow::Cow;

/// True for a character that must not reach a terminal as it is.
pub fn is_hidden(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c)
}

/// The bidirectional embeddings, overrides and isolates ("Trojan Source" characters).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The first hidden character of `text`, if any.
pub fn first_hidden(text: &str) -> Option<char> {
    // Most text is printable ASCII, none of it hidden: skip it byte by byte. What follows
    // starts a character (every byte before it is ASCII) and is looked at character by character.
    let start = text
        .bytes()
        .position(|b| !matches!(b, b' '..=b'~' | b'\n' | b'\t'))?;
    text[start..].chars().find(|c| is_hidden(*c))
}

/// A hidden character named for messages: `ESC (U+001B)`, `U+202E`. Never the text around it.
pub fn describe(c: char) -> String {
    let name = match c {
        '\0' => Some("NUL"),
        '\u{7}' => Some("BEL"),
        '\u{8}' => Some("backspace"),
        '\r' => Some("carriage return"),
        '\u{1b}' => Some("ESC"),
        '\u{7f}' => Some("DEL"),
        '\u{202E}' => Some("right-to-left override"),
        '\u{202D}' => Some("left-to-right override"),
        _ if is_bidi_control(c) => Some("bidirectional control"),
        _ => None,
    };
    match name {
        Some(n) => format!("{n} (U+{:04X})", c as u32),
        None => format!("U+{:04X}", c as u32),
    }
}

/// The placeholder shown instead of a hidden character.
pub fn placeholder(c: char) -> String {
    format!("\u{2039}U+{:04X}\u{203A}", c as u32)
}

/// `text` with every hidden character replaced by its placeholder. A CR before LF is a line end
/// and is dropped; newline and tab stay.
pub fn show(text: &str) -> Cow<'_, str> {
    if first_hidden(text).is_none() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() == Some(&'\n') {
            continue;
        }
        if is_hidden(c) {
            out.push_str(&placeholder(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Bytes that should be text (stdout of `list`, a Markdown document) with hidden characters
/// made visible; bytes that are not UTF-8 are passed through unchanged (a PDF).
pub fn show_bytes(bytes: &[u8]) -> Cow<'_, [u8]> {
    match std::str::from_utf8(bytes) {
        Ok(text) => match show(text) {
            Cow::Borrowed(_) => Cow::Borrowed(bytes),
            Cow::Owned(s) => Cow::Owned(s.into_bytes()),
        },
        Err(_) => Cow::Borrowed(bytes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_bell_and_nul_become_visible_code_points() {
        assert_eq!(
            show("\u{1b}]8;;http://x/\u{7}click"),
            "‹U+001B›]8;;http://x/‹U+0007›click"
        );
        assert_eq!(show("a\0b\u{7f}"), "a‹U+0000›b‹U+007F›");
        assert_eq!(show("\u{1b}[2J"), "‹U+001B›[2J");
    }

    #[test]
    fn bidi_overrides_are_shown_by_code_point_not_obeyed() {
        assert_eq!(show("abc\u{202E}def"), "abc‹U+202E›def");
        assert_eq!(show("\u{2066}x\u{2069}"), "‹U+2066›x‹U+2069›");
    }

    #[test]
    fn newlines_tabs_and_ordinary_text_in_any_script_pass_unchanged() {
        for text in ["Zoë\tПривет\n日本語", "שלום עולם", "مرحبا\u{200F}"] {
            assert!(matches!(show(text), Cow::Borrowed(_)), "{text}");
        }
        assert_eq!(show("one\r\ntwo\rthree"), "one\ntwo‹U+000D›three");
    }

    #[test]
    fn the_ascii_fast_path_finds_what_a_character_by_character_look_finds() {
        for text in [
            "",
            "plain words, tabs\tand lines\n",
            "ascii then \u{1b}[2J",
            "ascii then Zoë then \u{7}",
            "Zoë\u{202E}",
            "\u{9b}2J",
            "a\rb",
            "日本語 only",
            "~\u{7f}",
        ] {
            assert_eq!(
                first_hidden(text),
                text.chars().find(|c| is_hidden(*c)),
                "{text:?}"
            );
        }
    }

    #[test]
    fn c1_controls_are_hidden_too() {
        assert_eq!(show("\u{9b}2J"), "‹U+009B›2J");
        assert_eq!(describe('\u{1b}'), "ESC (U+001B)");
    }

    #[test]
    fn pdf_bytes_are_left_alone_and_text_bytes_are_cleaned() {
        let pdf = b"%PDF-1.7\n\xff\xfe\x1b";
        assert_eq!(show_bytes(pdf).as_ref(), pdf);
        assert_eq!(show_bytes(b"a\x1bb").as_ref(), "a‹U+001B›b".as_bytes());
    }
}
