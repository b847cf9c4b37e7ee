//! How a typed answer picks an option, the same for every prompter, so a number means one thing.
//!
//! When every option's value is a whole number (a scored answer: the PHQ-9 and GAD-7 score each
//! answer 0–3), the number shown in front of an option, and the number typed, IS that value.
//! Otherwise options are numbered from 1, and a bare number is only ever read as that position,
//! never as a stored value or as an answer of its own. Anything that is not clearly one option is
//! refused with a message, and asked again. Owns the wording of those messages.

use super::Question;
use crate::answers::Opt;

/// Every option's value is a whole number, and none repeats: the answers are scored.
pub fn scored(options: &[Opt]) -> bool {
    let mut seen = std::collections::BTreeSet::new();
    !options.is_empty()
        && options
            .iter()
            .all(|o| o.value.trim().parse::<i64>().is_ok() && seen.insert(o.value.trim()))
}

impl Question {
    /// The options are scored (see [`scored`]).
    pub fn scored(&self) -> bool {
        scored(&self.options)
    }

    /// The number shown in front of option `i`.
    pub fn number(&self, i: usize) -> String {
        if self.scored() {
            self.options[i].value.trim().to_string()
        } else {
            (i + 1).to_string()
        }
    }

    /// The numbers shown, for messages: "0, 1, 2 or 3", "1 to 12".
    fn numbers_shown(&self) -> String {
        let n = self.options.len();
        if !self.scored() {
            return if n <= 4 {
                or_list(&(1..=n).map(|i| i.to_string()).collect::<Vec<_>>())
            } else {
                format!("1 to {n}")
            };
        }
        or_list(&(0..n).map(|i| self.number(i)).collect::<Vec<_>>())
    }
}

fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// A bare number: digits, perhaps with a sign.
fn is_number(text: &str) -> bool {
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// Reads one typed answer to a choice: the number shown in front of an option, or its label or
/// value written out (case and spacing do not matter). With `allow_other`, other words are kept
/// as the answer. Returns the option's value (or the other answer).
pub fn pick(q: &Question, typed: &str) -> Result<String, String> {
    let text = typed.split_whitespace().collect::<Vec<_>>().join(" ");
    if is_number(&text) {
        let wanted = text.trim_start_matches('+');
        return (0..q.options.len())
            .find(|&i| {
                let shown = q.number(i);
                shown == wanted
                    || (q.scored() && shown.parse::<i64>().ok() == wanted.parse::<i64>().ok())
            })
            .map(|i| q.options[i].value.clone())
            .ok_or_else(|| {
                format!(
                    "There is no answer numbered {wanted}. Please type {}, the number in front of the answer.",
                    q.numbers_shown()
                )
            });
    }
    let same = |a: &str| {
        a.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
            == text.to_lowercase()
    };
    if let Some(o) = q
        .options
        .iter()
        .find(|o| same(&o.label))
        .or_else(|| q.options.iter().find(|o| same(&o.value)))
    {
        return Ok(o.value.clone());
    }
    if q.allow_other {
        return Ok(text);
    }
    if q.options.is_empty() {
        return Err(
            "There is nothing to choose from yet: the options come from earlier answers.".into(),
        );
    }
    Err(format!(
        "Please type {}, the number in front of the answer you mean.",
        q.numbers_shown()
    ))
}

/// Reads a typed answer to a multiple choice: answers separated by commas, each as for [`pick`].
pub fn pick_many(q: &Question, typed: &str) -> Result<Vec<String>, String> {
    let mut values = Vec::new();
    for part in typed.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let v = pick(q, part)?;
        if !values.contains(&v) {
            values.push(v);
        }
    }
    Ok(values)
}

/// Reads a typed yes or no. A number is refused: it could mean either.
pub fn yes_no(typed: &str) -> Result<bool, String> {
    match typed.trim().to_lowercase().as_str() {
        "y" | "yes" => Ok(true),
        "n" | "no" => Ok(false),
        _ => Err("Please answer yes or no.".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interview::Progress;
    use crate::spec::FieldType;

    fn question(options: &[(&str, &str)], allow_other: bool) -> Question {
        Question {
            id: "items.q9".into(),
            prompt: "9.".into(),
            help: None,
            example: None,
            kind: FieldType::Choice,
            required: false,
            options: options
                .iter()
                .map(|(v, l)| Opt {
                    value: v.to_string(),
                    label: l.to_string(),
                    help: None,
                })
                .collect(),
            allow_other,
            scale: Vec::new(),
            current: None,
            current_items: Vec::new(),
            typed: None,
            error: None,
            progress: Progress {
                section_title: String::new(),
                section: 1,
                sections: crate::interview::Total::Exactly(1),
                question: 1,
                questions: crate::interview::Total::Exactly(1),
                entry: None,
            },
        }
    }

    fn phq() -> Question {
        question(
            &[
                ("0", "Not at all"),
                ("1", "Several days"),
                ("2", "More than half the days"),
                ("3", "Nearly every day"),
            ],
            false,
        )
    }

    #[test]
    fn a_typed_score_is_stored_as_that_score() {
        let q = phq();
        assert!(q.scored());
        for score in ["0", "1", "2", "3"] {
            assert_eq!(pick(&q, score).unwrap(), score);
        }
        assert_eq!(pick(&q, " 3 ").unwrap(), "3");
        assert_eq!(pick(&q, "nearly every day").unwrap(), "3");
        assert_eq!(q.number(0), "0");
    }

    #[test]
    fn a_score_that_is_not_shown_is_refused_with_the_numbers_shown() {
        let message = pick(&phq(), "4").unwrap_err();
        assert!(message.contains("0, 1, 2 or 3"), "{message}");
        assert!(pick(&phq(), "Often").is_err());
    }

    #[test]
    fn other_choices_are_numbered_from_1_and_a_number_is_never_read_as_a_value() {
        let q = question(
            &[("2", "Two people"), ("talk", "Talking"), ("x", "Other")],
            true,
        );
        assert!(!q.scored());
        assert_eq!(pick(&q, "1").unwrap(), "2", "1 is the first option");
        assert_eq!(
            pick(&q, "2").unwrap(),
            "talk",
            "2 is the second, not the value 2"
        );
        assert!(
            pick(&q, "7").is_err(),
            "a number not shown is refused even where other answers are allowed"
        );
        assert_eq!(pick(&q, "my aunt").unwrap(), "my aunt");
        assert_eq!(pick(&q, "TALKING").unwrap(), "talk");
    }

    #[test]
    fn several_answers_are_read_one_by_one() {
        let q = question(&[("a", "Alpha"), ("b", "Beta"), ("c", "Gamma")], false);
        assert_eq!(pick_many(&q, "1, gamma, 1").unwrap(), ["a", "c"]);
        assert!(pick_many(&q, "1, 9").is_err());
    }

    #[test]
    fn yes_or_no_is_never_a_number() {
        assert_eq!(yes_no(" Yes"), Ok(true));
        assert_eq!(yes_no("n"), Ok(false));
        assert!(yes_no("1").is_err());
        assert!(yes_no(".").is_err());
    }
}
