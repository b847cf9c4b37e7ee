//! FHIR R4 for health records: every worksheet as a Questionnaire, answers as a
//! QuestionnaireResponse, and such a response read back into answers the gate accepts.

use std::collections::HashSet;
use std::path::PathBuf;

use crate::harness::{ipt, repo};

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

/// The ids of the built-in worksheets, from the files in `worksheets/`.
fn built_in_ids() -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(repo("worksheets"))
        .unwrap()
        .filter_map(|e| {
            let path = e.unwrap().path();
            let name = path
                .file_name()?
                .to_str()?
                .strip_suffix(".toml")?
                .to_string();
            Some(name)
        })
        .collect();
    ids.sort();
    assert!(ids.len() >= 20, "{ids:?}");
    ids
}

/// The example answers files.
fn examples() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".answers.toml"))
        .collect();
    files.sort();
    files
}

/// Every item of a Questionnaire or QuestionnaireResponse, depth first.
fn items(v: &serde_json::Value) -> Vec<serde_json::Value> {
    let mut all = Vec::new();
    for item in v["item"].as_array().into_iter().flatten() {
        all.push(item.clone());
        all.extend(items(item));
        for answer in item["answer"].as_array().into_iter().flatten() {
            all.extend(items(answer));
        }
    }
    all
}

#[test]
fn every_built_in_worksheet_exports_as_a_questionnaire_with_one_item_per_field() {
    for id in built_in_ids() {
        let out = ipt(&["export", "fhir-questionnaire", &id]).run();
        out.success();
        let q = json(&out.stdout);
        assert_eq!(q["resourceType"], "Questionnaire", "{id}");
        assert_eq!(q["url"], format!("urn:ipt:questionnaire:{id}"));
        let definition = std::fs::read_to_string(repo(&format!("worksheets/{id}.toml"))).unwrap();
        let fields = definition.matches("[[section.field]]").count();
        let all = items(&q);
        let questions: Vec<_> = all.iter().filter(|i| i["type"] != "group").collect();
        assert_eq!(questions.len(), fields, "{id}: one item per field");
        let link_ids: HashSet<_> = all.iter().map(|i| i["linkId"].to_string()).collect();
        assert_eq!(link_ids.len(), all.len(), "{id}: every linkId is unique");
    }
}

#[test]
fn the_phq9_and_gad7_carry_their_loinc_panel_and_total_codes() {
    for (id, panel, total) in [
        ("phq9", "44249-1", "44261-6"),
        ("gad7", "69737-5", "70274-6"),
    ] {
        let q = json(
            &ipt(&["export", "fhir-questionnaire", id])
                .run()
                .success()
                .stdout,
        );
        assert_eq!(q["code"][0]["system"], "http://loinc.org");
        assert_eq!(q["code"][0]["code"], panel, "{id}");
        let coded: Vec<String> = items(&q)
            .iter()
            .filter_map(|i| i["code"][0]["code"].as_str().map(str::to_string))
            .collect();
        assert!(coded.contains(&total.to_string()), "{id}: {coded:?}");
        assert!(q["copyright"].is_string(), "{id} names its licence");
    }
}

#[test]
fn a_choice_between_answers_becomes_enable_when_with_its_behaviour() {
    let q = json(
        &ipt(&["export", "fhir-questionnaire", "termination"])
            .run()
            .success()
            .stdout,
    );
    let details = items(&q)
        .into_iter()
        .find(|i| i["linkId"] == "after.maintenance_details")
        .unwrap();
    assert_eq!(details["enableBehavior"], "any");
    assert_eq!(details["enableWhen"].as_array().unwrap().len(), 2);
}

#[test]
fn a_condition_fhir_cannot_hold_is_named_in_a_warning_and_kept_in_an_extension() {
    let out = ipt(&["export", "fhir-questionnaire", "termination"]).run();
    out.success()
        .stderr_has("looking_back.area")
        .stderr_has("https://ipt.invalid/fhir/StructureDefinition/when");
    assert!(out.stdout.contains("StructureDefinition/when"));
}

#[test]
fn a_response_read_back_renders_the_same_document_as_the_answers_it_came_from() {
    let files = examples();
    assert!(files.len() >= 20);
    for file in files {
        let file = file.display().to_string();
        let out = ipt(&["export", "fhir-response", &file, "-o", "qr.json"]).run();
        out.success();
        let response = out.file("qr.json");
        let qr = json(&response);
        assert_eq!(qr["resourceType"], "QuestionnaireResponse");
        assert_eq!(qr["status"], "completed", "{file}");
        let back = ipt(&["render", "qr.json", "-o", "-"])
            .with_file("qr.json", &response)
            .run();
        back.success();
        let original = ipt(&["render", &file, "-o", "-"]).run();
        assert_eq!(back.stdout, original.success().stdout, "{file}");
    }
}

#[test]
fn a_response_with_an_answer_of_the_wrong_type_is_refused_by_the_gate() {
    let out = ipt(&[
        "export",
        "fhir-response",
        &repo("examples/phq9.answers.toml"),
    ])
    .run();
    let mut qr = json(&out.success().stdout);
    let date = items(&qr)
        .into_iter()
        .position(|i| i["answer"][0]["valueDate"].is_string())
        .expect("the PHQ-9 has a date");
    let mut n = 0;
    fn retype(v: &mut serde_json::Value, target: usize, n: &mut usize) {
        for item in v["item"].as_array_mut().into_iter().flatten() {
            if *n == target {
                item["answer"][0] = serde_json::json!({ "valueInteger": 7 });
            }
            *n += 1;
            retype(item, target, n);
        }
    }
    retype(&mut qr, date, &mut n);
    ipt(&["render", "qr.json"])
        .with_file("qr.json", &qr.to_string())
        .run()
        .code(3)
        .stderr_has("qr.json");
}

/// The Python with `fhir.resources` 6.4.0 (FHIR R4): `IPT_FHIR_PYTHON`, else the virtual
/// environment `.ci/run` makes in `target/fhir-venv`.
fn fhir_python() -> String {
    std::env::var("IPT_FHIR_PYTHON").unwrap_or_else(|_| repo("target/fhir-venv/bin/python"))
}

#[test]
#[ignore = "needs python3 with fhir.resources 6.4.0 (IPT_FHIR_PYTHON; .ci/run makes it)"]
fn every_export_is_valid_r4_for_a_real_fhir_library() {
    let dir = tempfile::tempdir().unwrap();
    let mut written = Vec::new();
    for id in built_in_ids() {
        let out = ipt(&["export", "fhir-questionnaire", &id]).run();
        let path = dir.path().join(format!("{id}.questionnaire.json"));
        std::fs::write(&path, &out.success().stdout).unwrap();
        written.push(path);
    }
    for file in examples() {
        let out = ipt(&["export", "fhir-response", &file.display().to_string()]).run();
        let name = file
            .file_name()
            .unwrap()
            .to_string_lossy()
            .replace(".answers.toml", "");
        let path = dir.path().join(format!("{name}.response.json"));
        std::fs::write(&path, &out.success().stdout).unwrap();
        written.push(path);
    }
    let check = std::process::Command::new(fhir_python())
        .arg(repo("scripts/validate_fhir.py"))
        .args(&written)
        .output()
        .expect("python with fhir.resources (run .ci/run or set IPT_FHIR_PYTHON)");
    let report = String::from_utf8_lossy(&check.stdout);
    assert!(check.status.success(), "{report}");
    assert!(
        report.contains(&format!("{} valid, 0 invalid", written.len())),
        "{report}"
    );
}

#[test]
#[ignore = "needs python3 with fhir.resources 6.4.0 (IPT_FHIR_PYTHON; .ci/run makes it)"]
fn the_fhir_check_refuses_a_code_outside_r4() {
    let out = ipt(&["export", "fhir-questionnaire", "phq9"]).run();
    let broken = out
        .success()
        .stdout
        .replace("\"status\": \"active\"", "\"status\": \"published\"");
    assert_ne!(broken, out.stdout, "the export carries a status to break");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("q.json");
    std::fs::write(&path, broken).unwrap();
    let check = std::process::Command::new(fhir_python())
        .arg(repo("scripts/validate_fhir.py"))
        .arg(&path)
        .output()
        .unwrap();
    assert!(!check.status.success());
    assert!(String::from_utf8_lossy(&check.stdout).contains("'published' is not an R4 code"));
}
