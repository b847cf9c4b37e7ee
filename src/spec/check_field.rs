//! Checks of one field: keys that fit its type, ranges, choices, rules, expressions, defaults.
//!
//! Owns: the field-level half of `check`. A default is judged by `answers::value`, exactly like
//! an answer.

use std::collections::BTreeSet;
use std::ops::Range;

use regex::Regex;
use toml::Spanned;

use super::check::{Ctx, RESERVED, check_expr, is_id};
use super::references::Scope;
use super::{Field, FieldType, Section};
use crate::answers::value::{self, Input};

pub(super) fn check_field(cx: &mut Ctx<'_>, section: &Section, field: &Field, scope: &Scope<'_>) {
    let name = format!("{}.{}", section.id(), field.id());
    let kind = field.kind();
    if !is_id(field.id(), '_') || RESERVED.contains(&field.id()) {
        cx.err(
            Some(field.id.span()),
            format!("field id `{}` is not a valid id", field.id()),
            "use lowercase letters, digits and `_`, starting with a letter",
        );
    }
    // A missing or misspelt `type` was reported; the keys that depend on it cannot be judged.
    let typed = !cx.placeholder(&field.kind.span());
    if typed {
        not_applicable(cx, field, &name);
    }
    if kind == FieldType::Computed {
        match &field.expr {
            Some(expr) => check_expr(cx, expr, "expr", scope),
            None => cx.err(
                Some(field.kind.span()),
                format!("computed field `{name}` has no `expr`"),
                "say how it is computed, e.g. expr = \"people | length\"",
            ),
        }
        return;
    }
    if typed {
        check_range(cx, field, &name);
    }
    check_choices(cx, field, &name, scope);
    for expr_key in [
        ("when", &field.when),
        ("default_expr", &field.default_expr),
        ("help_expr", &field.help_expr),
    ] {
        if let (key, Some(expr)) = expr_key {
            check_expr(cx, expr, key, scope);
        }
    }
    let with_value = Scope {
        value: true,
        ..*scope
    };
    if let Some(safety) = &field.safety {
        check_expr(cx, safety, "safety", &with_value);
    }
    if let (Some(block), None) = (&field.safety_block, &field.safety) {
        cx.err(
            Some(block.span()),
            format!("`{name}` has `safety_block` but no `safety` trigger"),
            "add the trigger, e.g. safety = \"value\", or remove `safety_block`",
        );
    }
    check_rules(cx, field, &name, &with_value, typed);
    if let (Some(d), Some(_)) = (&field.default, &field.default_expr) {
        cx.err(
            Some(d.span()),
            format!("`{name}` has both `default` and `default_expr`"),
            "keep one of them",
        );
    }
    if let (true, Some(default)) = (typed, &field.default) {
        let choices = value::fixed_options(field);
        let checked = value::convert(field, Input::Toml(default.get_ref()), choices.as_deref())
            .and_then(|v| match v {
                Some(v) => value::static_rules(field, &v),
                None => Ok(()),
            });
        if let Err(message) = checked {
            cx.err(
                Some(default.span()),
                format!("the default of `{name}` fails its own rules: {message}"),
                "change the default or the rule",
            );
        }
    }
    if let Some(lines) = &field.print.lines
        && !(0..=40).contains(lines.get_ref())
    {
        cx.err(Some(lines.span()), "print.lines must be from 0 to 40", "");
    }
}

/// Keys that make no sense for the field's type are errors, so a mistake never goes unnoticed.
fn not_applicable(cx: &mut Ctx<'_>, field: &Field, name: &str) {
    let kind = field.kind();
    let computed = kind == FieldType::Computed;
    let mut bad: Vec<(&str, Range<usize>)> = Vec::new();
    let mut flag = |key: &'static str, span: Option<Range<usize>>, applies: bool| {
        if let (Some(span), false) = (span, applies) {
            bad.push((key, span));
        }
    };
    flag(
        "min",
        field.min.as_ref().map(Spanned::span),
        kind.has_range(),
    );
    flag(
        "max",
        field.max.as_ref().map(Spanned::span),
        kind.has_range(),
    );
    flag(
        "anchors",
        field.anchors.first().map(|a| a.value.span()),
        kind == FieldType::Scale,
    );
    flag(
        "choices",
        field.choices.as_ref().map(Spanned::span),
        kind.has_choices(),
    );
    flag(
        "allow_other",
        field.allow_other.as_ref().map(Spanned::span),
        kind.has_choices(),
    );
    flag(
        "choices_from",
        field.choices_from.as_ref().map(Spanned::span),
        kind.has_choices(),
    );
    flag("expr", field.expr.as_ref().map(Spanned::span), computed);
    flag(
        "default",
        field.default.as_ref().map(Spanned::span),
        !computed,
    );
    flag(
        "default_expr",
        field.default_expr.as_ref().map(Spanned::span),
        !computed,
    );
    flag(
        "safety",
        field.safety.as_ref().map(Spanned::span),
        !computed,
    );
    flag("rules", field.rules.first().map(Spanned::span), !computed);
    flag(
        "help_expr",
        field.help_expr.as_ref().map(Spanned::span),
        !computed,
    );
    flag(
        "help",
        field.help.as_ref().map(|_| field.id.span()),
        !computed,
    );
    flag(
        "example",
        field.example.as_ref().map(|_| field.id.span()),
        !computed,
    );
    flag(
        "safety_block",
        field.safety_block.as_ref().map(Spanned::span),
        !computed,
    );
    for (key, span) in bad {
        cx.err(Some(span), format!("`{key}` does not apply to `{name}`, {} field", kind.a_name()), "remove it, or change the field's type (docs/worksheet-format.md lists which keys apply to which type)");
    }
    if computed && field.required {
        cx.err(
            Some(field.kind.span()),
            format!("computed field `{name}` cannot be required"),
            "remove `required`",
        );
    }
}

fn check_range(cx: &mut Ctx<'_>, field: &Field, name: &str) {
    let kind = field.kind();
    if !kind.has_range() {
        return;
    }
    let read = |cx: &mut Ctx<'_>, bound: &Option<Spanned<toml::Value>>, key: &str| -> Option<f64> {
        let b = bound.as_ref()?;
        let n = value::range_number(kind, b.get_ref());
        if n.is_none() {
            let want = match kind {
                FieldType::Date => "a date like 2027-01-11 (no quotes)",
                FieldType::Decimal => "a number",
                _ => "a whole number",
            };
            cx.err(
                Some(b.span()),
                format!("`{key}` of `{name}` must be {want}"),
                "",
            );
        }
        n
    };
    let min = read(cx, &field.min, "min");
    let max = read(cx, &field.max, "max");
    if let (Some(lo), Some(hi)) = (min, max)
        && lo > hi
    {
        cx.err(
            field.min.as_ref().map(Spanned::span),
            format!("`{name}` has min greater than max"),
            "swap them: min is the lowest allowed answer",
        );
    }
    if kind == FieldType::Scale {
        if field.min.is_none() || field.max.is_none() {
            cx.err(
                Some(field.kind.span()),
                format!("scale `{name}` needs `min` and `max`"),
                "for example min = 0 and max = 10",
            );
        }
        if let (Some(lo), Some(hi)) = (min, max) {
            if hi - lo > 100.0 {
                cx.err(
                    field.max.as_ref().map(Spanned::span),
                    format!("scale `{name}` has more than 101 points"),
                    "use an integer field for wide ranges",
                );
            }
            for anchor in &field.anchors {
                let v = *anchor.value.get_ref() as f64;
                if v < lo || v > hi {
                    cx.err(
                        Some(anchor.value.span()),
                        format!(
                            "anchor {} of `{name}` is outside the scale {lo}–{hi}",
                            anchor.value.get_ref()
                        ),
                        "",
                    );
                }
            }
        }
    }
}

fn check_choices(cx: &mut Ctx<'_>, field: &Field, name: &str, scope: &Scope<'_>) {
    if !field.kind().has_choices() {
        return;
    }
    if let Some(c) = &field.choices
        && field.codes.is_empty()
        && !cx.coded
        && c.get_ref().iter().any(|o| o.code().is_some())
    {
        cx.err(
            Some(c.span()),
            format!("`{name}` gives its options codes, but not the terminology they are from"),
            "add a code to the field or the worksheet, whose `system` the options' codes share: codes = [{ system = \"http://loinc.org\", code = \"…\" }]",
        );
    }
    match (&field.choices, &field.choices_from) {
        (None, None) => cx.err(
            Some(field.kind.span()),
            format!(
                "`{name}` is {} field without choices",
                field.kind().a_name()
            ),
            "add `choices = [...]`, or `choices_from` to draw them from earlier answers",
        ),
        (Some(c), Some(_)) => cx.err(
            Some(c.span()),
            format!("`{name}` has both `choices` and `choices_from`"),
            "keep one of them",
        ),
        (Some(c), None) if c.get_ref().is_empty() => cx.err(
            Some(c.span()),
            format!("`{name}` has an empty list of choices"),
            "add at least two options",
        ),
        (Some(c), None) => {
            let mut seen = BTreeSet::new();
            for choice in c.get_ref() {
                if !seen.insert(choice.value()) {
                    cx.err(
                        Some(c.span()),
                        format!("`{name}` lists the choice `{}` twice", choice.value()),
                        "every choice needs its own value",
                    );
                }
            }
        }
        (None, Some(from)) => check_expr(cx, from, "choices_from", scope),
    }
}

fn check_rules(cx: &mut Ctx<'_>, field: &Field, name: &str, scope: &Scope<'_>, typed: bool) {
    let kind = field.kind();
    let text = matches!(kind, FieldType::Text | FieldType::LongText);
    let items = matches!(kind, FieldType::MultiChoice | FieldType::List);
    for rule in &field.rules {
        let span = rule.span();
        let r = rule.get_ref();
        let checks: Vec<(&str, bool)> = [
            ("min_length", r.min_length.is_some(), text),
            ("max_length", r.max_length.is_some(), text),
            ("pattern", r.pattern.is_some(), kind == FieldType::Text),
            ("min_items", r.min_items.is_some(), items),
            ("max_items", r.max_items.is_some(), items),
            ("check", r.check.is_some(), true),
        ]
        .into_iter()
        .filter(|(_, present, _)| *present)
        .map(|(key, _, applies)| (key, applies))
        .collect();
        if checks.len() != 1 {
            cx.err(Some(span.clone()), format!("a rule of `{name}` must have exactly one check, it has {}", checks.len()), "checks are min_length, max_length, pattern, min_items, max_items, check; give each its own { …, message = \"…\" }");
        }
        for (key, applies) in &checks {
            if typed && !applies {
                cx.err(
                    Some(span.clone()),
                    format!(
                        "rule `{key}` does not apply to `{name}`, {} field",
                        kind.a_name()
                    ),
                    "",
                );
            }
        }
        if typed {
            never_runs(cx, field, name, r, span.clone());
        }
        for n in [r.min_length, r.max_length, r.min_items, r.max_items]
            .into_iter()
            .flatten()
        {
            if n < 0 {
                cx.err(
                    Some(span.clone()),
                    format!("a rule of `{name}` has a negative bound"),
                    "",
                );
            }
        }
        if let Some(p) = &r.pattern
            && let Err(e) = Regex::new(p)
        {
            let detail = e.to_string();
            let last = detail
                .lines()
                .last()
                .unwrap_or("invalid pattern")
                .trim()
                .to_string();
            cx.err(Some(span.clone()), format!("the pattern of `{name}` is not a valid regular expression: {last}"), "patterns use Rust regex syntax; write them in single quotes so backslashes stay literal");
        }
        if let Some(check) = &r.check {
            check_expr(
                cx,
                &Spanned::new(span.clone(), check.clone()),
                "check",
                scope,
            );
        }
    }
    let bound = |f: fn(&super::Rule) -> Option<i64>| {
        field.rules.iter().filter_map(|r| f(r.get_ref())).next()
    };
    for (lo, hi, what) in [
        (bound(|r| r.min_length), bound(|r| r.max_length), "length"),
        (bound(|r| r.min_items), bound(|r| r.max_items), "items"),
    ] {
        if let (Some(lo), Some(hi)) = (lo, hi)
            && lo > hi
        {
            cx.err(
                field.rules.first().map(Spanned::span),
                format!("`{name}` has min_{what} greater than max_{what}"),
                "",
            );
        }
    }
}

/// Rules check answers, and an empty answer is no answer (docs/worksheet-format.md, "Rules and
/// unanswered questions"): a rule that only an empty answer could fail never fails, and one
/// that every answer fails makes the question unanswerable.
fn never_runs(cx: &mut Ctx<'_>, field: &Field, name: &str, r: &super::Rule, span: Range<usize>) {
    let options = (field.choices_from.is_none() && !field.allows_other())
        .then(|| field.fixed_choices().len() as i64)
        .filter(|n| *n > 0);
    let at_least_one = "an empty answer counts as unanswered, and rules check only answers; to make an answer necessary, write `required = true`";
    if let Some(n) = r.min_length.filter(|n| *n <= 1) {
        cx.warn(
            span.clone(),
            format!("the rule min_length = {n} of `{name}` can never fail"),
            at_least_one,
        );
    }
    if let Some(n) = r.min_items.filter(|n| *n <= 1) {
        cx.warn(
            span.clone(),
            format!("the rule min_items = {n} of `{name}` can never fail"),
            at_least_one,
        );
    }
    if let (Some(n), Some(count)) = (r.min_items, options)
        && n > count
    {
        cx.warn(span.clone(), format!("the rule min_items = {n} of `{name}` can never pass: there are only {count} options"), "lower min_items or add options");
    }
    if let (Some(n), Some(count)) = (r.max_items, options)
        && n >= count
    {
        cx.warn(span.clone(), format!("the rule max_items = {n} of `{name}` can never fail: there are only {count} options"), "remove the rule, or lower max_items");
    }
    if r.max_length == Some(0) || r.max_items == Some(0) {
        cx.warn(
            span,
            format!("a rule of `{name}` allows no answer at all"),
            "a bound of 0 refuses every answer; raise it or remove the rule",
        );
    }
}
