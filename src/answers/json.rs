//! Answers files as JSON: the same tree as the TOML form (`[meta]`, `[answers.SECTION]`,
//! `[[answers.GROUP]]`, `[orphaned]`), for tools that speak JSON. Dates are `"YYYY-MM-DD"`
//! strings. Read and written through the TOML form, so both pass the same checks.
//!
//! Owns: the conversion between the two forms. Must not check answers (the gate does).

use serde_json::Value as Json;

use super::file::{self, AnswersFile};
use super::{Origin, Problem};

/// Whether a path names a JSON answers file.
pub fn is_json(path: &std::path::Path) -> bool {
    path.extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("json"))
}

/// Parses a JSON answers file; `name` names it in messages. Problems name the question id and
/// the file (JSON positions of values are not kept, so no line and column).
pub fn parse(name: &str, text: &str) -> Result<AnswersFile, Vec<Problem>> {
    let json: Json = serde_json::from_str(text).map_err(|e| {
        vec![
            Problem::new(
                "answers file",
                Some(Origin::File {
                    file: name.to_string(),
                    line: e.line(),
                    column: e.column(),
                }),
                e.to_string(),
            )
            .hint("this is not valid JSON; docs/answers-format.md shows the layout"),
        ]
    })?;
    let Json::Object(_) = &json else {
        return Err(vec![
            Problem::new(
                "answers file",
                None,
                "a JSON answers file is an object with \"meta\" and \"answers\"",
            )
            .hint("docs/answers-format.md shows the layout"),
        ]);
    };
    let toml = to_toml(&json, &[]).ok_or_else(|| {
        vec![
            Problem::new(
                "answers file",
                None,
                "JSON null has no place in an answers file",
            )
            .hint("leave an unanswered question out instead of writing null"),
        ]
    })?;
    let text = toml::to_string(&toml).map_err(|e| {
        vec![Problem::new(
            "answers file",
            None,
            format!("cannot be read as an answers file: {e}"),
        )]
    })?;
    let unplaced = |origin: &mut Option<Origin>| {
        if let Some(Origin::File { line, column, .. }) = origin {
            *line = 0;
            *column = 0;
        }
    };
    let parsed = file::parse(name, &text).map(|mut f| {
        for section in f.answers.sections.values_mut() {
            let entries: Vec<&mut super::RawEntry> = match section {
                super::RawSection::Single(e) => vec![e],
                super::RawSection::Repeat(v) => v.iter_mut().collect(),
            };
            for entry in entries {
                unplaced(&mut entry.origin);
                for value in entry.values.values_mut() {
                    let mut o = Some(value.origin.clone());
                    unplaced(&mut o);
                    value.origin = o.unwrap_or(Origin::Prompt);
                }
            }
        }
        f
    });
    parsed.map_err(|problems| {
        problems
            .into_iter()
            .map(|mut p| {
                // Positions would point into the converted text: name the file only.
                unplaced(&mut p.origin);
                p
            })
            .collect()
    })
}

/// A JSON value as TOML; `meta.date` strings become dates. None for a null.
fn to_toml(json: &Json, path: &[&str]) -> Option<toml::Value> {
    Some(match json {
        Json::Null => return None,
        Json::Bool(b) => toml::Value::Boolean(*b),
        Json::Number(n) => match n.as_i64() {
            Some(i) => toml::Value::Integer(i),
            None => toml::Value::Float(n.as_f64()?),
        },
        Json::String(s) if path == ["meta", "date"] => match s.parse::<toml::value::Datetime>() {
            Ok(d) => toml::Value::Datetime(d),
            Err(_) => toml::Value::String(s.clone()),
        },
        Json::String(s) => toml::Value::String(s.clone()),
        Json::Array(items) => toml::Value::Array(
            items
                .iter()
                .map(|i| to_toml(i, path))
                .collect::<Option<_>>()?,
        ),
        Json::Object(map) => {
            let mut table = toml::map::Map::new();
            for (k, v) in map {
                let mut inner = path.to_vec();
                inner.push(k);
                table.insert(k.clone(), to_toml(v, &inner)?);
            }
            toml::Value::Table(table)
        }
    })
}

/// The answers file text (TOML, as written for the interview) as JSON.
pub fn from_toml_text(text: &str) -> Result<String, String> {
    let toml: toml::Value = toml::from_str(text).map_err(|e| e.message().to_string())?;
    Ok(serde_json::to_string_pretty(&to_json(&toml)).unwrap_or_default() + "\n")
}

fn to_json(v: &toml::Value) -> Json {
    match v {
        toml::Value::String(s) => Json::String(s.clone()),
        toml::Value::Integer(i) => Json::from(*i),
        toml::Value::Float(f) => Json::from(*f),
        toml::Value::Boolean(b) => Json::Bool(*b),
        toml::Value::Datetime(d) => Json::String(d.to_string()),
        toml::Value::Array(items) => Json::Array(items.iter().map(to_json).collect()),
        toml::Value::Table(t) => {
            Json::Object(t.iter().map(|(k, v)| (k.clone(), to_json(v))).collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TOML: &str = r#"
[meta]
worksheet = "phq9"
status = "complete"
date = 2027-01-11

[answers.about]
date = 2027-01-11

[answers.items]
q1 = "2"

[[answers.people]]
name = "Zoë"
"#;

    #[test]
    fn json_and_toml_answers_files_read_the_same() {
        let json = from_toml_text(TOML).unwrap();
        assert!(json.contains("\"q1\": \"2\"") && json.contains("\"date\": \"2027-01-11\""));
        let from_json = parse("a.json", &json).unwrap();
        let from_toml = file::parse("a.toml", TOML).unwrap();
        assert_eq!(from_json.meta, from_toml.meta);
        assert_eq!(
            from_json.answers.sections.len(),
            from_toml.answers.sections.len()
        );
    }

    #[test]
    fn broken_json_names_the_line_and_column() {
        let e = parse("a.json", "{\n  \"meta\": ,\n}").unwrap_err();
        assert!(e[0].to_string().starts_with("a.json:2:"), "{}", e[0]);
        assert!(parse("a.json", "[1, 2]").is_err());
        assert!(parse("a.json", "{\"meta\": {\"worksheet\": null}}").is_err());
    }
}
