//! The report, checked by hand: a small log written here, every figure of its JSON asserted
//! from what the cases say (not only snapshotted), so that a wrong count fails.

use safeguarding_rules::{Options, Period, Record, RuleBook, Tally};
use serde_json::{Value, json};

/// One record line for a case of the s44 pack.
fn line(book: &RuleBook, reference: Option<&str>, as_of: Option<&str>, facts: Value) -> String {
    let mut case = json!({"facts": facts});
    if let Some(r) = reference {
        case["reference"] = json!(r);
    }
    if let Some(d) = as_of {
        case["as_of"] = json!(d);
    }
    Record::from_book(book, case, Options::default())
        .unwrap()
        .to_json_line()
}

fn in_scope() -> Value {
    json!({"age_18_or_over": true, "in_board_area": true, "care_and_support_needs": true})
}

/// The small log, in line order:
/// 1. `a` on 2024-03-20 (before the period): nothing known, undetermined.
/// 2. `a` on 2024-05-01: outside the board's area, settled `outside_section_44` after 42
///    days; referred by the police on 2024-03-18 (44 days before settling).
/// 3. `b` on 2024-06-10: a mandatory review, settled the day it started (0 days); referred by
///    the police on 2024-06-01 (9 days).
/// 4. `c` on 2024-07-01: in scope, no joint-working concern, self-neglect: discretionary,
///    raising the note `self_neglect_within_scope`; referred by a hospital on 2024-06-30,
///    settled the day it started.
/// 5. `d` on 2024-08-15: over 18 asked (`null`), the rest unknown: undetermined.
/// 6. `c` on 2025-04-02: after the period, left out (c stays discretionary).
/// 7. not JSON: invalid.
/// 8. `e` with no `as_of`: undated.
/// 9. `f` on 2024-09-09, its outcome edited: in the period, not matched.
fn log(book: &RuleBook) -> Vec<String> {
    let mut c = in_scope();
    c["joint_working_concern"] = json!(false);
    c["adult_status"] = json!("alive");
    c["serious_abuse_or_neglect"] = json!("known");
    c["abuse_types"] = json!(["self_neglect"]);
    let mut b = in_scope();
    b["joint_working_concern"] = json!(true);
    b["adult_status"] = json!("died");
    b["death_from_abuse_or_neglect"] = json!("known");
    let with_referral = |reference: &str, as_of: &str, facts: Value, source: &str, on: &str| {
        let case = json!({"reference": reference, "as_of": as_of, "facts": facts,
            "referral": {"source": source, "received_on": on}});
        Record::from_book(book, case, Options::default())
            .unwrap()
            .to_json_line()
    };
    let altered = line(
        book,
        Some("f"),
        Some("2024-09-09"),
        json!({"in_board_area": false}),
    )
    .replace(
        "\"outcome\":\"outside_section_44\"",
        "\"outcome\":\"mandatory_review\"",
    );
    vec![
        line(book, Some("a"), Some("2024-03-20"), json!({})),
        with_referral(
            "a",
            "2024-05-01",
            json!({"in_board_area": false}),
            "police",
            "2024-03-18",
        ),
        with_referral("b", "2024-06-10", b, "police", "2024-06-01"),
        with_referral("c", "2024-07-01", c.clone(), "hospital", "2024-06-30"),
        line(
            book,
            Some("d"),
            Some("2024-08-15"),
            json!({"age_18_or_over": null}),
        ),
        line(book, Some("c"), Some("2025-04-02"), c),
        "{".to_string(),
        line(book, Some("e"), None, json!({})),
        altered,
    ]
}

fn report(lines: &[String], period: Option<Period>) -> Value {
    let book = RuleBook::embedded();
    let mut tally = Tally::new(&book, period);
    for l in lines {
        tally.add(l);
    }
    serde_json::to_value(tally.finish()).unwrap()
}

/// The s44 pack's outcomes with these counts, in the rule file's order, then undetermined.
fn outcomes(mandatory: u64, discretionary: u64, outside: u64, undetermined: u64) -> Value {
    json!([
        {"outcome": "mandatory_review", "cases": mandatory},
        {"outcome": "discretionary_review", "cases": discretionary},
        {"outcome": "outside_section_44", "cases": outside},
        {"outcome": "undetermined", "cases": undetermined},
    ])
}

#[test]
fn every_figure_of_a_small_log_is_as_worked_out_by_hand() {
    let book = RuleBook::embedded();
    let got = report(&log(&book), Some(Period::financial_year(2024)));
    // d awaits every fact the outcome depends on, in the rule file's order (not the
    // recorded-only ones, nor the abuse types).
    let awaiting: Vec<Value> = [
        "age_18_or_over",
        "in_board_area",
        "care_and_support_needs",
        "joint_working_concern",
        "adult_status",
        "death_from_abuse_or_neglect",
        "serious_abuse_or_neglect",
        "likely_died_but_for_intervention",
        "permanent_harm",
        "reduced_capacity_or_quality_of_life",
    ]
    .iter()
    .map(|f| json!({"fact": f, "cases": 1}))
    .collect();
    let expected = json!({
        "period": {"from": "2024-04-01", "to": "2025-03-31"},
        // 9 lines: 1 invalid (7), 1 undated (8), 2 outside (1 and 6), 5 in the period (2-5
        // and 9), of which 1 not matched (9).
        "records": {"read": 9, "invalid": 1, "undated": 1, "outside_period": 2,
                    "in_period": 5, "not_matched": 1},
        "scope": safeguarding_rules::SCOPE,
        "rule_sets": [{
            "id": "care-act-2014-s44",
            "versions": ["2015-04-01"],
            // a, b, c and d: e is undated, f not matched.
            "cases": 4,
            "outcomes": outcomes(1, 1, 1, 1),
            "reasons": [
                // c was not mandatory for want of a joint-working concern (s44(1)(a)).
                {"outcome": "discretionary_review", "not": "mandatory_review",
                 "because": "joint_working_concern", "cites": ["s44(1)(a)"], "cases": 1},
                // a was neither review: outside the area, so not in scope.
                {"outcome": "outside_section_44", "not": "mandatory_review",
                 "because": "in_scope", "cites": ["s44(1)", "s2(8)"], "cases": 1},
                {"outcome": "outside_section_44", "not": "discretionary_review",
                 "because": "in_scope", "cites": ["s44(1)", "s2(8)"], "cases": 1},
            ],
            "awaiting": awaiting,
            "notes": [{"id": "self_neglect_within_scope", "cases": 1}],
            // The latest record's answers: b and c both in scope (2 each); then by the rule
            // file's order of facts and values, d's `null` as "asked" after the values.
            "answers": [
                {"fact": "age_18_or_over", "value": true, "cases": 2},
                {"fact": "in_board_area", "value": true, "cases": 2},
                {"fact": "care_and_support_needs", "value": true, "cases": 2},
                {"fact": "age_18_or_over", "value": "asked", "cases": 1},
                {"fact": "in_board_area", "value": false, "cases": 1},
                {"fact": "joint_working_concern", "value": false, "cases": 1},
                {"fact": "joint_working_concern", "value": true, "cases": 1},
                {"fact": "adult_status", "value": "alive", "cases": 1},
                {"fact": "adult_status", "value": "died", "cases": 1},
                {"fact": "death_from_abuse_or_neglect", "value": "known", "cases": 1},
                {"fact": "serious_abuse_or_neglect", "value": "known", "cases": 1},
                {"fact": "abuse_types", "value": "self_neglect", "cases": 1},
            ],
            // a: 2024-03-20 to 2024-05-01 is 42 days (its first record is before the
            // period); b and c settled on their first record: 0, 0, 42, median 0; d unsettled.
            "days_to_settle": {"settled": 3, "unsettled": 1, "median": 0.0, "max": 42},
        }],
        "procedures": [],
        "referrals": [
            // a: 2024-03-18 to 2024-05-01 is 44 days; b: 2024-06-01 to 06-10, 9; median 26.5.
            {"source": "police", "cases": 2,
             "days_to_settle": {"settled": 2, "unsettled": 0, "median": 26.5, "max": 44}},
            // c: 2024-06-30 to 2024-07-01.
            {"source": "hospital", "cases": 1,
             "days_to_settle": {"settled": 1, "unsettled": 0, "median": 1.0, "max": 1}},
        ],
        // Each case once, in the month of its latest record in the period.
        "months": [
            {"month": "2024-05", "rule_set": "care-act-2014-s44", "outcomes": outcomes(0, 0, 1, 0)},
            {"month": "2024-06", "rule_set": "care-act-2014-s44", "outcomes": outcomes(1, 0, 0, 0)},
            {"month": "2024-07", "rule_set": "care-act-2014-s44", "outcomes": outcomes(0, 1, 0, 0)},
            {"month": "2024-08", "rule_set": "care-act-2014-s44", "outcomes": outcomes(0, 0, 0, 1)},
        ],
    });
    assert_eq!(got, expected);
}

#[test]
fn with_no_period_the_report_runs_from_the_earliest_dated_record_to_the_latest() {
    let book = RuleBook::embedded();
    let got = report(&log(&book), None);
    assert_eq!(
        got["period"],
        json!({"from": "2024-03-20", "to": "2025-04-02"})
    );
    // Every dated record is in the period: 7 lines less the invalid and the undated one.
    assert_eq!(got["records"]["in_period"], 7);
    assert_eq!(got["records"]["outside_period"], 0);
    // c's latest record is now the one of 2025-04-02, still discretionary.
    let months: Vec<&str> = got["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["month"].as_str().unwrap())
        .collect();
    assert_eq!(months, ["2024-05", "2024-06", "2024-08", "2025-04"]);
    // a's first record (2024-03-20, undetermined) is in the period now, yet a counts once.
    assert_eq!(got["rule_sets"][0]["cases"], 4);
}

#[test]
fn tallies_of_any_split_of_the_lines_merge_to_the_same_report() {
    // What the example does across threads: each run of lines tallied apart, merged in
    // line order. A case whose records fall in different runs must still count once, its
    // latest record winning.
    let book = RuleBook::embedded();
    let lines = log(&book);
    let whole = report(&lines, Some(Period::financial_year(2024)));
    for cut in 0..=lines.len() {
        for second in cut..=lines.len() {
            let tally = |part: &[String]| {
                let mut t = Tally::new(&book, Some(Period::financial_year(2024)));
                part.iter().for_each(|l| t.add(l));
                t
            };
            let mut first = tally(&lines[..cut]);
            first.merge(tally(&lines[cut..second]));
            first.merge(tally(&lines[second..]));
            assert_eq!(
                serde_json::to_value(first.finish()).unwrap(),
                whole,
                "cut at {cut}, {second}"
            );
        }
    }
}

#[test]
fn a_case_reopened_after_settling_is_unsettled_and_a_tie_goes_to_the_later_line() {
    let book = RuleBook::embedded();
    let lines = vec![
        line(
            &book,
            Some("x"),
            Some("2024-05-01"),
            json!({"in_board_area": false}),
        ),
        line(&book, Some("x"), Some("2024-06-01"), json!({})),
        line(&book, Some("y"), Some("2024-06-01"), json!({})),
        line(
            &book,
            Some("y"),
            Some("2024-06-01"),
            json!({"in_board_area": false}),
        ),
    ];
    let got = report(&lines, Some(Period::financial_year(2024)));
    let figures = &got["rule_sets"][0];
    // x's latest record is undetermined; y's two records share a date and the later line,
    // outside_section_44, is current.
    assert_eq!(figures["outcomes"], outcomes(0, 0, 1, 1));
    assert_eq!(
        figures["days_to_settle"],
        json!({"settled": 1, "unsettled": 1, "median": 0.0, "max": 0})
    );
}
