//! The rows of the speed table in docs/performance.md, each as a benchmark: the filled
//! interpersonal inventory (the example answers) to PDF and to Markdown as a whole process (the
//! release `ipt` started, answers read, checked, rendered and written) and the same work in
//! process with the fonts already parsed; and 1,000 filled inventories to PDFs in one command.
//! The batch's peak memory is not a criterion measurement: `scripts/bench` takes it with
//! `/usr/bin/time -v`. Run with `cargo bench --bench whole` (the batch alone:
//! `cargo bench --bench whole -- batch`).
//!
//! Every `ipt` started has its own empty config folder and `SOURCE_DATE_EPOCH`, so a person's
//! settings do not change what is measured.

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use clap::Parser;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};

const EPOCH: &str = "1767225600";
const BATCH: usize = 1000;

fn inventory() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/inventory.answers.toml")
}

/// `ipt ARGS` in `dir`, as a script would start it; panics unless it succeeds.
fn ipt(dir: &Path, args: &[&str]) {
    let status = Command::new(env!("CARGO_BIN_EXE_ipt"))
        .args(args)
        .current_dir(dir)
        .env("XDG_CONFIG_HOME", dir.join("config"))
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("ipt starts");
    assert!(status.success(), "ipt {args:?}: {status}");
}

/// The rows "filled inventory → PDF / Markdown, whole process", and the same in process.
fn one(c: &mut Criterion) {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let answers = inventory();
    let answers = answers.to_str().unwrap();
    let mut group = c.benchmark_group("one inventory");
    group.sample_size(50);
    for (format, file) in [("pdf", "inventory.pdf"), ("md", "inventory.md")] {
        let args = ["render", answers, "--format", format, "-o", file, "--force"];
        group.bench_function(format!("to {format}, whole process"), |b| {
            b.iter(|| ipt(dir.path(), black_box(&args)))
        });
        // In process: the same command through `app::run`, fonts parsed by the first iteration.
        // It reads this process's environment (`scripts/bench` gives it an empty config folder).
        let out = dir.path().join(file);
        let out = out.to_str().unwrap();
        let argv = [
            "ipt", "render", answers, "--format", format, "-o", out, "--force",
        ];
        group.bench_function(format!("to {format}, in process"), |b| {
            b.iter(|| ipt::app::run(ipt::cli::Cli::parse_from(black_box(argv))).unwrap())
        });
    }
    group.finish();
}

/// An output folder, removed when dropped.
struct Folder(PathBuf);

impl Drop for Folder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The row "1,000 filled inventories → PDFs, one command": a folder of 1,000 copies of the
/// example answers rendered into a new folder each time.
fn batch(c: &mut Criterion) {
    // On the disk the build is on (not a tmpfs): every output is synced before it is renamed.
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let text = std::fs::read_to_string(inventory()).unwrap();
    std::fs::create_dir(dir.path().join("in")).unwrap();
    for i in 0..BATCH {
        std::fs::write(dir.path().join(format!("in/{i:04}.answers.toml")), &text).unwrap();
    }
    let mut group = c.benchmark_group("batch");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(40))
        .warm_up_time(Duration::from_secs(1));
    let mut run = 0;
    group.bench_function("1000 inventories to pdf, one command", |b| {
        b.iter_batched(
            || {
                run += 1;
                Folder(dir.path().join(format!("out{run}")))
            },
            |out| {
                let name = out.0.to_str().unwrap();
                ipt(
                    dir.path(),
                    &["render", "in", "--out-dir", name, "--format", "pdf"],
                );
                out
            },
            // The folder is removed when dropped, outside the measurement.
            BatchSize::PerIteration,
        );
    });
    group.finish();
}

criterion_group!(benches, one, batch);
criterion_main!(benches);
