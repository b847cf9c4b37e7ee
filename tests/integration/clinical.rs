//! The clinical review, round two (issue 12), as a clinician and a client meet it: safety before
//! confrontation work, safety early in the plan, a check-in that always asks about self-harm,
//! plans whose sessions hang together and variants that differ, and the small fixes.

use crate::harness::{ipt, repo};

const INVENTORY: &str = r#"
[meta]
worksheet = "inventory"

[answers.about]
name = "A"

[[answers.people]]
name = "Dev"
relationship = "partner"
contact = "daily"
afraid = true

[[answers.people]]
name = "Nan"
relationship = "family"
contact = "died"

[[answers.people]]
name = "Jo"
relationship = "friend"
contact = "none"
"#;

/// The inventory of the grief regression test, in the shape it had before issue 12.
const GRIEF_INVENTORY: &str = r#"
[meta]
worksheet = "inventory"

[answers.about]
name = "A"

[[answers.people]]
name = "Dev"
relationship = "partner"
contact = "daily"

[[answers.people]]
name = "Nan"
relationship = "family"
contact = "died"

[[answers.people]]
name = "Jo"
relationship = "friend"
contact = "none"
"#;

const LIVING_ONLY: &str = r#"
[meta]
worksheet = "inventory"

[answers.about]
name = "A"

[[answers.people]]
name = "Dev"
relationship = "partner"
contact = "daily"
"#;

/// Regression (issue 9, defect 15): `ipt grief` offered the living partner (daily contact) as
/// "the person you lost".
#[test]
fn grief_offers_people_who_died_or_are_lost_first_and_says_when_none_are() {
    let out = ipt(&[
        "fill",
        "grief",
        "--plain",
        "--inventory",
        "inv.toml",
        "-o",
        "g.md",
    ])
    .with_file("inv.toml", GRIEF_INVENTORY)
    .with_stdin("2027-01-11\n")
    .run();
    let asked = &out.stderr[out.stderr.find("Their name").expect("the name is asked")..];
    let (nan, jo, dev) = (
        asked
            .find("1. Nan")
            .expect("the person who died comes first"),
        asked
            .find("2. Jo")
            .expect("then the one no longer in touch"),
        asked.find("3. Dev").expect("then the rest"),
    );
    assert!(nan < jo && jo < dev, "{asked}");
    assert!(asked.contains("marks as having died come first"), "{asked}");

    let out = ipt(&[
        "fill",
        "grief",
        "--plain",
        "--inventory",
        "inv.toml",
        "-o",
        "g.md",
    ])
    .with_file("inv.toml", LIVING_ONLY)
    .with_stdin("2027-01-11\n")
    .run();
    assert!(
        out.stderr
            .contains("Nobody in your inventory is marked as having died"),
        "{}",
        out.stderr
    );
}

#[test]
fn fear_of_the_other_person_shows_the_relationship_safety_block_first() {
    let out = ipt(&[
        "fill",
        "role-dispute",
        "--answers",
        &repo("examples/role-dispute.answers.toml"),
        "--set",
        "who.afraid=yes",
        "--country",
        "GB",
        "--no-input",
    ])
    .run();
    out.success();
    let md = &out.stdout;
    let block = md
        .find("> **⚠ Your safety with this person**")
        .expect("the block is at the top");
    assert!(block < md.find("## Who it is with").unwrap());
    assert!(md.contains("**National Domestic Abuse Helpline**, call 0808 2000 247"));
    assert!(
        md.contains("**One step towards feeling safer, to talk over with your therapist**")
            && !md.contains("**One next step**"),
        "the next step is about safety, not a conversation with them"
    );

    let calm = ipt(&[
        "fill",
        "role-dispute",
        "--answers",
        &repo("examples/role-dispute.answers.toml"),
        "--no-input",
    ])
    .run();
    calm.success();
    assert!(!calm.stdout.contains("Your safety with this person"));
}

#[test]
fn the_safety_screen_comes_before_role_play_and_communication_skills_too() {
    for (id, field) in [
        ("role-play", "prep.afraid"),
        ("communication-skills", "situation.afraid"),
    ] {
        let out = ipt(&[
            "fill",
            id,
            "--answers",
            &repo(&format!("examples/{id}.answers.toml")),
            "--set",
            &format!("{field}=yes"),
            "--country",
            "US",
            "--no-input",
        ])
        .run();
        out.success();
        assert!(
            out.stdout.contains("⚠ Your safety with this person")
                && out.stdout.contains("1-800-799-7233"),
            "{id}"
        );
        let blank = ipt(&["fill", id, "--blank"]).run();
        blank.success();
        assert!(
            blank
                .stdout
                .contains("Are you ever afraid of this person? Have they hurt you, threatened you or controlled what you do?"),
            "{id}: the screen is on the handout"
        );
        assert!(
            blank.stdout.contains("**Your safety with this person**"),
            "{id}: and the contacts are at the end"
        );
    }
}

#[test]
fn the_inventory_asks_whether_they_are_afraid_and_the_inventory_answer_carries_over() {
    let inv = ipt(&["fill", "inventory", "--answers", "inv.toml", "--no-input"])
        .with_file("inv.toml", INVENTORY)
        .run();
    inv.success();
    assert!(inv.stdout.contains("⚠ Your safety with this person"));
    assert!(inv.stdout.contains("**Are you ever afraid of them?**"));
    let dispute = ipt(&[
        "fill",
        "role-dispute",
        "--inventory",
        "inv.toml",
        "--set",
        "who.person=Dev",
        "--no-input",
    ])
    .with_file("inv.toml", INVENTORY)
    .run();
    dispute.success();
    assert!(
        dispute.stdout.contains("⚠ Your safety with this person"),
        "a yes in the inventory is the screen's default for that person"
    );
}

#[test]
fn someone_who_has_died_is_not_asked_living_only_questions() {
    let out = ipt(&["render", &repo("examples/inventory.answers.toml")]).run();
    out.success();
    let babcia = &out.stdout[out
        .stdout
        .find("### 6. Babcia")
        .expect("the example has her")..];
    let babcia = &babcia[..babcia.find("\n## ").unwrap_or(babcia.len())];
    for question in [
        "Does this person know that your mood has been low?",
        "What kind of support do they give you at the moment?",
        "Are you ever afraid of them?",
    ] {
        assert!(!babcia.contains(question), "{question}");
    }
    assert!(babcia.contains("What is good about this relationship?"));
}

#[test]
fn the_short_form_of_the_inventory_asks_only_the_key_questions() {
    let out = ipt(&[
        "fill",
        "inventory",
        "--answers",
        "inv.toml",
        "--set",
        "about.form=short",
        "--no-input",
    ])
    .with_file("inv.toml", LIVING_ONLY)
    .run();
    out.success();
    let md = &out.stdout;
    assert!(md.contains("**What is good about this relationship?**"));
    assert!(md.contains("**How close do you feel to them?**"));
    assert!(!md.contains("What do you think they expect from you?"));
    assert!(!md.contains("Do the two of you argue"));
}

#[test]
fn the_check_in_always_asks_about_self_harm_and_says_which_session_it_is() {
    let out = ipt(&[
        "fill",
        "checkin",
        "--answers",
        &repo("examples/checkin.answers.toml"),
        "--set",
        "session.harm_question=yes",
        "--set",
        "session.scores=",
        "--no-input",
    ])
    .run();
    out.success();
    assert!(
        out.stdout
            .starts_with("# Session check-in\n\n> **⚠ If you are in crisis**"),
        "the crisis block comes first, with or without scores"
    );
    assert!(
        out.stdout.contains("safety plan"),
        "the alert offers the safety plan"
    );
    assert!(
        out.stdout
            .contains("Session 6 of 14, 8 to go after this one")
    );
}

#[test]
fn a_phq9_item_nine_above_zero_offers_the_safety_plan() {
    let out = ipt(&["render", &repo("examples/phq9.answers.toml")]).run();
    out.success();
    let top = &out.stdout[..out.stdout.find("## Date").unwrap()];
    assert!(top.contains("⚠ If you are in crisis") && top.contains("My safety plan"));
}

#[test]
fn the_plan_and_the_contract_name_the_same_questionnaire_sessions() {
    let contract = ipt(&["render", &repo("examples/contract.answers.toml")]).run();
    contract.success();
    assert!(
        contract
            .stdout
            .contains("**Questionnaires due at sessions**\n\n1, 5, 9, 13 and 14"),
        "{}",
        contract.stdout
    );
    let plan = ipt(&["render", &repo("examples/plan.answers.toml")]).run();
    plan.success();
    assert!(plan.stdout.contains("at sessions 1, 5, 9, 13 and 14"));
    let due: Vec<&str> = plan
        .stdout
        .lines()
        .filter(|l| l.starts_with("| ") && l.contains("PHQ-9"))
        .map(|l| l.split(" | ").next().unwrap().trim_start_matches("| "))
        .collect();
    assert_eq!(due, ["1", "5", "9", "13", "14"]);
}

fn plan(extra: &[&str]) -> crate::harness::Outcome {
    let mut args = vec![
        "plan",
        "--start",
        "2027-01-04",
        "--no-input",
        "-o",
        "plan.md",
    ];
    args.extend(extra);
    let out = ipt(&args).run();
    out.success();
    out
}

#[test]
fn the_plan_table_shows_worksheet_titles_with_the_id_to_type() {
    let md = plan(&["--area", "grief"]).file("plan.md");
    assert!(
        md.contains("Interpersonal inventory <sub>inventory</sub>"),
        "{md}"
    );
    assert!(md.contains("Remembering someone you have lost <sub>grief</sub>"));
}

#[test]
fn fear_of_the_person_in_a_dispute_takes_the_confrontation_out_of_the_plan() {
    let out = plan(&[
        "--area",
        "role-dispute",
        "--weeks",
        "16",
        "--set",
        "focus.stage=renegotiation",
        "--set",
        "focus.afraid=yes",
        "--country",
        "AU",
    ]);
    let md = out.file("plan.md");
    assert!(md.contains("⚠ Your safety with this person") && md.contains("1800 737 732"));
    assert!(
        !md.contains("<sub>role-play</sub>") && !md.contains("<sub>communication-skills</sub>")
    );
    assert!(
        !md.contains("Choose a calm moment"),
        "no task to confront them"
    );
    let safe = plan(&[
        "--area",
        "role-dispute",
        "--weeks",
        "16",
        "--set",
        "focus.stage=renegotiation",
    ])
    .file("plan.md");
    assert!(safe.contains("<sub>role-play</sub>") && safe.contains("Choose a calm moment"));
}

#[test]
fn session_one_reviews_safety_and_item_nine_puts_the_safety_plan_there() {
    let md = plan(&["--area", "grief"]).file("plan.md");
    let first = md.lines().find(|l| l.starts_with("| 1 |")).unwrap();
    assert!(first.contains("Look at safety together") && !first.contains("<sub>safety-plan</sub>"));
    assert!(md.contains("## Safety"));
    let md = plan(&["--area", "grief", "--set", "safety.thoughts=yes"]).file("plan.md");
    let first = md.lines().find(|l| l.starts_with("| 1 |")).unwrap();
    assert!(
        first.contains("My safety plan <sub>safety-plan</sub>"),
        "{first}"
    );
}

#[test]
fn the_adolescent_plan_explains_confidentiality_and_lists_youth_lines() {
    let md = plan(&[
        "--area",
        "role-dispute",
        "--variant",
        "adolescent",
        "--country",
        "GB",
    ])
    .file("plan.md");
    let first = md.lines().find(|l| l.starts_with("| 1 |")).unwrap();
    assert!(
        first.contains("stays between you and your therapist") && first.contains("parent or carer")
    );
    assert_eq!(
        md.lines()
            .filter(|l| l.starts_with("| ") && l.contains("| Initial |"))
            .count(),
        4
    );
    assert!(md.contains("**Childline (anyone under 19)**, call 0800 1111"));
    let adult = plan(&["--area", "role-dispute", "--country", "GB"]).file("plan.md");
    assert!(!adult.contains("Childline"));
}

#[test]
fn the_group_plan_chooses_the_focus_first_and_sets_ground_rules() {
    let md = plan(&[
        "--area",
        "interpersonal-deficits",
        "--variant",
        "group",
        "--weeks",
        "9",
    ])
    .file("plan.md");
    let first = md.lines().find(|l| l.starts_with("| 1 |")).unwrap();
    assert!(first.contains("choose the focus") && first.contains("before the group"));
    let second = md.lines().find(|l| l.starts_with("| 2 |")).unwrap();
    assert!(second.contains("ground rules") && second.contains("confidentiality"));
}

#[test]
fn the_brief_plan_spreads_the_initial_aims_over_two_sessions() {
    let md = plan(&[
        "--area",
        "role-transition",
        "--variant",
        "brief",
        "--weeks",
        "8",
    ])
    .file("plan.md");
    let initial: Vec<&str> = md
        .lines()
        .filter(|l| l.starts_with("| ") && l.contains("| Initial |"))
        .collect();
    assert_eq!(initial.len(), 2);
    assert!(initial[0].contains("Look at the symptoms") && initial[1].contains("Choose the focus"));
}

#[test]
fn every_two_weeks_for_sixteen_weeks_warns_and_keeps_four_middle_sessions() {
    let out = plan(&["--area", "grief", "--weeks", "16", "--cadence", "biweekly"]);
    out.stderr_has("every two weeks gives 8 sessions over 16 weeks");
    let md = out.file("plan.md");
    assert_eq!(
        md.lines()
            .filter(|l| l.starts_with("| ") && l.contains("| Middle |"))
            .count(),
        4
    );
    ipt(&[
        "plan",
        "--start",
        "2027-01-04",
        "--area",
        "grief",
        "--weeks",
        "10",
        "--cadence",
        "biweekly",
        "--no-input",
    ])
    .run()
    .code(3)
    .stderr_has("fewer than 4 middle sessions")
    .stderr_has("--cadence weekly");
}

#[test]
fn the_termination_review_goes_goal_by_goal_and_makes_a_maintenance_plan() {
    let contract = std::fs::read_to_string(repo("examples/contract.answers.toml")).unwrap();
    let out = ipt(&[
        "fill",
        "termination",
        "--answers",
        &repo("examples/termination.answers.toml"),
        "--with",
        "contract.toml",
        "--no-input",
    ])
    .with_file("contract.toml", &contract)
    .run();
    out.success();
    let md = &out.stdout;
    assert!(md.contains("## Your goals, one by one"));
    assert!(md.contains("### 1. Find work, paid or voluntary, at least two days a week"));
    assert!(md.contains("## After the last session: your maintenance plan"));
    assert!(md.contains("**What will the maintenance sessions keep an eye on?**"));
}

#[test]
fn the_small_fixes_are_in_the_words() {
    let phq9 = ipt(&["fill", "phq9", "--blank"]).run();
    phq9.success();
    assert!(phq9.stdout.contains("This tool does not diagnose"));
    assert!(
        !phq9
            .stdout
            .contains("It is not a diagnosis, it does not assess")
    );
    let external = ipt(&["fill", "external-score", "--blank"]).run();
    external.success();
    assert!(external.stdout.contains("anything other than \"Never\""));
    let safety = ipt(&["fill", "safety-plan", "--blank"]).run();
    safety.success();
    assert!(
        safety.stdout.contains("Barbara Stanley")
            && safety.stdout.contains("not their official form")
    );
    for id in ["midcourse-review", "session-notes", "about-ipt"] {
        ipt(&["show", id]).run().success();
    }
}

#[test]
fn a_yes_to_the_safety_screen_shows_the_block_at_once_in_the_interview() {
    let out = ipt(&[
        "fill",
        "role-dispute",
        "--plain",
        "--country",
        "IE",
        "-o",
        "d.md",
    ])
    .with_stdin("\nSam\n\nyes\n")
    .run();
    let after = &out.stderr[out
        .stderr
        .find("Are you ever afraid of this person?")
        .unwrap()..];
    let block = after
        .find("Your safety with this person")
        .expect("the block is shown before the next question");
    assert!(
        block
            < after
                .find("What was the relationship like")
                .unwrap_or(usize::MAX)
    );
    assert!(after.contains("Women's Aid, call 1800 341 900"), "{after}");
}
