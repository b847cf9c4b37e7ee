//! Writing answers files: a full file from raw answers (the save file of an interview), and a
//! skeleton with every question as a comment for people who prefer their editor.
//!
//! Owns: the text layout of answers files. Returns strings; writing them to disk is `output`'s job.

use std::fmt::Write as _;

use super::file::AnswersFile;
use super::{RawEntry, RawInput, RawSection};
use crate::spec::{Field, FieldType, LoadedWorksheet, Section};

/// The whole answers file, in worksheet order, with `meta` (status, skipped questions) and any
/// orphaned answers.
pub fn answers_file(sheet: &LoadedWorksheet, file: &AnswersFile) -> String {
    let status = file.meta.status.as_deref().unwrap_or("in-progress");
    let mut out = header(sheet, status, file.meta.worksheet_file.as_deref());
    if let Some(output) = &file.meta.output {
        let _ = writeln!(out, "output = {}", toml_str(output));
    }
    if let Some(session) = file.meta.session {
        let _ = writeln!(out, "session = {session}");
    }
    if let Some(date) = file.meta.date {
        let _ = writeln!(out, "date = {date}");
    }
    if let Some(id) = &file.meta.calendar {
        let _ = writeln!(out, "calendar = {}", toml_str(id));
    }
    if !file.meta.skipped.is_empty() {
        let skipped: Vec<String> = file.meta.skipped.iter().map(|s| toml_str(s)).collect();
        let _ = writeln!(out, "skipped = [{}]", skipped.join(", "));
    }
    for section in &sheet.spec.sections {
        match file.answers.sections.get(section.id()) {
            Some(RawSection::Single(entry)) => {
                let _ = writeln!(out, "\n[answers.{}]", section.id());
                write_entry(&mut out, section, entry);
            }
            Some(RawSection::Repeat(entries)) => {
                for entry in entries {
                    let _ = writeln!(out, "\n[[answers.{}]]", section.id());
                    write_entry(&mut out, section, entry);
                }
            }
            None => {}
        }
    }
    if !file.orphaned.is_empty() {
        out.push_str(
            "\n# Answers that no longer fit the worksheet, kept so that nothing is lost.\n",
        );
        out.push_str("# Copy one back under [answers…] if it still applies.\n[orphaned]\n");
        for (path, value) in &file.orphaned {
            let _ = writeln!(out, "{} = {}", toml_str(path), toml_value(value));
        }
    }
    out
}

fn header(sheet: &LoadedWorksheet, status: &str, worksheet_file: Option<&str>) -> String {
    let spec = &sheet.spec;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Answers to \"{}\" ({} {}).",
        spec.title,
        spec.id.get_ref(),
        spec.version
    );
    let _ = writeln!(
        out,
        "# Plain TOML: fine to edit by hand. See docs/answers-format.md."
    );
    let _ = writeln!(
        out,
        "# It holds personal health information: keep it private.\n"
    );
    let _ = writeln!(out, "[meta]");
    let _ = writeln!(out, "worksheet = {}", toml_str(spec.id.get_ref()));
    if let Some(path) = worksheet_file {
        let _ = writeln!(out, "worksheet_file = {}", toml_str(path));
    }
    let _ = writeln!(out, "version = {}", toml_str(&spec.version));
    let _ = writeln!(out, "digest = {}", toml_str(&sheet.digest));
    let _ = writeln!(out, "status = {}", toml_str(status));
    out
}

fn write_entry(out: &mut String, section: &Section, entry: &RawEntry) {
    let known = section.fields.iter().map(|f| f.id());
    let unknown = entry
        .values
        .keys()
        .map(String::as_str)
        .filter(|k| section.field(k).is_none());
    for key in known.chain(unknown.collect::<Vec<_>>()) {
        if let Some(v) = entry.values.get(key) {
            let value = match &v.input {
                RawInput::Toml(t) => toml_value(t),
                RawInput::Text(t) => toml_str(t),
            };
            let _ = writeln!(out, "{} = {value}", toml_key(key));
        }
    }
}

/// A skeleton answers file: every question as a comment, with a placeholder line to fill in.
/// `worksheet_file` is where a worksheet that is not built in is, from the skeleton's folder.
pub fn skeleton(sheet: &LoadedWorksheet, worksheet_file: Option<&str>) -> String {
    let mut out = header(sheet, "in-progress", worksheet_file);
    out.push_str(
        "\n# Fill in the answers below: remove the `# ` before a line and write your answer.\n",
    );
    out.push_str("# A line left commented out means \"not answered\".\n");
    for section in &sheet.spec.sections {
        let _ = writeln!(out, "\n# ── {} ──", section.title);
        if let Some(when) = &section.when {
            let _ = writeln!(out, "# (only when: {})", when.get_ref());
        }
        match section.repeat_bounds() {
            Some((min, max)) => {
                let _ = writeln!(
                    out,
                    "# One [[answers.{}]] table per entry ({min} to {max}); copy the block for more.",
                    section.id()
                );
                for _ in 0..min.max(1) {
                    let _ = writeln!(out, "[[answers.{}]]", section.id());
                    skeleton_fields(&mut out, section);
                }
            }
            None => {
                let _ = writeln!(out, "[answers.{}]", section.id());
                skeleton_fields(&mut out, section);
            }
        }
    }
    out
}

fn skeleton_fields(out: &mut String, section: &Section) {
    for field in section
        .fields
        .iter()
        .filter(|f| f.kind() != FieldType::Computed)
    {
        let _ = writeln!(
            out,
            "\n# {}{}",
            field.prompt,
            if field.required { " (required)" } else { "" }
        );
        if let Some(help) = &field.help {
            for line in help.lines() {
                let _ = writeln!(out, "#   {line}");
            }
        }
        let _ = writeln!(out, "#   {}", describe(field));
        if let Some(when) = &field.when {
            let _ = writeln!(out, "#   only when: {}", when.get_ref());
        }
        let _ = writeln!(out, "# {} = {}", toml_key(field.id()), placeholder(field));
    }
}

/// The kind of answer a field wants, in words.
pub fn describe(field: &Field) -> String {
    let range = match (&field.min, &field.max) {
        (Some(lo), Some(hi)) => format!(" from {} to {}", lo.get_ref(), hi.get_ref()),
        (Some(lo), None) => format!(" of at least {}", lo.get_ref()),
        (None, Some(hi)) => format!(" of at most {}", hi.get_ref()),
        _ => String::new(),
    };
    let choices = || {
        let values: Vec<String> = field
            .fixed_choices()
            .iter()
            .map(|c| toml_str(c.value()))
            .collect();
        if values.is_empty() {
            "options drawn from earlier answers".to_string()
        } else {
            values.join(", ")
        }
    };
    match field.kind() {
        FieldType::Text => "text, one line".into(),
        FieldType::LongText => "text, any length (use \"\"\" … \"\"\" for several lines)".into(),
        FieldType::Integer => format!("a whole number{range}"),
        FieldType::Decimal => format!("a number{range}"),
        FieldType::Scale => {
            let anchors: Vec<String> = field
                .anchors
                .iter()
                .map(|a| format!("{} = {}", a.value.get_ref(), a.label))
                .collect();
            let anchors = if anchors.is_empty() {
                String::new()
            } else {
                format!(" ({})", anchors.join("; "))
            };
            format!("a rating{range}{anchors}")
        }
        FieldType::YesNo => "true or false".into(),
        FieldType::Date => format!("a date{range}, written like 2027-01-11 (without quotes)"),
        FieldType::Choice => format!("one of: {}", choices()),
        FieldType::MultiChoice => format!("a list of any of: {}", choices()),
        FieldType::List => "a list of short texts, e.g. [\"one\", \"two\"]".into(),
        FieldType::Computed => "computed".into(),
    }
}

fn placeholder(field: &Field) -> String {
    if let Some(d) = &field.default {
        return toml_value(d.get_ref());
    }
    match field.kind() {
        FieldType::Text => field
            .example
            .as_deref()
            .map_or_else(|| "\"\"".into(), toml_str),
        FieldType::LongText => "\"\"\"\n#\n# \"\"\"".into(),
        FieldType::Integer | FieldType::Scale => field
            .min
            .as_ref()
            .map_or_else(|| "0".into(), |m| m.get_ref().to_string()),
        FieldType::Decimal => "0.0".into(),
        FieldType::YesNo => "false".into(),
        FieldType::Date => "2027-01-11".into(),
        FieldType::Choice => field
            .fixed_choices()
            .first()
            .map_or_else(|| "\"\"".into(), |c| toml_str(c.value())),
        FieldType::MultiChoice | FieldType::List => "[]".into(),
        FieldType::Computed => String::new(),
    }
}

/// A TOML string: multi-line literal form for text with line breaks, basic string otherwise.
pub fn toml_str(s: &str) -> String {
    if s.contains('\n') {
        let escaped: String = s
            .replace('\\', "\\\\")
            .replace("\"\"\"", "\"\"\\\"")
            .replace("\r\n", "\n")
            .chars()
            .map(|c| {
                // TOML allows no other control character in a multi-line string: escape it, so a
                // saved file always reads back as written.
                if c.is_control() && c != '\n' && c != '\t' {
                    format!("\\u{:04X}", c as u32)
                } else {
                    c.to_string()
                }
            })
            .collect();
        format!("\"\"\"\n{escaped}\\\n\"\"\"")
    } else {
        toml::Value::String(s.to_string()).to_string()
    }
}

fn toml_value(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => toml_str(s),
        toml::Value::Array(items) => format!(
            "[{}]",
            items.iter().map(toml_value).collect::<Vec<_>>().join(", ")
        ),
        other => other.to_string(),
    }
}

fn toml_key(key: &str) -> String {
    if key
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && !key.is_empty()
    {
        key.to_string()
    } else {
        toml_str(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_round_trip_through_toml_including_quotes_backslashes_and_lines() {
        for s in [
            "plain",
            "say \"hi\"",
            "C:\\path",
            "two\nlines",
            "ends with \"\"\"",
            "tab\there",
            "{{ 7*7 }}",
        ] {
            let text = format!("v = {}\n", toml_str(s));
            let parsed: toml::Table =
                toml::from_str(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(parsed["v"].as_str(), Some(s), "{text}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// Any answer, control characters included, is saved so that it reads back the same
        /// (a CR before LF is a line end).
        #[test]
        fn any_answer_is_saved_so_that_it_reads_back_the_same(s in "(?s).{0,40}") {
            let text = format!("v = {}\n", toml_str(&s));
            let parsed: toml::Table = toml::from_str(&text).unwrap();
            let expected = if s.contains('\n') { s.replace("\r\n", "\n") } else { s.clone() };
            proptest::prop_assert_eq!(parsed["v"].as_str(), Some(expected.as_str()));
        }
    }
}
