//! Renderers: a finished [`Document`] in, bytes out. One `match` over [`Format`].
//!
//! Owns: the choice of renderer. Renderers see only the document model and the template loader
//! handed to them; they never read worksheets, answers or disk themselves.

pub mod markdown;

use crate::document::Document;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Markdown (CommonMark with GitHub task lists).
    Md,
    /// PDF (not available yet).
    Pdf,
}

impl Format {
    /// The format a file name implies, if any.
    pub fn from_path(path: &std::path::Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "md" | "markdown" => Some(Format::Md),
            "pdf" => Some(Format::Pdf),
            _ => None,
        }
    }
}

/// Why rendering failed.
#[derive(Debug)]
pub enum RenderError {
    /// A template failed to load, compile or render.
    Template(crate::jinja::TemplateError),
    /// This format cannot be produced by this build.
    Unsupported(Format),
}

/// Renders `doc`. `templates` looks up Markdown templates by name.
pub fn render(
    doc: &Document,
    format: Format,
    templates: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
) -> Result<Vec<u8>, RenderError> {
    match format {
        Format::Md => markdown::render(doc, templates)
            .map(String::into_bytes)
            .map_err(RenderError::Template),
        Format::Pdf => Err(RenderError::Unsupported(Format::Pdf)),
    }
}
