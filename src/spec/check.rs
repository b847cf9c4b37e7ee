//! Semantic checks of a parsed worksheet: everything serde cannot see.
//!
//! Owns: id syntax and uniqueness, keys that do not apply to a field's type, ranges, choices,
//! rules, regular expressions, expressions (compile, and reference only known, earlier fields),
//! defaults that fail their own rules. Reports all problems. Uses `answers::value` for defaults so
//! a default is judged exactly like an answer.

use std::collections::BTreeSet;
use std::ops::Range;

use toml::Spanned;

use super::check_field::check_field;
use super::diagnostic::{Diagnostic, did_you_mean};
use super::references::{Scope, resolve};
use super::resources::Resources;
use super::{FieldType, Section, Worksheet};
use crate::jinja::Exprs;

const PHASES: &[&str] = &["initial", "middle", "termination", "any"];
pub(super) const RESERVED: &[&str] = &["item", "index", "value", "loop", "none", "true", "false"];

pub(super) struct Ctx<'a> {
    pub file: &'a str,
    /// Positions in the worksheet's text, found once.
    pub index: super::LineIndex<'a>,
    pub out: Vec<Diagnostic>,
    pub exprs: Exprs,
    /// Names of used worksheets' answers (`uses`), visible everywhere.
    pub uses: Vec<String>,
    /// The worksheet has codes of its own (their terminology serves options without one).
    pub coded: bool,
    /// The length of the text: spans past it are placeholders put in by `shape` for a value
    /// already reported.
    pub len: usize,
}

impl Ctx<'_> {
    /// A warning: the worksheet works, but something in it never has an effect.
    pub(super) fn warn(&mut self, span: Range<usize>, message: impl Into<String>, hint: &str) {
        let d = Diagnostic::at_index(self.file, &self.index, Some(span), message);
        self.out.push(d.hint(hint).warning());
    }

    /// Whether a span is a placeholder's (see `shape::placeholder_span`).
    pub(super) fn placeholder(&self, span: &Range<usize>) -> bool {
        span.start > self.len
    }

    pub(super) fn err(
        &mut self,
        span: Option<Range<usize>>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        if span.as_ref().is_some_and(|s| self.placeholder(s)) {
            return;
        }
        let hint = hint.into();
        let d = Diagnostic::at_index(self.file, &self.index, span, message);
        self.out
            .push(if hint.is_empty() { d } else { d.hint(hint) });
    }
}

/// All semantic problems of `spec`, in file order.
pub fn check(file: &str, text: &str, spec: &Worksheet, resources: &Resources) -> Vec<Diagnostic> {
    let mut cx = Ctx {
        file,
        index: super::LineIndex::new(text),
        out: Vec::new(),
        exprs: Exprs::new(),
        uses: spec
            .uses
            .iter()
            .map(|u| Worksheet::use_name(u.get_ref()))
            .collect(),
        coded: !spec.codes.is_empty(),
        len: text.len(),
    };
    top_level(&mut cx, spec, resources);
    let mut seen: Vec<&Section> = Vec::new();
    for section in &spec.sections {
        if let Some(prev) = seen.iter().find(|s| s.id() == section.id()) {
            let line = cx.index.position(prev.id.span().start).line;
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
    if let Some(lang) = &spec.language
        && !is_language_tag(lang.get_ref())
    {
        cx.err(
            Some(lang.span()),
            format!("`{}` is not a language tag", lang.get_ref()),
            "use a tag such as \"en\", \"en-GB\" or \"de\"",
        );
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
    if let Some(pages) = &spec.print.pages
        && !(1..=20).contains(pages.get_ref())
    {
        cx.err(Some(pages.span()), "print.pages must be from 1 to 20", "");
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
        match (&repeat.entries_from, &repeat.entries_field) {
            (Some(from), Some(field)) => {
                // Worked out before anything is answered: only other worksheets' answers and the
                // global data are there to see.
                let scope = Scope {
                    earlier: &[],
                    section: None,
                    position: 0,
                    value: false,
                };
                check_expr(cx, from, "entries_from", &scope);
                if section.field(field.get_ref()).is_none() {
                    cx.err(
                        Some(field.span()),
                        format!(
                            "entries_field `{}` is not a field of `{id}`",
                            field.get_ref()
                        ),
                        "name the field each entry is started with, e.g. \"goal\"",
                    );
                }
            }
            (Some(from), None) => cx.err(
                Some(from.span()),
                "entries_from needs entries_field: the field each entry is started with",
                "e.g. repeat = { entries_from = \"case.goals if case else []\", entries_field = \"goal\", … }",
            ),
            (None, Some(field)) => cx.err(
                Some(field.span()),
                "entries_field needs entries_from: the list to start the entries from",
                "",
            ),
            (None, None) => {}
        }
        if let Some(label) = &repeat.label {
            let scope = Scope {
                earlier,
                section: Some(section),
                position: section.fields.len(),
                value: false,
            };
            match cx.exprs.template_references(label.get_ref()) {
                Ok(refs) => {
                    // `labels.x` is `item.x` with choices by their labels.
                    let refs = refs
                        .into_iter()
                        .map(|r| {
                            r.strip_prefix("labels")
                                .map_or(r.clone(), |rest| format!("item{rest}"))
                        })
                        .collect();
                    check_refs(cx, label.span(), "label", &refs, &scope);
                    for f in cx.exprs.lint_template(label.get_ref()) {
                        cx.err(
                            Some(label.span()),
                            format!("`label`: {}", f.message),
                            f.hint,
                        );
                    }
                }
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
    if let Some(grid) = &section.print.grid
        && *grid.get_ref()
        && section.grid_runs().is_empty()
    {
        cx.err(
            Some(grid.span()),
            format!("print.grid: `{id}` has no two neighbouring single-choice fields with the same options"),
            "a grid prints questions that share one set of `choices` (such as a questionnaire's items) as rows of one table",
        );
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

pub(super) fn check_expr(cx: &mut Ctx<'_>, expr: &Spanned<String>, key: &str, scope: &Scope<'_>) {
    match cx.exprs.references(expr.get_ref()) {
        Ok(refs) => {
            check_refs(cx, expr.span(), key, &refs, scope);
            for f in cx.exprs.lint(expr.get_ref()) {
                cx.err(Some(expr.span()), format!("`{key}`: {}", f.message), f.hint);
            }
            for c in cx.exprs.comparisons(expr.get_ref()) {
                if let Some((message, hint)) = super::comparisons::judge(&c, scope) {
                    cx.err(Some(expr.span()), format!("`{key}` {message}"), hint);
                }
            }
        }
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

pub(super) fn is_id(id: &str, sep: char) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == sep)
        && id.len() <= 64
}

/// A BCP 47 language tag as documents use it: a language of 2 or 3 lowercase letters (ISO 639),
/// then subtags such as a region (`en`, `en-GB`, `de`); `english` is a name, not a tag.
pub fn is_language_tag(tag: &str) -> bool {
    tag.split('-').enumerate().all(|(i, part)| {
        if i == 0 {
            (2..=3).contains(&part.len()) && part.chars().all(|c| c.is_ascii_lowercase())
        } else {
            !part.is_empty() && part.len() <= 8 && part.chars().all(|c| c.is_ascii_alphanumeric())
        }
    })
}
