//! The conformance list every binding checks itself against: each example case and each
//! scenario case with the exact determination JSON the Rust library gives
//! (`Determination::to_json`, pretty, no trailing newline).
//!
//! `tests/conformance/cases.jsonl` holds one object a line: `name` (where the case comes
//! from), `case` (the case's JSON text), `rule_files` (rule file texts the engine is built
//! with, beside the embedded packs; usually empty) and `determination` (the exact bytes).
//! This test fails when the file is stale; regenerate it with
//!
//! ```text
//! SGR_UPDATE_CONFORMANCE=1 cargo test --test conformance
//! ```

use std::path::{Path, PathBuf};

use safeguarding_rules::{Case, JsonEngine, RuleBook};
use serde_json::{Value, json};

const LIST: &str = "tests/conformance/cases.jsonl";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn json_files(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn relative(path: &Path) -> String {
    path.strip_prefix(root())
        .expect("under the crate")
        .display()
        .to_string()
}

/// Every case of the list, as (name, case text, rule file texts).
fn cases() -> Vec<(String, String, Vec<String>)> {
    let mut out = Vec::new();
    for dir in ["examples/cases", "examples/cases/hillingdon"] {
        for path in json_files(dir) {
            out.push((relative(&path), read(&path), Vec::new()));
        }
    }
    for path in json_files("examples/rules") {
        let name = relative(&path);
        if let Some(stem) = name.strip_suffix("-case.json") {
            let rules = read(&root().join(format!("{stem}-act.json")));
            out.push((name, read(&path), vec![rules]));
        }
    }
    let mut suites: Vec<PathBuf> = std::fs::read_dir(root().join("rules/scenarios"))
        .expect("rules/scenarios")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.is_dir())
        .collect();
    suites.sort();
    for suite in suites {
        for path in json_files(&relative(&suite)) {
            if path.file_name().is_some_and(|n| n == "suite.json") {
                continue;
            }
            let scenario: Value = serde_json::from_str(&read(&path)).expect("a scenario");
            let case = serde_json::to_string_pretty(&scenario["case"]).expect("a case");
            out.push((relative(&path), case, Vec::new()));
        }
    }
    out
}

/// The determination the Rust library gives, without the JSON layer.
fn determination(case: &str, rule_files: &[String]) -> String {
    let mut book = RuleBook::embedded();
    let files: Vec<(String, String)> = rule_files
        .iter()
        .map(|t| ("rule file".to_string(), t.clone()))
        .collect();
    book.add_json_files(&files).expect("the rule files load");
    let case = Case::from_json(case).expect("a valid case");
    book.evaluate(&case).expect("the case evaluates").to_json()
}

fn list() -> String {
    let mut text = String::new();
    for (name, case, rule_files) in cases() {
        let line = json!({
            "name": name,
            "case": case,
            "rule_files": rule_files,
            "determination": determination(&case, &rule_files),
        });
        text.push_str(&serde_json::to_string(&line).expect("a line"));
        text.push('\n');
    }
    text
}

#[test]
fn the_conformance_list_is_current() {
    let path = root().join(LIST);
    let expected = list();
    if std::env::var_os("SGR_UPDATE_CONFORMANCE").is_some() {
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("the directory");
        std::fs::write(&path, &expected).expect("written");
    }
    let found = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        found == expected,
        "{LIST} is stale: regenerate it with `SGR_UPDATE_CONFORMANCE=1 cargo test --test conformance`"
    );
    assert!(
        expected.lines().count() >= 80,
        "every example and scenario case is listed"
    );
}

#[test]
fn the_json_engine_gives_the_listed_bytes() {
    let text = std::fs::read_to_string(root().join(LIST)).expect("the conformance list");
    let plain = JsonEngine::embedded();
    for line in text.lines() {
        let entry: Value = serde_json::from_str(line).expect("a line of the list");
        let rule_files: Vec<&str> = entry["rule_files"]
            .as_array()
            .expect("rule_files")
            .iter()
            .map(|t| t.as_str().expect("a rule file's text"))
            .collect();
        let with_files;
        let engine = if rule_files.is_empty() {
            &plain
        } else {
            with_files = JsonEngine::with_rule_files(&rule_files).expect("the rule files load");
            &with_files
        };
        let case = entry["case"].as_str().expect("the case");
        let got = engine.evaluate(case, None).expect("the case evaluates");
        assert_eq!(
            got,
            entry["determination"].as_str().expect("bytes"),
            "{}",
            entry["name"]
        );
    }
}

// --- reports (issue 18) ---

/// The report every binding checks itself against: the demo history's financial year 2024,
/// the exact bytes of `JsonEngine::report` (pretty, no trailing newline).
const REPORT: &str = "tests/conformance/report-2024.json";

#[test]
fn the_conformance_report_is_current() {
    let records = read(&root().join("examples/records/history.jsonl"));
    let expected = JsonEngine::embedded()
        .report(&records, Some(r#"{"year": 2024}"#))
        .expect("the report");
    let path = root().join(REPORT);
    if std::env::var_os("SGR_UPDATE_CONFORMANCE").is_some() {
        std::fs::write(&path, &expected).expect("written");
    }
    assert!(
        read(&path) == expected,
        "{REPORT} is stale: regenerate it with `SGR_UPDATE_CONFORMANCE=1 cargo test --test conformance`"
    );
    // The JSON layer gives what the library's own tally gives.
    let book = RuleBook::embedded();
    let mut tally = safeguarding_rules::Tally::new(
        &book,
        Some(safeguarding_rules::Period::financial_year(2024)),
    );
    records.lines().for_each(|l| tally.add(l));
    assert_eq!(tally.finish().to_json(), expected);
}
