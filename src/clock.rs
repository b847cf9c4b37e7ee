//! The document date: `SOURCE_DATE_EPOCH` when set (reproducible output), else the system clock.
//!
//! Owns: reading and checking that variable. Accepts Unix times from 1970-01-01 to the end of
//! 9999 and refuses anything else with a usage error (exit 2), never a guess or an impossible
//! date. Must not read any other part of the environment.

use crate::report::{Exit, Failure};

/// The last second of 9999-12-31 (UTC).
pub const LAST: i64 = 253_402_300_799;

/// Seconds since 1970, read once: `SOURCE_DATE_EPOCH` if set and not empty, else now.
pub fn now() -> Result<i64, Failure> {
    match std::env::var_os("SOURCE_DATE_EPOCH").filter(|v| !v.is_empty()) {
        Some(v) => source_date_epoch(v.to_str().unwrap_or("\u{fffd}")).map_err(|reason| {
            Failure::new(Exit::Usage, format!("SOURCE_DATE_EPOCH {reason}")).hint(
                "set it to a Unix time in seconds between 0 (1970-01-01) and 253402300799 (9999-12-31), e.g. `SOURCE_DATE_EPOCH=$(date +%s)`, or unset it to use the current time",
            )
        }),
        None => Ok(std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs().min(LAST as u64) as i64)),
    }
}

/// Checks a `SOURCE_DATE_EPOCH` value; the error completes "SOURCE_DATE_EPOCH …".
pub fn source_date_epoch(value: &str) -> Result<i64, String> {
    let text = value.trim();
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err("is not a whole number of seconds since 1970".into());
    }
    match text.parse::<i64>() {
        Ok(secs) if secs <= LAST => Ok(secs),
        _ => Err("is after the year 9999".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn epochs_from_1970_to_9999_are_accepted() {
        assert_eq!(source_date_epoch("0"), Ok(0));
        assert_eq!(source_date_epoch(" 1767225600\n"), Ok(1_767_225_600));
        assert_eq!(source_date_epoch("253402300799"), Ok(LAST));
    }

    #[test]
    fn epochs_outside_1970_to_9999_or_not_numbers_are_refused() {
        for bad in [
            "253402300800",
            "9223372036854775807",
            "99999999999999999999999",
            "-1",
            "1e9",
            "+5",
            "soon",
            "",
        ] {
            assert!(source_date_epoch(bad).is_err(), "{bad}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn any_value_is_a_date_from_1970_to_9999_or_refused(value in ".{0,24}") {
            if let Ok(secs) = source_date_epoch(&value) {
                let (d, _) = crate::answers::date::Date::from_unix(secs).unwrap();
                prop_assert!((1970..=9999).contains(&d.year));
            }
        }

        #[test]
        fn any_number_is_a_date_from_1970_to_9999_or_refused(secs in any::<i64>()) {
            match source_date_epoch(&secs.to_string()) {
                Ok(s) => prop_assert!((0..=LAST).contains(&s)),
                Err(_) => prop_assert!(!(0..=LAST).contains(&secs)),
            }
        }
    }
}
