//! FHIR R4 (4.0.1): a worksheet as a `Questionnaire`, its checked answers as a
//! `QuestionnaireResponse`, and such a response read back into answers that pass the gate.
//!
//! The mapping is documented in docs/fhir.md. In short: a section is a `group` item (repeating
//! for a repeat group), a field an item whose `linkId` is `section.field`; standard codes from the
//! worksheet (`codes`, an option's `code`) become `code` and `valueCoding`; options without one
//! get a local code system. What FHIR cannot hold (a condition that is not a simple comparison, a
//! computed value's expression) is carried in an ipt extension, and a condition that cannot be
//! mapped is named in a warning.

use serde_json::{Map, Value as Json, json};

use crate::answers::file::AnswersFile;
use crate::answers::{Checked, Meta, Origin, Problem, RawAnswers, RawInput, RawValue, Slot, Value};
use crate::spec::{Code, Field, FieldType, LoadedWorksheet, Section, Worksheet};

/// The canonical URL of a worksheet's Questionnaire.
pub fn canonical(id: &str) -> String {
    format!("urn:ipt:questionnaire:{id}")
}

/// Extension URLs of ipt (documented in docs/fhir.md).
pub const EXT_EXPRESSION: &str = "https://ipt.invalid/fhir/StructureDefinition/computed-expression";
pub const EXT_WHEN: &str = "https://ipt.invalid/fhir/StructureDefinition/when";
pub const EXT_COMPUTED: &str = "https://ipt.invalid/fhir/StructureDefinition/computed";
pub const EXT_ENTRY: &str = "https://ipt.invalid/fhir/StructureDefinition/entry";
const EXT_ORDINAL: &str = "http://hl7.org/fhir/StructureDefinition/ordinalValue";
const EXT_MIN: &str = "http://hl7.org/fhir/StructureDefinition/minValue";
const EXT_MAX: &str = "http://hl7.org/fhir/StructureDefinition/maxValue";
const EXT_MIN_OCCURS: &str = "http://hl7.org/fhir/StructureDefinition/questionnaire-minOccurs";
const EXT_MAX_OCCURS: &str = "http://hl7.org/fhir/StructureDefinition/questionnaire-maxOccurs";

/// An exported resource and what could not be carried over exactly.
#[derive(Debug)]
pub struct Export {
    pub json: String,
    pub warnings: Vec<String>,
}

fn coding(c: &Code) -> Json {
    let mut m = Map::new();
    m.insert("system".into(), json!(c.system));
    m.insert("code".into(), json!(c.code));
    if let Some(d) = &c.display {
        m.insert("display".into(), json!(d));
    }
    Json::Object(m)
}

/// The code system of a field's options: the system of its first code, else the worksheet's,
/// else a local one named after the question.
fn option_system(spec: &Worksheet, field: &Field, link_id: &str) -> (String, bool) {
    match field.codes.first().or_else(|| spec.codes.first()) {
        Some(c) => (c.system.clone(), true),
        None => (format!("{}:{link_id}", canonical(spec.id.get_ref())), false),
    }
}

/// A field's options as codings: (value, coding).
pub(super) fn option_codings(
    spec: &Worksheet,
    field: &Field,
    link_id: &str,
) -> Vec<(String, Json, Option<f64>)> {
    let Some(choices) = &field.choices else {
        return Vec::new();
    };
    let (system, standard) = option_system(spec, field, link_id);
    let scored = choices
        .get_ref()
        .iter()
        .all(|c| c.value().trim().parse::<f64>().is_ok());
    choices
        .get_ref()
        .iter()
        .map(|c| {
            let (sys, code) = match (c.code(), standard) {
                (Some(code), _) => (system.clone(), code.to_string()),
                (None, _) => (
                    format!("{}:{link_id}", canonical(spec.id.get_ref())),
                    c.value().to_string(),
                ),
            };
            let ordinal = scored.then(|| c.value().trim().parse::<f64>().unwrap_or(0.0));
            (
                c.value().to_string(),
                json!({ "system": sys, "code": code, "display": c.label() }),
                ordinal,
            )
        })
        .collect()
}

/// The FHIR item type of a field.
fn item_type(field: &Field) -> &'static str {
    match field.kind() {
        FieldType::Text | FieldType::List => "string",
        FieldType::LongText => "text",
        FieldType::Integer | FieldType::Scale => "integer",
        FieldType::Decimal => "decimal",
        FieldType::YesNo => "boolean",
        FieldType::Date => "date",
        FieldType::Choice | FieldType::MultiChoice => {
            if field.allows_other() || field.choices.is_none() {
                "open-choice"
            } else {
                "choice"
            }
        }
        FieldType::Computed if !field.codes.is_empty() => "integer",
        FieldType::Computed => "string",
    }
}

/// A worksheet as an R4 `Questionnaire`.
pub fn questionnaire(sheet: &LoadedWorksheet) -> Export {
    let spec = &sheet.spec;
    let mut warnings = Vec::new();
    let mut q = Map::new();
    q.insert("resourceType".into(), json!("Questionnaire"));
    q.insert("id".into(), json!(spec.id.get_ref()));
    q.insert("url".into(), json!(canonical(spec.id.get_ref())));
    q.insert("version".into(), json!(spec.version));
    q.insert("name".into(), json!(machine_name(spec.id.get_ref())));
    q.insert("title".into(), json!(spec.title));
    q.insert("status".into(), json!("active"));
    if !spec.summary.is_empty() {
        q.insert("description".into(), json!(spec.summary));
    }
    if let Some(c) = &spec.copyright {
        q.insert("copyright".into(), json!(c));
    }
    if !spec.codes.is_empty() {
        q.insert(
            "code".into(),
            Json::Array(spec.codes.iter().map(coding).collect()),
        );
    }
    let items: Vec<Json> = spec
        .sections
        .iter()
        .map(|section| group(spec, section, &mut warnings))
        .collect();
    q.insert("item".into(), Json::Array(items));
    Export {
        json: serde_json::to_string_pretty(&Json::Object(q)).unwrap_or_default() + "\n",
        warnings,
    }
}

/// "inventory" → "Inventory", "role-play" → "RolePlay" (a FHIR `name`).
fn machine_name(id: &str) -> String {
    id.split(['-', '_'])
        .map(|part| {
            let mut c = part.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

fn group(spec: &Worksheet, section: &Section, warnings: &mut Vec<String>) -> Json {
    let mut g = Map::new();
    g.insert("linkId".into(), json!(section.id()));
    g.insert("text".into(), json!(section.title));
    g.insert("type".into(), json!("group"));
    let mut ext = Vec::new();
    if let Some((min, max)) = section.repeat_bounds() {
        g.insert("repeats".into(), json!(true));
        if min > 0 {
            g.insert("required".into(), json!(true));
            ext.push(json!({ "url": EXT_MIN_OCCURS, "valueInteger": min }));
        }
        ext.push(json!({ "url": EXT_MAX_OCCURS, "valueInteger": max }));
    }
    if let Some(when) = &section.when {
        condition(
            spec,
            Some(section),
            when.get_ref(),
            section.id(),
            &mut g,
            &mut ext,
            warnings,
        );
    }
    if !ext.is_empty() {
        g.insert("extension".into(), Json::Array(ext));
    }
    let fields: Vec<Json> = section
        .fields
        .iter()
        .map(|f| item(spec, section, f, warnings))
        .collect();
    g.insert("item".into(), Json::Array(fields));
    Json::Object(g)
}

fn item(spec: &Worksheet, section: &Section, field: &Field, warnings: &mut Vec<String>) -> Json {
    let link_id = format!("{}.{}", section.id(), field.id());
    let mut it = Map::new();
    let mut ext = Vec::new();
    it.insert("linkId".into(), json!(link_id));
    if !field.codes.is_empty() {
        it.insert(
            "code".into(),
            Json::Array(field.codes.iter().map(coding).collect()),
        );
    }
    it.insert("text".into(), json!(field.prompt));
    it.insert("type".into(), json!(item_type(field)));
    match field.kind() {
        FieldType::Computed => {
            it.insert("readOnly".into(), json!(true));
            if let Some(expr) = &field.expr {
                ext.push(json!({ "url": EXT_EXPRESSION, "valueString": expr.get_ref() }));
            }
        }
        kind => {
            if field.required {
                it.insert("required".into(), json!(true));
            }
            if matches!(kind, FieldType::MultiChoice | FieldType::List) {
                it.insert("repeats".into(), json!(true));
            }
        }
    }
    if field.kind() == FieldType::Scale {
        let (lo, hi) = field.int_bounds((0, 10));
        ext.push(json!({ "url": EXT_MIN, "valueInteger": lo }));
        ext.push(json!({ "url": EXT_MAX, "valueInteger": hi }));
    }
    let default = field.default.as_ref().map(|d| d.get_ref());
    let options = option_codings(spec, field, &link_id);
    if !options.is_empty() {
        let chosen: Vec<String> = match default {
            Some(toml::Value::String(s)) => vec![s.clone()],
            Some(toml::Value::Array(a)) => a
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect(),
            _ => Vec::new(),
        };
        let answer_options: Vec<Json> = options
            .into_iter()
            .map(|(value, coding, ordinal)| {
                let mut o = Map::new();
                o.insert("valueCoding".into(), coding);
                if chosen.contains(&value) {
                    o.insert("initialSelected".into(), json!(true));
                }
                if let Some(n) = ordinal {
                    o.insert(
                        "extension".into(),
                        json!([{ "url": EXT_ORDINAL, "valueDecimal": n }]),
                    );
                }
                Json::Object(o)
            })
            .collect();
        it.insert("answerOption".into(), Json::Array(answer_options));
    } else if field.choices_from.is_some() {
        warnings.push(format!(
            "{link_id}: its options come from earlier answers, so the Questionnaire lists none and takes any answer (open-choice)"
        ));
    } else if let Some(d) = default
        && let Some(initial) = initial_value(field, d)
    {
        it.insert("initial".into(), json!([initial]));
    }
    if let Some(when) = &field.when {
        condition(
            spec,
            Some(section),
            when.get_ref(),
            &link_id,
            &mut it,
            &mut ext,
            warnings,
        );
    }
    if !ext.is_empty() {
        it.insert("extension".into(), Json::Array(ext));
    }
    Json::Object(it)
}

/// A fixed default as an `initial` value.
fn initial_value(field: &Field, d: &toml::Value) -> Option<Json> {
    Some(match (field.kind(), d) {
        (FieldType::YesNo, toml::Value::Boolean(b)) => json!({ "valueBoolean": b }),
        (FieldType::Integer | FieldType::Scale, toml::Value::Integer(i)) => {
            json!({ "valueInteger": i })
        }
        (FieldType::Decimal, v) => {
            json!({ "valueDecimal": v.as_float().or(v.as_integer().map(|i| i as f64))? })
        }
        (FieldType::Date, toml::Value::Datetime(dt)) => json!({ "valueDate": dt.to_string() }),
        (FieldType::Text | FieldType::LongText, toml::Value::String(s)) => {
            json!({ "valueString": s })
        }
        _ => return None,
    })
}

/// A `when` condition as `enableWhen` when it is a simple comparison of one answer; otherwise
/// carried in an extension, with a warning.
fn condition(
    spec: &Worksheet,
    section: Option<&Section>,
    when: &str,
    link_id: &str,
    item: &mut Map<String, Json>,
    ext: &mut Vec<Json>,
    warnings: &mut Vec<String>,
) {
    match super::fhir_when::enable_when(spec, section, when) {
        Some(rules) => {
            item.insert("enableWhen".into(), Json::Array(rules.rules));
            if let Some(behavior) = rules.behavior {
                item.insert("enableBehavior".into(), json!(behavior));
            }
        }
        None => {
            ext.push(json!({ "url": EXT_WHEN, "valueString": when }));
            warnings.push(format!(
                "{link_id}: its condition `{when}` is not a simple comparison FHIR can hold; it is carried in the extension {EXT_WHEN}, and other tools will always show the question"
            ));
        }
    }
}

/// Checked answers as an R4 `QuestionnaireResponse`; `authored` is an R4 dateTime.
pub fn response(sheet: &LoadedWorksheet, checked: &Checked, authored: &str) -> Export {
    let spec = &sheet.spec;
    let mut items = Vec::new();
    for section in &spec.sections {
        let Some(found) = checked.sections.iter().find(|s| s.id == section.id()) else {
            continue;
        };
        for (number, entry) in found.entries.iter().enumerate() {
            let fields: Vec<Json> = entry
                .fields
                .iter()
                .filter_map(|cf| {
                    let field = section.field(&cf.id)?;
                    let link_id = format!("{}.{}", section.id(), field.id());
                    let answers = answers(spec, field, &link_id, cf.value.as_ref()?);
                    if answers.is_empty() {
                        return None;
                    }
                    let mut it = Map::new();
                    it.insert("linkId".into(), json!(link_id));
                    it.insert("text".into(), json!(field.prompt));
                    if field.kind() == FieldType::Computed {
                        it.insert(
                            "extension".into(),
                            json!([{ "url": EXT_COMPUTED, "valueBoolean": true }]),
                        );
                    }
                    it.insert("answer".into(), Json::Array(answers));
                    Some(Json::Object(it))
                })
                .collect();
            if fields.is_empty() && section.repeat.is_none() {
                continue;
            }
            let mut g = Map::new();
            g.insert("linkId".into(), json!(section.id()));
            g.insert("text".into(), json!(section.title));
            if section.repeat.is_some() {
                // Which entry of the repeat group, so that reading it back keeps the entries.
                g.insert(
                    "extension".into(),
                    json!([{ "url": EXT_ENTRY, "valueInteger": number + 1 }]),
                );
            }
            if !fields.is_empty() {
                g.insert("item".into(), Json::Array(fields));
            }
            items.push(Json::Object(g));
        }
    }
    let r = json!({
        "resourceType": "QuestionnaireResponse",
        "questionnaire": format!("{}|{}", canonical(spec.id.get_ref()), spec.version),
        "status": if checked.complete { "completed" } else { "in-progress" },
        "authored": authored,
        "item": items,
    });
    Export {
        json: serde_json::to_string_pretty(&r).unwrap_or_default() + "\n",
        warnings: Vec::new(),
    }
}

/// One answer's values.
fn answers(spec: &Worksheet, field: &Field, link_id: &str, value: &Value) -> Vec<Json> {
    let options = option_codings(spec, field, link_id);
    let choice = |v: &str| match options.iter().find(|(value, _, _)| value == v) {
        Some((_, coding, _)) => json!({ "valueCoding": coding }),
        None => json!({ "valueString": v }),
    };
    match value {
        Value::Text(s) => vec![json!({ "valueString": s })],
        Value::Integer(i) => vec![json!({ "valueInteger": i })],
        Value::Decimal(f) => vec![json!({ "valueDecimal": f })],
        Value::Bool(b) => vec![json!({ "valueBoolean": b })],
        Value::Date(d) => vec![json!({ "valueDate": d.to_string() })],
        Value::Choice(c) => vec![choice(c)],
        Value::Choices(cs) => cs.iter().map(|c| choice(c)).collect(),
        Value::List(items) => items.iter().map(|s| json!({ "valueString": s })).collect(),
        Value::Computed(d) => {
            use crate::jinja::Data;
            match (item_type(field), d) {
                (_, Data::Int(i)) => vec![json!({ "valueInteger": i })],
                ("string", Data::Float(f)) => vec![json!({ "valueString": f.to_string() })],
                (_, Data::Float(f)) => vec![json!({ "valueDecimal": f })],
                ("string", Data::Str(s)) if !s.is_empty() => vec![json!({ "valueString": s })],
                _ => Vec::new(),
            }
        }
    }
}

/// Whether JSON text is a FHIR QuestionnaireResponse.
pub fn is_response(json: &Json) -> bool {
    json.get("resourceType").and_then(Json::as_str) == Some("QuestionnaireResponse")
}

/// Reads a QuestionnaireResponse written by `response` back into an answers file: the worksheet
/// from its `questionnaire`, each answer by its `linkId`, a coded option by its label (the gate
/// matches it to the option), computed values left out (they are worked out again).
pub fn read_response(name: &str, json: &Json) -> Result<AnswersFile, Vec<Problem>> {
    let fail = |message: String| {
        vec![Problem::new("answers file", None, message).hint(
            "ipt reads back QuestionnaireResponses it wrote itself (`ipt export fhir-response`)",
        )]
    };
    let canonical_ref = json
        .get("questionnaire")
        .and_then(Json::as_str)
        .unwrap_or_default();
    let (url, version) = canonical_ref
        .split_once('|')
        .map_or((canonical_ref, None), |(u, v)| (u, Some(v.to_string())));
    let Some(worksheet) = url.strip_prefix(&canonical("")) else {
        return Err(fail(format!(
            "this QuestionnaireResponse answers `{url}`, not one of ipt's worksheets"
        )));
    };
    let origin = || Origin::File {
        file: name.to_string(),
        line: 0,
        column: 0,
    };
    let mut answers = RawAnswers::default();
    for group in json
        .get("item")
        .and_then(Json::as_array)
        .into_iter()
        .flatten()
    {
        let Some(section) = group.get("linkId").and_then(Json::as_str) else {
            return Err(fail("an item has no linkId".into()));
        };
        let fields: Vec<&Json> = group
            .get("item")
            .and_then(Json::as_array)
            .map(|a| a.iter().collect())
            .unwrap_or_default();
        // An entry of a repeat group says which (an ipt extension); other groups are sections.
        let entry = group
            .get("extension")
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
            .find(|x| x.get("url").and_then(Json::as_str) == Some(EXT_ENTRY))
            .and_then(|x| x.get("valueInteger").and_then(Json::as_u64))
            .map(|n| (n as usize).max(1) - 1);
        if let Some(i) = entry {
            while answers.entries(section) <= i {
                answers.push_entry(section);
            }
        }
        for it in fields {
            if it
                .get("extension")
                .and_then(Json::as_array)
                .is_some_and(|e| {
                    e.iter()
                        .any(|x| x.get("url").and_then(Json::as_str) == Some(EXT_COMPUTED))
                })
            {
                continue;
            }
            let Some(link) = it.get("linkId").and_then(Json::as_str) else {
                return Err(fail(format!("an item of `{section}` has no linkId")));
            };
            let field = link.rsplit('.').next().unwrap_or(link).to_string();
            let values: Vec<toml::Value> = it
                .get("answer")
                .and_then(Json::as_array)
                .into_iter()
                .flatten()
                .filter_map(answer_value)
                .collect();
            let input = match values.len() {
                0 => continue,
                1 => values
                    .into_iter()
                    .next()
                    .unwrap_or(toml::Value::Boolean(false)),
                _ => toml::Value::Array(values),
            };
            answers.set(
                &Slot {
                    section: section.to_string(),
                    entry,
                    field,
                },
                RawValue {
                    input: RawInput::Toml(input),
                    origin: origin(),
                },
            );
        }
    }
    let status = match json.get("status").and_then(Json::as_str) {
        Some("completed") | Some("amended") => "complete",
        _ => "in-progress",
    };
    Ok(AnswersFile {
        meta: Meta {
            worksheet: worksheet.to_string(),
            version,
            status: Some(status.into()),
            ..Meta::default()
        },
        answers,
        orphaned: Default::default(),
    })
}

fn answer_value(a: &Json) -> Option<toml::Value> {
    let obj = a.as_object()?;
    let (key, v) = obj.iter().find(|(k, _)| k.starts_with("value"))?;
    Some(match (key.as_str(), v) {
        ("valueCoding", c) => toml::Value::String(
            c.get("display")
                .or_else(|| c.get("code"))
                .and_then(Json::as_str)?
                .to_string(),
        ),
        ("valueInteger", n) => toml::Value::Integer(n.as_i64()?),
        ("valueDecimal", n) => toml::Value::Float(n.as_f64()?),
        ("valueBoolean", b) => toml::Value::Boolean(b.as_bool()?),
        ("valueDate", d) => toml::Value::Datetime(d.as_str()?.parse().ok()?),
        (_, Json::String(s)) => toml::Value::String(s.clone()),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(id: &str) -> LoadedWorksheet {
        let r = crate::spec::resources::Resources::built_in().unwrap();
        let text = crate::assets::get(crate::assets::WORKSHEETS, &format!("{id}.toml")).unwrap();
        crate::spec::parse_worksheet(&format!("{id}.toml"), text, &r).unwrap()
    }

    #[test]
    fn the_phq9_carries_its_loinc_codes() {
        let q: Json = serde_json::from_str(&questionnaire(&sheet("phq9")).json).unwrap();
        assert_eq!(q["code"][0]["code"], "44249-1");
        let items = &q["item"][1]["item"];
        assert_eq!(items[0]["linkId"], "items.q1");
        assert_eq!(items[0]["code"][0]["code"], "44250-9");
        assert_eq!(items[0]["type"], "choice");
        assert_eq!(
            items[0]["answerOption"][3]["valueCoding"]["code"],
            "LA6571-9"
        );
        assert_eq!(
            items[0]["answerOption"][3]["extension"][0]["valueDecimal"],
            3.0
        );
        let total = &q["item"][2]["item"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["linkId"] == "score.total")
            .unwrap()
            .clone();
        assert_eq!(total["code"][0]["code"], "44261-6");
        assert_eq!(total["readOnly"], true);
    }

    #[test]
    fn a_condition_fhir_cannot_hold_is_carried_in_an_extension_with_a_warning() {
        let e = questionnaire(&sheet("termination"));
        assert!(
            e.warnings
                .iter()
                .any(|w| w.starts_with("looking_back.area: its condition `case`")),
            "{:?}",
            e.warnings
        );
        assert!(e.json.contains(EXT_WHEN));
    }

    #[test]
    fn machine_names_are_pascal_case() {
        assert_eq!(machine_name("role-play"), "RolePlay");
        assert_eq!(machine_name("phq9"), "Phq9");
    }
}
