//! The checked answers of a worksheet as JSON: every question that applies with its value, the
//! label of a chosen option, computed values, the safety triggers that fired, and the scores of a
//! questionnaire followed over time (total and band).
//!
//! The field names are stable (documented in docs/answers-format.md): `worksheet`, `status`,
//! `safety`, `sections[].entries[].fields[]` (`id`, `question`, `prompt`, `type`, `value`,
//! `label`), `scores[]` (`measure`, `name`, `total`, `band`, `safety_item_raised`).

use serde_json::{Map, Value as Json, json};

use crate::answers::{Checked, Meta, Value};
use crate::spec::LoadedWorksheet;
use crate::spec::resources::Resources;

/// The JSON text.
pub fn answers(
    sheet: &LoadedWorksheet,
    checked: &Checked,
    meta: Option<&Meta>,
    resources: &Resources,
) -> String {
    let spec = &sheet.spec;
    let sections: Vec<Json> = spec
        .sections
        .iter()
        .filter_map(|section| {
            let found = checked.sections.iter().find(|s| s.id == section.id())?;
            let entries: Vec<Json> = found
                .entries
                .iter()
                .enumerate()
                .map(|(i, entry)| {
                    let fields: Vec<Json> = entry
                        .fields
                        .iter()
                        .filter_map(|cf| {
                            let field = section.field(&cf.id)?;
                            let question = match section.repeat {
                                Some(_) => format!("{}[{}].{}", section.id(), i + 1, cf.id),
                                None => format!("{}.{}", section.id(), cf.id),
                            };
                            let label = |v: &str| {
                                cf.options
                                    .as_ref()
                                    .and_then(|o| o.iter().find(|o| o.value == v))
                                    .map(|o| Json::String(o.label.clone()))
                            };
                            let labels = match &cf.value {
                                Some(Value::Choice(c)) => label(c).unwrap_or(Json::Null),
                                Some(Value::Choices(cs)) => Json::Array(
                                    cs.iter()
                                        .map(|c| {
                                            label(c).unwrap_or_else(|| Json::String(c.clone()))
                                        })
                                        .collect(),
                                ),
                                _ => Json::Null,
                            };
                            Some(json!({
                                "id": cf.id,
                                "question": question,
                                "prompt": field.prompt,
                                "type": field.kind().name(),
                                "value": cf.value.as_ref().map_or(Json::Null, value),
                                "label": labels,
                            }))
                        })
                        .collect();
                    json!({ "label": entry.label, "fields": fields })
                })
                .collect();
            Some(json!({
                "id": section.id(),
                "title": section.title,
                "repeat": section.repeat.is_some(),
                "entries": entries,
            }))
        })
        .collect();
    let scores = scores(sheet, checked, meta, resources);
    let mut out = Map::new();
    out.insert(
        "worksheet".into(),
        json!({ "id": sheet.id(), "version": spec.version, "title": spec.title }),
    );
    out.insert(
        "status".into(),
        Json::String(
            if checked.complete {
                "complete"
            } else {
                "in-progress"
            }
            .into(),
        ),
    );
    if let Some(meta) = meta {
        out.insert(
            "session".into(),
            meta.session.map_or(Json::Null, Json::from),
        );
        out.insert(
            "date".into(),
            meta.date
                .map_or(Json::Null, |d| Json::String(d.to_string())),
        );
    }
    out.insert("safety".into(), json!(checked.safety));
    out.insert("sections".into(), Json::Array(sections));
    out.insert("scores".into(), Json::Array(scores));
    serde_json::to_string_pretty(&Json::Object(out)).unwrap_or_default() + "\n"
}

fn scores(
    sheet: &LoadedWorksheet,
    checked: &Checked,
    meta: Option<&Meta>,
    resources: &Resources,
) -> Vec<Json> {
    let empty = Meta::default();
    let reading = crate::measures::Reading {
        worksheet: sheet.id(),
        checked,
        meta: meta.unwrap_or(&empty),
        source: String::new(),
    };
    crate::measures::collect(&resources.measures, std::slice::from_ref(&reading))
        .iter()
        .flat_map(|s| {
            s.points.iter().map(|p| {
                json!({
                    "measure": s.id,
                    "name": s.name,
                    "date": p.date.map(|d| d.to_string()),
                    "total": p.total,
                    "band": p.band,
                    "safety_item_raised": p.safety_raised,
                })
            })
        })
        .collect()
}

/// A value as JSON: numbers as numbers, dates as `"YYYY-MM-DD"`, choices by their stored value.
pub fn value(v: &Value) -> Json {
    match v {
        Value::Text(s) | Value::Choice(s) => Json::String(s.clone()),
        Value::Integer(i) => Json::from(*i),
        Value::Decimal(f) => Json::from(*f),
        Value::Bool(b) => Json::Bool(*b),
        Value::Date(d) => Json::String(d.to_string()),
        Value::Choices(v) | Value::List(v) => json!(v),
        Value::Computed(d) => data(d),
    }
}

fn data(d: &crate::jinja::Data) -> Json {
    use crate::jinja::Data;
    match d {
        Data::Null => Json::Null,
        Data::Bool(b) => Json::Bool(*b),
        Data::Int(i) => Json::from(*i),
        Data::Float(f) => Json::from(*f),
        Data::Str(s) => Json::String(s.clone()),
        Data::List(items) => Json::Array(items.iter().map(data).collect()),
        Data::Map(m) => Json::Object(m.iter().map(|(k, v)| (k.clone(), data(v))).collect()),
    }
}
