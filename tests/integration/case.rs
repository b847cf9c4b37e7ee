//! A course, not a pile of files: a case folder followed session by session, as a therapist
//! would over sixteen weeks.

use crate::harness::{Ipt, Outcome, ipt, repo};

/// Seconds since 1970 at noon on a `YYYY-MM-DD` date (days from the civil calendar).
fn noon(date: &str) -> String {
    let p: Vec<i64> = date.split('-').map(|x| x.parse().unwrap()).collect();
    let (y, m, d) = if p[1] <= 2 {
        (p[0] - 1, p[1] + 9, p[2])
    } else {
        (p[0], p[1] - 3, p[2])
    };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * m + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    (days * 86_400 + 12 * 3_600).to_string()
}

/// A command in the same folder, on the day `date`.
fn on(prev: Outcome, date: &str, args: &[&str]) -> Ipt {
    prev.then(args).with_env("SOURCE_DATE_EPOCH", &noon(date))
}

fn json(out: &Outcome) -> serde_json::Value {
    serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", out.stdout))
}

/// `--set` arguments for a questionnaire's items (`items.q1` …) and date.
fn items(date: &str, scores: &[u8]) -> Vec<String> {
    let mut args = vec!["--set".to_string(), format!("about.date={date}")];
    for (i, v) in scores.iter().enumerate() {
        args.push("--set".into());
        args.push(format!("items.q{}={v}", i + 1));
    }
    args
}

fn new_case(prev: Option<Outcome>, dir: &str) -> Ipt {
    let args = [
        "case",
        "new",
        dir,
        "--client",
        "A. R.",
        "--start",
        "2027-01-04",
        "--weeks",
        "16",
        "--area",
        "role-dispute",
        "--goal",
        "Talk with Sam without a row",
        "--goal",
        "Go back to choir",
        "--measures",
        "phq9,gad7",
        "--no-input",
    ];
    match prev {
        Some(p) => p.then(&args),
        None => ipt(&args),
    }
    .with_env("SOURCE_DATE_EPOCH", &noon("2026-12-20"))
}

/// The PHQ-9 items at the sessions the plan asks for it.
fn phq9_at(session: usize) -> [u8; 9] {
    match session {
        1 => [2, 2, 2, 2, 2, 2, 2, 2, 1],
        5 => [2, 2, 2, 2, 2, 1, 1, 1, 0],
        9 => [1, 1, 1, 1, 2, 1, 1, 1, 0],
        13 => [1, 1, 1, 1, 1, 1, 0, 0, 0],
        _ => [1, 1, 0, 1, 1, 0, 0, 0, 0],
    }
}

#[test]
fn a_whole_sixteen_week_course_in_a_case_folder() {
    let mut out = new_case(None, "ar").run();
    out.success()
        .stderr_has("Started the case folder ar for A. R.: 16 sessions");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for (path, want) in [
            ("ar", 0o700),
            ("ar/case.toml", 0o600),
            ("ar/plan.toml", 0o600),
        ] {
            let mode = std::fs::metadata(out.dir.path().join(path))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, want, "{path}");
        }
    }
    out = on(out, "2027-01-01", &["status", "--case", "ar"]).run();
    out.success()
        .stdout_has("A. R. · not started yet · 16 sessions")
        .stdout_has("Next: session 1 on 2027-01-04");
    let inventory = repo("examples/inventory.answers.toml");
    out = on(
        out,
        "2027-01-02",
        &[
            "fill",
            "inventory",
            "--case",
            "ar",
            "--answers",
            &inventory,
            "--no-input",
            "-o",
            "-",
        ],
    )
    .run();
    out.code(2)
        .stderr_has("today is not a session date")
        .stderr_has("--session N (session 1 is on 2027-01-04)");

    let mut date = "2027-01-04".to_string();
    for n in 1..=16usize {
        out = on(out, &date, &["status", "--case", "ar", "--json"]).run();
        out.success();
        let status = json(&out);
        assert_eq!(status["current"]["number"], n, "{status}");
        assert_eq!(status["today_is_a_session"], true);
        let measures: Vec<String> = status["current"]["measures"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["id"].as_str().unwrap().to_string())
            .collect();
        let session = n.to_string();
        if n == 1 {
            out = on(
                out,
                &date,
                &[
                    "fill",
                    "inventory",
                    "--case",
                    "ar",
                    "--answers",
                    &inventory,
                    "--no-input",
                    "-o",
                    "-",
                ],
            )
            .run();
            out.success()
                .stderr_has("Kept in the case as sessions/01-inventory.toml");
        }
        for m in &measures {
            let mut args: Vec<String> = [
                "fill",
                m,
                "--case",
                "ar",
                "--session",
                &session,
                "--no-input",
                "-o",
                "-",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect();
            match m.as_str() {
                "phq9" => args.extend(items(&date, &phq9_at(n))),
                "gad7" => args.extend(items(&date, &[1, 1, 1, 1, 1, 1, 1])),
                other => panic!("unexpected measure {other}"),
            }
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            out = on(out, &date, &args).run();
            out.success()
                .stderr_has(&format!("Kept in the case as sessions/{n:02}-{m}.toml"));
        }
        out = on(
            out,
            &date,
            &[
                "fill",
                "checkin",
                "--case",
                "ar",
                "--set",
                "session.mood=5",
                "--no-input",
                "-o",
                "-",
            ],
        )
        .run();
        out.success()
            .stderr_has(&format!("sessions/{n:02}-checkin.toml (session {n})"))
            .stdout_has(&format!("**Session number**\n\n{n}\n"))
            .stdout_has("**How many sessions are planned in all?**\n\n16\n");
        if n == 7 {
            // Started in the session, not finished.
            out = on(
                out,
                &date,
                &[
                    "fill",
                    "role-play",
                    "--case",
                    "ar",
                    "--plain",
                    "-o",
                    "rp.md",
                ],
            )
            .with_stdin(&format!(
                "{date}\nAsking Sam to plan the weekend together\n.\n"
            ))
            .run();
            out.code(3);
        }
        out = on(out, &date, &["status", "--case", "ar"]).run();
        out.success()
            .stdout_has(&format!("A. R. · session {n} of 16 (today)"));
        if n >= 7 {
            out.stdout_has("Unfinished: sessions/07-role-play.toml (Role-play");
        }
        match status["next"]["date"].as_str() {
            Some(next) => {
                out.stdout_has(&format!("Next: session {} on {next}", n + 1));
                date = next.to_string();
            }
            None => {
                assert_eq!(n, 16);
                out.stdout_has("The course ended with session 16 on 2027-04-19, as agreed.");
            }
        }
    }

    out = on(out, "2027-04-20", &["status", "--case", "ar", "--json"]).run();
    let status = json(&out);
    let phq = status["measures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == "phq9")
        .unwrap()
        .clone();
    assert_eq!(phq["first"]["total"], 17, "{phq}");
    assert_eq!(phq["latest"]["total"], 4);
    assert_eq!(phq["change"], -13);
    let said = phq["statements"].to_string();
    for words in [
        "Reliable improvement",
        "Recovery",
        "Reliable recovery",
        "Response",
        "Remission",
    ] {
        assert!(said.contains(words), "{words} in {said}");
    }
    assert_eq!(
        phq["safety"][0]["session"], 1,
        "item 9 above zero at session 1"
    );

    // Session 8's packet: an agenda page, then every worksheet due, with bookmarks.
    out = on(
        out,
        "2027-02-20",
        &["session", "8", "--case", "ar", "-o", "s8.pdf"],
    )
    .run();
    out.success();
    let pdf = lopdf::Document::load_mem(&out.bytes("s8.pdf")).unwrap();
    let tops = outline_titles(&pdf);
    out = on(
        out,
        "2027-02-20",
        &["session", "8", "--case", "ar", "-o", "s8.md"],
    )
    .run();
    out.success();
    let md = out.file("s8.md");
    let listed: Vec<String> = md
        .lines()
        .skip_while(|l| *l != "## Contents")
        .skip(2)
        .take_while(|l| !l.is_empty())
        .map(|l| l.split_once(". ").unwrap().1.to_string())
        .collect();
    assert_eq!(tops.first().map(String::as_str), Some("Contents"));
    assert_eq!(&tops[1..], &listed[..], "one top bookmark per document");
    assert_eq!(listed[0], "Session 8 of 16");
    assert!(listed.len() >= 3, "{listed:?}");
    assert!(
        !listed.iter().any(|t| t == "My safety plan"),
        "only the sessions after an item-9 answer get it: {listed:?}"
    );

    // The termination review starts with the goals, one to rate each, and the scores.
    out = on(
        out,
        "2027-04-19",
        &[
            "fill",
            "termination",
            "--case",
            "ar",
            "--allow-incomplete",
            "--no-input",
            "-o",
            "-",
        ],
    )
    .run();
    out.success()
        .stdout_has("### 1. Talk with Sam without a row")
        .stdout_has("### 2. Go back to choir")
        .stdout_has("**PHQ-9 at the start**\n\n17")
        .stdout_has("**PHQ-9 now**\n\n4")
        .stdout_has("**The area you worked on**\n\nRole dispute");
}

#[test]
fn an_item_9_answer_puts_the_safety_plan_in_that_session_and_the_next() {
    let mut out = new_case(None, "ar").run();
    out = on(out, "2027-01-04", &["status", "--case", "ar"]).run();
    assert!(!out.stdout.contains("My safety plan"), "{}", out.stdout);
    let mut args = vec!["fill", "phq9", "--case", "ar", "--no-input", "-o", "-"];
    let items = items("2027-01-04", &[1, 1, 1, 1, 1, 1, 1, 1, 2]);
    args.extend(items.iter().map(String::as_str));
    out = on(out, "2027-01-04", &args).run();
    out.success().stdout_has("If you are in crisis");
    out = on(out, "2027-01-04", &["status", "--case", "ar"]).run();
    out.success()
        .stdout_has("Due today:")
        .stdout_has("(safety-plan)");
    out = on(
        out,
        "2027-01-05",
        &["session", "2", "--case", "ar", "-o", "-"],
    )
    .run();
    out.success().stdout_has("My safety plan");
    out = on(
        out,
        "2027-01-05",
        &["session", "3", "--case", "ar", "-o", "-"],
    )
    .run();
    assert!(!out.stdout.contains("# My safety plan"), "{}", out.stdout);
}

/// The titles of the top entries of a PDF's outline.
fn outline_titles(pdf: &lopdf::Document) -> Vec<String> {
    let catalog = pdf.catalog().unwrap();
    let root = pdf
        .get_dictionary(catalog.get(b"Outlines").unwrap().as_reference().unwrap())
        .unwrap();
    let mut next = root.get(b"First").ok().and_then(|f| f.as_reference().ok());
    let mut titles = Vec::new();
    while let Some(id) = next {
        let item = pdf.get_dictionary(id).unwrap();
        let bytes = item.get(b"Title").unwrap().as_str().unwrap();
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        titles.push(String::from_utf16(&units).unwrap());
        next = item.get(b"Next").ok().and_then(|n| n.as_reference().ok());
    }
    titles
}

#[test]
fn a_second_case_beside_the_first_never_sees_its_inventory() {
    let mut out = new_case(None, "first").run();
    out = new_case(Some(out), "second").run();
    out.success();
    out = on(
        out,
        "2027-01-04",
        &[
            "fill",
            "inventory",
            "--case",
            "first",
            "--answers",
            &repo("examples/inventory.answers.toml"),
            "--no-input",
            "-o",
            "-",
        ],
    )
    .run();
    out.success();
    out = on(
        out,
        "2027-01-04",
        &["session", "2", "--case", "first", "-o", "-"],
    )
    .run();
    out.success().stdout_has("Zoë");
    out = on(
        out,
        "2027-01-04",
        &["session", "2", "--case", "second", "-o", "-"],
    )
    .run();
    out.success();
    assert!(!out.stdout.contains("Zoë"), "{}", out.stdout);
    // Outside any case, nothing is taken from the current folder either.
    out = on(
        out,
        "2027-01-04",
        &[
            "fill",
            "role-play",
            "--set",
            "prep.scenario=Asking for help",
            "--no-input",
            "-o",
            "-",
        ],
    )
    .run();
    out.success();
    assert!(!out.stdout.contains("Zoë") && !out.stderr.contains("using your saved"));
}

#[test]
fn sessions_move_and_the_calendar_keeps_its_event_ids() {
    let mut out = new_case(None, "ar").run();
    out = on(
        out,
        "2027-01-12",
        &[
            "case",
            "reschedule",
            "--case",
            "ar",
            "--from",
            "3",
            "--to",
            "2027-01-20",
            "--ics",
            "a.ics",
        ],
    )
    .run();
    out.success().stderr_has(
        "Session 3 moves from 2027-01-18 to 2027-01-20, and the 13 sessions after it with it",
    );
    let before = out.file("a.ics");
    out = on(
        out,
        "2027-01-12",
        &[
            "case",
            "reschedule",
            "--case",
            "ar",
            "--skip",
            "2027-02-03",
            "--ics",
            "b.ics",
        ],
    )
    .run();
    out.success()
        .stderr_has("Session 5 moves from 2027-02-03 to 2027-02-10");
    let after = out.file("b.ics");
    let uids = |ics: &str| -> Vec<String> {
        ics.lines()
            .filter(|l| l.starts_with("UID:"))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(
        uids(&before),
        uids(&after),
        "a moved session keeps its event id"
    );
    assert_eq!(uids(&after).len(), 16);
    out = on(out, "2027-01-12", &["status", "--case", "ar"]).run();
    out.success()
        .stdout_has("Next: session 3 on 2027-01-20")
        .stdout_has("ends with session 16 on 2027-04-28");
    out = on(
        out,
        "2027-01-12",
        &[
            "case",
            "reschedule",
            "--case",
            "ar",
            "--from",
            "3",
            "--to",
            "2027-01-05",
        ],
    )
    .run();
    out.code(2).stderr_has("session 2 is on 2027-01-11");
}

#[test]
fn a_broken_case_file_names_its_line_and_column() {
    let out = ipt(&["status", "--case", "c"])
        .with_file(
            "c/case.toml",
            "[case]\nformat = 1\nclient = \"AR\"\npaper = \"a5\"\n",
        )
        .run();
    out.code(2).stderr_has("case.toml:4:1: paper must be");
    let out = ipt(&["status"]).run();
    out.code(2)
        .stderr_has("works in a case folder, and this is not one");
}

#[test]
fn an_adolescent_case_lists_the_youth_lines_on_every_document() {
    let out = ipt(&[
        "case",
        "new",
        "jo",
        "--client",
        "J.",
        "--start",
        "2027-01-04",
        "--weeks",
        "12",
        "--area",
        "role-transition",
        "--variant",
        "adolescent",
        "--country",
        "GB",
        "--no-input",
    ])
    .with_env("SOURCE_DATE_EPOCH", &noon("2026-12-20"))
    .run();
    out.success();
    let out = on(
        out,
        "2027-01-04",
        &["fill", "phq9", "--case", "jo", "--blank", "-o", "-"],
    )
    .run();
    out.success().stdout_has("Childline");
    let out = on(out, "2027-01-04", &["fill", "phq9", "--blank", "-o", "-"]).run();
    assert!(
        !out.stdout.contains("Childline"),
        "outside the case: no youth lines"
    );
}
