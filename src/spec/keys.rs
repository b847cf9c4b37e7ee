//! The key schema of worksheet format v1: which keys each table may hold.
//!
//! Owns: walking the parsed TOML tree and reporting *every* unknown key (serde stops at the first),
//! with a "did you mean" hint. Must not check values; that is serde's and `check`'s job.

use toml::de::{DeTable, DeValue};

use super::diagnostic::{Diagnostic, did_you_mean};

/// What a key holds.
enum Shape {
    Leaf,
    Table(&'static [(&'static str, Shape)]),
    /// An array whose table items follow the schema (other items are left to serde).
    Tables(&'static [(&'static str, Shape)]),
}

use Shape::{Leaf, Table, Tables};

const RULE: &[(&str, Shape)] = &[
    ("min_length", Leaf),
    ("max_length", Leaf),
    ("pattern", Leaf),
    ("min_items", Leaf),
    ("max_items", Leaf),
    ("check", Leaf),
    ("message", Leaf),
];

const FIELD: &[(&str, Shape)] = &[
    ("id", Leaf),
    ("type", Leaf),
    ("prompt", Leaf),
    ("help", Leaf),
    ("help_expr", Leaf),
    ("example", Leaf),
    ("required", Leaf),
    ("default", Leaf),
    ("default_expr", Leaf),
    ("when", Leaf),
    ("min", Leaf),
    ("max", Leaf),
    ("range_message", Leaf),
    ("anchors", Tables(&[("value", Leaf), ("label", Leaf)])),
    (
        "choices",
        Tables(&[
            ("value", Leaf),
            ("label", Leaf),
            ("help", Leaf),
            ("code", Leaf),
        ]),
    ),
    ("choices_from", Leaf),
    ("allow_other", Leaf),
    ("rules", Tables(RULE)),
    ("expr", Leaf),
    ("safety", Leaf),
    ("safety_block", Leaf),
    ("print", Table(&[("lines", Leaf), ("note", Leaf)])),
    ("codes", Tables(CODE)),
];

const CODE: &[(&str, Shape)] = &[("system", Leaf), ("code", Leaf), ("display", Leaf)];

const SECTION: &[(&str, Shape)] = &[
    ("id", Leaf),
    ("title", Leaf),
    ("intro", Leaf),
    ("when", Leaf),
    (
        "repeat",
        Table(&[
            ("min", Leaf),
            ("max", Leaf),
            ("add_another", Leaf),
            ("label", Leaf),
            ("entries_from", Leaf),
            ("entries_field", Leaf),
        ]),
    ),
    (
        "print",
        Table(&[
            ("entries", Leaf),
            (
                "circle",
                Table(&[
                    ("name", Leaf),
                    ("ring", Leaf),
                    ("center", Leaf),
                    ("caption", Leaf),
                ]),
            ),
            ("grid", Leaf),
            ("compact", Leaf),
        ]),
    ),
    ("field", Tables(FIELD)),
];

const WORKSHEET: &[(&str, Shape)] = &[
    ("format", Leaf),
    ("id", Leaf),
    ("version", Leaf),
    ("title", Leaf),
    ("summary", Leaf),
    ("technique", Leaf),
    ("phases", Leaf),
    ("problem_areas", Leaf),
    ("instructions", Leaf),
    ("sources", Leaf),
    ("uses", Leaf),
    ("language", Leaf),
    ("print", Table(&[("pages", Leaf)])),
    ("codes", Tables(CODE)),
    ("copyright", Leaf),
    ("section", Tables(SECTION)),
];

/// Reports every key of `root` that worksheet format v1 does not know.
pub fn unknown_keys(file: &str, text: &str, root: &DeTable<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let index = super::LineIndex::new(text);
    walk(file, &index, root, WORKSHEET, "", &mut out);
    out.sort_by_key(|d| d.position);
    out
}

fn walk(
    file: &str,
    text: &super::LineIndex<'_>,
    table: &DeTable<'_>,
    schema: &[(&str, Shape)],
    path: &str,
    out: &mut Vec<Diagnostic>,
) {
    for (key, value) in table.iter() {
        let name = key.get_ref().as_ref();
        let here = if path.is_empty() {
            name.to_string()
        } else {
            format!("{path}.{name}")
        };
        let Some((_, shape)) = schema.iter().find(|(k, _)| *k == name) else {
            let where_ = if path.is_empty() {
                "at the top level".to_string()
            } else {
                format!("in `{path}`")
            };
            let mut d = Diagnostic::at_index(
                file,
                text,
                key.span().into(),
                format!("unknown key `{name}` {where_}"),
            );
            d = match did_you_mean(name, schema.iter().map(|(k, _)| *k)) {
                Some(s) => d.hint(format!("did you mean `{s}`?")),
                None => d.hint(format!(
                    "keys allowed here: {}",
                    schema
                        .iter()
                        .map(|(k, _)| *k)
                        .collect::<Vec<_>>()
                        .join(", ")
                )),
            };
            out.push(d);
            continue;
        };
        match (shape, value.get_ref()) {
            (Table(inner), DeValue::Table(t)) => walk(file, text, t, inner, &here, out),
            (Tables(inner), DeValue::Array(items)) => {
                for item in items.iter() {
                    if let DeValue::Table(t) = item.get_ref() {
                        walk(file, text, t, inner, &here, out);
                    }
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unknown(text: &str) -> Vec<String> {
        let root = DeTable::parse(text).unwrap();
        unknown_keys("w.toml", text, root.get_ref())
            .iter()
            .map(|d| d.to_string())
            .collect()
    }

    #[test]
    fn every_unknown_key_is_reported_with_its_position_and_a_suggestion() {
        let text = "titel = 'x'\n[[section]]\nid = 'a'\n[[section.field]]\nid = 'b'\npromt = 'q'\n";
        let found = unknown(text);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].starts_with("w.toml:1:1: unknown key `titel` at the top level"));
        assert!(found[0].contains("did you mean `title`?"));
        assert!(found[1].starts_with("w.toml:6:1: unknown key `promt` in `section.field`"));
    }

    #[test]
    fn known_keys_in_inline_tables_pass() {
        let text = "[[section]]\nrepeat = { min = 1, add_another = 'x' }\n[[section.field]]\nrules = [{ pattern = 'a', message = 'b' }]\nchoices = ['a', { value = 'b', label = 'B' }]\n";
        assert!(unknown(text).is_empty());
    }
}
