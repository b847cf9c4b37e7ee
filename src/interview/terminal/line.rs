//! A one-line answer typed in the terminal, with the keys of a shell's line editor.
//!
//! dialoguer's text input cannot clear a pre-filled answer with Ctrl-U, cannot go back with Esc,
//! and marks an answer as accepted before the answers gate has judged it; this editor does what a
//! person expects instead. Keys: ←/→, Home/End (Ctrl-A/Ctrl-E), Backspace/Delete, Ctrl-U (clear
//! before the cursor), Ctrl-K (clear after it), Ctrl-W (delete a word), Esc (go back), Enter.
//! Long answers wrap over several lines of the screen.

use std::io;

use dialoguer::console::{Key, Term, measure_text_width};

/// What the person did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Edited {
    Line(String),
    Back,
    Interrupted,
}

/// Reads a line after `prefix`, starting with `initial` (cursor at its end).
pub(super) fn read(term: &Term, prefix: &str, initial: &str) -> io::Result<Edited> {
    let mut chars: Vec<char> = initial.chars().collect();
    let mut cursor = chars.len();
    let mut screen = Screen { rows_above: 0 };
    loop {
        screen.draw(term, prefix, &chars, cursor)?;
        match term.read_key_raw()? {
            Key::Enter => {
                screen.draw(term, prefix, &chars, chars.len())?;
                term.write_line("")?;
                return Ok(Edited::Line(chars.into_iter().collect()));
            }
            Key::Escape => {
                term.write_line("")?;
                return Ok(Edited::Back);
            }
            Key::CtrlC => {
                term.write_line("")?;
                return Ok(Edited::Interrupted);
            }
            Key::Backspace if cursor > 0 => {
                cursor -= 1;
                chars.remove(cursor);
            }
            Key::Del if cursor < chars.len() => {
                chars.remove(cursor);
            }
            Key::ArrowLeft => cursor = cursor.saturating_sub(1),
            Key::ArrowRight => cursor = (cursor + 1).min(chars.len()),
            Key::Home => cursor = 0,
            Key::End => cursor = chars.len(),
            // Ctrl-U: clear everything before the cursor.
            Key::Char('\u{15}') => {
                chars.drain(..cursor);
                cursor = 0;
            }
            // Ctrl-K: clear everything after the cursor.
            Key::Char('\u{0b}') => chars.truncate(cursor),
            // Ctrl-W: delete the word before the cursor.
            Key::Char('\u{17}') => {
                let mut start = cursor;
                while start > 0 && chars[start - 1].is_whitespace() {
                    start -= 1;
                }
                while start > 0 && !chars[start - 1].is_whitespace() {
                    start -= 1;
                }
                chars.drain(start..cursor);
                cursor = start;
            }
            Key::Char(c) if !c.is_control() => {
                chars.insert(cursor, c);
                cursor += 1;
            }
            _ => {}
        }
    }
}

/// Where the cursor is within the lines the answer takes on screen.
struct Screen {
    /// Lines of the answer above the cursor's line.
    rows_above: usize,
}

impl Screen {
    fn draw(&mut self, term: &Term, prefix: &str, chars: &[char], cursor: usize) -> io::Result<()> {
        let cols = usize::from(term.size().1).max(10);
        term.write_str("\r")?;
        term.move_cursor_up(self.rows_above)?;
        term.write_str("\x1b[J")?;
        let text: String = chars.iter().collect();
        term.write_str(prefix)?;
        term.write_str(&text)?;
        let total = measure_text_width(prefix) + measure_text_width(&text);
        if total > 0 && total.is_multiple_of(cols) {
            // The terminal waits at the last column; step onto the next line as it will.
            term.write_str("\r\n")?;
        }
        let before: String = chars[..cursor].iter().collect();
        let at = measure_text_width(prefix) + measure_text_width(&before);
        let (end_row, row, col) = (total / cols, at / cols, at % cols);
        term.move_cursor_up(end_row - row)?;
        term.write_str("\r")?;
        term.move_cursor_right(col)?;
        term.flush()?;
        self.rows_above = row;
        Ok(())
    }
}
