//! The one table of files compiled into the binary: built-in worksheets, their resources, the
//! Markdown templates and the PDF fonts, as (name, contents) pairs.
//!
//! Owns: `include_str!` / `include_bytes!` and nothing else. Parsing is `spec`'s and `render`'s
//! job.

/// Built-in worksheets, by file name.
pub const WORKSHEETS: &[(&str, &str)] = &[
    (
        "about-ipt.toml",
        include_str!("../worksheets/about-ipt.toml"),
    ),
    ("checkin.toml", include_str!("../worksheets/checkin.toml")),
    (
        "closeness-circle.toml",
        include_str!("../worksheets/closeness-circle.toml"),
    ),
    (
        "communication-skills.toml",
        include_str!("../worksheets/communication-skills.toml"),
    ),
    (
        "communication.toml",
        include_str!("../worksheets/communication.toml"),
    ),
    (
        "connection-plan.toml",
        include_str!("../worksheets/connection-plan.toml"),
    ),
    ("contract.toml", include_str!("../worksheets/contract.toml")),
    (
        "external-score.toml",
        include_str!("../worksheets/external-score.toml"),
    ),
    (
        "formulation.toml",
        include_str!("../worksheets/formulation.toml"),
    ),
    ("gad7.toml", include_str!("../worksheets/gad7.toml")),
    ("grief.toml", include_str!("../worksheets/grief.toml")),
    (
        "inventory.toml",
        include_str!("../worksheets/inventory.toml"),
    ),
    (
        "midcourse-review.toml",
        include_str!("../worksheets/midcourse-review.toml"),
    ),
    ("phq9.toml", include_str!("../worksheets/phq9.toml")),
    ("plan.toml", include_str!("../worksheets/plan.toml")),
    (
        "problem-area.toml",
        include_str!("../worksheets/problem-area.toml"),
    ),
    (
        "problem-solving.toml",
        include_str!("../worksheets/problem-solving.toml"),
    ),
    (
        "role-dispute.toml",
        include_str!("../worksheets/role-dispute.toml"),
    ),
    (
        "role-play.toml",
        include_str!("../worksheets/role-play.toml"),
    ),
    (
        "role-transition.toml",
        include_str!("../worksheets/role-transition.toml"),
    ),
    (
        "safety-plan.toml",
        include_str!("../worksheets/safety-plan.toml"),
    ),
    (
        "session-notes.toml",
        include_str!("../worksheets/session-notes.toml"),
    ),
    ("symptoms.toml", include_str!("../worksheets/symptoms.toml")),
    (
        "termination.toml",
        include_str!("../worksheets/termination.toml"),
    ),
    ("timeline.toml", include_str!("../worksheets/timeline.toml")),
];

/// Built-in data files of `worksheets/resources/`.
pub const RESOURCES: &[(&str, &str)] = &[
    (
        "measures.toml",
        include_str!("../worksheets/resources/measures.toml"),
    ),
    (
        "plan.toml",
        include_str!("../worksheets/resources/plan.toml"),
    ),
    (
        "problem-areas.toml",
        include_str!("../worksheets/resources/problem-areas.toml"),
    ),
    (
        "safety.toml",
        include_str!("../worksheets/resources/safety.toml"),
    ),
];

/// Built-in templates, by file name.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("macros.md.j2", include_str!("../templates/macros.md.j2")),
    ("pack.md.j2", include_str!("../templates/pack.md.j2")),
    (
        "worksheet.md.j2",
        include_str!("../templates/worksheet.md.j2"),
    ),
];

/// Fonts embedded (subset) in every PDF: DejaVu Sans, Bitstream Vera licence with public-domain
/// changes (`fonts/LICENSE-DejaVu.txt`).
pub const FONTS: &[(&str, &[u8])] = &[
    (
        "DejaVuSans-Bold.ttf",
        include_bytes!("../fonts/DejaVuSans-Bold.ttf"),
    ),
    ("DejaVuSans.ttf", include_bytes!("../fonts/DejaVuSans.ttf")),
];

/// The bytes of a built-in font.
pub fn font(name: &str) -> Option<&'static [u8]> {
    FONTS.iter().find(|(n, _)| *n == name).map(|(_, b)| *b)
}

/// The contents of a built-in file from one of the tables.
pub fn get(table: &[(&str, &'static str)], name: &str) -> Option<&'static str> {
    table
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names_in(dir: &str, ext: &str) -> Vec<String> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        let mut names: Vec<String> = std::fs::read_dir(path)
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.path().is_file())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(ext))
            .collect();
        names.sort();
        names
    }

    fn table_names(table: &[(&str, &str)]) -> Vec<String> {
        table.iter().map(|(n, _)| n.to_string()).collect()
    }

    #[test]
    fn every_file_in_worksheets_and_templates_is_compiled_in() {
        assert_eq!(table_names(WORKSHEETS), names_in("worksheets", ".toml"));
        assert_eq!(
            table_names(RESOURCES),
            names_in("worksheets/resources", ".toml")
        );
        assert_eq!(table_names(TEMPLATES), names_in("templates", ".j2"));
        let fonts: Vec<String> = FONTS.iter().map(|(n, _)| n.to_string()).collect();
        assert_eq!(fonts, names_in("fonts", ".ttf"));
        assert!(FONTS.iter().all(|(_, bytes)| bytes.len() > 100_000));
    }
}
