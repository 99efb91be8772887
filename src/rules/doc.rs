//! The rule file as written: wire types, parsed with serde and described with schemars.
//!
//! Nothing here is checked beyond its JSON shape. [`crate::RuleSet::from_json`] turns a
//! [`RuleSetDoc`] into a validated [`crate::RuleSet`]; conditions stay raw JSON here so
//! that the validator can report every problem in them with a JSON pointer.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A rule file: one rule set making one decision.
///
/// Arrays rather than objects hold provisions, facts, rules, outcomes and notes, so that
/// their order is the author's and a duplicate id is an error rather than a silent overwrite.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Rule file")]
pub struct RuleSetDoc {
    /// The JSON Schema an editor should validate this file against; ignored by the engine.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Stable identifier of the rule set, such as `care-act-2014-s44`.
    pub id: String,
    /// Human title.
    pub title: String,
    /// Version of this rule text, usually the date it takes effect.
    pub version: String,
    /// First day this rule text is in force (`YYYY-MM-DD`).
    pub in_force_from: String,
    /// First day this rule text is no longer in force, if repealed or replaced (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_force_to: Option<String>,
    /// The legal source the rule set encodes.
    pub source: SourceDoc,
    /// Other rule sets whose determinations this one tests, each under a local name. Their
    /// facts join this rule set's vocabulary (one flat namespace).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub imports: Vec<ImportDoc>,
    /// Citable pieces of law, quoted verbatim.
    pub provisions: Vec<ProvisionDoc>,
    /// The vocabulary a case may supply.
    pub facts: Vec<FactDoc>,
    /// Named, cited conditions that outcomes and notes refer to.
    #[serde(default)]
    pub rules: Vec<RuleDoc>,
    /// Ordered outcomes: the first whose condition holds is the outcome; the last has none.
    pub outcomes: Vec<OutcomeDoc>,
    /// Advisory remarks that never change the outcome.
    #[serde(default)]
    pub notes: Vec<NoteDoc>,
    /// Conditions over facts that every completion of a case must satisfy, such as "18 or
    /// over implies 16 or over". A case contradicting them is refused.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub constraints: Vec<ConstraintDoc>,
}

/// The legal source of a rule set.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SourceDoc {
    /// Title of the enactment or document.
    pub title: String,
    /// Where to read it.
    pub url: String,
}

/// An imported rule set.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ImportDoc {
    /// The local name conditions use: `{"decision": "<name>", "is": …}`.
    pub name: String,
    /// The imported rule set's id, resolved through the rule book.
    pub rule_set: String,
    /// Provisions of this file that rest on the imported decision.
    pub cites: Vec<String>,
}

/// One citable piece of law.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProvisionDoc {
    /// Stable id, used in `cites`, such as `s44(1)(a)`.
    pub id: String,
    /// Pinpoint citation for a reader, such as `Care Act 2014 s44(1)(a)`.
    pub cite: String,
    /// The provision's words, verbatim.
    pub text: String,
    /// Where to read it.
    pub url: String,
}

/// The type of a fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FactType {
    /// `true` or `false`.
    Bool,
    /// One of the declared `values`.
    Enum,
    /// One of `known`, `suspected`, `not_suspected`.
    Knowledge,
    /// A subset of the declared `values`, given as an array without duplicates.
    Set,
    /// A whole number (a JSON number with no fraction or exponent), within `min` and `max`.
    Integer,
    /// A calendar date written `YYYY-MM-DD`, within `min` and `max`.
    Date,
}

/// One fact a case may supply.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FactDoc {
    /// Stable id, used in cases and conditions: letters, digits and underscores, starting
    /// with a letter.
    pub id: String,
    /// The fact's type.
    #[serde(rename = "type")]
    pub kind: FactType,
    /// Declared values, for `enum` and `set` facts only.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
    /// The least value, inclusive, for `integer` (a number) and `date` (`YYYY-MM-DD`) facts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<BoundSchema>")]
    pub min: Option<Value>,
    /// The greatest value, inclusive, for `integer` and `date` facts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<BoundSchema>")]
    pub max: Option<Value>,
    /// The plain question a caseworker is asked.
    pub question: String,
    /// Provisions the fact comes from.
    pub cites: Vec<String>,
    /// A test on another fact under which the question makes sense, such as
    /// `{"fact": "adult_status", "is": "died"}`: any answer to this fact implies it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presupposes: Option<PresuppositionDoc>,
    /// The law makes this fact irrelevant to the outcome; it is kept for the record.
    #[serde(default, skip_serializing_if = "is_false")]
    pub recorded_only: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// The fact test a presupposition names.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PresuppositionDoc {
    /// The presupposed fact.
    pub fact: String,
    /// Its presupposed value.
    pub is: Value,
}

/// A named, cited condition.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleDoc {
    /// Stable id, used in `{"rule": …}` references: letters, digits and underscores,
    /// starting with a letter.
    pub id: String,
    /// Provisions the rule encodes.
    pub cites: Vec<String>,
    /// Wording for when the rule holds; "not yet known whether " is put before it while unknown.
    pub holds: String,
    /// Wording for when the rule does not hold.
    pub fails: String,
    /// The condition.
    #[schemars(with = "ConditionSchema")]
    pub condition: Value,
}

/// One outcome of the decision.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OutcomeDoc {
    /// Stable id, such as `mandatory_review`: letters, digits and underscores, starting
    /// with a letter.
    pub id: String,
    /// Provisions the outcome rests on.
    pub cites: Vec<String>,
    /// Wording for when this is the outcome.
    pub holds: String,
    /// Wording for when its condition does not hold (not needed by the last outcome).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fails: Option<String>,
    /// The condition; required on every outcome but the last, forbidden on the last.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<ConditionSchema>")]
    pub condition: Option<Value>,
}

/// An advisory remark, raised when its condition holds in every completion of the case.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteDoc {
    /// Stable id.
    pub id: String,
    /// Provisions the remark relies on.
    pub cites: Vec<String>,
    /// The remark.
    pub text: String,
    /// When to raise it.
    #[schemars(with = "ConditionSchema")]
    pub condition: Value,
}

/// A condition over facts that every completion of a case must satisfy.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConstraintDoc {
    /// Stable id: letters, digits and underscores, starting with a letter.
    pub id: String,
    /// Provisions (or definitions) the link between the facts rests on.
    pub cites: Vec<String>,
    /// What the constraint says, for a reader: shown when a case contradicts it.
    pub says: String,
    /// The condition: fact tests combined with `all`, `any` and `not` (no `rule`,
    /// `decision` or `given`).
    #[schemars(with = "ConditionSchema")]
    pub condition: Value,
}

/// The bound of an integer fact (a number) or a date fact (`YYYY-MM-DD`).
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum BoundSchema {
    Integer(i64),
    Date(String),
}

/// The shape of a condition, for the JSON Schema only: the validator reads conditions
/// itself so that it can report every problem with a pointer.
#[derive(JsonSchema)]
#[serde(untagged)]
#[schemars(rename = "Condition")]
#[allow(dead_code)]
enum ConditionSchema {
    /// Holds when every part holds.
    All {
        /// The parts.
        all: Vec<ConditionSchema>,
    },
    /// Holds when some part holds.
    Any {
        /// The parts.
        any: Vec<ConditionSchema>,
    },
    /// Holds when the part does not.
    Not {
        /// The part.
        not: Box<ConditionSchema>,
    },
    /// A reference to a named rule.
    Rule {
        /// The rule's id.
        rule: String,
    },
    /// A test of a fact: bare (a bool fact is true), `is`, `in`, `contains` or `given`.
    Fact(FactTestSchema),
    /// A test of an imported rule set's determination.
    Decision(DecisionTestSchema),
}

#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "DecisionTest")]
#[allow(dead_code)]
struct DecisionTestSchema {
    /// The import's local name.
    decision: String,
    /// Holds when the imported determination's outcome is this (`undetermined` included).
    #[serde(default)]
    is: Option<String>,
    /// Holds when this outcome is among the imported determination's possible outcomes.
    #[serde(default)]
    possible: Option<String>,
}

#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "FactTest")]
#[allow(dead_code)]
struct FactTestSchema {
    /// The fact tested. Alone, it tests that a bool fact is true.
    fact: String,
    /// Holds when the fact has this value (a bool, a value id, an integer or a date).
    #[serde(default)]
    is: Option<Value>,
    /// Holds when an integer fact is this number or more.
    #[serde(default)]
    at_least: Option<i64>,
    /// Holds when an integer fact is less than this number.
    #[serde(default)]
    below: Option<i64>,
    /// Holds when a date fact is this date (`YYYY-MM-DD`) or later.
    #[serde(default)]
    on_or_after: Option<String>,
    /// Holds when a date fact is earlier than this date (`YYYY-MM-DD`).
    #[serde(default)]
    before: Option<String>,
    /// Holds when the fact has one of these values.
    #[serde(default)]
    r#in: Option<Vec<Value>>,
    /// Holds when the set fact contains this value.
    #[serde(default)]
    contains: Option<String>,
    /// `true`: holds when the case answers the fact with any non-null value, a property
    /// of the case known in every completion; `false`: when it does not.
    #[serde(default)]
    given: Option<bool>,
}
