//! One test per kind of worksheet mistake: each message names the thing and its line:column.

use super::parse_worksheet;
use super::resources::Resources;

const HEAD: &str = "format = 1\nid = \"t\"\nversion = \"1\"\ntitle = \"T\"\n";

/// Every problem `validate` reports for this worksheet text, as printed.
fn problems(text: &str) -> Vec<String> {
    match parse_worksheet("w.toml", text, &Resources::built_in().unwrap()) {
        Ok(_) => Vec::new(),
        Err(d) => d.iter().map(ToString::to_string).collect(),
    }
}

/// A worksheet with one section `about` holding `fields` (TOML after `[[section]]`).
fn sheet(fields: &str) -> String {
    format!("{HEAD}[[section]]\nid = \"about\"\ntitle = \"About\"\n{fields}")
}

/// Asserts exactly one problem, placed where the last occurrence of `at` starts in the text.
#[track_caller]
fn assert_one(text: &str, at: &str, words: &str) {
    let found = problems(text);
    assert_eq!(found.len(), 1, "expected one problem, got {found:#?}");
    let offset = text
        .rfind(at)
        .unwrap_or_else(|| panic!("`{at}` is not in the worksheet"));
    let p = super::Position::of(text, offset);
    assert!(
        found[0].starts_with(&format!("w.toml:{}:{}: ", p.line, p.column)),
        "expected at `{at}` ({}:{}): {}",
        p.line,
        p.column,
        found[0]
    );
    assert!(found[0].contains(words), "`{words}` not in: {}", found[0]);
}

const NAME: &str = "[[section.field]]\nid = \"name\"\ntype = \"text\"\nprompt = \"Name\"\n";

#[test]
fn a_correct_worksheet_has_no_problems() {
    assert_eq!(problems(&sheet(NAME)), Vec::<String>::new());
}

#[test]
fn toml_syntax_errors_are_located() {
    assert_one(
        &sheet("[[section.field]]\nid = \"name\nprompt = 1\n"),
        "\nprompt = 1",
        "invalid basic string",
    );
}

#[test]
fn unknown_keys_get_a_suggestion() {
    assert_one(
        &sheet(&format!("{NAME}promt = \"x\"\n")),
        "promt",
        "unknown key `promt` in `section.field`",
    );
    assert!(
        problems(&sheet(&format!("{NAME}promt = \"x\"\n")))[0].contains("did you mean `prompt`?")
    );
}

#[test]
fn a_value_of_the_wrong_type_is_located() {
    assert_one(
        &sheet(&format!("{NAME}required = \"yes\"\n")),
        "\"yes\"",
        "`required` of field `about.name` must be true or false, not text",
    );
}

#[test]
fn an_unknown_field_type_lists_the_spelling_problem() {
    assert_one(
        &sheet("[[section.field]]\nid = \"name\"\ntype = \"txt\"\nprompt = \"Name\"\n"),
        "\"txt\"",
        "`type` of field `about.name` cannot be \"txt\"",
    );
}

#[test]
fn a_missing_key_is_named() {
    let found = problems(&sheet(
        "[[section.field]]\nid = \"name\"\ntype = \"text\"\n",
    ));
    assert!(
        found[0].contains("field `about.name` needs `prompt`"),
        "{found:?}"
    );
}

#[test]
fn an_unsupported_format_is_rejected() {
    assert_one(
        &sheet(NAME).replacen("format = 1", "format = 2", 1),
        "2\nid",
        "format 2 is not supported",
    );
}

#[test]
fn a_language_must_be_a_language_tag() {
    assert_one(
        &sheet(NAME).replacen(
            "title = \"T\"\n",
            "title = \"T\"\nlanguage = \"English\"\n",
            1,
        ),
        "\"English\"",
        "`English` is not a language tag",
    );
    assert_eq!(
        problems(&sheet(NAME).replacen(
            "title = \"T\"\n",
            "title = \"T\"\nlanguage = \"en-GB\"\n",
            1
        )),
        Vec::<String>::new()
    );
}

#[test]
fn an_invalid_worksheet_id_is_rejected() {
    assert_one(
        &sheet(NAME).replacen("id = \"t\"", "id = \"My Sheet\"", 1),
        "\"My Sheet\"",
        "worksheet id `My Sheet` is not a valid id",
    );
}

#[test]
fn duplicate_section_ids_point_at_the_first() {
    let text = format!(
        "{}[[section]]\nid = \"about\"\ntitle = \"Again\"\n{NAME}",
        sheet(NAME)
    );
    assert_one(
        &text,
        "\"about\"\ntitle = \"Again",
        "duplicate section id `about`",
    );
    assert!(problems(&text)[0].contains("line 6"));
}

#[test]
fn duplicate_field_ids_are_rejected() {
    assert_one(
        &sheet(&format!("{NAME}{NAME}")),
        "\"name\"",
        "duplicate field id `about.name`",
    );
}

#[test]
fn unknown_phases_and_problem_areas_are_rejected() {
    let text = sheet(NAME).replacen(
        "title = \"T\"\n",
        "title = \"T\"\nphases = [\"begining\"]\nproblem_areas = [\"greif\"]\n",
        1,
    );
    let found = problems(&text);
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(found[0].starts_with("w.toml:5:11: unknown phase `begining`"));
    assert!(
        found[1].starts_with("w.toml:6:18: unknown problem area `greif`")
            && found[1].contains("did you mean `grief`?")
    );
}

#[test]
fn a_condition_that_does_not_compile_is_located() {
    assert_one(
        &sheet(&format!(
            "{NAME}[[section.field]]\nid = \"b\"\ntype = \"text\"\nprompt = \"B\"\nwhen = \"about.name ==\"\n"
        )),
        "\"about.name ==\"",
        "`when` does not compile",
    );
}

#[test]
fn a_condition_on_an_unknown_field_suggests_the_right_one() {
    let text = sheet(&format!(
        "{NAME}[[section.field]]\nid = \"b\"\ntype = \"text\"\nprompt = \"B\"\nwhen = \"about.nme == 'x'\"\n"
    ));
    assert_one(
        &text,
        "\"about.nme",
        "refers to `about.nme`, which is not a field of this section",
    );
    let text = sheet(&format!(
        "{NAME}[[section.field]]\nid = \"b\"\ntype = \"text\"\nprompt = \"B\"\nwhen = \"abuot.name\"\n"
    ));
    assert_one(
        &text,
        "\"abuot.name",
        "refers to `abuot.name`, which is not an earlier section or field",
    );
}

#[test]
fn a_condition_on_a_later_field_is_rejected() {
    let text = sheet(&format!(
        "[[section.field]]\nid = \"b\"\ntype = \"text\"\nprompt = \"B\"\nwhen = \"about.name\"\n{NAME}"
    ));
    assert_one(
        &text,
        "\"about.name\"",
        "refers to `about.name`, which is asked later",
    );
}

#[test]
fn item_and_value_are_only_known_where_they_exist() {
    assert_one(
        &sheet(&format!("{NAME}when = \"item.name\"\n")),
        "\"item.name\"",
        "uses `item`, which only exists inside a repeat group",
    );
    assert_one(
        &sheet(&format!("{NAME}default_expr = \"value\"\n")),
        "\"value\"",
        "uses `value`",
    );
}

#[test]
fn a_bad_pattern_is_located() {
    assert_one(
        &sheet(&format!(
            "{NAME}rules = [{{ pattern = '[a-', message = 'x' }}]\n"
        )),
        "{ pattern",
        "not a valid regular expression",
    );
}

#[test]
fn a_default_that_fails_its_own_rules_is_rejected() {
    let text = sheet(
        "[[section.field]]\nid = \"n\"\ntype = \"integer\"\nprompt = \"N\"\nmin = 1\nmax = 5\ndefault = 9\n",
    );
    assert_one(
        &text,
        "9\n",
        "the default of `about.n` fails its own rules: Please enter a whole number from 1 to 5.",
    );
    let text = sheet(
        "[[section.field]]\nid = \"c\"\ntype = \"choice\"\nprompt = \"C\"\nchoices = [\"a\", \"b\"]\ndefault = \"z\"\n",
    );
    assert_one(&text, "\"z\"", "Please choose one of: a, b.");
    let text = sheet(&format!(
        "{NAME}default = \"x\"\nrules = [{{ min_length = 2 }}]\n"
    ));
    assert_one(&text, "\"x\"\nrules", "Please write at least 2 characters.");
}

#[test]
fn a_range_with_min_above_max_is_rejected() {
    assert_one(
        &sheet(
            "[[section.field]]\nid = \"n\"\ntype = \"decimal\"\nprompt = \"N\"\nmin = 5\nmax = 1\n",
        ),
        "5\nmax",
        "`about.n` has min greater than max",
    );
}

#[test]
fn a_repeat_with_min_above_max_is_rejected() {
    let text = format!(
        "{HEAD}[[section]]\nid = \"people\"\ntitle = \"P\"\nrepeat = {{ min = 3, max = 2, add_another = \"More?\" }}\n{NAME}"
    );
    assert_one(&text, "3, max", "repeat min (3) is greater than max (2)");
}

#[test]
fn a_choice_field_without_choices_is_rejected() {
    assert_one(
        &sheet("[[section.field]]\nid = \"c\"\ntype = \"multi_choice\"\nprompt = \"C\"\n"),
        "\"multi_choice\"",
        "`about.c` is a multi_choice field without choices",
    );
}

#[test]
fn a_scale_needs_its_range_and_anchors_inside_it() {
    assert_one(
        &sheet("[[section.field]]\nid = \"s\"\ntype = \"scale\"\nprompt = \"S\"\n"),
        "\"scale\"",
        "scale `about.s` needs `min` and `max`",
    );
    let text = sheet(
        "[[section.field]]\nid = \"s\"\ntype = \"scale\"\nprompt = \"S\"\nmin = 0\nmax = 10\nanchors = [{ value = 11, label = \"x\" }]\n",
    );
    assert_one(
        &text,
        "11, label",
        "anchor 11 of `about.s` is outside the scale 0–10",
    );
}

#[test]
fn a_key_that_does_not_fit_the_type_is_rejected() {
    assert_one(
        &sheet(&format!("{NAME}choices = [\"a\"]\n")),
        "[\"a\"]",
        "`choices` does not apply to `about.name`, a text field",
    );
}

#[test]
fn a_rule_has_exactly_one_check_that_fits_the_type() {
    assert_one(
        &sheet(&format!(
            "{NAME}rules = [{{ min_length = 2, max_length = 3 }}]\n"
        )),
        "{ min_length",
        "must have exactly one check, it has 2",
    );
    assert_one(
        &sheet(&format!("{NAME}rules = [{{ min_items = 2 }}]\n")),
        "{ min_items",
        "rule `min_items` does not apply to `about.name`",
    );
}

#[test]
fn a_closeness_circle_needs_a_repeat_group_with_a_name_and_a_ring_scale() {
    let text = sheet(&format!(
        "print = {{ circle = {{ name = \"who\", ring = \"name\" }} }}\n{NAME}"
    ));
    let found = problems(&text);
    assert_eq!(found.len(), 3, "{found:#?}");
    assert!(found[0].contains("print.circle needs a repeat group"));
    assert!(found[1].contains("print.circle name `who` is not a text or choice field"));
    assert!(found[2].contains("print.circle ring `name` is not a scale field"));
}

#[test]
fn a_computed_field_needs_an_expression() {
    assert_one(
        &sheet("[[section.field]]\nid = \"c\"\ntype = \"computed\"\nprompt = \"C\"\n"),
        "\"computed\"",
        "computed field `about.c` has no `expr`",
    );
}

#[test]
fn a_repeat_group_is_a_list_to_later_sections() {
    let text = format!(
        "{HEAD}[[section]]\nid = \"people\"\ntitle = \"P\"\nrepeat = {{ add_another = \"More?\", label = \"{{{{ item.nam }}}}\" }}\n{NAME}[[section]]\nid = \"after\"\ntitle = \"A\"\n[[section.field]]\nid = \"x\"\ntype = \"text\"\nprompt = \"X\"\nwhen = \"people.name\"\n"
    );
    let found = problems(&text);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(
        found[0].starts_with("w.toml:8:43: `label` refers to `item.nam`"),
        "{}",
        found[0]
    );
    assert!(
        found[1].contains("`people` is a repeat group (a list)")
            && found[1].contains("map(attribute='name')"),
        "{}",
        found[1]
    );
}

#[test]
fn three_different_mistakes_are_all_reported_in_one_run() {
    let text = sheet(&format!(
        "{NAME}promt = \"typo\"\n[[section.field]]\nid = \"n\"\ntype = \"integer\"\nprompt = \"N\"\nmin = 10\nmax = 1\n[[section.field]]\nid = \"w\"\ntype = \"text\"\nprompt = \"W\"\nwhen = \"about.later\"\n"
    ));
    let found = problems(&text);
    assert_eq!(found.len(), 3, "{found:#?}");
    assert!(found[0].starts_with("w.toml:12:1: unknown key `promt`"));
    assert!(found[1].starts_with("w.toml:17:7: `about.n` has min greater than max"));
    assert!(found[2].starts_with("w.toml:23:8: `when` refers to `about.later`"));
}

#[test]
fn a_safety_block_without_a_trigger_is_an_error() {
    assert_one(
        &sheet(
            "[[section.field]]\nid = \"afraid\"\ntype = \"yes_no\"\nprompt = \"Afraid?\"\nsafety_block = \"relationship\"\n",
        ),
        "\"relationship\"",
        "has `safety_block` but no `safety` trigger",
    );
}

#[test]
fn an_unknown_safety_block_is_an_error() {
    let found = problems(&sheet(
        "[[section.field]]\nid = \"afraid\"\ntype = \"yes_no\"\nprompt = \"Afraid?\"\nsafety = \"value\"\nsafety_block = \"other\"\n",
    ));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].contains("relationship"), "{}", found[0]);
}

#[test]
fn help_expr_is_checked_like_any_expression() {
    assert_one(
        &sheet(&format!(
            "{NAME}[[section.field]]\nid = \"b\"\ntype = \"text\"\nprompt = \"B\"\nhelp_expr = \"about.nmae\"\n"
        )),
        "\"about.nmae\"",
        "help_expr",
    );
}

const Q: &str = "type = \"choice\"\nprompt = \"Q\"\nchoices = [\"Never\", \"Often\"]\n";

#[test]
fn a_grid_needs_two_neighbouring_questions_sharing_their_options() {
    let text = format!(
        "{HEAD}[[section]]\nid = \"items\"\ntitle = \"Items\"\nprint = {{ grid = true }}\n[[section.field]]\nid = \"a\"\n{Q}"
    );
    assert_one(&text, "true }", "no two neighbouring single-choice fields");
    let two = format!("{text}[[section.field]]\nid = \"b\"\n{Q}");
    assert_eq!(problems(&two), Vec::<String>::new());
}

#[test]
fn print_pages_must_be_from_1_to_20() {
    let text = format!(
        "{HEAD}print = {{ pages = 0 }}\n[[section]]\nid = \"about\"\ntitle = \"About\"\n{NAME}"
    );
    assert_one(&text, "0 }", "print.pages must be from 1 to 20");
}

#[test]
fn a_value_of_the_wrong_type_does_not_hide_ids_references_and_missing_keys() {
    let text = sheet(
        "[[section.field]]\nid = \"Name\"\ntype = \"text\"\nprompt = \"Name\"\nrequired = \"yes\"\n\
         [[section.field]]\nid = \"mood\"\ntype = \"scale\"\nmin = 0\nmax = 10\n\
         anchors = [{ value = 0 }]\n\
         [[section.field]]\nid = \"later\"\ntype = \"text\"\nwhen = \"about.nmae\"\n",
    );
    let found = problems(&text);
    let has = |words: &str| found.iter().any(|f| f.contains(words));
    assert!(
        has("`required` of field `about.Name` must be true or false"),
        "{found:#?}"
    );
    assert!(has("field id `Name` is not a valid id"), "{found:#?}");
    assert!(
        has("`prompt` of field `about.mood`") || has("field `about.mood` needs `prompt`"),
        "{found:#?}"
    );
    assert!(
        has("item 1 of `anchors` of field `about.mood` needs `label`"),
        "{found:#?}"
    );
    assert!(has("field `about.later` needs `prompt`"), "{found:#?}");
    assert!(has("`when` refers to `about.nmae`"), "{found:#?}");
    assert_eq!(found.len(), 6, "{found:#?}");
}

#[test]
fn a_misspelt_type_does_not_bring_errors_of_its_own() {
    let found = problems(&sheet(
        "[[section.field]]\nid = \"pick\"\ntype = \"choise\"\nprompt = \"P\"\nchoices = [\"a\", \"b\"]\n",
    ));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].contains("did you mean \"choice\"?"), "{found:#?}");
}

#[test]
fn every_unknown_key_is_reported_with_a_suggestion() {
    let found = problems(&format!(
        "{HEAD}titel = 'x'\n[[section]]\nid = \"about\"\ntitle = \"A\"\n{NAME}promt = 'q'\n"
    ));
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(found[0].starts_with("w.toml:5:1: unknown key `titel` at the top level"));
    assert!(found[0].contains("did you mean `title`?"));
    assert!(found[1].contains("unknown key `promt` in `section.field`"));
}

const STATUS: &str = "[[section.field]]\nid = \"status\"\ntype = \"choice\"\nprompt = \"S\"\nchoices = [\"married\", \"single\"]\n[[section.field]]\nid = \"roles\"\ntype = \"multi_choice\"\nprompt = \"R\"\nchoices = [\"friend\", \"parent\"]\n[[section.field]]\nid = \"n\"\ntype = \"integer\"\nprompt = \"N\"\n";

fn with_when(when: &str) -> String {
    sheet(&format!(
        "{STATUS}[[section.field]]\nid = \"x\"\ntype = \"text\"\nprompt = \"X\"\nwhen = \"{when}\"\n"
    ))
}

#[test]
fn comparisons_that_can_never_be_true_are_reported() {
    let text = with_when("about.status == 'maried'");
    assert_one(&text, "\"about.status", "which is not one of its options");
    assert!(problems(&text)[0].contains("did you mean 'married'?"));
    assert_one(
        &with_when("about.roles == 'friend'"),
        "\"about.roles",
        "never equal to a list",
    );
    assert_one(
        &with_when("'frend' in about.roles"),
        "\"'frend'",
        "not one of its options",
    );
    assert_one(
        &with_when("about.n > '3'"),
        "\"about.n",
        "never equal to a number",
    );
    assert!(
        problems(&with_when(
            "about.status == 'married' and 'friend' in about.roles and about.n >= 3"
        ))
        .is_empty()
    );
}

#[test]
fn unknown_filters_are_found_in_every_expression_and_label() {
    assert_one(
        &with_when("about.roles | lenght > 1"),
        "\"about.roles",
        "unknown filter `lenght`",
    );
    let label = sheet(&format!(
        "repeat = {{ add_another = \"More?\", label = \"{{{{ item.name | uper }}}}\" }}\n{NAME}"
    ));
    assert_one(&label, "\"{{ item", "unknown filter `uper`");
}

#[test]
fn another_worksheets_answers_without_uses_get_a_hint_naming_uses() {
    let text = sheet(&format!(
        "{NAME}[[section.field]]\nid = \"c\"\ntype = \"choice\"\nprompt = \"C\"\nchoices_from = \"inventory.people | map(attribute='name') | list\"\n"
    ));
    assert_one(&text, "\"inventory", "does not name in `uses`");
    assert!(problems(&text)[0].contains("uses = [\"inventory\"]"));
}

#[test]
fn a_language_name_is_not_a_language_tag() {
    let text = sheet(NAME).replacen("title = \"T\"", "title = \"T\"\nlanguage = \"english\"", 1);
    assert_one(&text, "\"english\"", "`english` is not a language tag");
    let ok = sheet(NAME).replacen("title = \"T\"", "title = \"T\"\nlanguage = \"en-GB\"", 1);
    assert!(problems(&ok).is_empty());
}

#[test]
fn keys_that_do_not_apply_name_the_type_with_the_right_article() {
    let text = sheet(
        "[[section.field]]\nid = \"n\"\ntype = \"integer\"\nprompt = \"N\"\nchoices = [\"a\"]\n",
    );
    assert_one(
        &text,
        "[\"a\"]",
        "`choices` does not apply to `about.n`, an integer field",
    );
}

#[test]
fn help_and_example_on_a_computed_field_are_reported() {
    let text = sheet(
        "[[section.field]]\nid = \"c\"\ntype = \"computed\"\nprompt = \"C\"\nexpr = \"1\"\nhelp = \"h\"\nexample = \"e\"\n",
    );
    let found = problems(&text);
    assert_eq!(found.len(), 2, "{found:#?}");
    assert!(found[0].contains("`help` does not apply to `about.c`, a computed field"));
    assert!(found[1].contains("`example` does not apply"));
}

#[test]
fn a_rule_that_can_never_fail_on_an_optional_field_is_a_warning() {
    let text = sheet(
        "[[section.field]]\nid = \"pick\"\ntype = \"multi_choice\"\nprompt = \"P\"\nchoices = [\"a\", \"b\"]\nrules = [{ min_items = 1 }]\n",
    );
    let loaded = parse_worksheet("w.toml", &text, &Resources::built_in().unwrap()).unwrap();
    assert_eq!(loaded.warnings.len(), 1);
    let shown = loaded.warnings[0].to_string();
    assert!(
        shown.contains("warning: the rule min_items = 1 of `about.pick` can never fail"),
        "{shown}"
    );
    assert!(shown.contains("required = true"), "{shown}");
}
