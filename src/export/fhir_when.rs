//! A worksheet's `when` condition as FHIR R4 `enableWhen` rules with their `enableBehavior`.
//!
//! Owns: reading the plain forms of a condition (one answer compared with a constant, `in` and
//! `not in` a list, `is none`, a yes/no field, and such comparisons joined all by `and` or all by
//! `or`). It reads the condition's text and never evaluates it; anything else is left to the
//! caller, which carries it in an extension with a warning.

use serde_json::{Value as Json, json};

use super::fhir::option_codings;
use crate::spec::{Field, FieldType, Section, Worksheet};

/// The rules and how they combine (`all` or `any`; one rule needs neither).
#[derive(Debug, PartialEq)]
pub struct Rules {
    pub rules: Vec<Json>,
    pub behavior: Option<&'static str>,
}

/// `when` as `enableWhen`, or `None` when FHIR cannot hold it exactly.
pub fn enable_when(spec: &Worksheet, section: Option<&Section>, when: &str) -> Option<Rules> {
    let ors = split_top(when, " or ");
    let ands = split_top(when, " and ");
    let (parts, joined) = match (ors.len() > 1, ands.len() > 1) {
        (true, true) => return None,
        (true, false) => (ors, Some("any")),
        (false, true) => (ands, Some("all")),
        // One comparison: it brings its own way of combining (`in` is any, `not in` all).
        (false, false) => (ors, None),
    };
    let mut rules = Vec::new();
    let mut joined = joined;
    for part in parts {
        let (mut some, behavior) = one(spec, section, &part)?;
        if some.len() > 1 && *joined.get_or_insert(behavior) != behavior {
            return None;
        }
        rules.append(&mut some);
    }
    let behavior = (rules.len() > 1).then(|| joined.unwrap_or("all"));
    Some(Rules { rules, behavior })
}

/// `text` split on `sep` where it stands outside quotes, brackets and parentheses.
fn split_top(text: &str, sep: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let (mut depth, mut quote, mut start) = (0i32, None, 0);
    let mut i = 0;
    while i < text.len() {
        let c = text[i..].chars().next().unwrap_or(' ');
        match (quote, c) {
            (Some(q), _) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '(' | '[') => depth += 1,
            (None, ')' | ']') => depth -= 1,
            (None, _) if depth == 0 && text[i..].starts_with(sep) => {
                parts.push(text[start..i].trim().to_string());
                i += sep.len();
                start = i;
                continue;
            }
            _ => {}
        }
        i += c.len_utf8();
    }
    parts.push(text[start..].trim().to_string());
    parts
}

/// One comparison as rules: several for `in` (any) and `not in` (all).
fn one(
    spec: &Worksheet,
    section: Option<&Section>,
    when: &str,
) -> Option<(Vec<Json>, &'static str)> {
    let when = when.trim();
    let reference = |r: &str| -> Option<(String, &Field)> {
        let (head, field) = r.split_once('.')?;
        let sec = if head == "item" {
            section?
        } else {
            spec.section(head)?
        };
        let f = sec.field(field)?;
        Some((format!("{}.{}", sec.id(), f.id()), f))
    };
    let is_name = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
    };
    let (negated, rest) = match when.strip_prefix("not ") {
        Some(r) => (true, r.trim()),
        None => (false, when),
    };
    if is_name(rest) {
        let (q, f) = reference(rest)?;
        // A yes/no field is its answer; any other field is true when it holds an answer (the
        // gate stores nothing for an empty text or an empty list).
        let rule = match f.kind() {
            FieldType::YesNo => {
                json!({ "question": q, "operator": "=", "answerBoolean": !negated })
            }
            FieldType::Text
            | FieldType::LongText
            | FieldType::Date
            | FieldType::Choice
            | FieldType::MultiChoice
            | FieldType::List => {
                json!({ "question": q, "operator": "exists", "answerBoolean": !negated })
            }
            // A number is false at 0 and a computed value has no answer to test.
            FieldType::Integer | FieldType::Decimal | FieldType::Scale | FieldType::Computed => {
                return None;
            }
        };
        return Some((vec![rule], "all"));
    }
    if negated {
        return None;
    }
    for (suffix, exists) in [(" is not none", true), (" is none", false)] {
        if let Some(r) = rest.strip_suffix(suffix)
            && is_name(r.trim())
        {
            let (q, _) = reference(r.trim())?;
            let rule = json!({ "question": q, "operator": "exists", "answerBoolean": exists });
            return Some((vec![rule], "all"));
        }
    }
    // `'v' in x` or `'v' in (x or [])` on a multiple choice: one of the answers is `v`.
    if rest.starts_with(['\'', '"'])
        && let Some((constant, list)) = rest.split_once(" in ")
    {
        let list = list.trim();
        let name = list
            .strip_prefix('(')
            .and_then(|l| l.strip_suffix(')'))
            .and_then(|l| l.trim().strip_suffix("or []"))
            .unwrap_or(list)
            .trim();
        let (q, f) = reference(name).filter(|_| is_name(name))?;
        if f.kind() != FieldType::MultiChoice {
            return None;
        }
        return Some((vec![rule(spec, &q, f, "=", constant.trim())?], "all"));
    }
    for (word, operator, behavior) in [(" not in ", "!=", "all"), (" in ", "=", "any")] {
        let Some((lhs, rhs)) = rest.split_once(word) else {
            continue;
        };
        let (lhs, rhs) = (lhs.trim(), rhs.trim());
        let list = rhs.strip_prefix('[')?.strip_suffix(']')?;
        if !is_name(lhs) {
            return None;
        }
        let (q, f) = reference(lhs)?;
        let rules = split_top(list, ",")
            .iter()
            .filter(|v| !v.is_empty())
            .map(|v| rule(spec, &q, f, operator, v))
            .collect::<Option<Vec<_>>>()?;
        if rules.is_empty() {
            return None;
        }
        return Some((rules, behavior));
    }
    for op in ["==", "!=", ">=", "<=", ">", "<"] {
        let Some((lhs, rhs)) = rest.split_once(op) else {
            continue;
        };
        let (lhs, rhs) = (lhs.trim(), rhs.trim());
        if !is_name(lhs) || rhs.contains(['=', '<', '>']) {
            return None;
        }
        let (q, f) = reference(lhs)?;
        let operator = if op == "==" { "=" } else { op };
        return Some((vec![rule(spec, &q, f, operator, rhs)?], "all"));
    }
    None
}

/// `question operator constant` as one rule, typed by the field.
fn rule(spec: &Worksheet, q: &str, f: &Field, operator: &str, constant: &str) -> Option<Json> {
    let text = constant
        .strip_prefix('\'')
        .and_then(|r| r.strip_suffix('\''))
        .or_else(|| constant.strip_prefix('"').and_then(|r| r.strip_suffix('"')));
    let answer = match (f.kind(), text) {
        (FieldType::Choice | FieldType::MultiChoice, Some(v)) => {
            let options = option_codings(spec, f, q);
            if options.is_empty() {
                // Options drawn from earlier answers: the response holds the value as a string.
                json!({ "answerString": v })
            } else {
                let (_, coding, _) = options.into_iter().find(|(value, _, _)| value == v)?;
                json!({ "answerCoding": coding })
            }
        }
        (FieldType::Text | FieldType::LongText, Some(v)) => json!({ "answerString": v }),
        (FieldType::YesNo, None) if constant == "true" || constant == "false" => {
            json!({ "answerBoolean": constant == "true" })
        }
        (FieldType::Integer | FieldType::Scale, None) => {
            json!({ "answerInteger": constant.parse::<i64>().ok()? })
        }
        (FieldType::Decimal, None) => json!({ "answerDecimal": constant.parse::<f64>().ok()? }),
        _ => return None,
    };
    let mut rule = json!({ "question": q, "operator": operator });
    if let (Json::Object(r), Json::Object(a)) = (&mut rule, answer) {
        r.extend(a);
    }
    Some(rule)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(id: &str) -> crate::spec::LoadedWorksheet {
        let r = crate::spec::resources::Resources::built_in().unwrap();
        let text = crate::assets::get(crate::assets::WORKSHEETS, &format!("{id}.toml")).unwrap();
        crate::spec::parse_worksheet(&format!("{id}.toml"), text, &r).unwrap()
    }

    #[test]
    fn one_comparison_is_one_rule() {
        let spec = &sheet("external-score").spec;
        let rules = enable_when(spec, spec.section("scores"), "item.rater == 'self'").unwrap();
        assert_eq!(rules.rules.len(), 1);
        assert_eq!(rules.rules[0]["operator"], "=");
        assert_eq!(rules.behavior, None);
    }

    #[test]
    fn in_a_list_is_any_of_equal_and_not_in_is_all_of_unequal() {
        let spec = &sheet("termination").spec;
        let any = enable_when(spec, None, "after.maintenance in ['monthly', 'other']").unwrap();
        assert_eq!(any.behavior, Some("any"));
        assert_eq!(any.rules.len(), 2);
        assert_eq!(any.rules[1]["answerCoding"]["code"], "other");
        let spec = &sheet("inventory").spec;
        let all = enable_when(spec, None, "about.form not in ['short', 'together']").unwrap();
        assert_eq!(all.behavior, Some("all"));
        assert!(all.rules.iter().all(|r| r["operator"] == "!="));
    }

    #[test]
    fn and_joins_all_and_a_mix_of_and_with_or_is_left_out() {
        let spec = &sheet("inventory").spec;
        let people = spec.section("people");
        let joined = "about.form not in ['short', 'together'] and item.contact != 'died'";
        let all = enable_when(spec, people, joined).unwrap();
        assert_eq!((all.rules.len(), all.behavior), (3, Some("all")));
        let mixed = "about.form == 'short' or about.form == 'together' and item.contact != 'died'";
        assert_eq!(enable_when(spec, people, mixed), None);
        let any_in_all = "about.form in ['short', 'together'] and item.contact != 'died'";
        assert_eq!(enable_when(spec, people, any_in_all), None);
    }

    #[test]
    fn an_unknown_option_or_a_quoted_separator_is_not_guessed() {
        let spec = &sheet("termination").spec;
        assert_eq!(
            enable_when(spec, None, "after.maintenance == 'weekly-ish'"),
            None
        );
        assert_eq!(split_top("a == 'x or y' or b", " or ").len(), 2);
    }

    #[test]
    fn a_bare_list_is_true_when_anything_is_ticked_but_a_bare_number_is_not_guessed() {
        let spec = &sheet("plan").spec;
        let rules = enable_when(spec, None, "measures.which").unwrap();
        assert_eq!(rules.rules[0]["operator"], "exists");
        let spec = &sheet("phq9").spec;
        assert_eq!(enable_when(spec, None, "score.total"), None);
    }

    #[test]
    fn a_ticked_option_of_a_multiple_choice_is_an_equal_rule() {
        let spec = &sheet("communication").spec;
        let rules = enable_when(spec, None, "'other' in (after.problems or [])").unwrap();
        assert_eq!(rules.rules[0]["operator"], "=");
        assert_eq!(rules.rules[0]["answerCoding"]["code"], "other");
    }
}
