//! The helpers `ipt` adds to expressions and templates for answers that may be missing:
//!
//! - filter `answered`: the items of a list that are answered (not none, not blank text, not an
//!   empty list): `[phq.q1, phq.q2] | answered | sum` adds up what is answered;
//! - test `answered`: `about.name is answered`;
//! - filter `mean`: the average of a list of numbers, none for an empty list:
//!   `[a.x, a.y] | answered | mean`.
//!
//! Owns: these functions. Must not know about worksheets.

use minijinja::value::{Value, ValueKind};
use minijinja::{Environment, Error, ErrorKind};

/// Registers the helpers.
pub(super) fn add(env: &mut Environment<'_>) {
    env.add_filter("answered", answered_items);
    env.add_test("answered", |v: &Value| is_answered(v));
    env.add_filter("mean", mean);
}

/// Whether a value counts as an answer: none, blank text and empty lists do not.
pub(super) fn is_answered(v: &Value) -> bool {
    match v.kind() {
        ValueKind::Undefined | ValueKind::None => false,
        ValueKind::String => v.as_str().is_some_and(|s| !s.trim().is_empty()),
        ValueKind::Seq | ValueKind::Map | ValueKind::Iterable => v.len().is_none_or(|n| n > 0),
        _ => true,
    }
}

fn answered_items(v: &Value) -> Result<Value, Error> {
    if v.is_undefined() {
        return Err(Error::new(
            ErrorKind::UndefinedError,
            "`answered` was given an undefined value",
        ));
    }
    if v.is_none() {
        return Ok(Value::from(Vec::<Value>::new()));
    }
    if v.kind() != ValueKind::Seq && v.kind() != ValueKind::Iterable {
        return Err(Error::new(
            ErrorKind::InvalidOperation,
            "`answered` takes a list, e.g. [a.x, a.y] | answered",
        ));
    }
    let kept: Vec<Value> = v.try_iter()?.filter(is_answered).collect();
    Ok(Value::from(kept))
}

fn mean(v: &Value) -> Result<Value, Error> {
    if v.kind() != ValueKind::Seq && v.kind() != ValueKind::Iterable {
        return Err(Error::new(
            ErrorKind::InvalidOperation,
            "`mean` takes a list of numbers, e.g. [a.x, a.y] | answered | mean",
        ));
    }
    let mut sum = 0.0;
    let mut n = 0usize;
    for item in v.try_iter()? {
        let x = f64::try_from(item.clone())
            .ok()
            .filter(|_| item.kind() == ValueKind::Number);
        let Some(x) = x else {
            return Err(Error::new(
                ErrorKind::InvalidOperation,
                "`mean` takes numbers only; drop unanswered ones first with `answered`",
            ));
        };
        sum += x;
        n += 1;
    }
    Ok(if n == 0 {
        Value::from(())
    } else {
        Value::from(sum / n as f64)
    })
}
