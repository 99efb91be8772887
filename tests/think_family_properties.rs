//! Properties of the think-family packs, each named after the words of the statute it
//! checks (Children Act 2004 s16C(1) and s16M(1), (2); Domestic Violence, Crime and
//! Victims Act 2004 s9(1), as `docs/law.md` quotes them). Each runs the engine on the
//! embedded pack over every combination of the facts it varies.

use safeguarding_rules::RuleSet;
use serde_json::{Map, Value, json};

const S16C: &str = "children-act-2004-s16C";
const S16M: &str = "children-act-2004-s16M";
const S9: &str = "dvcva-2004-s9";

fn pack(id: &str) -> RuleSet {
    let text = safeguarding_rules::embedded_rule_files()
        .iter()
        .find(|t| serde_json::from_str::<Value>(t).is_ok_and(|v| v["id"] == id))
        .unwrap_or_else(|| panic!("the pack `{id}` is embedded"));
    RuleSet::from_json(text).unwrap_or_else(|e| panic!("the pack `{id}` does not load: {e}"))
}

/// The outcome, possible outcomes and notes of `facts` under `rules`.
fn eval(rules: &RuleSet, facts: &Map<String, Value>) -> (String, Vec<String>, Vec<String>) {
    let mut f = rules.facts();
    for (id, v) in facts {
        f.set(id, v.clone()).expect("a declared value");
    }
    let det = f.evaluate();
    (
        det.outcome.to_string(),
        det.possible_outcomes
            .iter()
            .map(|o| o.to_string())
            .collect(),
        det.notes.iter().map(|n| n.id.to_string()).collect(),
    )
}

fn obj(v: Value) -> Map<String, Value> {
    v.as_object().cloned().expect("an object")
}

/// `base` with `id` set to `value` (`None`: removed).
fn with(base: &Map<String, Value>, id: &str, value: Option<Value>) -> Map<String, Value> {
    let mut m = base.clone();
    match value {
        Some(v) => m.insert(id.to_string(), v),
        None => m.remove(id),
    };
    m
}

/// A child seriously harmed in the area, abuse suspected, after 29 June 2018: s16C(1)(a).
fn child_harmed_in_area() -> Map<String, Value> {
    obj(json!({"age": 12, "died": false, "seriously_harmed": true,
        "abuse_or_neglect_of_child": "suspected", "date_of_death_or_harm": "2025-02-10",
        "normally_resident_in_area": true, "place_of_death_or_harm": "in_area"}))
}

/// A resident child who died in the area after 29 June 2018: s16M(1).
fn resident_child_died() -> Map<String, Value> {
    obj(
        json!({"age": 6, "died": true, "date_of_death_or_harm": "2023-08-02",
        "normally_resident_in_area": true, "place_of_death_or_harm": "in_area"}),
    )
}

/// A woman of 34 killed by her partner: s9(1).
fn killed_by_partner() -> Map<String, Value> {
    obj(
        json!({"age": 34, "died": true, "death_from_violence_abuse_or_neglect": "known",
        "person_responsible_was": ["intimate_partner"]}),
    )
}

/// Every bool answer: absent, `null`, true, false.
fn bool_answers() -> [Option<Value>; 4] {
    [
        None,
        Some(Value::Null),
        Some(json!(true)),
        Some(json!(false)),
    ]
}

// ---- Children Act 2004 s16C(1) ----

/// "knows or suspects that a child has been abused or neglected ... if (a) the child dies
/// or is seriously harmed": the abuse or neglect and the death or harm are two conditions;
/// nothing asks whether one caused the other, nor whether the abuse was serious.
#[test]
fn no_causal_link_is_needed() {
    let rules = pack(S16C);
    let ids: Vec<&str> = rules.fact_ids().collect();
    assert_eq!(
        ids,
        [
            "age",
            "died",
            "seriously_harmed",
            "abuse_or_neglect_of_child",
            "date_of_death_or_harm",
            "place_of_death_or_harm",
            "normally_resident_in_area",
            "looked_after_child"
        ]
    );
    // A child who died of an illness, not seriously harmed, while neglect was suspected.
    let mut checked = 0;
    for knowledge in ["known", "suspected"] {
        for (died, harmed) in [(true, false), (false, true), (true, true)] {
            let case = with(
                &with(
                    &with(&child_harmed_in_area(), "died", Some(json!(died))),
                    "seriously_harmed",
                    Some(json!(harmed)),
                ),
                "abuse_or_neglect_of_child",
                Some(json!(knowledge)),
            );
            assert_eq!(eval(&rules, &case).0, "notify_panel", "{case:?}");
            checked += 1;
        }
    }
    assert_eq!(checked, 6);
}

/// "the child dies or is seriously harmed": either is enough; neither, no duty.
#[test]
fn the_child_dies_or_is_seriously_harmed() {
    let rules = pack(S16C);
    for died in bool_answers() {
        for harmed in bool_answers() {
            let case = with(
                &with(&child_harmed_in_area(), "died", died.clone()),
                "seriously_harmed",
                harmed.clone(),
            );
            let outcome = eval(&rules, &case).0;
            let yes = |v: &Option<Value>| v == &Some(json!(true));
            let no = |v: &Option<Value>| v == &Some(json!(false));
            let expected = if yes(&died) || yes(&harmed) {
                "notify_panel"
            } else if no(&died) && no(&harmed) {
                "no_duty_to_notify"
            } else {
                "undetermined"
            };
            assert_eq!(
                outcome, expected,
                "died {died:?}, seriously harmed {harmed:?}"
            );
        }
    }
}

/// "knows or suspects that a child has been abused or neglected".
#[test]
fn knows_or_suspects_that_a_child_has_been_abused_or_neglected() {
    let rules = pack(S16C);
    for (knowledge, expected) in [
        ("known", "notify_panel"),
        ("suspected", "notify_panel"),
        ("not_suspected", "no_duty_to_notify"),
    ] {
        let case = with(
            &child_harmed_in_area(),
            "abuse_or_neglect_of_child",
            Some(json!(knowledge)),
        );
        assert_eq!(eval(&rules, &case).0, expected, "{knowledge}");
    }
}

/// "(a) the child dies or is seriously harmed in the local authority's area": wherever
/// the child normally lives.
#[test]
fn in_the_local_authoritys_area() {
    let rules = pack(S16C);
    for resident in bool_answers() {
        let case = with(
            &child_harmed_in_area(),
            "normally_resident_in_area",
            resident.clone(),
        );
        assert_eq!(
            eval(&rules, &case).0,
            "notify_panel",
            "resident {resident:?}"
        );
    }
}

/// "(b) while normally resident in the local authority's area, the child dies or is
/// seriously harmed outside England": outside England needs residence; elsewhere in
/// England is neither (a) nor (b), and a note says whose duty it is.
#[test]
fn or_while_normally_resident_outside_england() {
    let rules = pack(S16C);
    for resident in bool_answers() {
        let base = with(
            &child_harmed_in_area(),
            "normally_resident_in_area",
            resident.clone(),
        );
        let abroad = with(
            &base,
            "place_of_death_or_harm",
            Some(json!("outside_england")),
        );
        let expected = match &resident {
            Some(Value::Bool(true)) => "notify_panel",
            Some(Value::Bool(false)) => "no_duty_to_notify",
            _ => "undetermined",
        };
        assert_eq!(eval(&rules, &abroad).0, expected, "resident {resident:?}");
        let elsewhere = with(
            &base,
            "place_of_death_or_harm",
            Some(json!("elsewhere_in_england")),
        );
        let (outcome, _, notes) = eval(&rules, &elsewhere);
        assert_eq!(outcome, "no_duty_to_notify", "resident {resident:?}");
        assert_eq!(notes, ["harmed_elsewhere_in_england"]);
    }
}

/// "a child": a person under 18 (a gloss), at every age from 0 to 130.
#[test]
fn a_child_is_a_person_under_18() {
    let rules = pack(S16C);
    for age in 0..=130 {
        let case = with(&child_harmed_in_area(), "age", Some(json!(age)));
        let expected = if age < 18 {
            "notify_panel"
        } else {
            "no_duty_to_notify"
        };
        assert_eq!(eval(&rules, &case).0, expected, "age {age}");
    }
}

/// In force from 29 June 2018: before it, no duty under s16C and a note that the earlier
/// scheme applied. Every day of June and July 2018, and a day in other years.
#[test]
fn from_29_june_2018() {
    let rules = pack(S16C);
    let mut dates: Vec<String> = (1..=30)
        .map(|d| format!("2018-06-{d:02}"))
        .chain((1..=31).map(|d| format!("2018-07-{d:02}")))
        .collect();
    dates.extend(
        [
            "1900-01-01",
            "2004-11-15",
            "2017-12-31",
            "2019-01-01",
            "9999-12-31",
        ]
        .map(String::from),
    );
    for date in dates {
        let case = with(
            &child_harmed_in_area(),
            "date_of_death_or_harm",
            Some(json!(date)),
        );
        let (outcome, _, notes) = eval(&rules, &case);
        if date.as_str() >= "2018-06-29" {
            assert_eq!(outcome, "notify_panel", "{date}");
            assert_eq!(notes, ["notify_within_5_working_days"], "{date}");
        } else {
            assert_eq!(outcome, "no_duty_to_notify", "{date}");
            assert_eq!(notes, ["before_commencement"], "{date}");
        }
    }
}

/// The looked-after child's death rests on the guidance, not on s16C(1): it raises a note
/// and never changes what the pack decides.
#[test]
fn looked_after_status_never_changes_the_outcome() {
    let rules = pack(S16C);
    let mut checked = 0;
    for died in bool_answers() {
        for knowledge in [None, Some(json!("known")), Some(json!("not_suspected"))] {
            for place in [
                None,
                Some(json!("in_area")),
                Some(json!("elsewhere_in_england")),
            ] {
                let base = with(
                    &with(
                        &with(&child_harmed_in_area(), "died", died.clone()),
                        "abuse_or_neglect_of_child",
                        knowledge.clone(),
                    ),
                    "place_of_death_or_harm",
                    place.clone(),
                );
                let (outcome, possible, _) = eval(&rules, &base);
                for looked_after in bool_answers() {
                    let case = with(&base, "looked_after_child", looked_after.clone());
                    let (o, p, notes) = eval(&rules, &case);
                    assert_eq!((&o, &p), (&outcome, &possible), "{case:?}");
                    let raised = notes.iter().any(|n| n == "looked_after_child_died");
                    assert_eq!(
                        raised,
                        looked_after == Some(json!(true)) && died == Some(json!(true)),
                        "{case:?}"
                    );
                    checked += 1;
                }
            }
        }
    }
    assert_eq!(checked, 4 * 3 * 3 * 4);
}

// ---- Children Act 2004 s16M(1) and (2) ----

/// s16M(1): "each death of a child normally resident in the area", wherever the child
/// died.
#[test]
fn each_death_of_a_child_normally_resident() {
    let rules = pack(S16M);
    for place in [
        None,
        Some(Value::Null),
        Some(json!("in_area")),
        Some(json!("elsewhere_in_england")),
        Some(json!("outside_england")),
    ] {
        let case = with(
            &resident_child_died(),
            "place_of_death_or_harm",
            place.clone(),
        );
        assert_eq!(
            eval(&rules, &case).0,
            "child_death_review_required",
            "{place:?}"
        );
    }
    // From any cause: the pack asks nothing about abuse, neglect or the cause of death.
    let ids: Vec<&str> = rules.fact_ids().collect();
    assert_eq!(
        ids,
        [
            "age",
            "died",
            "date_of_death_or_harm",
            "place_of_death_or_harm",
            "normally_resident_in_area"
        ]
    );
}

/// s16M(2): "may also ... a death in their area of a child not normally resident there".
#[test]
fn a_death_in_their_area_of_a_child_not_normally_resident_there() {
    let rules = pack(S16M);
    let visiting = with(
        &resident_child_died(),
        "normally_resident_in_area",
        Some(json!(false)),
    );
    for (place, expected) in [
        ("in_area", "child_death_review_optional"),
        ("elsewhere_in_england", "no_child_death_review"),
        ("outside_england", "no_child_death_review"),
    ] {
        let case = with(&visiting, "place_of_death_or_harm", Some(json!(place)));
        assert_eq!(eval(&rules, &case).0, expected, "{place}");
    }
}

/// "the review of each death": no death, no child death review, whatever else is known.
#[test]
fn no_death_no_child_death_review() {
    let rules = pack(S16M);
    for resident in bool_answers() {
        for place in [None, Some(json!("in_area")), Some(json!("outside_england"))] {
            let case = with(
                &with(
                    &with(&resident_child_died(), "died", Some(json!(false))),
                    "normally_resident_in_area",
                    resident.clone(),
                ),
                "place_of_death_or_harm",
                place.clone(),
            );
            assert_eq!(eval(&rules, &case).0, "no_child_death_review", "{case:?}");
        }
    }
}

/// "a child" (under 18) at every age, and in force from 29 June 2018.
#[test]
fn a_child_normally_resident_under_18_from_29_june_2018() {
    let rules = pack(S16M);
    for age in 0..=130 {
        let case = with(&resident_child_died(), "age", Some(json!(age)));
        let expected = if age < 18 {
            "child_death_review_required"
        } else {
            "no_child_death_review"
        };
        assert_eq!(eval(&rules, &case).0, expected, "age {age}");
    }
    for (date, expected, notes) in [
        (
            "2018-06-28",
            "no_child_death_review",
            vec!["before_commencement"],
        ),
        ("2018-06-29", "child_death_review_required", vec![]),
    ] {
        let case = with(
            &resident_child_died(),
            "date_of_death_or_harm",
            Some(json!(date)),
        );
        let (outcome, _, raised) = eval(&rules, &case);
        assert_eq!(
            (outcome.as_str(), raised),
            (expected, notes.iter().map(|n| n.to_string()).collect()),
            "{date}"
        );
    }
}

// ---- Domestic Violence, Crime and Victims Act 2004 s9(1) ----

/// "the death of a person aged 16 or over": 15 is not, 16 is; every age from 0 to 130.
#[test]
fn aged_16_or_over() {
    let rules = pack(S9);
    for age in 0..=130 {
        let case = with(&killed_by_partner(), "age", Some(json!(age)));
        let expected = if age >= 16 {
            "domestic_homicide_review"
        } else {
            "not_a_domestic_homicide_review"
        };
        assert_eq!(eval(&rules, &case).0, expected, "age {age}");
    }
    let at = |age: i64| eval(&rules, &with(&killed_by_partner(), "age", Some(json!(age)))).0;
    assert_eq!(at(15), "not_a_domestic_homicide_review");
    assert_eq!(at(16), "domestic_homicide_review");
}

/// "(a) a person to whom he was related or with whom he was or had been in an intimate
/// personal relationship, or (b) a member of the same household": any one is enough, and
/// none of them is not a domestic homicide review.
#[test]
fn related_or_intimate_or_same_household() {
    let rules = pack(S9);
    let names = ["related", "intimate_partner", "same_household"];
    for bits in 0..8u8 {
        let set: Vec<&str> = names
            .iter()
            .enumerate()
            .filter(|(i, _)| bits & (1 << i) != 0)
            .map(|(_, n)| *n)
            .collect();
        let case = with(
            &killed_by_partner(),
            "person_responsible_was",
            Some(json!(set)),
        );
        let expected = if set.is_empty() {
            "not_a_domestic_homicide_review"
        } else {
            "domestic_homicide_review"
        };
        assert_eq!(eval(&rules, &case).0, expected, "{set:?}");
    }
}

/// "has, or appears to have, resulted from violence, abuse or neglect": known (has) and
/// suspected (appears to have) alike.
#[test]
fn has_or_appears_to_have_resulted() {
    let rules = pack(S9);
    for (knowledge, expected) in [
        ("known", "domestic_homicide_review"),
        ("suspected", "domestic_homicide_review"),
        ("not_suspected", "not_a_domestic_homicide_review"),
    ] {
        let case = with(
            &killed_by_partner(),
            "death_from_violence_abuse_or_neglect",
            Some(json!(knowledge)),
        );
        assert_eq!(eval(&rules, &case).0, expected, "{knowledge}");
    }
    let alive = with(&killed_by_partner(), "died", Some(json!(false)));
    assert_eq!(eval(&rules, &alive).0, "not_a_domestic_homicide_review");
}

/// A suicide where controlling or coercive behaviour is suspected rests on the guidance:
/// a note says "consider", and the outcome never changes.
#[test]
fn suicide_with_coercive_control_is_a_note_not_an_outcome() {
    let rules = pack(S9);
    for knowledge in ["known", "suspected", "not_suspected"] {
        let base = with(
            &killed_by_partner(),
            "death_from_violence_abuse_or_neglect",
            Some(json!(knowledge)),
        );
        let (outcome, possible, _) = eval(&rules, &base);
        for suicide in bool_answers() {
            for coercion in [
                None,
                Some(json!("known")),
                Some(json!("suspected")),
                Some(json!("not_suspected")),
            ] {
                let case = with(
                    &with(&base, "suicide", suicide.clone()),
                    "controlling_or_coercive_behaviour",
                    coercion.clone(),
                );
                let (o, p, notes) = eval(&rules, &case);
                assert_eq!((&o, &p), (&outcome, &possible), "{case:?}");
                let expected = suicide == Some(json!(true))
                    && matches!(
                        coercion.as_ref().and_then(Value::as_str),
                        Some("known" | "suspected")
                    );
                assert_eq!(
                    notes
                        .iter()
                        .any(|n| n == "suicide_with_controlling_or_coercive_behaviour"),
                    expected,
                    "{case:?}"
                );
            }
        }
    }
}

// ---- Where the schemes meet ----

/// At 16 and 17 the children's schemes and a domestic homicide review can both apply: the
/// girl of 17, normally resident, killed in the area in 2024 by her former partner.
#[test]
fn at_16_and_17_the_child_schemes_and_a_dhr_can_both_apply() {
    for age in [16, 17] {
        let girl = obj(
            json!({"age": age, "died": true, "date_of_death_or_harm": "2024-03-15",
            "normally_resident_in_area": true, "place_of_death_or_harm": "in_area",
            "abuse_or_neglect_of_child": "known",
            "death_from_violence_abuse_or_neglect": "known",
            "person_responsible_was": ["intimate_partner"]}),
        );
        let only = |rules: &RuleSet| -> Map<String, Value> {
            girl.iter()
                .filter(|(k, _)| rules.fact(k).is_some())
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        };
        let (c, m, d) = (pack(S16C), pack(S16M), pack(S9));
        assert_eq!(eval(&c, &only(&c)).0, "notify_panel");
        assert_eq!(eval(&m, &only(&m)).0, "child_death_review_required");
        assert_eq!(eval(&d, &only(&d)).0, "domestic_homicide_review");
    }
}

/// The shared facts are declared alike in every pack that needs them (type, values,
/// bounds, presupposition, recorded only), so a procedure can join them; each cites its
/// own pack's provision.
#[test]
fn shared_facts_are_declared_alike() {
    let packs = [pack(S16C), pack(S16M), pack(S9)];
    let shape = |rules: &RuleSet, id: &str| -> Option<Value> {
        rules.fact(id).map(|f| {
            let mut v = serde_json::to_value(f).expect("a fact");
            let m = v.as_object_mut().expect("an object");
            m.remove("question");
            m.remove("cites");
            v
        })
    };
    for id in [
        "age",
        "died",
        "date_of_death_or_harm",
        "normally_resident_in_area",
        "place_of_death_or_harm",
    ] {
        let shapes: Vec<Value> = packs.iter().filter_map(|p| shape(p, id)).collect();
        assert!(shapes.len() >= 2, "`{id}` is shared");
        assert!(shapes.iter().all(|s| s == &shapes[0]), "`{id}`: {shapes:?}");
    }
    assert_eq!(
        shape(&packs[0], "age"),
        Some(json!({"id": "age", "type": "integer", "min": 0, "max": 130}))
    );
    assert_eq!(
        shape(&packs[2], "died"),
        Some(json!({"id": "died", "type": "bool"}))
    );
    for p in &packs {
        for id in ["age", "died"] {
            let cites = &p.fact(id).expect("declared").cites;
            assert!(
                cites
                    .iter()
                    .all(|c| p.doc().provisions.iter().any(|x| &x.id == c)),
                "{}: `{id}` cites its own pack's provisions",
                p.id()
            );
        }
    }
}
