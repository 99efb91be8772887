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
