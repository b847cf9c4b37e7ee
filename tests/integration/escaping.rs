//! What a person typed is data: never evaluated, and unable to change the Markdown's structure.

use crate::harness::{ipt, repo};

const TRICKY: [&str; 6] = ["{{ 7*7 }}", "# heading", "a | b", "Zoë", "Привет", "日本語"];

#[test]
fn typed_text_comes_out_literally_and_keeps_the_structure() {
    let sheet = repo("tests/fixtures/worksheets/support-map.toml");
    let mut answers = String::from(
        "[meta]\nworksheet = \"support-map\"\n[answers.me]\ninitials = \"JK\"\nsteady = 3\n",
    );
    for t in TRICKY {
        answers.push_str(&format!(
            "[[answers.helpers]]\nwho = {t:?}\nkind = \"hands\"\nwhat = \"{t}\\n{t}\"\n"
        ));
    }
    let out = ipt(&["fill", &sheet, "--answers", "a.toml", "--no-input"])
        .with_file("a.toml", &answers)
        .run();
    out.success();
    let md = &out.stdout;
    assert!(
        !md.contains("49"),
        "a template in an answer is never evaluated"
    );
    assert!(md.contains("{{ 7*7 }}"));
    assert!(
        md.contains("\n\\# heading\\\n\\# heading\n"),
        "a typed heading is escaped at line start"
    );
    for t in ["a | b", "Zoë", "Привет", "日本語"] {
        assert!(
            md.contains(&format!("\n{t}\\\n{t}\n")),
            "{t} comes out literally"
        );
    }
    let headings = md.lines().filter(|l| l.starts_with('#')).count();
    assert_eq!(
        headings,
        1 + 3 + TRICKY.len(),
        "title, three sections, one heading per helper"
    );
    assert_eq!(
        md.lines().filter(|l| l.starts_with("|")).count(),
        0,
        "no table appears"
    );
}
