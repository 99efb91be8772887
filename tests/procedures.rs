//! Procedures: the think-family example cases give the outcomes issue 16 lists, loading
//! reports positioned errors, `applies_when` and `in_force` behave as DESIGN says, and
//! records of assessments replay.

use safeguarding_rules::{
    Assessment, AssessmentRecord, Case, Procedure, RuleBook, Verdict, replay,
};
use serde_json::json;

fn assess(path: &str) -> Assessment {
    let text = std::fs::read_to_string(path).unwrap();
    let case = Case::from_json(&text).unwrap();
    RuleBook::embedded().assess(&case).unwrap()
}

fn outcome(a: &Assessment, name: &str) -> String {
    let d = a.decision(name).unwrap();
    match (&d.determination, d.applies) {
        (Some(det), _) => det.outcome.to_string(),
        (None, Some(false)) => "does not apply".to_string(),
        _ => "not in force".to_string(),
    }
}

fn notes(a: &Assessment) -> Vec<String> {
    a.notes.iter().map(|n| n.id.to_string()).collect()
}

const DIR: &str = "examples/cases/think-family";

#[test]
fn woman_of_70_killed_by_her_son() {
    let a = assess(&format!("{DIR}/woman-70-killed-by-son-she-lived-with.json"));
    assert_eq!(outcome(&a, "notification"), "notify_partnership_team");
    assert_eq!(outcome(&a, "sar_panel"), "arrange_mandatory_sar");
    assert_eq!(outcome(&a, "child_notification"), "no_duty_to_notify");
    assert_eq!(outcome(&a, "child_death_review"), "no_child_death_review");
    assert_eq!(outcome(&a, "dhr"), "domestic_homicide_review");
    assert!(notes(&a).contains(&"coordinate_sar_with_dhr".to_string()));
    assert!(a.next_question.is_none());
}

#[test]
fn girl_of_17_killed_by_her_former_partner() {
    let a = assess(&format!(
        "{DIR}/girl-17-killed-in-area-by-former-partner.json"
    ));
    assert_eq!(outcome(&a, "notification"), "no_notification_required");
    assert_eq!(outcome(&a, "sar_panel"), "does not apply");
    assert_eq!(outcome(&a, "child_notification"), "notify_panel");
    assert_eq!(
        outcome(&a, "child_death_review"),
        "child_death_review_required"
    );
    assert_eq!(outcome(&a, "dhr"), "domestic_homicide_review");
    assert!(notes(&a).contains(&"coordinate_child_review_with_dhr".to_string()));
    assert!(notes(&a).contains(&"child_case_for_childrens_partnership".to_string()));
    assert!(!notes(&a).contains(&"coordinate_sar_with_dhr".to_string()));
}

#[test]
fn man_of_40_nothing_known_of_who_was_responsible() {
    let a = assess(&format!(
        "{DIR}/man-40-death-from-neglect-suspected-responsible-unknown.json"
    ));
    assert_eq!(outcome(&a, "notification"), "notify_partnership_team");
    assert_eq!(outcome(&a, "sar_panel"), "arrange_mandatory_sar");
    assert_eq!(outcome(&a, "child_notification"), "no_duty_to_notify");
    assert_eq!(outcome(&a, "child_death_review"), "no_child_death_review");
    assert_eq!(outcome(&a, "dhr"), "undetermined");
    let missing: Vec<&str> = a.missing_facts.iter().map(|m| m.fact.as_str()).collect();
    assert_eq!(missing, ["person_responsible_was"]);
    assert_eq!(a.missing_facts[0].for_decisions, ["dhr"]);
}

#[test]
fn boy_of_12_harmed_in_wales() {
    let a = assess(&format!("{DIR}/boy-12-seriously-harmed-in-wales.json"));
    assert_eq!(outcome(&a, "child_notification"), "notify_panel");
    assert_eq!(outcome(&a, "child_death_review"), "no_child_death_review");
    assert_eq!(outcome(&a, "dhr"), "not_a_domestic_homicide_review");
    assert_eq!(outcome(&a, "sar_panel"), "does not apply");
}

#[test]
fn boy_of_12_harmed_elsewhere_in_england() {
    let a = assess(&format!(
        "{DIR}/boy-12-seriously-harmed-elsewhere-in-england.json"
    ));
    assert_eq!(outcome(&a, "child_notification"), "no_duty_to_notify");
    let det = a
        .decision("child_notification")
        .unwrap()
        .determination
        .as_ref()
        .unwrap();
    assert!(
        det.notes
            .iter()
            .any(|n| n.id == "harmed_elsewhere_in_england")
    );
}

#[test]
fn nothing_known() {
    let a = assess(&format!("{DIR}/nothing-known.json"));
    assert_eq!(a.decisions.len(), 5);
    assert!(a.decisions.iter().all(|d| d.determination.is_some()));
    assert_eq!(outcome(&a, "sar_panel"), "await_section_44_facts");
    assert!(a.next_question.is_some());
    // sar_panel applies only when age_18_or_over: that fact is missing for it.
    let m = a
        .missing_facts
        .iter()
        .find(|m| m.fact == "age_18_or_over")
        .unwrap();
    assert!(m.for_decisions.iter().any(|n| n == "sar_panel"));
    assert!(notes(&a).contains(&"other_routes_not_covered".to_string()));
}

fn evaluate(facts: serde_json::Value) -> Result<Assessment, String> {
    let case = Case::from_value(json!({"procedure": "hillingdon-think-family", "facts": facts}))
        .map_err(|e| e.to_string())?;
    RuleBook::embedded()
        .assess(&case)
        .map_err(|e| e.to_string())
}

#[test]
fn a_child_is_never_asked_the_sar_panels_questions() {
    let a = evaluate(json!({"age": 12})).unwrap();
    assert_eq!(a.decision("sar_panel").unwrap().applies, Some(false));
    for m in &a.missing_facts {
        assert!(
            !m.for_decisions.iter().any(|n| n == "sar_panel"),
            "{}",
            m.fact
        );
        assert_ne!(m.fact, "panel_judges_sar_proportionate");
    }
}

#[test]
fn constraints_settle_decisions_across_the_procedure() {
    // `died` given alone forces the adult's status: s44's condition 2 needs the adult alive.
    let a = evaluate(json!({"died": false, "age": 40})).unwrap();
    let det = a
        .decision("notification")
        .unwrap()
        .determination
        .as_ref()
        .unwrap();
    assert!(!det.missing_facts.iter().any(|m| m.fact == "adult_status"));
    assert!(
        !det.missing_facts
            .iter()
            .any(|m| m.fact == "death_from_abuse_or_neglect")
    );
}

#[test]
fn a_contradiction_with_the_procedures_constraints_is_a_case_error() {
    let err = evaluate(json!({"age": 12, "age_18_or_over": true})).unwrap_err();
    assert!(err.contains("adult_at_the_time_is_18_or_over"), "{err}");
    let err = evaluate(json!({"died": true, "adult_status": "alive"})).unwrap_err();
    assert!(err.contains("adult_died_exactly_when_died"), "{err}");
}

#[test]
fn an_undeclared_fact_is_a_positioned_error() {
    let err = evaluate(json!({"adult_stauts": "died"})).unwrap_err();
    assert_eq!(
        err,
        "/facts/adult_stauts: undeclared fact `adult_stauts`, did you mean `adult_status`?"
    );
    let err = evaluate(json!({"age": 131})).unwrap_err();
    assert!(err.starts_with("/facts/age: "), "{err}");
}

#[test]
fn a_case_names_a_rule_set_or_a_procedure_not_both() {
    let case = Case::from_value(
        json!({"procedure": "hillingdon-think-family", "rule_set": "dvcva-2004-s9", "facts": {}}),
    )
    .unwrap();
    let err = RuleBook::embedded().assess(&case).unwrap_err().to_string();
    assert!(err.starts_with("/rule_set: "), "{err}");
    let case =
        Case::from_value(json!({"procedure": "hillingdon-think-famly", "facts": {}})).unwrap();
    let err = RuleBook::embedded().assess(&case).unwrap_err().to_string();
    assert!(
        err.starts_with("/procedure: unknown rule set `hillingdon-think-famly`"),
        "{err}"
    );
    assert!(
        err.contains("did you mean `hillingdon-think-family`"),
        "{err}"
    );
}

#[test]
fn a_decision_not_in_force_is_reported_not_an_error() {
    let mut doc: serde_json::Value =
        serde_json::from_str(safeguarding_rules::embedded_procedure_files()[0]).unwrap();
    doc["in_force_from"] = json!("2011-04-13");
    let procedure = Procedure::from_json(&doc.to_string()).unwrap();
    let case = Case::from_value(json!({"as_of": "2017-01-01", "facts": {"age": 30}})).unwrap();
    let a = procedure.evaluate(&case).unwrap();
    let d = a.decision("child_notification").unwrap();
    assert_eq!(d.in_force, Some(false));
    assert_eq!(d.rule_set.as_ref().unwrap().id, "children-act-2004-s16C");
    assert!(a.decision("dhr").unwrap().determination.is_some());
    let json = a.to_json();
    assert!(json.contains("\"in_force\": false"), "{json}");
    // The fingerprint leaves out what is not in force.
    assert_ne!(
        procedure.fingerprint_on(Some("2017-01-01")),
        procedure.fingerprint_on(None)
    );
}

fn load_error(edit: impl Fn(&mut serde_json::Value)) -> String {
    let mut doc: serde_json::Value =
        serde_json::from_str(safeguarding_rules::embedded_procedure_files()[0]).unwrap();
    edit(&mut doc);
    Procedure::from_json(&doc.to_string())
        .unwrap_err()
        .to_string()
}

#[test]
fn loading_reports_positioned_errors() {
    let err = load_error(|d| d["decisions"][1]["rule_set"] = json!("hillingdon-sar-panl"));
    assert!(
        err.contains("/decisions/1/rule_set: unknown rule set `hillingdon-sar-panl`"),
        "{err}"
    );
    let err = load_error(|d| {
        d["facts"] = json!([{"id": "age", "type": "integer", "min": 0, "max": 120,
            "question": "How old?", "cites": ["lfp-1.3"]}]);
    });
    assert!(
        err.contains(
            "fact `age` is declared differently by the procedure and `children-act-2004-s16C`"
        ),
        "{err}"
    );
    let err = load_error(|d| d["notes"][0]["condition"]["all"][1]["decision"] = json!("dhx"));
    assert!(
        err.contains(
            "/notes/0/condition/all/1/decision: undeclared decision `dhx`, did you mean `dhr`?"
        ),
        "{err}"
    );
    let err =
        load_error(|d| d["notes"][0]["condition"]["all"][1]["possible"] = json!("homicide_review"));
    assert!(
        err.contains(
            "/notes/0/condition/all/1/possible: decision `dhr` has no outcome `homicide_review`"
        ),
        "{err}"
    );
    let err = load_error(|d| d["decisions"][0]["cites"] = json!(["lfp-9.9"]));
    assert!(
        err.contains("/decisions/0/cites/0: citation of unknown provision `lfp-9.9`"),
        "{err}"
    );
    let err = load_error(|d| d["decisions"][1]["applies_when"] = json!({"fact": "age_18_or_ovr"}));
    assert!(err.contains("/decisions/1/applies_when"), "{err}");
    let err = load_error(|d| d["kind"] = json!("rules"));
    assert!(err.contains("/kind"), "{err}");
}

#[test]
fn records_of_assessments_replay() {
    let procedure = Procedure::embedded("hillingdon-think-family").unwrap();
    let text = std::fs::read_to_string(format!(
        "{DIR}/girl-17-killed-in-area-by-former-partner.json"
    ))
    .unwrap();
    let case: serde_json::Value = serde_json::from_str(&text).unwrap();
    let line = AssessmentRecord::evaluate(&procedure, case)
        .unwrap()
        .to_json_line();
    let book = RuleBook::embedded();
    assert_eq!(replay(&book, &line).verdict, Verdict::Matched);
    let edited = line.replace("\"age\":17", "\"age\":16");
    assert_eq!(replay(&book, &edited).verdict.name(), "case_altered");
    let edited = line.replace(
        "\"outcome\":\"notify_panel\"",
        "\"outcome\":\"no_duty_to_notify\"",
    );
    assert_eq!(replay(&book, &edited).verdict.name(), "differs");
}

#[test]
fn renderings_show_every_decision() {
    let a = assess(&format!("{DIR}/woman-70-killed-by-son-she-lived-with.json"));
    let text = a.to_text();
    let md = a.to_markdown();
    for name in [
        "notification",
        "sar_panel",
        "child_notification",
        "child_death_review",
        "dhr",
    ] {
        assert!(text.contains(&format!("=== decision {name} ===")), "{name}");
        assert!(md.contains(&format!("## Decision `{name}`")), "{name}");
    }
    assert!(text.contains("reasons (* marks what decided each step)"));
}

#[test]
fn the_procedures_suite_passes_at_full_coverage_and_a_wrong_expectation_fails() {
    let book = RuleBook::embedded();
    let dir = std::path::Path::new("rules/scenarios/hillingdon-think-family");
    let report = safeguarding_rules::run_scenario_dir(&book, dir).unwrap();
    assert!(
        report.is_ok(),
        "{:?} {:?}",
        report
            .results
            .iter()
            .filter(|r| !r.failures.is_empty())
            .collect::<Vec<_>>(),
        report.coverage.gaps
    );
    assert_eq!(report.coverage.rule_values, (78, 78));
    assert_eq!(report.coverage.outcomes, (20, 20));
    assert_eq!(report.coverage.notes, (16, 16));
    let wrong = r#"{"description": "wrong", "case": {"procedure": "hillingdon-think-family", "facts": {"age": 12}},
        "expect": {"decisions": {"sar_panel": {"outcome": "arrange_mandatory_sar"}, "dhx": {"outcome": "x"}}}}"#;
    let report = safeguarding_rules::run_suite(
        &book,
        r#"{"procedure": "hillingdon-think-family"}"#,
        &[("wrong".to_string(), wrong.to_string())],
    )
    .unwrap();
    let failures = &report.results[0].failures;
    assert!(
        failures
            .iter()
            .any(|f| f.contains("the procedure has no decision `dhx`")),
        "{failures:?}"
    );
    assert!(
        failures
            .iter()
            .any(|f| f.starts_with("decision `sar_panel`")),
        "{failures:?}"
    );
    assert!(!report.is_ok());
}
