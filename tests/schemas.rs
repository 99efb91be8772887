//! The schemas checked in under `rules/schema/` are the ones the library generates.
//! Regenerate them with `UPDATE_SCHEMAS=1 cargo test --test schemas`.

use safeguarding_rules::report_schema;
use safeguarding_rules::{
    RuleSet, determination_schema, record_schema, rules_schema, scenario_schema, suite_schema,
};
use serde_json::Value;

fn check(path: &str, schema: Value) {
    let text = format!("{}\n", serde_json::to_string_pretty(&schema).unwrap());
    if std::env::var_os("UPDATE_SCHEMAS").is_some() {
        std::fs::write(path, &text).unwrap();
        return;
    }
    let found = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        found == text,
        "{path} is stale: regenerate it with `UPDATE_SCHEMAS=1 cargo test --test schemas`"
    );
}

#[test]
fn rules_schema_is_current() {
    check("rules/schema/rules.schema.json", rules_schema());
}

#[test]
fn determination_schema_is_current() {
    check(
        "rules/schema/determination.schema.json",
        determination_schema(),
    );
}

#[test]
fn record_schema_is_current() {
    check("rules/schema/record.schema.json", record_schema());
}

#[test]
fn s44_case_schema_is_current() {
    let rules = RuleSet::embedded("care-act-2014-s44").unwrap();
    check(
        "rules/schema/care-act-2014-s44.case.schema.json",
        rules.case_schema(),
    );
}

/// The think-family packs' case schemas: their fact ids and values are a contract.
#[test]
fn think_family_case_schemas_are_current() {
    for id in [
        "children-act-2004-s16C",
        "children-act-2004-s16M",
        "dvcva-2004-s9",
    ] {
        let rules = RuleSet::embedded(id).unwrap();
        check(
            &format!("rules/schema/{id}.case.schema.json"),
            rules.case_schema(),
        );
    }
}

#[test]
fn s44_rule_file_names_its_schema() {
    let rules = RuleSet::embedded("care-act-2014-s44").unwrap();
    assert_eq!(
        rules.doc().schema.as_deref(),
        Some("schema/rules.schema.json")
    );
}

#[test]
fn case_schema_lists_every_fact_and_value() {
    let rules = RuleSet::embedded("care-act-2014-s44").unwrap();
    let schema = rules.case_schema();
    let facts = &schema["properties"]["facts"]["properties"];
    for id in rules.fact_ids() {
        assert!(facts[id].is_object(), "{id} missing from the case schema");
    }
    assert_eq!(
        facts["adult_status"]["anyOf"][0]["enum"],
        serde_json::json!(["alive", "died"])
    );
}

#[test]
fn case_schema_gives_integer_and_date_facts_with_their_bounds() {
    let text = std::fs::read_to_string("examples/rules/riverside-act/riverside-act.json").unwrap();
    let rules = RuleSet::from_json(&text).unwrap();
    let schema = rules.case_schema();
    let facts = &schema["properties"]["facts"]["properties"];
    let age = serde_json::json!({"type": "integer", "minimum": 0, "maximum": 130});
    assert_eq!(facts["age"]["anyOf"][0], age);
    // An answer object's value has the same type, or null.
    assert_eq!(
        facts["age"]["anyOf"][2]["properties"]["value"]["anyOf"][0],
        age
    );
    let harmed_on = &facts["harmed_on"]["anyOf"][0];
    assert_eq!(harmed_on["type"], "string");
    assert_eq!(harmed_on["format"], "date");
    assert_eq!(harmed_on["formatMinimum"], "1900-01-01");
    assert!(harmed_on.get("formatMaximum").is_none(), "{harmed_on}");
    assert_eq!(facts["adult"]["anyOf"][0]["type"], "boolean");
}

#[test]
fn scenario_schemas_are_current() {
    check("rules/schema/scenario.schema.json", scenario_schema());
    check("rules/schema/suite.schema.json", suite_schema());
}

#[test]
fn procedure_schemas_are_current() {
    use safeguarding_rules::{assessment_record_schema, assessment_schema, procedure_schema};
    check("rules/schema/procedure.schema.json", procedure_schema());
    check("rules/schema/assessment.schema.json", assessment_schema());
    check(
        "rules/schema/assessment-record.schema.json",
        assessment_record_schema(),
    );
    let procedure = safeguarding_rules::Procedure::embedded("hillingdon-think-family").unwrap();
    check(
        "rules/schema/hillingdon-think-family.case.schema.json",
        procedure.case_schema(),
    );
}

#[test]
fn procedure_case_schema_lists_every_fact() {
    let procedure = safeguarding_rules::Procedure::embedded("hillingdon-think-family").unwrap();
    let schema = procedure.case_schema();
    let facts = &schema["properties"]["facts"]["properties"];
    for id in procedure.fact_ids() {
        assert!(facts[id].is_object(), "{id} missing from the case schema");
    }
    assert_eq!(facts["died"]["description"], "Has the person died?");
    assert_eq!(facts["age"]["anyOf"][0]["maximum"], 130);
}

#[test]
fn report_schema_is_current() {
    check("rules/schema/report.schema.json", report_schema());
}
