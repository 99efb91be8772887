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

/// The JSON Schema of a scenario file: a rule set's scenario, or a procedure's.
///
/// ```
/// let schema = safeguarding_rules::scenario_schema();
/// assert_eq!(schema["title"], "Scenario");
/// assert_eq!(schema["anyOf"].as_array().unwrap().len(), 2);
/// let rule_set = &schema["$defs"]["ScenarioDoc"];
/// assert_eq!(rule_set["required"], serde_json::json!(["description", "case", "expect"]));
/// ```
pub fn scenario_schema() -> Value {
    /// A scenario of a rule set's suite, or of a procedure's.
    #[derive(schemars::JsonSchema)]
    #[serde(untagged)]
    #[schemars(title = "Scenario")]
    #[allow(dead_code)]
    enum AnyScenario {
        RuleSet(crate::scenario::suite::ScenarioDoc),
        Procedure(crate::scenario::procedure_suite::ProcedureScenarioDoc),
    }
    schemars::schema_for!(AnyScenario).to_value()
}

/// The JSON Schema of a scenario directory's optional `suite.json`.
pub fn suite_schema() -> Value {
    schemars::schema_for!(crate::scenario::common::SuiteDoc).to_value()
}

/// The JSON Schema of procedure files.
pub fn procedure_schema() -> Value {
    schemars::schema_for!(crate::procedure::doc::ProcedureDoc).to_value()
}

/// The JSON Schema of assessments.
pub fn assessment_schema() -> Value {
    schemars::schema_for!(crate::determination::assessment::Assessment).to_value()
}

/// The JSON Schema of records of assessments (`"format": 2`).
pub fn assessment_record_schema() -> Value {
    schemars::schema_for!(crate::audit::assessment_record::AssessmentRecord).to_value()
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

/// An integer fact's schema, with its bounds; a date fact's, `format: date` with its
/// bounds as `formatMinimum` and `formatMaximum` (JSON Schema's format-annotation
/// vocabulary) and in the description.
fn number_schema(n: &crate::rules::model::Numbers) -> Value {
    use crate::rules::model::NumberKind;
    let mut schema = match n.kind {
        NumberKind::Integer => json!({"type": "integer"}),
        NumberKind::Date => json!({"type": "string", "format": "date"}),
    };
    let (low, high) = match n.kind {
        NumberKind::Integer => ("minimum", "maximum"),
        NumberKind::Date => ("formatMinimum", "formatMaximum"),
    };
    if let Some(object) = schema.as_object_mut() {
        if n.has_min {
            object.insert(low.to_string(), n.value_json(n.min));
        }
        if n.has_max {
            object.insert(high.to_string(), n.value_json(n.max));
        }
    }
    schema
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
            properties.insert(fact.id.to_string(), fact_schema(fact, &fact.question));
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

/// One fact's schema in a case: its plain value, `null`, or a value with its source.
fn fact_schema(fact: &crate::rules::model::Fact, question: &str) -> Value {
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
        Domain::Number(n) => number_schema(n),
    };
    let mut description = question.to_string();
    if fact.recorded_only {
        description.push_str(" (recorded only: the outcome does not depend on it)");
    }
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
    })
}

impl crate::procedure::load::Procedure {
    /// The JSON Schema of a case for this procedure: every fact of its vocabulary, with
    /// the question the procedure asks.
    ///
    /// ```
    /// let procedure = safeguarding_rules::Procedure::embedded("hillingdon-think-family").unwrap();
    /// let schema = procedure.case_schema();
    /// assert_eq!(schema["properties"]["procedure"]["const"], "hillingdon-think-family");
    /// assert!(schema["properties"]["facts"]["properties"]["age"].is_object());
    /// ```
    pub fn case_schema(&self) -> Value {
        let mut properties = Map::new();
        let sets: Vec<&RuleSet> = self
            .decisions
            .iter()
            .flat_map(|d| std::iter::once(d.augmented.as_ref()).chain(d.applies.as_deref()))
            .collect();
        for id in self.fact_ids() {
            let question = self.fact(id).map_or("", |(_, q)| q);
            let found = sets
                .iter()
                .find_map(|r| r.fact_index.get(id).and_then(|i| r.facts.get(*i)));
            if let Some(fact) = found {
                properties.insert(id.to_string(), fact_schema(fact, question));
            }
        }
        json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": format!("Case for procedure {}", self.id()),
            "description": format!("A case to evaluate against procedure `{}` ({}): every decision it makes. A fact left out is unknown; `null` means asked, not known.", self.id(), self.title()),
            "type": "object",
            "properties": {
                "procedure": {"type": "string", "const": self.id()},
                "reference": {"type": "string"},
                "as_of": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
                "facts": {"type": "object", "properties": properties, "additionalProperties": false}
            },
            "required": ["procedure", "facts"],
            "additionalProperties": false
        })
    }
}
