//! Renderers: a finished [`Document`] in, bytes out. One `match` over [`Format`]; `text` (the
//! terminal's plain text) and `chart` (a chart's geometry, for PDF and SVG alike) serve them.
//!
//! Owns: the choice of renderer, the options about this run that are not in the document (paper,
//! type size, extra fonts, client, date) and the warnings renderers hand back. Renderers see only
//! the document model, these options and the template loader handed to them; they never read
//! worksheets, answers or disk themselves.

pub mod chart;
pub mod markdown;
pub mod pdf;
pub mod svg;
pub mod text;

use std::fmt;

use crate::document::Document;
use crate::document::pack::Pack;

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Markdown (CommonMark with GitHub task lists).
    Md,
    /// PDF: a printable handout (A4 or US Letter).
    Pdf,
    /// JSON: the checked answers with labels, computed values and scores, for analysis in
    /// other tools (answers only: not a blank handout, plan table or packet).
    Json,
    /// SVG: the document's charts as an image (`ipt progress`).
    Svg,
}

impl Format {
    /// The format a file name implies, if any.
    pub fn from_path(path: &std::path::Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "md" | "markdown" => Some(Format::Md),
            "pdf" => Some(Format::Pdf),
            "json" => Some(Format::Json),
            "svg" => Some(Format::Svg),
            _ => None,
        }
    }
}

/// Paper sizes for PDF.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Paper {
    /// A4, 210 × 297 mm.
    #[default]
    A4,
    /// US Letter, 8.5 × 11 in.
    Letter,
}

impl Paper {
    /// The name in settings files and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Paper::A4 => "a4",
            Paper::Letter => "letter",
        }
    }

    /// Width and height in points.
    pub fn size(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.276, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }

    /// A paper from a settings file's `paper` (any case), or what to say about it.
    pub fn from_setting(text: &str) -> Result<Paper, String> {
        match text.to_ascii_lowercase().as_str() {
            "a4" => Ok(Paper::A4),
            "letter" => Ok(Paper::Letter),
            _ => Err(format!(
                "paper must be \"a4\" or \"letter\", not \"{text}\""
            )),
        }
    }
}

/// The side margins of a printed page in points (20 mm), which the SVG's column matches.
pub const SIDE_MARGIN: f32 = 56.7;

/// The body type size in points: the default and the bounds `--font-size` accepts.
pub const FONT_SIZE: f32 = 11.0;
pub const FONT_SIZE_RANGE: std::ops::RangeInclusive<f32> = 8.0..=24.0;

/// What a settings file (`case.toml`, `config.toml`) is told when its `font_size` is out of bounds.
pub fn font_size_bounds() -> String {
    format!(
        "font_size must be from {} to {} points",
        FONT_SIZE_RANGE.start(),
        FONT_SIZE_RANGE.end()
    )
}

/// A font file given with `--font`, read by the caller.
#[derive(Clone, PartialEq)]
pub struct FontFile {
    /// How to name it in messages (its path).
    pub name: String,
    pub bytes: Vec<u8>,
}

impl fmt::Debug for FontFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FontFile({}, {} bytes)", self.name, self.bytes.len())
    }
}

/// Facts about this run that the document does not hold. Markdown ignores them.
#[derive(Clone, PartialEq)]
pub struct RenderOptions {
    pub paper: Paper,
    /// Body text size in points.
    pub font_size: f32,
    /// Fallback fonts, tried in order for characters DejaVu Sans does not have.
    pub fonts: Vec<FontFile>,
    /// The client's name or initials for the header. Health information: never logged.
    pub client: Option<String>,
    /// The practice or clinician, for the header.
    pub practice: Option<String>,
    /// The date of the document, in seconds since 1970 (`SOURCE_DATE_EPOCH` when set).
    pub epoch: i64,
}

impl Default for RenderOptions {
    fn default() -> RenderOptions {
        RenderOptions {
            paper: Paper::A4,
            font_size: FONT_SIZE,
            fonts: Vec::new(),
            client: None,
            practice: None,
            epoch: 0,
        }
    }
}

impl fmt::Debug for RenderOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RenderOptions")
            .field("paper", &self.paper)
            .field("font_size", &self.font_size)
            .field("fonts", &self.fonts)
            .field("client", &self.client.as_ref().map(|_| "(given)"))
            .field("epoch", &self.epoch)
            .finish()
    }
}

/// Something the reader should know about the output; it was still written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RenderWarning {
    /// No font has this character: a placeholder box was printed instead. `places` name where
    /// it occurs (questions first), never the text around it.
    MissingGlyph { ch: char, places: Vec<String> },
}

impl fmt::Display for RenderWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RenderWarning::MissingGlyph { ch, places } => {
                let mut sorted: Vec<&String> = places.iter().collect();
                sorted.sort_by_key(|p| !p.starts_with("question"));
                let shown: Vec<&str> = sorted.iter().take(3).map(|p| p.as_str()).collect();
                let more = match places.len().saturating_sub(3) {
                    0 => String::new(),
                    n => format!(" and {n} more"),
                };
                write!(
                    f,
                    "no font has the character U+{:04X} ({}), in {}{more}; a placeholder box is printed instead (add a font that has it with --font PATH)",
                    *ch as u32,
                    ch.escape_debug(),
                    shown.join(", ")
                )
            }
        }
    }
}

/// The rendered bytes and any warnings.
#[derive(Debug)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub warnings: Vec<RenderWarning>,
}

/// Why rendering failed.
#[derive(Debug)]
pub enum RenderError {
    /// A template failed to load, compile or render.
    Template(crate::jinja::TemplateError),
    /// A `--font` file cannot be used.
    Font { name: String, reason: String },
    /// The PDF could not be assembled.
    Pdf(String),
    /// JSON is made from answers, not from a printed document.
    NotAnswers,
    /// SVG was asked for a document without a chart.
    NoChart,
}

/// Renders `doc`. `templates` looks up Markdown templates by name.
pub fn render(
    doc: &Document,
    format: Format,
    templates: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
    options: &RenderOptions,
) -> Result<Rendered, RenderError> {
    match format {
        Format::Md => markdown::render(doc, templates)
            .map(|text| Rendered {
                bytes: text.into_bytes(),
                warnings: Vec::new(),
            })
            .map_err(RenderError::Template),
        Format::Pdf => {
            pdf::render(doc, options).map(|(bytes, warnings)| Rendered { bytes, warnings })
        }
        Format::Json => Err(RenderError::NotAnswers),
        Format::Svg => svg::render(doc, options).map(|text| Rendered {
            bytes: text.into_bytes(),
            warnings: Vec::new(),
        }),
    }
}

/// Renders several documents as one output (a session packet, a course pack).
pub fn render_pack(
    pack: &Pack,
    format: Format,
    templates: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
    options: &RenderOptions,
) -> Result<Rendered, RenderError> {
    match format {
        Format::Md => markdown::render_pack(pack, templates)
            .map(|text| Rendered {
                bytes: text.into_bytes(),
                warnings: Vec::new(),
            })
            .map_err(RenderError::Template),
        Format::Pdf => {
            pdf::render_pack(pack, options).map(|(bytes, warnings)| Rendered { bytes, warnings })
        }
        Format::Json => Err(RenderError::NotAnswers),
        Format::Svg => svg::render_all(&pack.documents, options).map(|text| Rendered {
            bytes: text.into_bytes(),
            warnings: Vec::new(),
        }),
    }
}
