//! JSON Schemas for rule files, determinations and cases, so that systems in any
//! language can integrate.

use serde_json::{Map, Value, json};

use crate::case::document::Case;
use crate::determination::document::Determination;
use crate::rules::doc::RuleSetDoc;
use crate::rules::model::Domain;
use crate::rules::ruleset::RuleSet;

/// The JSON Schema of a rule file.
///
/// ```
/// let schema = safeguarding_rules::rules_schema();
/// assert_eq!(schema["title"], "Rule file");
/// ```
pub fn rules_schema() -> Value {
    schemars::schema_for!(RuleSetDoc).to_value()
}

/// The JSON Schema of a determination.
pub fn determination_schema() -> Value {
    schemars::schema_for!(Determination).to_value()
}

/// The JSON Schema of an audit record.
pub fn record_schema() -> Value {
    schemars::schema_for!(crate::audit::record::Record).to_value()
}

/// The JSON Schema of a scenario file.
///
/// ```
/// let schema = safeguarding_rules::scenario_schema();
/// assert_eq!(schema["title"], "Scenario");
/// assert_eq!(schema["required"], serde_json::json!(["description", "case", "expect"]));
/// ```
pub fn scenario_schema() -> Value {
    schemars::schema_for!(crate::scenario::suite::ScenarioDoc).to_value()
}

/// The JSON Schema of a scenario directory's optional `suite.json`.
pub fn suite_schema() -> Value {
    schemars::schema_for!(crate::scenario::suite::SuiteDoc).to_value()
}

/// The JSON Schema of a case's `referral`, as a rule set's case schema gives it.
fn referral_schema() -> Value {
    json!({
        "description": "Where the case was referred from and when, recorded as given (for reports).",
        "type": "object",
        "properties": {
            "source": {"type": "string"},
            "received_on": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
        },
        "required": ["source", "received_on"],
        "additionalProperties": false
    })
}

/// The JSON Schema of a report ([`crate::Tally`]'s, `report --format json`).
///
/// ```
/// let schema = safeguarding_rules::report_schema();
/// assert_eq!(schema["title"], "Report");
/// ```
pub fn report_schema() -> Value {
    schemars::schema_for!(crate::determination::report::Report).to_value()
}

/// The JSON Schema of a case for any rule set (facts unchecked).
pub fn case_schema() -> Value {
    schemars::schema_for!(Case).to_value()
}

impl RuleSet {
    /// The JSON Schema of a case for this rule set: its fact ids, types and values.
    ///
    /// ```
    /// use safeguarding_rules::RuleSet;
    /// let rules = RuleSet::embedded("care-act-2014-s44").unwrap();
    /// let schema = rules.case_schema();
    /// assert!(schema["properties"]["facts"]["properties"]["adult_status"].is_object());
    /// ```
    pub fn case_schema(&self) -> Value {
        let mut properties = Map::new();
        for fact in &self.facts {
            let plain = match &fact.domain {
                Domain::Bool => json!({"type": "boolean"}),
                Domain::Enum(_) | Domain::Knowledge => {
                    json!({"type": "string", "enum": fact.domain.names()})
                }
                Domain::Set(_) => json!({
                    "type": "array",
                    "items": {"type": "string", "enum": fact.domain.names()},
                    "uniqueItems": true
                }),
            };
            let mut description = fact.question.to_string();
            if fact.recorded_only {
                description.push_str(" (recorded only: the outcome does not depend on it)");
            }
            properties.insert(
                fact.id.to_string(),
                json!({
                    "description": description,
                    "anyOf": [
                        plain.clone(),
                        {"type": "null", "description": "asked, not known"},
                        {
                            "type": "object",
                            "properties": {"value": {"anyOf": [plain, {"type": "null"}]}, "source": {"type": "string"}},
                            "required": ["value"],
                            "additionalProperties": false
                        }
                    ]
                }),
            );
        }
        json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": format!("Case for {}", self.id()),
            "description": format!("A case to evaluate against rule set `{}` ({}). A fact left out is unknown; `null` means asked, not known.", self.id(), self.title()),
            "type": "object",
            "properties": {
                "rule_set": {"type": "string", "const": self.id()},
                "reference": {"type": "string"},
                "as_of": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
                "referral": referral_schema(),
                "facts": {"type": "object", "properties": properties, "additionalProperties": false}
            },
            "required": ["facts"],
            "additionalProperties": false
        })
    }
}
