//! Type mismatches a reader can see: an answer compared with a fixed value that it can never
//! equal (`about.status == 'maried'` where no option is `maried`, a list compared with text, a
//! number with text, a yes/no answer with a word).
//!
//! Owns: judging one comparison against the field it reads. Finding the comparisons is
//! `jinja`'s job; resolving the field is `references`'.

use super::references::{Scope, field_at};
use super::{Field, FieldType};
use crate::jinja::{CompareKind, Comparison, Data};
use crate::suggest::did_you_mean;

/// What is wrong with a comparison, as (message, hint), if anything.
pub(super) fn judge(c: &Comparison, scope: &Scope<'_>) -> Option<(String, String)> {
    let field = field_at(&c.path, scope)?;
    if c.literal == Data::Null {
        return None;
    }
    let kind = field.kind();
    let shown = show(&c.literal);
    let what = format!("`{}` ({} field)", c.path, kind.a_name());
    let mismatch = |expected: &str, hint: &str| {
        Some((
            format!("compares {what} with {shown}, which is never equal to {expected}"),
            hint.to_string(),
        ))
    };
    match (kind, c.kind, &c.literal) {
        (FieldType::Computed, _, _) => None,
        (FieldType::Choice | FieldType::MultiChoice, CompareKind::Contains, Data::Str(s))
        | (FieldType::Choice, CompareKind::Equal, Data::Str(s)) => not_an_option(field, &what, s),
        (FieldType::MultiChoice | FieldType::List, CompareKind::Equal, Data::Str(_)) => mismatch(
            "a list",
            &format!(
                "to ask whether an item was given, write {shown} in {}",
                c.path
            ),
        ),
        (FieldType::Text | FieldType::LongText | FieldType::Choice, _, Data::Str(_)) => None,
        (FieldType::Text | FieldType::LongText | FieldType::Choice, CompareKind::Contains, _) => {
            None
        }
        (FieldType::Text | FieldType::LongText | FieldType::Choice, _, _) => {
            mismatch("text", "put the value in quotes")
        }
        (FieldType::Integer | FieldType::Decimal | FieldType::Scale, CompareKind::Contains, _) => {
            Some((
                format!("looks for {shown} in {what}, which is a number, not a list"),
                "compare numbers with ==, <, >, <= or >=".into(),
            ))
        }
        (
            FieldType::Integer | FieldType::Decimal | FieldType::Scale,
            _,
            Data::Int(_) | Data::Float(_),
        ) => None,
        (FieldType::Integer | FieldType::Decimal | FieldType::Scale, _, _) => mismatch(
            "a number",
            "write numbers without quotes, e.g. about.mood >= 5",
        ),
        (FieldType::YesNo, CompareKind::Equal, Data::Bool(_)) => None,
        (FieldType::YesNo, _, _) => mismatch(
            "true or false",
            &format!(
                "a yes/no answer is true or false: write `{0}` or `not {0}`",
                c.path
            ),
        ),
        (FieldType::Date, CompareKind::Contains, _) => None,
        (FieldType::Date, _, Data::Str(s)) if is_date(s) => None,
        (FieldType::Date, _, _) => mismatch(
            "a date",
            "dates are compared as text written YYYY-MM-DD, e.g. about.date >= '2027-01-11'",
        ),
        (FieldType::MultiChoice | FieldType::List, _, _) => None,
    }
}

/// A fixed value that is not among a choice's fixed options.
fn not_an_option(field: &Field, what: &str, value: &str) -> Option<(String, String)> {
    if field.choices_from.is_some() || field.allows_other() {
        return None;
    }
    let values: Vec<&str> = field.fixed_choices().iter().map(|c| c.value()).collect();
    if values.is_empty() || values.contains(&value) {
        return None;
    }
    let hint = match did_you_mean(value, values.iter().copied()) {
        Some(s) => format!("did you mean '{s}'?"),
        None => format!("its options are: {}", values.join(", ")),
    };
    Some((
        format!(
            "compares {what} with '{value}', which is not one of its options, so it is never true"
        ),
        hint,
    ))
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

fn show(d: &Data) -> String {
    match d {
        Data::Str(s) => format!("'{s}'"),
        Data::Bool(true) => "true".into(),
        Data::Bool(false) => "false".into(),
        other => other.to_text(),
    }
}
