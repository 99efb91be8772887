//! An independent reference model of the Hillingdon local layer inside the think-family
//! procedure: the `notification` decision (Learning From Practice Framework 2022, para 2.1)
//! and the `sar_panel` decision (paras 2.3 and 3.2), written from the framework's text and
//! the README's and DESIGN's description of the layer, in plain Rust.
//!
//! It shares no code with the engine and reads nothing from the rule files: only fact ids,
//! value ids and outcome ids (the packs' public contract) are common. The section 44 part
//! is the s44 reference model (`tests/reference/mod.rs`), which a test crate using this
//! file declares as `mod reference` at its root.
//!
//! The semantics modelled (DESIGN, "Imports" and "Procedures"):
//! - the procedure's two constraints hold in every completion: `age_18_or_over` implies
//!   `age` at least 18, and `adult_status` is `died` exactly when `died`; a case whose
//!   given facts admit no completion satisfying them is refused;
//! - the imported section 44 determination is computed once, from the facts given plus
//!   the values the constraints force, never per completion; its outcome (possibly
//!   `undetermined`) and its possible outcomes are then known values;
//! - each Hillingdon decision's possible outcomes are its outcomes over the completions of
//!   its own facts consistent with the facts given, the s44 presupposition
//!   (`death_from_abuse_or_neglect` answered presupposes an adult who died, unless that is
//!   excluded) and the constraints;
//! - `sar_panel` applies when `age_18_or_over`: where that is false in every consistent
//!   completion the decision does not apply and has no determination.

#![allow(dead_code)]

use crate::reference::{self as s44, Knowledge, Status};
use serde_json::{Map, Value};

/// `notification`'s outcomes, in order.
pub const NOTIFICATION_OUTCOMES: [&str; 2] =
    ["notify_partnership_team", "no_notification_required"];

/// `sar_panel`'s outcomes, in order.
pub const SAR_PANEL_OUTCOMES: [&str; 5] = [
    "await_section_44_facts",
    "arrange_mandatory_sar",
    "arrange_discretionary_sar",
    "refer_to_learning_from_practice_group",
    "no_further_action",
];

/// The SAR Panel's own judgements (para 2.3: "The Panel decides …"; para 3.2: "there is
/// believed to be value to further analysis of the case").
pub const PANEL_FACTS: [&str; 2] = [
    "panel_judges_sar_proportionate",
    "panel_sees_value_in_further_analysis",
];

/// The ages a completion may give an unknown `age`: the bounds and each side of 18, the
/// only threshold the constraints draw.
const AGES: [i64; 4] = [0, 17, 18, 130];

/// A partial case over the facts the two decisions, their import and the constraints read.
/// `None` is unknown (absent or `null`).
#[derive(Debug, Clone, Default)]
pub struct Partial {
    /// The section 44 facts, as the s44 reference model reads them.
    pub s44: s44::Case,
    /// The person's age (at death or, if alive, at the serious harm).
    pub age: Option<i64>,
    /// Whether the person has died.
    pub died: Option<bool>,
    pub panel_judges_sar_proportionate: Option<bool>,
    pub panel_sees_value_in_further_analysis: Option<bool>,
}

/// A completion: a value for every fact the model reads.
#[derive(Debug, Clone, Copy)]
pub struct Completion {
    pub age: i64,
    pub died: bool,
    pub age_18_or_over: bool,
    pub adult_status: Status,
    pub death_from_abuse_or_neglect: Knowledge,
    pub serious_abuse_or_neglect: Knowledge,
    pub likely_died_but_for_intervention: Knowledge,
    pub permanent_harm: Knowledge,
    pub reduced_capacity_or_quality_of_life: Knowledge,
    pub panel_judges_sar_proportionate: bool,
    pub panel_sees_value_in_further_analysis: bool,
}

impl Completion {
    /// The procedure's constraints.
    pub fn consistent(&self) -> bool {
        let adult_is_18_or_over = !self.age_18_or_over || self.age >= 18;
        let died_exactly_when_died = (self.adult_status == Status::Died) == self.died;
        adult_is_18_or_over && died_exactly_when_died
    }

    /// Para 2.1's "serious incident" (the README's `serious_incident`): the adult has died
    /// and the death is known or suspected to have resulted from abuse or neglect (s44(2)),
    /// or serious abuse or neglect, or one of the guidance's examples of serious harm, is
    /// known or suspected (s44(3)(b) and the guidance).
    pub fn serious_incident(&self) -> bool {
        let death = self.adult_status == Status::Died
            && self.death_from_abuse_or_neglect.knows_or_suspects();
        let serious = [
            self.serious_abuse_or_neglect,
            self.likely_died_but_for_intervention,
            self.permanent_harm,
            self.reduced_capacity_or_quality_of_life,
        ]
        .iter()
        .any(|k| k.knows_or_suspects());
        death || serious
    }

    /// Para 2.1: notify "a serious incident that might meet the criteria for a SAR as set
    /// out in section 44": serious, and a mandatory review still possible on what is known
    /// (the import's possible outcomes).
    pub fn notification(&self, section_44_possible: &[&str]) -> &'static str {
        if self.serious_incident() && section_44_possible.contains(&"mandatory_review") {
            "notify_partnership_team"
        } else {
            "no_notification_required"
        }
    }

    /// Paras 2.3 and 3.2: while section 44 is undetermined, wait for the facts; the
    /// criteria met, a SAR must be arranged whatever the Panel judges; a discretionary SAR
    /// where section 44(4) allows one and the Panel judges it proportionate; otherwise,
    /// value in further analysis refers the case to the Task and Finish Group.
    pub fn sar_panel(&self, section_44_outcome: &str) -> &'static str {
        match section_44_outcome {
            "undetermined" => "await_section_44_facts",
            "mandatory_review" => "arrange_mandatory_sar",
            "discretionary_review" if self.panel_judges_sar_proportionate => {
                "arrange_discretionary_sar"
            }
            _ if self.panel_sees_value_in_further_analysis => {
                "refer_to_learning_from_practice_group"
            }
            _ => "no_further_action",
        }
    }
}

/// What the procedure should give for the two decisions on a case it evaluates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    /// `notification`'s possible outcomes, in order.
    pub notification: Vec<&'static str>,
    /// `sar_panel`'s possible outcomes, or `None` when it does not apply.
    pub sar_panel: Option<Vec<&'static str>>,
    /// The import's possible outcomes (for messages).
    pub section_44: Vec<&'static str>,
}

fn each<T: Copy>(known: Option<T>, all: &[T]) -> Vec<T> {
    match known {
        Some(v) => vec![v],
        None => all.to_vec(),
    }
}

impl Partial {
    /// Reads a case's `facts`; facts outside the model's vocabulary (other decisions')
    /// are ignored, `null` and absence are both unknown.
    pub fn from_facts(facts: &Map<String, Value>) -> Partial {
        let s44_facts: Map<String, Value> = facts
            .iter()
            .filter(|(id, _)| s44::ALL_FACTS.contains(&id.as_str()))
            .map(|(id, v)| (id.clone(), v.clone()))
            .collect();
        let known = |id: &str| facts.get(id).filter(|v| !v.is_null());
        let boolean = |id: &str| known(id).map(|v| v.as_bool().expect("a bool"));
        Partial {
            s44: s44::Case::from_facts(&s44_facts),
            age: known("age").map(|v| v.as_i64().expect("an integer")),
            died: boolean("died"),
            panel_judges_sar_proportionate: boolean("panel_judges_sar_proportionate"),
            panel_sees_value_in_further_analysis: boolean("panel_sees_value_in_further_analysis"),
        }
    }

    /// Calls `f` on every completion of the constraint facts (`age`, `died`,
    /// `age_18_or_over`, `adult_status`) and of the facts `reads` says the decision reads,
    /// consistent with the given facts, `adult_status` (when not given) and the
    /// constraints; the facts not read are held at one value. Stops when `f` is `false`.
    fn for_each(
        &self,
        adult_status: Option<Status>,
        reads: Reads,
        mut f: impl FnMut(&Completion) -> bool,
    ) {
        let bools = [false, true];
        let k = &Knowledge::ALL;
        let c = &self.s44;
        let read_k = |given: Option<Knowledge>, read: bool| match (given, read) {
            (Some(v), _) => vec![v],
            (None, true) => k.to_vec(),
            (None, false) => vec![Knowledge::NotSuspected],
        };
        let read_b = |given: Option<bool>, read: bool| match (given, read) {
            (Some(v), _) => vec![v],
            (None, true) => bools.to_vec(),
            (None, false) => vec![false],
        };
        let n = reads == Reads::Notification;
        let p = reads == Reads::Panel;
        for age in each(self.age, &AGES) {
            for died in each(self.died, &bools) {
                for age_18_or_over in each(c.age_18_or_over, &bools) {
                    for status in each(adult_status, &Status::ALL) {
                        for death in read_k(c.death_from_abuse_or_neglect, n) {
                            for serious in read_k(c.serious_abuse_or_neglect, n) {
                                for likely in read_k(c.likely_died_but_for_intervention, n) {
                                    for permanent in read_k(c.permanent_harm, n) {
                                        for reduced in
                                            read_k(c.reduced_capacity_or_quality_of_life, n)
                                        {
                                            for judges in
                                                read_b(self.panel_judges_sar_proportionate, p)
                                            {
                                                for value in read_b(
                                                    self.panel_sees_value_in_further_analysis,
                                                    p,
                                                ) {
                                                    let completion = Completion {
                                                        age,
                                                        died,
                                                        age_18_or_over,
                                                        adult_status: status,
                                                        death_from_abuse_or_neglect: death,
                                                        serious_abuse_or_neglect: serious,
                                                        likely_died_but_for_intervention: likely,
                                                        permanent_harm: permanent,
                                                        reduced_capacity_or_quality_of_life:
                                                            reduced,
                                                        panel_judges_sar_proportionate: judges,
                                                        panel_sees_value_in_further_analysis: value,
                                                    };
                                                    if completion.consistent() && !f(&completion) {
                                                        return;
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Whether some completion satisfies the constraints (otherwise the case is refused).
    pub fn consistent(&self) -> bool {
        let mut any = false;
        self.for_each(self.s44.adult_status, Reads::Constraints, |_| {
            any = true;
            false
        });
        any
    }

    /// The value every consistent completion gives, if they agree.
    fn forced<T: PartialEq + Copy>(&self, value: impl Fn(&Completion) -> T) -> Option<T> {
        let mut seen: Vec<T> = Vec::new();
        self.for_each(self.s44.adult_status, Reads::Constraints, |c| {
            let v = value(c);
            if !seen.contains(&v) {
                seen.push(v);
            }
            seen.len() < 2
        });
        match seen.as_slice() {
            [only] => Some(*only),
            _ => None,
        }
    }

    /// The s44 presupposition over the procedure: an unknown `adult_status` is inferred
    /// `died` when `death_from_abuse_or_neglect` is answered, where that is consistent.
    fn adult_status(&self) -> Option<Status> {
        if let Some(status) = self.s44.adult_status {
            return Some(status);
        }
        if self.s44.death_from_abuse_or_neglect.is_some() {
            let mut possible = false;
            self.for_each(Some(Status::Died), Reads::Constraints, |_| {
                possible = true;
                false
            });
            if possible {
                return Some(Status::Died);
            }
        }
        None
    }

    /// The section 44 import, computed once: the given s44 facts plus the values the
    /// constraints force (`age_18_or_over` from an age under 18, `adult_status` from
    /// `died`), decided by the s44 reference model (which applies its presupposition).
    pub fn section_44(&self) -> s44::Case {
        let mut case = self.s44.clone();
        if case.age_18_or_over.is_none() {
            case.age_18_or_over = self.forced(|c| c.age_18_or_over);
        }
        if case.adult_status.is_none() {
            case.adult_status = self.forced(|c| c.adult_status);
        }
        case
    }

    /// What the procedure should give, or `None` when it must refuse the case.
    pub fn expected(&self) -> Option<Expected> {
        if !self.consistent() {
            return None;
        }
        let import = self.section_44();
        let possible = import.possible_outcome_ids();
        let outcome = import.outcome_id();
        let status = self.adult_status();

        let mut notification = [false; 2];
        self.for_each(status, Reads::Notification, |c| {
            let o = c.notification(&possible);
            notification[NOTIFICATION_OUTCOMES.iter().position(|x| *x == o).unwrap()] = true;
            !notification.iter().all(|s| *s)
        });

        let mut applies = false;
        self.for_each(status, Reads::Constraints, |c| {
            applies |= c.age_18_or_over;
            !applies
        });
        let sar_panel = applies.then(|| {
            let mut seen = [false; 5];
            self.for_each(status, Reads::Panel, |c| {
                let o = c.sar_panel(outcome);
                seen[SAR_PANEL_OUTCOMES.iter().position(|x| *x == o).unwrap()] = true;
                true
            });
            pick(&SAR_PANEL_OUTCOMES, &seen)
        });
        Some(Expected {
            notification: pick(&NOTIFICATION_OUTCOMES, &notification),
            sar_panel,
            section_44: possible,
        })
    }
}

/// Which facts a decision reads beyond the constraints'.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reads {
    Constraints,
    Notification,
    Panel,
}

fn pick(outcomes: &[&'static str], seen: &[bool]) -> Vec<&'static str> {
    outcomes
        .iter()
        .zip(seen)
        .filter(|(_, s)| **s)
        .map(|(o, _)| *o)
        .collect()
}
