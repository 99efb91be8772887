//! Asks the next question until the outcome is settled, then prints the determination.
//!
//! ```text
//! cargo run --example interview -- [--rules FILE] [--rules-dir DIR] [--rule-set ID]
//! ```
//!
//! Answers: `yes`/`no` for yes-or-no questions; a value's id or its number in the menu for
//! the others; comma-separated ids for a list (`none` for none of them); `?` or `unknown`
//! when the answer is not known (that question is not asked again). An invalid answer is
//! explained and the question asked again. At the end of input the determination so far is
//! printed. Works with answers piped on stdin. Exit codes: 0 done, 2 bad usage.

mod common;

use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

use safeguarding_rules::{FactType, RuleSet};
use serde_json::{Value, json};

fn main() -> ExitCode {
    let args = match common::parse_args::<Args>() {
        Ok(args) => args,
        Err(code) => return code,
    };
    let rules = match load(args) {
        Ok(rules) => rules,
        Err(message) => return common::fail(message),
    };
    let stdin = std::io::stdin();
    // Piped answers are not echoed by a terminal: echo them, so the transcript reads right.
    let echo = !stdin.is_terminal();
    let mut lines = stdin.lock().lines();
    let mut out = std::io::stdout().lock();
    let mut facts = rules.facts();
    let _ = writeln!(
        out,
        "{}: answer each question; `?` if not known.",
        rules.title()
    );
    loop {
        let det = facts.evaluate();
        let _ = writeln!(
            out,
            "possible outcomes: {}",
            det.possible_outcomes.join(", ")
        );
        // A settled outcome can still have a question to ask: an importing rule set that
        // waits on an undetermined import asks the import's questions.
        let Some(question) = det.next_question.clone() else {
            if !det.is_settled() {
                let _ = writeln!(
                    out,
                    "no question left to ask: the facts still needed were answered as not known"
                );
            }
            let _ = write!(out, "\n{}", det.to_text());
            return ExitCode::SUCCESS;
        };
        let Some(fact) = rules.fact(&question.fact) else {
            return common::fail(format!("the rule set has no fact `{}`", question.fact));
        };
        loop {
            let _ = writeln!(
                out,
                "\n{} [{}]",
                question.question,
                question.cites.join(", ")
            );
            let _ = writeln!(out, "{}", menu(fact.kind, &values_of(fact)));
            let _ = write!(out, "> ");
            let _ = out.flush();
            let Some(Ok(line)) = lines.next() else {
                let _ = writeln!(out, "\n(end of input: the determination so far)");
                let _ = write!(out, "\n{}", facts.evaluate().to_text());
                return ExitCode::SUCCESS;
            };
            if echo {
                let _ = writeln!(out, "{}", line.trim());
            }
            match parse(fact.kind, &values_of(fact), line.trim()) {
                Ok(value) => match facts.set(&fact.id, value) {
                    Ok(_) => break,
                    Err(e) => {
                        let _ = writeln!(out, "not a valid answer: {e}");
                    }
                },
                Err(why) => {
                    let _ = writeln!(out, "not a valid answer: {why}");
                }
            }
        }
    }
}

/// Asks a caseworker the questions that settle a case, one at a time.
#[derive(clap::Parser)]
#[command(name = "interview", version)]
struct Args {
    /// A rule file to interview for.
    #[arg(long, value_name = "FILE")]
    rules: Option<String>,
    /// A directory of rule files added to the embedded packs.
    #[arg(long, value_name = "DIR")]
    rules_dir: Option<String>,
    /// The id of the rule set to interview for (default: the default pack).
    #[arg(long, value_name = "ID")]
    rule_set: Option<String>,
}

fn load(args: Args) -> Result<RuleSet, String> {
    let Args {
        rules: rules_file,
        rules_dir,
        rule_set,
    } = args;
    match rules_file {
        Some(path) => common::load_rules_file(&path, &common::rule_book(rules_dir.as_deref())?),
        None => common::find(
            &common::rule_book(rules_dir.as_deref())?,
            rule_set.as_deref(),
        ),
    }
}

fn values_of(fact: &safeguarding_rules::FactDoc) -> Vec<String> {
    match fact.kind {
        FactType::Knowledge => ["known", "suspected", "not_suspected"]
            .map(String::from)
            .to_vec(),
        _ => fact.values.clone(),
    }
}

fn menu(kind: FactType, values: &[String]) -> String {
    match kind {
        FactType::Bool => "answer yes or no (or ? if not known)".to_string(),
        FactType::Set => format!(
            "answer with any of these, separated by commas, or none: {}",
            values.join(", ")
        ),
        FactType::Enum | FactType::Knowledge => {
            let items: Vec<String> = values
                .iter()
                .enumerate()
                .map(|(i, v)| format!("  {}) {v}", i + 1))
                .collect();
            format!(
                "{}\n(a number or a value; ? if not known)",
                items.join("\n")
            )
        }
    }
}

/// Reads one answer; `Err` says why it is not one.
fn parse(kind: FactType, values: &[String], text: &str) -> Result<Value, String> {
    let lower = text.to_lowercase();
    if lower == "?" || lower == "unknown" {
        return Ok(Value::Null);
    }
    match kind {
        FactType::Bool => match lower.as_str() {
            "yes" | "y" | "true" => Ok(json!(true)),
            "no" | "n" | "false" => Ok(json!(false)),
            _ => Err(format!("expected yes or no, found `{text}`")),
        },
        FactType::Enum | FactType::Knowledge => {
            if let Ok(n) = lower.parse::<usize>() {
                return values
                    .get(n.wrapping_sub(1))
                    .map(|v| json!(v))
                    .ok_or_else(|| {
                        format!(
                            "expected a number from 1 to {}, found `{text}`",
                            values.len()
                        )
                    });
            }
            if values.contains(&lower) {
                Ok(json!(lower))
            } else {
                Err(format!(
                    "expected one of {}, found `{text}`",
                    values.join(", ")
                ))
            }
        }
        FactType::Set => {
            if lower == "none" || lower.is_empty() {
                return Ok(json!([]));
            }
            let items: Vec<&str> = lower.split(',').map(str::trim).collect();
            Ok(json!(items))
        }
    }
}
