//! Plain mode: one line in, one line out. Works with screen readers and with answers piped on
//! standard input (`printf 'Ana\n3\n' | ipt fill … --plain`); at the end of input it stops
//! cleanly instead of hanging.
//!
//! Owns: the line-based wording of prompts. Reads only from the reader and writes only to the
//! writer it is given (stdin and stderr in real use), so tests can drive it in memory.

use std::io::{BufRead, Write};

use super::{More, Prompter, Question, Reply, ReviewChoice, ReviewItem, Stop};
use crate::spec::FieldType;

/// The line-based prompter.
pub struct Plain<R: BufRead, W: Write> {
    input: R,
    out: W,
}

impl<R: BufRead, W: Write> Plain<R, W> {
    pub fn new(input: R, out: W) -> Self {
        Plain { input, out }
    }

    fn line(&mut self) -> Result<String, Stop> {
        let _ = self.out.flush();
        let mut line = String::new();
        match self.input.read_line(&mut line) {
            Ok(0) => Err(Stop::EndOfInput),
            Ok(_) => Ok(line.trim_end_matches(['\n', '\r']).to_string()),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => Err(Stop::Interrupted),
            Err(e) => Err(Stop::Failed(format!("cannot read standard input: {e}"))),
        }
    }

    fn say(&mut self, text: &str) {
        let _ = writeln!(self.out, "{text}");
    }

    /// Lines until `end` (a lone "." for long text, an empty line for lists).
    fn lines_until(&mut self, first: String, end: &str) -> Result<Vec<String>, Stop> {
        let mut lines = vec![first];
        loop {
            match self.line() {
                Ok(l) if l.trim() == end => return Ok(lines),
                Ok(l) => lines.push(l),
                Err(Stop::EndOfInput) => return Ok(lines),
                Err(e) => return Err(e),
            }
        }
    }
}

/// An option picked by its number, else the text as typed (matched to a value or label later).
fn by_number(text: &str, q: &Question) -> String {
    match text.trim().parse::<usize>() {
        Ok(n) if (1..=q.options.len()).contains(&n) => q.options[n - 1].value.clone(),
        _ => text.trim().to_string(),
    }
}

impl<R: BufRead, W: Write> Prompter for Plain<R, W> {
    fn start(&mut self, title: &str, summary: &str, saved_to: &str, resuming: bool) {
        self.say(title);
        if !summary.is_empty() {
            self.say(summary);
        }
        let verb = if resuming {
            "Carrying on with the answers in"
        } else {
            "Your answers are saved after each one to"
        };
        self.say(&format!("{verb} {saved_to}"));
        self.say("Type < to go back. Press Enter to leave out a question that is not required.");
    }

    fn section(&mut self, title: &str, intro: &str) {
        self.say(&format!("\n== {title} =="));
        if !intro.trim().is_empty() {
            self.say(intro.trim());
        }
    }

    fn ask(&mut self, q: &Question) -> Result<Reply, Stop> {
        let p = &q.progress;
        self.say(&format!(
            "\n[Section {} of {} · question {} of {}]",
            p.section, p.sections, p.question, p.questions
        ));
        if let Some(error) = &q.error {
            self.say(&format!("! {error}"));
        }
        self.say(&format!(
            "{}{}",
            q.prompt,
            if q.required { " (required)" } else { "" }
        ));
        if let Some(help) = &q.help {
            self.say(&format!("  {help}"));
        }
        if let Some(example) = &q.example {
            self.say(&format!("  For example: {example}"));
        }
        match q.kind {
            FieldType::Choice | FieldType::MultiChoice => {
                for (i, o) in q.options.iter().enumerate() {
                    match &o.help {
                        Some(help) => self.say(&format!("  {}. {} — {help}", i + 1, o.label)),
                        None => self.say(&format!("  {}. {}", i + 1, o.label)),
                    }
                }
                let how = if q.kind == FieldType::MultiChoice {
                    "Numbers or names, separated by commas"
                } else {
                    "A number or a name"
                };
                let other = if q.allow_other {
                    ", or type another answer"
                } else {
                    ""
                };
                self.say(&format!("  ({how}{other}.)"));
            }
            FieldType::Scale => {
                let labels: Vec<String> = q
                    .scale
                    .iter()
                    .filter_map(|(v, l)| l.as_ref().map(|l| format!("{v} = {l}")))
                    .collect();
                let (lo, hi) = (
                    q.scale.first().map_or(0, |s| s.0),
                    q.scale.last().map_or(0, |s| s.0),
                );
                self.say(&format!(
                    "  (A number from {lo} to {hi}{}{}.)",
                    if labels.is_empty() { "" } else { "; " },
                    labels.join(", ")
                ));
            }
            FieldType::YesNo => self.say("  (yes or no)"),
            FieldType::Date => self.say("  (a date as YYYY-MM-DD)"),
            FieldType::LongText => {
                self.say("  (As many lines as you like; finish with a line holding only a dot: .)")
            }
            FieldType::List => self.say("  (One item a line; finish with an empty line.)"),
            _ => {}
        }
        if let Some(current) = &q.current {
            let label = q
                .options
                .iter()
                .find(|o| &o.value == current)
                .map(|o| o.label.as_str());
            let shown = label.unwrap_or(current).replace('\n', " / ");
            self.say(&format!("  Now: {shown} (press Enter to keep it)"));
        }
        let _ = write!(self.out, "> ");
        let first = self.line()?;
        if first.trim() == "<" {
            return Ok(Reply::Back);
        }
        let keep = || q.current.clone().map_or(Reply::Skip, Reply::Text);
        Ok(match q.kind {
            FieldType::LongText => {
                if first.trim() == "." || (first.trim().is_empty() && q.current.is_some()) {
                    return Ok(keep());
                }
                let lines = self.lines_until(first, ".")?;
                Reply::Text(lines.join("\n"))
            }
            FieldType::List => {
                if first.trim().is_empty() {
                    return Ok(if q.current_items.is_empty() {
                        Reply::Skip
                    } else {
                        Reply::Items(q.current_items.clone())
                    });
                }
                Reply::Items(self.lines_until(first, "")?)
            }
            FieldType::MultiChoice => {
                if first.trim().is_empty() {
                    return Ok(if q.current_items.is_empty() {
                        Reply::Skip
                    } else {
                        Reply::Items(q.current_items.clone())
                    });
                }
                Reply::Items(
                    first
                        .split(',')
                        .map(|t| by_number(t, q))
                        .filter(|t| !t.is_empty())
                        .collect(),
                )
            }
            FieldType::Choice if !first.trim().is_empty() => Reply::Text(by_number(&first, q)),
            _ if first.trim().is_empty() => keep(),
            _ => Reply::Text(first),
        })
    }

    fn more(&mut self, question: &str, count: usize) -> Result<More, Stop> {
        loop {
            let _ = write!(self.out, "\n{question} ({count} so far; yes or no) > ");
            match self.line()?.trim().to_lowercase().as_str() {
                "y" | "yes" => return Ok(More::Yes),
                "n" | "no" | "" => return Ok(More::No),
                "<" => return Ok(More::Back),
                _ => self.say("! Please answer yes or no."),
            }
        }
    }

    fn notice(&mut self, text: &str) {
        self.say(&format!(
            "\n{}\n{}\n{}",
            "-".repeat(60),
            text.trim(),
            "-".repeat(60)
        ));
    }

    fn review(&mut self, items: &[ReviewItem]) -> Result<ReviewChoice, Stop> {
        self.say("\n== Your answers ==");
        for (i, item) in items.iter().enumerate() {
            let entry = item
                .entry
                .as_ref()
                .map_or_else(String::new, |e| format!(" · {e}"));
            let answer = item
                .answer
                .as_deref()
                .unwrap_or("(not answered)")
                .replace('\n', " / ");
            self.say(&format!(
                "{:>3}. [{}{entry}] {}: {answer}",
                i + 1,
                item.section,
                item.prompt
            ));
        }
        loop {
            let _ = write!(
                self.out,
                "Press Enter to finish, or type a number to change that answer > "
            );
            let line = self.line()?;
            match line.trim() {
                "" => return Ok(ReviewChoice::Finish),
                n => match n.parse::<usize>() {
                    Ok(n) if (1..=items.len()).contains(&n) => {
                        return Ok(ReviewChoice::Change(n - 1));
                    }
                    _ => self.say(&format!(
                        "! Please type a number from 1 to {}, or just press Enter.",
                        items.len()
                    )),
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::Opt;
    use crate::interview::Progress;

    fn choice() -> Question {
        Question {
            id: "dispute.stage".into(),
            prompt: "Where are things now?".into(),
            help: None,
            example: None,
            kind: FieldType::Choice,
            required: true,
            options: vec![
                Opt {
                    value: "renegotiation".into(),
                    label: "Still talking".into(),
                    help: Some("Find a way to talk it through.".into()),
                },
                Opt {
                    value: "impasse".into(),
                    label: "Stuck".into(),
                    help: None,
                },
            ],
            allow_other: false,
            scale: Vec::new(),
            current: Some("impasse".into()),
            current_items: Vec::new(),
            error: Some("Please choose one of the options.".into()),
            progress: Progress {
                section_title: "The dispute".into(),
                section: 2,
                sections: 5,
                question: 4,
                questions: 11,
                entry: None,
            },
        }
    }

    #[test]
    fn a_choice_lists_numbered_options_with_their_help_and_takes_a_number() {
        let mut out = Vec::new();
        let reply = Plain::new(&b"1\n"[..], &mut out).ask(&choice()).unwrap();
        assert_eq!(reply, Reply::Text("renegotiation".into()));
        let shown = String::from_utf8(out).unwrap();
        assert!(
            shown.contains("[Section 2 of 5 · question 4 of 11]"),
            "{shown}"
        );
        assert!(shown.contains("! Please choose one of the options."));
        assert!(shown.contains("  1. Still talking — Find a way to talk it through."));
        assert!(
            shown.contains("Now: Stuck (press Enter to keep it)"),
            "the current answer by its label"
        );
    }

    #[test]
    fn enter_keeps_the_current_answer_and_the_end_of_input_stops() {
        let mut out = Vec::new();
        assert_eq!(
            Plain::new(&b"\n"[..], &mut out).ask(&choice()).unwrap(),
            Reply::Text("impasse".into())
        );
        assert_eq!(
            Plain::new(&b""[..], &mut out).ask(&choice()).unwrap_err(),
            Stop::EndOfInput
        );
        assert_eq!(
            Plain::new(&b"<\n"[..], &mut out).ask(&choice()).unwrap(),
            Reply::Back
        );
    }
}
