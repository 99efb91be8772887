//! The conformance list every binding checks itself against: each example case and each
//! scenario case with the exact determination JSON the Rust library gives
//! (`Determination::to_json`, pretty, no trailing newline).
//!
//! `tests/conformance/cases.jsonl` holds one object a line: `name` (where the case comes
//! from), `case` (the case's JSON text), `rule_files` (rule file texts the engine is built
//! with, beside the embedded packs; usually empty) and `determination` (the exact bytes).
//! `tests/conformance/renderings.jsonl` does the same for the renderings of a few cases:
//! `name`, `case`, `rule_files`, `format` (`markdown`, `html`, `dot`, `mermaid`) and
//! `output`, the exact bytes `JsonEngine::render` gives, which every binding's `render`
//! must give too.
//!
//! This test fails when a file is stale; regenerate both with
//!
//! ```text
//! SGR_UPDATE_CONFORMANCE=1 cargo test --test conformance
//! ```

use std::path::{Path, PathBuf};

use safeguarding_rules::{Case, JsonEngine, RecordOfReasons, RuleBook};
use serde_json::{Value, json};

const LIST: &str = "tests/conformance/cases.jsonl";
const RENDERINGS: &str = "tests/conformance/renderings.jsonl";

/// The cases whose renderings are listed: the three `docs/pictures/` shows, and the
/// invented law's case split (with its rule file).
const RENDERED: [&str; 4] = [
    "examples/cases/mandatory-condition-1-hypothermia.json",
    "examples/cases/hillingdon/sar-panel-refer-death-not-linked.json",
    "examples/cases/design-example-2024-017.json",
    "examples/rules/lantern-case.json",
];
const RENDERED_FORMATS: [&str; 4] = ["markdown", "html", "dot", "mermaid"];

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
    for dir in [
        "examples/cases",
        "examples/cases/hillingdon",
        "examples/cases/think-family/packs",
        "examples/cases/think-family",
    ] {
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
    // An example rule folder, `examples/rules/<name>/`: each case in `cases/` with the
    // rule file `<name>.json`. A contradicting case has no determination: the bindings'
    // error tests refuse it (problem code `contradiction`).
    let mut folders: Vec<PathBuf> = std::fs::read_dir(root().join("examples/rules"))
        .expect("examples/rules")
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.is_dir())
        .collect();
    folders.sort();
    for folder in folders {
        let name = folder
            .file_name()
            .expect("a name")
            .to_string_lossy()
            .into_owned();
        let rules = read(&folder.join(format!("{name}.json")));
        for path in json_files(&format!("examples/rules/{name}/cases")) {
            if path
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("contradiction-"))
            {
                continue;
            }
            out.push((relative(&path), read(&path), vec![rules.clone()]));
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
    if case.procedure.is_some() {
        // A case naming a procedure gives an assessment, listed under the same key.
        return book.assess(&case).expect("the case evaluates").to_json();
    }
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

/// The renderings of the listed cases, one line a case and format. The bytes come from
/// the library's record of reasons, not through the JSON layer the bindings wrap.
fn renderings() -> String {
    let mut text = String::new();
    for (name, case, rule_files) in cases() {
        if !RENDERED.contains(&name.as_str()) {
            continue;
        }
        let mut book = RuleBook::embedded();
        let files: Vec<(String, String)> = rule_files
            .iter()
            .map(|t| ("rule file".to_string(), t.clone()))
            .collect();
        book.add_json_files(&files).expect("the rule files load");
        let read = Case::from_json(&case).expect("a valid case");
        let rules = book.select_for(&read).expect("a rule set");
        let det = rules.bind(&read).expect("the case binds").evaluate();
        let record = RecordOfReasons::new(&det)
            .with_rules(rules)
            .with_case(&read);
        for format in RENDERED_FORMATS {
            let output = match format {
                "markdown" => record.to_markdown(),
                "html" => record.to_html(),
                "dot" => record.to_dot(),
                _ => record.to_mermaid(),
            };
            let line = json!({"name": name, "case": case, "rule_files": rule_files,
                              "format": format, "output": output});
            text.push_str(&serde_json::to_string(&line).expect("a line"));
            text.push('\n');
        }
    }
    text
}

#[test]
fn the_renderings_list_is_current() {
    let path = root().join(RENDERINGS);
    let expected = renderings();
    if std::env::var_os("SGR_UPDATE_CONFORMANCE").is_some() {
        std::fs::write(&path, &expected).expect("written");
    }
    let found = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        found == expected,
        "{RENDERINGS} is stale: regenerate it with `SGR_UPDATE_CONFORMANCE=1 cargo test --test conformance`"
    );
    assert_eq!(
        expected.lines().count(),
        RENDERED.len() * RENDERED_FORMATS.len()
    );
}

#[test]
fn the_json_engine_renders_the_listed_bytes() {
    // While the list is being regenerated (by another test, at the same time), check the
    // new one.
    let text = if std::env::var_os("SGR_UPDATE_CONFORMANCE").is_some() {
        renderings()
    } else {
        std::fs::read_to_string(root().join(RENDERINGS)).expect("the renderings list")
    };
    for line in text.lines() {
        let entry: Value = serde_json::from_str(line).expect("a line of the list");
        let rule_files: Vec<&str> = entry["rule_files"]
            .as_array()
            .expect("rule_files")
            .iter()
            .map(|t| t.as_str().expect("a rule file's text"))
            .collect();
        let engine = JsonEngine::with_rule_files(&rule_files).expect("the rule files load");
        let format = entry["format"].as_str().expect("the format");
        let got = engine
            .render(entry["case"].as_str().expect("the case"), format, None)
            .expect("the case renders");
        assert_eq!(
            got,
            entry["output"].as_str().expect("bytes"),
            "{} {format}",
            entry["name"]
        );
    }
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
fn the_list_covers_integer_date_and_constrained_facts() {
    let text = std::fs::read_to_string(root().join(LIST)).expect("the conformance list");
    let names: Vec<String> = text
        .lines()
        .map(|l| {
            let entry: Value = serde_json::from_str(l).expect("a line of the list");
            entry["name"].as_str().expect("a name").to_string()
        })
        .collect();
    for name in [
        "examples/rules/riverside-act/cases/interval-answer-age-unknown.json",
        "examples/rules/riverside-act/cases/forced-not-adult-aged-17.json",
    ] {
        assert!(names.iter().any(|n| n == name), "{name} is not listed");
    }
    // An interval answer and a constrained fact are in the bytes the bindings compare.
    assert!(
        text.contains(r#"\"range\": {\n"#),
        "no interval answer listed"
    );
    assert!(
        text.contains(r#"\"status\": \"constrained\""#),
        "no constrained fact listed"
    );
}

/// A case contradicting the constraints is a case error with problem code
/// `contradiction`, through the JSON layer the bindings call.
#[test]
fn a_contradicting_case_is_a_case_error_through_the_json_engine() {
    let rules = read(&root().join("examples/rules/riverside-act/riverside-act.json"));
    let engine = JsonEngine::with_rule_files(&[rules.as_str()]).expect("the rule file loads");
    let case =
        read(&root().join("examples/rules/riverside-act/cases/contradiction-adult-aged-15.json"));
    let err = engine.evaluate(&case, None).expect_err("a contradiction");
    let json: Value = serde_json::from_str(&err.to_json()).expect("error JSON");
    assert_eq!(json["code"], "case_error");
    assert_eq!(json["problems"][0]["code"], "contradiction");
    assert_eq!(json["problems"][0]["pointer"], "/facts/age");
    assert!(
        json["message"]
            .as_str()
            .expect("a message")
            .contains("constraint `adult_means_18_or_over`"),
        "{json}"
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
