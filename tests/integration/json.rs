//! JSON both ways: answers files may be JSON, and `--format json` writes the checked answers
//! with labels, computed values and scores.

use crate::harness::{ipt, repo};

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

#[test]
fn format_json_writes_the_checked_answers_with_labels_and_scores() {
    let out = ipt(&[
        "render",
        &repo("examples/phq9.answers.toml"),
        "--format",
        "json",
    ])
    .run();
    out.success();
    let v = json(&out.stdout);
    assert_eq!(v["worksheet"]["id"], "phq9");
    assert_eq!(v["status"], "complete");
    assert_eq!(v["safety"][0], "items.q9");
    assert_eq!(v["scores"][0]["measure"], "phq9");
    assert_eq!(v["scores"][0]["total"], 15);
    let items = &v["sections"][1]["entries"][0]["fields"];
    assert_eq!(items[0]["question"], "items.q1");
    assert!(items[0]["label"].is_string(), "{}", items[0]);
    let total = v["sections"][2]["entries"][0]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == "total")
        .unwrap()
        .clone();
    assert_eq!(total["type"], "computed");
    assert_eq!(total["value"], 15);
    let out = ipt(&["fill", "phq9", "--blank", "-o", "x.json"]).run();
    out.code(2).stderr_has("JSON output is made from answers");
}

#[test]
fn an_answers_file_may_be_json_and_passes_the_same_checks() {
    let toml = std::fs::read_to_string(repo("examples/phq9.answers.toml")).unwrap();
    let as_json = ipt::answers::json::from_toml_text(&toml).unwrap();
    let from_json = ipt(&["render", "a.json"])
        .with_file("a.json", &as_json)
        .run();
    let from_toml = ipt(&["render", &repo("examples/phq9.answers.toml")]).run();
    from_json.success();
    assert_eq!(from_json.stdout, from_toml.stdout);
    let broken = as_json.replace("\"q1\": \"", "\"q1\": \"9");
    ipt(&["render", "a.json"])
        .with_file("a.json", &broken)
        .run()
        .code(3)
        .stderr_has("a.json: items.q1");
}

#[test]
fn an_interview_saving_to_a_json_file_keeps_it_json() {
    let out = ipt(&[
        "fill",
        &repo("tests/fixtures/worksheets/support-map.toml"),
        "--plain",
        "--answers",
        "mine.json",
    ])
    .with_stdin("JK\n2\nInes\n1\n\n")
    .run();
    out.success();
    let saved = json(&out.file("mine.json"));
    assert_eq!(saved["answers"]["me"]["initials"], "JK");
    assert_eq!(saved["meta"]["status"], "complete");
}
