//! Semantic checks of a parsed worksheet: everything serde cannot see.
//!
//! Owns: id syntax and uniqueness, keys that do not apply to a field's type, ranges, choices,
//! rules, regular expressions, expressions (compile, and reference only known, earlier fields),
//! defaults that fail their own rules. Reports all problems. Uses `answers::value` for defaults so
//! a default is judged exactly like an answer.

use std::collections::BTreeSet;
use std::ops::Range;

use regex::Regex;
use toml::Spanned;

use super::diagnostic::{Diagnostic, did_you_mean};
use super::resources::Resources;
use super::{Field, FieldType, Section, Worksheet};
use crate::answers::value::{self, Input};
use crate::jinja::Exprs;

const PHASES: &[&str] = &["initial", "middle", "termination", "any"];
const RESERVED: &[&str] = &["item", "index", "value", "loop", "none", "true", "false"];
const GLOBALS: &[&str] = &["range", "dict", "namespace", "debug"];

struct Ctx<'a> {
    file: &'a str,
    text: &'a str,
    out: Vec<Diagnostic>,
    exprs: Exprs,
    /// Names of used worksheets' answers (`uses`), visible everywhere.
    uses: Vec<String>,
}

impl Ctx<'_> {
    fn err(
        &mut self,
        span: Option<Range<usize>>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        let hint = hint.into();
        let d = Diagnostic::at(self.file, self.text, span, message);
        self.out
            .push(if hint.is_empty() { d } else { d.hint(hint) });
    }
}

/// All semantic problems of `spec`, in file order.
pub fn check(file: &str, text: &str, spec: &Worksheet, resources: &Resources) -> Vec<Diagnostic> {
    let mut cx = Ctx {
        file,
        text,
        out: Vec::new(),
        exprs: Exprs::new(),
        uses: spec
            .uses
            .iter()
            .map(|u| Worksheet::use_name(u.get_ref()))
            .collect(),
    };
    top_level(&mut cx, spec, resources);
    let mut seen: Vec<&Section> = Vec::new();
    for section in &spec.sections {
        if let Some(prev) = seen.iter().find(|s| s.id() == section.id()) {
            let line = super::Position::of(text, prev.id.span().start).line;
            cx.err(
                Some(section.id.span()),
                format!("duplicate section id `{}`", section.id()),
                format!("the first one is on line {line}; every section needs its own id"),
            );
        }
        check_section(&mut cx, section, &seen);
        seen.push(section);
    }
    cx.out
}

fn top_level(cx: &mut Ctx<'_>, spec: &Worksheet, resources: &Resources) {
    if *spec.format.get_ref() != 1 {
        cx.err(
            Some(spec.format.span()),
            format!("format {} is not supported", spec.format.get_ref()),
            "this version of ipt reads `format = 1`",
        );
    }
    let id = spec.id.get_ref();
    if !is_id(id, '-') {
        cx.err(
            Some(spec.id.span()),
            format!("worksheet id `{id}` is not a valid id"),
            "use lowercase letters, digits and `-`, starting with a letter, e.g. `my-checkin`",
        );
    }
    for phase in &spec.phases {
        if !PHASES.contains(&phase.get_ref().as_str()) {
            cx.err(
                Some(phase.span()),
                format!("unknown phase `{}`", phase.get_ref()),
                format!("phases are {}", PHASES.join(", ")),
            );
        }
    }
    let areas: Vec<&str> = resources
        .problem_areas
        .iter()
        .map(|a| a.id.as_str())
        .chain(["all"])
        .collect();
    for area in &spec.problem_areas {
        if !areas.contains(&area.get_ref().as_str()) {
            let hint = match did_you_mean(area.get_ref(), areas.iter().copied()) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!(
                    "problem areas are {} (from resources/problem-areas.toml)",
                    areas.join(", ")
                ),
            };
            cx.err(
                Some(area.span()),
                format!("unknown problem area `{}`", area.get_ref()),
                hint,
            );
        }
    }
    for used in &spec.uses {
        let u = used.get_ref();
        if !is_id(u, '-') || u == id {
            cx.err(Some(used.span()), format!("`uses` names `{u}`, which is not another worksheet's id"), "name the id of a worksheet whose saved answers this one reads, e.g. uses = [\"inventory\"]");
        } else if spec
            .sections
            .iter()
            .any(|s| s.id() == Worksheet::use_name(u))
        {
            cx.err(
                Some(used.span()),
                format!("`uses` names `{u}`, which is also a section id here"),
                "rename the section",
            );
        }
    }
    if spec.sections.is_empty() {
        cx.err(
            None,
            "the worksheet has no sections",
            "add at least one [[section]] with a [[section.field]]",
        );
    }
}

fn check_section(cx: &mut Ctx<'_>, section: &Section, earlier: &[&Section]) {
    let id = section.id();
    if !is_id(id, '_') || RESERVED.contains(&id) {
        cx.err(Some(section.id.span()), format!("section id `{id}` is not a valid id"), "use lowercase letters, digits and `_`, starting with a letter; `item`, `index` and `value` are reserved");
    }
    if let Some(when) = &section.when {
        check_expr(
            cx,
            when,
            "when",
            &Scope {
                earlier,
                section: None,
                position: 0,
                value: false,
            },
        );
    }
    if let Some(repeat) = &section.repeat {
        if let (Some(min), Some(max)) = (&repeat.min, &repeat.max)
            && min.get_ref() > max.get_ref()
        {
            cx.err(
                Some(min.span()),
                format!(
                    "repeat min ({}) is greater than max ({})",
                    min.get_ref(),
                    max.get_ref()
                ),
                "min is the fewest entries, max the most",
            );
        }
        for bound in [&repeat.min, &repeat.max].into_iter().flatten() {
            if *bound.get_ref() < 0 || *bound.get_ref() > 1000 {
                cx.err(
                    Some(bound.span()),
                    "repeat bounds must be from 0 to 1000",
                    "",
                );
            }
        }
        if let Some(max) = &repeat.max
            && *max.get_ref() == 0
        {
            cx.err(Some(max.span()), "repeat max must be at least 1", "");
        }
        if let Some(label) = &repeat.label {
            let scope = Scope {
                earlier,
                section: Some(section),
                position: section.fields.len(),
                value: false,
            };
            match cx.exprs.template_references(label.get_ref()) {
                Ok(refs) => check_refs(cx, label.span(), "label", &refs, &scope),
                Err(e) => cx.err(
                    Some(label.span()),
                    format!("repeat label does not compile: {e}"),
                    "a label is a template, e.g. \"{{ item.name }} — {{ item.role }}\"",
                ),
            }
        }
    }
    if let Some(circle) = &section.print.circle {
        let hint = circle.get_ref();
        let name_ok = section
            .field(&hint.name)
            .is_some_and(|f| matches!(f.kind(), FieldType::Text | FieldType::Choice));
        let ring_ok = section
            .field(&hint.ring)
            .is_some_and(|f| f.kind() == FieldType::Scale);
        if section.repeat.is_none() {
            cx.err(
                Some(circle.span()),
                format!("print.circle needs a repeat group, and `{id}` is not one"),
                "draw the people of a repeat group, one entry per person",
            );
        }
        if !name_ok {
            cx.err(
                Some(circle.span()),
                format!(
                    "print.circle name `{}` is not a text or choice field of `{id}`",
                    hint.name
                ),
                "name the field that holds each person's name",
            );
        }
        if !ring_ok {
            cx.err(
                Some(circle.span()),
                format!(
                    "print.circle ring `{}` is not a scale field of `{id}`",
                    hint.ring
                ),
                "name a scale field such as ring (min = 1 innermost, max = the outer ring)",
            );
        }
    }
    if let Some(entries) = &section.print.entries
        && !(1..=20).contains(entries.get_ref())
    {
        cx.err(
            Some(entries.span()),
            "print.entries must be from 1 to 20",
            "",
        );
    }
    if section.fields.is_empty() {
        cx.err(
            Some(section.id.span()),
            format!("section `{id}` has no fields"),
            "add at least one [[section.field]] after this [[section]]",
        );
    }
    for (i, field) in section.fields.iter().enumerate() {
        if section.fields[..i].iter().any(|f| f.id() == field.id()) {
            cx.err(
                Some(field.id.span()),
                format!("duplicate field id `{id}.{}`", field.id()),
                "every field in a section needs its own id",
            );
        }
        let scope = Scope {
            earlier,
            section: Some(section),
            position: i,
            value: false,
        };
        check_field(cx, section, field, &scope);
    }
}

/// What an expression at a given place may refer to.
struct Scope<'a> {
    earlier: &'a [&'a Section],
    /// The section the expression sits in, with the fields before `position` visible.
    section: Option<&'a Section>,
    position: usize,
    /// Whether `value` (the answer being checked) is visible.
    value: bool,
}

fn check_field(cx: &mut Ctx<'_>, section: &Section, field: &Field, scope: &Scope<'_>) {
    let name = format!("{}.{}", section.id(), field.id());
    let kind = field.kind();
    if !is_id(field.id(), '_') || RESERVED.contains(&field.id()) {
        cx.err(
            Some(field.id.span()),
            format!("field id `{}` is not a valid id", field.id()),
            "use lowercase letters, digits and `_`, starting with a letter",
        );
    }
    not_applicable(cx, field, &name);
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
    check_range(cx, field, &name);
    check_choices(cx, field, &name, scope);
    for expr_key in [("when", &field.when), ("default_expr", &field.default_expr)] {
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
    check_rules(cx, field, &name, &with_value);
    if let (Some(d), Some(_)) = (&field.default, &field.default_expr) {
        cx.err(
            Some(d.span()),
            format!("`{name}` has both `default` and `default_expr`"),
            "keep one of them",
        );
    }
    if let Some(default) = &field.default {
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
    for (key, span) in bad {
        cx.err(Some(span), format!("`{key}` does not apply to `{name}`, a {} field", kind.name()), "remove it, or change the field's type (docs/worksheet-format.md lists which keys apply to which type)");
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
    match (&field.choices, &field.choices_from) {
        (None, None) => cx.err(
            Some(field.kind.span()),
            format!(
                "`{name}` is a {} field without choices",
                field.kind().name()
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

fn check_rules(cx: &mut Ctx<'_>, field: &Field, name: &str, scope: &Scope<'_>) {
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
            if !applies {
                cx.err(
                    Some(span.clone()),
                    format!(
                        "rule `{key}` does not apply to `{name}`, a {} field",
                        kind.name()
                    ),
                    "",
                );
            }
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

fn check_expr(cx: &mut Ctx<'_>, expr: &Spanned<String>, key: &str, scope: &Scope<'_>) {
    match cx.exprs.references(expr.get_ref()) {
        Ok(refs) => check_refs(cx, expr.span(), key, &refs, scope),
        Err(e) => cx.err(
            Some(expr.span()),
            format!("`{key}` does not compile: {e}"),
            "expressions use minijinja (Jinja2) syntax without {{ }}, e.g. \"about.mood >= 5\"",
        ),
    }
}

fn check_refs(
    cx: &mut Ctx<'_>,
    span: Range<usize>,
    key: &str,
    refs: &BTreeSet<String>,
    scope: &Scope<'_>,
) {
    for r in refs {
        if cx
            .uses
            .iter()
            .any(|u| r.split('.').next() == Some(u.as_str()))
        {
            continue;
        }
        if let Err((message, hint)) = resolve(r, scope) {
            cx.err(Some(span.clone()), format!("`{key}` {message}"), hint);
        }
    }
}

/// Whether a dotted reference names something visible from `scope`.
fn resolve(reference: &str, scope: &Scope<'_>) -> Result<(), (String, String)> {
    let mut parts = reference.split('.');
    let root = parts.next().unwrap_or_default();
    let field = parts.next();
    let repeat = scope.section.filter(|s| s.repeat.is_some());
    let visible_here = |s: &Section| -> Vec<String> {
        s.fields[..scope.position.min(s.fields.len())]
            .iter()
            .map(|f| f.id().to_string())
            .collect()
    };
    match root {
        "value" if scope.value => return Ok(()),
        "value" => {
            return Err((
                "uses `value`, which only exists in `rules` and `safety`".into(),
                "refer to the field by its full id, e.g. about.mood".into(),
            ));
        }
        "index" if repeat.is_some() => return Ok(()),
        "item" => {
            let Some(section) = repeat else {
                return Err((
                    "uses `item`, which only exists inside a repeat group".into(),
                    "refer to the field by its full id, e.g. about.name".into(),
                ));
            };
            return match field {
                None => Ok(()),
                Some(f) if visible_here(section).iter().any(|v| v == f) => Ok(()),
                Some(f) => Err(later_or_unknown(section, f, &format!("item.{f}"))),
            };
        }
        g if GLOBALS.contains(&g) => return Ok(()),
        _ => {}
    }
    if let Some(current) = scope.section
        && current.id() == root
    {
        if current.repeat.is_some() {
            return Err((
                format!("refers to its own repeat group `{root}`"),
                format!(
                    "inside the group use `item.{}` for the current entry",
                    field.unwrap_or("field")
                ),
            ));
        }
        return match field {
            Some(f) if visible_here(current).iter().any(|v| v == f) => Ok(()),
            Some(f) => Err(later_or_unknown(current, f, reference)),
            None => Err((
                format!("refers to its own section `{root}` as a whole"),
                "refer to an earlier field, e.g. section.field".into(),
            )),
        };
    }
    let Some(section) = scope.earlier.iter().find(|s| s.id() == root) else {
        let names: Vec<&str> = scope.earlier.iter().map(|s| s.id()).collect();
        let hint = match did_you_mean(root, names.iter().copied()) {
            Some(s) => format!("did you mean `{s}`?"),
            None if names.is_empty() => "nothing is answered before this point".to_string(),
            None => format!("earlier sections are: {}", names.join(", ")),
        };
        return Err((
            format!("refers to `{reference}`, which is not an earlier section or field"),
            hint,
        ));
    };
    match field {
        None => Ok(()),
        Some(f) if section.repeat.is_some() && f.parse::<usize>().is_ok() => Ok(()),
        Some(f) if section.field(f).is_some() => {
            if section.repeat.is_some() {
                Err((
                    format!("refers to `{reference}`, but `{root}` is a repeat group (a list)"),
                    format!("use e.g. `{root} | map(attribute='{f}') | list`"),
                ))
            } else {
                Ok(())
            }
        }
        Some(f) => {
            let hint = did_you_mean(f, section.fields.iter().map(|x| x.id())).map_or_else(
                || {
                    format!(
                        "fields of `{root}`: {}",
                        section
                            .fields
                            .iter()
                            .map(|x| x.id())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                },
                |s| format!("did you mean `{root}.{s}`?"),
            );
            Err((
                format!("refers to `{reference}`, which is not a field of section `{root}`"),
                hint,
            ))
        }
    }
}

fn later_or_unknown(section: &Section, field: &str, shown: &str) -> (String, String) {
    if section.field(field).is_some() {
        (
            format!("refers to `{shown}`, which is asked later"),
            "an expression can only use answers given before it; move the field or the expression"
                .into(),
        )
    } else {
        let hint = did_you_mean(field, section.fields.iter().map(|x| x.id())).map_or_else(
            || "check the field id".to_string(),
            |s| format!("did you mean `{s}`?"),
        );
        (
            format!("refers to `{shown}`, which is not a field of this section"),
            hint,
        )
    }
}

fn is_id(id: &str, sep: char) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == sep)
        && id.len() <= 64
}
