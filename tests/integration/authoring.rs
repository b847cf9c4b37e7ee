//! Trainers writing their own worksheets and templates, from the documentation alone.

use crate::harness::{ipt, repo};

const ANSWERS: &str = "[meta]\nworksheet = \"support-map\"\n[answers.me]\ninitials = \"JK\"\nsteady = 2\n[[answers.helpers]]\nwho = \"Ines\"\n[[answers.helpers]]\nwho = \"Bo\"\nkind = \"hands\"\nwhat = \"Moved the sofa.\"\n[answers.sum]\nmost = \"Bo\"\n";

#[test]
fn a_worksheet_written_from_the_docs_validates_and_renders() {
    let sheet = repo("tests/fixtures/worksheets/support-map.toml");
    ipt(&["validate", &sheet])
        .run()
        .success()
        .stdout_has("ok: ");
    let out = ipt(&["fill", &sheet, "--answers", "a.toml", "--no-input"])
        .with_file("a.toml", ANSWERS)
        .run();
    out.success()
        .stdout_has("### 1. Ines (Someone to talk to)")
        .stdout_has("### 2. Bo (Practical help)")
        .stdout_has("Moved the sofa.")
        .stdout_has("**2** on a scale from 0 to 4 (0 = Not at all, 4 = Very)")
        .stdout_has("**Helpers listed**\n\n2");
    assert!(
        !out.stdout.contains("⚠"),
        "no safety alert for a non-zero answer"
    );
}

#[test]
fn the_complete_example_in_the_docs_validates() {
    let doc = std::fs::read_to_string(repo("docs/worksheet-format.md")).unwrap();
    let from = doc.find("## A complete example").unwrap();
    let start = from + doc[from..].find("```toml\n").unwrap() + 8;
    let end = start + doc[start..].find("```").unwrap();
    ipt(&["validate", "example.toml"])
        .with_file("example.toml", &doc[start..end])
        .run()
        .success();
}

#[test]
fn a_safety_trigger_puts_the_crisis_block_at_the_top() {
    let sheet = repo("tests/fixtures/worksheets/support-map.toml");
    let out = ipt(&[
        "fill",
        &sheet,
        "--answers",
        "a.toml",
        "--set",
        "me.steady=0",
    ])
    .with_file("a.toml", ANSWERS)
    .run();
    out.success();
    let top = out
        .stdout
        .find("> **⚠ If you are in crisis**")
        .expect("crisis block at the top");
    assert!(top < out.stdout.find("## You").unwrap());
}

#[test]
fn a_user_folder_overrides_a_built_in_worksheet_by_id() {
    let mine = std::fs::read_to_string(repo("worksheets/grief.toml"))
        .unwrap()
        .replacen("title = \"", "title = \"Clinic ", 1);
    let run = ipt(&["list", "--worksheets", "mine"])
        .with_file("mine/grief.toml", &mine)
        .run();
    let line = run
        .stdout
        .lines()
        .find(|l| l.trim_start().starts_with("grief "))
        .unwrap()
        .to_string();
    assert!(
        line.contains("Clinic ") && line.contains("mine (overrides another)"),
        "{line}"
    );
    let out = run
        .then(&[
            "grief",
            "--worksheets",
            "mine",
            "--answers",
            &repo("examples/grief.answers.toml"),
        ])
        .run();
    out.code(0).stdout_has("# Clinic ");
    assert!(
        out.stderr
            .contains("has changed since these answers were saved")
            || out.stderr.is_empty()
    );
}

#[test]
fn worksheets_in_the_config_folder_are_found() {
    let sheet =
        std::fs::read_to_string(repo("tests/fixtures/worksheets/support-map.toml")).unwrap();
    ipt(&["show", "support-map"])
        .with_file("config/ipt/worksheets/support-map.toml", &sheet)
        .run()
        .success()
        .stdout_has("from:          config:");
}

#[test]
fn the_disclaimer_and_crisis_block_come_from_data_a_clinic_can_replace() {
    let safety = "format = 1\ndisclaimer = \"Clinic disclaimer.\"\n[crisis]\ntitle = \"Need help now?\"\nalert = \"Please call.\"\ntext = \"Call the clinic line.\"\nhelplines = \"Call:\"\nchecked = \"Checked {date}.\"\nemergency_name = \"Emergency\"\nemergency_contact = \"call {number}\"\nlast_checked = 2026-11-01\n[[crisis.resource]]\nregion = \"Here\"\nname = \"Clinic line\"\ncontact = \"0800 000\"\n";
    ipt(&[
        "grief",
        "--worksheets",
        "mine",
        "--answers",
        &repo("examples/grief.answers.toml"),
    ])
    .with_file("mine/resources/safety.toml", safety)
    .run()
    .success()
    .stdout_has("Clinic disclaimer.")
    .stdout_has("**Need help now?**")
    .stdout_has("- Here: **Clinic line**, 0800 000");
}

#[test]
fn a_misspelt_name_in_a_user_template_is_an_error_not_an_empty_answer() {
    let out = ipt(&[
        "grief",
        "--templates",
        "tpl",
        "--answers",
        &repo("examples/grief.answers.toml"),
    ])
    .with_file(
        "tpl/worksheet.md.j2",
        "# {{ doc.title }}\n\n{{ doc.titel }}\n",
    )
    .run();
    out.code(4)
        .stderr_has("template worksheet.md.j2:3")
        .stderr_has("undefined");
    assert_eq!(out.stdout, "");
}

#[test]
fn a_user_template_replaces_a_built_in_one() {
    ipt(&[
        "grief",
        "--templates",
        "tpl",
        "--answers",
        &repo("examples/grief.answers.toml"),
    ])
    .with_file(
        "tpl/worksheet.md.j2",
        "Worksheet: {{ doc.title }} — {{ doc.sections | length }} sections\n",
    )
    .run()
    .success()
    .stdout_has("Worksheet: ");
}

#[test]
fn people_carry_over_from_a_saved_inventory() {
    let sheet = repo("tests/fixtures/worksheets/talk-prep.toml");
    let inventory = repo("examples/inventory.answers.toml");
    ipt(&[
        "fill",
        &sheet,
        "--inventory",
        &inventory,
        "--set",
        "talk.who=Zoë",
    ])
    .run()
    .success()
    .stdout_has("**Their circle in your inventory**\n\n2");
    // Outside a case folder, an inventory lying in the current folder (perhaps another
    // client's) is never picked up: only the one named with --inventory.
    let mine = std::fs::read_to_string(&inventory).unwrap();
    let loose = ipt(&["fill", &sheet, "--set", "talk.who=Dev"])
        .with_file("my-inventory.toml", &mine)
        .run();
    loose.success();
    assert!(
        !loose
            .stdout
            .contains("**Their circle in your inventory**\n\n1")
            && !loose.stderr.contains("using your saved"),
        "{}",
        loose.stdout
    );
    ipt(&["fill", &sheet, "--set", "talk.who=Someone new"])
        .run()
        .success()
        .stdout_has("Someone new");
}

#[test]
fn crisis_contacts_follow_the_chosen_country() {
    let grief = repo("examples/grief.answers.toml");
    ipt(&["render", &grief, "--country", "gb"])
        .run()
        .success()
        .stdout_has("- United Kingdom: **Emergency services**, call 999 or 112")
        .stdout_has("- United Kingdom: **Samaritans**, call 116 123")
        .stdout_has("- Worldwide: **Befrienders Worldwide**");
    let au = ipt(&["render", &grief, "--country", "AU"]).run();
    au.success()
        .stdout_has("- Australia: **Lifeline**, call 13 11 14");
    assert!(
        !au.stdout.contains("Samaritans"),
        "only the chosen country's lines, and the worldwide directory"
    );
    ipt(&["render", &grief, "--country", "ZZ"])
        .run()
        .success()
        .stderr_has("there are no crisis contacts for country `ZZ`")
        .stdout_has("988 Suicide & Crisis Lifeline");
}

#[test]
fn the_locale_chooses_the_country_when_none_is_given() {
    ipt(&["render", &repo("examples/grief.answers.toml")])
        .with_env("LANG", "en_NZ.UTF-8")
        .run()
        .success()
        .stdout_has("- New Zealand: **Need to talk?**, free call or text 1737");
}
