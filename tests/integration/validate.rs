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

/// A built-in resource file with `from` replaced by `to` (once, where it first appears).
fn resource_with(name: &str, from: &str, to: &str) -> String {
    let text = std::fs::read_to_string(repo(&format!("worksheets/resources/{name}"))).unwrap();
    assert!(text.contains(from), "{from} not in {name}");
    text.replacen(from, to, 1)
}

/// The line and column where `needle` starts in `text`.
fn line_col(text: &str, needle: &str) -> String {
    let at = text.find(needle).unwrap();
    let line = text[..at].matches('\n').count() + 1;
    let column = text[..at].rsplit('\n').next().unwrap().chars().count() + 1;
    format!("{line}:{column}")
}

/// Regression (issue 13, item 7): problems found after a resource file was read (a format, a
/// measure's bounds, a technique no `[[technique]]` defines) named only the file, and the links
/// between plan.toml and problem-areas.toml were not checked by `validate DIR` at all.
#[test]
fn resource_problems_name_file_line_and_column_and_the_links_between_files_are_checked() {
    let safety = resource_with("safety.toml", "format = 1", "format = 2");
    let measures = resource_with("measures.toml", "min = 0", "min = 30");
    let plan = resource_with(
        "plan.toml",
        "techniques = [\"inventory\"]",
        "techniques = [\"inventori\"]",
    );
    let areas = resource_with(
        "problem-areas.toml",
        "technique = \"exploration\"",
        "technique = \"explorashun\"",
    );
    let out = ipt(&["validate", "mine"])
        .with_file("mine/resources/safety.toml", &safety)
        .with_file("mine/resources/measures.toml", &measures)
        .with_file("mine/resources/plan.toml", &plan)
        .with_file("mine/resources/problem-areas.toml", &areas)
        .run();
    out.code(4)
        .stderr_has(&format!(
            "mine/resources/safety.toml:{}: format 2 is not supported",
            line_col(&safety, "2")
        ))
        .stderr_has(&format!(
            "mine/resources/measures.toml:{}: measure `phq9`: min must be below max",
            line_col(&measures, "30")
        ))
        .stderr_has(&format!(
            "mine/resources/plan.toml:{}: variant `adolescent` names technique `inventori`",
            line_col(&plan, "\"inventori\"")
        ))
        .stderr_has(&format!(
            "mine/resources/problem-areas.toml:{}: strategy `onset` of area `grief` names technique `explorashun`",
            line_col(&areas, "\"explorashun\"")
        ));
    let misspelt = resource_with("safety.toml", "region = ", "regoin = ");
    ipt(&["validate", "mine"])
        .with_file("mine/resources/safety.toml", &misspelt)
        .run()
        .code(4)
        .stderr_has(&format!(
            "mine/resources/safety.toml:{}: unknown field `regoin`",
            line_col(&misspelt, "regoin")
        ))
        .stderr_has("check the spelling of the key");
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

#[test]
fn a_default_worked_out_that_the_question_would_refuse_is_reported() {
    // The same conversion the answers gate uses decides: a choice outside the options does not
    // fit, though it is text.
    let sheet = r#"format = 1
id = "pick"
version = "1.0.0"
title = "Pick one"

[[section]]
id = "s"
title = "S"

[[section.field]]
id = "colour"
type = "choice"
prompt = "Which colour?"
choices = ["red", "blue"]
default_expr = "'green'"
"#;
    let out = ipt(&["validate", "pick.toml"])
        .with_file("pick.toml", sheet)
        .run();
    out.code(4)
        .stderr_has("pick.toml:")
        .stderr_has("pick.toml:15:16")
        .stderr_has("it gives text, which does not fit a choice field");
}
