//! `ipt validate --templates DIR`: every template in the template folders compiled, read for
//! unknown filters and tests and for includes outside the folders, then used to render sample
//! documents (every worksheet blank, and filled with typed sample answers, and a pack), so that
//! a misspelt name shows up before anyone renders anything.
//!
//! Owns: naming the template files in problems (`spec::catalog` lists them). Must not render by itself
//! (that is `render`'s) nor write anything.

use std::collections::{BTreeMap, BTreeSet};

use crate::answers::{self, Mode, RawAnswers, RawEntry, RawInput, RawSection, RawValue};
use crate::document::{self, Document};
use crate::jinja::{Data, TemplateError};
use crate::render::markdown;
use crate::spec::catalog::{Catalog, confined, templates_in};
use crate::spec::deep::{Library, sample_answers};
use crate::spec::{Diagnostic, FieldType, LoadedWorksheet, Position, Worksheet};

/// What the templates showed.
pub struct Found {
    pub problems: Vec<Diagnostic>,
    /// How many template files were checked.
    pub files: usize,
}

pub fn check(catalog: &Catalog, lib: &Library<'_>, passed: &mut String) -> Found {
    let mut problems = Vec::new();
    let mut ok = Vec::new();
    let mut files = 0;
    for dir in catalog.template_dirs() {
        for (name, path) in templates_in(dir) {
            files += 1;
            let shown = path.display().to_string();
            if confined(dir, &name).is_none() {
                problems.push(Diagnostic {
                    file: shown,
                    position: None,
                    message:
                        "this is a link to a file outside the template folder; it is never read"
                            .into(),
                    hint: Some("copy the template into the folder instead of linking to it".into()),
                    warning: false,
                });
                continue;
            }
            let Ok(source) = crate::input::read_text(&path) else {
                continue;
            };
            let found = markdown::check_template(&name, &source, catalog.template_loader());
            if found.is_empty() {
                ok.push(shown);
            }
            problems.extend(found.into_iter().map(|e| located(catalog, e)));
        }
    }
    if problems.is_empty() {
        problems.extend(render_samples(catalog, lib));
    }
    for shown in ok {
        if !problems.iter().any(|d| d.file == shown) {
            passed.push_str(&format!("ok: {shown} (template)\n"));
        }
    }
    Found { problems, files }
}

/// A template problem as a diagnostic naming the file it is in.
fn located(catalog: &Catalog, e: TemplateError) -> Diagnostic {
    let file = catalog
        .template_dirs()
        .iter()
        .find_map(|d| confined(d, &e.template))
        .map_or_else(
            || format!("built-in:templates/{}", e.template),
            |p| p.display().to_string(),
        );
    Diagnostic {
        file,
        position: e.line.map(|line| Position { line, column: 1 }),
        message: e.message,
        hint: Some(e.hint.unwrap_or_else(|| "templates/README.md says what a template receives; `ipt templates export DIR` copies the built-in ones to start from".into())),
        warning: false,
    }
}

/// Every worksheet blank and filled with sample answers, and a pack, through the templates.
fn render_samples(catalog: &Catalog, lib: &Library<'_>) -> Vec<Diagnostic> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    let mut docs: Vec<Document> = Vec::new();
    let mut fail = |e: TemplateError, out: &mut Vec<Diagnostic>| {
        if seen.insert((e.template.clone(), e.line, e.message.clone())) {
            out.push(located(catalog, e));
        }
    };
    let sheets: Vec<LoadedWorksheet> = catalog
        .entries()
        .into_iter()
        .filter(|e| !e.shadowed)
        .filter_map(|e| e.result.ok())
        .collect();
    for sheet in &sheets {
        let blank = document::build(sheet, None, &catalog.resources);
        let mut used: BTreeMap<String, Data> = catalog.resources.expression_globals();
        used.insert("case".into(), Data::Null);
        let raw = raw_answers(&sheet.spec, &sample_answers(&sheet.spec, lib));
        let mode = Mode::SUGGEST;
        let filled = answers::check_with(&sheet.spec, &raw, mode, &used)
            .ok()
            .map(|checked| document::build(sheet, Some(&checked), &catalog.resources));
        for doc in std::iter::once(blank).chain(filled) {
            if let Err(e) = markdown::render(&doc, catalog.template_loader()) {
                fail(e, &mut out);
            }
            if docs.len() < 2 {
                docs.push(doc);
            }
        }
    }
    let pack = document::pack::Pack {
        title: "Sample pack".into(),
        language: "en".into(),
        cover: Some(vec!["A line of the cover".into()]),
        contents: Some(document::pack::Contents {
            title: "Contents".into(),
            page: "Page".into(),
        }),
        duplex: false,
        documents: docs,
    };
    if let Err(e) = markdown::render_pack(&pack, catalog.template_loader()) {
        fail(e, &mut out);
    }
    out
}

/// Sample answers (as expressions see them) as raw answers, computed values left out.
fn raw_answers(spec: &Worksheet, data: &Data) -> RawAnswers {
    let mut raw = RawAnswers::default();
    let value = |d: &Data| -> Option<RawValue> {
        Some(RawValue {
            input: RawInput::Toml(answers::data_to_toml(d)?),
            origin: answers::Origin::Flag("sample".into()),
        })
    };
    let entry = |section: &crate::spec::Section, d: &Data| RawEntry {
        values: section
            .fields
            .iter()
            .filter(|f| f.kind() != FieldType::Computed)
            .filter_map(|f| match d {
                Data::Map(m) => Some((f.id().to_string(), value(m.get(f.id())?)?)),
                _ => None,
            })
            .collect(),
        origin: None,
    };
    let Data::Map(sections) = data else {
        return raw;
    };
    for section in &spec.sections {
        let Some(d) = sections.get(section.id()) else {
            continue;
        };
        let s = match d {
            Data::List(items) => {
                RawSection::Repeat(items.iter().map(|i| entry(section, i)).collect())
            }
            other => RawSection::Single(entry(section, other)),
        };
        raw.sections.insert(section.id().to_string(), s);
    }
    raw
}
