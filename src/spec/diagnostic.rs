//! A problem found in a worksheet or data file, with its position and a hint.
//!
//! Owns: turning byte offsets into line:column, and the one-line display `file:line:col: message`.
//! Must not decide exit codes (that is `report`).

use std::fmt;
use std::ops::Range;

/// A 1-based line and column (columns count characters, not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl Position {
    /// The position of byte `offset` in `text`. Reads the whole text: for many positions in one
    /// text, build a [`LineIndex`] once.
    pub fn of(text: &str, offset: usize) -> Position {
        LineIndex::new(text).position(offset)
    }
}

/// Line starts and character counts of one text, built in one pass, so that each position is
/// found in logarithmic time (positions of every value of a large file stay linear overall).
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    /// Byte offset where each line starts.
    lines: Vec<usize>,
    /// Characters before byte `k * CHUNK`, for each k.
    chars: Vec<usize>,
}

const CHUNK: usize = 64;

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let bytes = text.as_bytes();
        let lines = std::iter::once(0)
            .chain(
                bytes
                    .iter()
                    .enumerate()
                    .filter(|(_, b)| **b == b'\n')
                    .map(|(i, _)| i + 1),
            )
            .collect();
        let mut chars = Vec::with_capacity(bytes.len() / CHUNK + 1);
        let mut count = 0;
        for chunk in bytes.chunks(CHUNK) {
            chars.push(count);
            count += chunk.iter().filter(|b| !is_continuation(**b)).count();
        }
        chars.push(count);
        LineIndex { text, lines, chars }
    }

    /// Characters before byte `offset`.
    fn chars_before(&self, offset: usize) -> usize {
        let k = offset / CHUNK;
        self.chars[k]
            + self.text.as_bytes()[k * CHUNK..offset]
                .iter()
                .filter(|b| !is_continuation(**b))
                .count()
    }

    /// The position of byte `offset` (clamped to the text; inside a character counts as it).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.lines.partition_point(|start| *start <= offset);
        let start = self.lines[line - 1];
        Position {
            line,
            column: self.chars_before(offset) - self.chars_before(start) + 1,
        }
    }
}

fn is_continuation(b: u8) -> bool {
    b & 0xC0 == 0x80
}

/// One problem in a definition file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file as the user named it (or `built-in:NAME`).
    pub file: String,
    pub position: Option<Position>,
    pub message: String,
    pub hint: Option<String>,
    /// A warning: worth fixing, but the file still works (`validate` prints it, exit 0).
    pub warning: bool,
}

impl Diagnostic {
    /// A problem at byte range `span` of `text`.
    pub fn at(
        file: &str,
        text: &str,
        span: Option<Range<usize>>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            file: file.to_string(),
            position: span.map(|s| Position::of(text, s.start)),
            message: message.into(),
            hint: None,
            warning: false,
        }
    }

    /// A problem at byte range `span` of the text `index` was built from.
    pub fn at_index(
        file: &str,
        index: &LineIndex<'_>,
        span: Option<Range<usize>>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            file: file.to_string(),
            position: span.map(|s| index.position(s.start)),
            message: message.into(),
            hint: None,
            warning: false,
        }
    }

    /// Makes it a warning.
    pub fn warning(mut self) -> Self {
        self.warning = true;
        self
    }

    /// Adds a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let warning = if self.warning { "warning: " } else { "" };
        match self.position {
            Some(p) => write!(
                f,
                "{}:{}:{}: {warning}{}",
                self.file, p.line, p.column, self.message
            )?,
            None => write!(f, "{}: {warning}{}", self.file, self.message)?,
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

pub use crate::suggest::did_you_mean;

/// A problem at a line and column of a small settings file (`case.toml`, `config.toml`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl Located {
    /// The problem `message` at byte `offset` of `text`.
    pub fn at(text: &str, offset: usize, message: String) -> Located {
        let p = Position::of(text, offset);
        Located {
            line: p.line,
            column: p.column,
            message,
        }
    }
}

/// Reads `text` as `T`; a syntax or type mistake is placed at its line and column.
pub fn read_toml<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, Located> {
    toml::from_str(text).map_err(|e: toml::de::Error| {
        Located::at(
            text,
            e.span().map_or(0, |s| s.start),
            e.message().trim().to_string(),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters_from_one() {
        let text = "a = 1\nzoë = 2\n";
        assert_eq!(Position::of(text, 0), Position { line: 1, column: 1 });
        let offset = text.find("= 2").unwrap();
        assert_eq!(Position::of(text, offset), Position { line: 2, column: 5 });
    }

    #[test]
    fn an_index_gives_the_same_positions_as_counting_from_the_start() {
        let text = format!(
            "a = 1\n{}zoë = \"日本\"\r\n\n{}x",
            "é".repeat(70),
            "b".repeat(200)
        );
        let index = LineIndex::new(&text);
        for offset in 0..=text.len() + 2 {
            let o = offset.min(text.len());
            let mut o2 = o;
            while !text.is_char_boundary(o2) {
                o2 -= 1;
            }
            let before = &text[..o2];
            let line = before.matches('\n').count() + 1;
            let start = before.rfind('\n').map_or(0, |i| i + 1);
            let column = before[start..].chars().count() + 1;
            assert_eq!(
                index.position(offset),
                Position { line, column },
                "{offset}"
            );
        }
    }
}
