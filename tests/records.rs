//! Fingerprints, records, the rule book by date, and replay.

mod common;

use std::process::Command;

use safeguarding_rules::{Case, Options, Record, RuleBook, RuleSet, Verdict, replay};
use serde_json::{Value, json};

const S44: &str = include_str!("../rules/care-act-2014-s44.json");

fn s44() -> RuleSet {
    RuleSet::from_json(S44).unwrap()
}

#[test]
fn reformatting_the_rule_file_keeps_its_fingerprint() {
    let value: Value = serde_json::from_str(S44).unwrap();
    let compact = serde_json::to_string(&value).unwrap();
    let pretty = serde_json::to_string_pretty(&value)
        .unwrap()
        .replace("\n", "\n\t ");
    let mut without_schema = value.clone();
    without_schema.as_object_mut().unwrap().remove("$schema");
    let fingerprint = s44().fingerprint().to_string();
    for text in [compact, pretty, without_schema.to_string()] {
        assert_eq!(
            RuleSet::from_json(&text).unwrap().fingerprint(),
            fingerprint
        );
    }
    let reversed = reversed_keys(&value);
    assert_ne!(reversed, serde_json::to_string(&value).unwrap());
    assert_eq!(
        RuleSet::from_json(&reversed).unwrap().fingerprint(),
        fingerprint
    );
}

/// The value as JSON text with every object's keys in reverse order.
fn reversed_keys(value: &Value) -> String {
    match value {
        Value::Object(map) => {
            let parts: Vec<String> = map
                .iter()
                .rev()
                .map(|(k, v)| format!("{}: {}", Value::from(k.as_str()), reversed_keys(v)))
                .collect();
            format!("{{{}}}", parts.join(", "))
        }
        Value::Array(items) => {
            let parts: Vec<String> = items.iter().map(reversed_keys).collect();
            format!("[{}]", parts.join(", "))
        }
        other => other.to_string(),
    }
}

#[test]
fn changing_one_word_of_a_provision_changes_the_fingerprint() {
    let edited = S44.replacen("An SAB must arrange", "An SAB shall arrange", 1);
    assert_ne!(edited, S44);
    assert_ne!(
        RuleSet::from_json(&edited).unwrap().fingerprint(),
        s44().fingerprint()
    );
    let reworded = S44.replacen("\"holds\": \"", "\"holds\": \"(reworded) ", 1);
    assert_ne!(
        RuleSet::from_json(&reworded).unwrap().fingerprint(),
        s44().fingerprint()
    );
}

fn record_of(book: &RuleBook, case: Value) -> String {
    Record::from_book(book, case, Options::default())
        .unwrap()
        .to_json_line()
}

fn mandatory_case() -> Value {
    json!({"reference": "r-1", "as_of": "2024-03-01", "facts": {
        "age_18_or_over": true, "in_board_area": true, "care_and_support_needs": true,
        "joint_working_concern": true, "death_from_abuse_or_neglect": "suspected",
        "la_meeting_needs": false}})
}

#[test]
fn a_record_replays_and_is_byte_for_byte_deterministic() {
    let book = RuleBook::embedded();
    let line = record_of(&book, mandatory_case());
    assert_eq!(record_of(&book, mandatory_case()), line);
    let replayed = replay(&book, &line);
    assert_eq!(replayed.verdict, Verdict::Matched);
    assert_eq!(replayed.reference.as_deref(), Some("r-1"));
}

#[test]
fn an_edited_fact_is_caught_even_one_no_rule_reads() {
    let book = RuleBook::embedded();
    let line = record_of(&book, mandatory_case());
    for (from, to) in [
        (
            "\"joint_working_concern\":true",
            "\"joint_working_concern\":false",
        ),
        ("\"la_meeting_needs\":false", "\"la_meeting_needs\":true"),
    ] {
        let edited = line.replacen(from, to, 1);
        assert_ne!(edited, line);
        assert_eq!(replay(&book, &edited).verdict.name(), "case_altered");
    }
}

#[test]
fn an_edited_outcome_is_caught_with_before_and_after() {
    let book = RuleBook::embedded();
    let line = record_of(&book, mandatory_case());
    let edited = line.replacen(
        "\"outcome\":\"mandatory_review\"",
        "\"outcome\":\"discretionary_review\"",
        1,
    );
    let Verdict::Differs(diffs) = replay(&book, &edited).verdict else {
        panic!("not differs")
    };
    assert_eq!(diffs[0].at, "/outcome");
    assert_eq!(diffs[0].before, json!("discretionary_review"));
    assert_eq!(diffs[0].after, json!("mandatory_review"));
}

#[test]
fn a_changed_word_in_a_stored_provision_is_shown_where_it_changed() {
    let book = RuleBook::embedded();
    let line = record_of(&book, mandatory_case());
    let edited = line.replacen("An SAB must arrange", "An SAB may arrange", 1);
    assert_ne!(edited, line, "the record quotes s44(1)");
    let verdict = replay(&book, &edited).verdict;
    let Verdict::Differs(diffs) = &verdict else {
        panic!("not differs: {verdict}")
    };
    assert_eq!(diffs.len(), 1);
    assert_eq!(diffs[0].at, "/provisions/s44(1)/text");
    assert!(
        diffs[0]
            .before
            .as_str()
            .unwrap()
            .starts_with("An SAB may arrange")
    );
    assert!(
        diffs[0]
            .after
            .as_str()
            .unwrap()
            .starts_with("An SAB must arrange")
    );
    // The one-line report shows the span that differs, not the same cut of both sides.
    let shown = verdict.to_string();
    assert!(
        shown.contains("`\"An SAB may arrange for there t…\"` then")
            && shown.contains("`\"An SAB must arrange for there t…\"` now"),
        "{shown}"
    );
}

#[test]
fn a_record_whose_as_of_disagrees_with_its_case_is_case_altered() {
    let book = RuleBook::embedded();
    let line = record_of(&book, mandatory_case());
    let edited = line.replacen("\"as_of\":\"2024-03-01\"", "\"as_of\":\"2014-01-01\"", 1);
    assert_ne!(edited, line);
    let verdict = replay(&book, &edited).verdict;
    assert_eq!(verdict.name(), "case_altered");
    assert_eq!(
        verdict.to_string(),
        "case_altered: `/as_of` is `\"2014-01-01\"` in the record but the case in it gives `\"2024-03-01\"`"
    );
}

#[test]
fn a_record_is_made_from_its_own_case_and_a_bad_as_of_is_refused() {
    let book = RuleBook::embedded();
    let record = Record::from_book(&book, mandatory_case(), Options::default()).unwrap();
    let own = book
        .evaluate(&Case::from_value(mandatory_case()).unwrap())
        .unwrap();
    assert_eq!(record.determination, own);
    let mut case = Case::from_value(mandatory_case()).unwrap();
    for bad in ["banana", "2024-13-01", "2023-02-29"] {
        case.as_of = Some(bad.to_string());
        let err = book.evaluate(&case).unwrap_err().to_string();
        assert_eq!(
            err,
            format!("/as_of: expected a date `YYYY-MM-DD`, found `{bad}`")
        );
        let mut value = mandatory_case();
        value["as_of"] = json!(bad);
        assert!(Record::from_book(&book, value, Options::default()).is_err());
    }
}

#[test]
fn a_changed_rule_text_and_an_unknown_version_are_named() {
    let book = RuleBook::embedded();
    let line = record_of(&book, mandatory_case());
    let fp = s44().fingerprint().to_string();
    let other = format!("sha256:{}", "1".repeat(64));
    let claimed = line.replacen(&fp, &other, 1);
    match replay(&book, &claimed).verdict {
        Verdict::RuleSetChanged {
            recorded, current, ..
        } => {
            assert_eq!(recorded, other);
            assert_eq!(current, fp);
        }
        v => panic!("{v}"),
    }
    let unknown = line.replacen(
        "\"version\":\"2015-04-01\"",
        "\"version\":\"1999-01-01\"",
        1,
    );
    assert_eq!(replay(&book, &unknown).verdict.name(), "rule_set_unknown");
    assert_eq!(replay(&book, "not json").verdict.name(), "invalid");
    assert_eq!(replay(&book, "{\"format\": 1}").verdict.name(), "invalid");
}

/// The s44 pack split into two versions: the first replaced on 2020-01-01 by a second
/// whose wording differs.
fn two_versions() -> (String, String) {
    let old = S44.replacen(
        "\"version\": \"2015-04-01\"",
        "\"version\": \"2015-04-01\",\n  \"in_force_to\": \"2020-01-01\"",
        1,
    );
    let new = S44
        .replacen(
            "\"version\": \"2015-04-01\"",
            "\"version\": \"2020-01-01\"",
            1,
        )
        .replacen(
            "\"in_force_from\": \"2015-04-01\"",
            "\"in_force_from\": \"2020-01-01\"",
            1,
        )
        .replacen("\"holds\": \"", "\"holds\": \"(2020 wording) ", 1);
    assert_ne!(old, S44);
    assert_ne!(new, S44);
    (old, new)
}

#[test]
fn the_version_in_force_on_the_date_decides_and_replays() {
    let (old, new) = two_versions();
    let mut book = RuleBook::new();
    book.add_json(&old, "old.json").unwrap();
    book.add_json(&new, "new.json").unwrap();
    let pick = |as_of: Option<&str>| {
        book.select(Some("care-act-2014-s44"), as_of)
            .unwrap()
            .version()
            .to_string()
    };
    assert_eq!(pick(Some("2019-12-31")), "2015-04-01");
    assert_eq!(pick(Some("2020-01-01")), "2020-01-01");
    assert_eq!(pick(None), "2020-01-01", "no as_of picks the newest");
    let err = book
        .select(Some("care-act-2014-s44"), Some("2014-06-01"))
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("earliest version is in force from `2015-04-01`"),
        "{err}"
    );
    // A record made under the older version replays against that version.
    let mut case = mandatory_case();
    case["as_of"] = json!("2018-05-05");
    let line = record_of(&book, case);
    assert!(line.contains("\"version\":\"2015-04-01\""));
    assert_eq!(replay(&book, &line).verdict, Verdict::Matched);
}

#[test]
fn overlapping_versions_are_an_error_naming_both_files() {
    let (_, new) = two_versions();
    let mut book = RuleBook::new();
    book.add_json(S44, "rules/care-act-2014-s44.json").unwrap();
    let err = book.add_json(&new, "later.json").unwrap_err().to_string();
    assert!(
        err.contains("rules/care-act-2014-s44.json") && err.contains("later.json"),
        "{err}"
    );
    // The same text twice is not an overlap.
    book.add_json(S44, "copy.json").unwrap();
}

#[test]
fn the_committed_demo_audit_log_is_current() {
    let dir = std::env::temp_dir().join(format!("records-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let program = common::example("records");
    let status = Command::new(program)
        .arg(&dir)
        .status()
        .expect("cargo test builds the examples");
    assert!(status.success());
    for name in ["sample.jsonl", "altered.jsonl", "history.jsonl"] {
        let fresh = std::fs::read(dir.join(name)).unwrap();
        let committed = std::fs::read(format!("examples/records/{name}")).unwrap();
        assert!(
            fresh == committed,
            "examples/records/{name} is stale: cargo run --example records -- examples/records"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_demo_sample_replays_clean_and_every_alteration_is_caught() {
    let book = RuleBook::embedded();
    let sample = std::fs::read_to_string("examples/records/sample.jsonl").unwrap();
    let lines: Vec<&str> = sample.lines().collect();
    assert_eq!(lines.len(), 1000);
    for line in lines.iter().step_by(10) {
        assert_eq!(replay(&book, line).verdict, Verdict::Matched);
    }
    let altered = std::fs::read_to_string("examples/records/altered.jsonl").unwrap();
    let verdicts: Vec<&str> = altered
        .lines()
        .map(|l| replay(&book, l).verdict.name())
        .collect();
    assert_eq!(
        verdicts,
        [
            "case_altered",
            "case_altered",
            "differs",
            "rule_set_changed",
            "invalid"
        ]
    );
}

#[test]
fn evaluate_refuses_an_as_of_that_is_not_a_calendar_date() {
    for bad in ["banana", "2024-13-01"] {
        let out = Command::new(common::example("evaluate"))
            .args([
                "--as-of",
                bad,
                "--record",
                "examples/cases/outside-under-18.json",
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "--as-of {bad}");
        assert!(out.stdout.is_empty(), "no record is written for `{bad}`");
        assert_eq!(
            String::from_utf8(out.stderr).unwrap(),
            format!(
                "error: examples/cases/outside-under-18.json: /as_of: expected a date `YYYY-MM-DD`, found `{bad}`\n"
            )
        );
    }
}

#[test]
fn a_case_beside_its_rule_file_is_skipped_by_rules_dir_and_a_rule_file_given_as_a_case_is_named() {
    let out = Command::new(common::example("evaluate"))
        .args([
            "--rules-dir",
            "examples/rules",
            "examples/rules/lantern-case.json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = Command::new(common::example("evaluate"))
        .arg("examples/rules/lantern-act.json")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        err,
        "error: examples/rules/lantern-act.json: this looks like a rule file, not a case: use `--rules`\n"
    );
}
