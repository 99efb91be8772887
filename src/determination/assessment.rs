//! The assessment: every decision a procedure makes on one case, and its JSON contract.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::determination::document::{Determination, RaisedNote};

use crate::rules::provision::Provision;
use crate::wire::text::{Cites, Text};

/// The result of evaluating a case against a procedure: one entry per decision, in the
/// procedure's order, with the facts still missing across them and the question to ask next.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Assessment")]
pub struct Assessment {
    /// Which procedure text assessed.
    pub procedure: ProcedureRef,
    /// One sentence per decision.
    pub summary: Text,
    /// The decisions, in the procedure's order.
    pub decisions: Vec<DecisionResult>,
    /// The union of the decisions' missing facts, each naming the decisions it matters
    /// to: most decisions first, then in fact order.
    pub missing_facts: Vec<ProcedureMissingFact>,
    /// The question to ask next, or `null`.
    pub next_question: Option<ProcedureQuestion>,
    /// The procedure's notes raised.
    pub notes: Vec<RaisedNote>,
    /// The procedure's own provisions, by id.
    pub provisions: BTreeMap<Text, Provision>,
}

/// The procedure an assessment came from.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProcedureRef {
    /// Procedure id.
    pub id: Text,
    /// Procedure text version.
    pub version: Text,
    /// The fingerprint of the procedure text and the rule sets it used.
    pub fingerprint: Text,
}

/// One decision of an assessment: its determination, or why there is none.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionResult {
    /// The decision's name in the procedure.
    pub name: Text,
    /// `false` when the decision's `applies_when` fails in every consistent completion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applies: Option<bool>,
    /// `false` when its rule set is not in force on the case's `as_of`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_force: Option<bool>,
    /// The rule set not in force.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule_set: Option<RuleSetId>,
    /// The determination, when the decision applies (or may) and is in force.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub determination: Option<Determination>,
}

/// A rule set named by id alone.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleSetId {
    /// Rule set id.
    pub id: Text,
}

/// A fact some decisions still depend on.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProcedureMissingFact {
    /// Fact id.
    pub fact: Text,
    /// The question to ask.
    pub question: Text,
    /// Provisions the fact comes from, across the decisions.
    pub cites: Cites,
    /// `true` when the case answered it `null` (asked, not known).
    pub asked: bool,
    /// The decisions it matters to, in the procedure's order.
    #[serde(rename = "for")]
    pub for_decisions: Vec<Text>,
}

/// The question an assessment proposes next.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProcedureQuestion {
    /// Fact id.
    pub fact: Text,
    /// The question.
    pub question: Text,
    /// Provisions the fact comes from.
    pub cites: Cites,
    /// The decisions it matters to.
    #[serde(rename = "for")]
    pub for_decisions: Vec<Text>,
}

impl Assessment {
    /// The assessment as pretty JSON: the embedding contract.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The decision named `name`, if the procedure has one.
    pub fn decision(&self, name: &str) -> Option<&DecisionResult> {
        self.decisions.iter().find(|d| d.name == name)
    }

    /// Whether every decision that applies and is in force is settled.
    pub fn is_settled(&self) -> bool {
        self.decisions
            .iter()
            .filter_map(|d| d.determination.as_ref())
            .all(Determination::is_settled)
    }
}

/// What evaluating a case gives: a determination, or an assessment for a case naming a
/// procedure. Serialized as the document itself.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Decided {
    /// A rule set's determination.
    Determination(Box<Determination>),
    /// A procedure's assessment.
    Assessment(Box<Assessment>),
}
