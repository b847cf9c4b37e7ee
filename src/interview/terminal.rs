//! The terminal prompter: dialoguer widgets on standard error. The ONLY module that uses
//! dialoguer (and its `console`).
//!
//! Shims for dialoguer's known gaps (shared prompting-research.md §4.4): our own help and error
//! lines; numbers and dates read as text and parsed by the gate, so messages are ours; "back" as
//! `<` in text and a "← Back" item (or Esc) in lists; long answers read line by line up to a lone
//! dot, so a pasted paragraph never answers the next questions; Ctrl-C restores the cursor, says
//! where the answers are and exits 130.

use std::sync::Mutex;

use dialoguer::console::{Term, style};
use dialoguer::theme::{ColorfulTheme, SimpleTheme, Theme};
use dialoguer::{Editor, Input, MultiSelect, Select};

use super::{More, Prompter, Question, Reply, ReviewChoice, ReviewItem, Stop};
use crate::spec::FieldType;

/// Held while an answers file is being written, so Ctrl-C never exits half-way through.
pub static WRITING: Mutex<()> = Mutex::new(());

static ON_INTERRUPT: Mutex<String> = Mutex::new(String::new());

/// Sets what Ctrl-C prints (where the answers are, how to carry on) and installs the handler
/// once: it waits for any write in progress, restores the cursor, prints and exits with 130.
pub fn on_interrupt(message: String) {
    if let Ok(mut m) = ON_INTERRUPT.lock() {
        *m = message;
    }
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        let _ = ctrlc::set_handler(|| {
            let _guard = WRITING.lock();
            let term = Term::stderr();
            let _ = term.show_cursor();
            let message = ON_INTERRUPT.lock().map(|m| m.clone()).unwrap_or_default();
            let _ = term.write_line(&format!("\n{message}"));
            std::process::exit(130);
        });
    });
}

/// Whether colour may be used on standard error (`NO_COLOR` turns it off).
fn colour() -> bool {
    std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && dialoguer::console::colors_enabled_stderr()
}

/// Prompts through dialoguer on the terminal.
pub struct Terminal {
    term: Term,
    theme: Box<dyn Theme>,
    colour: bool,
}

impl Default for Terminal {
    fn default() -> Self {
        Self::new()
    }
}

const BACK: &str = "← Back";
const LEAVE_OUT: &str = "Leave this out";
const OTHER: &str = "Something else…";

impl Terminal {
    pub fn new() -> Terminal {
        let colour = colour();
        let theme: Box<dyn Theme> = if colour {
            Box::new(ColorfulTheme::default())
        } else {
            Box::new(SimpleTheme)
        };
        Terminal {
            term: Term::stderr(),
            theme,
            colour,
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

    fn warn(&self, text: &str) {
        if self.colour {
            self.line(&style(format!("✗ {text}")).yellow().to_string());
        } else {
            self.line(&format!("! {text}"));
        }
    }

    fn text(&self, prompt: &str, initial: Option<&str>) -> Result<String, Stop> {
        let mut input = Input::<String>::with_theme(self.theme.as_ref())
            .with_prompt(prompt)
            .allow_empty(true);
        if let Some(initial) = initial {
            input = input.with_initial_text(initial);
        }
        input.interact_text_on(&self.term).map_err(stop)
    }

    /// A list of items with "back" (and "leave out") added; `None` means back.
    fn select(
        &self,
        prompt: &str,
        items: &[String],
        default: usize,
    ) -> Result<Option<usize>, Stop> {
        let mut all: Vec<String> = items.to_vec();
        all.push(BACK.into());
        let chosen = Select::with_theme(self.theme.as_ref())
            .with_prompt(prompt)
            .items(&all)
            .default(default.min(all.len() - 1))
            .max_length(12)
            .interact_on_opt(&self.term)
            .map_err(stop)?;
        Ok(chosen.filter(|i| *i < items.len()))
    }

    /// Lines up to a lone `end` line; `None` if the first line is `<`.
    fn lines(&self, end: &str) -> Result<Option<Vec<String>>, Stop> {
        let mut lines = Vec::new();
        loop {
            let _ = self.term.write_str("  ");
            let line = self.term.read_line().map_err(stop)?;
            if lines.is_empty() && line.trim() == "<" {
                return Ok(None);
            }
            if line.trim() == end {
                return Ok(Some(lines));
            }
            lines.push(line);
        }
    }

    fn long_text(&self, q: &Question) -> Result<Reply, Stop> {
        self.dim("  Write as many lines as you like, then a line with only a dot (.) to finish.");
        let editor = std::env::var_os("VISUAL")
            .or_else(|| std::env::var_os("EDITOR"))
            .is_some();
        if editor {
            self.dim("  Or type :edit on the first line to write in your editor.");
        }
        if let Some(current) = &q.current {
            self.dim(&format!(
                "  Now: {} (a lone dot keeps it)",
                current.replace('\n', " / ")
            ));
        }
        self.line(&q.prompt);
        let Some(lines) = self.lines(".")? else {
            return Ok(Reply::Back);
        };
        if lines.len() == 1 && lines[0].trim() == ":edit" && editor {
            let edited = Editor::new()
                .extension(".md")
                .edit(q.current.as_deref().unwrap_or(""))
                .map_err(stop)?;
            return Ok(edited.map_or(Reply::Skip, Reply::Text));
        }
        if lines.iter().all(|l| l.trim().is_empty()) {
            return Ok(q.current.clone().map_or(Reply::Skip, Reply::Text));
        }
        Ok(Reply::Text(lines.join("\n")))
    }

    fn list(&self, q: &Question) -> Result<Reply, Stop> {
        self.dim("  One item a line; an empty line finishes.");
        if !q.current_items.is_empty() {
            self.dim(&format!(
                "  Now: {} (an empty first line keeps them)",
                q.current_items.join("; ")
            ));
        }
        self.line(&q.prompt);
        match self.lines("")? {
            None => Ok(Reply::Back),
            Some(items) if items.is_empty() && !q.current_items.is_empty() => {
                Ok(Reply::Items(q.current_items.clone()))
            }
            Some(items) if items.is_empty() => Ok(Reply::Skip),
            Some(items) => Ok(Reply::Items(items)),
        }
    }

    fn choice(&self, q: &Question) -> Result<Reply, Stop> {
        if q.options.is_empty() && q.allow_other {
            return self.typed(q);
        }
        let mut items: Vec<String> = q.options.iter().map(option_text).collect();
        if q.allow_other {
            items.push(OTHER.into());
        }
        if !q.required {
            items.push(LEAVE_OUT.into());
        }
        let default = q
            .current
            .as_ref()
            .and_then(|c| q.options.iter().position(|o| &o.value == c))
            .unwrap_or(0);
        match self.select(&q.prompt, &items, default)? {
            None => Ok(Reply::Back),
            Some(i) if i < q.options.len() => Ok(Reply::Text(q.options[i].value.clone())),
            Some(i) if items[i] == OTHER => self.typed(q),
            Some(_) => Ok(Reply::Skip),
        }
    }

    fn multi(&self, q: &Question) -> Result<Reply, Stop> {
        let items: Vec<(String, bool)> = q
            .options
            .iter()
            .map(|o| (option_text(o), q.current_items.contains(&o.value)))
            .collect();
        let chosen = MultiSelect::with_theme(self.theme.as_ref())
            .with_prompt(format!(
                "{} (space ticks, enter confirms, esc goes back)",
                q.prompt
            ))
            .items_checked(items)
            .max_length(12)
            .interact_on_opt(&self.term)
            .map_err(stop)?;
        let Some(chosen) = chosen else {
            return Ok(Reply::Back);
        };
        let mut values: Vec<String> = chosen.iter().map(|i| q.options[*i].value.clone()).collect();
        if q.allow_other {
            let others = self.text(
                "Anything else? (separate with commas; leave empty if not)",
                None,
            )?;
            values.extend(
                others
                    .split(',')
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty()),
            );
        }
        Ok(if values.is_empty() {
            Reply::Skip
        } else {
            Reply::Items(values)
        })
    }

    fn scale(&self, q: &Question) -> Result<Reply, Stop> {
        let mut items: Vec<String> = q
            .scale
            .iter()
            .map(|(v, l)| {
                l.as_ref()
                    .map_or_else(|| v.to_string(), |l| format!("{v} — {l}"))
            })
            .collect();
        if !q.required {
            items.push(LEAVE_OUT.into());
        }
        let default = q
            .current
            .as_ref()
            .and_then(|c| q.scale.iter().position(|(v, _)| &v.to_string() == c))
            .unwrap_or(0);
        Ok(match self.select(&q.prompt, &items, default)? {
            None => Reply::Back,
            Some(i) if i < q.scale.len() => Reply::Text(q.scale[i].0.to_string()),
            Some(_) => Reply::Skip,
        })
    }

    fn yes_no(&self, q: &Question) -> Result<Reply, Stop> {
        let mut items = vec!["Yes".to_string(), "No".to_string()];
        if !q.required {
            items.push(LEAVE_OUT.into());
        }
        let default = usize::from(q.current.as_deref() == Some("no"));
        Ok(match self.select(&q.prompt, &items, default)? {
            None => Reply::Back,
            Some(0) => Reply::Text("yes".into()),
            Some(1) => Reply::Text("no".into()),
            Some(_) => Reply::Skip,
        })
    }

    fn typed(&self, q: &Question) -> Result<Reply, Stop> {
        let hint = match q.kind {
            FieldType::Date => " (YYYY-MM-DD)",
            _ => "",
        };
        let answer = self.text(&format!("{}{hint}", q.prompt), q.current.as_deref())?;
        Ok(match answer.trim() {
            "<" => Reply::Back,
            "" => Reply::Skip,
            _ => Reply::Text(answer),
        })
    }
}

/// An option as listed: its label, and its help when the worksheet gives one.
fn option_text(o: &crate::answers::Opt) -> String {
    match &o.help {
        Some(help) => format!("{} — {help}", o.label),
        None => o.label.clone(),
    }
}

/// dialoguer's errors: Ctrl-C (with our handler) comes back as `Interrupted`.
fn stop(e: impl Into<std::io::Error>) -> Stop {
    let e: std::io::Error = e.into();
    match e.kind() {
        std::io::ErrorKind::Interrupted => {
            // dialoguer hides the cursor in lists; give it back before we stop.
            let _ = Term::stderr().show_cursor();
            Stop::Interrupted
        }
        std::io::ErrorKind::UnexpectedEof => Stop::EndOfInput,
        _ => Stop::Failed(format!("the terminal failed: {e}")),
    }
}

impl Prompter for Terminal {
    fn start(&mut self, title: &str, summary: &str, saved_to: &str, resuming: bool) {
        self.line(&if self.colour {
            style(title).bold().to_string()
        } else {
            title.to_string()
        });
        if !summary.is_empty() {
            self.line(summary);
        }
        let verb = if resuming {
            "Carrying on with your answers in"
        } else {
            "Your answers are saved after each one to"
        };
        self.dim(&format!("{verb} {saved_to}"));
        self.dim(
            "Type < (or press Esc in a list) to go back. Ctrl-C stops and keeps your answers.",
        );
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
        self.dim(&format!(
            "Section {} of {} · question {} of {}",
            p.section, p.sections, p.question, p.questions
        ));
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
            _ => self.typed(q),
        }
    }

    fn more(&mut self, question: &str, count: usize) -> Result<More, Stop> {
        let items = ["Yes".to_string(), "No".to_string()];
        Ok(
            match self.select(&format!("{question} ({count} so far)"), &items, 1)? {
                Some(0) => More::Yes,
                Some(_) => More::No,
                None => More::Back,
            },
        )
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
        self.line("");
        self.line(&if self.colour {
            style("Your answers").bold().to_string()
        } else {
            "== Your answers ==".into()
        });
        let width = usize::from(self.term.size().1).clamp(40, 120);
        let mut choices = vec!["Finish and write the document".to_string()];
        for item in items {
            let entry = item
                .entry
                .as_ref()
                .map_or_else(String::new, |e| format!(" · {e}"));
            let answer = item
                .answer
                .as_deref()
                .unwrap_or("(not answered)")
                .replace('\n', " / ");
            let mut line = format!(
                "Change: [{}{entry}] {}: {answer}",
                item.section, item.prompt
            );
            if line.chars().count() > width - 6 {
                line = line.chars().take(width - 7).collect::<String>() + "…";
            }
            choices.push(line);
        }
        let chosen = Select::with_theme(self.theme.as_ref())
            .with_prompt("Check your answers; pick one to change it")
            .items(&choices)
            .default(0)
            .max_length(15)
            .interact_on(&self.term)
            .map_err(stop)?;
        Ok(if chosen == 0 {
            ReviewChoice::Finish
        } else {
            ReviewChoice::Change(chosen - 1)
        })
    }
}
