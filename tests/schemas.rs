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
fn scenario_schemas_are_current() {
    check("rules/schema/scenario.schema.json", scenario_schema());
    check("rules/schema/suite.schema.json", suite_schema());
}

#[test]
fn report_schema_is_current() {
    check("rules/schema/report.schema.json", report_schema());
}
