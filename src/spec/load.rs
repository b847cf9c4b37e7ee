//! Parsing one worksheet text into a checked [`Worksheet`].
//!
//! Owns: TOML syntax errors (all of them, via the recovering parser), unknown keys, type errors
//! from serde, then the semantic checks, all as [`Diagnostic`]s with positions. Takes text, not
//! paths: reading files is `catalog`'s job.

use serde::Deserialize;
use sha2::{Digest, Sha256};
use toml::de::DeTable;

use super::diagnostic::Diagnostic;
use super::resources::Resources;
use super::{Worksheet, check, shape};

/// A worksheet that passed every check, with the text it came from.
#[derive(Debug, Clone)]
pub struct LoadedWorksheet {
    pub spec: Worksheet,
    /// How the file is named in messages: a path, or `built-in:inventory.toml`.
    pub file: String,
    pub text: String,
    /// `sha256:…` of the text, stored in answers files to notice a changed worksheet.
    pub digest: String,
    /// What `validate` warns about (a rule that can never fail, say).
    pub warnings: Vec<Diagnostic>,
}

impl LoadedWorksheet {
    pub fn id(&self) -> &str {
        self.spec.id.get_ref()
    }

    /// The file it was read from, unless it is built in.
    pub fn disk_file(&self) -> Option<&std::path::Path> {
        (!self.file.starts_with(BUILT_IN)).then(|| std::path::Path::new(&self.file))
    }
}

/// How built-in files are named (`built-in:inventory.toml`).
pub const BUILT_IN: &str = "built-in:";

/// Parses and checks a worksheet; returns every problem found.
pub fn parse_worksheet(
    file: &str,
    text: &str,
    resources: &Resources,
) -> Result<LoadedWorksheet, Vec<Diagnostic>> {
    let (spec, problems) = parse_lenient(file, text, resources);
    match spec {
        Some(spec) if !problems.iter().any(|d| !d.warning) => Ok(LoadedWorksheet {
            spec,
            file: file.to_string(),
            text: text.to_string(),
            digest: digest(text),
            warnings: problems,
        }),
        _ => Err(problems),
    }
}

/// Parses and checks a worksheet, and returns it (repaired where its values were of the wrong
/// type or missing) with every problem found, so that `validate` can go on checking it. No
/// worksheet when the text is not TOML.
pub fn parse_lenient(
    file: &str,
    text: &str,
    resources: &Resources,
) -> (Option<Worksheet>, Vec<Diagnostic>) {
    let (mut root, syntax) = DeTable::parse_recoverable(text);
    let index = super::LineIndex::new(text);
    if !syntax.is_empty() {
        // What follows a syntax error is guesswork: report the syntax errors (and hidden
        // characters), and check the rest once the file reads.
        let mut problems: Vec<Diagnostic> = syntax
            .iter()
            .map(|e| toml_error_at(file, &index, e))
            .collect();
        problems.extend(super::hidden_characters(file, text));
        problems.sort_by_key(|d| d.position);
        return (None, problems);
    }
    // Every unknown key, wrong type and missing key at once; the tree is repaired so that the
    // semantic checks below still see everything else.
    let mut problems = shape::check_and_repair(file, text, &index, &mut root);
    problems.extend(super::hidden_characters(file, text));
    let spec = match Worksheet::deserialize(toml::de::Deserializer::from(root)) {
        Ok(spec) => spec,
        Err(e) => {
            problems.push(toml_error(file, text, &e));
            problems.sort_by_key(|d| d.position);
            return (None, problems);
        }
    };
    problems.extend(check::check(file, text, &spec, resources));
    problems.sort_by_key(|d| d.position);
    (Some(spec), problems)
}

/// The fingerprint of a worksheet text.
pub fn digest(text: &str) -> String {
    let hash = Sha256::digest(text.as_bytes());
    let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

/// A toml parse or type error as a diagnostic, with a hint for the common cases.
pub fn toml_error(file: &str, text: &str, e: &toml::de::Error) -> Diagnostic {
    toml_error_at(file, &super::LineIndex::new(text), e)
}

/// [`toml_error`] with positions from an index built once for many errors.
pub fn toml_error_at(file: &str, index: &super::LineIndex<'_>, e: &toml::de::Error) -> Diagnostic {
    let message = e.message().trim().trim_end_matches('.').to_string();
    let hint = if message.starts_with("unknown field") {
        Some("check the spelling of the key: the message lists the keys allowed here")
    } else if e.span().is_some()
        && !message.starts_with("missing field")
        && !message.contains("unknown variant")
        && !message.contains("invalid type")
    {
        Some(
            "this line is not valid TOML: check its quotes, brackets and `=` (docs/worksheet-format.md has a complete example)",
        )
    } else if message.starts_with("missing field") {
        Some(
            "every worksheet needs format, id, version, title and at least one [[section]]; every section id, title and [[section.field]]; every field id, type and prompt",
        )
    } else if message.contains("unknown variant") {
        Some("check the spelling; docs/worksheet-format.md lists every allowed value")
    } else if message.contains("invalid type") {
        Some("check the value's type: text needs quotes, numbers and true/false do not")
    } else {
        None
    };
    let d = Diagnostic::at_index(file, index, e.span(), message);
    match hint {
        Some(h) => d.hint(h),
        None => d,
    }
}
