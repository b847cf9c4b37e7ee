//! What changes mean, at the edge of every threshold.

use super::*;
use crate::spec::resources::Resources;

fn data() -> MeasuresData {
    Resources::built_in().unwrap().measures
}

fn def(id: &str) -> MeasureDef {
    data().measures.into_iter().find(|m| m.id == id).unwrap()
}

fn judged(id: &str, first: i64, latest: i64) -> Change {
    judge(&def(id), &data(), first, latest)
}

#[test]
fn phq9_reliable_improvement_needs_a_fall_of_six() {
    assert!(judged("phq9", 18, 12).reliable_improvement);
    assert!(!judged("phq9", 18, 13).reliable_improvement);
    assert!(judged("phq9", 12, 18).reliable_deterioration);
    assert!(!judged("phq9", 12, 17).reliable_deterioration);
    let c = judged("phq9", 18, 13);
    assert!(c.statements[0].starts_with("No reliable change: 5 points is less than 6"));
}

#[test]
fn gad7_reliable_change_is_four() {
    assert!(judged("gad7", 12, 8).reliable_improvement);
    assert!(!judged("gad7", 12, 9).reliable_improvement);
    assert!(judged("gad7", 8, 12).reliable_deterioration);
    assert!(!judged("gad7", 8, 11).reliable_deterioration);
}

#[test]
fn recovery_is_from_the_clinical_range_to_below_it() {
    assert!(judged("phq9", 10, 9).recovery, "10 is caseness, 9 is not");
    assert!(!judged("phq9", 10, 10).recovery);
    assert!(!judged("phq9", 9, 3).recovery, "not a case at the start");
    assert!(judged("gad7", 8, 7).recovery);
    assert!(!judged("gad7", 7, 2).recovery);
}

#[test]
fn reliable_recovery_is_recovery_with_a_reliable_improvement() {
    assert!(judged("phq9", 15, 9).reliable_recovery);
    assert!(!judged("phq9", 14, 9).reliable_recovery, "a fall of 5");
    assert!(
        !judged("phq9", 20, 10).reliable_recovery,
        "still at caseness"
    );
}

#[test]
fn response_is_a_fall_of_at_least_half() {
    assert!(judged("phq9", 16, 8).response);
    assert!(!judged("phq9", 16, 9).response);
    assert!(judged("phq9", 15, 7).response, "7 is below 7.5");
    assert!(!judged("phq9", 15, 8).response);
}

#[test]
fn remission_is_below_five_on_the_phq9() {
    assert!(judged("phq9", 12, 4).remission);
    assert!(!judged("phq9", 12, 5).remission);
    assert!(
        !judged("gad7", 12, 2).remission,
        "no remission threshold for the GAD-7"
    );
}

#[test]
fn bands_cover_every_score() {
    let phq = def("phq9");
    for score in 0..=27 {
        assert!(phq.band(score).is_some(), "{score}");
    }
    assert_eq!(phq.band(4).unwrap().label, "Minimal");
    assert_eq!(phq.band(5).unwrap().label, "Mild");
    assert_eq!(phq.band(20).unwrap().label, "Severe");
}

#[test]
fn the_wording_describes_scores_and_never_claims_to_assess_risk() {
    for text in data().words.values() {
        let lower = text.to_lowercase();
        for word in ["risk", "diagnos", "safe ", "suicid"] {
            assert!(!lower.contains(word), "`{word}` in: {text}");
        }
    }
}
