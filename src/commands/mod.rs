//! One file per command: thin glue that runs the pipeline stages in order.
//!
//! Owns: sequencing only. Must not parse, validate, render or write by itself, and must not use
//! dialoguer, minijinja or printpdf.

pub mod case;
pub mod fill;
pub mod interview;
pub mod list;
pub mod pack;
pub mod plan;
pub mod render;
pub mod session;
pub mod show;
pub mod skeleton;
pub mod status;
pub mod used;
pub mod validate;

use std::path::Path;

use crate::answers::Checked;
use crate::answers::file::{self, AnswersFile};
use crate::document;
use crate::output;
use crate::render::render;
use crate::report::{self, Exit, Failure};
use crate::request::OutputRequest;
use crate::spec::{Catalog, LoadedWorksheet};

/// Document → renderer → output: the end of every pipeline.
pub fn deliver(
    catalog: &Catalog,
    sheet: &LoadedWorksheet,
    checked: Option<&Checked>,
    out: &OutputRequest,
) -> Result<(), Failure> {
    write_document(
        catalog,
        &document::build(sheet, checked, &catalog.resources),
        out,
    )
}

/// Renderer → output for a finished document; renderer warnings go to stderr.
pub fn write_document(
    catalog: &Catalog,
    doc: &document::Document,
    out: &OutputRequest,
) -> Result<(), Failure> {
    let bytes = render_document(catalog, doc, out)?;
    output::write(&out.target, &bytes, out.force)?;
    Ok(())
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

/// Renderer → output for a pack of documents.
pub fn write_pack(
    catalog: &Catalog,
    pack: &crate::document::pack::Pack,
    out: &OutputRequest,
) -> Result<(), Failure> {
    let rendered =
        crate::render::render_pack(pack, out.format, catalog.template_loader(), &out.options)?;
    for warning in &rendered.warnings {
        report::warn(&warning.to_string());
    }
    output::write(&out.target, &rendered.bytes, out.force)?;
    Ok(())
}

/// The answers given without asking: the answers file (if any, and if it belongs to this
/// worksheet), then `--set` and answer flags on top.
pub fn given_answers(
    sheet: &LoadedWorksheet,
    file: Option<&Path>,
    sets: &[crate::answers::set::SetArg],
) -> Result<crate::answers::RawAnswers, Failure> {
    let mut raw = crate::answers::RawAnswers::default();
    if let Some(path) = file {
        let file = read_answers(path)?;
        match_worksheet(path, &file, sheet)?;
        raw = file.answers;
    }
    crate::answers::set::apply(&sheet.spec, &mut raw, sets).map_err(|p| Failure::answers(&p))?;
    Ok(raw)
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
    file::parse(&path.display().to_string(), &text).map_err(|p| Failure::answers(&p))
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
