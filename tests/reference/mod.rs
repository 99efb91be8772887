//! An independent reference model of the Care Act 2014 section 44, written from
//! `docs/law.md` (the provisions and "How section 44 is read") in plain Rust.
//!
//! It shares no code with the engine and reads nothing from the rule file: only the fact
//! vocabulary (ids and values, the public contract of the s44 pack in the README) and the
//! rule and outcome ids (part of the trace contract) are common to both. Partial cases are
//! decided by brute force over every completion, after the pack's one presupposition.

#![allow(dead_code)]

use serde_json::{Map, Value, json};

/// What the board knows of a matter: s44(2)(b) and (3)(b) say "knows or suspects".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Knowledge {
    Known,
    Suspected,
    NotSuspected,
}

impl Knowledge {
    pub const ALL: [Knowledge; 3] = [
        Knowledge::Known,
        Knowledge::Suspected,
        Knowledge::NotSuspected,
    ];

    /// "the SAB knows or suspects".
    pub fn knows_or_suspects(self) -> bool {
        match self {
            Knowledge::Known | Knowledge::Suspected => true,
            Knowledge::NotSuspected => false,
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            Knowledge::Known => "known",
            Knowledge::Suspected => "suspected",
            Knowledge::NotSuspected => "not_suspected",
        }
    }

    pub fn from_id(id: &str) -> Option<Knowledge> {
        Knowledge::ALL.into_iter().find(|k| k.id() == id)
    }
}

/// Whether the adult "has died" (s44(2)(a)) or "is still alive" (s44(3)(a)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Alive,
    Died,
}

impl Status {
    pub const ALL: [Status; 2] = [Status::Alive, Status::Died];

    pub fn id(self) -> &'static str {
        match self {
            Status::Alive => "alive",
            Status::Died => "died",
        }
    }

    pub fn from_id(id: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.id() == id)
    }
}

/// The outcomes, in the order the statute gives precedence: s44(1) before s44(4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// s44(1): "An SAB must arrange for there to be a review".
    MandatoryReview,
    /// s44(4): "An SAB may arrange for there to be a review of any other case".
    DiscretionaryReview,
    /// Not an adult in the area with needs for care and support.
    OutsideSection44,
}

impl Outcome {
    pub const ALL: [Outcome; 3] = [
        Outcome::MandatoryReview,
        Outcome::DiscretionaryReview,
        Outcome::OutsideSection44,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Outcome::MandatoryReview => "mandatory_review",
            Outcome::DiscretionaryReview => "discretionary_review",
            Outcome::OutsideSection44 => "outside_section_44",
        }
    }

    fn bit(self) -> u8 {
        match self {
            Outcome::MandatoryReview => 1,
            Outcome::DiscretionaryReview => 2,
            Outcome::OutsideSection44 => 4,
        }
    }
}

/// The guidance 14.17 types of abuse and neglect, plus `other` (the list is open).
pub const ABUSE_TYPES: [&str; 11] = [
    "physical",
    "domestic",
    "sexual",
    "psychological",
    "financial_or_material",
    "modern_slavery",
    "discriminatory",
    "organisational",
    "neglect_or_acts_of_omission",
    "self_neglect",
    "other",
];

/// The outcome-relevant bool facts.
pub const BOOL_FACTS: [&str; 4] = [
    "age_18_or_over",
    "in_board_area",
    "care_and_support_needs",
    "joint_working_concern",
];

/// The knowledge facts.
pub const KNOWLEDGE_FACTS: [&str; 5] = [
    "death_from_abuse_or_neglect",
    "serious_abuse_or_neglect",
    "likely_died_but_for_intervention",
    "permanent_harm",
    "reduced_capacity_or_quality_of_life",
];

/// The guidance's three examples of "serious" abuse or neglect.
pub const SERIOUSNESS_EXAMPLES: [&str; 3] = [
    "likely_died_but_for_intervention",
    "permanent_harm",
    "reduced_capacity_or_quality_of_life",
];

/// Facts the statute says make no difference ("whether or not …"), and the types of abuse.
pub const RECORDED_ONLY: [&str; 3] = [
    "la_meeting_needs",
    "abuse_known_before_death",
    "abuse_types",
];

/// Every fact id of the vocabulary.
pub const ALL_FACTS: [&str; 13] = [
    "age_18_or_over",
    "in_board_area",
    "care_and_support_needs",
    "la_meeting_needs",
    "joint_working_concern",
    "adult_status",
    "death_from_abuse_or_neglect",
    "abuse_known_before_death",
    "serious_abuse_or_neglect",
    "likely_died_but_for_intervention",
    "permanent_harm",
    "reduced_capacity_or_quality_of_life",
    "abuse_types",
];

/// A case as far as it is known. `None` is unknown: the case left the fact out, or
/// answered it `null` (asked, not known); the statute cannot tell the two apart.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Case {
    pub age_18_or_over: Option<bool>,
    pub in_board_area: Option<bool>,
    pub care_and_support_needs: Option<bool>,
    pub la_meeting_needs: Option<bool>,
    pub joint_working_concern: Option<bool>,
    pub adult_status: Option<Status>,
    pub death_from_abuse_or_neglect: Option<Knowledge>,
    pub abuse_known_before_death: Option<bool>,
    pub serious_abuse_or_neglect: Option<Knowledge>,
    pub likely_died_but_for_intervention: Option<Knowledge>,
    pub permanent_harm: Option<Knowledge>,
    pub reduced_capacity_or_quality_of_life: Option<Knowledge>,
    pub abuse_types: Option<Vec<String>>,
}

/// A complete case: every fact the outcome can turn on is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Complete {
    pub age_18_or_over: bool,
    pub in_board_area: bool,
    pub care_and_support_needs: bool,
    pub joint_working_concern: bool,
    pub adult_status: Status,
    pub death_from_abuse_or_neglect: Knowledge,
    pub serious_abuse_or_neglect: Knowledge,
    pub likely_died_but_for_intervention: Knowledge,
    pub permanent_harm: Knowledge,
    pub reduced_capacity_or_quality_of_life: Knowledge,
}

impl Complete {
    /// s44(1) and s44(4): "an adult [s2(8): aged 18 or over] in its area with needs for
    /// care and support (whether or not the local authority has been meeting any of those
    /// needs)".
    pub fn adult_in_its_area_with_needs_for_care_and_support(&self) -> bool {
        self.age_18_or_over && self.in_board_area && self.care_and_support_needs
    }

    /// s44(2): "(a) the adult has died, and (b) the SAB knows or suspects that the death
    /// resulted from abuse or neglect". Seriousness is not required.
    pub fn condition_1(&self) -> bool {
        self.adult_status == Status::Died && self.death_from_abuse_or_neglect.knows_or_suspects()
    }

    /// s44(3)(b), with the reading of "serious" in docs/law.md: knowing or suspecting
    /// any of its three examples of serious harm is at least suspecting serious abuse or
    /// neglect; otherwise the board's own judgement decides.
    pub fn knows_or_suspects_serious_abuse_or_neglect(&self) -> bool {
        self.serious_abuse_or_neglect.knows_or_suspects()
            || self.likely_died_but_for_intervention.knows_or_suspects()
            || self.permanent_harm.knows_or_suspects()
            || self.reduced_capacity_or_quality_of_life.knows_or_suspects()
    }

    /// s44(3): "(a) the adult is still alive, and (b) the SAB knows or suspects that the
    /// adult has experienced serious abuse or neglect".
    pub fn condition_2(&self) -> bool {
        self.adult_status == Status::Alive && self.knows_or_suspects_serious_abuse_or_neglect()
    }

    /// s44(1)(b): "condition 1 or 2 is met".
    pub fn condition_1_or_2(&self) -> bool {
        self.condition_1() || self.condition_2()
    }

    /// s44(1): the adult, "(a) there is reasonable cause for concern about how the SAB,
    /// members of it or other persons with relevant functions worked together to safeguard
    /// the adult, and (b) condition 1 or 2 is met".
    pub fn must_arrange_a_review(&self) -> bool {
        self.adult_in_its_area_with_needs_for_care_and_support()
            && self.joint_working_concern
            && self.condition_1_or_2()
    }

    /// s44(1), else s44(4) ("any other case" of an adult in its area with needs for care
    /// and support), else outside section 44.
    pub fn outcome(&self) -> Outcome {
        if self.must_arrange_a_review() {
            Outcome::MandatoryReview
        } else if self.adult_in_its_area_with_needs_for_care_and_support() {
            Outcome::DiscretionaryReview
        } else {
            Outcome::OutsideSection44
        }
    }

    /// The meaning of a rule or outcome id of the trace contract, in this model's terms:
    /// an outcome id means that outcome's own condition.
    pub fn rule(&self, id: &str) -> Option<bool> {
        Some(match id {
            "in_scope" => self.adult_in_its_area_with_needs_for_care_and_support(),
            "condition_1" => self.condition_1(),
            "condition_2" => self.condition_2(),
            "condition_1_or_2" => self.condition_1_or_2(),
            "serious_abuse_known_or_suspected" => self.knows_or_suspects_serious_abuse_or_neglect(),
            "mandatory_review" => self.must_arrange_a_review(),
            "discretionary_review" => self.adult_in_its_area_with_needs_for_care_and_support(),
            "outside_section_44" => true,
            _ => return None,
        })
    }

    /// An outcome-relevant fact's value, in the case's JSON form.
    pub fn fact_json(&self, id: &str) -> Option<Value> {
        Some(match id {
            "age_18_or_over" => json!(self.age_18_or_over),
            "in_board_area" => json!(self.in_board_area),
            "care_and_support_needs" => json!(self.care_and_support_needs),
            "joint_working_concern" => json!(self.joint_working_concern),
            "adult_status" => json!(self.adult_status.id()),
            "death_from_abuse_or_neglect" => json!(self.death_from_abuse_or_neglect.id()),
            "serious_abuse_or_neglect" => json!(self.serious_abuse_or_neglect.id()),
            "likely_died_but_for_intervention" => {
                json!(self.likely_died_but_for_intervention.id())
            }
            "permanent_harm" => json!(self.permanent_harm.id()),
            "reduced_capacity_or_quality_of_life" => {
                json!(self.reduced_capacity_or_quality_of_life.id())
            }
            _ => return None,
        })
    }
}

fn each<T: Copy>(known: Option<T>, all: &[T]) -> Vec<T> {
    match known {
        Some(v) => vec![v],
        None => all.to_vec(),
    }
}

impl Case {
    /// Reads a case's `facts` object. `null` and absence both mean unknown; a value of the
    /// wrong shape panics (the tests only build valid cases).
    pub fn from_facts(facts: &Map<String, Value>) -> Case {
        let mut case = Case::default();
        for (id, value) in facts {
            let value = match value {
                Value::Object(o) => o.get("value").cloned().unwrap_or(Value::Null),
                v => v.clone(),
            };
            if value.is_null() {
                continue;
            }
            let boolean = || value.as_bool().expect("a bool");
            let knowledge = || {
                Knowledge::from_id(value.as_str().expect("a string")).expect("a knowledge value")
            };
            match id.as_str() {
                "age_18_or_over" => case.age_18_or_over = Some(boolean()),
                "in_board_area" => case.in_board_area = Some(boolean()),
                "care_and_support_needs" => case.care_and_support_needs = Some(boolean()),
                "la_meeting_needs" => case.la_meeting_needs = Some(boolean()),
                "joint_working_concern" => case.joint_working_concern = Some(boolean()),
                "abuse_known_before_death" => case.abuse_known_before_death = Some(boolean()),
                "adult_status" => {
                    case.adult_status =
                        Some(Status::from_id(value.as_str().expect("a string")).expect("a status"))
                }
                "death_from_abuse_or_neglect" => {
                    case.death_from_abuse_or_neglect = Some(knowledge())
                }
                "serious_abuse_or_neglect" => case.serious_abuse_or_neglect = Some(knowledge()),
                "likely_died_but_for_intervention" => {
                    case.likely_died_but_for_intervention = Some(knowledge())
                }
                "permanent_harm" => case.permanent_harm = Some(knowledge()),
                "reduced_capacity_or_quality_of_life" => {
                    case.reduced_capacity_or_quality_of_life = Some(knowledge())
                }
                "abuse_types" => {
                    let types = value.as_array().expect("an array");
                    case.abuse_types = Some(
                        types
                            .iter()
                            .map(|t| {
                                let t = t.as_str().expect("a string");
                                assert!(ABUSE_TYPES.contains(&t), "abuse type `{t}`");
                                t.to_string()
                            })
                            .collect(),
                    );
                }
                other => panic!("fact `{other}` is not in the s44 vocabulary"),
            }
        }
        case
    }

    /// Whether the case answers the fact with a non-null value (what `{"given": true}`
    /// tests).
    pub fn answers(&self, id: &str) -> bool {
        match id {
            "age_18_or_over" => self.age_18_or_over.is_some(),
            "in_board_area" => self.in_board_area.is_some(),
            "care_and_support_needs" => self.care_and_support_needs.is_some(),
            "la_meeting_needs" => self.la_meeting_needs.is_some(),
            "joint_working_concern" => self.joint_working_concern.is_some(),
            "adult_status" => self.adult_status.is_some(),
            "death_from_abuse_or_neglect" => self.death_from_abuse_or_neglect.is_some(),
            "abuse_known_before_death" => self.abuse_known_before_death.is_some(),
            "serious_abuse_or_neglect" => self.serious_abuse_or_neglect.is_some(),
            "likely_died_but_for_intervention" => self.likely_died_but_for_intervention.is_some(),
            "permanent_harm" => self.permanent_harm.is_some(),
            "reduced_capacity_or_quality_of_life" => {
                self.reduced_capacity_or_quality_of_life.is_some()
            }
            "abuse_types" => self.abuse_types.is_some(),
            other => panic!("fact `{other}` is not in the s44 vocabulary"),
        }
    }

    /// The adult's status once the presupposition is applied (docs/law.md, "Knows or
    /// suspects"): any answer to "did the death result from abuse or neglect?" is about an
    /// adult who died, unless the case says in terms that the adult is alive (then it stays
    /// alive).
    pub fn adult_status_presupposed(&self) -> Option<Status> {
        match (self.adult_status, self.death_from_abuse_or_neglect) {
            (Some(status), _) => Some(status),
            (None, Some(_)) => Some(Status::Died),
            (None, None) => None,
        }
    }

    /// Every completion: each unknown outcome-relevant fact filled with each of its values.
    pub fn completions(&self) -> Vec<Complete> {
        let mut out = Vec::new();
        self.for_each_completion(|c| {
            out.push(c);
            true
        });
        out
    }

    /// Calls `f` on each completion until it answers `false`.
    pub fn for_each_completion(&self, mut f: impl FnMut(Complete) -> bool) {
        let bools = [false, true];
        let k = &Knowledge::ALL;
        for age_18_or_over in each(self.age_18_or_over, &bools) {
            for in_board_area in each(self.in_board_area, &bools) {
                for care_and_support_needs in each(self.care_and_support_needs, &bools) {
                    for joint_working_concern in each(self.joint_working_concern, &bools) {
                        for adult_status in each(self.adult_status_presupposed(), &Status::ALL) {
                            for death in each(self.death_from_abuse_or_neglect, k) {
                                for serious in each(self.serious_abuse_or_neglect, k) {
                                    for likely in each(self.likely_died_but_for_intervention, k) {
                                        for permanent in each(self.permanent_harm, k) {
                                            for reduced in
                                                each(self.reduced_capacity_or_quality_of_life, k)
                                            {
                                                let c = Complete {
                                                    age_18_or_over,
                                                    in_board_area,
                                                    care_and_support_needs,
                                                    joint_working_concern,
                                                    adult_status,
                                                    death_from_abuse_or_neglect: death,
                                                    serious_abuse_or_neglect: serious,
                                                    likely_died_but_for_intervention: likely,
                                                    permanent_harm: permanent,
                                                    reduced_capacity_or_quality_of_life: reduced,
                                                };
                                                if !f(c) {
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

    /// Every outcome some completion gives, in order.
    pub fn possible_outcomes(&self) -> Vec<Outcome> {
        let mut seen = 0u8;
        self.for_each_completion(|c| {
            seen |= c.outcome().bit();
            seen != 0b111
        });
        Outcome::ALL
            .into_iter()
            .filter(|o| seen & o.bit() != 0)
            .collect()
    }

    /// The outcome id the engine should report: the only possible one, or `undetermined`.
    pub fn outcome_id(&self) -> &'static str {
        match self.possible_outcomes().as_slice() {
            [only] => only.id(),
            _ => "undetermined",
        }
    }

    /// The possible outcome ids, in order.
    pub fn possible_outcome_ids(&self) -> Vec<&'static str> {
        self.possible_outcomes()
            .into_iter()
            .map(Outcome::id)
            .collect()
    }
}
