//! The engine's semantics on the s44 pack, asserted from docs/design.md and docs/law.md.

#[path = "common/source.rs"]
mod source;

use safeguarding_rules::{FactStatus, Kleene, NodeKind, RuleSet, TraceNode};
use serde_json::{Value, json};

fn s44() -> RuleSet {
    RuleSet::embedded("care-act-2014-s44").expect("the s44 pack loads")
}

fn eval(facts: Value) -> safeguarding_rules::Determination {
    let text = json!({ "facts": facts }).to_string();
    s44().evaluate_json(&text).expect("valid case")
}

fn find<'a>(nodes: &'a [TraceNode], pred: &dyn Fn(&TraceNode) -> bool) -> Option<&'a TraceNode> {
    for n in nodes {
        if pred(n) {
            return Some(n);
        }
        if let Some(found) = find(&n.children, pred) {
            return Some(found);
        }
    }
    None
}

const IN_SCOPE: [(&str, bool); 3] = [
    ("age_18_or_over", true),
    ("in_board_area", true),
    ("care_and_support_needs", true),
];

fn in_scope(mut extra: Value) -> Value {
    for (k, v) in IN_SCOPE {
        extra[k] = json!(v);
    }
    extra
}

#[test]
fn nothing_known_leaves_all_three_outcomes_possible() {
    let det = eval(json!({}));
    assert_eq!(det.outcome, "undetermined");
    assert_eq!(
        det.possible_outcomes,
        [
            "mandatory_review",
            "discretionary_review",
            "outside_section_44"
        ]
    );
    assert_eq!(
        det.trace.len(),
        3,
        "all outcomes are traced while undetermined"
    );
}

#[test]
fn joint_working_and_death_from_neglect_with_scope_unknown_is_never_discretionary() {
    // docs/design.md's case 2024-017, which Kleene logic alone gets wrong.
    let det = eval(json!({"joint_working_concern": true, "death_from_abuse_or_neglect": "known"}));
    assert_eq!(det.outcome, "undetermined");
    assert_eq!(
        det.possible_outcomes,
        ["mandatory_review", "outside_section_44"]
    );
    // Kleene alone leaves discretionary_review open.
    let disc = det
        .trace
        .iter()
        .find(|n| n.id.as_deref() == Some("discretionary_review"))
        .unwrap();
    assert_eq!(disc.value, Kleene::Unknown);
}

#[test]
fn condition_1_needs_no_seriousness() {
    let det = eval(in_scope(json!({
        "joint_working_concern": true, "adult_status": "died",
        "death_from_abuse_or_neglect": "suspected", "serious_abuse_or_neglect": "not_suspected"
    })));
    assert_eq!(det.outcome, "mandatory_review");
}

#[test]
fn condition_2_needs_the_adult_still_alive() {
    let det = eval(in_scope(json!({
        "joint_working_concern": true, "adult_status": "died",
        "death_from_abuse_or_neglect": "not_suspected", "serious_abuse_or_neglect": "known"
    })));
    assert_eq!(det.outcome, "discretionary_review");
    assert!(
        det.notes
            .iter()
            .any(|n| n.cites.iter().any(|c| c == "s44(3)(a)"))
    );
}

#[test]
fn no_joint_working_concern_is_discretionary_whatever_the_harm() {
    let det = eval(in_scope(json!({
        "joint_working_concern": false, "adult_status": "alive", "serious_abuse_or_neglect": "known"
    })));
    assert_eq!(det.outcome, "discretionary_review");
}

#[test]
fn an_answer_about_the_death_infers_that_the_adult_died() {
    let det = eval(in_scope(json!({
        "joint_working_concern": true, "death_from_abuse_or_neglect": {"value": "known", "source": "post-mortem"}
    })));
    assert_eq!(det.outcome, "mandatory_review");
    let leaf = find(&det.trace, &|n| n.fact.as_deref() == Some("adult_status")).unwrap();
    assert_eq!(leaf.status, Some(FactStatus::Inferred));
    assert_eq!(
        leaf.inferred_from.as_deref(),
        Some("death_from_abuse_or_neglect")
    );
    assert_eq!(leaf.fact_value.as_deref(), Some(&json!("died")));
    let source = find(&det.trace, &|n| {
        n.fact.as_deref() == Some("death_from_abuse_or_neglect")
    })
    .unwrap();
    assert_eq!(source.source.as_deref(), Some("post-mortem"));
}

#[test]
fn a_contradicting_record_is_evaluated_as_given_with_a_note() {
    let det = eval(in_scope(json!({
        "joint_working_concern": true, "adult_status": "alive",
        "death_from_abuse_or_neglect": "known", "serious_abuse_or_neglect": "not_suspected",
        "likely_died_but_for_intervention": "not_suspected", "permanent_harm": "not_suspected",
        "reduced_capacity_or_quality_of_life": "not_suspected"
    })));
    assert_eq!(det.outcome, "discretionary_review");
    assert!(
        det.notes
            .iter()
            .any(|n| n.id == "death_answer_for_living_adult")
    );
    let leaf = find(&det.trace, &|n| n.fact.as_deref() == Some("adult_status")).unwrap();
    assert_eq!(leaf.status, Some(FactStatus::Given));
}

#[test]
fn null_is_asked_and_behaves_as_unknown_for_the_outcome() {
    let absent = eval(json!({"in_board_area": true}));
    let asked = eval(json!({"in_board_area": true, "care_and_support_needs": null}));
    assert_eq!(absent.possible_outcomes, asked.possible_outcomes);
    let m = asked
        .missing_facts
        .iter()
        .find(|m| m.fact == "care_and_support_needs")
        .unwrap();
    assert!(m.asked);
    let m = absent
        .missing_facts
        .iter()
        .find(|m| m.fact == "care_and_support_needs")
        .unwrap();
    assert!(!m.asked);
}

#[test]
fn outside_the_area_nothing_is_missing() {
    let det = eval(json!({"in_board_area": false}));
    assert_eq!(det.outcome, "outside_section_44");
    assert!(det.missing_facts.is_empty());
    assert_eq!(
        det.trace.len(),
        3,
        "outcomes are traced up to the one that holds"
    );
}

#[test]
fn decisive_children_follow_the_combinators() {
    let det = eval(json!({"age_18_or_over": true, "in_board_area": false}));
    let scope = find(&det.trace, &|n| n.id.as_deref() == Some("in_scope")).unwrap();
    assert_eq!(scope.value, Kleene::False);
    for child in &scope.children {
        // A false `all` is decided by its false children only.
        assert_eq!(child.decisive, child.value == Kleene::False, "{child:?}");
    }
}

#[test]
fn every_trace_node_cites_a_provision_the_determination_quotes() {
    let det = eval(json!({"joint_working_concern": true, "adult_status": "alive"}));
    fn walk(n: &TraceNode, det: &safeguarding_rules::Determination) {
        assert!(!n.cites.is_empty(), "{:?} cites nothing", n.kind);
        for c in n.cites.iter() {
            assert!(det.provisions.contains_key(c), "{c} not quoted");
        }
        n.children.iter().for_each(|c| walk(c, det));
    }
    det.trace.iter().for_each(|n| walk(n, &det));
}

#[test]
fn recorded_only_facts_change_nothing() {
    let base = in_scope(
        json!({"joint_working_concern": true, "adult_status": "died",
        "death_from_abuse_or_neglect": "suspected"}),
    );
    let plain = eval(base.clone());
    let mut extra = base;
    extra["la_meeting_needs"] = json!(false);
    extra["abuse_known_before_death"] = json!(false);
    extra["abuse_types"] = json!(["financial_or_material"]);
    let with = eval(extra);
    assert_eq!(plain.outcome, with.outcome);
    assert_eq!(plain.trace, with.trace);
}

#[test]
fn the_same_input_gives_byte_identical_json() {
    let case = json!({"joint_working_concern": true, "abuse_types": ["self_neglect", "physical"]});
    let first = eval(case.clone()).to_json();
    for _ in 0..20 {
        assert_eq!(eval(case.clone()).to_json(), first);
    }
}

#[test]
fn an_invented_law_shows_a_case_split() {
    let text = std::fs::read_to_string("examples/rules/lantern-act.json").unwrap();
    let rules = RuleSet::from_json(&text).unwrap();
    let case = std::fs::read_to_string("examples/rules/lantern-case.json").unwrap();
    let det = rules.evaluate_json(&case).unwrap();
    assert!(det.is_settled());
    assert_eq!(det.trace.first().map(|n| n.value), Some(Kleene::Unknown));
    let split = det.case_split.as_ref().expect("a case split");
    assert_eq!(split.branches.len(), 2);
    for b in &split.branches {
        assert_eq!(b.outcome, det.outcome);
        assert_eq!(b.trace.last().map(|n| n.value), Some(Kleene::True));
        assert!(b.case_split.is_none());
    }
    assert!(det.to_markdown().contains("### Case split"));
}

#[test]
fn s44_never_needs_a_case_split_for_the_example_cases() {
    for entry in std::fs::read_dir("examples/cases").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|x| x == "json") {
            let det = s44()
                .evaluate_json(&std::fs::read_to_string(&path).unwrap())
                .unwrap();
            assert!(det.case_split.is_none(), "{}", path.display());
            assert_eq!(
                det.trace
                    .iter()
                    .filter(|n| n.kind != NodeKind::Outcome)
                    .count(),
                0
            );
        }
    }
}

#[test]
fn engine_source_names_no_fact_or_outcome_of_the_pack() {
    // The engine stays generic: ids of the s44 pack live in rules/, never in src/.
    let rules = s44();
    let ids: Vec<String> = rules
        .fact_ids()
        .chain(rules.outcome_ids())
        .map(str::to_string)
        .collect();
    for path in source::source_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for id in &ids {
                assert!(
                    !code.contains(id.as_str()),
                    "{}:{} names `{id}`",
                    path.display(),
                    n + 1
                );
            }
        }
    }
}

/// The expected results in the example READMEs were read by hand from the law; every
/// example case must give them.
#[test]
fn every_example_case_gives_the_outcome_its_readme_states() {
    let book = safeguarding_rules::RuleBook::embedded();
    let mut checked = 0;
    for dir in [
        "examples/cases",
        "examples/cases/hillingdon",
        "examples/cases/think-family/packs",
    ] {
        let readme = std::fs::read_to_string(format!("{dir}/README.md")).unwrap();
        let header: Vec<&str> = readme
            .lines()
            .find(|l| l.starts_with("| file"))
            .unwrap()
            .split('|')
            .map(str::trim)
            .collect();
        let column = header.iter().position(|c| c.contains("outcome")).unwrap();
        for line in readme.lines().filter(|l| l.starts_with("| `")) {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let file = cells[1].trim_matches('`');
            let expected = cells[column].trim_matches('`');
            let text = std::fs::read_to_string(format!("{dir}/{file}")).unwrap();
            let case = safeguarding_rules::Case::from_json(&text).unwrap();
            let det = book.evaluate(&case).unwrap();
            assert!(
                expected.starts_with(det.outcome.as_str()),
                "{dir}/{file}: {} vs {expected}",
                det.outcome
            );
            checked += 1;
        }
    }
    assert!(checked >= 36, "{checked} example cases checked");
}
