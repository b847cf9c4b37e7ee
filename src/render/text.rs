//! Plain text for the terminal: a document as lines a person reads at a glance — the title,
//! each section with its chart as a sparkline, its table in aligned columns and its answers,
//! then the disclaimer and the crisis contacts (first instead, when a safety item fired: on a
//! screen once is enough, and first is where it is seen).
//! No colour and no control characters: everything printed comes through `clean`.
//!
//! Owns: the text layout. Must not read files; sees only the document model.

use crate::document::{Answer, Cell, CrisisBlock, DocSection, Document, Table};

/// The document as plain text.
pub fn render(doc: &Document) -> String {
    let mut out: Vec<String> = vec![clean(&doc.title)];
    if !doc.summary.is_empty() {
        out.push(clean(&doc.summary));
    }
    if doc.safety_alert {
        out.push(String::new());
        crisis(&mut out, &doc.crisis, true);
    }
    for section in &doc.sections {
        out.push(String::new());
        section_lines(&mut out, section);
    }
    out.push(String::new());
    out.push(plain_md(&doc.disclaimer_md));
    if !doc.safety_alert {
        out.push(String::new());
        crisis(&mut out, &doc.crisis, false);
    }
    out.join("\n") + "\n"
}

fn section_lines(out: &mut Vec<String>, s: &DocSection) {
    match &s.chart {
        Some(chart) => {
            let scores: Vec<String> = chart
                .points
                .iter()
                .map(|p| match p.score {
                    Some(v) => v.to_string(),
                    None => clean(p.gap.as_deref().unwrap_or_default()),
                })
                .collect();
            out.push(format!(
                "{}  {}  ({})",
                clean(&s.title),
                chart.sparkline,
                scores.join(", ")
            ));
        }
        None => out.push(clean(&s.title)),
    }
    if let Some(table) = &s.table {
        table_lines(out, table);
    }
    for entry in &s.entries {
        for item in &entry.items {
            let prompt = clean(&item.prompt);
            match &item.answer {
                Answer::List { items, .. } => {
                    out.push(format!("  {prompt}:"));
                    out.extend(items.iter().map(|i| format!("  - {}", clean(i))));
                }
                Answer::Text { text, .. } | Answer::Computed { text } => out.push(format!(
                    "  {prompt}: {}",
                    text.as_deref().map(clean).unwrap_or_default()
                )),
                Answer::Scale { value, .. } => out.push(format!(
                    "  {prompt}: {}",
                    value.map(|v| v.to_string()).unwrap_or_default()
                )),
                Answer::YesNo { value } => out.push(format!(
                    "  {prompt}: {}",
                    match value {
                        Some(true) => "yes",
                        Some(false) => "no",
                        None => "",
                    }
                )),
                Answer::Choice { options, .. } => {
                    let chosen: Vec<String> = options
                        .iter()
                        .filter(|o| o.selected)
                        .map(|o| clean(&o.label))
                        .collect();
                    out.push(format!("  {prompt}: {}", chosen.join(", ")));
                }
                Answer::Grid { columns, rows } => {
                    for row in rows {
                        out.push(format!(
                            "  {}: {}",
                            clean(&row.prompt),
                            row.chosen
                                .and_then(|c| columns.get(c))
                                .map(|c| clean(c))
                                .unwrap_or_default()
                        ));
                    }
                }
            }
        }
    }
}

/// Columns padded to their widest cell (counted in characters); a line break in a cell is a
/// space here.
fn table_lines(out: &mut Vec<String>, t: &Table) {
    let rows: Vec<Vec<String>> = std::iter::once(t.columns.clone())
        .chain(t.rows.iter().map(|r| r.iter().map(Cell::plain).collect()))
        .map(|r| r.iter().map(|c| clean(&c.replace('\n', " "))).collect())
        .collect();
    let n = t.columns.len();
    let widths: Vec<usize> = (0..n)
        .map(|c| {
            rows.iter()
                .map(|r| r.get(c).map_or(0, |s| s.chars().count()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    for row in &rows {
        let cells: Vec<String> = (0..n)
            .map(|c| {
                let cell = row.get(c).map_or("", String::as_str);
                let pad = widths[c].saturating_sub(cell.chars().count());
                format!("{cell}{}", " ".repeat(pad))
            })
            .collect();
        out.push(format!("  {}", cells.join("  ").trim_end()));
    }
}

fn crisis(out: &mut Vec<String>, c: &CrisisBlock, alert: bool) {
    out.push(if alert {
        format!("! {}", clean(&c.title))
    } else {
        clean(&c.title)
    });
    if alert && !c.alert_md.is_empty() {
        out.push(plain_md(&c.alert_md));
    }
    out.push(plain_md(&c.text_md));
    out.push(clean(&c.helplines));
    for r in &c.resources {
        out.push(format!(
            "  {}: {}, {}",
            clean(&r.region),
            clean(&r.name),
            clean(&r.contact)
        ));
    }
    out.push(clean(&c.checked));
}

/// Authored Markdown as plain text: emphasis marks and escapes dropped, links as "text (url)".
fn plain_md(md: &str) -> String {
    let mut s = md.replace("**", "").replace("__", "");
    while let Some(open) = s.find('[') {
        let Some(mid) = s[open..].find("](").map(|i| open + i) else {
            break;
        };
        let Some(close) = s[mid..].find(')').map(|i| mid + i) else {
            break;
        };
        let text = s[open + 1..mid].to_string();
        let url = s[mid + 2..close].to_string();
        s.replace_range(open..=close, &format!("{text} ({url})"));
    }
    let s = s.replace('\\', "");
    clean(s.trim())
}

/// Text safe for a terminal: control characters (escape sequences, bells) dropped, tabs as
/// spaces; line breaks kept.
pub fn clean(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            '\t' => Some(' '),
            '\n' => Some('\n'),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_never_reach_the_terminal() {
        assert_eq!(clean("\u{1b}[2Jgone\u{7}"), "[2Jgone");
    }

    #[test]
    fn markdown_links_and_emphasis_read_as_plain_text() {
        assert_eq!(
            plain_md("**Not** a diagnosis; see [help](https://example.org)."),
            "Not a diagnosis; see help (https://example.org)."
        );
    }

    #[test]
    fn table_columns_line_up() {
        let mut out = Vec::new();
        table_lines(
            &mut out,
            &Table {
                columns: vec!["Date".into(), "Score".into()],
                rows: vec![vec![Cell::text("2027-01-04"), Cell::text("17")]],
            },
        );
        assert_eq!(out, ["  Date        Score", "  2027-01-04  17"]);
    }
}
