//! A trainer's scripts: every handout of a module in one command, fifty vignettes rendered into a
//! folder, a course pack in one PDF, and listings a script can read. Batches are checked for what
//! they write, how they report a bad file, and that every file is the same, byte for byte, alone
//! or in a batch, in any order, on any number of threads.

use crate::harness::{Outcome, ipt, repo};

const EPOCH: &str = "1767225600"; // 2026-01-01

fn example(id: &str) -> String {
    repo(&format!("examples/{id}.answers.toml"))
}

/// The files a run wrote into a folder of its own, by name.
fn written(out: &Outcome, folder: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(out.dir.path().join(folder))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn ids(out: &Outcome) -> Vec<String> {
    out.stdout.lines().map(str::to_string).collect()
}

#[test]
fn fill_all_blank_writes_every_worksheet_as_a_handout_into_the_folder() {
    let listed = ipt(&["list", "--ids"]).run();
    listed.success();
    let out = ipt(&["fill", "--all", "--blank", "--out-dir", "handouts"]).run();
    out.success()
        .stderr_has(&format!("{} written, 0 failed", ids(&listed).len()));
    let mut expected: Vec<String> = ids(&listed).iter().map(|id| format!("{id}.md")).collect();
    expected.sort();
    assert_eq!(written(&out, "handouts"), expected);
    assert!(out.file("handouts/grief.md").contains("Remembering"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &str| {
            std::fs::metadata(out.dir.path().join(p))
                .unwrap()
                .permissions()
                .mode()
                & 0o777
        };
        assert_eq!(mode("handouts"), 0o700);
        assert_eq!(mode("handouts/grief.md"), 0o600);
    }
}

#[test]
fn fill_picks_the_handouts_of_a_phase_and_a_problem_area() {
    let out = ipt(&[
        "fill",
        "--phase",
        "middle",
        "--area",
        "grief",
        "--blank",
        "--out-dir",
        "h",
        "--format",
        "pdf",
    ])
    .run();
    out.success();
    let names = written(&out, "h");
    assert!(names.contains(&"grief.pdf".to_string()), "{names:?}");
    assert!(
        names.contains(&"phq9.pdf".to_string()),
        "any time: {names:?}"
    );
    assert!(
        !names.contains(&"role-dispute.pdf".to_string()),
        "{names:?}"
    );
    assert!(!names.contains(&"inventory.pdf".to_string()), "{names:?}");
    ipt(&["fill", "--phase", "midle", "--blank", "--out-dir", "h"])
        .run()
        .code(2)
        .stderr_has("did you mean `middle`");
}

#[test]
fn several_worksheets_at_once_are_blank_and_go_into_a_folder() {
    ipt(&["fill", "grief", "phq9", "--blank"])
        .run()
        .code(2)
        .stderr_has("--out-dir");
    ipt(&["fill", "grief", "phq9", "--out-dir", "h"])
        .run()
        .code(2)
        .stderr_has("--blank");
    let out = ipt(&["fill", "grief", "phq9", "--blank", "--out-dir", "h"]).run();
    out.success();
    assert_eq!(written(&out, "h"), ["grief.md", "phq9.md"]);
}

#[test]
fn render_examples_into_a_folder_renders_them_all_with_a_summary() {
    let mut files: Vec<String> = std::fs::read_dir(repo("examples"))
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .filter(|p| p.ends_with(".answers.toml"))
        .collect();
    files.sort();
    let mut args = vec!["render"];
    args.extend(files.iter().map(String::as_str));
    args.extend(["--out-dir", "out", "--format", "pdf"]);
    let out = ipt(&args).with_env("SOURCE_DATE_EPOCH", EPOCH).run();
    out.success()
        .stderr_has(&format!("{} written, 0 failed", files.len()));
    assert_eq!(written(&out, "out").len(), files.len());
    assert!(out.bytes("out/inventory.pdf").starts_with(b"%PDF-"));
    assert!(out.bytes("out/plan.pdf").starts_with(b"%PDF-"));
}

/// Regression (merge of issue 16's JSON answers into the batch): `--format json` in a batch
/// writes each file's checked answers, as `ipt render FILE --format json` does alone, plans too.
#[test]
fn a_batch_in_json_writes_the_checked_answers_of_each_file_as_alone() {
    let out = ipt(&[
        "render",
        &example("phq9"),
        &example("plan"),
        "--out-dir",
        "out",
        "--format",
        "json",
    ])
    .run();
    out.success().stderr_has("2 written, 0 failed");
    assert_eq!(written(&out, "out"), ["phq9.json", "plan.json"]);
    for name in ["phq9", "plan"] {
        let alone = ipt(&["render", &example(name), "--format", "json"]).run();
        alone.success();
        assert_eq!(
            out.file(&format!("out/{name}.json")),
            alone.stdout,
            "{name}"
        );
    }
    ipt(&[
        "fill",
        "--all",
        "--blank",
        "--out-dir",
        "h",
        "--format",
        "json",
    ])
    .run()
    .code(2)
    .stderr_has("Markdown or PDF");
}

#[test]
fn one_bad_file_does_not_stop_the_rest_and_the_exit_code_is_the_worst() {
    let bad = "[meta]\nworksheet = \"phq9\"\n\n[answers.items]\nq1 = \"7\"\n";
    let out = ipt(&[
        "render",
        &example("grief"),
        "bad.answers.toml",
        "missing.toml",
        &example("phq9"),
        "--out-dir",
        "out",
    ])
    .with_file("bad.answers.toml", bad)
    .run();
    out.code(3)
        .stderr_has("error: bad.answers.toml: ")
        .stderr_has("items.q1")
        .stderr_has("error: missing.toml: cannot read the answers file")
        .stderr_has("2 written, 2 failed")
        .stderr_has("2 of 4 files failed");
    assert_eq!(written(&out, "out"), ["grief.md", "phq9.md"]);
    // Failures are reported in the order the files were named.
    let bad_at = out.stderr.find("bad.answers.toml:").unwrap();
    let missing_at = out.stderr.find("missing.toml:").unwrap();
    assert!(bad_at < missing_at);
    // Run again: the files already there are failures, left as they are, unless --force.
    let again = out
        .then(&[
            "render",
            &example("grief"),
            &example("phq9"),
            "--out-dir",
            "out",
        ])
        .run();
    again
        .code(1)
        .stderr_has("already exists")
        .stderr_has("--force");
}

#[test]
fn a_folder_means_every_answers_file_in_it() {
    let grief = std::fs::read_to_string(example("grief")).unwrap();
    let phq9 = std::fs::read_to_string(example("phq9")).unwrap();
    let out = ipt(&["render", "case/sessions", "--out-dir", "out"])
        .with_file("case/sessions/01-phq9.toml", &phq9)
        .with_file("case/sessions/05-grief.toml", &grief)
        .with_file("case/sessions/case.toml", "client = \"A. R.\"\n")
        .with_file("case/sessions/notes.txt", "not an answers file")
        .run();
    out.success().stderr_has("2 written, 0 failed");
    assert_eq!(written(&out, "out"), ["01-phq9.md", "05-grief.md"]);
    ipt(&["render", &example("grief"), &example("phq9")])
        .run()
        .code(2)
        .stderr_has("--out-dir");
}

#[test]
fn no_progress_bar_is_drawn_when_stderr_is_not_a_terminal() {
    let out = ipt(&["fill", "--all", "--blank", "--out-dir", "h", "-j", "2"]).run();
    out.success();
    assert!(!out.stderr.contains('\r') && !out.stderr.contains('\u{1b}'));
    assert_eq!(
        out.stderr.lines().count(),
        1,
        "only the summary: {}",
        out.stderr
    );
}

/// Item 5 of issue 15: the same inputs give the same bytes alone, in a batch, in any order, on
/// any number of threads.
#[test]
fn a_document_is_the_same_bytes_alone_or_in_a_batch_in_any_order_on_any_number_of_threads() {
    let names = ["inventory", "grief", "plan", "phq9", "closeness-circle"];
    let files: Vec<String> = names.iter().map(|n| example(n)).collect();
    for format in ["pdf", "md"] {
        // Alone, one command per file.
        let target = |name: &str| format!("{name}.{format}");
        let mut run = ipt(&["render", &files[0], "-o", &target(names[0])]);
        for (name, file) in names.iter().zip(&files).skip(1) {
            let out = run.with_env("SOURCE_DATE_EPOCH", EPOCH).run();
            out.success();
            run = out.then(&["render", file, "-o", &target(name)]);
        }
        let out = run.with_env("SOURCE_DATE_EPOCH", EPOCH).run();
        out.success();
        // In a batch on one thread, and on four threads in the opposite order.
        let mut one = vec!["render"];
        one.extend(files.iter().map(String::as_str));
        one.extend(["--out-dir", "one", "-j", "1", "--format", format]);
        let out = out.then(&one).with_env("SOURCE_DATE_EPOCH", EPOCH).run();
        out.success();
        let mut four = vec!["render"];
        four.extend(files.iter().rev().map(String::as_str));
        four.extend(["--out-dir", "four", "-j", "4", "--format", format]);
        let out = out.then(&four).with_env("SOURCE_DATE_EPOCH", EPOCH).run();
        out.success();
        for name in names {
            let alone = out.bytes(&format!("{name}.{format}"));
            assert_eq!(alone, out.bytes(&format!("one/{name}.{format}")), "{name}");
            assert_eq!(alone, out.bytes(&format!("four/{name}.{format}")), "{name}");
        }
    }
    // Blank handouts too: alone and among all of them.
    let alone = ipt(&["fill", "phq9", "--blank", "-o", "phq9.pdf"])
        .with_env("SOURCE_DATE_EPOCH", EPOCH)
        .run();
    alone.success();
    let all = alone
        .then(&[
            "fill",
            "--all",
            "--blank",
            "--out-dir",
            "h",
            "--format",
            "pdf",
            "-j",
            "3",
        ])
        .with_env("SOURCE_DATE_EPOCH", EPOCH)
        .run();
    all.success();
    assert_eq!(all.bytes("phq9.pdf"), all.bytes("h/phq9.pdf"));
}

/// `ipt pack` of five documents: two blank handouts, two filled worksheets and a plan.
fn pack(extra: &[&str]) -> Outcome {
    let (grief, plan, inventory) = (example("grief"), example("plan"), example("inventory"));
    let mut args = vec![
        "pack",
        "phq9",
        &inventory,
        &grief,
        &plan,
        "safety-plan",
        "--title",
        "Module 2: loss and change",
    ];
    args.extend(extra);
    let out = ipt(&args).with_env("SOURCE_DATE_EPOCH", EPOCH).run();
    out.success();
    out
}

/// The outline as (depth, title, page from 1), in order.
fn outline(pdf: &lopdf::Document) -> Vec<(usize, String, u32)> {
    let pages: std::collections::BTreeMap<lopdf::ObjectId, u32> =
        pdf.get_pages().into_iter().map(|(n, id)| (id, n)).collect();
    let title = |item: &lopdf::Dictionary| {
        let bytes = item.get(b"Title").unwrap().as_str().unwrap();
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16(&units).unwrap()
    };
    let mut out = Vec::new();
    fn walk(
        pdf: &lopdf::Document,
        first: Option<lopdf::ObjectId>,
        depth: usize,
        pages: &std::collections::BTreeMap<lopdf::ObjectId, u32>,
        title: &dyn Fn(&lopdf::Dictionary) -> String,
        out: &mut Vec<(usize, String, u32)>,
    ) {
        let mut next = first;
        while let Some(id) = next {
            let item = pdf.get_dictionary(id).unwrap();
            let dest = item.get(b"Dest").unwrap().as_array().unwrap();
            let page = pages[&dest[0].as_reference().unwrap()];
            out.push((depth, title(item), page));
            let kid = item.get(b"First").ok().and_then(|f| f.as_reference().ok());
            walk(pdf, kid, depth + 1, pages, title, out);
            next = item.get(b"Next").ok().and_then(|n| n.as_reference().ok());
        }
    }
    let root = pdf
        .get_dictionary(
            pdf.catalog()
                .unwrap()
                .get(b"Outlines")
                .unwrap()
                .as_reference()
                .unwrap(),
        )
        .unwrap();
    let first = root.get(b"First").ok().and_then(|f| f.as_reference().ok());
    walk(pdf, first, 0, &pages, &title, &mut out);
    out
}

#[test]
fn a_pack_has_a_cover_a_contents_page_and_bookmarks_for_each_document_and_its_sections() {
    let out = pack(&["-o", "pack.pdf"]);
    let pdf = lopdf::Document::load_mem(&out.bytes("pack.pdf")).unwrap();
    let entries = outline(&pdf);
    let tops: Vec<&(usize, String, u32)> = entries.iter().filter(|e| e.0 == 0).collect();
    let titles: Vec<&str> = tops.iter().map(|e| e.1.as_str()).collect();
    assert_eq!(
        titles,
        [
            "Contents",
            "PHQ-9: how your mood has been",
            "Interpersonal inventory",
            "Remembering someone you have lost",
            "Treatment plan",
            "My safety plan"
        ]
    );
    assert_eq!(tops[0].2, 2, "the contents after the cover");
    // Every document has its sections below it, on its own pages.
    for (i, top) in tops.iter().enumerate().skip(1) {
        let end = tops.get(i + 1).map_or(u32::MAX, |t| t.2);
        let below: Vec<_> = entries
            .iter()
            .skip_while(|e| e != top)
            .skip(1)
            .take_while(|e| e.0 == 1)
            .collect();
        assert!(!below.is_empty(), "{} has sections", top.1);
        assert!(below.iter().all(|e| e.2 >= top.2 && e.2 < end));
    }
    // The Markdown pack is one file with a contents list.
    let md = pack(&["-o", "pack.md"]).file("pack.md");
    assert!(md.starts_with("# Module 2: loss and change\n"));
    assert!(
        md.contains(
            "## Contents\n\n1. PHQ-9: how your mood has been\n2. Interpersonal inventory\n"
        )
    );
    assert_eq!(md.matches("If you are in crisis").count(), 5);
}

#[test]
fn a_duplex_pack_starts_every_document_on_an_odd_page() {
    let out = pack(&["--duplex", "-o", "pack.pdf"]);
    let pdf = lopdf::Document::load_mem(&out.bytes("pack.pdf")).unwrap();
    let tops: Vec<(usize, String, u32)> = outline(&pdf)
        .into_iter()
        .filter(|e| e.0 == 0 && e.1 != "Contents")
        .collect();
    assert_eq!(tops.len(), 5);
    for (_, title, page) in tops {
        assert_eq!(page % 2, 1, "{title} starts on page {page}");
    }
}

#[test]
fn a_pack_names_the_item_it_could_not_use_and_writes_nothing() {
    ipt(&["pack", "phq9", "no-such-sheet", "-o", "pack.pdf"])
        .run()
        .code(2)
        .stderr_has("no-such-sheet: no worksheet `no-such-sheet`");
    ipt(&["pack", "phq9", "--title", "a\u{1b}[2Jb", "-o", "pack.md"])
        .run()
        .code(2)
        .stderr_has("--title");
}

#[test]
#[ignore = "needs qpdf and poppler-utils"]
fn qpdf_and_pdfinfo_confirm_a_pack_of_five_with_its_contents_page_and_bookmarks() {
    let out = pack(&["-o", "pack.pdf"]);
    out.tool_text("qpdf", &["--check", "pack.pdf"]);
    let info = out.tool_text("pdfinfo", &["pack.pdf"]);
    assert!(
        info.contains("Title:           Module 2: loss and change"),
        "{info}"
    );
    let pages: u32 = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let json: serde_json::Value = serde_json::from_str(
        &out.tool_text("qpdf", &["--json", "--json-key=outlines", "pack.pdf"]),
    )
    .unwrap();
    let outlines = json["outlines"].as_array().unwrap();
    let tops: Vec<(&str, u64)> = outlines
        .iter()
        .map(|o| {
            (
                o["title"].as_str().unwrap(),
                o["destpageposfrom1"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(tops.len(), 6, "{tops:?}");
    assert!(
        outlines[1..]
            .iter()
            .all(|o| !o["kids"].as_array().unwrap().is_empty())
    );
    // The contents page lists each document with the page it starts on, and that page shows it.
    let contents = out.tool_text(
        "pdftotext",
        &["-layout", "-f", "2", "-l", "2", "pack.pdf", "-"],
    );
    for (title, page) in &tops[1..] {
        let line = contents
            .lines()
            .find(|l| l.trim_start().starts_with(title))
            .unwrap_or_else(|| panic!("{title} is not on the contents page:\n{contents}"));
        assert!(line.trim_end().ends_with(&format!(" {page}")), "{line}");
        let p = page.to_string();
        let text = out.tool_text("pdftotext", &["-f", &p, "-l", &p, "pack.pdf", "-"]);
        assert!(text.contains(title), "page {page} shows {title}");
        assert!(*page as u32 <= pages);
    }
    // Page numbers per document and over the whole pack, in the footer.
    let last = out.tool_text(
        "pdftotext",
        &[
            "-f",
            &pages.to_string(),
            "-l",
            &pages.to_string(),
            "pack.pdf",
            "-",
        ],
    );
    assert!(last.contains(&format!("{pages}/{pages}")), "{last}");
}

#[test]
fn ipt_list_fits_80_columns_and_scripts_get_ids_and_json() {
    let out = ipt(&["list"]).run();
    out.success();
    for line in out.stdout.lines() {
        assert!(line.chars().count() <= 80, "`{line}`");
    }
    let listed = ipt(&["list", "--ids"]).run();
    listed.success();
    let json = ipt(&["list", "--json"]).run();
    json.success();
    let rows: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let json_ids: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(json_ids, ids(&listed));
    let grief = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "grief")
        .unwrap();
    assert_eq!(grief["phases"], serde_json::json!(["middle"]));
    assert_eq!(grief["from"], "built-in");
    let termination = ipt(&["list", "--ids", "--phase", "termination"]).run();
    termination.success();
    assert!(ids(&termination).contains(&"termination".to_string()));
    assert!(!ids(&termination).contains(&"inventory".to_string()));
    let wide = ipt(&["list"]).with_env("COLUMNS", "160").run();
    wide.success().stdout_has("TECHNIQUE");
}

#[test]
fn ipt_show_json_gives_every_section_and_question_with_its_type() {
    let out = ipt(&["show", "phq9", "--json"]).run();
    out.success();
    let sheet: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(sheet["id"], "phq9");
    assert_eq!(sheet["from"], "built-in");
    let fields: Vec<&serde_json::Value> = sheet["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["fields"].as_array().unwrap())
        .collect();
    let q9 = fields.iter().find(|f| f["id"] == "items.q9").unwrap();
    assert_eq!(q9["type"], "choice");
    assert_eq!(q9["safety"], "crisis");
    assert_eq!(q9["choices"][0]["label"], "Not at all");
    let people = ipt(&["show", "inventory", "--json"]).run();
    people.success();
    let sheet: serde_json::Value = serde_json::from_str(&people.stdout).unwrap();
    assert!(
        sheet["sections"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["repeat"]["max"].as_u64().is_some())
    );
}
