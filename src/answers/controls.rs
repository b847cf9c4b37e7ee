//! Hidden characters in answers, decided once, at the gate (docs/security.md): an answer typed
//! at a prompt that holds a control character or a bidi override is refused, naming the
//! character, so the person can type it again; an answer from a file, `--set` or a flag gets a
//! visible placeholder (`‹U+001B›`) instead, so nothing is lost and nothing acts on a terminal.
//!
//! Owns: that decision. The characters and placeholders are `visible`'s. Never quotes the answer.

use super::{Origin, RawInput, RawValue};
use crate::jinja::Data;
use crate::visible;

/// The answer to check instead of `raw` (None: `raw` is clean), or why a typed answer to
/// `question` is refused.
pub(super) fn screen(raw: &RawValue, question: &str) -> Result<Option<RawInput>, String> {
    let Some(c) = first_hidden(&raw.input) else {
        return Ok(None);
    };
    if raw.origin == Origin::Prompt {
        return Err(format!(
            "Your answer to {question} holds a control or bidi-override character ({}) that could act on a terminal; please type it again without it.",
            visible::describe(c)
        ));
    }
    Ok(Some(match &raw.input {
        RawInput::Text(t) => RawInput::Text(visible::show(t).into_owned()),
        RawInput::Toml(v) => RawInput::Toml(show_toml(v)),
    }))
}

fn first_hidden(input: &RawInput) -> Option<char> {
    fn in_toml(v: &toml::Value) -> Option<char> {
        match v {
            toml::Value::String(s) => visible::first_hidden(s),
            toml::Value::Array(items) => items.iter().find_map(in_toml),
            toml::Value::Table(t) => t
                .iter()
                .find_map(|(k, v)| visible::first_hidden(k).or_else(|| in_toml(v))),
            _ => None,
        }
    }
    match input {
        RawInput::Text(t) => visible::first_hidden(t),
        RawInput::Toml(v) => in_toml(v),
    }
}

fn show_toml(v: &toml::Value) -> toml::Value {
    match v {
        toml::Value::String(s) => toml::Value::String(visible::show(s).into_owned()),
        toml::Value::Array(items) => toml::Value::Array(items.iter().map(show_toml).collect()),
        toml::Value::Table(t) => toml::Value::Table(
            t.iter()
                .map(|(k, v)| (visible::show(k).into_owned(), show_toml(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Text made by the worksheet's own expressions (labels, computed values), with hidden
/// characters shown: a worksheet from someone else cannot reach the terminal through them.
pub(super) fn show_text(text: String) -> String {
    match visible::show(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(s) => s,
    }
}

/// [`show_text`] for every string inside a computed value.
pub(super) fn show_data(d: Data) -> Data {
    match d {
        Data::Str(s) => Data::Str(show_text(s)),
        Data::List(l) => Data::List(l.into_iter().map(show_data).collect()),
        Data::Map(m) => Data::Map(
            m.into_iter()
                .map(|(k, v)| (show_text(k), show_data(v)))
                .collect(),
        ),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(input: RawInput, origin: Origin) -> RawValue {
        RawValue { input, origin }
    }

    #[test]
    fn a_typed_escape_sequence_is_refused_naming_the_character_not_the_answer() {
        let typed = raw(
            RawInput::Text("secret\u{1b}]0;TITLE\u{7}".into()),
            Origin::Prompt,
        );
        let message = screen(&typed, "about.name").unwrap_err();
        assert!(
            message.contains("ESC (U+001B)") && message.contains("about.name"),
            "{message}"
        );
        assert!(!message.contains("secret") && !message.contains("TITLE"));
    }

    #[test]
    fn an_escape_sequence_from_a_file_or_set_becomes_a_visible_placeholder() {
        let file = raw(
            RawInput::Toml(toml::Value::Array(vec![toml::Value::String(
                "\u{1b}[2Jok".into(),
            )])),
            Origin::File {
                file: "a.toml".into(),
                line: 1,
                column: 1,
            },
        );
        assert_eq!(
            screen(&file, "q.a").unwrap(),
            Some(RawInput::Toml(toml::Value::Array(vec![
                toml::Value::String("‹U+001B›[2Jok".into())
            ])))
        );
        let set = raw(RawInput::Text("a\u{202E}b".into()), Origin::Set(1));
        assert_eq!(
            screen(&set, "q.a").unwrap(),
            Some(RawInput::Text("a‹U+202E›b".into()))
        );
    }

    #[test]
    fn clean_answers_pass_untouched() {
        let typed = raw(RawInput::Text("Zoë\tПривет\nשלום".into()), Origin::Prompt);
        assert_eq!(screen(&typed, "q.a"), Ok(None));
    }
}
