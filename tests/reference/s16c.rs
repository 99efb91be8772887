//! An independent reference model of the Children Act 2004 s16C(1), written from
//! `docs/law.md` alone (its quotation of s16C(1)):
//!
//! > Where a local authority in England knows or suspects that a child has been abused or
//! > neglected, the local authority must notify the Child Safeguarding Practice Review
//! > Panel if— (a) the child dies or is seriously harmed in the local authority's area, or
//! > (b) while normally resident in the local authority's area, the child dies or is
//! > seriously harmed outside England.
//!
//! Read as the law text says: "child" is a person under 18 (a gloss); no causal link is
//! needed; the duty applies from 29 June 2018. The 5 working days and the deaths of
//! looked-after children come from the GOV.UK guidance, so they are notes, never the
//! outcome. Only the fact vocabulary (the README's table) is shared with the pack.

use serde_json::{Value, json};

use crate::brute::{Complete, Model, bools, knows_or_suspects, strings};

pub struct S16C;

/// s16C came into force on 29 June 2018; ISO dates compare as strings.
const COMMENCED: &str = "2018-06-29";

impl S16C {
    /// s16C(1), on a complete case.
    pub fn must_notify(c: &Complete) -> bool {
        let place = c.str("place_of_death_or_harm");
        // "a child": a person under 18.
        let child = c.int("age") < 18;
        let in_force = c.str("date_of_death_or_harm") >= COMMENCED;
        // "knows or suspects that a child has been abused or neglected": nothing about
        // what caused the death or harm.
        let abused = knows_or_suspects(c.str("abuse_or_neglect_of_child"));
        // "the child dies or is seriously harmed".
        let dies_or_harmed = c.is("died") || c.is("seriously_harmed");
        // (a) "in the local authority's area".
        let a = place == "in_area";
        // (b) "while normally resident in the local authority's area, ... outside England".
        let b = c.is("normally_resident_in_area") && place == "outside_england";
        child && in_force && abused && dies_or_harmed && (a || b)
    }
}

impl Model for S16C {
    const OUTCOMES: &'static [&'static str] = &["notify_panel", "no_duty_to_notify"];

    fn domains() -> Vec<(&'static str, Vec<Value>)> {
        vec![
            ("age", vec![json!(0), json!(17), json!(18), json!(130)]),
            ("died", bools()),
            ("seriously_harmed", bools()),
            (
                "abuse_or_neglect_of_child",
                strings(&["known", "suspected", "not_suspected"]),
            ),
            (
                "date_of_death_or_harm",
                strings(&["1900-01-01", "2018-06-28", "2018-06-29", "9999-12-31"]),
            ),
            ("normally_resident_in_area", bools()),
            (
                "place_of_death_or_harm",
                strings(&["in_area", "elsewhere_in_england", "outside_england"]),
            ),
            ("looked_after_child", bools()),
        ]
    }

    fn decide(c: &Complete) -> &'static str {
        if S16C::must_notify(c) {
            "notify_panel"
        } else {
            "no_duty_to_notify"
        }
    }

    fn notes(c: &Complete) -> Vec<&'static str> {
        let child = c.int("age") < 18;
        let mut notes = Vec::new();
        // The guidance: "within 5 working days", whenever the duty arises.
        if S16C::must_notify(c) {
            notes.push("notify_within_5_working_days");
        }
        // The guidance: a looked-after child's death, whether or not abuse is suspected.
        if c.is("looked_after_child") && c.is("died") && child {
            notes.push("looked_after_child_died");
        }
        // (a) puts the duty on the authority where the child died or was harmed.
        if c.str("place_of_death_or_harm") == "elsewhere_in_england" && child {
            notes.push("harmed_elsewhere_in_england");
        }
        // Before 29 June 2018 the earlier scheme applied.
        if c.str("date_of_death_or_harm") < COMMENCED {
            notes.push("before_commencement");
        }
        notes
    }
}
