//! Plain mode: one line in, one line out. Works with screen readers and with answers piped on
//! standard input (`printf 'Ana\n3\n' | ipt fill … --plain`); at the end of input it stops
//! cleanly instead of hanging, and input that ends after the last question finishes the worksheet.
//!
//! Owns: the line-based wording of prompts. Reads only from the reader and writes only to the
//! writer it is given (stdin and stderr in real use), so tests can drive it in memory. What a
//! typed number means is `choosing`'s rule, shared with the terminal prompter.

use std::io::{BufRead, Write};

use super::choosing::{pick, pick_many, yes_no};
use super::{
    FINISH_HINT, LEAVE_OUT_HINT, More, Prompter, Question, Reply, ReviewChoice, ReviewItem, Stop,
};
use crate::spec::FieldType;

/// The line-based prompter.
pub struct Plain<R: BufRead, W: Write> {
    input: R,
    out: W,
    /// The input has ended once already (at the review, where that means "finish").
    ended: bool,
}

impl<R: BufRead, W: Write> Plain<R, W> {
    pub fn new(input: R, out: W) -> Self {
        Plain {
            input,
            out,
            ended: false,
        }
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

    /// Lines after `first` until one that `ends` (the end of input ends too).
    fn more_lines(
        &mut self,
        first: String,
        ends: impl Fn(&str) -> bool,
    ) -> Result<Vec<String>, Stop> {
        let mut lines = vec![first];
        loop {
            match self.line() {
                Ok(l) if ends(l.trim()) => return Ok(lines),
                Ok(l) => lines.push(l),
                Err(Stop::EndOfInput) => return Ok(lines),
                Err(e) => return Err(e),
            }
        }
    }

    /// The lines that say how to answer: the options, the form, how to leave it out.
    fn how_to_answer(&mut self, q: &Question) {
        match q.kind {
            FieldType::Choice | FieldType::MultiChoice => {
                for (i, o) in q.options.iter().enumerate() {
                    let n = q.number(i);
                    match &o.help {
                        Some(help) => self.say(&format!("  {n}. {} — {help}", o.label)),
                        None => self.say(&format!("  {n}. {}", o.label)),
                    }
                }
                let how = if q.kind == FieldType::MultiChoice {
                    "Type the numbers in front of your answers, separated by commas"
                } else {
                    "Type the number in front of your answer"
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
                self.say(&format!("  (As many lines as you like; {FINISH_HINT}.)"))
            }
            FieldType::List => self.say(&format!(
                "  (One item a line; an empty line or {FINISH_HINT}.)"
            )),
            _ => {}
        }
        if let Some(current) = &q.current {
            let label = q
                .options
                .iter()
                .find(|o| &o.value == current)
                .map(|o| o.label.as_str());
            let shown = label.unwrap_or(current).replace('\n', " / ");
            self.say(&format!("  Now: {shown} (Enter on an empty line keeps it)"));
        } else if !q.required {
            self.say(&format!("  ({LEAVE_OUT_HINT}.)"));
        }
    }
}

/// Enter on an empty line: the answer so far stays; without one the question is left out.
fn keep_or_skip(q: &Question) -> Reply {
    match q.kind {
        FieldType::List | FieldType::MultiChoice if !q.current_items.is_empty() => {
            Reply::Items(q.current_items.clone())
        }
        _ => q.current.clone().map_or(Reply::Skip, Reply::Text),
    }
}

/// A lone dot is never an answer: it only finishes a long one.
fn lone_dot(q: &Question) -> String {
    if q.required {
        "A line with only a dot is not an answer; please type your answer.".into()
    } else {
        format!("A line with only a dot is not an answer; {LEAVE_OUT_HINT}.")
    }
}

const NO_EDITOR_HERE: &str =
    "`:edit` opens an editor only in the terminal prompts; here, please type your answer.";

impl<R: BufRead, W: Write> Plain<R, W> {
    /// Reads one reply to `q` from `first` (and more lines for long answers); `Err` is a message
    /// to show before asking again.
    fn reply(&mut self, q: &Question, first: String) -> Result<Result<Reply, String>, Stop> {
        let t = first.trim();
        if t.is_empty() {
            return Ok(Ok(keep_or_skip(q)));
        }
        Ok(match q.kind {
            FieldType::LongText => {
                if t == "." {
                    return Ok(Ok(keep_or_skip(q)));
                }
                if t == ":edit" {
                    return Ok(Err(NO_EDITOR_HERE.into()));
                }
                let lines = self.more_lines(first, |l| l == ".")?;
                Ok(Reply::Text(lines.join("\n")))
            }
            FieldType::List => {
                if t == "." {
                    return Ok(Ok(keep_or_skip(q)));
                }
                let lines = self.more_lines(first, |l| l.is_empty() || l == ".")?;
                Ok(Reply::Items(lines))
            }
            _ if t == "." => Err(lone_dot(q)),
            _ if t == ":edit" => Err(NO_EDITOR_HERE.into()),
            FieldType::Choice => pick(q, t).map(Reply::Text),
            FieldType::MultiChoice => pick_many(q, t).map(|v| {
                if v.is_empty() {
                    keep_or_skip(q)
                } else {
                    Reply::Items(v)
                }
            }),
            FieldType::YesNo => yes_no(t).map(|b| Reply::Text(if b { "yes" } else { "no" }.into())),
            FieldType::Scale => Ok(Reply::Text(
                q.scale
                    .iter()
                    .find(|(_, l)| l.as_deref().is_some_and(|l| l.eq_ignore_ascii_case(t)))
                    .map_or_else(|| t.to_string(), |(v, _)| v.to_string()),
            )),
            _ => Ok(Reply::Text(first)),
        })
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
        self.say(&format!(
            "Type < to go back. {LEAVE_OUT_HINT}, unless it is required. Ctrl-C stops and keeps your answers."
        ));
    }

    fn section(&mut self, title: &str, intro: &str) {
        self.say(&format!("\n== {title} =="));
        if !intro.trim().is_empty() {
            self.say(intro.trim());
        }
    }

    fn ask(&mut self, q: &Question) -> Result<Reply, Stop> {
        let p = &q.progress;
        self.say(&format!("\n[{}]", p.counter()));
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
        loop {
            self.how_to_answer(q);
            let _ = write!(self.out, "> ");
            let first = self.line()?;
            if first.trim() == "<" {
                return Ok(Reply::Back);
            }
            match self.reply(q, first)? {
                Ok(reply) => return Ok(reply),
                Err(message) => self.say(&format!("! {message}")),
            }
        }
    }

    fn more(&mut self, question: &str, count: usize) -> Result<More, Stop> {
        loop {
            let _ = write!(
                self.out,
                "\n{question} ({count} so far; yes or no, Enter for no) > "
            );
            let answer = match self.line() {
                // Input that ends here has answered every question it meant to.
                Err(Stop::EndOfInput) => return Ok(More::No),
                other => other?,
            };
            match answer.trim().to_lowercase().as_str() {
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
            let line = match self.line() {
                // The input ended after the last question: that finishes the worksheet (once;
                // if something is still missing, the next question stops the interview).
                Err(Stop::EndOfInput) if !self.ended => {
                    self.ended = true;
                    self.say("");
                    return Ok(ReviewChoice::Finish);
                }
                other => other?,
            };
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

    fn choose(&mut self, question: &str, options: &[String]) -> Result<usize, Stop> {
        self.say(&format!("\n{question}"));
        loop {
            for (i, o) in options.iter().enumerate() {
                self.say(&format!("  {}. {o}", i + 1));
            }
            let _ = write!(self.out, "(Type the number in front of your answer.) > ");
            let line = self.line()?;
            match line.trim().parse::<usize>() {
                Ok(n) if (1..=options.len()).contains(&n) => return Ok(n - 1),
                _ => self.say(&format!(
                    "! Please type a number from 1 to {}.",
                    options.len()
                )),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::Opt;
    use crate::interview::{Progress, Total};

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
            typed: None,
            error: Some("Please choose one of the options.".into()),
            progress: Progress {
                section_title: "The dispute".into(),
                section: 2,
                sections: Total::Exactly(5),
                question: 4,
                questions: Total::AtMost(11),
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
            shown.contains("[Section 2 of 5 · question 4 of up to 11]"),
            "{shown}"
        );
        assert!(shown.contains("! Please choose one of the options."));
        assert!(shown.contains("  1. Still talking — Find a way to talk it through."));
        assert!(
            shown.contains("Now: Stuck (Enter on an empty line keeps it)"),
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

    fn phq_item() -> Question {
        let mut q = choice();
        q.id = "items.q9".into();
        q.required = false;
        q.current = None;
        q.error = None;
        q.options = [
            "Not at all",
            "Several days",
            "More than half the days",
            "Nearly every day",
        ]
        .iter()
        .enumerate()
        .map(|(i, l)| Opt {
            value: i.to_string(),
            label: l.to_string(),
            help: None,
        })
        .collect();
        q
    }

    fn ask(q: &Question, input: &str) -> (Result<Reply, Stop>, String) {
        let mut out = Vec::new();
        let reply = Plain::new(input.as_bytes(), &mut out).ask(q);
        (reply, String::from_utf8(out).unwrap())
    }

    #[test]
    fn a_scored_answer_is_numbered_by_its_score_and_the_typed_score_is_kept() {
        let (reply, shown) = ask(&phq_item(), "1\n");
        assert_eq!(
            reply.unwrap(),
            Reply::Text("1".into()),
            "1 means Several days"
        );
        assert!(shown.contains("  0. Not at all") && shown.contains("  3. Nearly every day"));
        assert!(
            shown.contains("Enter on an empty line leaves it out"),
            "{shown}"
        );
    }

    #[test]
    fn a_number_that_is_not_shown_is_asked_again_with_the_options() {
        let (reply, shown) = ask(&phq_item(), "4\n3\n");
        assert_eq!(reply.unwrap(), Reply::Text("3".into()));
        assert!(shown.contains("! There is no answer numbered 4"), "{shown}");
        assert_eq!(shown.matches("  3. Nearly every day").count(), 2, "{shown}");
    }

    #[test]
    fn a_lone_dot_is_never_an_answer_to_a_one_line_question() {
        let mut q = choice();
        q.kind = FieldType::Text;
        q.current = None;
        q.options.clear();
        let (reply, shown) = ask(&q, ".\nTalk to Sam\n");
        assert_eq!(reply.unwrap(), Reply::Text("Talk to Sam".into()));
        assert!(
            shown.contains("! A line with only a dot is not an answer"),
            "{shown}"
        );
        q.required = false;
        let (reply, _) = ask(&q, "\n");
        assert_eq!(
            reply.unwrap(),
            Reply::Skip,
            "Enter on an empty line leaves it out"
        );
    }

    #[test]
    fn the_end_of_input_at_the_review_finishes_once() {
        let mut out = Vec::new();
        let mut plain = Plain::new(&b""[..], &mut out);
        assert_eq!(plain.review(&[]).unwrap(), ReviewChoice::Finish);
        assert_eq!(plain.review(&[]).unwrap_err(), Stop::EndOfInput);
        assert_eq!(plain.more("Add another?", 1).unwrap(), More::No);
    }

    #[test]
    fn edit_is_not_saved_as_an_answer_in_plain_mode() {
        let mut q = choice();
        q.kind = FieldType::LongText;
        q.current = None;
        let (reply, shown) = ask(&q, ":edit\nMy words\n.\n");
        assert_eq!(reply.unwrap(), Reply::Text("My words".into()));
        assert!(shown.contains("`:edit` opens an editor only in the terminal"));
    }
}
