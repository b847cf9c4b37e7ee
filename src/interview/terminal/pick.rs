//! A list to pick from in the terminal: one answer, or several ticked with Space.
//!
//! Nothing is chosen by a stray key: a list with no answer yet starts with no row highlighted,
//! and Enter then picks nothing (the caller says what that means); Space only ever ticks a row of
//! a multiple choice. A row can be reached with the arrows or by typing the key shown in front of
//! it (the score of a scored answer, the number of any other). The highlighted row is marked with
//! a symbol, so it is visible without colour.

use std::io;

use dialoguer::console::{Key, Term, style, truncate_str};

/// One row.
#[derive(Debug, Clone)]
pub(super) struct Row {
    /// Typed to reach the row ("0", "3", "y"); shown in front of it when it is a number.
    pub key: Option<String>,
    pub text: String,
}

/// What the person did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Picked {
    /// Enter on this row.
    One(usize),
    /// Enter on a multiple choice: the ticked rows.
    Ticked(Vec<usize>),
    /// Enter with no row highlighted.
    Nothing,
    /// Esc: go back.
    Back,
    /// Ctrl-C.
    Interrupted,
}

/// How the list starts.
pub(super) struct List<'a> {
    pub rows: &'a [Row],
    /// The row highlighted at first; none for a question without an answer.
    pub start: Option<usize>,
    /// Rows ticked at first; `Some` makes this a multiple choice.
    pub ticked: Option<Vec<bool>>,
    pub colour: bool,
}

const VISIBLE: usize = 12;

/// Shows the list below the cursor and reads keys until Enter, Esc or Ctrl-C. The list is
/// cleared afterwards; the caller prints what was chosen.
pub(super) fn pick(term: &Term, list: List<'_>) -> io::Result<Picked> {
    let rows = list.rows;
    let mut at = list.start.filter(|i| *i < rows.len());
    let mut ticked = list.ticked.clone();
    let mut typed = String::new();
    let mut top = 0usize;
    let mut drawn = 0usize;
    term.hide_cursor()?;
    let result = loop {
        if let Some(i) = at {
            if i < top {
                top = i;
            } else if i >= top + VISIBLE {
                top = i + 1 - VISIBLE;
            }
        }
        drawn = draw(term, &list, at, ticked.as_deref(), top, drawn)?;
        let key = term.read_key_raw()?;
        if !matches!(key, Key::Char(c) if c.is_alphanumeric() || c == '-') {
            typed.clear();
        }
        match key {
            Key::ArrowDown | Key::Tab | Key::Char('j') => {
                at = Some(at.map_or(0, |i| (i + 1) % rows.len()));
            }
            Key::ArrowUp | Key::BackTab | Key::Char('k') => {
                at = Some(at.map_or(rows.len() - 1, |i| (i + rows.len() - 1) % rows.len()));
            }
            Key::Home | Key::PageUp => at = Some(0),
            Key::End | Key::PageDown => at = Some(rows.len() - 1),
            Key::Char(' ') => {
                if let (Some(t), Some(i)) = (ticked.as_mut(), at) {
                    t[i] = !t[i];
                }
            }
            Key::Char(c) if c.is_alphanumeric() || c == '-' => {
                typed.push(c.to_ascii_lowercase());
                let find = |text: &str| {
                    rows.iter().position(|r| {
                        r.key
                            .as_deref()
                            .is_some_and(|k| k.eq_ignore_ascii_case(text))
                    })
                };
                if let Some(i) = find(&typed) {
                    at = Some(i);
                } else {
                    typed = c.to_ascii_lowercase().to_string();
                    if let Some(i) = find(&typed) {
                        at = Some(i);
                    }
                }
            }
            Key::Enter => {
                break match (&ticked, at) {
                    (Some(t), _) => Picked::Ticked(
                        t.iter()
                            .enumerate()
                            .filter_map(|(i, on)| on.then_some(i))
                            .collect(),
                    ),
                    (None, Some(i)) => Picked::One(i),
                    (None, None) => Picked::Nothing,
                };
            }
            Key::Escape => break Picked::Back,
            Key::CtrlC => break Picked::Interrupted,
            _ => {}
        }
    };
    clear(term, drawn)?;
    term.show_cursor()?;
    Ok(result)
}

/// Draws the visible rows over the ones drawn before; returns how many lines it drew. The
/// cursor is left at the end of the last line.
fn draw(
    term: &Term,
    list: &List<'_>,
    at: Option<usize>,
    ticked: Option<&[bool]>,
    top: usize,
    drawn: usize,
) -> io::Result<usize> {
    clear(term, drawn)?;
    let rows = list.rows;
    let width = usize::from(term.size().1).max(20);
    let end = (top + VISIBLE).min(rows.len());
    let numbered = rows.iter().any(|r| r.key.as_deref().is_some_and(numeric));
    let mut lines = Vec::new();
    if top > 0 {
        lines.push(dim(list.colour, &format!("  ↑ {} more", top)));
    }
    for (i, row) in rows.iter().enumerate().take(end).skip(top) {
        let here = at == Some(i);
        let marker = if here { "❯" } else { " " };
        let tick = match ticked {
            Some(t) if t[i] => "[x] ",
            Some(_) => "[ ] ",
            None => "",
        };
        let number = match &row.key {
            Some(k) if numeric(k) => format!("{k:>2}. "),
            _ if numbered => "    ".to_string(),
            _ => String::new(),
        };
        let text = format!("{marker} {tick}{number}{}", row.text);
        let text = truncate_str(&text, width - 1, "…").into_owned();
        lines.push(if here && list.colour {
            style(text).cyan().bold().to_string()
        } else {
            text
        });
    }
    if end < rows.len() {
        lines.push(dim(list.colour, &format!("  ↓ {} more", rows.len() - end)));
    }
    term.write_str(&lines.join("\n"))?;
    term.flush()?;
    Ok(lines.len())
}

/// A key shown as a number in front of its row.
fn numeric(key: &str) -> bool {
    let digits = key.strip_prefix('-').unwrap_or(key);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// Clears `drawn` lines ending at the cursor's line.
fn clear(term: &Term, drawn: usize) -> io::Result<()> {
    if drawn > 0 {
        term.write_str("\r")?;
        term.move_cursor_up(drawn - 1)?;
        term.write_str("\x1b[J")?;
    }
    Ok(())
}

fn dim(colour: bool, text: &str) -> String {
    if colour {
        style(text).dim().to_string()
    } else {
        text.to_string()
    }
}
