//! One file per command: thin glue that runs the pipeline stages in order.
//!
//! Owns: sequencing only. Must not parse, validate, render or write by itself, and must not use
//! dialoguer, minijinja or printpdf.

mod answers_worksheet;
pub mod case;
pub mod completions;
pub mod config;
pub mod export;
pub mod fill;
pub mod interview;
pub mod list;
pub mod pack;
pub mod plan;
pub mod progress;
pub mod render;
pub mod schema;
pub mod session;
pub mod show;
pub mod skeleton;
pub mod status;
pub mod templates;
pub mod used;
pub mod validate;
mod validate_templates;

use std::path::Path;

use crate::answers::Checked;
use crate::answers::file::{self, AnswersFile};
use crate::document;
use crate::output;
use crate::render::render;
use crate::report::{self, Exit, Failure};
use crate::request::OutputRequest;
use crate::spec::{Catalog, LoadedWorksheet};

/// Document → renderer → output: the end of every pipeline (JSON is written from the answers).
pub fn deliver(
    catalog: &Catalog,
    sheet: &LoadedWorksheet,
    checked: Option<&Checked>,
    out: &OutputRequest,
) -> Result<(), Failure> {
    if out.format == crate::render::Format::Json
        && let Some(checked) = checked
    {
        let text = crate::export::json::answers(sheet, checked, None, &catalog.resources);
        output::write(&out.target, text.as_bytes(), out.force)?;
        return Ok(());
    }
    write_document(
        catalog,
        &document::build(sheet, checked, &catalog.resources),
        out,
    )
}

/// Renderer → output for a finished document; renderer warnings go to stderr. Markdown with
/// charts written to a file gets each chart as an SVG file beside it ([`chart_images`]).
pub fn write_document(
    catalog: &Catalog,
    doc: &document::Document,
    out: &OutputRequest,
) -> Result<(), Failure> {
    let mut doc = doc.clone();
    let images = chart_images(std::slice::from_mut(&mut doc), out);
    let bytes = render_bytes(catalog, &doc, out.format, &out.options)?;
    write_with(out, bytes, images)
}

/// Renderer only: the document's bytes; renderer warnings go to stderr.
pub fn render_document(
    catalog: &Catalog,
    doc: &document::Document,
    out: &OutputRequest,
) -> Result<Vec<u8>, Failure> {
    render_bytes(catalog, doc, out.format, &out.options)
}

/// The document's bytes in `format`; renderer warnings go to stderr (or to the batch's capture).
pub fn render_bytes(
    catalog: &Catalog,
    doc: &document::Document,
    format: crate::render::Format,
    options: &crate::render::RenderOptions,
) -> Result<Vec<u8>, Failure> {
    let rendered = render(doc, format, catalog.template_loader(), options)?;
    for warning in &rendered.warnings {
        report::warn(&warning.to_string());
    }
    Ok(rendered.bytes)
}

/// Renderer → output for a pack of documents (chart images as for [`write_document`]).
pub fn write_pack(
    catalog: &Catalog,
    pack: &crate::document::pack::Pack,
    out: &OutputRequest,
) -> Result<(), Failure> {
    let mut pack = pack.clone();
    let images = chart_images(&mut pack.documents, out);
    let rendered =
        crate::render::render_pack(&pack, out.format, catalog.template_loader(), &out.options)?;
    for warning in &rendered.warnings {
        report::warn(&warning.to_string());
    }
    write_with(out, rendered.bytes, images)
}

/// The output, with any chart images beside it: all checked first, written all or none.
fn write_with(
    out: &OutputRequest,
    bytes: Vec<u8>,
    images: Vec<(std::path::PathBuf, Vec<u8>)>,
) -> Result<(), Failure> {
    match (out.file(), images.is_empty()) {
        (Some(path), false) => {
            let main = output::Target::File(path.to_path_buf());
            let targets: Vec<(output::Target, &[u8])> = images
                .iter()
                .map(|(p, b)| (output::Target::File(p.clone()), b.as_slice()))
                .collect();
            let mut files: Vec<(&output::Target, &[u8])> = vec![(&main, bytes.as_slice())];
            files.extend(targets.iter().map(|(t, b)| (t, *b)));
            output::write_all(&files, out.force)?;
        }
        _ => output::write(&out.target, &bytes, out.force)?,
    }
    Ok(())
}

/// For Markdown written to a file: each chart of the documents as an SVG file beside it, named
/// after the file and the chart (`progress.md` → `progress-phq9.svg`), and linked from the
/// chart (`image`). Nothing for other formats or standard output.
fn chart_images(
    docs: &mut [document::Document],
    out: &OutputRequest,
) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let Some(path) = out
        .file()
        .filter(|_| out.format == crate::render::Format::Md)
    else {
        return Vec::new();
    };
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut images: Vec<(std::path::PathBuf, Vec<u8>)> = Vec::new();
    for chart in docs
        .iter_mut()
        .flat_map(|d| d.sections.iter_mut())
        .filter_map(|s| s.chart.as_mut())
    {
        let id: String = chart
            .id
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
        let mut name = format!("{stem}-{id}.svg");
        let mut n = 2;
        while images
            .iter()
            .any(|(p, _)| p.file_name() == Some(name.as_ref()))
        {
            name = format!("{stem}-{id}-{n}.svg");
            n += 1;
        }
        chart.image = Some(link(&name));
        images.push((
            dir.join(&name),
            crate::render::svg::chart(chart, &out.options).into_bytes(),
        ));
    }
    images
}

/// A file name as a relative link: every byte outside letters, digits, `.` and `-`
/// percent-encoded, so that spaces or brackets never break the Markdown.
fn link(name: &str) -> String {
    name.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'.' || b == b'-' {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// The answers given without asking: the answers file (if any, and if it belongs to this
/// worksheet), then `--set` and answer flags on top.
pub fn given_answers(
    sheet: &LoadedWorksheet,
    file: Option<&Path>,
    sets: &[crate::answers::set::SetArg],
) -> Result<crate::answers::RawAnswers, Failure> {
    let (raw, problems) = given_answers_and_problems(sheet, file, sets)?;
    if problems.is_empty() {
        Ok(raw)
    } else {
        Err(Failure::answers(&problems))
    }
}

/// [`given_answers`], with the `--set` arguments that could not be placed returned beside the
/// answers (the others applied), so that they are reported with what the gate finds.
pub fn given_answers_and_problems(
    sheet: &LoadedWorksheet,
    file: Option<&Path>,
    sets: &[crate::answers::set::SetArg],
) -> Result<(crate::answers::RawAnswers, Vec<crate::answers::Problem>), Failure> {
    let mut raw = crate::answers::RawAnswers::default();
    if let Some(path) = file {
        let file = read_answers(path)?;
        match_worksheet(path, &file, sheet)?;
        raw = file.answers;
    }
    let problems = crate::answers::set::apply(&sheet.spec, &mut raw, sets).err();
    Ok((raw, problems.unwrap_or_default()))
}

/// Reads and parses an answers file.
pub fn read_answers(path: &Path) -> Result<AnswersFile, Failure> {
    let text = crate::input::read_text(path).map_err(|e| {
        let f = Failure::new(
            Exit::Runtime,
            format!("cannot read the answers file {}: {e}", path.display()),
        );
        if matches!(&e, crate::input::ReadError::Io(e) if e.kind() == std::io::ErrorKind::NotFound)
        {
            f.hint("check the path; `ipt skeleton ID -o FILE` writes a new answers file to fill in")
        } else {
            f
        }
    })?;
    let name = path.display().to_string();
    if crate::answers::json::is_json(path) {
        // A FHIR QuestionnaireResponse written by `ipt export fhir-response` reads back too.
        match serde_json::from_str::<serde_json::Value>(&text) {
            Ok(json) if crate::export::fhir::is_response(&json) => {
                crate::export::fhir::read_response(&name, &json)
            }
            _ => crate::answers::json::parse(&name, &text),
        }
    } else {
        file::parse(&name, &text)
    }
    .map_err(|p| Failure::answers(&p))
}

/// Checks that answers belong to this worksheet, and warns when the worksheet changed since.
pub fn match_worksheet(
    path: &Path,
    answers: &AnswersFile,
    sheet: &LoadedWorksheet,
) -> Result<(), Failure> {
    if answers.meta.worksheet != sheet.id() {
        return Err(Failure::new(
            Exit::Answers,
            format!(
                "{} holds answers to worksheet `{}`, not `{}`",
                path.display(),
                answers.meta.worksheet,
                sheet.id()
            ),
        )
        .hint(format!(
            "use `ipt render {}` to render it with its own worksheet",
            path.display()
        )));
    }
    if let Some(digest) = &answers.meta.digest
        && digest != &sheet.digest
    {
        let version = answers.meta.version.as_deref().unwrap_or("?");
        report::warn(&format!(
            "worksheet `{}` has changed since these answers were saved (answers: version {version}, worksheet: version {}); answers that no longer fit are listed by question id",
            sheet.id(),
            sheet.spec.version
        ));
    }
    Ok(())
}
