//! Determinism and isolation: the same input gives byte-identical output, across runs and
//! across threads sharing one loaded rule set; the library reads no clock, no environment
//! and writes nothing.

#[path = "common/source.rs"]
mod source;

use std::sync::Arc;

use safeguarding_rules::{Options, RuleSet};

fn cases() -> Vec<String> {
    let mut texts: Vec<String> = std::fs::read_dir("examples/cases")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    texts.sort();
    texts
}

fn render(rules: &RuleSet, text: &str) -> String {
    let case = safeguarding_rules::Case::from_json(text).unwrap();
    let det = rules
        .bind(&case)
        .unwrap()
        .evaluate_with(Options::default().with_counterfactuals(true));
    format!("{}{}{}", det.to_json(), det.to_text(), det.to_markdown())
}

#[test]
fn a_loaded_rule_set_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<RuleSet>();
    assert_send_sync::<safeguarding_rules::RuleBook>();
    assert_send_sync::<safeguarding_rules::Determination>();
}

#[test]
fn the_same_input_gives_byte_identical_output_across_1000_runs() {
    let rules = RuleSet::embedded("care-act-2014-s44").unwrap();
    let texts = cases();
    let first: Vec<String> = texts.iter().map(|t| render(&rules, t)).collect();
    for run in 0..1000 {
        let text = &texts[run % texts.len()];
        assert_eq!(render(&rules, text), first[run % texts.len()], "run {run}");
    }
}

#[test]
fn eight_threads_sharing_one_rule_set_agree_with_one_thread() {
    let rules = Arc::new(RuleSet::embedded("care-act-2014-s44").unwrap());
    let texts = Arc::new(cases());
    let expected: Vec<String> = texts.iter().map(|t| render(&rules, t)).collect();
    let handles: Vec<_> = (0..8)
        .map(|k| {
            let (rules, texts) = (Arc::clone(&rules), Arc::clone(&texts));
            std::thread::spawn(move || {
                (0..200)
                    .map(|i| {
                        let j = (i * 7 + k) % texts.len();
                        (j, render(&rules, &texts[j]))
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    for h in handles {
        for (j, out) in h.join().unwrap() {
            assert_eq!(out, expected[j]);
        }
    }
}

#[test]
fn the_library_reads_no_clock_or_environment_and_prints_nothing() {
    // The one reader of files is `run_scenario_dir`, a convenience for test suites.
    let forbidden = [
        "SystemTime",
        "Instant",
        "std::env",
        "env::var",
        "println!",
        "eprintln!",
        "print!(",
        "eprint!(",
        "dbg!",
        "std::net",
        "std::process",
    ];
    for path in source::source_files() {
        let text = std::fs::read_to_string(&path).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for word in forbidden {
                assert!(
                    !code.contains(word),
                    "{}:{} uses `{word}`",
                    path.display(),
                    n + 1
                );
            }
            if code.contains("std::fs") {
                assert!(
                    path.ends_with("scenario/suite.rs"),
                    "{}:{} reads files",
                    path.display(),
                    n + 1
                );
            }
        }
    }
}
