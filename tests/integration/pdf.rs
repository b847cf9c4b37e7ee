//! PDF output as a therapist gets it: every built-in worksheet, blank and filled, on A4 and
//! Letter; checked by structure (lopdf) and, where poppler and qpdf are installed, by
//! `qpdf --check`, `pdftotext` (every answer comes back, in reading order) and `pdffonts`
//! (every font embedded and subset). Never by comparing bytes with a stored file.

use std::process::Command;

use crate::harness::{Outcome, ipt, repo};

const EPOCH: &str = "1767225600"; // 2026-01-01

fn example(id: &str) -> String {
    repo(&format!("examples/{id}.answers.toml"))
}

/// Every built-in worksheet, as `ipt list` shows them.
fn built_in() -> Vec<String> {
    let out = ipt(&["list"]).run();
    out.success();
    let ids: Vec<String> = out
        .stdout
        .lines()
        .filter(|l| l.trim_end().ends_with("built-in"))
        .filter_map(|l| l.split_whitespace().next().map(str::to_string))
        .collect();
    assert!(ids.len() >= 5, "{}", out.stdout);
    ids
}

/// `ipt ARGS -o out.pdf` with a fixed date; the outcome and the PDF's bytes.
fn pdf(args: &[&str]) -> (Outcome, Vec<u8>) {
    let mut all: Vec<&str> = args.to_vec();
    all.extend(["-o", "out.pdf"]);
    let out = ipt(&all).with_env("SOURCE_DATE_EPOCH", EPOCH).run();
    out.success();
    let bytes = out.bytes("out.pdf");
    (out, bytes)
}

fn filled(id: &str, extra: &[&str]) -> (Outcome, Vec<u8>) {
    let answers = example(id);
    let mut args = vec!["fill", id, "--answers", &answers, "--no-input"];
    args.extend(extra);
    pdf(&args)
}

fn load(bytes: &[u8]) -> lopdf::Document {
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    lopdf::Document::load_mem(bytes).expect("lopdf reads it")
}

fn text_of(out: &Outcome) -> String {
    out.tool_text("pdftotext", &["-enc", "UTF-8", "out.pdf", "-"])
}

/// Whitespace runs as single spaces, so wrapped lines read as one.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_built_in_worksheet_renders_blank_and_filled_on_a4_and_letter() {
    for id in built_in() {
        for paper in ["a4", "letter"] {
            let (_, blank) = pdf(&["fill", &id, "--blank", "--paper", paper]);
            let (_, full) = filled(&id, &["--paper", paper]);
            for bytes in [blank, full] {
                let doc = load(&bytes);
                assert!(!doc.get_pages().is_empty(), "{id} {paper}");
            }
        }
    }
}

#[test]
fn the_page_size_follows_paper_and_metadata_and_outline_are_set() {
    let (_, a4) = filled("inventory", &[]);
    let (_, letter) = filled("inventory", &["--paper", "letter"]);
    for (bytes, width) in [(a4, 595.0), (letter, 612.0)] {
        let doc = load(&bytes);
        let (_, first) = doc.get_pages().into_iter().next().unwrap();
        let page = doc.get_dictionary(first).unwrap();
        let media = page.get(b"MediaBox").unwrap().as_array().unwrap();
        let w = media[2].as_float().unwrap();
        assert!((w - width).abs() < 1.0, "width {w}");
        let catalog = doc.catalog().unwrap();
        assert_eq!(catalog.get(b"Lang").unwrap().as_str().unwrap(), b"en");
        let outlines = doc
            .get_dictionary(catalog.get(b"Outlines").unwrap().as_reference().unwrap())
            .unwrap();
        assert!(
            outlines.get(b"Count").unwrap().as_i64().unwrap() >= 4,
            "a bookmark per section"
        );
        let info = doc
            .get_dictionary(doc.trailer.get(b"Info").unwrap().as_reference().unwrap())
            .unwrap();
        let date = info.get(b"CreationDate").unwrap().as_str().unwrap();
        assert!(
            date.starts_with(b"D:20260101"),
            "{}",
            String::from_utf8_lossy(date)
        );
        let creator = pdf_text(info.get(b"Creator").unwrap().as_str().unwrap());
        assert!(creator.starts_with("ipt "), "{creator}");
        let title = pdf_text(info.get(b"Title").unwrap().as_str().unwrap());
        assert_eq!(title, "Interpersonal inventory");
    }
}

/// A PDF text string: UTF-16 with a byte-order mark, or one byte per character.
fn pdf_text(bytes: &[u8]) -> String {
    match bytes.strip_prefix(&[0xFE, 0xFF]) {
        Some(utf16) => {
            let units: Vec<u16> = utf16
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        None => bytes.iter().map(|b| char::from(*b)).collect(),
    }
}

#[test]
fn the_same_inputs_give_the_same_bytes() {
    let (_, a) = filled("grief", &["--client", "J. M."]);
    let (_, b) = filled("grief", &["--client", "J. M."]);
    assert!(a == b, "two runs with SOURCE_DATE_EPOCH differ");
}

#[test]
fn a_character_no_font_has_is_a_warning_naming_it_and_the_question() {
    let answers = example("inventory");
    let (out, bytes) = pdf(&[
        "inventory",
        "--answers",
        &answers,
        "--no-input",
        "--set",
        "people[1].name=Dev 🧠",
    ]);
    load(&bytes);
    out.stderr_has("warning:")
        .stderr_has("U+1F9E0")
        .stderr_has("people[1].name");
    assert!(
        !out.stderr.contains("Dev"),
        "never the answer: {}",
        out.stderr
    );
}

#[test]
fn the_client_name_is_printed_but_never_logged() {
    let (out, _) = filled("inventory", &["--client", "Mariam K."]);
    assert!(!out.stderr.contains("Mariam"), "{}", out.stderr);
    assert!(!out.stdout.contains("Mariam"), "{}", out.stdout);
}

#[test]
fn a_bad_font_is_a_clear_error_not_a_panic() {
    let out = ipt(&["inventory", "--blank", "--font", "notes.txt", "-o", "x.pdf"])
        .with_file("notes.txt", "not a font")
        .run();
    out.code(2)
        .stderr_has("cannot use the font notes.txt")
        .stderr_has("hint:");
    assert!(!out.stderr.contains("panicked"));
    let out = ipt(&[
        "inventory",
        "--blank",
        "--font",
        "missing.ttf",
        "-o",
        "x.pdf",
    ])
    .run();
    out.code(1)
        .stderr_has("cannot read the font file missing.ttf");
    assert!(!out.dir.path().join("x.pdf").exists());
}

/// A blank GAD-7 for a client named in Chinese, with the test font as the fallback.
fn with_fallback_font() -> (Outcome, Vec<u8>) {
    let font = repo("tests/fixtures/fonts/test-fallback.ttf");
    pdf(&[
        "fill",
        "gad7",
        "--blank",
        "--client",
        "中文 Li",
        "--font",
        &font,
    ])
}

#[test]
fn characters_dejavu_lacks_are_drawn_from_the_font_given_with_font() {
    // tests/fixtures/fonts/make.py draws a tiny font with only 中 and 文, which DejaVu lacks.
    let without = pdf(&["fill", "gad7", "--blank", "--client", "中文 Li"]).0;
    without
        .stderr_has("no font has the character U+4E2D (中), in the header")
        .stderr_has("--font PATH");
    let (out, bytes) = with_fallback_font();
    assert!(!out.stderr.contains("no font has"), "{}", out.stderr);
    let doc = load(&bytes);
    let fonts: Vec<String> = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.has_type(b"Font"))
        .filter_map(|d| d.get(b"BaseFont").ok()?.as_name().ok())
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .collect();
    assert!(
        fonts.iter().any(|f| !f.contains("DejaVu")),
        "a third font, the fallback, is embedded: {fonts:?}"
    );
}

#[test]
#[ignore = "needs pdftotext (poppler-utils)"]
fn text_drawn_from_a_fallback_font_comes_back() {
    let (out, _) = with_fallback_font();
    assert!(text_of(&out).contains("中文 Li"), "{}", text_of(&out));
}

#[test]
fn font_size_and_paper_are_checked() {
    ipt(&["grief", "--blank", "--font-size", "30", "-o", "x.pdf"])
        .run()
        .code(2);
    ipt(&["grief", "--blank", "--paper", "a5", "-o", "x.pdf"])
        .run()
        .code(2);
    let (_, big) = pdf(&["grief", "--blank", "--font-size", "16"]);
    let (_, small) = pdf(&["grief", "--blank"]);
    assert!(
        load(&big).get_pages().len() > load(&small).get_pages().len(),
        "large print takes more pages"
    );
}

#[test]
fn pdf_goes_to_a_pipe_with_dash() {
    let out = Command::new(env!("CARGO_BIN_EXE_ipt"))
        .args(["grief", "--blank", "--format", "pdf", "-o", "-"])
        .env("HOME", std::env::temp_dir())
        .env(
            "XDG_CONFIG_HOME",
            std::env::temp_dir().join("ipt-no-config"),
        )
        .output()
        .unwrap();
    assert!(out.status.success());
    load(&out.stdout);
}

#[test]
#[ignore = "needs qpdf and poppler-utils"]
fn every_pdf_passes_qpdf_and_embeds_subset_fonts() {
    for id in built_in() {
        for (blank, paper) in [
            (true, "a4"),
            (false, "a4"),
            (true, "letter"),
            (false, "letter"),
        ] {
            let (out, _) = if blank {
                pdf(&["fill", &id, "--blank", "--paper", paper])
            } else {
                filled(&id, &["--paper", paper])
            };
            let check = out.tool_text("qpdf", &["--check", "out.pdf"]);
            assert!(
                check.contains("No syntax or stream encoding errors"),
                "{id}: {check}"
            );
            let fonts = out.tool_text("pdffonts", &["out.pdf"]);
            let rows: Vec<&str> = fonts.lines().skip(2).collect();
            assert!(!rows.is_empty(), "{id}: no fonts");
            for row in rows {
                let cols: Vec<&str> = row.split_whitespace().collect();
                let n = cols.len();
                assert!(cols[0].contains('+'), "{id}: not subset: {row}");
                assert_eq!(&cols[n - 5..n - 2], ["yes", "yes", "yes"], "{id}: {row}");
            }
        }
    }
}

#[test]
#[ignore = "needs qpdf and poppler-utils"]
fn every_typed_answer_comes_back_from_pdftotext_in_reading_order() {
    for id in built_in() {
        let (out, _) = filled(&id, &[]);
        // The body only (A4, in points): the header and footer would interrupt an answer that
        // continues on the next page.
        let body = ["-x", "0", "-y", "60", "-W", "596", "-H", "722"];
        let text = squash(&out.tool_text("pdftotext", &[&body[..], &["out.pdf", "-"]].concat()));
        let answers: toml::Table = std::fs::read_to_string(example(&id))
            .unwrap()
            .parse()
            .unwrap();
        let mut typed = Vec::new();
        collect_typed(answers.get("answers").unwrap(), &mut typed);
        // Reading order is the document's: the order the Markdown of the same answers shows.
        let md = ipt(&["fill", &id, "--answers", &example(&id), "--no-input"]).run();
        let md = squash(&md.stdout.replace('\\', ""));
        // The same answer given twice (two events with the same people) is found twice.
        let mut used: std::collections::HashMap<String, usize> = Default::default();
        let mut ordered: Vec<(usize, String)> = typed
            .into_iter()
            .map(|a| {
                let key = squash(&a.replace('\\', ""));
                let from = used.get(&key).map_or(0, |p| p + 1);
                let pos = md
                    .get(from..)
                    .and_then(|m| m.find(&key))
                    .map_or(usize::MAX, |p| p + from);
                used.insert(key, pos);
                (pos, squash(&a))
            })
            .collect();
        // Where one answer starts another ("Spring 2025", "Spring 2025 to now"), the longer first.
        ordered.sort_by_key(|(pos, a)| (*pos, std::cmp::Reverse(a.len())));
        let mut at = 0;
        for (in_md, want) in ordered {
            if in_md == usize::MAX {
                assert!(text.contains(&want), "{id}: `{want}` is missing");
                continue;
            }
            match text[at..].find(&want) {
                Some(i) => at += i + want.len(),
                None => panic!("{id}: `{want}` is missing or out of order"),
            }
        }
    }
}

/// Free-text answers: strings with a space (choice values are single words).
fn collect_typed(value: &toml::Value, out: &mut Vec<String>) {
    match value {
        toml::Value::String(s) if s.trim().contains(' ') => out.push(s.clone()),
        toml::Value::Array(items) => items.iter().for_each(|v| collect_typed(v, out)),
        toml::Value::Table(t) => t.values().for_each(|v| collect_typed(v, out)),
        _ => {}
    }
}

#[test]
#[ignore = "needs qpdf and poppler-utils"]
fn greek_cyrillic_accents_and_quotes_come_back() {
    let answers = example("inventory");
    let (out, _) = pdf(&[
        "inventory",
        "--answers",
        &answers,
        "--no-input",
        "--set",
        "about.name=Zoë Привет Ελληνικά “quotes”",
    ]);
    let text = text_of(&out);
    for word in ["Zoë", "Привет", "Ελληνικά", "“quotes”"] {
        assert!(text.contains(word), "{word} missing from:\n{text}");
    }
    let info = out.tool_text("pdfinfo", &["out.pdf"]);
    assert!(info.contains("Interpersonal inventory"), "{info}");
}

/// A page from `pdftotext -bbox`: width, height, and each word with its box.
type WordPage = (f32, f32, Vec<(String, [f32; 4])>);

/// Word boxes from `pdftotext -bbox`.
fn boxes(out: &Outcome) -> Vec<WordPage> {
    let html = out.tool_text("pdftotext", &["-bbox", "out.pdf", "-"]);
    let attr = |tag: &str, name: &str| -> f32 {
        let key = format!("{name}=\"");
        let i = tag.find(&key).unwrap() + key.len();
        tag[i..tag[i..].find('"').unwrap() + i].parse().unwrap()
    };
    let mut pages = Vec::new();
    for part in html.split("<page ").skip(1) {
        let (w, h) = (attr(part, "width"), attr(part, "height"));
        let words = part
            .split("<word ")
            .skip(1)
            .map(|wtag| {
                let text =
                    wtag[wtag.find('>').unwrap() + 1..wtag.find("</word>").unwrap()].to_string();
                let b = ["xMin", "yMin", "xMax", "yMax"].map(|k| attr(wtag, k));
                (text, b)
            })
            .collect();
        pages.push((w, h, words));
    }
    pages
}

#[test]
#[ignore = "needs qpdf and poppler-utils"]
fn a_10000_word_answer_and_a_200_character_word_stay_inside_the_margins() {
    let words: Vec<String> = (0..10_000).map(|i| format!("w{i}")).collect();
    let long_word = "Donaudampfschifffahrt".repeat(10);
    assert_eq!(long_word.chars().count(), 210);
    let answers = example("inventory");
    let notes = format!("overall.notes={} {long_word} end", words.join(" "));
    let (out, bytes) = pdf(&[
        "inventory",
        "--answers",
        &answers,
        "--no-input",
        "--set",
        &notes,
    ]);
    assert!(load(&bytes).get_pages().len() > 20);
    let margin = 36.0; // half an inch: the body keeps well inside it
    let mut seen_long = 0;
    for (w, h, words) in boxes(&out) {
        for (text, b) in words {
            assert!(
                b[0] >= margin
                    && b[2] <= w - margin
                    && b[1] >= margin * 0.5
                    && b[3] <= h - margin * 0.5,
                "`{text}` at {b:?} is outside the margins of a {w}×{h} page"
            );
            if text.contains("Donau") {
                seen_long += 1;
            }
        }
    }
    assert!(seen_long >= 2, "the long word is broken over lines");
    let text = squash(&text_of(&out));
    assert!(text.contains("w0 w1 w2") && text.contains("w9999"));
}

#[test]
fn the_phq9_and_gad7_print_on_one_page_as_the_familiar_grid_blank_and_filled() {
    for id in ["phq9", "gad7"] {
        for paper in ["a4", "letter"] {
            let (_, blank) = pdf(&["fill", id, "--blank", "--paper", paper]);
            assert_eq!(load(&blank).get_pages().len(), 1, "{id} blank on {paper}");
            let (_, filled) = filled(id, &["--paper", paper]);
            assert_eq!(load(&filled).get_pages().len(), 1, "{id} filled on {paper}");
        }
    }
    // Large print is never shrunk to fit: it takes the pages it needs.
    let (_, large) = pdf(&["fill", "phq9", "--blank", "--font-size", "16"]);
    assert!(load(&large).get_pages().len() > 1);
}

#[test]
fn the_inventory_handout_prints_its_five_people_compactly() {
    let (_, blank) = pdf(&["fill", "inventory", "--blank"]);
    let pages = load(&blank).get_pages().len();
    assert!(
        pages <= 11,
        "{pages} pages (18 before the compact print hint)"
    );
}

#[test]
#[ignore = "needs qpdf and poppler-utils"]
fn pdfinfo_counts_one_page_and_the_grid_reads_row_by_row() {
    let (out, _) = filled("phq9", &[]);
    let info = out.tool_text("pdfinfo", &["out.pdf"]);
    assert!(
        info.lines()
            .any(|l| l.starts_with("Pages:") && l.trim_end().ends_with(" 1")),
        "{info}"
    );
    let text = squash(&text_of(&out));
    for words in [
        "Not at all",
        "Several days",
        "1. Little interest or pleasure in doing things",
        "9. Thoughts that you would be better off dead",
        "Total score (0 to 27): 15",
        "If you are in crisis",
    ] {
        assert!(text.contains(words), "`{words}` in {text}");
    }
    let (out, _) = pdf(&["fill", "inventory", "--blank"]);
    let info = out.tool_text("pdfinfo", &["out.pdf"]);
    let pages: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap();
    assert!(pages <= 11, "{pages}");
}

#[test]
#[ignore = "needs qpdf and poppler-utils"]
fn the_relationship_block_and_the_plan_titles_come_back_from_the_pdf() {
    let dispute = example("role-dispute");
    let (out, _) = pdf(&[
        "fill",
        "role-dispute",
        "--answers",
        &dispute,
        "--set",
        "who.afraid=yes",
        "--country",
        "NZ",
        "--no-input",
    ]);
    let text = squash(&text_of(&out));
    let block = text
        .find("Your safety with this person")
        .expect("the block");
    assert!(block < text.find("Who it is with").unwrap(), "at the top");
    assert!(
        text.contains("Women's Refuge, free call 0800 733 843"),
        "{text}"
    );

    let plan = example("plan");
    let (out, _) = pdf(&["render", &plan]);
    let text = squash(&text_of(&out));
    assert!(
        text.contains("Interpersonal inventory (inventory)"),
        "{text}"
    );
    assert!(text.contains("Halfway: a mid-course review"), "{text}");
}
