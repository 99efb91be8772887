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

/// One record line of an assessment under the think-family procedure.
fn assessment_line(book: &RuleBook, case: Value) -> String {
    let procedure = book.procedure("hillingdon-think-family").unwrap();
    safeguarding_rules::AssessmentRecord::evaluate(procedure, case)
        .unwrap()
        .to_json_line()
}

#[test]
fn assessments_are_reported_per_decision_and_ages_by_interval() {
    let book = RuleBook::embedded();
    // t1: a boy of 12 seriously harmed, then the same case again a week later (one case
    // per decision, its latest record counting). t2: a woman of 70 killed by her son.
    let boy = json!({"age": 12, "died": false, "seriously_harmed": true,
        "abuse_or_neglect_of_child": "suspected", "date_of_death_or_harm": "2024-05-20",
        "normally_resident_in_area": true, "place_of_death_or_harm": "in_area"});
    let woman = json!({"age": 70, "age_18_or_over": true, "in_board_area": true,
        "care_and_support_needs": true, "joint_working_concern": true, "died": true,
        "death_from_abuse_or_neglect": "known", "death_from_violence_abuse_or_neglect": "known",
        "person_responsible_was": ["related", "same_household"]});
    let first = json!({"procedure": "hillingdon-think-family", "reference": "t1",
        "as_of": "2024-05-21", "facts": {"age": 12}});
    let again = json!({"procedure": "hillingdon-think-family", "reference": "t1",
        "as_of": "2024-05-28", "facts": boy});
    let other = json!({"procedure": "hillingdon-think-family", "reference": "t2",
        "as_of": "2024-06-01", "facts": woman});
    let altered = assessment_line(&book, other.clone()).replace(
        "\"domestic_homicide_review\"",
        "\"not_a_domestic_homicide_review\"",
    );
    let lines = vec![
        assessment_line(&book, first),
        assessment_line(&book, again),
        assessment_line(&book, other),
        altered,
    ];
    let r = report(&lines, Some(Period::financial_year(2024)));
    assert_eq!(r["records"]["read"], 4);
    assert_eq!(r["records"]["in_period"], 4);
    assert_eq!(r["records"]["not_matched"], 1, "{}", r["records"]);
    assert_eq!(r["records"]["invalid"], 0);
    assert_eq!(r["rule_sets"], json!([]));
    let procedures = r["procedures"].as_array().unwrap();
    assert_eq!(procedures.len(), 1);
    assert_eq!(procedures[0]["id"], "hillingdon-think-family");
    let decision = |name: &str| {
        procedures[0]["decisions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["name"] == name)
            .unwrap_or_else(|| panic!("no decision {name}"))
            .clone()
    };
    let names: Vec<&str> = procedures[0]["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "notification",
            "sar_panel",
            "child_notification",
            "child_death_review",
            "dhr"
        ]
    );
    // The SAR panel's decision does not apply to a child: one case decided (t2), one not.
    let panel = decision("sar_panel");
    assert_eq!(panel["rule_set"], "hillingdon-sar-panel");
    assert_eq!(
        (panel["cases"].clone(), panel["not_applying"].clone()),
        (json!(1), json!(1))
    );
    // The child's notification: t1 (12, seriously harmed in the area, abuse suspected) must
    // be notified; t2 is no child.
    let child = decision("child_notification");
    assert_eq!(child["cases"], 2);
    let count = |d: &Value, outcome: &str| {
        d["outcomes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["outcome"] == outcome)
            .map(|o| o["cases"].clone())
    };
    assert_eq!(count(&child, "notify_panel"), Some(json!(1)));
    assert_eq!(count(&child, "no_duty_to_notify"), Some(json!(1)));
    // Ages are counted by the interval of the rule set's tests that holds them.
    let ages: Vec<(i64, i64, u64)> = child["answers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["fact"] == "age")
        .map(|a| {
            let range = &a["value"]["range"];
            (
                range["at_least"].as_i64().unwrap_or(i64::MIN),
                range["at_most"].as_i64().unwrap_or(i64::MAX),
                a["cases"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(ages.len(), 2, "{ages:?}");
    for age in [12, 70] {
        assert!(
            ages.iter()
                .any(|&(lo, hi, n)| lo <= age && age <= hi && n == 1),
            "{age} in {ages:?}"
        );
    }
    // The domestic homicide review: t2's altered record is left out, its first counts.
    let dhr = decision("dhr");
    assert_eq!(count(&dhr, "domestic_homicide_review"), Some(json!(1)));
    // The Markdown and HTML carry a section a decision.
    let book = RuleBook::embedded();
    let mut tally = Tally::new(&book, Some(Period::financial_year(2024)));
    for l in &lines {
        tally.add(l);
    }
    let finished = tally.finish();
    let markdown = finished.to_markdown();
    assert!(markdown.contains("## Procedure `hillingdon-think-family`"));
    assert!(markdown.contains("### Decision `sar_panel` (rule set `hillingdon-sar-panel`)"));
    assert!(markdown.contains("1 cases decided; 1 it did not apply to"));
    assert!(finished.to_html().contains("<h3>Decision <code>dhr</code>"));
}
