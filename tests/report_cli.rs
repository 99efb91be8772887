//! The `report` example on the demo logs: the acceptance checks of issue 18 that run the
//! program itself (exit codes, altered records left out, the flat export).

mod common;

use std::process::{Command, Output};

use serde_json::Value;

fn report(args: &[&str]) -> Output {
    Command::new(common::example("report"))
        .args(args)
        .output()
        .expect("cargo test builds the examples")
}

fn json(args: &[&str]) -> Value {
    let out = report(args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn altered_records_are_counted_and_left_out_and_the_report_exits_0() {
    // altered.jsonl: four records that differ from what replay gives, one line not a record.
    let got = json(&["examples/records/altered.jsonl", "--format", "json"]);
    let records = &got["records"];
    assert_eq!(records["read"], 5);
    assert_eq!(records["invalid"], 1);
    assert_eq!(records["in_period"], 4);
    assert_eq!(records["not_matched"], 4);
    // Left out: no case is counted.
    assert_eq!(got["rule_sets"], serde_json::json!([]));
}

#[test]
fn the_years_figures_of_the_history_add_up() {
    let got = json(&[
        "examples/records/history.jsonl",
        "--year",
        "2024",
        "--format",
        "json",
    ]);
    let r = &got["records"];
    let sum = ["invalid", "undated", "outside_period", "in_period"]
        .iter()
        .map(|k| r[k].as_u64().unwrap())
        .sum::<u64>();
    assert_eq!(r["read"].as_u64(), Some(sum));
    assert_eq!(r["not_matched"], 0);
    let s44 = &got["rule_sets"][0];
    let cases = s44["cases"].as_u64().unwrap();
    let by_outcome: u64 = s44["outcomes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["cases"].as_u64().unwrap())
        .sum();
    let by_month: u64 = got["months"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|m| m["outcomes"].as_array().unwrap())
        .map(|o| o["cases"].as_u64().unwrap())
        .sum();
    assert_eq!((by_outcome, by_month), (cases, cases));
    let settling = &s44["days_to_settle"];
    assert_eq!(
        settling["settled"].as_u64().unwrap() + settling["unsettled"].as_u64().unwrap(),
        cases
    );
    // The history spans two years and revisits cases: some started before this year.
    assert!(r["outside_period"].as_u64().unwrap() > 0 && cases > 50);
}

#[test]
fn markdown_and_html_carry_the_charts_and_their_tables() {
    let out = report(&["examples/records/history.jsonl", "--year", "2024"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.starts_with("# Safeguarding adults reviews: figures from 2024-04-01 to 2025-03-31")
    );
    for heading in [
        "### Outcomes by month",
        "### Why not an earlier outcome",
        "### Abuse types",
        "Sch 2 para 4(1)(d) to (g)",
    ] {
        assert!(text.contains(heading), "{heading}");
    }
    let out = report(&[
        "examples/records/history.jsonl",
        "--year",
        "2024",
        "--format",
        "html",
    ]);
    let html = String::from_utf8(out.stdout).unwrap();
    assert_eq!(html.matches("<svg").count(), 3);
    // Nothing is loaded and nothing runs: no script, no source, no stylesheet link.
    for banned in ["<script", " src=", "<link", "@import", "url("] {
        assert!(!html.contains(banned), "{banned}");
    }
}

#[test]
fn a_file_that_cannot_be_read_exits_2_with_one_line() {
    let out = report(&["no/such/records.jsonl"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&out.stderr).lines().count(), 1);
    let out = report(&["examples/records/history.jsonl", "--from", "2024-04-01"]);
    assert_eq!(out.status.code(), Some(2));
    let out = report(&[
        "examples/records/history.jsonl",
        "--from",
        "2024-04-31",
        "--to",
        "2024-05-01",
    ]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_flat_export_has_one_row_per_case_and_defuses_formulas() {
    let dir = std::env::temp_dir().join(format!("report-flat-{}", std::process::id()));
    let book = safeguarding_rules::RuleBook::embedded();
    // A reference a spreadsheet would run as a formula.
    let case = serde_json::json!({"reference": "=HYPERLINK(\"x\")", "as_of": "2024-05-01",
        "facts": {"in_board_area": false, "abuse_types": ["physical", "sexual"]}});
    let line =
        safeguarding_rules::Record::from_book(&book, case, safeguarding_rules::Options::default())
            .unwrap()
            .to_json_line();
    let log = dir.with_extension("jsonl");
    std::fs::write(&log, line + "\n").unwrap();
    let out = report(&[log.to_str().unwrap(), "--flat", dir.to_str().unwrap()]);
    assert!(out.status.success());
    let text = std::fs::read_to_string(dir.join("care-act-2014-s44.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let head: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(
        &head[..7],
        [
            "reference",
            "rule_set",
            "version",
            "first_as_of",
            "latest_as_of",
            "outcome",
            "reasons"
        ]
    );
    assert_eq!(head.len(), 7 + 13, "one answer column per s44 fact");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    let cell = |name: &str| {
        rows[0]
            .get(head.iter().position(|h| h == name).unwrap())
            .unwrap()
            .to_string()
    };
    assert_eq!(cell("reference"), "'=HYPERLINK(\"x\")");
    assert_eq!(cell("outcome"), "outside_section_44");
    assert_eq!(
        cell("reasons"),
        "mandatory_review:in_scope;discretionary_review:in_scope"
    );
    assert_eq!(cell("answer.abuse_types"), "physical;sexual");
    assert_eq!(cell("answer.in_board_area"), "false");
    assert_eq!(cell("answer.adult_status"), "");
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_file(&log);
}
