//! Scenario files: a board's or vendor's own statements of what a rule set must decide,
//! run as a suite with coverage of every rule value, outcome and note.
//!
//! A scenario names a case and the expected outcome; it may also name the possible
//! outcomes, the provisions that must appear among the decisive reasons, the notes and the
//! missing facts, each checked only when given. A suite is a directory of scenarios, with
//! an optional `suite.json` naming the rule set it covers and any values that cannot occur.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::book::rule_book::RuleBook;
use crate::case::document::Case;
use crate::determination::document::Determination;
use crate::scenario::common::{
    Expectation, ScenarioResult, Seen, SuiteDoc, SuiteReport, check_expectation, coverage, read,
};

/// One scenario file.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Scenario")]
pub struct ScenarioDoc {
    /// What the scenario shows, in a line.
    pub description: String,
    /// Where it comes from (a published review, a guidance example), if anywhere.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The case, as a case document (it names its rule set).
    pub case: Value,
    /// What the rule set must decide.
    pub expect: Expectation,
}

/// Runs a suite given as texts: `suite` is the `suite.json` text, `scenarios` pairs each
/// scenario's name with its text. `book` holds the rule sets scenarios may name; each
/// case uses the version in force on its `as_of` (the newest without one), and a case
/// naming none uses the book's default. Reading the files is the caller's business (see
/// [`run_scenario_dir`] for the one function that reads a directory).
///
/// ```
/// use safeguarding_rules::{RuleBook, run_suite};
/// let book = RuleBook::embedded();
/// let suite = r#"{"rule_set": "care-act-2014-s44"}"#;
/// let scenario = r#"{"description": "not in the area",
///   "case": {"facts": {"in_board_area": false}},
///   "expect": {"outcome": "outside_section_44", "decisive_provisions": ["s44(1)"], "notes": []}}"#;
/// let report = run_suite(&book, suite, &[("outside".to_string(), scenario.to_string())]).unwrap();
/// assert_eq!(report.passed(), 1);
/// assert!(!report.coverage.gaps.is_empty());
/// ```
pub fn run_suite(
    book: &RuleBook,
    suite: &str,
    scenarios: &[(String, String)],
) -> Result<SuiteReport, String> {
    let suite: SuiteDoc = read("suite.json", suite)?;
    if let Some(id) = suite
        .procedure
        .clone()
        .or_else(|| named_procedure(scenarios))
    {
        return crate::scenario::procedure_suite::run(book, &suite, &id, scenarios);
    }
    let named = match &suite.rule_set {
        Some(id) => Some(id.clone()),
        None => named_rule_set(scenarios),
    };
    let covered = book
        .select(named.as_deref(), None)
        .map_err(|e| format!("suite.json: {e}"))?;
    let mut report = SuiteReport::default();
    let mut seen = Seen::default();
    let mut sorted: Vec<&(String, String)> = scenarios.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, text) in sorted {
        let failures = match run_one(book, text) {
            Ok((det, failures)) => {
                if det.rule_set.id == covered.id() {
                    seen.record(&det);
                }
                failures
            }
            Err(e) => vec![e],
        };
        report.results.push(ScenarioResult {
            name: name.clone(),
            failures,
        });
    }
    report.coverage = coverage(covered, &suite, &seen, &mut report.suite_problems);
    Ok(report)
}

/// The procedure the first scenario's case names, if it names one.
fn named_procedure(scenarios: &[(String, String)]) -> Option<String> {
    let mut sorted: Vec<&(String, String)> = scenarios.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let (_, text) = sorted.first()?;
    let value: Value = serde_json::from_str(text).ok()?;
    value
        .pointer("/case/procedure")?
        .as_str()
        .map(str::to_string)
}

/// The rule set the first scenario's case names, if it names one.
fn named_rule_set(scenarios: &[(String, String)]) -> Option<String> {
    let mut sorted: Vec<&(String, String)> = scenarios.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    sorted.iter().find_map(|(_, text)| {
        let value: Value = serde_json::from_str(text).ok()?;
        value
            .pointer("/case/rule_set")?
            .as_str()
            .map(str::to_string)
    })
}

/// Reads a scenario directory (the optional `suite.json` and every other `*.json` file in
/// it) and runs it. This is the library's only function that touches the file system.
pub fn run_scenario_dir(book: &RuleBook, dir: &std::path::Path) -> Result<SuiteReport, String> {
    let suite_path = dir.join("suite.json");
    let suite = if suite_path.exists() {
        std::fs::read_to_string(&suite_path)
            .map_err(|e| format!("{}: cannot read: {e}", suite_path.display()))?
    } else {
        "{}".to_string()
    };
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("{}: cannot read: {e}", dir.display()))?;
    let mut scenarios = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|e| format!("{}: cannot read: {e}", dir.display()))?
            .path();
        let is_scenario = path.extension().is_some_and(|x| x == "json")
            && path.file_name().is_some_and(|n| n != "suite.json");
        if is_scenario {
            let text = std::fs::read_to_string(&path)
                .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
            let name = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            scenarios.push((name, text));
        }
    }
    run_suite(book, &suite, &scenarios)
}

/// Evaluates one scenario and lists what did not hold.
fn run_one(book: &RuleBook, text: &str) -> Result<(Determination, Vec<String>), String> {
    let doc: ScenarioDoc = read("scenario", text)?;
    let case = Case::from_value(doc.case.clone()).map_err(|e| format!("case: {e}"))?;
    let det = book.evaluate(&case).map_err(|e| e.to_string())?;
    let failures = check_expectation(&det, &doc.expect);
    Ok((det, failures))
}
