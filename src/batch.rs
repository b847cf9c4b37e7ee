//! Many inputs through the same pipeline in parallel, each into its own file in one folder.
//!
//! Rendering runs on `jobs` threads (one per core by default) that take the next input as they
//! finish one; writing runs on a few threads of its own, so that the wait for the disk to
//! confirm a file (each output is synced before it is put in place) overlaps with rendering
//! instead of holding a core. A bounded queue between them keeps at most a few documents in
//! memory. Fonts and worksheets are shared read-only by every thread (see `render::pdf::fonts`).
//!
//! Each input's result and warnings are kept with its place in the list and reported once, in
//! input order, whatever order the threads finished in; one bad input never stops the others.
//! The summary names how many were written and failed, and the exit code is the worst one.
//!
//! Owns: the threads, the progress bar (only when the request says stderr is a terminal) and the
//! report. Must not know what is rendered: the caller hands in a function from an input's index
//! to its bytes.

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::sync_channel;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::output::{self, Target};
use crate::report::{self, Exit, Failure};
use crate::request::BatchRequest;

/// How many files are written (and synced) at once.
const WRITERS: usize = 8;

/// One input of a batch: how messages name it and the file it becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub input: String,
    pub output: PathBuf,
}

/// What became of one input.
#[derive(Debug)]
pub struct Outcome {
    pub result: Result<(), Failure>,
    /// Warnings given while rendering it, in order.
    pub warnings: Vec<String>,
}

/// The file an input becomes in `dir`: its name without `.answers.toml`, `-answers.toml` or
/// `.toml`, with the format's extension.
pub fn output_name(dir: &Path, input: &Path, extension: &str) -> PathBuf {
    let name = input
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = [".answers.toml", "-answers.toml", ".toml"]
        .iter()
        .find_map(|suffix| name.strip_suffix(suffix).filter(|s| !s.is_empty()))
        .unwrap_or(&name);
    dir.join(format!("{stem}.{extension}"))
}

/// Renders every item with `render` (from its index to the document's bytes) and writes it;
/// returns each item's outcome, in item order.
pub fn run(
    items: &[Item],
    req: &BatchRequest,
    render: impl Fn(usize) -> Result<Vec<u8>, Failure> + Sync,
) -> Vec<Outcome> {
    let outcomes: Vec<Mutex<Option<Outcome>>> = items.iter().map(|_| Mutex::new(None)).collect();
    let settle = |i: usize, outcome: Outcome| {
        if let Ok(mut slot) = outcomes[i].lock() {
            *slot = Some(outcome);
        }
    };
    // Two inputs that would become the same file: the first one wins, the others fail.
    let mut todo = Vec::new();
    for (i, item) in items.iter().enumerate() {
        match items[..i].iter().find(|o| o.output == item.output) {
            Some(first) => settle(
                i,
                Outcome {
                    result: Err(Failure::new(
                        Exit::Usage,
                        format!(
                            "it would be written to {}, as {} is",
                            item.output.display(),
                            first.input
                        ),
                    )
                    .hint("rename one of them, or render them into different folders")),
                    warnings: Vec::new(),
                },
            ),
            None => todo.push(i),
        }
    }
    let bar = progress_bar(req.progress, items.len());
    bar.inc((items.len() - todo.len()) as u64);
    let failed = AtomicUsize::new(items.len() - todo.len());
    let done = |i: usize, outcome: Outcome| {
        if outcome.result.is_err() {
            let n = failed.fetch_add(1, Ordering::Relaxed) + 1;
            bar.set_message(format!("{n} failed"));
        }
        settle(i, outcome);
        bar.inc(1);
    };
    match output::folder(&req.dir) {
        Ok(()) => {
            let next = AtomicUsize::new(0);
            let (send, receive) = sync_channel::<(usize, Vec<u8>, Vec<String>)>(req.jobs * 2);
            let receive = Mutex::new(receive);
            std::thread::scope(|scope| {
                for _ in 0..req.jobs.min(todo.len()) {
                    let send = send.clone();
                    let (next, todo, render, done) = (&next, &todo, &render, &done);
                    scope.spawn(move || {
                        while let Some(&i) = todo.get(next.fetch_add(1, Ordering::Relaxed)) {
                            let (bytes, warnings) = report::capture(|| render(i));
                            match bytes {
                                Ok(bytes) => {
                                    if send.send((i, bytes, warnings)).is_err() {
                                        return;
                                    }
                                }
                                Err(f) => done(
                                    i,
                                    Outcome {
                                        result: Err(f),
                                        warnings,
                                    },
                                ),
                            }
                        }
                    });
                }
                drop(send);
                for _ in 0..WRITERS.min(todo.len()) {
                    let (receive, done) = (&receive, &done);
                    scope.spawn(move || {
                        loop {
                            let job = receive.lock().ok().and_then(|r| r.recv().ok());
                            let Some((i, bytes, warnings)) = job else {
                                return;
                            };
                            let target = Target::File(items[i].output.clone());
                            let result = output::write(&target, &bytes, req.force).map_err(written);
                            done(i, Outcome { result, warnings });
                        }
                    });
                }
            });
        }
        Err(e) => {
            let failure = Failure::from(e);
            for &i in &todo {
                done(
                    i,
                    Outcome {
                        result: Err(failure.clone()),
                        warnings: Vec::new(),
                    },
                );
            }
        }
    }
    bar.finish_and_clear();
    outcomes
        .into_iter()
        .map(|slot| {
            slot.into_inner().ok().flatten().unwrap_or_else(|| Outcome {
                result: Err(Failure::new(
                    Exit::Runtime,
                    "it was not rendered (a worker thread stopped)",
                )),
                warnings: Vec::new(),
            })
        })
        .collect()
}

/// A write failure in the words of a batch: an existing file is replaced with `--force`.
fn written(e: output::OutputError) -> Failure {
    let exists = matches!(e, output::OutputError::Exists(_));
    let mut f = Failure::from(e);
    if exists {
        f.hints = vec![
            "pass --force to replace the files already there, or choose another --out-dir".into(),
        ];
    }
    f
}

/// Prints each input's warnings and failure with its name, in order, then "N written, M
/// failed"; fails with the worst exit code when any input failed.
pub fn report(items: &[Item], outcomes: &[Outcome]) -> Result<(), Failure> {
    let mut text = String::new();
    for (item, outcome) in items.iter().zip(outcomes) {
        for w in &outcome.warnings {
            text.push_str(&format!("warning: {}: {w}\n", item.input));
        }
        if let Err(f) = &outcome.result {
            let mut named = f.clone();
            named.message = format!("{}: {}", item.input, f.message);
            text.push_str(&named.render());
        }
    }
    let failed: Vec<Exit> = outcomes
        .iter()
        .filter_map(|o| o.result.as_ref().err().map(|f| f.exit))
        .collect();
    text.push_str(&format!(
        "{} written, {} failed\n",
        outcomes.len() - failed.len(),
        failed.len()
    ));
    report::stderr(&text);
    match report::worst(failed.iter().copied()) {
        None => Ok(()),
        Some(exit) => Err(Failure::new(
            exit,
            format!(
                "{} of {} failed (each is named above)",
                failed.len(),
                report::count(outcomes.len(), "file")
            ),
        )),
    }
}

/// A bar on stderr counting files done and failed; hidden when stderr is not a terminal.
fn progress_bar(shown: bool, len: usize) -> ProgressBar {
    if !shown {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}") {
        bar.set_style(style);
    }
    bar
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::{Format, RenderOptions};

    fn request(dir: &Path, jobs: usize) -> BatchRequest {
        BatchRequest {
            dir: dir.to_path_buf(),
            format: Format::Md,
            force: false,
            options: RenderOptions::default(),
            jobs,
            progress: false,
        }
    }

    #[test]
    fn outputs_are_named_after_their_inputs() {
        let dir = Path::new("out");
        for (input, output) in [
            ("cases/ana.answers.toml", "out/ana.pdf"),
            ("inventory-answers.toml", "out/inventory.pdf"),
            ("sessions/01-phq9.toml", "out/01-phq9.pdf"),
            ("notes", "out/notes.pdf"),
            (".toml", "out/.toml.pdf"),
        ] {
            assert_eq!(
                output_name(dir, Path::new(input), "pdf"),
                PathBuf::from(output)
            );
        }
    }

    #[test]
    fn one_bad_input_does_not_stop_the_rest_and_results_keep_their_order() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        let items: Vec<Item> = (0..20)
            .map(|i| Item {
                input: format!("in{i}"),
                output: out.join(format!("{i}.md")),
            })
            .collect();
        for jobs in [1, 3] {
            let _ = std::fs::remove_dir_all(&out);
            let outcomes = run(&items, &request(&out, jobs), |i| {
                report::warn("a warning kept with its file");
                if i % 7 == 3 {
                    Err(Failure::new(Exit::Answers, "bad answers"))
                } else {
                    Ok(format!("document {i}").into_bytes())
                }
            });
            assert_eq!(outcomes.len(), 20);
            for (i, o) in outcomes.iter().enumerate() {
                assert_eq!(o.result.is_err(), i % 7 == 3, "item {i}");
                assert_eq!(o.warnings, ["a warning kept with its file"]);
                if i % 7 != 3 {
                    let text = std::fs::read_to_string(out.join(format!("{i}.md"))).unwrap();
                    assert_eq!(text, format!("document {i}"));
                }
            }
            let failure = report(&items, &outcomes).unwrap_err();
            assert_eq!(failure.exit, Exit::Answers);
            assert!(failure.message.starts_with("3 of 20 files failed"));
        }
    }

    #[test]
    fn two_inputs_with_one_output_name_fail_the_second_only() {
        let dir = tempfile::tempdir().unwrap();
        let item = |input: &str| Item {
            input: input.into(),
            output: dir.path().join("same.md"),
        };
        let items = [item("a/same.toml"), item("b/same.toml")];
        let outcomes = run(&items, &request(dir.path(), 2), |_| Ok(b"x".to_vec()));
        assert!(outcomes[0].result.is_ok());
        let failure = outcomes[1].result.as_ref().unwrap_err();
        assert!(
            failure.message.contains("a/same.toml"),
            "{}",
            failure.message
        );
    }

    #[test]
    fn the_worst_exit_code_wins() {
        assert_eq!(
            report::worst([Exit::Runtime, Exit::Definition, Exit::Answers]),
            Some(Exit::Definition)
        );
        assert_eq!(report::worst([]), None);
    }
}
