//! A trainer's broken worksheets, templates and schemas: one `ipt validate` run reports every
//! mistake with file:line:column and a hint.

use crate::harness::{ipt, repo};

/// Each problem printed: its first line and whether a hint follows.
fn problems(stderr: &str) -> Vec<(String, bool)> {
    let lines: Vec<&str> = stderr.lines().collect();
    lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.starts_with("  - "))
        .map(|(i, l)| {
            let hinted = lines
                .get(i + 1)
                .is_some_and(|n| n.trim_start().starts_with("hint: "));
            (l[4..].to_string(), hinted)
        })
        .collect()
}

#[test]
fn every_kind_of_mistake_is_reported_in_one_run_with_its_position_and_a_hint() {
    let broken = repo("tests/fixtures/broken");
    let dozen = repo("tests/fixtures/broken/dozen");
    let out = ipt(&["validate", &broken, &dozen]).run();
    out.code(4);
    let found = problems(&out.stderr);
    let files: Vec<String> = std::fs::read_dir(&broken)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| p.display().to_string())
        .collect();
    assert_eq!(files.len(), 19);
    for file in &files {
        assert!(
            found
                .iter()
                .any(|(p, _)| p.starts_with(&format!("{file}:"))),
            "{file} is not reported:\n{}",
            out.stderr
        );
    }
    for (problem, hinted) in &found {
        let place = problem.split(": ").next().unwrap();
        assert_eq!(place.split(':').count(), 3, "no line:column in {problem}");
        assert!(hinted, "no hint for {problem}");
    }
    let in_dozen = found.iter().filter(|(p, _)| p.contains("/dozen/")).count();
    assert_eq!(in_dozen, 12, "{}", out.stderr);
    for words in [
        "unknown filter `lenght`",
        "which this worksheet does not name in `uses`",
        "`uses` names `inventori`, which is not a known worksheet",
        "it does not give a list",
        "`label` of `people` fails",
        "with 'maried', which is not one of its options",
        "section `about` of worksheet `intake` has no field `nmae`",
        "`english` is not a language tag",
        "an integer field",
    ] {
        out.stderr_has(words);
    }
}

#[test]
fn an_unbounded_expression_is_refused_by_validate_and_never_runs_at_fill_time() {
    let sheet = repo("tests/fixtures/broken/unbounded.toml");
    ipt(&["validate", &sheet])
        .run()
        .code(4)
        .stderr_has("`expr` of `about.big` fails")
        .stderr_has("hint: an expression may take at most about 100 000 steps");
    ipt(&["fill", &sheet, "--no-input"])
        .run()
        .code(4)
        .stderr_has("about.big");
}

#[test]
fn a_folder_without_worksheets_is_a_usage_error() {
    ipt(&["validate", "empty"])
        .with_file("empty/notes.txt", "not a worksheet")
        .run()
        .code(2)
        .stderr_has("holds no worksheets");
}

#[test]
fn a_broken_resource_file_is_named_and_does_not_hide_worksheet_problems() {
    let out = ipt(&["validate", "mine"])
        .with_file(
            "mine/resources/measures.toml",
            "format = 1\n[[measure]]\nid = 3\n",
        )
        .with_file(
            "mine/w.toml",
            &std::fs::read_to_string(repo("tests/fixtures/broken/bad-id.toml")).unwrap(),
        )
        .run();
    out.code(4)
        .stderr_has("mine/resources/measures.toml")
        .stderr_has("docs/resources.md")
        .stderr_has("section id `About Me` is not a valid id");
    assert!(
        !out.stderr.contains("every worksheet needs"),
        "{}",
        out.stderr
    );
}

#[test]
fn templates_are_checked_with_strict_undefined_through_filters_and_confined_to_their_folder() {
    let out = ipt(&["validate", "--templates", "tpl"])
        .with_file(
            "tpl/worksheet.md.j2",
            "# {{ doc.titel | inline }}\n{% include \"/etc/passwd\" %}\n",
        )
        .run();
    out.code(4).stderr_has(
        "tpl/worksheet.md.j2:2:1: template `/etc/passwd` is outside the template folders",
    );
    let out = ipt(&["validate", "--templates", "tpl"])
        .with_file("tpl/worksheet.md.j2", "# {{ doc.titel | inline }}\n")
        .run();
    out.code(4)
        .stderr_has("`inline` was given an undefined value");
}

#[test]
fn the_built_in_templates_exported_validate_and_render() {
    let run = ipt(&["templates", "export", "tpl"]).run();
    run.success().stdout_has("worksheet.md.j2");
    run.then(&["validate", "--templates", "tpl"])
        .run()
        .success()
        .stdout_has("(template)");
}

#[test]
fn schemas_are_printed_for_editors() {
    ipt(&["schema", "worksheet"])
        .run()
        .success()
        .stdout_has("\"$schema\"")
        .stdout_has("\"add_another\"");
    ipt(&["schema", "answers", "phq9"])
        .run()
        .success()
        .stdout_has("\"const\": \"phq9\"");
}
