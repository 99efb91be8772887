//! An independent reference model of the Domestic Violence, Crime and Victims Act 2004
//! s9(1), written from `docs/law.md` alone (its quotation of s9(1)):
//!
//! > (1) In this section "domestic homicide review" means a review of the circumstances in
//! > which the death of a person aged 16 or over has, or appears to have, resulted from
//! > violence, abuse or neglect by— (a) a person to whom he was related or with whom he
//! > was or had been in an intimate personal relationship, or (b) a member of the same
//! > household as himself, held with a view to identifying the lessons to be learnt from
//! > the death.
//!
//! "has, or appears to have, resulted" is read knowledge-style (known or suspected). A
//! suicide where controlling or coercive behaviour is known or suspected is a note from
//! the Home Office's words on the guidance, never the outcome. Only the fact vocabulary
//! (the README's table) is shared with the pack.

use serde_json::{Value, json};

use crate::brute::{Complete, Model, bools, knows_or_suspects, strings};

pub struct S9;

/// Every subset of the three relationships s9(1) names, the empty one first.
pub fn relationships() -> Vec<Value> {
    let names = ["related", "intimate_partner", "same_household"];
    (0..8u8)
        .map(|bits| {
            Value::Array(
                names
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| bits & (1 << i) != 0)
                    .map(|(_, n)| json!(n))
                    .collect(),
            )
        })
        .collect()
}

impl Model for S9 {
    const OUTCOMES: &'static [&'static str] =
        &["domestic_homicide_review", "not_a_domestic_homicide_review"];

    fn domains() -> Vec<(&'static str, Vec<Value>)> {
        vec![
            ("age", vec![json!(0), json!(15), json!(16), json!(130)]),
            ("died", bools()),
            (
                "death_from_violence_abuse_or_neglect",
                strings(&["known", "suspected", "not_suspected"]),
            ),
            ("person_responsible_was", relationships()),
            ("suicide", bools()),
            (
                "controlling_or_coercive_behaviour",
                strings(&["known", "suspected", "not_suspected"]),
            ),
        ]
    }

    fn decide(c: &Complete) -> &'static str {
        // "the death of a person aged 16 or over".
        let death_16_or_over = c.is("died") && c.int("age") >= 16;
        // "has, or appears to have, resulted from violence, abuse or neglect".
        let resulted = knows_or_suspects(c.str("death_from_violence_abuse_or_neglect"));
        // (a) related, or in an intimate personal relationship now or before; (b) a member
        // of the same household.
        let by = c.get("person_responsible_was").as_array().expect("a set");
        let relation = ["related", "intimate_partner", "same_household"]
            .iter()
            .any(|r| by.iter().any(|b| b == r));
        if death_16_or_over && resulted && relation {
            "domestic_homicide_review"
        } else {
            "not_a_domestic_homicide_review"
        }
    }

    fn notes(c: &Complete) -> Vec<&'static str> {
        if c.is("died")
            && c.is("suicide")
            && knows_or_suspects(c.str("controlling_or_coercive_behaviour"))
        {
            vec!["suicide_with_controlling_or_coercive_behaviour"]
        } else {
            Vec::new()
        }
    }
}
