//! The Markdown of every built-in worksheet, filled from its example and blank, as reviewed
//! snapshots. A change to a worksheet or template shows up here as a diff to read.

use crate::harness::{ipt, repo};

const BUILT_IN: [&str; 5] = [
    "inventory",
    "role-play",
    "grief",
    "communication",
    "problem-solving",
];

#[test]
fn every_example_renders_as_reviewed() {
    for id in BUILT_IN {
        let out = ipt(&[
            "fill",
            id,
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
    for id in BUILT_IN {
        let out = ipt(&["fill", id, "--blank"]).run();
        out.success();
        insta::assert_snapshot!(format!("blank-{id}"), out.stdout);
    }
}
