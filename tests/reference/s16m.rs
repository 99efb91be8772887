//! An independent reference model of the Children Act 2004 s16M(1) and (2), written from
//! `docs/law.md` alone (its quotation of s16M(1) and (2)):
//!
//! > (1) The child death review partners for a local authority area in England must make
//! > arrangements for the review of each death of a child normally resident in the area.
//! > (2) The child death review partners may also, if they consider it appropriate, make
//! > arrangements for the review of a death in their area of a child not normally
//! > resident there.
//!
//! Every death of a resident child, from any cause; "child" is a person under 18 (a
//! gloss); the section applies from 29 June 2018. Only the fact vocabulary (the README's
//! table) is shared with the pack.

use serde_json::{Value, json};

use crate::brute::{Complete, Model, bools, strings};

pub struct S16M;

const COMMENCED: &str = "2018-06-29";

impl Model for S16M {
    const OUTCOMES: &'static [&'static str] = &[
        "child_death_review_required",
        "child_death_review_optional",
        "no_child_death_review",
    ];

    fn domains() -> Vec<(&'static str, Vec<Value>)> {
        vec![
            ("age", vec![json!(0), json!(17), json!(18), json!(130)]),
            ("died", bools()),
            (
                "date_of_death_or_harm",
                strings(&["1900-01-01", "2018-06-28", "2018-06-29", "9999-12-31"]),
            ),
            ("normally_resident_in_area", bools()),
            (
                "place_of_death_or_harm",
                strings(&["in_area", "elsewhere_in_england", "outside_england"]),
            ),
        ]
    }

    fn decide(c: &Complete) -> &'static str {
        let child = c.int("age") < 18;
        let in_force = c.str("date_of_death_or_harm") >= COMMENCED;
        let death_of_a_child = c.is("died") && child && in_force;
        let resident = c.is("normally_resident_in_area");
        let in_their_area = c.str("place_of_death_or_harm") == "in_area";
        if death_of_a_child && resident {
            // (1) "each death of a child normally resident in the area".
            "child_death_review_required"
        } else if death_of_a_child && !resident && in_their_area {
            // (2) "a death in their area of a child not normally resident there".
            "child_death_review_optional"
        } else {
            "no_child_death_review"
        }
    }

    fn notes(c: &Complete) -> Vec<&'static str> {
        if c.str("date_of_death_or_harm") < COMMENCED {
            vec!["before_commencement"]
        } else {
            Vec::new()
        }
    }
}
