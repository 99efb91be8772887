//! Asks the next question until the outcome is settled, then prints the outcome, the
//! reasons that decided it and the provisions relied on.
//!
//! ```text
//! cargo run --example interview -- [--rules FILE] [--rules-dir DIR] [--rule-set ID]
//!                                  [--procedure ID|FILE] [--case FILE] [--save FILE] [--trace]
//! ```
//!
//! Answers: `yes`/`no` for yes-or-no questions; a value's id (any case, spaces for
//! underscores: `not suspected`) or its number in the menu for the others;
//! comma-separated values for a list (`none` for none of them); `?` or `unknown` when the
//! answer is not known (that question is not asked again); `back` to undo the last answer.
//! An invalid answer is explained and the question asked again. At the end of input the
//! determination so far is printed. Works with answers piped on stdin. `--case` starts
//! from a referral's known facts; `--save` writes the answers (the referral's sources,
//! reference and date kept) as a case file that `evaluate --record` takes. Exit codes: 0
//! done, 2 bad input or usage.

mod common;
#[path = "common/procedure_interview.rs"]
mod procedure_interview;

use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use safeguarding_rules::{Case, Determination, FactType, Facts, RuleSet, TraceNode};
use serde_json::{Value, json};

/// Asks the next question until the outcome is settled.
#[derive(Parser)]
#[command(name = "interview", version, about)]
struct Args {
    /// A rule file to ask from (instead of an embedded pack).
    #[arg(long, value_name = "FILE")]
    rules: Option<String>,
    /// Rule files added to the embedded packs (imports resolve through them).
    #[arg(long, value_name = "DIR")]
    rules_dir: Option<String>,
    /// The rule set to ask from, by id (default: the case's, else the s44 pack).
    #[arg(long, value_name = "ID")]
    rule_set: Option<String>,
    /// Start from a referral's known facts (a case file).
    #[arg(long, value_name = "FILE")]
    case: Option<String>,
    /// Write the answers, with the referral's, as a case file at the end.
    #[arg(long, value_name = "FILE")]
    save: Option<String>,
    /// Ask across every decision of a procedure, by id or file.
    #[arg(long, value_name = "ID|FILE")]
    procedure: Option<String>,
    /// Print the full trace at the end, not only the reasons that decided.
    #[arg(long)]
    trace: bool,
}

fn main() -> ExitCode {
    let args = match common::parse_args::<Args>() {
        Ok(args) => args,
        Err(code) => return code,
    };
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => common::fail(message),
    }
}

fn run(args: &Args) -> Result<(), String> {
    let named = args.procedure.clone().or_else(|| {
        let path = args.case.as_deref()?;
        let case = Case::from_json(&std::fs::read_to_string(path).ok()?).ok()?;
        case.procedure
    });
    if let Some(named) = named.filter(|_| args.rules.is_none() && args.rule_set.is_none()) {
        return procedure_interview::main(
            &named,
            args.rules_dir.as_deref(),
            args.case.as_deref(),
            args.save.as_deref(),
        );
    }
    let (rules, referral) = load(args)?;
    let mut facts = match &referral {
        Some((path, case)) => {
            let mut case = case.clone();
            case.rule_set = None;
            rules.bind(&case).map_err(|e| format!("{path}: {e}"))?
        }
        None => rules.facts(),
    };
    let stdin = std::io::stdin();
    // Piped answers are not echoed by a terminal: echo them, so the transcript reads right.
    let echo = !stdin.is_terminal();
    let mut lines = stdin.lock().lines();
    let mut out = std::io::stdout().lock();
    let mut history: Vec<Facts<'_>> = Vec::new();
    let mut shown: Vec<String> = Vec::new();
    let _ = writeln!(
        out,
        "{}: answer each question; `?` if not known, `back` to undo the last answer.",
        rules.title()
    );
    let ended = loop {
        let det = facts.evaluate();
        show_possible(&mut out, &rules, &det, &mut shown);
        // A settled outcome can still have a question to ask: an importing rule set that
        // waits on an undetermined import asks the import's questions.
        let Some(question) = det.next_question.clone() else {
            if !det.is_settled() {
                let _ = writeln!(
                    out,
                    "no question left to ask: the facts still needed were answered as not known"
                );
            }
            break false;
        };
        let fact = rules
            .fact(&question.fact)
            .ok_or_else(|| format!("the rule set has no fact `{}`", question.fact))?;
        let values = values_of(fact);
        let answered = loop {
            let _ = writeln!(
                out,
                "\n{} [{}]",
                question.question,
                question.cites.join(", ")
            );
            let _ = writeln!(out, "{}", menu(fact, &values));
            let _ = write!(out, "> ");
            let _ = out.flush();
            let Some(Ok(line)) = lines.next() else {
                break None;
            };
            if echo {
                let _ = writeln!(out, "{}", line.trim());
            }
            if line.trim().eq_ignore_ascii_case("back") {
                match history.pop() {
                    Some(previous) => {
                        facts = previous;
                        let _ = writeln!(out, "(the last answer is undone)");
                        break Some(());
                    }
                    None => {
                        let _ = writeln!(out, "nothing to undo: no question was answered yet");
                        continue;
                    }
                }
            }
            match parse(fact.kind, &values, line.trim()) {
                Ok(value) => {
                    let before = facts.clone();
                    match facts.set(&fact.id, value) {
                        Ok(_) => {
                            history.push(before);
                            break Some(());
                        }
                        Err(e) => {
                            let _ = writeln!(out, "not a valid answer: {e}");
                        }
                    }
                }
                Err(why) => {
                    let _ = writeln!(out, "not a valid answer: {why}");
                }
            }
        };
        if answered.is_none() {
            break true;
        }
    };
    if ended {
        let _ = writeln!(out, "\n(end of input: the determination so far)");
    }
    let det = facts.evaluate();
    let _ = write!(out, "\n{}", conclusion(&rules, &det, args.trace));
    if let Some(path) = &args.save {
        let mut case = facts.to_case();
        if let Some((_, referral)) = &referral {
            case.reference = referral.reference.clone();
            case.as_of = referral.as_of.clone();
        }
        let text = serde_json::to_string_pretty(&case).map_err(|e| e.to_string())?;
        std::fs::write(path, format!("{text}\n"))
            .map_err(|e| format!("{path}: cannot write: {e}"))?;
        let _ = writeln!(out, "\nanswers saved to {path}");
    }
    Ok(())
}

/// The rule set to ask from, and the referral's case with where it was read from.
fn load(args: &Args) -> Result<(RuleSet, Option<(String, Case)>), String> {
    let book = common::rule_book(args.rules_dir.as_deref())?;
    let referral = match &args.case {
        Some(path) => {
            let case =
                Case::from_json(&common::read(path)?).map_err(|e| common::case_error(path, e))?;
            Some((path.clone(), case))
        }
        None => None,
    };
    let rules = match (&args.rules, &args.rule_set, &referral) {
        (Some(path), _, _) => common::load_rules_file(path, &book)?,
        (None, Some(id), _) => common::find(&book, Some(id))?,
        (None, None, Some((path, case))) => book
            .select_for(case)
            .map_err(|e| format!("{path}: {e}"))?
            .clone(),
        (None, None, None) => common::find(&book, None)?,
    };
    Ok((rules, referral))
}

/// The possible outcomes by id, and each in the rule file's words the first time it shows.
fn show_possible(
    out: &mut impl Write,
    rules: &RuleSet,
    det: &Determination,
    shown: &mut Vec<String>,
) {
    let _ = writeln!(
        out,
        "possible outcomes: {}",
        det.possible_outcomes.join(", ")
    );
    for id in &det.possible_outcomes {
        if !shown.iter().any(|s| s == id.as_str()) {
            let _ = writeln!(out, "  {id}: {}", wording(rules, id));
            shown.push(id.to_string());
        }
    }
}

/// An outcome's wording for when it holds, from the rule file.
fn wording(rules: &RuleSet, outcome: &str) -> String {
    rules
        .doc()
        .outcomes
        .iter()
        .find(|o| o.id == outcome)
        .map(|o| o.holds.clone())
        .unwrap_or_else(|| "the outcome is not yet settled".to_string())
}

/// The end of an interview: the outcome in words, the summary, the reasons that decided,
/// the provisions relied on, and the full trace when asked for.
fn conclusion(rules: &RuleSet, det: &Determination, trace: bool) -> String {
    let mut text = format!(
        "outcome: {}: {}\nsummary: {}\n\nreasons that decided:\n",
        det.outcome,
        wording(rules, &det.outcome),
        det.summary
    );
    for node in &det.trace {
        decisive(node, 1, &mut text);
    }
    let relied = safeguarding_rules::decisive_provisions(det);
    if !relied.is_empty() {
        text.push_str("\nprovisions relied on:\n");
        for id in &relied {
            if let Some(p) = det.provisions.get(id) {
                text.push_str(&format!("  {id}: {}\n    \"{}\"\n", p.cite, p.text));
            }
        }
    }
    if trace {
        text.push_str(&format!("\nthe full trace:\n{}", det.to_text()));
    }
    text
}

/// A node and, below it, the children that fixed its value.
fn decisive(node: &TraceNode, depth: usize, text: &mut String) {
    // Statuses and kinds in their JSON spelling (`given`, `asked`, `any`).
    let word = |v: serde_json::Result<Value>| match v {
        Ok(Value::String(s)) => s,
        _ => String::new(),
    };
    let what = match (&node.says, &node.fact) {
        (Some(says), _) => says.to_string(),
        (None, Some(fact)) => {
            let status = word(serde_json::to_value(node.status));
            match node.fact_value.as_deref() {
                Some(Value::String(value)) => format!("{fact}: {value} ({status})"),
                Some(value) => format!("{fact}: {value} ({status})"),
                None => format!("{fact} ({status})"),
            }
        }
        (None, None) => word(serde_json::to_value(node.kind)),
    };
    text.push_str(&format!(
        "{}[{}] {what} [{}]\n",
        "  ".repeat(depth),
        node.value.as_str(),
        node.cites.join(", ")
    ));
    for child in node.children.iter().filter(|c| c.decisive) {
        decisive(child, depth + 1, text);
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

/// A value id as a caseworker may type it: any case, spaces or hyphens for underscores.
fn normalise(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c == '-' || c == '_')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("_")
        .to_lowercase()
}

fn menu(fact: &safeguarding_rules::FactDoc, values: &[String]) -> String {
    let bound = |b: &Option<Value>| {
        b.as_ref()
            .map(|v| v.to_string().trim_matches('"').to_string())
    };
    let range = match (bound(&fact.min), bound(&fact.max)) {
        (Some(lo), Some(hi)) => format!(" from {lo} to {hi}"),
        (Some(lo), None) => format!(" from {lo}"),
        (None, Some(hi)) => format!(" up to {hi}"),
        (None, None) => String::new(),
    };
    match fact.kind {
        FactType::Integer => format!("answer with a whole number{range} (or ? if not known)"),
        FactType::Date => {
            format!("answer with a date written YYYY-MM-DD{range} (or ? if not known)")
        }
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
    let lower = normalise(text);
    if text.trim() == "?" || lower == "unknown" {
        return Ok(Value::Null);
    }
    match kind {
        // The library checks the range, the calendar and the constraints when it is set.
        FactType::Integer => text
            .trim()
            .parse::<i64>()
            .map(|n| json!(n))
            .map_err(|_| format!("expected a whole number, found `{text}`")),
        FactType::Date => Ok(json!(text.trim())),
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
            let items: Vec<String> = text.split(',').map(normalise).collect();
            Ok(json!(items))
        }
    }
}
