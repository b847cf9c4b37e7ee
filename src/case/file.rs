//! `case.toml`: reading it (every problem with file:line:column) and writing it back as a
//! commented file a person can read, back up and diff.
//!
//! Owns: the text format of `case.toml`. Must not decide which case applies (that is `find`).

use serde::Deserialize;

use crate::answers::date::Date;
use crate::render::{FONT_SIZE_RANGE, Paper, font_size_bounds};

/// The settings and history of one case, as in `case.toml`.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseFile {
    /// Initials or a pseudonym: how the case is named on documents. Never required to be a name.
    pub client: String,
    /// ISO country code for crisis contacts.
    pub country: Option<String>,
    pub paper: Option<Paper>,
    pub font_size: Option<f32>,
    pub created: Option<Date>,
    /// Sessions moved off the plan's dates, in the order they were moved.
    pub moves: Vec<Move>,
}

/// From session `from` on, the course continues from `to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Move {
    pub from: usize,
    pub to: Date,
}

/// A problem in `case.toml`.
pub type CaseError = crate::spec::Located;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Toml {
    case: CaseTable,
    #[serde(default)]
    moves: Vec<MoveTable>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseTable {
    format: u32,
    client: String,
    country: Option<String>,
    paper: Option<String>,
    font_size: Option<f32>,
    created: Option<toml::value::Datetime>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MoveTable {
    from: usize,
    to: toml::value::Datetime,
}

/// Reads `case.toml`.
pub fn parse(text: &str) -> Result<CaseFile, CaseError> {
    let at = |offset: usize, message: String| CaseError::at(text, offset, message);
    let raw: Toml = crate::spec::read_toml(text)?;
    let find = |key: &str| text.find(&format!("{key} =")).unwrap_or(0);
    if raw.case.format != 1 {
        return Err(at(
            find("format"),
            format!(
                "format {} is not known to this version of ipt (it reads format 1)",
                raw.case.format
            ),
        ));
    }
    if raw.case.client.trim().is_empty() {
        return Err(at(
            find("client"),
            "client must name the case (initials or a pseudonym)".into(),
        ));
    }
    let paper = raw
        .case
        .paper
        .as_deref()
        .map(Paper::from_setting)
        .transpose()
        .map_err(|message| at(find("paper"), message))?;
    if let Some(size) = raw.case.font_size
        && !FONT_SIZE_RANGE.contains(&size)
    {
        return Err(at(find("font_size"), font_size_bounds()));
    }
    let date = |d: &toml::value::Datetime, key: &str| {
        Date::from_toml(d).ok_or_else(|| at(find(key), "expected a date as YYYY-MM-DD".into()))
    };
    let mut moves = Vec::new();
    for m in &raw.moves {
        if m.from == 0 {
            return Err(at(find("from"), "sessions are numbered from 1".into()));
        }
        moves.push(Move {
            from: m.from,
            to: date(&m.to, "to")?,
        });
    }
    Ok(CaseFile {
        client: raw.case.client.trim().to_string(),
        country: raw
            .case
            .country
            .map(|c| c.trim().to_ascii_uppercase())
            .filter(|c| !c.is_empty()),
        paper,
        font_size: raw.case.font_size,
        created: raw
            .case
            .created
            .as_ref()
            .map(|d| date(d, "created"))
            .transpose()?,
        moves,
    })
}

/// `case.toml` as text.
pub fn write(case: &CaseFile) -> String {
    let q = |s: &str| toml::Value::String(s.to_string()).to_string();
    let mut out = String::from(
        "# An IPT case folder (ipt). Plain TOML: fine to read, back up and diff.\n\
         # The folder holds health information: keep it private. See docs/case-folder.md.\n\n\
         [case]\nformat = 1\n",
    );
    out.push_str(&format!("client = {}\n", q(&case.client)));
    if let Some(c) = &case.country {
        out.push_str(&format!("country = {}\n", q(c)));
    }
    if let Some(p) = case.paper {
        out.push_str(&format!("paper = {}\n", q(p.name())));
    }
    if let Some(f) = case.font_size {
        out.push_str(&format!(
            "font_size = {}\n",
            toml::Value::Float(f64::from(f))
        ));
    }
    if let Some(d) = case.created {
        out.push_str(&format!("created = {d}\n"));
    }
    if !case.moves.is_empty() {
        out.push_str(
            "\n# Sessions moved off the plan's dates (`ipt case reschedule`): from session `from` on,\n\
             # the course continues from the date `to` at its usual interval.\n",
        );
        for m in &case.moves {
            out.push_str(&format!("[[moves]]\nfrom = {}\nto = {}\n", m.from, m.to));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_case_file_reads_back_as_written() {
        let case = CaseFile {
            client: "A. R.".into(),
            country: Some("GB".into()),
            paper: Some(Paper::Letter),
            font_size: Some(14.0),
            created: Date::new(2026, 12, 2),
            moves: vec![Move {
                from: 5,
                to: Date::new(2027, 2, 20).unwrap(),
            }],
        };
        assert_eq!(parse(&write(&case)).unwrap(), case);
    }

    #[test]
    fn mistakes_name_their_line_and_column() {
        let e = parse("[case]\nformat = 1\nclient = \"AR\"\npaper = \"a5\"\n").unwrap_err();
        assert_eq!((e.line, e.column), (4, 1));
        assert!(e.message.contains("\"a4\" or \"letter\""), "{e:?}");
        let e = parse("[case]\nformat = 1\nclient = \"AR\"\ncolour = 1\n").unwrap_err();
        assert_eq!(e.line, 4, "{e:?}");
        assert!(e.message.contains("colour"), "{e:?}");
        let e = parse("[case]\nformat = 1\nclient = \"  \"\n").unwrap_err();
        assert_eq!(e.line, 3);
    }
}
