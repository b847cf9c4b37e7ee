//! Measures over time, as a therapist and client look at them: `ipt progress` on the example
//! case (twelve weekly sessions, the PHQ-9 at 1, 5, 9 and 12 with item 9 above zero at the
//! first, the GAD-7 at 1 and 12) and on loose answers files; the chart in PDF, SVG and Markdown;
//! CSV and JSON for researchers; the scores so far in the session packet and the termination
//! review.

use crate::harness::{Outcome, ipt, repo};

const EPOCH: &str = "1767225600"; // 2026-01-01

fn example_case() -> String {
    repo("examples/case")
}

fn progress(args: &[&str]) -> Outcome {
    let case = example_case();
    let mut all = vec!["progress", "--case", &case];
    all.extend(args);
    let out = ipt(&all).with_env("SOURCE_DATE_EPOCH", EPOCH).run();
    out.success();
    out
}

#[test]
fn the_example_case_prints_its_scores_and_what_the_change_means() {
    let out = progress(&[]);
    out.stdout_has("Depression (PHQ-9)  ▅▄▃▂  (16, 12, 9, 4)")
        .stdout_has("2027-01-04  1        16     Moderately severe  Several days")
        .stdout_has("2027-03-22  12       4      Minimal            Not at all")
        .stdout_has("From 16 to 4: down 12 since the first score.")
        .stdout_has("Reliable improvement: down 12 points, at least 6")
        .stdout_has("Reliable recovery: recovered, and the improvement is reliable.")
        .stdout_has("Remission: below 5 (4).")
        .stdout_has("Item 9: Answered above \"Not at all\" (session 1, 2027-01-04).")
        .stdout_has("Anxiety (GAD-7)  ▅··▃  (11, not taken, not taken, 6)")
        .stdout_has("2027-02-01  5        not taken")
        .stdout_has("Reliable improvement: down 5 points, at least 4")
        .stdout_has("Not yet a response: a fall of at least half from the first score (11) would be 5 or less.");
    assert!(
        !out.stdout.contains("Remission: below 5 (6)"),
        "the GAD-7 has no remission threshold"
    );
    // Item 9 above zero: the crisis contacts come first.
    let crisis = out.stdout.find("If you are in crisis").unwrap();
    assert!(crisis < out.stdout.find("Depression (PHQ-9)").unwrap());
}

#[test]
fn csv_and_json_have_stable_names() {
    let out = progress(&["--csv"]);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "measure,name,date,session,score,band,safety_answer,safety_raised,change_from_first,file"
    );
    assert_eq!(lines.len(), 1 + 6, "one row per score");
    assert_eq!(
        lines[1],
        "phq9,PHQ-9,2027-01-04,1,16,Moderately severe,Several days,true,0,sessions/01-phq9.toml"
    );
    assert!(out.stdout.ends_with("\r\n"), "RFC 4180 line ends");
    let out = progress(&["--json"]);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(json["format"], 1);
    let phq = &json["measures"][0];
    assert_eq!(phq["id"], "phq9");
    assert_eq!(phq["thresholds"]["caseness"], 10);
    assert_eq!(phq["scores"][3]["score"], 4);
    assert_eq!(phq["scores"][3]["change_from_first"], -12);
    assert_eq!(phq["change"]["reliable_improvement"], true);
    assert_eq!(phq["change"]["remission"], true);
    let gad = &json["measures"][1];
    assert_eq!(gad["change"]["response"], false);
    // The same by the file's name, written owner-only.
    let out = progress(&["-o", "scores.csv"]);
    assert!(out.file("scores.csv").starts_with("measure,name,"));
}

#[test]
fn markdown_gets_the_table_the_sparkline_and_an_svg_of_each_chart_beside_it() {
    let out = progress(&["-o", "progress.md"]);
    let md = out.file("progress.md");
    assert!(md.contains("▅▄▃▂ (16, 12, 9, 4)"), "{md}");
    assert!(md.contains("![PHQ-9 scores over time: 16, 12, 9, 4](progress-phq9.svg)"));
    assert!(
        md.contains("![GAD-7 scores over time: 11, not taken, not taken, 6](progress-gad7.svg)")
    );
    assert!(md.contains("| 2027-01-04 | 1 | 16 | Moderately severe | Several days |"));
    for svg in ["progress-phq9.svg", "progress-gad7.svg"] {
        roxmltree::Document::parse(&out.file(svg)).unwrap_or_else(|e| panic!("{svg}: {e}"));
    }
    // Again, without --force: refused, and nothing changed.
    let again = out
        .then(&["progress", "--case", &example_case(), "-o", "progress.md"])
        .run();
    again.code(1).stderr_has("already exists");
}

#[test]
fn a_chart_image_in_the_way_stops_the_markdown_too() {
    let out = ipt(&["progress", "--case", &example_case(), "-o", "p.md"])
        .with_file("p-gad7.svg", "mine")
        .run();
    out.code(1).stderr_has("p-gad7.svg already exists");
    assert!(!out.dir.path().join("p.md").exists());
    assert!(!out.dir.path().join("p-phq9.svg").exists());
    assert_eq!(out.file("p-gad7.svg"), "mine");
}

#[test]
fn the_svg_is_well_formed_with_every_score_and_label() {
    let out = progress(&["-o", "progress.svg"]);
    let text = out.file("progress.svg");
    let svg = roxmltree::Document::parse(&text).unwrap();
    let root = svg.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );
    let texts: Vec<&str> = svg
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .collect();
    for want in [
        "Depression (PHQ-9)",
        "Anxiety (GAD-7)",
        "16",
        "12",
        "9",
        "4",
        "11",
        "6",
        "Moderately severe",
        "clinical range: 10 or more",
        "clinical range: 8 or more",
        "not taken",
        "session 12",
    ] {
        assert!(texts.contains(&want), "`{want}` in {texts:?}");
    }
    let dashed = svg
        .descendants()
        .filter(|n| n.attribute("stroke-dasharray") == Some("4 6"))
        .count();
    assert_eq!(dashed, 2, "one clinical-range line per chart");
    let bands = svg
        .descendants()
        .filter(|n| n.has_tag_name("rect") && n.attribute("fill") != Some("#ffffff"))
        .count();
    assert_eq!(bands, 5 + 4, "PHQ-9 and GAD-7 bands");
}

#[test]
fn the_pdf_chart_is_drawn_and_large_print_still_fits() {
    for size in ["11", "24"] {
        let out = progress(&["-o", "p.pdf", "--font-size", size]);
        let bytes = out.bytes("p.pdf");
        let pdf = lopdf::Document::load_mem(&bytes).expect("a PDF lopdf reads");
        assert!(!pdf.get_pages().is_empty());
    }
}

#[test]
fn loose_files_outside_a_case_and_files_of_other_worksheets() {
    let out = ipt(&[
        "progress",
        &repo("examples/phq9.answers.toml"),
        &repo("examples/gad7.answers.toml"),
        &repo("examples/inventory.answers.toml"),
    ])
    .run();
    out.success()
        .stderr_has("which is not a questionnaire followed over time; it was left out")
        .stdout_has("Depression (PHQ-9)  ▅  (15)")
        .stdout_has("Only one score so far; change needs a second.");
    let out = ipt(&["progress"]).run();
    out.code(2)
        .stderr_has("works in a case folder")
        .stderr_has("ipt progress phq9-*.toml");
    let out = ipt(&["progress", "missing.toml"]).run();
    out.code(1)
        .stderr_has("cannot read the answers file missing.toml");
}

#[test]
fn a_scale_name_cannot_send_control_codes_to_the_terminal() {
    let out = ipt(&["progress", "scores.toml"])
        .with_file(
            "scores.toml",
            "[meta]\nworksheet = \"external-score\"\nstatus = \"complete\"\n\n[[answers.scores]]\nscale = \"BDI\\u001b[2J\"\nscore = 21\ndate = 2027-01-04\n\n[[answers.scores]]\nscale = \"BDI\\u001b[2J\"\nscore = 12\ndate = 2027-02-01\n",
        )
        .run();
    out.success().stdout_has("BDI‹U+001B›[2J");
    assert!(!out.stdout.contains('\u{1b}'), "{:?}", out.stdout);
}

#[test]
fn svg_is_only_for_documents_with_charts() {
    let out = ipt(&["fill", "phq9", "--blank", "-o", "phq9.svg"]).run();
    out.code(2).stderr_has("no chart to draw as SVG");
}

#[test]
fn the_session_packet_shows_the_scores_so_far_when_a_questionnaire_is_due() {
    let case = example_case();
    let out = ipt(&["session", "9", "--case", &case, "-o", "s9.md"])
        .with_env("SOURCE_DATE_EPOCH", EPOCH)
        .run();
    out.success();
    let md = out.file("s9.md");
    assert!(md.contains("Questionnaire scores over the course"), "{md}");
    assert!(md.contains("▅▄▃ (16, 12, 9)"), "up to session 9: {md}");
    assert!(md.contains("![GAD-7 scores over time: 11, not taken](s9-gad7.svg)"));
    roxmltree::Document::parse(&out.file("s9-phq9.svg")).unwrap();
    // Session 8 has no questionnaire due: no scores in its packet.
    let out = ipt(&["session", "8", "--case", &case, "-o", "-"])
        .with_env("SOURCE_DATE_EPOCH", EPOCH)
        .run();
    out.success();
    assert!(!out.stdout.contains("Questionnaire scores over the course"));
}

#[test]
fn the_prefilled_termination_review_ends_with_the_scores_so_far() {
    let case = example_case();
    let out = ipt(&["session", "12", "--case", &case, "-o", "s12.md"])
        .with_env("SOURCE_DATE_EPOCH", EPOCH)
        .run();
    out.success();
    let md = out.file("s12.md");
    let review = md
        .find("# Looking back, looking ahead")
        .expect("the review is due");
    let chart = md
        .find("## Depression (PHQ-9)")
        .expect("with the PHQ-9's scores");
    let next = md[review + 1..]
        .find("\n# ")
        .map_or(md.len(), |n| review + 1 + n);
    assert!(
        review < chart && chart < next,
        "the scores are part of the review"
    );
    assert!(
        md.contains("▅▄▃▂ (16, 12, 9, 4)"),
        "every score so far: {md}"
    );
    assert!(
        !md.contains("Questionnaire scores over the course"),
        "and not a second time after the agenda"
    );
    // A blank review, printed before the session, has no scores in it.
    let blank = ipt(&["session", "12", "--case", &case, "--blank", "-o", "-"])
        .with_env("SOURCE_DATE_EPOCH", EPOCH)
        .run();
    let md = &blank.success().stdout;
    let review = md.find("# Looking back, looking ahead").unwrap();
    assert!(!md[review..].contains("▅▄▃"));
}

#[test]
#[ignore = "needs poppler"]
fn the_pdf_chart_reads_in_order_and_its_picture_shows_bands_and_points() {
    let out = progress(&["-o", "p.pdf"]);
    let text = out.tool_text("pdftotext", &["-enc", "UTF-8", "p.pdf", "-"]);
    let squashed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut at = 0;
    for want in [
        "Depression (PHQ-9)",
        "Severe",
        "Moderately severe",
        "Moderate",
        "Mild",
        "Minimal",
        "2027-01-04",
        "session 1",
        "2027-03-22",
        "session 12",
        "Each point is one score",
        "Date Session Score Range Item 9",
        "Reliable improvement",
        "Remission: below 5 (4).",
        "Anxiety (GAD-7)",
        "not taken",
    ] {
        let found = squashed[at..]
            .find(want)
            .unwrap_or_else(|| panic!("`{want}` after byte {at} in:\n{squashed}"));
        at += found + want.len();
    }
    for want in ["clinical range: 10 or more", "16", "12", "9", "4"] {
        assert!(squashed.contains(want), "{want}");
    }
    // The first pages as pictures (the crisis block may come first, when an item 9 answer was
    // above "Not at all"): every band's grey fills a good area, and the points and the line are
    // there in ink.
    out.tool(
        "pdftoppm",
        &["-r", "50", "-f", "1", "-l", "2", "p.pdf", "page"],
    );
    let mut pixels = ppm_pixels(&out.bytes("page-1.ppm"));
    pixels.extend(ppm_pixels(&out.bytes("page-2.ppm")));
    let count = |want: (u8, u8, u8), tolerance: i32| {
        pixels
            .iter()
            .filter(|p| {
                (p.0 as i32 - want.0 as i32).abs() <= tolerance
                    && (p.1 as i32 - want.1 as i32).abs() <= tolerance
                    && (p.2 as i32 - want.2 as i32).abs() <= tolerance
            })
            .count()
    };
    for grey in [230u8, 210, 191, 172] {
        let n = count((grey, grey, grey), 1);
        assert!(n > 300, "band grey {grey}: {n} pixels");
    }
    let ink = count((20, 41, 97), 12);
    assert!(ink > 40, "points and line in ink: {ink} pixels");
}

/// The RGB pixels of a binary PPM (P6) image.
fn ppm_pixels(bytes: &[u8]) -> Vec<(u8, u8, u8)> {
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..i]).into_owned());
    }
    assert_eq!(fields[0], "P6");
    bytes[i + 1..]
        .chunks_exact(3)
        .map(|c| (c[0], c[1], c[2]))
        .collect()
}

#[test]
fn a_case_without_scores_says_how_to_add_one() {
    let made = ipt(&[
        "case",
        "new",
        "ar",
        "--start",
        "2027-01-04",
        "--area",
        "grief",
        "--no-input",
    ])
    .with_env("SOURCE_DATE_EPOCH", "1798545600")
    .run();
    made.success();
    let out = made.then(&["progress", "--case", "ar"]).run();
    out.success()
        .stderr_has("No questionnaire scores in this case yet")
        .stderr_has("ipt fill phq9");
    let out = out.then(&["progress", "--case", "ar", "-o", "p.pdf"]).run();
    out.code(2)
        .stderr_has("there are no questionnaire scores to chart yet");
}
