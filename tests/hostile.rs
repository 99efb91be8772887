//! Hostile rule files through `evaluate --rules`: each exits 2 with a one-line,
//! positioned message, never a panic or a hang.

mod common;

use std::process::Command;

fn evaluate_with_rules(name: &str, rules: &str) -> (i32, String) {
    let dir = std::env::temp_dir().join(format!("hostile-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let rules_path = dir.join("rules.json");
    std::fs::write(&rules_path, rules).unwrap();
    let program = common::example("evaluate");
    let output = Command::new(program)
        .arg("--rules")
        .arg(&rules_path)
        .arg("examples/cases/undetermined-nothing-known.json")
        .output()
        .expect("cargo test builds the examples");
    let _ = std::fs::remove_dir_all(&dir);
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// A small valid rule file whose first rule's condition is `condition`.
fn with_rule(condition: &str, extra_rules: &str) -> String {
    format!(
        r#"{{"id": "h", "title": "H", "version": "1", "in_force_from": "2020-01-01",
        "source": {{"title": "H", "url": "https://example.org"}},
        "provisions": [{{"id": "p", "cite": "P", "text": "t", "url": "https://example.org/p"}}],
        "facts": [{{"id": "x", "type": "bool", "question": "X?", "cites": ["p"]}}],
        "rules": [{{"id": "r0", "cites": ["p"], "holds": "h", "fails": "f", "condition": {condition}}}{extra_rules}],
        "outcomes": [{{"id": "yes", "cites": ["p"], "holds": "h", "fails": "f", "condition": {{"rule": "r0"}}}},
                     {{"id": "no", "cites": ["p"], "holds": "n"}}]}}"#
    )
}

#[test]
fn hostile_rule_files_exit_2_with_a_positioned_one_line_message() {
    let deep_rule = format!(
        "{}{{\"fact\": \"x\"}}{}",
        "{\"not\": ".repeat(3000),
        "}".repeat(3000)
    );
    let chain: String = (1..1000)
        .map(|i| format!(r#", {{"id": "r{i}", "cites": ["p"], "holds": "h", "fails": "f", "condition": {{"rule": "r{}"}}}}"#, i + 1))
        .collect::<String>()
        + r#", {"id": "r1000", "cites": ["p"], "holds": "h", "fails": "f", "condition": {"fact": "x"}}"#;
    let cases: Vec<(&str, String, &str)> = vec![
        ("empty", String::new(), "line 1, column 1"),
        (
            "truncated",
            with_rule("{\"fact\": \"x\"}", "")[..120].to_string(),
            "line ",
        ),
        ("nested-brackets", "[".repeat(200_000), "line 1, column"),
        (
            "twenty-megabyte-string",
            format!("{{\"id\": \"{}\"}}", "x".repeat(20 * 1024 * 1024)),
            "over the limit",
        ),
        (
            "unknown-field",
            with_rule("{\"fact\": \"x\"}", "").replacen("\"title\"", "\"titel\"", 1),
            "/titel",
        ),
        (
            "self-referencing-rule",
            with_rule("{\"rule\": \"r0\"}", ""),
            "/rules/0/condition",
        ),
        (
            "rule-nested-thousands-deep",
            with_rule(&deep_rule, ""),
            "nested deeper than the limit",
        ),
        (
            "rule-chain-a-thousand-long",
            with_rule("{\"rule\": \"r1\"}", &chain),
            "levels deep counting the rules",
        ),
    ];
    for (name, rules, position) in cases {
        let (code, stderr) = evaluate_with_rules(name, &rules);
        assert_eq!(code, 2, "{name}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{name}: {stderr}");
        assert!(stderr.contains(position), "{name}: {stderr}");
        assert!(!stderr.contains("panicked"), "{name}: {stderr}");
    }
}

/// `n` enum facts of 16 values; the first outcome holds when any of them is `v0`.
fn many_enums(n: usize) -> String {
    let facts: Vec<String> = (0..n)
        .map(|i| {
            let values: Vec<String> = (0..16).map(|v| format!("\"v{v}\"")).collect();
            format!(
                r#"{{"id": "f{i}", "type": "enum", "values": [{}], "question": "F{i}?", "cites": ["p"]}}"#,
                values.join(", ")
            )
        })
        .collect();
    let tests: Vec<String> = (0..n)
        .map(|i| format!(r#"{{"fact": "f{i}", "is": "v0"}}"#))
        .collect();
    format!(
        r#"{{"id": "many", "title": "M", "version": "1", "in_force_from": "2020-01-01",
        "source": {{"title": "M", "url": "https://example.org"}},
        "provisions": [{{"id": "p", "cite": "P", "text": "t", "url": "https://example.org/p"}}],
        "facts": [{}],
        "outcomes": [{{"id": "hit", "cites": ["p"], "holds": "h", "fails": "f", "condition": {{"any": [{}]}}}},
                     {{"id": "miss", "cites": ["p"], "holds": "m"}}]}}"#,
        facts.join(", "),
        tests.join(", ")
    )
}

#[test]
fn counterfactuals_beyond_their_limit_are_left_out_not_searched() {
    use safeguarding_rules::{Options, RuleSet};
    // 100 facts given with 15 other values each: over a million pairs of changes to try.
    let rules = RuleSet::from_json(&many_enums(100)).unwrap();
    let mut facts = rules.facts();
    for i in 0..100 {
        facts
            .set(&format!("f{i}"), serde_json::json!("v1"))
            .unwrap();
    }
    let det = facts.evaluate_with(Options::default().with_counterfactuals(true));
    assert_eq!(det.outcome, "miss");
    assert!(det.counterfactuals.is_none(), "beyond the limit: none");
    // Within it, the same rule set searches: each fact set to `v0` alone would settle `hit`.
    let small = RuleSet::from_json(&many_enums(3)).unwrap();
    let mut facts = small.facts();
    for i in 0..3 {
        facts
            .set(&format!("f{i}"), serde_json::json!("v1"))
            .unwrap();
    }
    let det = facts.evaluate_with(Options::default().with_counterfactuals(true));
    let found = det.counterfactuals.expect("within the limit");
    assert_eq!(found.len(), 3);
    assert!(
        found
            .iter()
            .all(|c| c.outcome == "hit" && c.changes.len() == 1)
    );
}
