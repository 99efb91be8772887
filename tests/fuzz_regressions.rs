//! Every input the fuzzers found a problem with, run again through the code path of the
//! target that found it (see `fuzz/README.md`).
//!
//! `tests/fuzz_regressions/<target>-<short-name>.<json|bin>` is run by
//! `fuzz/src/check.rs` (the very code the fuzz targets call), picked by the file name's
//! prefix: `load_rules-`, `evaluate_case-`, `structured_rules-` (the generated rule file
//! and cases, as JSON) or `replay_record-`. Each input must complete without a panic; each
//! runs on its own thread with a generous deadline, so that a hang found by the fuzzer
//! fails this test instead of stalling it. The deadline is not a timing assertion: a
//! fixed input takes milliseconds. An empty or missing directory passes.

#[path = "../fuzz/src/check.rs"]
mod check;

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Long enough for any input on a slow, loaded machine in a debug build; only a hang
/// reaches it.
const DEADLINE: Duration = Duration::from_secs(120);

fn inputs() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            !name.starts_with('.') && name != "README.md"
        })
        .collect();
    paths.sort();
    paths
}

#[test]
fn every_fuzz_finding_completes_without_a_panic() {
    let mut failures = Vec::new();
    for path in inputs() {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        let data = std::fs::read(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        let (done, wait) = mpsc::channel();
        let thread_name = name.clone();
        let started = Instant::now();
        std::thread::Builder::new()
            .name(name.clone())
            .spawn(move || {
                let outcome = std::panic::catch_unwind(|| check::run_named(&thread_name, &data));
                let _ = done.send(outcome);
            })
            .expect("spawn a thread");
        match wait.recv_timeout(DEADLINE) {
            Ok(Ok(true)) => eprintln!("ok {name} ({:?})", started.elapsed()),
            Ok(Ok(false)) => failures.push(format!(
                "{name}: the name starts with no target (load_rules-, evaluate_case-, structured_rules-, replay_record-)"
            )),
            Ok(Err(_)) => failures.push(format!("{name}: panicked (message above)")),
            Err(_) => failures.push(format!(
                "{name}: did not complete within {DEADLINE:?}, a hang"
            )),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_checks_pass_on_known_good_inputs() {
    // The harness itself: the embedded pack loads and a plain case evaluates cleanly
    // through every target's path, so a finding's failure is the finding's.
    check::load_rules(safeguarding_rules::embedded_rule_files()[0].as_bytes());
    check::evaluate_case(br#"{"facts": {"in_board_area": true}}"#);
    check::replay_record(b"{}");
    assert!(check::run_named("replay_record-x", b"not json"));
    assert!(!check::run_named("unknown-x", b""));
}

/// The `structured_rules` check on a rule file its generator made with integer facts and
/// constraints (not a finding: the check's path for them), whose cases include ones the
/// constraints refuse as a `contradiction`, which the check accepts only from a rule file
/// with constraints.
#[test]
fn the_structured_check_takes_numbers_and_constraints() {
    let generated: serde_json::Value = serde_json::from_str(GENERATED).expect("JSON");
    let rules = generated["rules"].as_str().expect("the rule file");
    let cases = generated["cases"].as_array().expect("cases");
    assert!(rules.contains("\"integer\"") && rules.contains("\"constraints\""));
    assert!(check::structured(rules, cases), "the rule file loads");
    let refused = cases
        .iter()
        .filter(|c| {
            let rules = safeguarding_rules::RuleSet::from_json(rules).expect("loads");
            let case = safeguarding_rules::Case::from_json(&c.to_string()).expect("reads");
            rules.bind(&case).is_err()
        })
        .count();
    assert!(refused > 0, "some case contradicts the constraints");
}

/// Made by `fuzz/examples/structured_dump` from 768 pseudo-random bytes.
const GENERATED: &str = r##"{
  "cases": [
    {
      "facts": {
        "f1": false,
        "f2": {
          "source": "record 0",
          "value": 61
        },
        "f4": 23
      }
    },
    {
      "facts": {
        "f0": "known",
        "f1": {
          "source": "record 1",
          "value": true
        },
        "f2": 50,
        "f3": {
          "source": "record 1",
          "value": true
        }
      },
      "reference": "case-1"
    },
    {
      "facts": {
        "f0": "not_suspected",
        "f1": null,
        "f2": {
          "source": "record 2",
          "value": 26
        },
        "f4": 7
      }
    },
    {
      "facts": {
        "f0": {
          "source": "record 3",
          "value": "not_suspected"
        },
        "f2": null,
        "f3": true
      }
    }
  ],
  "rules": "{\"constraints\":[{\"cites\":[\"p0\"],\"condition\":{\"any\":[{\"not\":{\"fact\":\"f4\",\"is\":22}},{\"fact\":\"f0\",\"is\":\"not_suspected\"}]},\"id\":\"c0\",\"says\":\"constraint c0\"},{\"cites\":[\"p0\"],\"condition\":{\"any\":[{\"not\":{\"below\":29,\"fact\":\"f4\"}},{\"any\":[{\"fact\":\"f2\",\"is\":66}]}]},\"id\":\"c1\",\"says\":\"constraint c1\"}],\"facts\":[{\"cites\":[\"p0\"],\"id\":\"f0\",\"question\":\"Is f0 so?\",\"type\":\"knowledge\"},{\"cites\":[\"p0\"],\"id\":\"f1\",\"question\":\"Is f1 so?\",\"type\":\"bool\"},{\"cites\":[\"p0\"],\"id\":\"f2\",\"max\":72,\"question\":\"Is f2 so?\",\"type\":\"integer\"},{\"cites\":[\"p0\"],\"id\":\"f3\",\"presupposes\":{\"fact\":\"f0\",\"is\":\"known\"},\"question\":\"Is f3 so?\",\"recorded_only\":true,\"type\":\"bool\"},{\"cites\":[\"p0\"],\"id\":\"f4\",\"max\":42,\"min\":-1,\"question\":\"Is f4 so?\",\"type\":\"integer\"}],\"id\":\"fuzz-rules\",\"in_force_from\":\"2024-01-01\",\"notes\":[{\"cites\":[\"p0\"],\"condition\":{\"fact\":\"f1\",\"is\":true},\"id\":\"n0\",\"text\":\"note n0\"},{\"cites\":[\"p0\"],\"condition\":{\"any\":[{\"rule\":\"r0\"},{\"rule\":\"r1\"}]},\"id\":\"uses\",\"text\":\"something is known\"}],\"outcomes\":[{\"cites\":[\"p0\"],\"holds\":\"none of the above\",\"id\":\"otherwise\"}],\"provisions\":[{\"cite\":\"Test Act s0\",\"id\":\"p0\",\"text\":\"Section 0 of the Test Act.\",\"url\":\"https://example.org/test-act/s0\"}],\"rules\":[{\"cites\":[\"p0\"],\"condition\":{\"fact\":\"f2\",\"given\":false},\"fails\":\"r0 fails\",\"holds\":\"r0 holds\",\"id\":\"r0\"},{\"cites\":[\"p0\"],\"condition\":{\"fact\":\"f0\",\"given\":true},\"fails\":\"r1 fails\",\"holds\":\"r1 holds\",\"id\":\"r1\"}],\"source\":{\"title\":\"Test Act\",\"url\":\"https://example.org/test-act\"},\"title\":\"Fuzzed rules\",\"version\":\"2024-01-01\"}"
}"##;
