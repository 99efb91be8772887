//! The interview over a procedure: one question at a time across every decision, the
//! possible outcomes of each shown after each answer; a decision that does not apply asks
//! nothing. `--case`, `--save` and `back` work as for a rule set.

use std::io::{BufRead, Write};

use safeguarding_rules::{Assessment, Case, Procedure};
use serde_json::{Map, Value};

/// The possible outcomes of each decision, one line each.
fn show(out: &mut impl Write, a: &Assessment) {
    for d in &a.decisions {
        let state = match (&d.determination, d.applies, d.in_force) {
            (Some(det), _, _) => det.possible_outcomes.join(", "),
            (None, Some(false), _) => "does not apply".to_string(),
            (None, _, Some(false)) => "not in force".to_string(),
            _ => "not evaluated".to_string(),
        };
        let _ = writeln!(out, "  {}: {state}", d.name);
    }
}

fn evaluate(
    procedure: &Procedure,
    base: &Case,
    facts: &Map<String, Value>,
) -> Result<Assessment, String> {
    let mut case = base.clone();
    case.facts = facts.clone();
    case.rule_set = None;
    case.procedure = Some(procedure.id().to_string());
    procedure.evaluate(&case).map_err(|e| e.to_string())
}

/// Asks the procedure's questions from `lines` until none is left or input ends.
pub fn run(
    procedure: &Procedure,
    referral: Option<Case>,
    lines: &mut dyn Iterator<Item = std::io::Result<String>>,
    echo: bool,
    save: Option<&str>,
) -> Result<(), String> {
    let base = referral.unwrap_or_default();
    let mut facts = base.facts.clone();
    let mut out = std::io::stdout().lock();
    let mut history: Vec<Map<String, Value>> = Vec::new();
    let _ = writeln!(
        out,
        "{}: answer each question; `?` if not known, `back` to undo the last answer.",
        procedure.title()
    );
    let mut assessment = evaluate(procedure, &base, &facts)?;
    let ended = loop {
        let _ = writeln!(out, "possible outcomes:");
        show(&mut out, &assessment);
        let Some(question) = assessment.next_question.clone() else {
            break false;
        };
        let Some((fact, _)) = procedure.fact(&question.fact) else {
            return Err(format!("the procedure has no fact `{}`", question.fact));
        };
        let values = super::values_of(fact);
        loop {
            let _ = writeln!(
                out,
                "\n{} (for {}) [{}]",
                question.question,
                question.for_decisions.join(", "),
                question.cites.join(", ")
            );
            let _ = writeln!(out, "{}", super::menu(fact, &values));
            let _ = write!(out, "> ");
            let _ = out.flush();
            let Some(Ok(line)) = lines.next() else {
                break;
            };
            if echo {
                let _ = writeln!(out, "{}", line.trim());
            }
            if line.trim().eq_ignore_ascii_case("back") {
                match history.pop() {
                    Some(previous) => {
                        facts = previous;
                        let _ = writeln!(out, "(the last answer is undone)");
                        assessment = evaluate(procedure, &base, &facts)?;
                        break;
                    }
                    None => {
                        let _ = writeln!(out, "nothing to undo: no question was answered yet");
                        continue;
                    }
                }
            }
            let value = match super::parse(fact.kind, &values, line.trim()) {
                Ok(value) => value,
                Err(why) => {
                    let _ = writeln!(out, "not a valid answer: {why}");
                    continue;
                }
            };
            let mut next = facts.clone();
            next.insert(fact.id.clone(), value);
            match evaluate(procedure, &base, &next) {
                Ok(a) => {
                    history.push(std::mem::replace(&mut facts, next));
                    assessment = a;
                    break;
                }
                Err(e) => {
                    let _ = writeln!(out, "not a valid answer: {e}");
                }
            }
        }
        if lines_ended(&assessment, &question.fact, &facts) {
            break true;
        }
    };
    if ended {
        let _ = writeln!(out, "\n(end of input: the assessment so far)");
    }
    let _ = write!(out, "\n{}", assessment.to_text());
    if let Some(path) = save {
        let mut case = base.clone();
        case.facts = facts;
        case.rule_set = None;
        case.procedure = Some(procedure.id().to_string());
        let text = serde_json::to_string_pretty(&case).map_err(|e| e.to_string())?;
        std::fs::write(path, format!("{text}\n"))
            .map_err(|e| format!("{path}: cannot write: {e}"))?;
        let _ = writeln!(out, "\nanswers saved to {path}");
    }
    Ok(())
}

/// Whether input ended without an answer: the same question is still the next one and
/// its fact is still unanswered.
fn lines_ended(a: &Assessment, asked: &str, facts: &Map<String, Value>) -> bool {
    !facts.contains_key(asked) && a.next_question.as_ref().is_some_and(|q| q.fact == asked)
}

/// Reads the procedure `--procedure` names and runs the interview on stdin.
pub fn main(
    named: &str,
    rules_dir: Option<&str>,
    case: Option<&str>,
    save: Option<&str>,
) -> Result<(), String> {
    let book = super::common::rule_book(rules_dir)?;
    let referral = match case {
        Some(path) => Some(
            Case::from_json(&super::common::read(path)?)
                .map_err(|e| super::common::case_error(path, e))?,
        ),
        None => None,
    };
    let procedure = super::common::find_procedure(&book, Some(named), &Case::default())?;
    let stdin = std::io::stdin();
    let echo = !std::io::IsTerminal::is_terminal(&stdin);
    let mut lines = stdin.lock().lines();
    run(&procedure, referral, &mut lines, echo, save)
}
