//! One answer: its typed value, how typed text or a TOML value becomes one (`convert`), and the
//! rules that do not need other answers (`static_rules`).
//!
//! Owns: every per-field message a person reads when an answer does not fit. Messages never
//! quote the answer. Used by the answers gate and by `spec::check` (defaults obey the same rules).

use regex::Regex;

use super::date::Date;
use crate::jinja::Data;
use crate::spec::{Field, FieldType};

/// A typed answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Integer(i64),
    Decimal(f64),
    Bool(bool),
    Date(Date),
    /// The stored `value` of the chosen option.
    Choice(String),
    Choices(Vec<String>),
    List(Vec<String>),
    /// The result of a `computed` field; never stored.
    Computed(Data),
}

/// Where an answer's raw form comes from.
#[derive(Debug, Clone, Copy)]
pub enum Input<'a> {
    /// A value read from a TOML answers file (or a default in a worksheet).
    Toml(&'a toml::Value),
    /// Text typed at a prompt or given with `--set`.
    Text(&'a str),
}

/// One option of a choice field, fixed or drawn from earlier answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opt {
    pub value: String,
    pub label: String,
    /// A line explaining the option, shown when it is offered.
    pub help: Option<String>,
}

/// The field's fixed options (None when they are drawn from earlier answers).
pub fn fixed_options(field: &Field) -> Option<Vec<Opt>> {
    field.choices.as_ref().map(|c| {
        c.get_ref()
            .iter()
            .map(|c| Opt {
                value: c.value().to_string(),
                label: c.label().to_string(),
                help: c.help().map(str::to_string),
            })
            .collect()
    })
}

impl Value {
    /// What expressions see.
    pub fn to_data(&self) -> Data {
        match self {
            Value::Text(s) | Value::Choice(s) => Data::Str(s.clone()),
            Value::Integer(i) => Data::Int(*i),
            Value::Decimal(f) => Data::Float(*f),
            Value::Bool(b) => Data::Bool(*b),
            Value::Date(d) => Data::Str(d.to_string()),
            Value::Choices(v) | Value::List(v) => {
                Data::List(v.iter().cloned().map(Data::Str).collect())
            }
            Value::Computed(d) => d.clone(),
        }
    }

    /// How it is written in an answers file (None for computed values).
    pub fn to_toml(&self) -> Option<toml::Value> {
        Some(match self {
            Value::Text(s) | Value::Choice(s) => toml::Value::String(s.clone()),
            Value::Integer(i) => toml::Value::Integer(*i),
            Value::Decimal(f) => toml::Value::Float(*f),
            Value::Bool(b) => toml::Value::Boolean(*b),
            Value::Date(d) => toml::Value::Datetime(d.to_toml()),
            Value::Choices(v) | Value::List(v) => {
                toml::Value::Array(v.iter().cloned().map(toml::Value::String).collect())
            }
            Value::Computed(_) => return None,
        })
    }
}

/// Turns raw input into a typed value. `Ok(None)` means "not answered" (e.g. empty text).
/// `options` are the current options of a choice field (None: not known yet, not checked).
pub fn convert(
    field: &Field,
    input: Input<'_>,
    options: Option<&[Opt]>,
) -> Result<Option<Value>, String> {
    use toml::Value as T;
    let kind = field.kind();
    let text: Option<String> = match input {
        Input::Text(s) => Some(s.to_string()),
        Input::Toml(T::String(s)) => Some(s.clone()),
        Input::Toml(T::Integer(i)) if matches!(kind, FieldType::Text | FieldType::LongText) => {
            Some(i.to_string())
        }
        Input::Toml(T::Float(f)) if matches!(kind, FieldType::Text | FieldType::LongText) => {
            Some(f.to_string())
        }
        _ => None,
    };
    if let Some(t) = &text
        && t.trim().is_empty()
        && kind != FieldType::Computed
    {
        return Ok(None);
    }
    match kind {
        FieldType::Text => match text {
            Some(t) => Ok(Some(Value::Text(
                t.split_whitespace().collect::<Vec<_>>().join(" "),
            ))),
            None => Err("Please write this as text (in quotes in an answers file).".into()),
        },
        FieldType::LongText => match text {
            Some(t) => Ok(Some(Value::Text(tidy_long_text(&t)))),
            None => Err("Please write this as text (in quotes in an answers file).".into()),
        },
        FieldType::Integer | FieldType::Scale => {
            let n = match (input, &text) {
                (Input::Toml(T::Integer(i)), _) => Some(*i),
                (Input::Toml(T::Float(f)), _) if f.fract() == 0.0 => Some(*f as i64),
                (_, Some(t)) => t.trim().parse::<i64>().ok(),
                _ => None,
            };
            n.map(|n| Some(Value::Integer(n)))
                .ok_or_else(|| range_text(field, "Please enter a whole number"))
        }
        FieldType::Decimal => {
            let n = match (input, &text) {
                (Input::Toml(T::Integer(i)), _) => Some(*i as f64),
                (Input::Toml(T::Float(f)), _) => Some(*f),
                (_, Some(t)) => t
                    .trim()
                    .replace(',', ".")
                    .parse::<f64>()
                    .ok()
                    .filter(|f| f.is_finite()),
                _ => None,
            };
            n.map(|n| Some(Value::Decimal(n)))
                .ok_or_else(|| range_text(field, "Please enter a number"))
        }
        FieldType::YesNo => {
            let b = match (input, &text) {
                (Input::Toml(T::Boolean(b)), _) => Some(*b),
                (_, Some(t)) => match t.trim().to_lowercase().as_str() {
                    "y" | "yes" | "true" | "1" => Some(true),
                    "n" | "no" | "false" | "0" => Some(false),
                    _ => None,
                },
                _ => None,
            };
            b.map(|b| Some(Value::Bool(b)))
                .ok_or_else(|| "Please answer yes or no.".to_string())
        }
        FieldType::Date => {
            let d = match (input, &text) {
                (Input::Toml(T::Datetime(dt)), _) => Date::from_toml(dt),
                (_, Some(t)) => Date::parse(t),
                _ => None,
            };
            d.map(|d| Some(Value::Date(d))).ok_or_else(|| {
                "Please give a date as YYYY-MM-DD, for example 2027-01-11.".to_string()
            })
        }
        FieldType::Choice => {
            let Some(t) = text else {
                return Err("Please choose one of the options.".into());
            };
            pick(&t, options, field.allows_other()).map(|v| Some(Value::Choice(v)))
        }
        FieldType::MultiChoice => {
            let items =
                items_of(input, &text, true).ok_or("Please give the chosen options as a list.")?;
            let mut values = Vec::new();
            for item in items {
                let v = pick(&item, options, field.allows_other())?;
                if !values.contains(&v) {
                    values.push(v);
                }
            }
            Ok((!values.is_empty()).then_some(Value::Choices(values)))
        }
        FieldType::List => {
            let items =
                items_of(input, &text, false).ok_or("Please give the items as a list of text.")?;
            let items: Vec<String> = items
                .iter()
                .map(|i| i.split_whitespace().collect::<Vec<_>>().join(" "))
                .filter(|i| !i.is_empty())
                .collect();
            Ok((!items.is_empty()).then_some(Value::List(items)))
        }
        FieldType::Computed => Err("This value is computed; it cannot be answered.".into()),
    }
}

/// Line ends normalised, trailing spaces and surrounding blank lines removed.
fn tidy_long_text(t: &str) -> String {
    let lines: Vec<&str> = t.lines().map(str::trim_end).collect();
    lines.join("\n").trim_matches('\n').to_string()
}

fn items_of(input: Input<'_>, text: &Option<String>, split_commas: bool) -> Option<Vec<String>> {
    match input {
        Input::Toml(toml::Value::Array(items)) => items
            .iter()
            .map(|i| match i {
                toml::Value::String(s) => Some(s.clone()),
                toml::Value::Integer(n) => Some(n.to_string()),
                _ => None,
            })
            .collect(),
        _ => text.as_ref().map(|t| {
            if split_commas {
                t.split(',')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect()
            } else {
                vec![t.clone()]
            }
        }),
    }
}

/// Matches typed text to an option: its value, or its label (ignoring case), or its number.
/// With `allow_other`, text matching no option is kept as typed.
fn pick(text: &str, options: Option<&[Opt]>, allow_other: bool) -> Result<String, String> {
    let t = text.trim();
    let Some(options) = options else {
        return Ok(t.to_string());
    };
    if let Some(o) = options.iter().find(|o| o.value == t) {
        return Ok(o.value.clone());
    }
    if let Some(o) = options
        .iter()
        .find(|o| o.label.eq_ignore_ascii_case(t) || o.value.eq_ignore_ascii_case(t))
    {
        return Ok(o.value.clone());
    }
    if allow_other {
        return Ok(t.split_whitespace().collect::<Vec<_>>().join(" "));
    }
    if options.is_empty() {
        return Err(
            "There is nothing to choose from yet: the options come from earlier answers.".into(),
        );
    }
    let listed: Vec<&str> = options.iter().take(12).map(|o| o.value.as_str()).collect();
    Err(format!("Please choose one of: {}.", listed.join(", ")))
}

fn range_text(field: &Field, base: &str) -> String {
    match (range_of(field), &field.range_message) {
        (_, Some(m)) => m.clone(),
        ((Some(lo), Some(hi)), None) => {
            format!("{base} from {} to {}.", show(field, lo), show(field, hi))
        }
        _ => format!("{base}."),
    }
}

fn show(field: &Field, n: f64) -> String {
    if field.kind() == FieldType::Date {
        return date_of_ordinal_text(field, n);
    }
    crate::jinja::format_float(n)
}

fn date_of_ordinal_text(field: &Field, n: f64) -> String {
    // Ranges of dates are shown as written in the worksheet.
    [&field.min, &field.max]
        .into_iter()
        .flatten()
        .find(|b| range_number(FieldType::Date, b.get_ref()) == Some(n))
        .map_or_else(String::new, |b| b.get_ref().to_string())
}

/// A range bound as a number (dates as day numbers). None if it has the wrong type.
pub fn range_number(kind: FieldType, v: &toml::Value) -> Option<f64> {
    match (kind, v) {
        (FieldType::Date, toml::Value::Datetime(dt)) => {
            Date::from_toml(dt).map(|d| d.ordinal() as f64)
        }
        (FieldType::Integer | FieldType::Scale, toml::Value::Integer(i)) => Some(*i as f64),
        (FieldType::Decimal, toml::Value::Integer(i)) => Some(*i as f64),
        (FieldType::Decimal, toml::Value::Float(f)) => Some(*f),
        _ => None,
    }
}

fn range_of(field: &Field) -> (Option<f64>, Option<f64>) {
    let b = |v: &Option<toml::Spanned<toml::Value>>| {
        v.as_ref()
            .and_then(|v| range_number(field.kind(), v.get_ref()))
    };
    (b(&field.min), b(&field.max))
}

/// The checks that need no other answers: range, lengths, pattern, item counts.
pub fn static_rules(field: &Field, value: &Value) -> Result<(), String> {
    let n = match value {
        Value::Integer(i) => Some(*i as f64),
        Value::Decimal(f) => Some(*f),
        Value::Date(d) => Some(d.ordinal() as f64),
        _ => None,
    };
    if let Some(n) = n {
        let (lo, hi) = range_of(field);
        if lo.is_some_and(|lo| n < lo) || hi.is_some_and(|hi| n > hi) {
            let base = match field.kind() {
                FieldType::Date => "Please give a date",
                FieldType::Decimal => "Please enter a number",
                _ => "Please enter a whole number",
            };
            return Err(range_text(field, base));
        }
    }
    for rule in &field.rules {
        let r = rule.get_ref();
        let fail = |default: String| Err(r.message.clone().unwrap_or(default));
        if let Value::Text(t) = value {
            let len = t.chars().count() as i64;
            if let Some(min) = r.min_length
                && len < min
            {
                return fail(format!("Please write at least {min} characters."));
            }
            if let Some(max) = r.max_length
                && len > max
            {
                return fail(format!("Please keep it to {max} characters or fewer."));
            }
            if let Some(p) = &r.pattern
                && let Ok(re) = Regex::new(&format!("^(?:{p})$"))
                && !re.is_match(t)
            {
                return fail("This does not have the expected form.".into());
            }
        }
        if let Value::Choices(items) | Value::List(items) = value {
            let len = items.len() as i64;
            if let Some(min) = r.min_items
                && len < min
            {
                return fail(format!("Please give at least {min}."));
            }
            if let Some(max) = r.max_items
                && len > max
            {
                return fail(format!("Please give at most {max}."));
            }
        }
    }
    Ok(())
}
