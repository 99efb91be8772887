//! Properties taken from the statute's own words (docs/law.md), checked on random s44 cases.
//!
//! Each test is named after the words it encodes. Every evaluation is also checked against
//! the independent reference model in `tests/reference`.

mod common;
mod reference;

use common::load_s44;

use proptest::prelude::*;
use proptest::sample::{select, subsequence};
use reference::{
    ABUSE_TYPES, ALL_FACTS, BOOL_FACTS, Case, Complete, KNOWLEDGE_FACTS, Outcome,
    SERIOUSNESS_EXAMPLES,
};
use safeguarding_rules::{
    CaseSplit, Determination, Kleene, NodeKind, RuleSet, TraceNode, UNDETERMINED,
};
use serde_json::{Map, Value, json};

fn s44() -> &'static RuleSet {
    static RULES: std::sync::OnceLock<RuleSet> = std::sync::OnceLock::new();
    RULES.get_or_init(load_s44)
}

/// A case's facts: a key absent is unknown, `null` is asked, not known.
type Facts = Map<String, Value>;

/// The values a fact may be given.
fn values_of(id: &str) -> Vec<Value> {
    if BOOL_FACTS.contains(&id) || id == "la_meeting_needs" || id == "abuse_known_before_death" {
        vec![json!(true), json!(false)]
    } else if id == "adult_status" {
        vec![json!("alive"), json!("died")]
    } else if KNOWLEDGE_FACTS.contains(&id) {
        vec![json!("known"), json!("suspected"), json!("not_suspected")]
    } else {
        panic!("no scalar values for `{id}`")
    }
}

/// A random answer to one fact: `None` absent, `Some(null)` asked, or a value.
fn answer(id: &'static str) -> BoxedStrategy<Option<Value>> {
    let value = if id == "abuse_types" {
        subsequence(ABUSE_TYPES.to_vec(), 0..=ABUSE_TYPES.len())
            .prop_shuffle()
            .prop_map(|types| json!(types))
            .boxed()
    } else {
        select(values_of(id)).boxed()
    };
    prop_oneof![
        2 => Just(None),
        1 => Just(Some(Value::Null)),
        4 => value.prop_map(Some),
    ]
    .boxed()
}

/// A random case over the whole vocabulary, recorded-only facts included.
fn case() -> impl Strategy<Value = Facts> {
    ALL_FACTS
        .iter()
        .map(|id| answer(id))
        .collect::<Vec<_>>()
        .prop_map(|answers| {
            ALL_FACTS
                .iter()
                .zip(answers)
                .filter_map(|(id, a)| a.map(|v| (id.to_string(), v)))
                .collect()
        })
}

/// Evaluates with the engine.
fn evaluate(facts: &Facts) -> Determination {
    let mut bound = s44().facts();
    for (id, v) in facts {
        bound.set(id, v.clone()).expect("a declared value");
    }
    bound.evaluate()
}

/// The reference model's outcome and possible outcomes.
fn reference(facts: &Facts) -> (String, Vec<String>) {
    let case = Case::from_facts(facts);
    (
        case.outcome_id().to_string(),
        case.possible_outcome_ids()
            .into_iter()
            .map(String::from)
            .collect(),
    )
}

fn with(facts: &Facts, id: &str, value: Option<Value>) -> Facts {
    let mut out = facts.clone();
    match value {
        Some(v) => out.insert(id.to_string(), v),
        None => out.remove(id),
    };
    out
}

/// Outcome and possible outcomes, the part of a determination these properties compare.
fn decision(det: &Determination) -> (String, Vec<String>) {
    (
        det.outcome.to_string(),
        det.possible_outcomes
            .iter()
            .map(|o| o.to_string())
            .collect(),
    )
}

fn find<'a>(nodes: &'a [TraceNode], id: &str) -> Option<&'a TraceNode> {
    nodes.iter().find_map(|n| {
        if n.id.as_deref() == Some(id) {
            Some(n)
        } else {
            find(&n.children, id)
        }
    })
}

fn is_given(facts: &Facts, id: &str, value: &Value) -> bool {
    facts.get(id) == Some(value)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// The engine and the independent reference model (written from docs/law.md) agree on random
    /// cases over the whole vocabulary: `null`, recorded-only facts and all.
    #[test]
    fn the_engine_agrees_with_the_reference_model(facts in case()) {
        let det = evaluate(&facts);
        prop_assert_eq!(decision(&det), reference(&facts), "on {}", Value::Object(facts.clone()));
    }

    /// s44(1) and (4): "(whether or not the local authority has been meeting any of those
    /// needs)": `la_meeting_needs` never changes the outcome.
    #[test]
    fn whether_or_not_the_local_authority_has_been_meeting_any_of_those_needs(
        facts in case(),
        other in answer("la_meeting_needs"),
    ) {
        let a = evaluate(&facts);
        let b = evaluate(&with(&facts, "la_meeting_needs", other));
        prop_assert_eq!(decision(&a), decision(&b));
    }

    /// s44(2)(b): "(whether or not it knew about or suspected the abuse or neglect before
    /// the adult died)": `abuse_known_before_death` never changes the outcome.
    #[test]
    fn whether_or_not_it_knew_about_or_suspected_the_abuse_or_neglect_before_the_adult_died(
        facts in case(),
        other in answer("abuse_known_before_death"),
    ) {
        let a = evaluate(&facts);
        let b = evaluate(&with(&facts, "abuse_known_before_death", other));
        prop_assert_eq!(decision(&a), decision(&b));
    }

    /// s44(2)(b), (3)(b) say "abuse or neglect", of any type (guidance 14.17: the list is
    /// open): `abuse_types` never changes the outcome.
    #[test]
    fn abuse_or_neglect_of_any_type(facts in case(), other in answer("abuse_types")) {
        let a = evaluate(&facts);
        let b = evaluate(&with(&facts, "abuse_types", other));
        prop_assert_eq!(decision(&a), decision(&b));
    }

    /// s44(2)(b), (3)(b): "knows or suspects". For every knowledge fact, `known` and
    /// `suspected` give the same outcome.
    #[test]
    fn knows_or_suspects(facts in case(), which in select(KNOWLEDGE_FACTS.to_vec())) {
        let known = evaluate(&with(&facts, which, Some(json!("known"))));
        let suspected = evaluate(&with(&facts, which, Some(json!("suspected"))));
        prop_assert_eq!(decision(&known), decision(&suspected));
    }

    /// s44(2): "(a) the adult has died, and (b) the SAB knows or suspects that the death
    /// resulted from abuse or neglect". Nothing about seriousness: with an answer of known or
    /// suspected about a death (the adult recorded died, or not recorded, so presupposed
    /// died), condition 1 is met whatever the seriousness facts say.
    #[test]
    fn the_death_resulted_from_abuse_or_neglect(
        facts in case(),
        how in select(vec![json!("known"), json!("suspected")]),
        status in prop_oneof![Just(None), Just(Some(Value::Null)), Just(Some(json!("died")))],
    ) {
        let died = with(&with(&facts, "death_from_abuse_or_neglect", Some(how)), "adult_status", status);
        let det = evaluate(&died);
        if let Some(node) = find(&det.trace, "condition_1") {
            prop_assert_eq!(node.value, Kleene::True);
        }
        let in_scope_with_concern = ["age_18_or_over", "in_board_area",
            "care_and_support_needs", "joint_working_concern"]
            .iter()
            .all(|id| is_given(&died, id, &json!(true)));
        if in_scope_with_concern {
            prop_assert_eq!(det.outcome.as_str(), "mandatory_review");
        }
        // Whatever is known of seriousness.
        let mut unserious = died.clone();
        for id in std::iter::once("serious_abuse_or_neglect").chain(SERIOUSNESS_EXAMPLES) {
            unserious.insert(id.to_string(), json!("not_suspected"));
        }
        prop_assert_eq!(decision(&det), decision(&evaluate(&unserious)));
    }

    /// s44(3)(a): condition 2 needs "the adult is still alive". For an adult who died,
    /// serious abuse or neglect (the board's judgement or the guidance's examples) never
    /// changes the outcome: condition 1 or s44(4) decide.
    #[test]
    fn the_adult_is_still_alive(
        facts in case(),
        seriousness in (answer("serious_abuse_or_neglect"),
            answer("likely_died_but_for_intervention"), answer("permanent_harm"),
            answer("reduced_capacity_or_quality_of_life")),
    ) {
        let died = with(&facts, "adult_status", Some(json!("died")));
        let (a, b, c, d) = seriousness;
        let mut other = died.clone();
        for (id, v) in ["serious_abuse_or_neglect", "likely_died_but_for_intervention",
            "permanent_harm", "reduced_capacity_or_quality_of_life"].into_iter().zip([a, b, c, d]) {
            other = with(&other, id, v);
        }
        let det = evaluate(&died);
        if let Some(node) = find(&det.trace, "condition_2") {
            prop_assert_eq!(node.value, Kleene::False);
        }
        prop_assert_eq!(decision(&det), decision(&evaluate(&other)));
    }

    /// docs/law.md, "Serious": our reading of the guidance's examples of "serious abuse or
    /// neglect": knowing or suspecting any example means condition 2(b) is met, exactly as
    /// if the board knew serious abuse or neglect; none of them being known or suspected
    /// does not make the harm not serious (the board's own judgement decides).
    #[test]
    fn serious_abuse_or_neglect_examples(
        facts in case(),
        example in select(SERIOUSNESS_EXAMPLES.to_vec()),
        how in select(vec![json!("known"), json!("suspected")]),
        judgement in prop_oneof![Just(None), Just(Some(Value::Null))],
    ) {
        // Any example known or suspected: condition 2(b) is met.
        let with_example = with(&facts, example, Some(how));
        let det = evaluate(&with_example);
        let as_if_serious =
            evaluate(&with(&with_example, "serious_abuse_or_neglect", Some(json!("known"))));
        prop_assert_eq!(decision(&det), decision(&as_if_serious));
        if let Some(node) = find(&det.trace, "serious_abuse_known_or_suspected") {
            prop_assert_eq!(node.value, Kleene::True);
        }
        let alive = is_given(&with_example, "adult_status", &json!("alive"));
        let in_scope_with_concern = ["age_18_or_over", "in_board_area",
            "care_and_support_needs", "joint_working_concern"]
            .iter()
            .all(|id| is_given(&with_example, id, &json!(true)));
        if alive && in_scope_with_concern {
            prop_assert_eq!(det.outcome.as_str(), "mandatory_review");
        }

        // No example known or suspected, the board's judgement unknown: 2(b) stays open.
        let mut none = facts.clone();
        for e in SERIOUSNESS_EXAMPLES {
            none.insert(e.to_string(), json!("not_suspected"));
        }
        let none = with(&none, "serious_abuse_or_neglect", judgement);
        let det = evaluate(&none);
        if let Some(node) = find(&det.trace, "serious_abuse_known_or_suspected") {
            prop_assert_eq!(node.value, Kleene::Unknown);
        }
        let alive = is_given(&none, "adult_status", &json!("alive"));
        let in_scope_with_concern = ["age_18_or_over", "in_board_area",
            "care_and_support_needs", "joint_working_concern"]
            .iter()
            .all(|id| is_given(&none, id, &json!(true)));
        if alive && in_scope_with_concern {
            prop_assert_eq!(
                det.possible_outcomes.clone(),
                vec!["mandatory_review".to_string(), "discretionary_review".to_string()]
            );
        }
        // And then the board's own judgement decides.
        let judged_not = evaluate(&with(&none, "serious_abuse_or_neglect", Some(json!("not_suspected"))));
        if let Some(node) = find(&judged_not.trace, "serious_abuse_known_or_suspected") {
            prop_assert_eq!(node.value, Kleene::False);
        }
    }

    /// Soundness and monotonicity: answering an unknown fact (absent or `null`) with a value
    /// some completion allows never widens the possible outcomes, and a settled outcome
    /// stays. The facts are answered one by one in a random order.
    ///
    /// A value no completion allows is left out: `adult_status` inferred `died` from an
    /// answer about the death, then answered `alive`, contradicts the presupposition (the
    /// case is then evaluated as given and may widen: docs/design.md, presuppositions).
    #[test]
    fn answering_a_fact_never_widens_the_possible_outcomes(
        facts in case(),
        answers in case(),
        order in Just(ALL_FACTS.to_vec()).prop_shuffle(),
    ) {
        let mut current = facts;
        let mut before = evaluate(&current);
        for id in order {
            let unknown = current.get(id).is_none_or(Value::is_null);
            let Some(value) = answers.get(id).filter(|v| !v.is_null()) else { continue };
            if !unknown {
                continue;
            }
            let inferred_died = id == "adult_status"
                && current.get("death_from_abuse_or_neglect").is_some_and(|v| !v.is_null());
            if inferred_died && value != &json!("died") {
                continue;
            }
            let next = with(&current, id, Some(value.clone()));
            let after = evaluate(&next);
            prop_assert!(
                after.possible_outcomes.iter().all(|o| before.possible_outcomes.contains(o)),
                "answering {} = {} widened {:?} to {:?} on {}",
                id, value, before.possible_outcomes, after.possible_outcomes,
                Value::Object(current.clone())
            );
            if before.outcome != UNDETERMINED {
                prop_assert_eq!(&after.outcome, &before.outcome);
            }
            current = next;
            before = after;
        }
    }

    /// docs/design.md, `null` and absent: `null` means asked, not known; absent means
    /// unknown. Neither is an answer, so they decide alike.
    #[test]
    fn asked_not_known_is_the_same_as_absent(facts in case(), flip in any::<u16>()) {
        // Turn each `null` into absence, and each absent fact into `null`, per a random mask.
        let mut other = facts.clone();
        for (i, id) in ALL_FACTS.iter().enumerate() {
            if flip >> i & 1 == 0 {
                continue;
            }
            match facts.get(*id) {
                None => { other.insert(id.to_string(), Value::Null); }
                Some(Value::Null) => { other.remove(*id); }
                Some(_) => {}
            }
        }
        let a = evaluate(&facts);
        let b = evaluate(&other);
        prop_assert_eq!(decision(&a), decision(&b));
        let missing = |d: &Determination| d.missing_facts.iter().map(|m| m.fact.to_string()).collect::<Vec<_>>();
        prop_assert_eq!(missing(&a), missing(&b));
        prop_assert_eq!(a.notes, b.notes);
    }

    /// docs/design.md, principle 4: the same input gives byte-identical JSON, whatever order the
    /// facts were given in and however the case was read.
    #[test]
    fn same_input_gives_byte_identical_json(facts in case(), seed in any::<u64>()) {
        let first = evaluate(&facts).to_json();
        // The facts set in another order, on a freshly loaded rule set.
        let fresh = RuleSet::embedded("care-act-2014-s44").expect("the s44 pack is embedded");
        let mut ids: Vec<&String> = facts.keys().collect();
        let len = ids.len().max(1);
        ids.rotate_left(usize::try_from(seed).unwrap_or(0) % len);
        ids.reverse();
        let mut bound = fresh.facts();
        for id in ids {
            bound.set(id, facts[id].clone()).expect("a declared value");
        }
        prop_assert_eq!(&first, &bound.evaluate().to_json());
        // The case read from JSON text.
        let text = json!({ "facts": Value::Object(facts.clone()) }).to_string();
        let read = fresh.evaluate_json(&text).expect("a valid case");
        prop_assert_eq!(&first, &read.to_json());
    }

    /// docs/design.md, semantics: a trace node whose Kleene value is true (false) holds (fails)
    /// in every completion; the exact outcome is among those the Kleene values allow; and
    /// where they leave it open though it is settled, a case split shows it (never, for s44).
    #[test]
    fn the_trace_is_sound(facts in case()) {
        let det = evaluate(&facts);
        let case = Case::from_facts(&facts);
        let completions = case.completions();
        prop_assert!(!completions.is_empty());
        for node in &det.trace {
            let checked = check_node(node, &case, &completions, &facts);
            prop_assert!(checked.is_ok(), "{}", checked.unwrap_err());
        }
        let allowed = kleene_allowed(&det.trace);
        if det.outcome == UNDETERMINED {
            for o in &det.possible_outcomes {
                prop_assert!(allowed.iter().any(|a| a == o), "{} possible but Kleene excludes it", o);
            }
            prop_assert!(det.case_split.is_none());
        } else {
            prop_assert!(allowed.iter().any(|a| *a == det.outcome),
                "outcome {} not among the Kleene-allowed {:?}", det.outcome, allowed);
            if allowed.len() > 1 {
                let split = det.case_split.as_ref();
                prop_assert!(split.is_some(), "settled but Kleene-open without a case split");
                if let Some(split) = split {
                    let checked = check_split(split, &det.outcome);
                    prop_assert!(checked.is_ok(), "{}", checked.unwrap_err());
                }
            }
            // For s44 the Kleene values always settle a settled outcome (the presupposition
            // takes care of the one case Kleene logic alone would leave open).
            prop_assert_eq!(allowed, vec![det.outcome.clone()]);
            prop_assert!(det.case_split.is_none());
        }
    }
}

/// The outcomes the trace's Kleene values allow: not false, and no earlier one true.
/// Outcomes after the last traced one (a settled trace stops at its outcome) are allowed
/// unless a traced one is true.
fn kleene_allowed(trace: &[TraceNode]) -> Vec<String> {
    let mut allowed = Vec::new();
    for (i, id) in s44().outcome_ids().enumerate() {
        let value = trace.get(i).map_or(Kleene::Unknown, |n| {
            assert_eq!(n.kind, NodeKind::Outcome);
            assert_eq!(n.id.as_deref(), Some(id));
            n.value
        });
        if value != Kleene::False {
            allowed.push(id.to_string());
        }
        if value == Kleene::True {
            break;
        }
    }
    allowed
}

fn check_split(split: &CaseSplit, outcome: &str) -> Result<(), String> {
    for branch in &split.branches {
        if branch.outcome != outcome {
            return Err(format!(
                "case split on `{}`: branch {} gives {}, not {outcome}",
                split.fact, branch.value, branch.outcome
            ));
        }
        if let Some(inner) = &branch.case_split {
            check_split(inner, outcome)?;
        }
    }
    Ok(())
}

/// Whether a fact test (`{"is"}`, `{"in"}`, `{"contains"}`, bare) holds of a value.
fn test_holds(test: Option<&Value>, value: &Value) -> bool {
    let Some(test) = test else {
        return value == &json!(true);
    };
    if let Some(v) = test.get("is") {
        value == v
    } else if let Some(Value::Array(vs)) = test.get("in") {
        vs.contains(value)
    } else if let Some(m) = test.get("contains") {
        value.as_array().is_some_and(|a| a.contains(m))
    } else {
        panic!("unexpected test {test}")
    }
}

/// What a trace node means in one completion, by this model's own functions.
fn meaning(node: &TraceNode, case: &Case, c: &Complete) -> bool {
    match node.kind {
        NodeKind::Outcome | NodeKind::Rule => {
            let id = node.id.as_deref().expect("an id");
            c.rule(id)
                .unwrap_or_else(|| panic!("rule or outcome `{id}` is not in the trace contract"))
        }
        NodeKind::All => node.children.iter().all(|k| meaning(k, case, c)),
        NodeKind::Any => node.children.iter().any(|k| meaning(k, case, c)),
        NodeKind::Not => !meaning(&node.children[0], case, c),
        NodeKind::Fact => {
            let fact = node.fact.as_deref().expect("a fact id");
            if let Some(given) = node.test.as_ref().and_then(|t| t.get("given")) {
                return Some(case.answers(fact)) == given.as_bool();
            }
            let value = c
                .fact_json(fact)
                .unwrap_or_else(|| panic!("the outcome does not turn on `{fact}`"));
            test_holds(node.test.as_deref(), &value)
        }
        NodeKind::Decision => panic!("the s44 pack imports nothing"),
    }
}

fn check_node(
    node: &TraceNode,
    case: &Case,
    completions: &[Complete],
    facts: &Facts,
) -> Result<(), String> {
    let values: Vec<bool> = if node.id.as_deref() == Some("outside_section_44") {
        // The last outcome is unconditional: its own condition is true. Read as "no earlier
        // outcome holds", a value other than true must be sound for that meaning.
        if node.value == Kleene::True {
            return Ok(());
        }
        completions
            .iter()
            .map(|c| c.outcome() == Outcome::OutsideSection44)
            .collect()
    } else {
        completions.iter().map(|c| meaning(node, case, c)).collect()
    };
    let what = || {
        format!(
            "{:?} {} on {}",
            node.kind,
            node.id.as_deref().or(node.fact.as_deref()).unwrap_or(""),
            Value::Object(facts.clone())
        )
    };
    let holds_somewhere = values.iter().any(|v| *v);
    let holds_everywhere = values.iter().all(|v| *v);
    match node.value {
        Kleene::True if !holds_everywhere => {
            return Err(format!("true but fails in some completion: {}", what()));
        }
        Kleene::False if holds_somewhere => {
            return Err(format!("false but holds in some completion: {}", what()));
        }
        // A fact leaf is unknown exactly when its fact is.
        Kleene::Unknown
            if node.kind == NodeKind::Fact && (holds_everywhere || !holds_somewhere) =>
        {
            return Err(format!(
                "a fact leaf unknown though its value is known: {}",
                what()
            ));
        }
        _ => {}
    }
    for child in &node.children {
        check_node(child, case, completions, facts)?;
    }
    Ok(())
}
