//! The terminal prompter, on standard error. The ONLY module that uses dialoguer (its `console`
//! and its editor launcher).
//!
//! One-line answers use our line editor (`line`: Ctrl-U clears, Esc goes back, nothing is marked
//! accepted before the answers gate has judged it); lists use our picker (`pick`: nothing is
//! chosen by a stray key, the number in front of an answer is the score when answers are scored,
//! the current row is marked with a symbol). Long answers and lists of items are read line by
//! line up to a lone dot, so a pasted paragraph never answers the next questions. Numbers, dates
//! and choices are judged by the gate, so every message is ours.

mod line;
mod pick;

use dialoguer::Editor;
use dialoguer::console::{Term, style};

use self::line::Edited;
use self::pick::{List, Picked, Row};
use super::{
    FINISH_HINT, LEAVE_OUT_HINT, More, Prompter, Question, Reply, ReviewChoice, ReviewItem, Stop,
};
use crate::spec::FieldType;

/// Whether colour may be used on standard error (`NO_COLOR` turns it off).
fn colour() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && dialoguer::console::colors_enabled_stderr()
}

/// Prompts on the terminal.
pub struct Terminal {
    term: Term,
    colour: bool,
    /// `$VISUAL` or `$EDITOR` is set, so `:edit` can open it.
    editor: bool,
}

impl Default for Terminal {
    fn default() -> Self {
        Self::new()
    }
}

const LEAVE_OUT: &str = "Leave this out";
const OTHER: &str = "Something else…";
const NO_EDITOR: &str = "There is no editor to open: set $VISUAL or $EDITOR (for example EDITOR=nano), or type your answer here.";

impl Terminal {
    pub fn new() -> Terminal {
        let editor = ["VISUAL", "EDITOR"]
            .iter()
            .any(|v| std::env::var_os(v).is_some_and(|e| !e.is_empty()));
        Terminal {
            term: Term::stderr(),
            colour: colour(),
            editor,
        }
    }

    fn line(&self, text: &str) {
        let _ = self.term.write_line(text);
    }

    fn dim(&self, text: &str) {
        if self.colour {
            self.line(&style(text).dim().to_string());
        } else {
            self.line(text);
        }
    }

    fn bold(&self, text: &str) {
        if self.colour {
            self.line(&style(text).bold().to_string());
        } else {
            self.line(text);
        }
    }

    fn warn(&self, text: &str) {
        if self.colour {
            self.line(&style(format!("✗ {text}")).yellow().to_string());
        } else {
            self.line(&format!("! {text}"));
        }
    }

    /// Opens the person's editor on `current`.
    fn edit(&self, current: Option<&str>) -> Result<Reply, Stop> {
        let edited = Editor::new()
            .extension(".md")
            .edit(current.unwrap_or(""))
            .map_err(|e| Stop::Failed(format!("the editor could not be used: {e}")))?;
        Ok(edited.map_or(Reply::Skip, Reply::Text))
    }

    /// A one-line answer (text, numbers, dates, another answer to a choice).
    fn typed(&self, q: &Question, prompt: &str) -> Result<Reply, Stop> {
        let mut typed = q.typed.clone();
        loop {
            self.bold(prompt);
            if q.current.is_some() {
                self.dim("  Enter keeps the answer shown; Ctrl-U clears it. Esc goes back.");
            } else if !q.required {
                self.dim(&format!("  {LEAVE_OUT_HINT}. Esc goes back."));
            } else {
                self.dim("  Esc goes back.");
            }
            let initial = typed
                .take()
                .or_else(|| q.current.clone())
                .unwrap_or_default();
            let text = match line::read(&self.term, "> ", &initial).map_err(stop)? {
                Edited::Line(t) => t,
                Edited::Back => return Ok(Reply::Back),
                Edited::Interrupted => return Err(Stop::Interrupted),
            };
            match text.trim() {
                "<" => return Ok(Reply::Back),
                "" => return Ok(Reply::Skip),
                "." => self.warn(&format!(
                    "A line with only a dot is not an answer; {}.",
                    if q.required {
                        "please type your answer"
                    } else {
                        LEAVE_OUT_HINT
                    }
                )),
                ":edit" if self.editor => return self.edit(q.current.as_deref()),
                ":edit" => self.warn(NO_EDITOR),
                _ => return Ok(Reply::Text(text)),
            }
        }
    }

    /// Lines up to a lone `.` (or, for lists, an empty line); `None` if the first line is `<`.
    fn lines(&self, list: bool) -> Result<Option<Vec<String>>, Stop> {
        let mut lines = Vec::new();
        loop {
            let _ = self.term.write_str("  ");
            let line = self.term.read_line().map_err(stop)?;
            let t = line.trim();
            if lines.is_empty() && t == "<" {
                return Ok(None);
            }
            if lines.is_empty() && t.is_empty() {
                return Ok(Some(lines));
            }
            if lines.is_empty() && t == ":edit" {
                return Ok(Some(vec![line]));
            }
            if t == "." || (list && t.is_empty()) {
                return Ok(Some(lines));
            }
            lines.push(line);
        }
    }

    fn long_text(&self, q: &Question) -> Result<Reply, Stop> {
        loop {
            self.bold(&q.prompt);
            self.dim(&format!("  As many lines as you like; {FINISH_HINT}."));
            match &q.current {
                Some(current) => self.dim(&format!(
                    "  Now: {} (Enter on an empty first line keeps it)",
                    current.replace('\n', " / ")
                )),
                None if !q.required => self.dim(&format!("  {LEAVE_OUT_HINT}.")),
                None => {}
            }
            if self.editor {
                self.dim("  Or type :edit to write in your editor.");
            }
            let Some(lines) = self.lines(false)? else {
                return Ok(Reply::Back);
            };
            if lines.len() == 1 && lines[0].trim() == ":edit" {
                if self.editor {
                    return self.edit(q.current.as_deref());
                }
                self.warn(NO_EDITOR);
                continue;
            }
            if lines.iter().all(|l| l.trim().is_empty()) {
                return Ok(q.current.clone().map_or(Reply::Skip, Reply::Text));
            }
            return Ok(Reply::Text(lines.join("\n")));
        }
    }

    fn list(&self, q: &Question) -> Result<Reply, Stop> {
        self.bold(&q.prompt);
        self.dim(&format!(
            "  One item a line; an empty line or {FINISH_HINT}."
        ));
        if !q.current_items.is_empty() {
            self.dim(&format!(
                "  Now: {} (Enter on an empty first line keeps them)",
                q.current_items.join("; ")
            ));
        } else if !q.required {
            self.dim(&format!("  {LEAVE_OUT_HINT}."));
        }
        match self.lines(true)? {
            None => Ok(Reply::Back),
            Some(items) if items.is_empty() && !q.current_items.is_empty() => {
                Ok(Reply::Items(q.current_items.clone()))
            }
            Some(items) if items.is_empty() => Ok(Reply::Skip),
            Some(items) => Ok(Reply::Items(items)),
        }
    }

    /// Shows a list; loops until a row is picked (Enter on nothing is refused with a message).
    /// `optional` adds a "Leave this out" row, highlighted when there is no answer yet.
    fn pick_one(
        &self,
        q: &Question,
        mut rows: Vec<Row>,
        current: Option<usize>,
    ) -> Result<Option<usize>, Stop> {
        let leave_out = (!q.required).then(|| {
            rows.push(Row {
                key: None,
                text: LEAVE_OUT.into(),
            });
            rows.len() - 1
        });
        self.bold(&q.prompt);
        let keys = if rows.iter().any(|r| r.key.is_some()) {
            "↑/↓ or the number in front, then Enter"
        } else {
            "↑/↓, then Enter"
        };
        match (current, leave_out) {
            (Some(_), _) => self.dim(&format!(
                "  {keys}. Enter keeps the answer marked. Esc goes back."
            )),
            (None, Some(_)) => self.dim(&format!(
                "  {keys}. Enter on the untouched list leaves it out. Esc goes back."
            )),
            (None, None) => self.dim(&format!(
                "  {keys}. Nothing is chosen until you pick it. Esc goes back."
            )),
        }
        loop {
            let list = List {
                rows: &rows,
                start: current.or(leave_out),
                ticked: None,
                colour: self.colour,
            };
            match pick::pick(&self.term, list).map_err(stop)? {
                Picked::One(i) => {
                    self.dim(&format!("> {}", rows[i].text));
                    return Ok(Some(i));
                }
                Picked::Nothing => {
                    self.warn("Nothing is chosen yet: move to an answer with ↑/↓ or type its number, then press Enter.");
                }
                Picked::Back => return Ok(None),
                Picked::Interrupted => return Err(Stop::Interrupted),
                Picked::Ticked(_) => unreachable!("a single choice has no ticks"),
            }
        }
    }

    fn choice(&self, q: &Question) -> Result<Reply, Stop> {
        if q.options.is_empty() && q.allow_other {
            return self.typed(q, &q.prompt);
        }
        let mut rows = option_rows(q);
        if q.allow_other {
            rows.push(Row {
                key: None,
                text: OTHER.into(),
            });
        }
        let current = q
            .current
            .as_ref()
            .and_then(|c| q.options.iter().position(|o| &o.value == c));
        Ok(match self.pick_one(q, rows, current)? {
            None => Reply::Back,
            Some(i) if i < q.options.len() => Reply::Text(q.options[i].value.clone()),
            Some(i) if q.allow_other && i == q.options.len() => {
                self.typed(q, "Your own answer:")?
            }
            Some(_) => Reply::Skip,
        })
    }

    fn scale(&self, q: &Question) -> Result<Reply, Stop> {
        let rows = q
            .scale
            .iter()
            .map(|(v, l)| Row {
                key: Some(v.to_string()),
                text: l.clone().unwrap_or_default(),
            })
            .collect();
        let current = q
            .current
            .as_ref()
            .and_then(|c| q.scale.iter().position(|(v, _)| &v.to_string() == c));
        Ok(match self.pick_one(q, rows, current)? {
            None => Reply::Back,
            Some(i) if i < q.scale.len() => Reply::Text(q.scale[i].0.to_string()),
            Some(_) => Reply::Skip,
        })
    }

    fn yes_no(&self, q: &Question) -> Result<Reply, Stop> {
        let rows = yes_no_rows();
        let current = match q.current.as_deref() {
            Some("yes") => Some(0),
            Some("no") => Some(1),
            _ => None,
        };
        Ok(match self.pick_one(q, rows, current)? {
            None => Reply::Back,
            Some(0) => Reply::Text("yes".into()),
            Some(1) => Reply::Text("no".into()),
            Some(_) => Reply::Skip,
        })
    }

    fn multi(&self, q: &Question) -> Result<Reply, Stop> {
        let rows = option_rows(q);
        self.bold(&q.prompt);
        let empty = if q.required {
            "tick at least one"
        } else {
            "with nothing ticked, Enter leaves it out"
        };
        self.dim(&format!(
            "  ↑/↓ or the number in front; Space ticks or unticks; Enter confirms ({empty}). Esc goes back."
        ));
        let ticked: Vec<bool> = q
            .options
            .iter()
            .map(|o| q.current_items.contains(&o.value))
            .collect();
        let chosen = loop {
            let list = List {
                rows: &rows,
                start: None,
                ticked: Some(ticked.clone()),
                colour: self.colour,
            };
            match pick::pick(&self.term, list).map_err(stop)? {
                Picked::Ticked(t) if t.is_empty() && q.required && !q.allow_other => {
                    self.warn("Please tick at least one answer with Space, then press Enter.");
                }
                Picked::Ticked(t) => break t,
                Picked::Back => return Ok(Reply::Back),
                Picked::Interrupted => return Err(Stop::Interrupted),
                Picked::One(_) | Picked::Nothing => unreachable!("a multiple choice has ticks"),
            }
        };
        let mut values: Vec<String> = chosen.iter().map(|i| q.options[*i].value.clone()).collect();
        let labels: Vec<&str> = chosen
            .iter()
            .map(|i| q.options[*i].label.as_str())
            .collect();
        self.dim(&format!("> {}", labels.join(", ")));
        if q.allow_other {
            self.bold("Anything else? (separate with commas)");
            self.dim(&format!("  {LEAVE_OUT_HINT}."));
            match line::read(&self.term, "> ", "").map_err(stop)? {
                Edited::Line(others) => values.extend(
                    others
                        .split(',')
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty()),
                ),
                Edited::Back => return Ok(Reply::Back),
                Edited::Interrupted => return Err(Stop::Interrupted),
            }
        }
        Ok(if values.is_empty() {
            Reply::Skip
        } else {
            Reply::Items(values)
        })
    }
}

/// A choice's options as rows, each reached by the number shown in front of it.
fn option_rows(q: &Question) -> Vec<Row> {
    q.options
        .iter()
        .enumerate()
        .map(|(i, o)| Row {
            key: Some(q.number(i)),
            text: option_text(o),
        })
        .collect()
}

/// "Yes" and "No", reached with y and n.
fn yes_no_rows() -> Vec<Row> {
    vec![
        Row {
            key: Some("y".into()),
            text: "Yes".into(),
        },
        Row {
            key: Some("n".into()),
            text: "No".into(),
        },
    ]
}

/// An option as listed: its label, and its help when the worksheet gives one.
fn option_text(o: &crate::answers::Opt) -> String {
    match &o.help {
        Some(help) => format!("{} — {help}", o.label),
        None => o.label.clone(),
    }
}

/// The terminal's errors: a closed terminal ends like the end of input.
fn stop(e: impl Into<std::io::Error>) -> Stop {
    let e: std::io::Error = e.into();
    match e.kind() {
        std::io::ErrorKind::Interrupted => Stop::Interrupted,
        std::io::ErrorKind::UnexpectedEof => Stop::EndOfInput,
        _ => Stop::Failed(format!("the terminal failed: {e}")),
    }
}

impl Prompter for Terminal {
    fn start(&mut self, title: &str, summary: &str, saved_to: &str, resuming: bool) {
        self.bold(title);
        if !summary.is_empty() {
            self.line(summary);
        }
        let verb = if resuming {
            "Carrying on with your answers in"
        } else {
            "Your answers are saved after each one to"
        };
        self.dim(&format!("{verb} {saved_to}"));
        self.dim(&format!(
            "Esc (or <) goes back. {LEAVE_OUT_HINT}, unless it is required. Ctrl-C stops and keeps your answers."
        ));
    }

    fn section(&mut self, title: &str, intro: &str) {
        self.line("");
        self.line(&if self.colour {
            style(title).bold().underlined().to_string()
        } else {
            format!("== {title} ==")
        });
        if !intro.trim().is_empty() {
            self.dim(intro.trim());
        }
    }

    fn ask(&mut self, q: &Question) -> Result<Reply, Stop> {
        let p = &q.progress;
        self.line("");
        self.dim(&p.counter());
        if let Some(error) = &q.error {
            self.warn(error);
        }
        if let Some(help) = &q.help {
            self.dim(&format!("  {help}"));
        }
        if let Some(example) = &q.example {
            self.dim(&format!("  For example: {example}"));
        }
        match q.kind {
            FieldType::LongText => self.long_text(q),
            FieldType::List => self.list(q),
            FieldType::Choice => self.choice(q),
            FieldType::MultiChoice => self.multi(q),
            FieldType::Scale => self.scale(q),
            FieldType::YesNo => self.yes_no(q),
            FieldType::Date => self.typed(q, &format!("{} (YYYY-MM-DD)", q.prompt)),
            _ => self.typed(q, &q.prompt),
        }
    }

    fn more(&mut self, question: &str, count: usize) -> Result<More, Stop> {
        self.line("");
        self.bold(&format!("{question} ({count} so far)"));
        self.dim("  ↑/↓ or y/n, then Enter (Enter now means no). Esc goes back.");
        let rows = yes_no_rows();
        let list = List {
            rows: &rows,
            start: Some(1),
            ticked: None,
            colour: self.colour,
        };
        Ok(match pick::pick(&self.term, list).map_err(stop)? {
            Picked::One(0) => More::Yes,
            Picked::Back => More::Back,
            Picked::Interrupted => return Err(Stop::Interrupted),
            _ => More::No,
        })
    }

    fn notice(&mut self, text: &str) {
        let rule = "─".repeat(60);
        self.line("");
        self.line(&rule);
        for line in text.trim().lines() {
            self.line(&if self.colour {
                style(line).yellow().to_string()
            } else {
                line.to_string()
            });
        }
        self.line(&rule);
    }

    fn review(&mut self, items: &[ReviewItem]) -> Result<ReviewChoice, Stop> {
        let mut rows = vec![
            Row {
                key: None,
                text: "Finish and write the document".into(),
            },
            Row {
                key: None,
                text: "Show every answer in full".into(),
            },
        ];
        for item in items {
            let answer = item
                .answer
                .as_deref()
                .unwrap_or("(not answered)")
                .replace('\n', " / ");
            rows.push(Row {
                key: None,
                text: format!("Change: {}: {answer}", where_(item)),
            });
        }
        loop {
            self.line("");
            self.bold("Check your answers; pick one to change it");
            self.dim("  ↑/↓, then Enter. Long answers are cut short here: \"Show every answer in full\" shows them whole.");
            let list = List {
                rows: &rows,
                start: Some(0),
                ticked: None,
                colour: self.colour,
            };
            match pick::pick(&self.term, list).map_err(stop)? {
                Picked::One(0) => return Ok(ReviewChoice::Finish),
                Picked::One(1) => {
                    for (i, item) in items.iter().enumerate() {
                        self.line("");
                        self.bold(&format!("{}. {}", i + 1, where_(item)));
                        for line in item.answer.as_deref().unwrap_or("(not answered)").lines() {
                            self.line(&format!("   {line}"));
                        }
                    }
                }
                Picked::One(i) => return Ok(ReviewChoice::Change(i - 2)),
                Picked::Interrupted => return Err(Stop::Interrupted),
                Picked::Back | Picked::Nothing | Picked::Ticked(_) => {}
            }
        }
    }

    fn choose(&mut self, question: &str, options: &[String]) -> Result<usize, Stop> {
        self.line("");
        self.bold(question);
        self.dim("  ↑/↓ or the number in front, then Enter.");
        let rows: Vec<Row> = options
            .iter()
            .enumerate()
            .map(|(i, o)| Row {
                key: Some((i + 1).to_string()),
                text: o.clone(),
            })
            .collect();
        loop {
            let list = List {
                rows: &rows,
                start: Some(0),
                ticked: None,
                colour: self.colour,
            };
            match pick::pick(&self.term, list).map_err(stop)? {
                Picked::One(i) => {
                    self.dim(&format!("> {}", options[i]));
                    return Ok(i);
                }
                Picked::Interrupted => return Err(Stop::Interrupted),
                _ => {}
            }
        }
    }
}

/// "[Section · Person 2] Prompt" for the review.
fn where_(item: &ReviewItem) -> String {
    let entry = item
        .entry
        .as_ref()
        .map_or_else(String::new, |e| format!(" · {e}"));
    format!("[{}{entry}] {}", item.section, item.prompt)
}
