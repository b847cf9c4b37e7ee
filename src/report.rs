//! What the user reads when something goes wrong, and the exit-code policy.
//!
//! Owns: `error:` / `hint:` presentation and the mapping of every failure to its documented exit
//! code. The only module that prints errors, through [`stderr`], which never panics and never
//! lets a control character through. Never prints an answer: messages come from `Problem`s and
//! `Diagnostic`s, which name questions, not values.

use std::fmt::Write as _;

use crate::answers::Problem;
use crate::output::OutputError;
use crate::render::RenderError;
use crate::spec::Diagnostic;
use crate::spec::catalog::LookupError;

/// The documented exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Ok = 0,
    /// A runtime failure: a file could not be read or written, or would be overwritten.
    Runtime = 1,
    /// The command line is wrong (clap uses 2 as well).
    Usage = 2,
    /// Answers are missing or invalid.
    Answers = 3,
    /// A worksheet, resource or template definition is invalid.
    Definition = 4,
    /// Interrupted; answers so far were saved.
    Interrupted = 130,
}

/// The exit codes as printed in `--help` and the README.
pub const EXIT_CODES_HELP: &str = "Exit codes:
  0    success
  1    runtime failure (a file could not be read or written, or exists and --force was not given,
       or is an input, a link or not a regular file)
  2    usage error (bad arguments, unknown worksheet, unsupported format, unusable --font,
       SOURCE_DATE_EPOCH outside 1970-9999)
  3    answers missing or invalid (each problem names the question id)
  4    worksheet, resource or template definition invalid (file:line:column)
  130  interrupted by Ctrl-C, SIGTERM or SIGHUP (answers given so far are saved; 131 for SIGQUIT)";

/// A failure on its way to the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub exit: Exit,
    pub message: String,
    /// One problem per entry, printed below the message.
    pub details: Vec<String>,
    pub hints: Vec<String>,
}

impl Failure {
    pub fn new(exit: Exit, message: impl Into<String>) -> Failure {
        Failure {
            exit,
            message: message.into(),
            details: Vec::new(),
            hints: Vec::new(),
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Failure {
        self.hints.push(hint.into());
        self
    }

    /// Worksheet or data-file problems (exit 4).
    pub fn definition(diagnostics: &[Diagnostic]) -> Failure {
        let files: std::collections::BTreeSet<&str> =
            diagnostics.iter().map(|d| d.file.as_str()).collect();
        let what = if files.len() == 1 {
            files.into_iter().next().unwrap_or_default().to_string()
        } else {
            format!("{} files", files.len())
        };
        Failure {
            exit: Exit::Definition,
            message: format!("{} in {what}", count(diagnostics.len(), "problem")),
            details: diagnostics.iter().map(ToString::to_string).collect(),
            hints: Vec::new(),
        }
    }

    /// Answer problems (exit 3; exit 4 when the worksheet itself is at fault).
    pub fn answers(problems: &[Problem]) -> Failure {
        let definition = problems.iter().any(|p| p.definition);
        Failure {
            exit: if definition {
                Exit::Definition
            } else {
                Exit::Answers
            },
            message: format!("{} with the answers", count(problems.len(), "problem")),
            details: problems.iter().map(ToString::to_string).collect(),
            hints: Vec::new(),
        }
    }

    /// Prints the failure to stderr (ignoring a stderr that cannot be written).
    pub fn print(&self) {
        stderr(&self.render());
    }

    /// The text printed for this failure. An interrupted interview is not an error: its
    /// message (what is saved, how to carry on) is printed as it is, or not at all when empty.
    pub fn render(&self) -> String {
        if self.exit == Exit::Interrupted {
            return if self.message.is_empty() {
                String::new()
            } else {
                format!("\n{}\n", self.message)
            };
        }
        let mut s = format!("error: {}\n", self.message);
        for d in &self.details {
            let mut lines = d.lines();
            if let Some(first) = lines.next() {
                let _ = writeln!(s, "  - {first}");
            }
            for line in lines {
                let _ = writeln!(s, "    {}", line.trim_start());
            }
        }
        for h in &self.hints {
            let _ = writeln!(s, "hint: {h}");
        }
        s
    }
}

/// Prints a warning to stderr, or keeps it when this thread is inside [`capture`].
pub fn warn(message: &str) {
    let kept = CAPTURED.with(|c| match c.borrow_mut().as_mut() {
        Some(kept) => {
            kept.push(message.to_string());
            true
        }
        None => false,
    });
    if !kept {
        stderr(&format!("warning: {message}\n"));
    }
}

thread_local! {
    static CAPTURED: std::cell::RefCell<Option<Vec<String>>> = const { std::cell::RefCell::new(None) };
}

/// Runs `f` and hands back the warnings it gave on this thread instead of printing them, so a
/// batch can print each file's warnings with its name, in order.
pub fn capture<T>(f: impl FnOnce() -> T) -> (T, Vec<String>) {
    let before = CAPTURED.with(|c| c.replace(Some(Vec::new())));
    let out = f();
    let kept = CAPTURED.with(|c| c.replace(before)).unwrap_or_default();
    (out, kept)
}

/// Prints a note to stderr (something done that the person should know of).
pub fn note(message: &str) {
    stderr(&format!("note: {message}\n"));
}

/// Writes text to stderr: hidden characters (escape sequences, bidi overrides) are shown, not
/// obeyed, and a stderr that cannot be written (closed, full) is ignored, never a panic.
pub fn stderr(text: &str) {
    use std::io::Write as _;
    let mut err = std::io::stderr().lock();
    let _ = err
        .write_all(crate::visible::show(text).as_bytes())
        .and_then(|()| err.flush());
}

/// Prints a line for the person on stderr (shown, not obeyed; never a panic).
pub fn say(message: &str) {
    stderr(&format!("{message}\n"));
}

/// Exit codes ranked: the highest is the worst (a definition problem over invalid answers over
/// a usage error over a runtime failure).
pub fn worst(exits: impl IntoIterator<Item = Exit>) -> Option<Exit> {
    exits.into_iter().max_by_key(|e| *e as i32)
}

/// "1 problem", "3 problems".
pub fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

impl From<OutputError> for Failure {
    fn from(e: OutputError) -> Failure {
        match e {
            OutputError::Exists(p) => Failure::new(
                Exit::Runtime,
                format!("{} already exists; it was left unchanged", p.display()),
            )
            .hint("pass --force to replace it, or choose another name with -o"),
            OutputError::IsInput(p) => Failure::new(
                Exit::Runtime,
                format!(
                    "{} is a file this command reads; it was left unchanged",
                    p.display()
                ),
            )
            .hint("choose another name with -o"),
            OutputError::NotRegular { path, kind } => Failure::new(
                Exit::Runtime,
                format!(
                    "{} is {kind}, not a regular file; it was left unchanged",
                    path.display()
                ),
            )
            .hint(
                "name a regular file with -o (not a link to one), or use -o - for standard output",
            ),
            OutputError::Twice(p) => Failure::new(
                Exit::Usage,
                format!("{} is named for two outputs", p.display()),
            )
            .hint("give each output its own file"),
            OutputError::Io { path, error } => Failure::new(
                Exit::Runtime,
                format!("cannot write {}: {error}", path.display()),
            ),
        }
    }
}

impl From<RenderError> for Failure {
    fn from(e: RenderError) -> Failure {
        match e {
            RenderError::Template(t) => Failure::new(Exit::Definition, t.to_string())
                .hint("fix the template (from --templates or your config folder), or remove it to use the built-in one"),
            RenderError::Font { name, reason } => Failure::new(Exit::Usage, format!("cannot use the font {name}: {reason}"))
                .hint("--font takes a TrueType or OpenType font file (.ttf, .otf or .ttc), e.g. one from /usr/share/fonts"),
            RenderError::Pdf(reason) => Failure::new(Exit::Runtime, format!("could not assemble the PDF: {reason}")),
            RenderError::NotAnswers => Failure::new(Exit::Usage, "JSON output is made from answers, and this is not a set of answers (a blank handout, a plan's sessions, a packet)")
                .hint("write Markdown or PDF here; `ipt status --json` and `ipt list --json` describe the rest"),
            RenderError::NoChart => Failure::new(Exit::Usage, "this document has no chart to draw as SVG")
                .hint("SVG is for charts of scores: `ipt progress -o progress.svg`; name the file .md or .pdf for this one"),
        }
    }
}

impl From<LookupError> for Failure {
    fn from(e: LookupError) -> Failure {
        match e {
            LookupError::NotFound { wanted, suggestion } => {
                let f = Failure::new(Exit::Usage, format!("no worksheet `{wanted}`"));
                match suggestion {
                    Some(s) => f.hint(format!("did you mean `{s}`? `ipt list` shows every worksheet")),
                    None => f.hint("`ipt list` shows every worksheet; a path must point to an existing .toml file"),
                }
            }
            LookupError::Invalid(d) => {
                Failure::definition(&d).hint("`ipt validate FILE` checks a worksheet")
            }
        }
    }
}
