//! `ipt show`: a readable outline of a worksheet, with conditions in words.
//!
//! Owns: the outline text. Pure: worksheet in, string out.

use std::fmt::Write as _;

use super::{Field, FieldType, LoadedWorksheet, Origin};
use crate::answers::write::describe;

/// The outline of a worksheet.
pub fn outline(sheet: &LoadedWorksheet, origin: &Origin) -> String {
    let spec = &sheet.spec;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} — {} (version {})",
        spec.id.get_ref(),
        spec.title,
        spec.version
    );
    if !spec.summary.is_empty() {
        let _ = writeln!(out, "{}", spec.summary);
    }
    let list = |v: &[toml::Spanned<String>]| {
        v.iter()
            .map(|s| s.get_ref().as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let _ = writeln!(out);
    let _ = writeln!(out, "technique:     {}", or_dash(&spec.technique));
    let _ = writeln!(out, "phases:        {}", or_dash(&list(&spec.phases)));
    let _ = writeln!(
        out,
        "problem areas: {}",
        or_dash(&list(&spec.problem_areas))
    );
    let _ = writeln!(out, "from:          {origin}");
    for source in &spec.sources {
        let _ = writeln!(out, "source:        {source}");
    }
    for (n, section) in spec.sections.iter().enumerate() {
        let _ = writeln!(out, "\n{}. {} [{}]", n + 1, section.title, section.id());
        if let Some((min, max)) = section.repeat_bounds() {
            let add = section
                .repeat
                .as_ref()
                .map_or("", |r| r.add_another.as_str());
            let _ = writeln!(out, "   repeated: {min} to {max} entries (\"{add}\")");
        }
        if let Some(when) = &section.when {
            let _ = writeln!(out, "   only when {}", in_words(when.get_ref()));
        }
        for field in &section.fields {
            let _ = writeln!(
                out,
                "   - {}.{}: {}",
                section.id(),
                field.id(),
                field.prompt
            );
            let _ = writeln!(out, "       {}", kind_line(field));
            if let Some(when) = &field.when {
                let _ = writeln!(out, "       only when {}", in_words(when.get_ref()));
            }
        }
    }
    out
}

fn kind_line(field: &Field) -> String {
    let mut s = describe(field);
    if field.kind() == FieldType::Computed {
        s = format!(
            "computed: {}",
            field.expr.as_ref().map_or("", |e| e.get_ref().as_str())
        );
    }
    if field.required {
        s.push_str("; required");
    }
    if let Some(d) = &field.default {
        let _ = write!(s, "; default {}", d.get_ref());
    }
    if let Some(d) = &field.default_expr {
        let _ = write!(s, "; default from {}", in_words(d.get_ref()));
    }
    if field.safety.is_some() {
        s.push_str(match field.safety_block() {
            super::SafetyBlock::Crisis => "; safety trigger",
            super::SafetyBlock::Relationship => "; safety trigger (relationship safety)",
        });
    }
    s
}

fn or_dash(s: &str) -> &str {
    if s.is_empty() { "—" } else { s }
}

/// An expression with its operators in words: `a == 'x' and not b` → `a is 'x' and not b`.
pub fn in_words(expr: &str) -> String {
    let mut out = String::new();
    let mut quote: Option<char> = None;
    let chars: Vec<char> = expr.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if let Some(q) = quote {
            out.push(c);
            if c == q {
                quote = None;
            }
            i += 1;
            continue;
        }
        if c == '\'' || c == '"' {
            quote = Some(c);
            out.push(c);
            i += 1;
            continue;
        }
        let two: String = chars[i..chars.len().min(i + 2)].iter().collect();
        let (word, len) = match two.as_str() {
            "==" => ("is", 2),
            "!=" => ("is not", 2),
            ">=" => ("is at least", 2),
            "<=" => ("is at most", 2),
            _ => match c {
                '>' => ("is more than", 1),
                '<' => ("is less than", 1),
                _ => ("", 0),
            },
        };
        if len > 0 {
            out.push_str(word);
            i += len;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::in_words;

    #[test]
    fn conditions_read_as_words_but_quoted_text_is_kept() {
        assert_eq!(
            in_words("about.status == 'a>=b' and about.n >= 2"),
            "about.status is 'a>=b' and about.n is at least 2"
        );
        assert_eq!(in_words("x != 1"), "x is not 1");
    }
}
