//! The config file and the order of settings: a flag, then the case folder, then the
//! environment, then the config file, then what is built in. One test per layer.

use crate::harness::ipt;

const CONFIG: &str = "config/ipt/config.toml";

fn with_config(args: &[&str]) -> crate::harness::Ipt {
    ipt(args).with_file(
        CONFIG,
        "country = \"NZ\"\npaper = \"letter\"\nfont_size = 13\npractice = \"Riverside Psychology\"\n",
    )
}

/// The width of a PDF's first page, in points (A4 595.3, US Letter 612).
fn page_width(pdf: &[u8]) -> f32 {
    let pdf = lopdf::Document::load_mem(pdf).unwrap();
    let page = pdf.get_pages().values().next().copied().unwrap();
    let media = pdf
        .get_dictionary(page)
        .unwrap()
        .get(b"MediaBox")
        .unwrap()
        .as_array()
        .unwrap()
        .clone();
    media[2].as_float().unwrap()
}

#[test]
fn without_a_config_file_the_built_in_settings_apply() {
    let out = ipt(&["config"]).run();
    out.success()
        .stdout_has("paper      a4")
        .stdout_has("from built in")
        .stdout_has("`ipt config --init` writes one");
}

#[test]
fn the_config_file_sets_what_no_flag_or_variable_says() {
    let out = with_config(&["config"]).run();
    out.success()
        .stdout_has("country    NZ")
        .stdout_has("paper      letter")
        .stdout_has("font_size  13")
        .stdout_has("practice   Riverside Psychology")
        .stdout_has("from the config file");
    let out = with_config(&["fill", "phq9", "--blank", "-o", "-"]).run();
    out.success().stdout_has("New Zealand");
    let out = with_config(&["fill", "phq9", "--blank", "-o", "p.pdf"]).run();
    out.success();
    let width = page_width(&out.bytes("p.pdf"));
    assert!(
        (width - 612.0).abs() < 1.0,
        "US Letter from the config file: {width}"
    );
}

#[test]
fn the_environment_wins_over_the_config_file() {
    let out = with_config(&["config"]).with_env("IPT_COUNTRY", "AU").run();
    out.success()
        .stdout_has("country    AU")
        .stdout_has("from the environment (IPT_COUNTRY)");
    let out = with_config(&["fill", "phq9", "--blank", "-o", "-"])
        .with_env("IPT_COUNTRY", "AU")
        .run();
    out.success().stdout_has("Australia");
    assert!(!out.stdout.contains("New Zealand"));
}

#[test]
fn a_flag_wins_over_the_environment_and_the_config_file() {
    let out = with_config(&["config", "--country", "IE"])
        .with_env("IPT_COUNTRY", "AU")
        .run();
    out.success()
        .stdout_has("country    IE")
        .stdout_has("from the flag --country");
    let out = with_config(&["fill", "phq9", "--blank", "--paper", "a4", "-o", "p.pdf"]).run();
    out.success();
    assert!(
        (page_width(&out.bytes("p.pdf")) - 595.3).abs() < 1.0,
        "A4 from the flag"
    );
}

#[test]
fn the_case_folder_wins_over_the_environment_and_the_config_file() {
    let made = with_config(&[
        "case",
        "new",
        "ar",
        "--start",
        "2027-01-04",
        "--area",
        "grief",
        "--country",
        "IE",
        "--paper",
        "a4",
        "--no-input",
    ])
    .with_env("SOURCE_DATE_EPOCH", "1798545600")
    .run();
    made.success();
    let out = made
        .then(&["config", "--case", "ar"])
        .with_env("IPT_COUNTRY", "AU")
        .run();
    out.success()
        .stdout_has("country    IE")
        .stdout_has("paper      a4")
        .stdout_has("from the case folder")
        // What the case does not say still comes from the config file.
        .stdout_has("font_size  13");
    let out = out
        .then(&["fill", "phq9", "--blank", "--case", "ar", "-o", "-"])
        .with_env("IPT_COUNTRY", "AU")
        .run();
    out.success().stdout_has("Ireland");
    assert!(!out.stdout.contains("Australia"), "the case's country wins");
    let out = out
        .then(&["config", "--case", "ar", "--country", "US"])
        .with_env("IPT_COUNTRY", "AU")
        .run();
    out.success()
        .stdout_has("country    US")
        .stdout_has("from the flag --country");
}

#[test]
fn a_broken_config_file_names_its_line_and_column_and_exits_2() {
    let out = ipt(&["list"])
        .with_file(CONFIG, "country = \"GB\"\npaper = \"a5\"\n")
        .run();
    out.code(2)
        .stderr_has("config.toml:2:1: paper must be \"a4\" or \"letter\"")
        .stderr_has("ipt config --init");
    let shown = out.then(&["config"]).run();
    shown.code(2).stdout_has("cannot be used");
}

#[test]
fn init_writes_a_commented_file_and_keeps_an_existing_one() {
    let out = ipt(&["config", "--init"]).run();
    out.success()
        .stderr_has("every setting is there, commented out");
    let written = out.file(CONFIG);
    assert!(written.contains("# country = \"GB\""), "{written}");
    let again = out.then(&["config", "--init"]).run();
    again.code(1).stderr_has("already exists");
    again
        .then(&["config"])
        .run()
        .success()
        .stdout_has("paper      a4");
}
