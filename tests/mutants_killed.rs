//! Tests written from mutation testing (`cargo mutants`, config in `.cargo/mutants.toml`):
//! each asserts documented behaviour that no other fast test pinned down, on small rule
//! files built here, checked against a brute force over every completion of the case.

use safeguarding_rules::{Determination, RuleSet};
use serde_json::{Value, json};

/// A rule file with one provision `p`, these facts (`[id, type, values…]` shorthand
/// expanded by `fact`), rules and outcomes.
fn rule_file(facts: Vec<Value>, rules: Vec<Value>, outcomes: Vec<Value>) -> Value {
    json!({
        "id": "mutants", "title": "t", "version": "1", "in_force_from": "2020-01-01",
        "source": {"title": "t", "url": "u"},
        "provisions": [{"id": "p", "cite": "p", "text": "p", "url": "u"}],
        "facts": facts,
        "rules": rules,
        "outcomes": outcomes,
    })
}

fn bool_fact(id: &str) -> Value {
    json!({"id": id, "type": "bool", "question": format!("{id}?"), "cites": ["p"]})
}

fn enum_fact(id: &str, values: &[&str]) -> Value {
    json!({"id": id, "type": "enum", "values": values, "question": format!("{id}?"), "cites": ["p"]})
}

fn outcome(id: &str, condition: Option<Value>) -> Value {
    let mut o = json!({"id": id, "cites": ["p"], "holds": format!("{id} holds"), "fails": format!("{id} fails")});
    if let Some(c) = condition {
        o["condition"] = c;
    }
    o
}

fn load(file: &Value) -> RuleSet {
    RuleSet::from_json(&file.to_string()).expect("the test rule file loads")
}

/// The answers each fact can take (as a case gives them), read off the rule file.
fn answers(file: &Value) -> Vec<(String, Vec<Value>)> {
    file["facts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let id = f["id"].as_str().unwrap().to_string();
            let values = match f["type"].as_str().unwrap() {
                "bool" => vec![json!(false), json!(true)],
                "enum" => f["values"].as_array().unwrap().clone(),
                other => panic!("no brute force for {other}"),
            };
            (id, values)
        })
        .collect()
}

/// Every completion of `given` (facts absent from it take each of their values).
fn completions(file: &Value, given: &[(&str, Value)]) -> Vec<Vec<(String, Value)>> {
    let mut out: Vec<Vec<(String, Value)>> = vec![Vec::new()];
    for (id, values) in answers(file) {
        let choices = match given.iter().find(|(g, _)| *g == id) {
            Some((_, v)) => vec![v.clone()],
            None => values,
        };
        let mut next = Vec::new();
        for c in &out {
            for v in &choices {
                let mut c = c.clone();
                c.push((id.clone(), v.clone()));
                next.push(c);
            }
        }
        out = next;
    }
    out
}

fn evaluate(rules: &RuleSet, given: &[(impl AsRef<str>, Value)]) -> Determination {
    let mut facts = rules.facts();
    for (id, v) in given {
        facts.set(id.as_ref(), v.clone()).unwrap();
    }
    facts.evaluate()
}

/// The outcome of a complete case.
fn outcome_of(rules: &RuleSet, complete: &[(String, Value)]) -> String {
    let det = evaluate(rules, complete);
    assert_ne!(det.outcome, "undetermined", "a complete case settles");
    det.outcome.to_string()
}

/// `MissingFact`'s contract: a fact is listed exactly when, for some way of answering the
/// other unknown facts, different answers to it give different outcomes.
fn relevant_by_brute_force(rules: &RuleSet, file: &Value, given: &[(&str, Value)]) -> Vec<String> {
    let mut out = Vec::new();
    for (id, values) in answers(file) {
        if given.iter().any(|(g, _)| *g == id) {
            continue;
        }
        let matters = completions(file, given).iter().any(|c| {
            let outcomes: Vec<String> = values
                .iter()
                .map(|v| {
                    let mut c = c.clone();
                    c.iter_mut().find(|(f, _)| *f == id).unwrap().1 = v.clone();
                    outcome_of(rules, &c)
                })
                .collect();
            outcomes.iter().any(|o| *o != outcomes[0])
        });
        if matters {
            out.push(id);
        }
    }
    out
}

fn listed(det: &Determination) -> Vec<String> {
    let mut ids: Vec<String> = det
        .missing_facts
        .iter()
        .map(|m| m.fact.to_string())
        .collect();
    ids.sort();
    ids
}

/// A fact whose effect shows only through a later fact of larger domain: with `a`
/// true, only `e = e2` changes the outcome. Listing `a` needs the comparison of the two
/// sub-decisions to try every value of `e`, not just as many as `b` has.
#[test]
fn a_fact_that_matters_only_through_the_last_value_of_a_later_enum_is_listed() {
    let file = rule_file(
        vec![
            bool_fact("a"),
            enum_fact("e", &["e0", "e1", "e2"]),
            bool_fact("b"),
        ],
        vec![],
        vec![
            outcome(
                "yes",
                Some(json!({"any": [
                    {"all": [{"fact": "a"}, {"fact": "e", "is": "e2"}]},
                    {"fact": "b"},
                ]})),
            ),
            outcome("no", None),
        ],
    );
    let rules = load(&file);
    for given in [vec![], vec![("b", json!(false))], vec![("e", json!("e2"))]] {
        let det = evaluate(&rules, &given);
        let mut expected = relevant_by_brute_force(&rules, &file, &given);
        expected.sort();
        assert_eq!(listed(&det), expected, "given {given:?}");
    }
    // Nothing known: `a` matters (a, e = e2, not b gives yes; not a, not b gives no).
    let det = evaluate(&rules, &Vec::<(&str, Value)>::new());
    assert!(listed(&det).contains(&"a".to_string()));
}

/// `RuleSet::diagram_size` is how many nodes the compiled diagram has. An outcome that
/// depends on each of `n` facts needs a node testing each of them, and the two outcomes
/// a leaf each: at least `n + 2` nodes, and never more than the documented limit.
#[test]
fn the_diagram_size_counts_a_node_for_every_fact_the_outcome_tests() {
    let n = 6;
    let ids: Vec<String> = (0..n).map(|i| format!("f{i}")).collect();
    let file = rule_file(
        ids.iter().map(|id| bool_fact(id)).collect(),
        vec![],
        vec![
            outcome(
                "all_hold",
                Some(json!({"all": ids.iter().map(|id| json!({"fact": id})).collect::<Vec<_>>()})),
            ),
            outcome("otherwise", None),
        ],
    );
    let rules = load(&file);
    let size = rules.diagram_size();
    assert!(
        size >= n + 2,
        "diagram_size {size} for {n} facts and 2 outcomes"
    );
    assert!(size <= safeguarding_rules::Limits::MAX_DIAGRAM_NODES);
    // The s44 pack: a node for each fact that is not recorded only (each is tested by an
    // outcome or a note, which share the diagram), and a leaf for each of its 3 outcomes.
    let s44 = RuleSet::embedded("care-act-2014-s44").unwrap();
    let tested = s44.doc().facts.iter().filter(|f| !f.recorded_only).count();
    assert!(s44.diagram_size() >= tested + 3);
}

/// `Facts::outcome` and `Facts::is_possible` (the fast path) give what a full
/// evaluation gives.
fn fast_path_agrees(rules: &RuleSet, given: &[(&str, Value)]) {
    let mut facts = rules.facts();
    for (id, v) in given {
        facts.set(id, v.clone()).unwrap();
    }
    let det = facts.evaluate();
    let settled = (det.outcome != "undetermined").then_some(det.outcome.as_str());
    assert_eq!(facts.outcome(), settled, "outcome() for {given:?}");
    for id in rules.outcome_ids() {
        assert_eq!(
            facts.is_possible(id),
            det.possible_outcomes.iter().any(|o| o == id),
            "is_possible({id}) for {given:?}"
        );
    }
}

/// Facts `e0..e{k-1}`, each an enum of `v` values; outcome `equal` when all are equal.
/// Its diagram needs about `v` nodes per fact: many nodes from few variables.
fn all_equal(k: usize, v: usize) -> Value {
    let values: Vec<String> = (0..v).map(|i| format!("v{i}")).collect();
    let refs: Vec<&str> = values.iter().map(String::as_str).collect();
    let pair = |i: usize| {
        json!({"any": values.iter().map(|x| json!({"all": [
            {"fact": format!("e{i}"), "is": x},
            {"fact": format!("e{}", i + 1), "is": x},
        ]})).collect::<Vec<_>>()})
    };
    rule_file(
        (0..k).map(|i| enum_fact(&format!("e{i}"), &refs)).collect(),
        vec![],
        vec![
            outcome(
                "equal",
                Some(json!({"all": (0..k - 1).map(pair).collect::<Vec<_>>()})),
            ),
            outcome("unequal", None),
        ],
    )
}

/// The fast path keeps small rule sets on the stack and large ones on the heap
/// (fast.rs); whichever it takes, it must agree with a full evaluation.
#[test]
fn the_fast_path_agrees_with_evaluation_on_rule_sets_of_every_size() {
    // The largest is kept within `Limits::MAX_MISSING_FACTS_WORK` and
    // `Limits::MAX_CASE_SPLIT_WORK` (34 facts of 32 values would not be).
    for (k, v, at_least) in [(3, 3, 0), (5, 20, 65), (48, 5, 1025)] {
        let rules = load(&all_equal(k, v));
        assert!(
            rules.diagram_size() >= at_least,
            "k {k} v {v}: {}",
            rules.diagram_size()
        );
        let last = format!("e{}", k - 1);
        let all = |x: &str| -> Vec<(String, Value)> {
            (0..k).map(|i| (format!("e{i}"), json!(x))).collect()
        };
        let cases: Vec<Vec<(String, Value)>> = vec![
            vec![],
            vec![("e0".into(), json!("v1"))],
            vec![("e0".into(), json!("v1")), (last.clone(), json!("v2"))],
            all("v1"),
            {
                let mut c = all("v1");
                c.last_mut().unwrap().1 = json!("v0");
                c
            },
            all("v2")[1..].to_vec(),
        ];
        for case in &cases {
            let given: Vec<(&str, Value)> =
                case.iter().map(|(f, x)| (f.as_str(), x.clone())).collect();
            fast_path_agrees(&rules, &given);
        }
        let mut facts = rules.facts();
        for (f, x) in all("v1") {
            facts.set(&f, x).unwrap();
        }
        assert_eq!(facts.outcome(), Some("equal"), "k {k} v {v}");
        facts.set(&last, json!("v0")).unwrap();
        assert_eq!(facts.outcome(), Some("unequal"), "k {k} v {v}");
        facts.unset(&last);
        assert_eq!(facts.outcome(), None, "k {k} v {v}");
    }
}

/// An answered fact implies the value it presupposes of a fact left unanswered, in the
/// fast path as in a full evaluation, however many facts the rule set has (fast.rs keeps
/// up to 64 facts' inferences on the stack, more on the heap).
#[test]
fn presuppositions_apply_in_the_fast_path_whatever_the_number_of_facts() {
    for filler in [0, 70] {
        let mut facts = vec![bool_fact("p"), {
            let mut q = bool_fact("q");
            q["presupposes"] = json!({"fact": "p", "is": true});
            q["recorded_only"] = json!(true);
            q
        }];
        for i in 0..filler {
            let mut f = bool_fact(&format!("r{i}"));
            f["recorded_only"] = json!(true);
            facts.push(f);
        }
        let file = rule_file(
            facts,
            vec![],
            vec![
                outcome("p_holds", Some(json!({"fact": "p"}))),
                outcome("otherwise", None),
            ],
        );
        let rules = load(&file);
        for q in [json!(true), json!(false)] {
            let given = [("q", q)];
            fast_path_agrees(&rules, &given);
            let mut facts = rules.facts();
            facts.set("q", given[0].1.clone()).unwrap();
            assert_eq!(facts.outcome(), Some("p_holds"), "{filler} filler facts");
        }
        fast_path_agrees(&rules, &[]);
        fast_path_agrees(&rules, &[("p", json!(false))]);
    }
}

fn next_question(rules: &RuleSet, given: &[(&str, Value)]) -> Option<String> {
    evaluate(rules, given)
        .next_question
        .map(|q| q.fact.to_string())
}

/// The next question is the fact whose worst answer leaves the fewest outcomes possible;
/// ties go to the smaller average over its answers, then to the rule file's order.
#[test]
fn the_next_question_minimises_the_worst_answer_then_the_average_then_file_order() {
    // o1 when b is y, or b is x and a: every answer to `a` leaves both outcomes
    // (average 2); `b` leaves 2, 1 and 1 (average 4/3). Same worst: `b` is asked.
    let b = || enum_fact("b", &["x", "y", "z"]);
    let file = rule_file(
        vec![bool_fact("a"), b()],
        vec![],
        vec![
            outcome(
                "o1",
                Some(json!({"any": [
                    {"fact": "b", "is": "y"},
                    {"all": [{"fact": "b", "is": "x"}, {"fact": "a"}]},
                ]})),
            ),
            outcome("o2", None),
        ],
    );
    let rules = load(&file);
    let det = evaluate(&rules, &Vec::<(&str, Value)>::new());
    let counts = |id: &str| -> Vec<usize> {
        det.missing_facts
            .iter()
            .find(|m| m.fact == id)
            .unwrap()
            .answers
            .as_ref()
            .unwrap()
            .iter()
            .map(|a| a.possible_outcomes.len())
            .collect()
    };
    assert_eq!(counts("a"), [2, 2]);
    assert_eq!(counts("b"), [2, 1, 1]);
    assert_eq!(next_question(&rules, &[]).as_deref(), Some("b"));

    // o1 when a, or b is z: `a` leaves 1 or 2 (average 3/2), `b` 2, 2 or 1 (average
    // 5/3). Same worst: `a`, the smaller average, is asked.
    let file = rule_file(
        vec![bool_fact("a"), b()],
        vec![],
        vec![
            outcome(
                "o1",
                Some(json!({"any": [{"fact": "a"}, {"fact": "b", "is": "z"}]})),
            ),
            outcome("o2", None),
        ],
    );
    let rules = load(&file);
    assert_eq!(next_question(&rules, &[]).as_deref(), Some("a"));

    // Symmetric facts tie on both counts: the first in the rule file is asked, then the
    // other once it is answered.
    let file = rule_file(
        vec![bool_fact("c"), bool_fact("d")],
        vec![],
        vec![
            outcome("both", Some(json!({"all": [{"fact": "c"}, {"fact": "d"}]}))),
            outcome("not_both", None),
        ],
    );
    let rules = load(&file);
    assert_eq!(next_question(&rules, &[]).as_deref(), Some("c"));
    assert_eq!(
        next_question(&rules, &[("c", json!(true))]).as_deref(),
        Some("d")
    );
    assert_eq!(next_question(&rules, &[("c", json!(false))]), None);
}

/// A missing set fact lists the outcomes of each possible answer (every subset) when it
/// has at most `Limits::MAX_SET_ANSWERS_LISTED` members, and no answers when it has more.
#[test]
fn a_missing_set_fact_lists_every_subset_up_to_the_limit() {
    let max = safeguarding_rules::Limits::MAX_SET_ANSWERS_LISTED;
    for members in [max, max + 1] {
        let names: Vec<String> = (0..members).map(|i| format!("m{i}")).collect();
        let last = names.last().unwrap().clone();
        let file = rule_file(
            vec![
                json!({"id": "s", "type": "set", "values": names, "question": "s?", "cites": ["p"]}),
            ],
            vec![],
            vec![
                outcome("has_last", Some(json!({"fact": "s", "contains": last}))),
                outcome("otherwise", None),
            ],
        );
        let rules = load(&file);
        let det = evaluate(&rules, &Vec::<(&str, Value)>::new());
        let [m] = det.missing_facts.as_slice() else {
            panic!("one missing fact: {:?}", det.missing_facts);
        };
        assert_eq!(m.fact, "s");
        if members > max {
            assert!(m.answers.is_none(), "{members} members: no answers listed");
            continue;
        }
        let answers = m.answers.as_ref().expect("answers listed");
        assert_eq!(
            answers.len(),
            1 << members,
            "every subset of {members} members"
        );
        for a in answers {
            let value = a.value.as_ref().expect("a set fact's answers are values");
            let has_last = value.as_array().unwrap().contains(&json!(last));
            let expected = if has_last { "has_last" } else { "otherwise" };
            assert_eq!(a.possible_outcomes, [expected], "answer {value}");
            // The fast path reads set members as a full evaluation does.
            fast_path_agrees(&rules, &[("s", value.clone().into())]);
        }
    }
}

// ---------------------------------------------------------------------------------------
// Counterfactuals (`Options::with_counterfactuals`): "the smallest sets of changes to the
// facts given that would settle a different outcome": single changes, then pairs of
// changes to two facts where neither change alone settles that outcome. A change is
// another value of a scalar fact, or one member added to or removed from a set.

fn counterfactual_file() -> Value {
    let fact = |id: &str, ty: &str, values: Option<&[&str]>, cite: &str| {
        let mut f = json!({"id": id, "type": ty, "question": format!("{id}?"), "cites": [cite]});
        if let Some(v) = values {
            f["values"] = json!(v);
        }
        f
    };
    let mut recorded = fact("r", "bool", None, "pr");
    recorded["recorded_only"] = json!(true);
    let provisions: Vec<Value> = ["pa", "pb", "pe", "ps", "pr", "p1", "p2", "p3"]
        .iter()
        .map(|id| json!({"id": id, "cite": id, "text": id, "url": "u"}))
        .collect();
    json!({
        "id": "counterfactuals", "title": "t", "version": "1", "in_force_from": "2020-01-01",
        "source": {"title": "t", "url": "u"},
        "provisions": provisions,
        "facts": [
            fact("a", "bool", None, "pa"),
            fact("b", "bool", None, "pb"),
            fact("e", "enum", Some(&["x", "y", "z"]), "pe"),
            fact("s", "set", Some(&["m0", "m1"]), "ps"),
            recorded,
        ],
        "outcomes": [
            {"id": "o1", "cites": ["p1"], "holds": "o1", "fails": "not o1",
             "condition": {"all": [{"fact": "a"}, {"fact": "b"}]}},
            {"id": "o2", "cites": ["p2", "pa"], "holds": "o2", "fails": "not o2",
             "condition": {"any": [{"fact": "e", "is": "z"}, {"fact": "s", "contains": "m1"}]}},
            {"id": "o3", "cites": ["p3"], "holds": "otherwise"},
        ],
    })
}

/// Every other answer to a fact, as the counterfactual contract defines a change.
fn changes_of(file: &Value, id: &str, given: &Value) -> Vec<Value> {
    let f = file["facts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == id)
        .unwrap();
    match f["type"].as_str().unwrap() {
        "bool" => vec![json!(!given.as_bool().unwrap())],
        "enum" => f["values"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|v| *v != given)
            .cloned()
            .collect(),
        "set" => {
            let members = f["values"].as_array().unwrap();
            let has = given.as_array().unwrap();
            members
                .iter()
                .map(|m| {
                    let toggled: Vec<Value> = members
                        .iter()
                        .filter(|x| (has.contains(x)) != (*x == m))
                        .cloned()
                        .collect();
                    json!(toggled)
                })
                .collect()
        }
        other => panic!("{other}"),
    }
}

/// A counterfactual as `(changes as (fact, from, to), outcome)`.
type Found = (Vec<(String, Value, Value)>, String);

/// The counterfactuals by brute force, singles then pairs.
fn counterfactuals_by_brute_force(
    rules: &RuleSet,
    file: &Value,
    given: &[(&str, Value)],
) -> Vec<Found> {
    let current = evaluate(rules, given).outcome;
    let settles = |changes: &[(&str, Value)]| -> Option<String> {
        let mut case: Vec<(&str, Value)> = given.to_vec();
        for (f, v) in changes {
            case.iter_mut().find(|(g, _)| g == f).unwrap().1 = v.clone();
        }
        let det = evaluate(rules, &case);
        (det.outcome != "undetermined" && det.outcome != current).then_some(det.outcome.to_string())
    };
    let recorded_only = |id: &str| {
        file["facts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["id"] == id && f["recorded_only"] == true)
    };
    let edits: Vec<(&str, Value, Value)> = given
        .iter()
        .filter(|(f, v)| !recorded_only(f) && !v.is_null())
        .flat_map(|(f, v)| {
            changes_of(file, f, v)
                .into_iter()
                .map(|to| (*f, v.clone(), to))
        })
        .collect();
    let mut out = Vec::new();
    for (f, from, to) in &edits {
        if let Some(o) = settles(&[(f, to.clone())]) {
            out.push((vec![(f.to_string(), from.clone(), to.clone())], o));
        }
    }
    for (i, (f, from, to)) in edits.iter().enumerate() {
        for (g, gfrom, gto) in &edits[i + 1..] {
            if f == g {
                continue;
            }
            let Some(o) = settles(&[(f, to.clone()), (g, gto.clone())]) else {
                continue;
            };
            let alone = |h: &str, v: &Value| settles(&[(h, v.clone())]).as_deref() == Some(&o);
            if !alone(f, to) && !alone(g, gto) {
                out.push((
                    vec![
                        (f.to_string(), from.clone(), to.clone()),
                        (g.to_string(), gfrom.clone(), gto.clone()),
                    ],
                    o,
                ));
            }
        }
    }
    out
}

fn with_counterfactuals(rules: &RuleSet, given: &[(&str, Value)]) -> Determination {
    let mut facts = rules.facts();
    for (id, v) in given {
        facts.set(id, v.clone()).unwrap();
    }
    facts.evaluate_with(safeguarding_rules::Options::default().with_counterfactuals(true))
}

#[test]
fn counterfactuals_are_exactly_the_smallest_changes_that_settle_another_outcome() {
    let file = counterfactual_file();
    let rules = load(&file);
    let cases: Vec<Vec<(&str, Value)>> = vec![
        // o1; a or b alone gives o3; e = z or m1 with a or b changed gives o2.
        vec![
            ("a", json!(true)),
            ("b", json!(true)),
            ("e", json!("x")),
            ("s", json!(["m0"])),
            ("r", json!(true)),
        ],
        // o2, through m1 alone: removing it gives o3; e = z then keeps o2.
        vec![
            ("a", json!(false)),
            ("b", json!(true)),
            ("e", json!("y")),
            ("s", json!(["m1"])),
            ("r", json!(false)),
        ],
        // o3; `b` unknown is not changed, `a` is; `s` answered with no members.
        vec![("a", json!(false)), ("e", json!("x")), ("s", json!([]))],
        // o2 both ways: only a pair removes it.
        vec![
            ("a", json!(false)),
            ("b", json!(false)),
            ("e", json!("z")),
            ("s", json!(["m0", "m1"])),
        ],
    ];
    for given in &cases {
        let det = with_counterfactuals(&rules, given);
        assert_ne!(det.outcome, "undetermined", "{given:?}");
        let found: Vec<Found> = det
            .counterfactuals
            .as_ref()
            .expect("asked for and settled")
            .iter()
            .map(|c| {
                (
                    c.changes
                        .iter()
                        .map(|ch| (ch.fact.to_string(), ch.from.clone(), ch.to.clone()))
                        .collect(),
                    c.outcome.to_string(),
                )
            })
            .collect();
        let expected = counterfactuals_by_brute_force(&rules, &file, given);
        let sorted = |mut v: Vec<Found>| {
            v.sort_by_key(|x| format!("{x:?}"));
            v
        };
        assert_eq!(sorted(found.clone()), sorted(expected), "{given:?}");
        // Single changes come before pairs.
        let sizes: Vec<usize> = found.iter().map(|(c, _)| c.len()).collect();
        assert!(sizes.windows(2).all(|w| w[0] <= w[1]), "{sizes:?}");
        assert!(
            found
                .iter()
                .all(|(c, _)| c.iter().all(|(f, _, _)| f != "r")),
            "recorded-only `r` is never changed"
        );
        // Each cites its changed facts' provisions and the outcome's, once each.
        for c in det.counterfactuals.as_ref().unwrap() {
            let mut expected: Vec<String> = Vec::new();
            for ch in &c.changes {
                expected.push(format!("p{}", ch.fact));
            }
            let outcome_cites: &[&str] = match c.outcome.as_str() {
                "o1" => &["p1"],
                "o2" => &["p2", "pa"],
                _ => &["p3"],
            };
            for p in outcome_cites {
                if !expected.iter().any(|e| e == p) {
                    expected.push(p.to_string());
                }
            }
            assert_eq!(*c.cites, expected, "{c:?}");
            assert!(
                c.cites.iter().all(|p| det.provisions.contains_key(p)),
                "cited provisions are quoted"
            );
        }
    }
    // The first case: both single changes and pairs.
    let det = with_counterfactuals(&rules, &cases[0]);
    let cf = det.counterfactuals.unwrap();
    assert!(cf.iter().any(|c| c.changes.len() == 1));
    assert!(cf.iter().any(|c| c.changes.len() == 2 && c.outcome == "o2"));
}

#[test]
fn counterfactuals_only_when_asked_for_and_settled() {
    let rules = load(&counterfactual_file());
    let settled = [("a", json!(true)), ("b", json!(true))];
    assert_eq!(
        evaluate(&rules, &settled).counterfactuals,
        None,
        "not asked for"
    );
    assert!(
        with_counterfactuals(&rules, &settled)
            .counterfactuals
            .is_some()
    );
    let open = [("a", json!(true))];
    let det = with_counterfactuals(&rules, &open);
    assert_eq!(det.outcome, "undetermined");
    assert_eq!(det.counterfactuals, None, "undetermined: nothing to change");
}

/// A small deterministic generator, so that the cases are the same on every run.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n as u64) as usize
    }
}

/// Every embedded pack (the s44 pack, the local packs that import it, and the think-family
/// packs with their ages and dates), on many partial
/// cases: each fact absent, `null` or answered at random. The fast path applies
/// presuppositions, `given` tests, set members and imports as a full evaluation does.
#[test]
fn the_fast_path_agrees_with_evaluation_on_every_embedded_pack() {
    use safeguarding_rules::FactType;
    let mut rng = Lcg(44);
    for text in safeguarding_rules::embedded_rule_files() {
        let id = serde_json::from_str::<Value>(text).unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string();
        let rules = RuleSet::embedded(&id).expect("an embedded pack");
        let facts: Vec<_> = rules
            .fact_ids()
            .map(|f| rules.fact(f).expect("a declared fact").clone())
            .collect();
        let mut settled = 0;
        for _ in 0..300 {
            let mut given: Vec<(&str, Value)> = Vec::new();
            for f in &facts {
                let value = match rng.below(10) {
                    0..=3 => continue,
                    4 => Value::Null,
                    _ => match f.kind {
                        FactType::Bool => json!(rng.below(2) == 1),
                        FactType::Enum => json!(f.values[rng.below(f.values.len())]),
                        FactType::Knowledge => {
                            json!(["known", "suspected", "not_suspected"][rng.below(3)])
                        }
                        FactType::Set => json!(
                            f.values
                                .iter()
                                .filter(|_| rng.below(3) == 0)
                                .collect::<Vec<_>>()
                        ),
                        // Numbers and dates: either bound, or a value beside the
                        // thresholds the think-family packs test (16, 18, 29 June 2018).
                        FactType::Integer => {
                            json!([0, 15, 16, 17, 18, 40, 130][rng.below(7)])
                        }
                        FactType::Date => json!(
                            ["1900-01-01", "2018-06-28", "2018-06-29", "2024-03-15"][rng.below(4)]
                        ),
                    },
                };
                given.push((f.id.as_str(), value));
            }
            fast_path_agrees(&rules, &given);
            settled += usize::from(evaluate(&rules, &given).outcome != "undetermined");
        }
        assert!(settled > 0, "{id}: some random cases settle");
    }
}

/// A decision test `{"decision": import, "possible": outcome}` holds exactly when that
/// outcome is among the imported determination's possible outcomes, for every outcome
/// of the import, not just its first.
#[test]
fn a_possible_decision_test_reads_every_outcome_of_the_import() {
    let possible = |o: &str| json!({"decision": "s44", "possible": o});
    let file = json!({
        "id": "local", "title": "t", "version": "1", "in_force_from": "2020-01-01",
        "source": {"title": "t", "url": "u"},
        "imports": [{"name": "s44", "rule_set": "care-act-2014-s44", "cites": ["p"]}],
        "provisions": [{"id": "p", "cite": "p", "text": "p", "url": "u"}],
        "facts": [],
        "outcomes": [
            outcome("discretionary_possible", Some(possible("discretionary_review"))),
            outcome("outside_possible", Some(possible("outside_section_44"))),
            outcome("only_mandatory", None),
        ],
    });
    let rules = load(&file);
    let in_scope = [
        ("age_18_or_over", json!(true)),
        ("in_board_area", json!(true)),
        ("care_and_support_needs", json!(true)),
    ];
    let mandatory: Vec<(&str, Value)> = in_scope
        .iter()
        .cloned()
        .chain([
            ("joint_working_concern", json!(true)),
            ("adult_status", json!("died")),
            ("death_from_abuse_or_neglect", json!("known")),
        ])
        .collect();
    let discretionary: Vec<(&str, Value)> = in_scope
        .iter()
        .cloned()
        .chain([("joint_working_concern", json!(false))])
        .collect();
    let cases: [(Vec<(&str, Value)>, &str); 4] = [
        (vec![], "discretionary_possible"),
        (vec![("in_board_area", json!(false))], "outside_possible"),
        (discretionary, "discretionary_possible"),
        (mandatory, "only_mandatory"),
    ];
    let s44 = RuleSet::embedded("care-act-2014-s44").unwrap();
    for (given, expected) in &cases {
        let imported = evaluate(&s44, given).possible_outcomes;
        let det = evaluate(&rules, given);
        assert_eq!(det.outcome, *expected, "{given:?}: s44 leaves {imported:?}");
        fast_path_agrees(&rules, given);
    }
}

/// A fact that presupposes another is asked only once its presupposition is known to
/// hold: its question makes no sense before.
#[test]
fn a_presupposing_question_is_asked_only_once_its_presupposition_holds() {
    let mut q = bool_fact("q");
    q["presupposes"] = json!({"fact": "p", "is": true});
    let file = rule_file(
        vec![bool_fact("p"), q],
        vec![],
        vec![
            outcome("both", Some(json!({"all": [{"fact": "p"}, {"fact": "q"}]}))),
            outcome("not_both", None),
        ],
    );
    let rules = load(&file);
    // Both matter, but `q` makes no sense until `p` is known to be true.
    assert_eq!(
        listed(&evaluate(&rules, &[] as &[(&str, Value)])),
        ["p", "q"]
    );
    assert_eq!(next_question(&rules, &[]).as_deref(), Some("p"));
    assert_eq!(
        next_question(&rules, &[("p", json!(true))]).as_deref(),
        Some("q")
    );
    assert_eq!(next_question(&rules, &[("p", json!(false))]), None);
    // In the s44 pack: whether the death resulted from abuse or neglect is asked only of
    // an adult who has died.
    let s44 = RuleSet::embedded("care-act-2014-s44").unwrap();
    let mut given = vec![
        ("age_18_or_over", json!(true)),
        ("in_board_area", json!(true)),
        ("care_and_support_needs", json!(true)),
        ("joint_working_concern", json!(true)),
    ];
    assert_ne!(
        next_question(&s44, &given).as_deref(),
        Some("death_from_abuse_or_neglect")
    );
    given.push(("adult_status", json!("died")));
    assert_eq!(
        next_question(&s44, &given).as_deref(),
        Some("death_from_abuse_or_neglect")
    );
}

/// Missing facts whose answer can settle the outcome on its own come first, then the
/// rest, each group in the rule file's order.
#[test]
fn missing_facts_that_can_settle_the_outcome_alone_come_first() {
    // o1 when c is y, or c is x and a and b. No answer to `a` or `b` settles the outcome
    // alone; c = y or c = z does.
    let file = rule_file(
        vec![
            bool_fact("a"),
            enum_fact("c", &["x", "y", "z"]),
            bool_fact("b"),
        ],
        vec![],
        vec![
            outcome(
                "o1",
                Some(json!({"any": [
                    {"fact": "c", "is": "y"},
                    {"all": [{"fact": "c", "is": "x"}, {"fact": "a"}, {"fact": "b"}]},
                ]})),
            ),
            outcome("o2", None),
        ],
    );
    let rules = load(&file);
    let det = evaluate(&rules, &[] as &[(&str, Value)]);
    let order: Vec<&str> = det.missing_facts.iter().map(|m| m.fact.as_str()).collect();
    assert_eq!(order, ["c", "a", "b"]);
    // Once c is x, `a` and `b` can each settle it (false gives o2): file order.
    let det = evaluate(&rules, &[("c", json!("x"))]);
    let order: Vec<&str> = det.missing_facts.iter().map(|m| m.fact.as_str()).collect();
    assert_eq!(order, ["a", "b"]);
}

// ---------------------------------------------------------------------------------------
// Case splits: "when the outcome is settled but the Kleene values leave it open: the cases
// that settle it"; a branch has "a further split, where this branch still leaves the
// Kleene values open"; at most `Limits::MAX_CASE_SPLIT_BRANCHES` (16) branches are shown,
// beyond which a branch keeps its own trace.

use safeguarding_rules::{CaseSplit, Kleene, TraceNode};

/// Whether a trace's Kleene values settle `outcome`: every earlier outcome false, it true.
fn kleene_settles(trace: &[TraceNode], outcome: &str) -> bool {
    for node in trace {
        if node.id.as_deref() == Some(outcome) {
            return node.value == Kleene::True;
        }
        if node.value != Kleene::False {
            return false;
        }
    }
    false
}

fn branch_count(split: &CaseSplit) -> usize {
    split
        .branches
        .iter()
        .map(|b| 1 + b.case_split.as_deref().map_or(0, branch_count))
        .sum()
}

/// Every branch gives the outcome, and splits further exactly where its own Kleene values
/// leave the outcome open (`complete`: within the branch budget, so none is left open).
fn check_branches(split: &CaseSplit, outcome: &str, complete: bool) {
    for b in &split.branches {
        assert_eq!(b.outcome, outcome);
        let settles = kleene_settles(&b.trace, outcome);
        match &b.case_split {
            Some(inner) => {
                assert!(
                    !settles,
                    "{} = {}: split though settled",
                    split.fact, b.value
                );
                check_branches(inner, outcome, complete);
            }
            None => assert!(
                settles || !complete,
                "{} = {}: left open",
                split.fact,
                b.value
            ),
        }
    }
}

fn find_fact<'a>(nodes: &'a [TraceNode], fact: &str) -> Option<&'a TraceNode> {
    nodes.iter().find_map(|n| {
        if n.fact.as_deref() == Some(fact) {
            Some(n)
        } else {
            find_fact(&n.children, fact)
        }
    })
}

#[test]
fn a_case_split_splits_a_branch_only_where_its_kleene_values_leave_the_outcome_open() {
    // With x true, o1 holds whatever y and z are, but Kleene logic leaves it open.
    // Splitting on y settles both branches; z needs no further split.
    let file = rule_file(
        vec![bool_fact("x"), bool_fact("y"), bool_fact("z")],
        vec![],
        vec![
            outcome(
                "o1",
                Some(json!({"any": [
                    {"all": [{"fact": "x"}, {"fact": "y"}]},
                    {"all": [{"fact": "x"}, {"not": {"fact": "y"}}]},
                    {"fact": "z"},
                ]})),
            ),
            outcome("o2", None),
        ],
    );
    let rules = load(&file);
    let det = evaluate(&rules, &[("x", json!(true))]);
    assert_eq!(det.outcome, "o1");
    assert!(!kleene_settles(&det.trace, "o1"));
    let split = det.case_split.as_ref().expect("a case split");
    assert_eq!(split.fact, "y");
    check_branches(split, "o1", true);
    assert!(split.branches.iter().all(|b| b.case_split.is_none()));

    // Nested: b true settles; b false still turns on c, which is split in turn.
    let file = rule_file(
        vec![bool_fact("a"), bool_fact("b"), bool_fact("c")],
        vec![],
        vec![
            outcome(
                "o1",
                Some(json!({"any": [
                    {"all": [{"fact": "a"}, {"fact": "b"}]},
                    {"all": [{"fact": "a"}, {"not": {"fact": "b"}}, {"fact": "c"}]},
                    {"all": [{"fact": "a"}, {"not": {"fact": "b"}}, {"not": {"fact": "c"}}]},
                ]})),
            ),
            outcome("o2", None),
        ],
    );
    let rules = load(&file);
    let det = evaluate(&rules, &[("a", json!(true))]);
    let split = det.case_split.as_ref().expect("a case split");
    check_branches(split, "o1", true);
    assert_eq!(branch_count(split), 4, "b, then c under b = false");
}

#[test]
fn a_case_split_on_a_set_member_names_the_member_and_assumes_each_presence() {
    // o1 when x, whether or not s contains m0; Kleene logic leaves it open.
    let file = rule_file(
        vec![
            bool_fact("x"),
            json!({"id": "s", "type": "set", "values": ["m0", "m1"], "question": "s?", "cites": ["p"]}),
        ],
        vec![],
        vec![
            outcome(
                "o1",
                Some(json!({"any": [
                    {"all": [{"fact": "x"}, {"fact": "s", "contains": "m0"}]},
                    {"all": [{"fact": "x"}, {"not": {"fact": "s", "contains": "m0"}}]},
                ]})),
            ),
            outcome("o2", None),
        ],
    );
    let rules = load(&file);
    let det = evaluate(&rules, &[("x", json!(true))]);
    let split = det.case_split.as_ref().expect("a case split");
    assert_eq!(split.fact, "s");
    assert_eq!(split.member.as_deref(), Some("m0"));
    let values: Vec<&Value> = split.branches.iter().map(|b| b.value.value()).collect();
    assert_eq!(values, [&json!(false), &json!(true)]);
    for b in &split.branches {
        // In the branch assuming m0 present, the test "s contains m0" is true.
        let test = find_fact(&b.trace, "s").expect("the set test in the trace");
        assert_eq!(
            test.value,
            Kleene::from_bool(b.value == json!(true)),
            "{}",
            b.value
        );
    }
    check_branches(split, "o1", true);
}

#[test]
fn a_case_split_shows_at_most_sixteen_branches_and_uses_them() {
    let max = safeguarding_rules::Limits::MAX_CASE_SPLIT_BRANCHES;
    assert_eq!(max, 16);
    // With g true, o1 holds whatever h and e are. Splitting on h first (2 branches)
    // leaves each branch open on e, a 14-way split: the first fits (2 + 14 = 16 shown),
    // the second would not, and keeps its own trace.
    let values: Vec<String> = (0..max - 2).map(|i| format!("v{i}")).collect();
    let refs: Vec<&str> = values.iter().map(String::as_str).collect();
    let file = rule_file(
        vec![bool_fact("g"), bool_fact("h"), enum_fact("e", &refs)],
        vec![],
        vec![
            outcome(
                "o1",
                Some(json!({"all": [
                    {"fact": "g"},
                    {"any": [{"fact": "h"}, {"not": {"fact": "h"}}]},
                    {"any": values.iter().map(|v| json!({"fact": "e", "is": v})).collect::<Vec<_>>()},
                ]})),
            ),
            outcome("o2", None),
        ],
    );
    let rules = load(&file);
    let det = evaluate(&rules, &[("g", json!(true))]);
    assert_eq!(det.outcome, "o1");
    let split = det.case_split.as_ref().expect("a case split");
    assert_eq!(split.fact, "h");
    check_branches(split, "o1", false);
    let shown = branch_count(split);
    assert!(shown <= max, "{shown} branches shown");
    assert_eq!(shown, max, "the budget allows one 14-way split under h");
    let nested: Vec<usize> = split
        .branches
        .iter()
        .filter_map(|b| b.case_split.as_deref().map(|s| s.branches.len()))
        .collect();
    assert_eq!(nested, [max - 2]);
}
