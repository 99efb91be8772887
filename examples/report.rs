//! The figures of a period, from files of audit records: a board's annual report (Care Act
//! Sch 2 para 4) and the themes its Practice Development Forum can draw on.
//!
//! ```text
//! cargo run --example report -- RECORDS.jsonl… [--from DATE --to DATE | --year YYYY]
//!     [--format json|markdown|html] [--flat DIR] [--rules-dir DIR]
//! cargo run --example report -- examples/records/history.jsonl --year 2024 --format markdown
//! ```
//!
//! Every record is replayed against the rule book first; records not matched and lines that
//! are not records are counted and left out of the figures. `--year 2024` is the financial
//! year 2024-04-01 to 2025-03-31; with no period, from the earliest dated record to the
//! latest. `--flat DIR` also writes one CSV file per rule set, one row per case
//! (docs/reports.md gives the columns).
//!
//! The files are read in batches of lines; each batch is split across every core
//! (`std::thread::scope`), and the tallies are merged in line order, so memory grows with
//! the cases, not the records. Exit codes: 0 whenever the records can be read (however
//! many failed to replay), 2 bad usage or a file that cannot be read or written.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::process::ExitCode;

use safeguarding_rules::{CaseRow, FactType, Period, RuleBook, Tally};

/// Lines read before a batch is tallied: enough to keep every core busy, few enough that
/// a batch's text is small beside the cases.
const BATCH: usize = 8192;

/// Prints the figures of a period from files of audit records.
#[derive(clap::Parser)]
#[command(name = "report", version)]
struct Args {
    /// The records, one JSON object a line; several files are read in order.
    #[arg(value_name = "RECORDS.jsonl", required = true)]
    paths: Vec<String>,
    /// The first day of the period (`YYYY-MM-DD`), with `--to`.
    #[arg(long, value_name = "DATE", requires = "to", conflicts_with = "year")]
    from: Option<String>,
    /// The last day of the period (`YYYY-MM-DD`), with `--from`.
    #[arg(long, value_name = "DATE", requires = "from", conflicts_with = "year")]
    to: Option<String>,
    /// The financial year starting on 1 April of YYYY.
    #[arg(long, value_name = "YYYY", value_parser = clap::value_parser!(u16).range(1..=9998))]
    year: Option<u16>,
    /// The output: json (the contract), markdown (the annual report) or html (one page).
    #[arg(long, default_value = "markdown", value_parser = ["json", "markdown", "html"])]
    format: String,
    /// Also write one CSV file per rule set, one row per case, into this directory.
    #[arg(long, value_name = "DIR")]
    flat: Option<String>,
    /// A directory of rule files added to the embedded packs.
    #[arg(long, value_name = "DIR")]
    rules_dir: Option<String>,
}

fn main() -> ExitCode {
    let args = match common::parse_args::<Args>() {
        Ok(args) => args,
        Err(code) => return code,
    };
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => common::fail(e),
    }
}

fn run(args: &Args) -> Result<(), String> {
    let period = match (&args.from, &args.to, args.year) {
        (Some(from), Some(to), _) => {
            Some(Period::new(from, to).map_err(|e| format!("--from/--to: {e}"))?)
        }
        (_, _, Some(year)) => Some(Period::financial_year(year)),
        _ => None,
    };
    let book = common::rule_book(args.rules_dir.as_deref())?;
    let mut tally = Tally::new(&book, period.clone());
    for path in &args.paths {
        let file = std::fs::File::open(path).map_err(|e| format!("{path}: cannot read: {e}"))?;
        let mut reader = BufReader::new(file);
        let mut number = 0u64;
        loop {
            let batch = read_batch(&mut reader, path, &mut number)?;
            if batch.is_empty() {
                break;
            }
            tally.merge(tally_batch(&book, period.as_ref(), &batch));
        }
    }
    if let Some(dir) = &args.flat {
        write_flat(&book, dir, &tally.case_rows())?;
    }
    let report = tally.finish();
    // Charts of the answers to every set fact (for the s44 pack, the types of abuse).
    let mut sets: Vec<&str> = Vec::new();
    for rules in book.rule_sets() {
        for id in rules.fact_ids() {
            let is_set = rules.fact(id).is_some_and(|f| f.kind == FactType::Set);
            if is_set && !sets.contains(&id) {
                sets.push(id);
            }
        }
    }
    let text = match args.format.as_str() {
        "json" => report.to_json() + "\n",
        "html" => report.to_html_charting(&sets),
        _ => report.to_markdown_charting(&sets),
    };
    let mut out = std::io::stdout().lock();
    // A closed pipe (`| head`) is not an error of the report's.
    let _ = out.write_all(text.as_bytes());
    Ok(())
}

/// Up to [`BATCH`] non-blank lines, without their line ends.
fn read_batch(
    reader: &mut impl BufRead,
    path: &str,
    number: &mut u64,
) -> Result<Vec<String>, String> {
    let mut batch = Vec::with_capacity(BATCH);
    let mut line = String::new();
    while batch.len() < BATCH {
        line.clear();
        let n = reader
            .read_line(&mut line)
            .map_err(|e| format!("{path}: cannot read line {}: {e}", *number + 1))?;
        if n == 0 {
            break;
        }
        *number += 1;
        let text = line.trim_end_matches(['\n', '\r']);
        if !text.trim().is_empty() {
            batch.push(text.to_string());
        }
    }
    Ok(batch)
}

/// A batch tallied on every core: split into runs of lines, one thread a run, the runs'
/// tallies merged in line order.
fn tally_batch<'b>(book: &'b RuleBook, period: Option<&Period>, lines: &[String]) -> Tally<'b> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let size = lines.len().div_ceil(threads).max(1);
    let tallies: Vec<Tally<'b>> = std::thread::scope(|scope| {
        let handles: Vec<_> = lines
            .chunks(size)
            .map(|run| {
                scope.spawn(move || {
                    let mut tally = Tally::new(book, period.cloned());
                    run.iter().for_each(|line| tally.add(line));
                    tally
                })
            })
            .collect();
        handles.into_iter().filter_map(|h| h.join().ok()).collect()
    });
    let mut merged = Tally::new(book, period.cloned());
    tallies.into_iter().for_each(|t| merged.merge(t));
    merged
}

/// One CSV file per rule set, `DIR/<rule set id>.csv`, one row per case.
fn write_flat(book: &RuleBook, dir: &str, rows: &[CaseRow]) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{dir}: cannot create: {e}"))?;
    let mut ids: Vec<&str> = rows.iter().map(|r| r.rule_set.as_str()).collect();
    ids.dedup();
    ids.sort_unstable();
    ids.dedup();
    for id in ids {
        let path = format!("{dir}/{id}.csv");
        let cases: Vec<&CaseRow> = rows.iter().filter(|r| r.rule_set == id).collect();
        // The answer columns: the facts of the newest version the cases were decided under.
        let newest = cases
            .iter()
            .map(|r| r.version.as_str())
            .max()
            .unwrap_or_default();
        let facts: Vec<String> = book
            .version(id, newest)
            .map(|rules| rules.fact_ids().map(str::to_string).collect())
            .unwrap_or_default();
        let mut writer =
            csv::Writer::from_path(&path).map_err(|e| format!("{path}: cannot write: {e}"))?;
        let mut head: Vec<String> = [
            "reference",
            "rule_set",
            "version",
            "first_as_of",
            "latest_as_of",
            "outcome",
            "reasons",
        ]
        .map(str::to_string)
        .to_vec();
        head.extend(facts.iter().map(|f| format!("answer.{f}")));
        writer
            .write_record(&head)
            .map_err(|e| format!("{path}: cannot write: {e}"))?;
        for case in cases {
            let mut row = vec![
                case.reference.clone().unwrap_or_default(),
                case.rule_set.to_string(),
                case.version.to_string(),
                case.first_as_of.clone(),
                case.latest_as_of.clone(),
                case.outcome.to_string(),
                case.reasons.join(";"),
            ];
            for fact in &facts {
                let values: Vec<&str> = case
                    .answers
                    .iter()
                    .filter(|(f, _)| f.as_str() == fact)
                    .map(|(_, v)| v.as_str())
                    .collect();
                row.push(values.join(";"));
            }
            let row: Vec<String> = row.iter().map(|cell| cell_safe(cell)).collect();
            writer
                .write_record(&row)
                .map_err(|e| format!("{path}: cannot write: {e}"))?;
        }
        writer
            .flush()
            .map_err(|e| format!("{path}: cannot write: {e}"))?;
    }
    Ok(())
}

/// A cell a spreadsheet will not run as a formula: one starting with `=`, `+`, `-` or `@`
/// is prefixed with `'`.
fn cell_safe(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}
