//! Session arithmetic: where a date falls in the course, which session comes next, how much is
//! left. Pure functions of a schedule and a date.

use crate::answers::date::Date;
use crate::plan::schedule::{Schedule, Session};

/// Where a day falls in the course.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Day<'a> {
    /// Before the first session.
    Before(&'a Session),
    /// The day of a session.
    On(&'a Session),
    /// Between two sessions.
    Between(&'a Session, &'a Session),
    /// After the last session.
    After(&'a Session),
}

/// Where `day` falls.
pub fn day(schedule: &Schedule, day: Date) -> Option<Day<'_>> {
    let sessions = &schedule.sessions;
    let first = sessions.first()?;
    let last = sessions.last()?;
    if day < first.date {
        return Some(Day::Before(first));
    }
    if day > last.date {
        return Some(Day::After(last));
    }
    if let Some(s) = sessions.iter().find(|s| s.date == day) {
        return Some(Day::On(s));
    }
    let next = sessions.iter().position(|s| s.date > day)?;
    Some(Day::Between(&sessions[next - 1], &sessions[next]))
}

/// The latest session on or before `day` (the course so far), if the course has begun.
pub fn current(schedule: &Schedule, day: Date) -> Option<&Session> {
    schedule.sessions.iter().rev().find(|s| s.date <= day)
}

/// The first session after `day`.
pub fn next_after(schedule: &Schedule, day: Date) -> Option<&Session> {
    schedule.sessions.iter().find(|s| s.date > day)
}

/// The session of `day`, or the next one: the session a packet printed today is for.
pub fn upcoming(schedule: &Schedule, day: Date) -> Option<&Session> {
    schedule.sessions.iter().find(|s| s.date >= day)
}

/// Whole weeks from `day` to the last session (rounded up; none once it has passed).
pub fn weeks_left(schedule: &Schedule, day: Date) -> i64 {
    let days = schedule.last().ordinal() - day.ordinal();
    if days <= 0 { 0 } else { (days + 6) / 7 }
}

/// The session with this number.
pub fn session(schedule: &Schedule, number: usize) -> Option<&Session> {
    schedule.sessions.iter().find(|s| s.number == number)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::schedule::Phase;

    fn course() -> Schedule {
        let r = crate::spec::resources::Resources::built_in().unwrap();
        let variant = r.plan.variants[0].clone();
        let sessions = [(1, "2027-01-04"), (2, "2027-01-11"), (3, "2027-01-25")]
            .iter()
            .map(|(n, d)| Session {
                number: *n,
                date: Date::parse(d).unwrap(),
                phase: Phase::Initial,
                aims: Vec::new(),
                techniques: Vec::new(),
                worksheets: Vec::new(),
                measures: Vec::new(),
                task: None,
                notes: Vec::new(),
            })
            .collect();
        Schedule {
            sessions,
            variant,
            warnings: Vec::new(),
        }
    }

    fn on(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn a_day_is_before_on_between_or_after_the_sessions() {
        let c = course();
        let n = |d: Option<Day>| match d.unwrap() {
            Day::Before(s) => (0, s.number),
            Day::On(s) => (1, s.number),
            Day::Between(a, b) => (a.number, b.number),
            Day::After(s) => (9, s.number),
        };
        assert_eq!(n(day(&c, on("2027-01-01"))), (0, 1));
        assert_eq!(n(day(&c, on("2027-01-11"))), (1, 2));
        assert_eq!(n(day(&c, on("2027-01-12"))), (2, 3));
        assert_eq!(n(day(&c, on("2027-02-01"))), (9, 3));
    }

    #[test]
    fn the_next_session_and_the_weeks_left_are_counted_from_the_day() {
        let c = course();
        assert_eq!(current(&c, on("2027-01-12")).unwrap().number, 2);
        assert_eq!(next_after(&c, on("2027-01-11")).unwrap().number, 3);
        assert_eq!(upcoming(&c, on("2027-01-11")).unwrap().number, 2);
        assert!(current(&c, on("2026-12-31")).is_none());
        assert_eq!(weeks_left(&c, on("2027-01-11")), 2);
        assert_eq!(weeks_left(&c, on("2027-01-24")), 1);
        assert_eq!(weeks_left(&c, on("2027-02-24")), 0);
    }
}
