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
