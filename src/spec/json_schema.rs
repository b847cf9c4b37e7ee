//! JSON Schemas for editors (taplo, Even Better TOML): one of worksheet format v1, made from the
//! same table the loader checks keys and types against (`shape`), and one of a worksheet's
//! answers file, made from the worksheet.
//!
//! Owns: turning those into JSON Schema (draft 2020-12). Must not read or write files.

use serde_json::{Map, Value, json};

use super::shape::{Key, Kind, WORKSHEET};
use super::{Field, FieldType, Worksheet};

const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";

/// The schema of a worksheet file.
pub fn worksheet() -> Value {
    let mut schema = table(WORKSHEET);
    if let Value::Object(m) = &mut schema {
        m.insert("$schema".into(), json!(DRAFT));
        m.insert("title".into(), json!("ipt worksheet, format 1"));
        m.insert(
            "description".into(),
            json!("A worksheet for ipt: see docs/worksheet-format.md"),
        );
        if let Some(Value::Object(props)) = m.get_mut("properties") {
            props.insert(
                "format".into(),
                json!({ "const": 1, "description": "always 1 for this version of the format" }),
            );
        }
    }
    schema
}

fn table(keys: &[Key]) -> Value {
    let properties: Map<String, Value> = keys
        .iter()
        .map(|k| {
            let mut v = kind(&k.kind);
            if let Value::Object(m) = &mut v {
                m.insert("description".into(), json!(k.doc));
            }
            (k.name.to_string(), v)
        })
        .collect();
    let required: Vec<&str> = keys.iter().filter(|k| k.required).map(|k| k.name).collect();
    json!({
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": false,
    })
}

fn kind(kind: &Kind) -> Value {
    match kind {
        Kind::Text | Kind::Expr | Kind::Template => json!({ "type": "string" }),
        Kind::Int => json!({ "type": "integer" }),
        Kind::Bool => json!({ "type": "boolean" }),
        Kind::Texts => json!({ "type": "array", "items": { "type": "string" } }),
        Kind::Enum(words) => json!({ "enum": words }),
        Kind::Bound => {
            json!({ "anyOf": [{ "type": "number" }, { "type": "string", "format": "date" }] })
        }
        Kind::Any => json!({}),
        Kind::Choices => json!({
            "type": "array",
            "items": { "anyOf": [{ "type": "string" }, table(super::shape::CHOICE)] }
        }),
        Kind::Table(inner) => table(inner),
        Kind::Tables(inner) => json!({ "type": "array", "items": table(inner) }),
    }
}

/// The schema of an answers file of `sheet` (docs/answers-format.md).
pub fn answers(sheet: &Worksheet) -> Value {
    let sections: Map<String, Value> = sheet
        .sections
        .iter()
        .map(|s| {
            let fields: Map<String, Value> = s
                .fields
                .iter()
                .filter(|f| f.kind() != FieldType::Computed)
                .map(|f| (f.id().to_string(), answer(f)))
                .collect();
            let entry = json!({
                "type": "object",
                "properties": fields,
                "additionalProperties": false,
            });
            let v = match s.repeat {
                Some(_) => json!({ "type": "array", "items": entry, "description": s.title }),
                None => {
                    let mut e = entry;
                    if let Value::Object(m) = &mut e {
                        m.insert("description".into(), json!(s.title));
                    }
                    e
                }
            };
            (s.id().to_string(), v)
        })
        .collect();
    json!({
        "$schema": DRAFT,
        "title": format!("answers to the ipt worksheet `{}`", sheet.id.get_ref()),
        "type": "object",
        "properties": {
            "meta": {
                "type": "object",
                "properties": {
                    "worksheet": { "const": sheet.id.get_ref() },
                    "worksheet_file": { "type": "string" },
                    "version": { "type": "string" },
                    "digest": { "type": "string" },
                    "status": { "enum": ["in-progress", "complete"] },
                    "output": { "type": "string" },
                    "session": { "type": "integer", "minimum": 1 },
                    "date": { "type": "string", "format": "date" },
                    "skipped": { "type": "array", "items": { "type": "string" } },
                    "calendar": { "type": "string" },
                },
                "required": ["worksheet"],
                "additionalProperties": false,
            },
            "answers": {
                "type": "object",
                "properties": sections,
                "additionalProperties": false,
            },
        },
        "required": ["meta"],
        "additionalProperties": false,
    })
}

fn answer(f: &Field) -> Value {
    let mut v = match f.kind() {
        FieldType::Text | FieldType::LongText => json!({ "type": "string" }),
        FieldType::Integer | FieldType::Scale => {
            let (lo, hi) = (bound(f, true), bound(f, false));
            let mut v = json!({ "type": "integer" });
            if let Value::Object(m) = &mut v {
                if let Some(lo) = lo {
                    m.insert("minimum".into(), json!(lo));
                }
                if let Some(hi) = hi {
                    m.insert("maximum".into(), json!(hi));
                }
            }
            v
        }
        FieldType::Decimal => json!({ "type": "number" }),
        FieldType::YesNo => json!({ "type": "boolean" }),
        FieldType::Date => json!({ "type": "string", "format": "date" }),
        FieldType::Choice => option(f),
        FieldType::MultiChoice => json!({ "type": "array", "items": option(f) }),
        FieldType::List => json!({ "type": "array", "items": { "type": "string" } }),
        FieldType::Computed => json!({}),
    };
    if let Value::Object(m) = &mut v {
        m.insert("description".into(), json!(f.prompt));
    }
    v
}

fn bound(f: &Field, low: bool) -> Option<i64> {
    let b = if low { &f.min } else { &f.max };
    b.as_ref().and_then(|v| v.get_ref().as_integer())
}

fn option(f: &Field) -> Value {
    let values: Vec<&str> = f.fixed_choices().iter().map(|c| c.value()).collect();
    if values.is_empty() || f.allows_other() {
        json!({ "type": "string" })
    } else {
        json!({ "enum": values })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A TOML document as JSON, dates as text (as TOML editors see them).
    fn to_json(v: &toml::Value) -> Value {
        match v {
            toml::Value::String(s) => json!(s),
            toml::Value::Integer(i) => json!(i),
            toml::Value::Float(f) => json!(f),
            toml::Value::Boolean(b) => json!(b),
            toml::Value::Datetime(d) => json!(d.to_string()),
            toml::Value::Array(a) => Value::Array(a.iter().map(to_json).collect()),
            toml::Value::Table(t) => {
                Value::Object(t.iter().map(|(k, v)| (k.clone(), to_json(v))).collect())
            }
        }
    }

    #[test]
    fn every_built_in_worksheet_validates_against_the_schema() {
        let schema = worksheet();
        let validator = jsonschema::validator_for(&schema).unwrap();
        for (name, text) in crate::assets::WORKSHEETS {
            let doc = to_json(&toml::from_str::<toml::Value>(text).unwrap());
            let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "{name}: {errors:#?}");
        }
    }

    #[test]
    fn the_schema_refuses_an_unknown_key_and_a_wrong_type() {
        let validator = jsonschema::validator_for(&worksheet()).unwrap();
        let doc = to_json(
            &toml::from_str::<toml::Value>(
                "format = 1\nid = \"x\"\nversion = 1\ntitle = \"T\"\ntitel = \"T\"\n",
            )
            .unwrap(),
        );
        assert_eq!(validator.iter_errors(&doc).count(), 2);
    }

    #[test]
    fn the_example_answers_validate_against_their_worksheets_schema() {
        let r = crate::spec::resources::Resources::built_in().unwrap();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
        let mut checked = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "toml") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let Ok(doc) = toml::from_str::<toml::Value>(&text) else {
                continue;
            };
            let Some(id) = doc
                .get("meta")
                .and_then(|m| m.get("worksheet"))
                .and_then(|w| w.as_str())
            else {
                continue;
            };
            let Some((name, sheet)) = crate::assets::WORKSHEETS
                .iter()
                .find(|(n, _)| *n == format!("{id}.toml"))
            else {
                continue;
            };
            let sheet = crate::spec::parse_worksheet(name, sheet, &r).unwrap();
            let validator = jsonschema::validator_for(&answers(&sheet.spec)).unwrap();
            let errors: Vec<String> = validator
                .iter_errors(&to_json(&doc))
                .map(|e| e.to_string())
                .collect();
            assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
            checked += 1;
        }
        assert!(checked >= 3, "{checked}");
    }
}
