//! The determination: what the engine returns, and the JSON embedding contract.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::rules::identity::{RuleSetRef, UNDETERMINED};
use crate::rules::provision::Provision;
use crate::wire::text::{Cites, Json, Text};

/// A three-valued (Kleene) truth value, serialized as `"true"`, `"false"` or `"unknown"`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Kleene {
    /// Holds in every completion of the case.
    True,
    /// Fails in every completion of the case.
    False,
    /// Not settled by Kleene logic on what is known.
    Unknown,
}

impl Kleene {
    /// The Kleene value of a known boolean.
    pub fn from_bool(b: bool) -> Kleene {
        if b { Kleene::True } else { Kleene::False }
    }
    /// The word used in JSON and renderings.
    pub fn as_str(self) -> &'static str {
        match self {
            Kleene::True => "true",
            Kleene::False => "false",
            Kleene::Unknown => "unknown",
        }
    }
}

/// The result of evaluating a case against a rule set.
///
/// ```
/// use safeguarding_rules::RuleSet;
/// let rules = RuleSet::embedded("care-act-2014-s44").unwrap();
/// let det = rules.evaluate_json(r#"{"facts": {}}"#).unwrap();
/// assert_eq!(det.outcome, "undetermined");
/// assert_eq!(det.possible_outcomes.len(), 3);
/// ```
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Determination")]
pub struct Determination {
    /// Which rule text decided.
    pub rule_set: RuleSetRef,
    /// The single possible outcome, or `undetermined`.
    pub outcome: Text,
    /// Every outcome some completion of the case gives, in the rule file's order.
    pub possible_outcomes: Vec<Text>,
    /// One sentence for a reader.
    pub summary: Text,
    /// Unknown facts the outcome may still depend on, in the rule file's order.
    pub missing_facts: Vec<MissingFact>,
    /// The question to ask next, or `null`.
    pub next_question: Option<Question>,
    /// Notes raised: their conditions hold in every completion.
    pub notes: Vec<RaisedNote>,
    /// The outcomes in order, each with its condition tree, up to the outcome (all while undetermined).
    pub trace: Vec<TraceNode>,
    /// When the outcome is settled but the Kleene values leave it open: the cases that settle it.
    pub case_split: Option<CaseSplit>,
    /// Only when asked for ([`Options::with_counterfactuals`]), the outcome is settled and
    /// the search stays within [`crate::Limits::MAX_COUNTERFACTUAL_WORK`]: the smallest
    /// sets of changes to the facts given that would settle a different outcome.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counterfactuals: Option<Vec<Counterfactual>>,
    /// Every provision cited in this determination, by id.
    pub provisions: BTreeMap<Text, Provision>,
}

/// An unknown fact the outcome still depends on.
///
/// A fact is listed exactly when, for some way of answering the other unknown facts,
/// different answers to it give different outcomes (answering it applies what it
/// presupposes). A listed fact matters; answering it alone need not settle the outcome.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MissingFact {
    /// Fact id.
    pub fact: Text,
    /// The question to ask.
    pub question: Text,
    /// Provisions the fact comes from.
    pub cites: Cites,
    /// `true` when the case answered it `null` (asked, not known).
    pub asked: bool,
    /// For each possible answer, the outcomes that would remain possible. Absent for a
    /// set fact of more than [`crate::Limits::MAX_SET_ANSWERS_LISTED`] members, whose
    /// subsets are too many to list.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answers: Option<Vec<AnswerOutcomes>>,
}

/// What one answer to a missing fact would leave possible.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerOutcomes {
    /// The answer, as a case would give it; absent for an integer or date fact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Json>,
    /// For an integer or date fact, in place of `value`: the interval of values that
    /// decide alike, both ends inclusive (`at_least`/`at_most`, or
    /// `on_or_after`/`on_or_before` for dates); an unbounded end is left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<Json>,
    /// The outcomes still possible with that answer.
    pub possible_outcomes: Vec<Text>,
}

/// A change to one fact given.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Change {
    /// Fact id.
    pub fact: Text,
    /// The value given.
    pub from: Value,
    /// The value that would change the outcome.
    pub to: Value,
}

/// A smallest set of changes to the facts given that settles a different outcome.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Counterfactual {
    /// The changes, one or two facts.
    pub changes: Vec<Change>,
    /// The outcome they would settle.
    pub outcome: Text,
    /// The provisions involved: the changed facts' and the outcome's.
    pub cites: Cites,
}

/// What to compute beyond the determination itself.
///
/// ```
/// use safeguarding_rules::{Options, RuleSet};
/// let rules = RuleSet::embedded("care-act-2014-s44").unwrap();
/// let mut facts = rules.facts();
/// facts.set("in_board_area", serde_json::json!(false)).unwrap();
/// let det = facts.evaluate_with(Options::default().with_counterfactuals(true));
/// assert!(det.counterfactuals.is_some());
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Options {
    /// List what would change a settled outcome.
    pub counterfactuals: bool,
}

impl Options {
    /// Asks for (or not) the counterfactuals of a settled determination.
    pub fn with_counterfactuals(mut self, yes: bool) -> Options {
        self.counterfactuals = yes;
        self
    }
}

/// A question to ask.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// Fact id.
    pub fact: Text,
    /// The question.
    pub question: Text,
    /// Provisions the fact comes from.
    pub cites: Cites,
}

/// A note raised by a determination.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RaisedNote {
    /// Note id.
    pub id: Text,
    /// Provisions it relies on.
    pub cites: Cites,
    /// The remark.
    pub text: Text,
}

/// The kind of a trace node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    /// An outcome of the decision.
    Outcome,
    /// A named rule.
    Rule,
    /// Every child must hold.
    All,
    /// Some child must hold.
    Any,
    /// The child must not hold.
    Not,
    /// A test of one fact.
    Fact,
    /// An imported rule set's determination.
    Decision,
}

/// How a fact leaf's value was obtained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum FactStatus {
    /// The case gave it.
    Given,
    /// The case did not mention it.
    Unknown,
    /// The case answered `null`: asked, not known.
    Asked,
    /// Implied by the answer to another fact that presupposes it.
    Inferred,
    /// Assumed in one branch of a case split.
    Assumed,
    /// Forced by the rule set's constraints to one value (or interval), given what else is known.
    Constrained,
}

/// How a rule's or outcome's condition combines its children, when they are shown directly under it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Combine {
    /// Every child must hold.
    All,
    /// Some child must hold.
    Any,
}

/// One step of the reasons, with its Kleene value and citations.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TraceNode {
    /// What the node is.
    pub kind: NodeKind,
    /// Outcome or rule id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<Text>,
    /// Fact id, on fact leaves.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fact: Option<Text>,
    /// On an outcome or rule whose condition is an `all` or `any`: which, its parts being the children.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub combine: Option<Combine>,
    /// Provisions this step rests on.
    pub cites: Cites,
    /// Kleene value.
    pub value: Kleene,
    /// The rule file's wording for this value (outcomes and rules).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub says: Option<Text>,
    /// On a fact leaf, the test applied (`{"is": …}`, `{"in": […]}`, `{"contains": …}`,
    /// `{"given": …}`); absent for a bare bool test.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test: Option<Json>,
    /// The fact's own value, when given, inferred, forced or assumed; a forced interval
    /// of an integer or date fact is `{"range": …}`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fact_value: Option<Json>,
    /// How the fact's value was obtained.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<FactStatus>,
    /// The fact whose answer implied this one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inferred_from: Option<Text>,
    /// On a `constrained` fact leaf: a smallest set of constraints that forces its value,
    /// in the rule file's order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub constraints: Option<Cites>,
    /// The evidence reference the case gave.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Text>,
    /// Whether this node is among those that fix its parent's value.
    pub decisive: bool,
    /// The parts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<TraceNode>,
    // Boxed: every other node carries it empty, and a smaller node is cheaper to move.
    /// On a `decision` node: the imported rule set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule_set: Option<Box<RuleSetRef>>,
    /// On a `decision` node: the imported determination's outcome.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Text>,
    /// On a `decision` node: its possible outcomes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub possible_outcomes: Option<Vec<Text>>,
    /// On a `decision` node: its trace.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub trace: Vec<TraceNode>,
    /// On a `decision` node: the notes the imported determination raised.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<RaisedNote>,
}

/// The cases that settle an outcome the Kleene values leave open.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseSplit {
    /// The fact split on.
    pub fact: Text,
    /// For a set fact: the member whose presence is split on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<Text>,
    /// One branch per value (for a set member, `true` and `false`).
    pub branches: Vec<Branch>,
}

/// One branch of a case split.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Branch {
    /// The value assumed.
    pub value: Json,
    /// The outcome in this branch.
    pub outcome: Text,
    /// The trace with the value assumed.
    pub trace: Vec<TraceNode>,
    /// A further split, where this branch still leaves the Kleene values open.
    pub case_split: Option<Box<CaseSplit>>,
}

impl Determination {
    /// The determination as pretty JSON, byte-identical for the same input.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Whether the outcome is settled.
    pub fn is_settled(&self) -> bool {
        self.outcome != UNDETERMINED
    }
}
