//! Runs a directory of scenario files and reports failures and coverage.
//!
//! ```text
//! cargo run --example check_scenarios -- [--rules FILE] [--rules-dir DIR] SCENARIO_DIR
//! ```
//!
//! Prints one line per failing scenario, then
//! `coverage: R/R rule values, O/O outcomes, N/N notes` (values the suite declares
//! unreachable are left out of the counts and listed), then `N passed, N failed`.
//! Exit codes: 0 all passed at full coverage, 1 a failure or a coverage gap, 2 bad input.

mod common;

use std::path::Path;
use std::process::ExitCode;

/// Runs a directory of scenarios against its rule set and reports coverage.
#[derive(clap::Parser)]
#[command(name = "check_scenarios", version)]
struct Args {
    /// A rule file the scenarios are about, added to the rule book (with the embedded
    /// packs and `--rules-dir`).
    #[arg(long, value_name = "FILE")]
    rules: Option<String>,
    /// A directory of rule files added to the embedded packs.
    #[arg(long, value_name = "DIR")]
    rules_dir: Option<String>,
    /// The scenario directory.
    #[arg(value_name = "SCENARIO_DIR")]
    dir: String,
}

fn main() -> ExitCode {
    let Args {
        rules,
        rules_dir,
        dir,
    } = match common::parse_args::<Args>() {
        Ok(args) => args,
        Err(code) => return code,
    };
    let mut book = match common::rule_book(rules_dir.as_deref()) {
        Ok(book) => book,
        Err(e) => return common::fail(e),
    };
    if let Some(path) = rules {
        let added = common::load_rules_file(&path, &book)
            .and_then(|r| book.add(r, path.clone()).map_err(|e| e.to_string()));
        if let Err(e) = added {
            return common::fail(e);
        }
    }
    let report = match safeguarding_rules::run_scenario_dir(&book, Path::new(&dir)) {
        Ok(report) => report,
        Err(e) => return common::fail(e),
    };
    for r in report.results.iter().filter(|r| !r.failures.is_empty()) {
        println!("FAIL {}: {}", r.name, r.failures.join("; "));
    }
    for p in &report.suite_problems {
        println!("FAIL {p}");
    }
    let c = &report.coverage;
    println!(
        "coverage: {}/{} rule values, {}/{} outcomes, {}/{} notes",
        c.rule_values.0, c.rule_values.1, c.outcomes.0, c.outcomes.1, c.notes.0, c.notes.1
    );
    for u in &c.unreachable {
        println!("  unreachable (declared): {u}");
    }
    for g in &c.gaps {
        println!("  not covered: {g}");
    }
    // Every scenario may pass and the suite still fail: say why before the closing line.
    if report.failed() == 0 && !c.gaps.is_empty() {
        println!(
            "coverage gap: every scenario passed, but the suite does not cover the whole rule set"
        );
    }
    println!("{} passed, {} failed", report.passed(), report.failed());
    if report.is_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
