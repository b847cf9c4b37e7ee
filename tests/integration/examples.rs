//! Every example answers file renders to the Markdown committed beside it, every built-in
//! worksheet has an example, and the example case's progress renders to its `progress.md` and `progress.svg`. After an intended change, `UPDATE_EXAMPLES=1 cargo test examples`
//! rewrites the Markdown files; review the diff before committing.

use std::path::PathBuf;

use crate::harness::{ipt, repo};

fn examples() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo("examples"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".answers.toml"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_example_renders_to_the_markdown_beside_it() {
    let mut stale = Vec::new();
    for answers in examples() {
        let md_path = PathBuf::from(answers.to_string_lossy().replace(".answers.toml", ".md"));
        let out = ipt(&["render", &answers.display().to_string(), "--country", "GB"]).run();
        out.success();
        let committed = std::fs::read_to_string(&md_path).unwrap_or_default();
        if committed != out.stdout {
            if std::env::var_os("UPDATE_EXAMPLES").is_some() {
                std::fs::write(&md_path, &out.stdout).unwrap();
            } else {
                stale.push(md_path.display().to_string());
            }
        }
    }
    assert!(
        stale.is_empty(),
        "out of step with their answers files (run UPDATE_EXAMPLES=1 cargo test examples and review):\n{}",
        stale.join("\n")
    );
}

#[test]
fn every_built_in_worksheet_has_an_example() {
    let list = ipt(&["list"]).run();
    list.success();
    let ids: Vec<String> = list
        .stdout
        .lines()
        .filter(|l| l.ends_with("built-in"))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect();
    assert!(ids.len() >= 5);
    for id in ids {
        let path = repo(&format!("examples/{id}.answers.toml"));
        assert!(std::path::Path::new(&path).exists(), "no example for {id}");
    }
}

#[test]
fn the_example_case_renders_its_progress_to_the_markdown_and_svg_beside_it() {
    let case = repo("examples/case");
    let out = ipt(&["progress", "--case", &case, "--format", "md"]).run();
    out.success();
    let svg = ipt(&["progress", "--case", &case, "-o", "progress.svg"]).run();
    svg.success();
    let mut stale = Vec::new();
    for (name, now) in [
        ("progress.md", out.stdout.clone()),
        ("progress.svg", svg.file("progress.svg")),
    ] {
        let path = PathBuf::from(&case).join(name);
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        if committed != now {
            if std::env::var_os("UPDATE_EXAMPLES").is_some() {
                std::fs::write(&path, &now).unwrap();
            } else {
                stale.push(path.display().to_string());
            }
        }
    }
    assert!(
        stale.is_empty(),
        "out of step with the case (run UPDATE_EXAMPLES=1 cargo test examples and review):\n{}",
        stale.join("\n")
    );
}
