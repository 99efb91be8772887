//! Replays a file of audit records (JSON Lines) and reports every record not matched.
//!
//! ```text
//! cargo run --example replay -- [--rules-dir DIR] RECORDS.jsonl
//! ```
//!
//! Reads one line at a time, so a file of any size replays in constant memory. Prints one
//! line per record not matched (line number, reference, verdict and why), then
//! `N replayed, N matched, N differed, N invalid`. A malformed line counts as invalid and
//! does not stop the rest. Progress goes to stderr when it is a terminal.
//! Exit codes: 0 all matched, 1 some differed or were invalid, 2 the file cannot be read.

mod common;

use std::io::{BufRead, BufReader, IsTerminal, Write};
use std::process::ExitCode;

use safeguarding_rules::{Verdict, replay};

/// Replays a file of audit records and reports every record not matched.
#[derive(clap::Parser)]
#[command(name = "replay", version)]
struct Args {
    /// A directory of rule files added to the embedded packs.
    #[arg(long, value_name = "DIR")]
    rules_dir: Option<String>,
    /// The records, one JSON object a line.
    #[arg(value_name = "RECORDS.jsonl")]
    path: String,
}

fn main() -> ExitCode {
    let Args { rules_dir, path } = match common::parse_args::<Args>() {
        Ok(args) => args,
        Err(code) => return code,
    };
    let path = &path;
    let book = match common::rule_book(rules_dir.as_deref()) {
        Ok(book) => book,
        Err(e) => return common::fail(e),
    };
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => return common::fail(format!("{path}: cannot read: {e}")),
    };
    // Progress on stderr, by bytes read, only when stderr is a terminal.
    let bar = std::io::stderr().is_terminal().then(|| {
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        indicatif::ProgressBar::new(size).with_style(
            indicatif::ProgressStyle::with_template("{bar:40} {bytes}/{total_bytes} {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        )
    });
    let mut out = std::io::stdout().lock();
    let (mut replayed, mut matched, mut differed, mut invalid) = (0u64, 0u64, 0u64, 0u64);
    let mut reader = BufReader::new(file);
    let mut line = String::new();
    let mut number = 0u64;
    loop {
        line.clear();
        match reader.read_line(&mut line) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => return common::fail(format!("{path}: cannot read line {}: {e}", number + 1)),
        }
        number += 1;
        if line.trim().is_empty() {
            continue;
        }
        let result = replay(&book, line.trim_end());
        replayed += 1;
        match &result.verdict {
            Verdict::Matched => matched += 1,
            Verdict::Invalid(_) => invalid += 1,
            _ => differed += 1,
        }
        if result.verdict != Verdict::Matched {
            let reference = result.reference.as_deref().unwrap_or("-");
            let _ = writeln!(out, "line {number}: {reference}: {}", result.verdict);
        }
        if let Some(bar) = &bar {
            bar.inc(line.len() as u64);
            if number.is_multiple_of(1_000) {
                bar.set_message(format!("{number} lines replayed"));
            }
        }
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    let _ = writeln!(
        out,
        "{replayed} replayed, {matched} matched, {differed} differed, {invalid} invalid"
    );
    if differed + invalid > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
