//! The Markdown of every built-in worksheet, filled from its example and blank, as reviewed
//! snapshots. A change to a worksheet or template shows up here as a diff to read.

use crate::harness::{ipt, repo};

/// Every built-in worksheet (each has an example; `examples.rs` checks that).
fn built_in() -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(repo("worksheets"))
        .unwrap()
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            e.file_name()
                .to_str()?
                .strip_suffix(".toml")
                .map(str::to_string)
        })
        .collect();
    ids.sort();
    ids
}

#[test]
fn every_example_renders_as_reviewed() {
    for id in built_in() {
        let out = ipt(&[
            "fill",
            &id,
            "--answers",
            &repo(&format!("examples/{id}.answers.toml")),
            "--no-input",
        ])
        .run();
        out.success();
        insta::assert_snapshot!(format!("filled-{id}"), out.stdout);
    }
}

#[test]
fn every_blank_handout_renders_as_reviewed() {
    for id in built_in() {
        let out = ipt(&["fill", &id, "--blank"]).run();
        out.success();
        insta::assert_snapshot!(format!("blank-{id}"), out.stdout);
    }
}
