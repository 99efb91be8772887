//! The shipped s44 scenario suite passes at full coverage, and the runner catches what
//! does not hold.

use std::path::Path;

use safeguarding_rules::{RuleBook, run_scenario_dir, run_suite};

fn book() -> RuleBook {
    RuleBook::embedded()
}

#[test]
fn the_s44_suite_passes_at_full_coverage() {
    let report = run_scenario_dir(&book(), Path::new("rules/scenarios/care-act-2014-s44")).unwrap();
    let failures: Vec<_> = report
        .results
        .iter()
        .filter(|r| !r.failures.is_empty())
        .collect();
    assert!(failures.is_empty(), "{failures:#?}");
    assert!(
        report.results.len() >= 40,
        "{} scenarios",
        report.results.len()
    );
    assert!(
        report.suite_problems.is_empty(),
        "{:?}",
        report.suite_problems
    );
    assert!(
        report.coverage.gaps.is_empty(),
        "{:?}",
        report.coverage.gaps
    );
    assert_eq!(report.coverage.rule_values, (15, 15));
    assert_eq!(report.coverage.outcomes, (3, 3));
    assert!(report.is_ok());
}

const SUITE: &str = r#"{"rule_set": "care-act-2014-s44"}"#;

fn one(scenario: &str) -> Vec<String> {
    let report = run_suite(&book(), SUITE, &[("s".to_string(), scenario.to_string())]).unwrap();
    report.results[0].failures.clone()
}

#[test]
fn a_wrong_expectation_fails_with_the_reason() {
    let failures = one(
        r#"{"description": "condition 1, but expected discretionary",
            "case": {"facts": {"age_18_or_over": true, "in_board_area": true, "care_and_support_needs": true,
                      "joint_working_concern": true, "death_from_abuse_or_neglect": "suspected"}},
            "expect": {"outcome": "discretionary_review", "decisive_provisions": ["s44(3)"], "notes": ["under_18"]}}"#,
    );
    assert_eq!(failures.len(), 3, "{failures:?}");
    assert!(
        failures[0].contains("expected outcome `discretionary_review`, found `mandatory_review`")
    );
    assert!(failures[1].contains("expected notes `under_18`"));
    assert!(failures[2].contains("expected `s44(3)` among the decisive reasons"));
}

#[test]
fn declaring_a_reachable_value_unreachable_is_a_suite_problem() {
    let suite = r#"{"rule_set": "care-act-2014-s44",
        "unreachable": [{"outcome": "outside_section_44", "reason": "wrongly declared"}]}"#;
    let scenario = r#"{"description": "outside", "case": {"facts": {"in_board_area": false}},
        "expect": {"outcome": "outside_section_44", "notes": []}}"#;
    let report = run_suite(&book(), suite, &[("s".to_string(), scenario.to_string())]).unwrap();
    assert_eq!(
        report.suite_problems.len(),
        1,
        "{:?}",
        report.suite_problems
    );
    assert!(!report.is_ok());
    assert_eq!(
        report.coverage.outcomes,
        (0, 2),
        "the declared outcome leaves the count"
    );
}

#[test]
fn an_unknown_rule_set_in_a_scenario_is_a_failure_not_a_crash() {
    let failures = one(
        r#"{"description": "x", "case": {"rule_set": "nope", "facts": {}},
        "expect": {"outcome": "undetermined", "notes": []}}"#,
    );
    assert_eq!(failures.len(), 1);
    assert!(
        failures[0].starts_with("/rule_set: unknown rule set `nope`"),
        "{failures:?}"
    );
}

#[test]
fn the_hillingdon_suites_pass_at_full_coverage() {
    for dir in [
        "rules/scenarios/hillingdon-notification",
        "rules/scenarios/hillingdon-sar-panel",
    ] {
        let report = run_scenario_dir(&book(), Path::new(dir)).unwrap();
        let failures: Vec<_> = report
            .results
            .iter()
            .filter(|r| !r.failures.is_empty())
            .collect();
        assert!(failures.is_empty(), "{dir}: {failures:#?}");
        assert!(
            report.coverage.gaps.is_empty(),
            "{dir}: {:?}",
            report.coverage.gaps
        );
        assert!(report.is_ok(), "{dir}");
    }
}

#[test]
fn a_member_must_notify_on_a_suspected_death_alone_while_section_44_is_undetermined() {
    let book = book();
    let case = safeguarding_rules::Case::from_json(
        r#"{"rule_set": "hillingdon-notification", "facts": {"death_from_abuse_or_neglect": "suspected"}}"#,
    )
    .unwrap();
    let det = book.evaluate(&case).unwrap();
    assert_eq!(det.outcome, "notify_partnership_team");
    let s44 = det
        .trace
        .iter()
        .flat_map(|n| n.children.iter())
        .find(|n| n.kind == safeguarding_rules::NodeKind::Decision)
        .expect("the trace carries the section 44 determination");
    assert_eq!(s44.outcome.as_deref(), Some("undetermined"));
    assert!(det.missing_facts.iter().any(|m| m.fact == "in_board_area"));
}

#[test]
fn only_the_outcome_is_required_and_notes_are_checked_only_when_given() {
    // Self-neglect raises a note; a scenario that does not list notes does not check them.
    let case = r#""case": {"facts": {"in_board_area": false, "abuse_types": ["self_neglect"]}}"#;
    let unchecked =
        format!(r#"{{"description": "x", {case}, "expect": {{"outcome": "outside_section_44"}}}}"#);
    assert_eq!(one(&unchecked), Vec::<String>::new());
    let checked = format!(
        r#"{{"description": "x", {case}, "expect": {{"outcome": "outside_section_44", "notes": []}}}}"#
    );
    assert_eq!(one(&checked).len(), 1, "{:?}", one(&checked));
}

#[test]
fn a_directory_without_suite_json_covers_the_rule_set_its_cases_name() {
    let dir = std::env::temp_dir().join(format!("sgr-suite-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("outside.json"),
        r#"{"description": "not in the area",
            "case": {"rule_set": "care-act-2014-s44", "facts": {"in_board_area": false}},
            "expect": {"outcome": "outside_section_44"}}"#,
    )
    .unwrap();
    let report = run_scenario_dir(&book(), &dir).unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!((report.passed(), report.failed()), (1, 0));
    assert_eq!(
        report.coverage.outcomes.1, 3,
        "the s44 pack's three outcomes"
    );
}
