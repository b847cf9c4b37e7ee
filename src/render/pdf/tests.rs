//! The PDF renderer as a whole, on documents made here: pagination of very long answers, margins,
//! warnings for characters no font has, the circle, and the same bytes every time.

use super::*;
use crate::document::{
    Answer, ChoiceOption, Circle, CrisisBlock, CrisisLine, DocSection, Item, Ring, ScalePoint,
};
use layout::Mark;

fn item(id: &str, prompt: &str, answer: Answer) -> Item {
    Item {
        id: id.into(),
        prompt: prompt.into(),
        help: Some("A little help.".into()),
        note: None,
        answer,
    }
}

fn text(t: Option<&str>) -> Answer {
    Answer::Text {
        text: t.map(str::to_string),
        long: true,
        lines: 3,
    }
}

fn doc(items: Vec<Item>, blank: bool) -> Document {
    Document {
        language: "en".into(),
        title: "Test worksheet".into(),
        worksheet: "test".into(),
        version: "1.0.0".into(),
        summary: "A summary.".into(),
        instructions_md: "Read **this** first.\n\n- one\n- two".into(),
        blank,
        fit_pages: None,
        safety_alert: false,
        relationship: None,
        relationship_alert: false,
        sections: vec![DocSection::single("s", "Section", items)],
        disclaimer_md: "This supports therapy. It is not a diagnosis.".into(),
        crisis: CrisisBlock {
            title: "If you are in crisis".into(),
            alert_md: "Talk to someone.".into(),
            text_md: "Call for help.".into(),
            helplines: "Helplines:".into(),
            checked: "Contacts last checked 2026-01-01.".into(),
            resources: vec![CrisisLine {
                region: "Worldwide".into(),
                name: "Befrienders".into(),
                contact: "befrienders.org".into(),
            }],
            last_checked: "2026-01-01".into(),
        },
    }
}

fn pages_of(d: &Document, opts: &RenderOptions) -> (Vec<Page>, Geometry, Vec<RenderWarning>) {
    let fonts = Fonts::load(&[]).unwrap();
    let (pages, g, warnings, _) = typeset(d, opts, &fonts, false);
    (pages, g, warnings)
}

fn assert_inside(pages: &[Page], g: &Geometry) {
    for (i, p) in pages.iter().enumerate() {
        for m in &p.marks {
            let (l, t, r, b) = m.bounds();
            assert!(
                l >= g.left - 0.01
                    && r <= g.right + 0.01
                    && t >= g.top - 0.01
                    && b <= g.bottom + 0.01,
                "page {}: {m:?} is outside the body {g:?}",
                i + 1
            );
        }
    }
}

fn texts(pages: &[Page]) -> String {
    let mut out = String::new();
    for p in pages {
        for m in &p.marks {
            if let Mark::Text { text, .. } = m {
                out.push_str(text);
                out.push(' ');
            }
        }
    }
    out
}

#[test]
fn a_10000_word_answer_paginates_with_nothing_outside_the_margins() {
    let words: Vec<String> = (0..10_000).map(|i| format!("word{i}")).collect();
    let answer = words.join(" ");
    for paper in [Paper::A4, Paper::Letter] {
        let d = doc(
            vec![item("s.long", "Tell me everything", text(Some(&answer)))],
            false,
        );
        let opts = RenderOptions {
            paper,
            ..RenderOptions::default()
        };
        let (pages, g, _) = pages_of(&d, &opts);
        assert!(pages.len() > 15, "{} pages", pages.len());
        assert_inside(&pages, &g);
        let all = texts(&pages);
        assert!(all.contains("word0 ") && all.contains("word9999"));
    }
}

#[test]
fn large_print_and_blank_handouts_stay_inside_the_margins() {
    let items = vec![
        item("s.a", "A question", text(None)),
        item(
            "s.b",
            "Pick some",
            Answer::Choice {
                multiple: true,
                options: (0..9)
                    .map(|i| ChoiceOption {
                        label: format!("Option number {i}"),
                        selected: i == 3,
                    })
                    .collect(),
                from_answers: false,
                other: false,
                lines: 1,
            },
        ),
        item(
            "s.c",
            "How much?",
            Answer::Scale {
                min: 0,
                max: 10,
                value: Some(7),
                points: (0..=10)
                    .map(|v| ScalePoint {
                        value: v,
                        label: [
                            (0, "Not at all"),
                            (5, "Somewhat"),
                            (10, "As much as can be"),
                        ]
                        .iter()
                        .find(|a| a.0 == v)
                        .map(|a| a.1.to_string()),
                        selected: v == 7,
                    })
                    .collect(),
            },
        ),
        item("s.d", "Yes?", Answer::YesNo { value: None }),
        item(
            "s.e",
            "Some things",
            Answer::List {
                items: vec![],
                lines: 3,
            },
        ),
    ];
    for blank in [true, false] {
        for size in [8.0, 11.0, 24.0] {
            let d = doc(items.clone(), blank);
            let opts = RenderOptions {
                font_size: size,
                ..RenderOptions::default()
            };
            let (pages, g, _) = pages_of(&d, &opts);
            assert_inside(&pages, &g);
        }
    }
}

#[test]
fn a_character_no_font_has_warns_with_its_question_and_is_drawn_as_a_placeholder() {
    let d = doc(
        vec![item("people[2].name", "Name", text(Some("Ana 🧠 ok")))],
        false,
    );
    let (pages, _, warnings) = pages_of(&d, &RenderOptions::default());
    assert_eq!(
        warnings,
        [RenderWarning::MissingGlyph {
            ch: '🧠',
            places: vec!["question `people[2].name`".into()]
        }]
    );
    assert!(warnings[0].to_string().contains("U+1F9E0"));
    assert!(
        !warnings[0].to_string().contains("Ana"),
        "never the answer itself"
    );
    // The text keeps the character; the font chain substitutes a visible placeholder.
    assert!(texts(&pages).contains("Ana 🧠 ok"));
    let fonts = Fonts::load(&[]).unwrap();
    assert!(
        fonts.runs(fonts::Style::Regular, "🧠")[0]
            .1
            .contains(fonts::PLACEHOLDER)
    );
}

#[test]
fn the_same_document_gives_the_same_bytes() {
    let d = doc(
        vec![item(
            "s.a",
            "Q",
            text(Some("Zoë, Привет, Ελληνικά, “quotes”")),
        )],
        false,
    );
    let opts = RenderOptions {
        epoch: 1_767_225_600,
        client: Some("A. B.".into()),
        ..RenderOptions::default()
    };
    let (a, _) = render(&d, &opts).unwrap();
    let (b, _) = render(&d, &opts).unwrap();
    assert!(a.starts_with(b"%PDF-"));
    assert_eq!(a, b);
    let other = RenderOptions { epoch: 0, ..opts };
    assert_ne!(render(&d, &other).unwrap().0, a, "the date is in the file");
}

#[test]
fn the_header_names_the_client_and_date_and_every_page_is_numbered() {
    let long = "word ".repeat(3000);
    let d = doc(vec![item("s.a", "Q", text(Some(&long)))], false);
    let opts = RenderOptions {
        epoch: 1_767_225_600,
        client: Some("J. M.".into()),
        ..RenderOptions::default()
    };
    let fonts = Fonts::load(&[]).unwrap();
    let (pages, g, _, (right, footer)) = typeset(&d, &opts, &fonts, false);
    assert_eq!(right, "J. M. · 2026-01-01");
    assert_eq!(footer, "This supports therapy.");
    let f = Furniture {
        title: &d.title,
        header_right: &right,
        footer_left: &footer,
        size: 8.25,
        color: (0.0, 0.0, 0.0),
        rule: (0.0, 0.0, 0.0),
        overall: None,
    };
    let marks = furniture(&fonts, &g, &f, 2, pages.len());
    let all: Vec<String> = marks
        .iter()
        .filter_map(|m| match m {
            Mark::Text { text, .. } => Some(text.clone()),
            _ => None,
        })
        .collect();
    assert!(all.contains(&format!("Page 2 of {}", pages.len())));
    for m in &marks {
        let (l, t, r, b) = m.bounds();
        assert!(l >= g.left - 0.01 && r <= g.right + 0.01 && t > 0.0 && b < g.height);
    }
}

#[test]
fn the_circle_places_everyone_without_overlap() {
    let mut d = doc(vec![], false);
    let names = [
        "Dev",
        "Zoë",
        "Tomasz",
        "Mum",
        "Aunt Krystyna",
        "Sam",
        "Priya",
        "Jo",
        "Grandad",
        "Kuba",
        "Lena",
        "Mr Okafor",
    ];
    d.sections[0].circle = Some(Circle {
        caption: "Your closeness circle".into(),
        center: "You".into(),
        rings: (1..=4)
            .map(|n| Ring {
                number: n,
                label: Some(format!("Ring label {n}")),
                people: names
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| i % 4 + 1 == n)
                    .map(|(_, p)| p.to_string())
                    .collect(),
            })
            .collect(),
    });
    let (pages, g, _) = pages_of(&d, &RenderOptions::default());
    assert_inside(&pages, &g);
    let all = texts(&pages);
    for n in names {
        assert!(all.contains(n), "{n} is missing");
    }
    // Name pills: white rounded rectangles with a border.
    let pills: Vec<(f32, f32, f32, f32)> = pages
        .iter()
        .flat_map(|p| &p.marks)
        .filter(|m| matches!(m, Mark::Rect { fill: Some((1.0, 1.0, 1.0)), stroke: Some(_), radius, .. } if *radius > 1.0))
        .map(Mark::bounds)
        .collect();
    assert_eq!(pills.len(), names.len());
    for (i, a) in pills.iter().enumerate() {
        for b in &pills[i + 1..] {
            let apart = a.2 <= b.0 || b.2 <= a.0 || a.3 <= b.1 || b.3 <= a.1;
            assert!(apart, "{a:?} overlaps {b:?}");
        }
    }
}
