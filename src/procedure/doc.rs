//! The procedure file as written: wire types, parsed with serde and described with schemars.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::rules::doc::{ConstraintDoc, FactDoc, NoteDoc, ProvisionDoc, SourceDoc};

/// A procedure file: several rule sets, each making one decision, evaluated on one case.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Procedure file")]
pub struct ProcedureDoc {
    /// The JSON Schema an editor should validate this file against; ignored by the engine.
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Always `procedure`: what tells a procedure file from a rule file.
    pub kind: ProcedureKind,
    /// Stable identifier of the procedure, such as `hillingdon-think-family`.
    pub id: String,
    /// Human title.
    pub title: String,
    /// Version of this procedure text.
    pub version: String,
    /// First day the procedure is in force (`YYYY-MM-DD`).
    pub in_force_from: String,
    /// First day it is no longer in force, if replaced (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_force_to: Option<String>,
    /// The document the procedure encodes.
    pub source: SourceDoc,
    /// Citable pieces of the procedure's own source, quoted verbatim.
    pub provisions: Vec<ProvisionDoc>,
    /// The decisions, in the order an assessment lists them.
    pub decisions: Vec<DecisionDoc>,
    /// Facts of the procedure's own (its decisions' facts join them: one flat namespace).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub facts: Vec<FactDoc>,
    /// The procedure's wording of a fact's question, by fact id, in place of the first
    /// declaration's.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub questions: BTreeMap<String, String>,
    /// Conditions over facts linking the decisions' vocabularies; every completion of a
    /// case must satisfy them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub constraints: Vec<ConstraintDoc>,
    /// Advisory remarks across decisions: conditions over decisions
    /// (`{"decision": "dhr", "possible": "domestic_homicide_review"}`) and facts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<NoteDoc>,
}

/// The kind of file: a procedure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProcedureKind {
    /// A procedure file.
    Procedure,
}

/// One decision of a procedure: a rule set under a local name.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionDoc {
    /// The local name an assessment and the procedure's notes use.
    pub name: String,
    /// The rule set's id, resolved through the rule book.
    pub rule_set: String,
    /// Provisions of the procedure this decision rests on.
    pub cites: Vec<String>,
    /// A condition over facts: where it fails in every consistent completion, the decision
    /// is reported as not applying and its facts are not asked for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Value>")]
    pub applies_when: Option<Value>,
}

/// Every fact id a condition tests, in the order written.
pub(crate) fn facts_tested(condition: &Value, out: &mut Vec<String>) {
    match condition {
        Value::Object(o) => {
            if let Some(Value::String(f)) = o.get("fact") {
                if !out.contains(f) {
                    out.push(f.clone());
                }
                return;
            }
            for v in o.values() {
                facts_tested(v, out);
            }
        }
        Value::Array(items) => {
            for v in items {
                facts_tested(v, out);
            }
        }
        _ => {}
    }
}

/// Whether a condition tests a decision anywhere.
pub(crate) fn tests_decision(condition: &Value) -> bool {
    match condition {
        Value::Object(o) => o.contains_key("decision") || o.values().any(tests_decision),
        Value::Array(items) => items.iter().any(tests_decision),
        _ => false,
    }
}
