//! Every example program follows the ecosystem's conventions: `--help` and `--version` on
//! stdout with exit 0, and a usage error as one line on stderr with exit 2.

mod common;

use std::process::Command;

const PROGRAMS: &[&str] = &[
    "evaluate",
    "replay",
    "schema",
    "interview",
    "check_scenarios",
    "synthetic",
    "records",
    "diagram",
];

#[test]
fn help_and_version_print_on_stdout_and_exit_0() {
    for program in PROGRAMS {
        for flag in ["--help", "--version"] {
            let out = Command::new(common::example(program))
                .arg(flag)
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(0), "{program} {flag}");
            let stdout = String::from_utf8_lossy(&out.stdout);
            assert!(stdout.contains(program), "{program} {flag}: {stdout}");
            assert!(out.stderr.is_empty(), "{program} {flag} wrote to stderr");
        }
    }
}

#[test]
fn a_usage_error_is_one_line_and_exit_2() {
    for program in PROGRAMS {
        let out = Command::new(common::example(program))
            .arg("--no-such-flag")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{program}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.lines().count(), 1, "{program}: {stderr}");
        assert!(
            stderr.starts_with("error: ") && stderr.trim_end().ends_with("; see --help"),
            "{program}: {stderr}"
        );
    }
}

fn run(program: &str, args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(common::example(program))
        .args(args)
        .output()
        .unwrap();
    (out.status.code(), String::from_utf8(out.stdout).unwrap())
}

#[test]
fn check_scenarios_takes_a_rule_file_and_names_a_coverage_gap_before_the_closing_line() {
    let tiny = ["--rules", "examples/rules/tiny-act.json"];
    let (code, out) = run(
        "check_scenarios",
        &[tiny[0], tiny[1], "examples/scenarios/tiny"],
    );
    assert_eq!(code, Some(0), "{out}");
    assert!(out.ends_with("3 passed, 0 failed\n"), "{out}");
    // Without the scenario where the rain is not known, the rule is never unknown.
    let dir = std::env::temp_dir().join(format!("sgr-tiny-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for name in ["rain.json", "no-rain.json"] {
        std::fs::copy(format!("examples/scenarios/tiny/{name}"), dir.join(name)).unwrap();
    }
    let (code, out) = run(
        "check_scenarios",
        &[tiny[0], tiny[1], dir.to_str().unwrap()],
    );
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.ends_with(
            "coverage gap: every scenario passed, but the suite does not cover the whole rule set\n2 passed, 0 failed\n"
        ),
        "{out}"
    );
}

#[test]
fn schema_prints_the_scenario_and_suite_schemas() {
    for (which, title) in [("scenario", "Scenario"), ("suite", "Scenario suite")] {
        let (code, out) = run("schema", &[which]);
        assert_eq!(code, Some(0));
        let schema: serde_json::Value = serde_json::from_str(&out).unwrap();
        assert_eq!(schema["title"], title);
    }
}

#[test]
fn diagram_draws_a_rule_set_and_evaluate_draws_a_case() {
    let (code, dot) = run("diagram", &[]);
    assert_eq!(code, Some(0));
    assert!(
        dot.starts_with("digraph rule_set {") && dot.contains("care-act-2014-s44"),
        "{dot}"
    );
    let (code, mermaid) = run(
        "diagram",
        &["--rule-set", "hillingdon-sar-panel", "--format", "mermaid"],
    );
    assert_eq!(code, Some(0));
    assert!(mermaid.contains("imported as s44"), "{mermaid}");
    let (code, svg) = run(
        "diagram",
        &["--rules", "examples/rules/tiny-act.json", "--format", "svg"],
    );
    assert_eq!(code, Some(0));
    assert!(svg.starts_with("<svg") && svg.contains("tiny-act"), "{svg}");
    let case = "examples/cases/design-example-2024-017.json";
    for (format, start) in [
        ("dot", "digraph decision_path {"),
        ("mermaid", "flowchart LR"),
        ("html", "<!DOCTYPE html>"),
        ("markdown", "# Record of reasons: Case 2024-017"),
    ] {
        let (code, out) = run("evaluate", &["--format", format, case]);
        assert_eq!(code, Some(0), "{format}");
        assert!(out.starts_with(start), "{format}: {out}");
    }
    let out = Command::new(common::example("diagram"))
        .args(["--format", "png"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.trim_end(),
        "error: `--format` expects one of `dot`, `mermaid`, `svg`, found `png`"
    );
}
