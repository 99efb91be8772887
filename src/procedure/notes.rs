//! A procedure note's condition: tests of its decisions' determinations (known once each
//! is evaluated) combined with tests of facts, each maximal test of facts alone compiled
//! as a condition set and so exact over the consistent completions.

use std::sync::Arc;

use serde_json::Value;

use crate::case::document::{Case, CaseError};
use crate::determination::assessment::DecisionResult;
use crate::procedure::augment::{Pool, condition_set};
use crate::procedure::doc::{ProcedureDoc, tests_decision};
use crate::procedure::model::{Decision, NoteCondition, Resolver};
use crate::rules::identity::UNDETERMINED;
use crate::wire::problem::Problem;

/// Reads a note's condition at pointer `at`.
pub(crate) fn read_note(
    value: &Value,
    at: &str,
    doc: &ProcedureDoc,
    decisions: &[Decision],
    pool: &Pool<'_>,
    resolve: Resolver<'_>,
) -> Result<NoteCondition, Vec<Problem>> {
    let bad = |at: String, message: String| vec![Problem::new("invalid_condition", at, message)];
    let Value::Object(o) = value else {
        return Err(bad(
            at.to_string(),
            "expected a condition object".to_string(),
        ));
    };
    let list = |key: &str, items: &Value| -> Result<Vec<NoteCondition>, Vec<Problem>> {
        let Value::Array(items) = items else {
            return Err(bad(
                format!("{at}/{key}"),
                "expected an array of conditions".to_string(),
            ));
        };
        let mut out = Vec::new();
        let mut problems = Vec::new();
        for (i, item) in items.iter().enumerate() {
            match read_note(
                item,
                &format!("{at}/{key}/{i}"),
                doc,
                decisions,
                pool,
                resolve,
            ) {
                Ok(c) => out.push(c),
                Err(mut p) => problems.append(&mut p),
            }
        }
        if problems.is_empty() {
            Ok(out)
        } else {
            Err(problems)
        }
    };
    let empty = o.len() == 1
        && ["all", "any"].iter().any(|k| {
            o.get(*k)
                .and_then(Value::as_array)
                .is_some_and(Vec::is_empty)
        });
    if !empty && !tests_decision(value) {
        return condition_set(doc, pool, value, &[], resolve)
            .map(|rules| NoteCondition::Facts(Arc::new(rules)))
            .map_err(|e| {
                e.problems()
                    .iter()
                    .map(|x| {
                        Problem::new(
                            x.code,
                            at.to_string(),
                            format!("this test of facts: {} {}", x.pointer, x.message),
                        )
                    })
                    .collect()
            });
    }
    if let (Some(items), 1) = (o.get("all"), o.len()) {
        return list("all", items).map(NoteCondition::All);
    }
    if let (Some(items), 1) = (o.get("any"), o.len()) {
        return list("any", items).map(NoteCondition::Any);
    }
    if let (Some(inner), 1) = (o.get("not"), o.len()) {
        return read_note(inner, &format!("{at}/not"), doc, decisions, pool, resolve)
            .map(|c| NoteCondition::Not(Box::new(c)));
    }
    read_decision_test(o, at, decisions)
}

fn read_decision_test(
    o: &serde_json::Map<String, Value>,
    at: &str,
    decisions: &[Decision],
) -> Result<NoteCondition, Vec<Problem>> {
    let bad = |at: String, message: String| vec![Problem::new("invalid_condition", at, message)];
    let Some(Value::String(name)) = o.get("decision") else {
        return Err(bad(
            at.to_string(),
            "expected `all`, `any`, `not`, a fact test or a decision test".to_string(),
        ));
    };
    let Some(index) = decisions.iter().position(|d| d.name == name.as_str()) else {
        let hint =
            crate::wire::suggest::suggestion(name, decisions.iter().map(|d| d.name.as_str()));
        return Err(vec![Problem::new(
            "unknown_decision",
            format!("{at}/decision"),
            format!("undeclared decision `{name}`{hint}"),
        )]);
    };
    let (key, possible) = match (o.get("is"), o.get("possible"), o.len()) {
        (Some(_), None, 2) => ("is", false),
        (None, Some(_), 2) => ("possible", true),
        _ => {
            return Err(bad(
                at.to_string(),
                "a decision test has `decision` and one of `is` or `possible`".to_string(),
            ));
        }
    };
    let outcome = o.get(key).and_then(Value::as_str).unwrap_or_default();
    let rules = decisions.get(index).map(|d| d.original.clone());
    let declared = rules
        .as_ref()
        .is_some_and(|r| r.outcome_ids().any(|x| x == outcome))
        || (!possible && outcome == UNDETERMINED);
    if !declared {
        let known: Vec<String> = rules
            .iter()
            .flat_map(|r| r.outcome_ids().map(str::to_string).collect::<Vec<_>>())
            .collect();
        let hint = crate::wire::suggest::suggestion(outcome, known.iter().map(String::as_str));
        return Err(vec![Problem::new(
            "undeclared_outcome",
            format!("{at}/{key}"),
            format!("decision `{name}` has no outcome `{outcome}`{hint}"),
        )]);
    }
    Ok(NoteCondition::Decision {
        index,
        outcome: outcome.to_string(),
        possible,
    })
}

/// The condition's Kleene value: `Some(true)` when it holds in every completion.
pub(crate) fn value(
    c: &NoteCondition,
    decided: &[DecisionResult],
    case: &Case,
) -> Result<Option<bool>, CaseError> {
    Ok(match c {
        NoteCondition::All(items) => {
            let mut out = Some(true);
            for item in items {
                match value(item, decided, case)? {
                    Some(false) => return Ok(Some(false)),
                    None => out = None,
                    Some(true) => {}
                }
            }
            out
        }
        NoteCondition::Any(items) => {
            let mut out = Some(false);
            for item in items {
                match value(item, decided, case)? {
                    Some(true) => return Ok(Some(true)),
                    None => out = None,
                    Some(false) => {}
                }
            }
            out
        }
        NoteCondition::Not(inner) => value(inner, decided, case)?.map(|b| !b),
        NoteCondition::Decision {
            index,
            outcome,
            possible,
        } => Some(
            decided
                .get(*index)
                .and_then(|d| d.determination.as_ref())
                .is_some_and(|det| {
                    if *possible {
                        det.possible_outcomes.iter().any(|o| o == outcome.as_str())
                    } else {
                        det.outcome == outcome.as_str()
                    }
                }),
        ),
        NoteCondition::Facts(rules) => {
            let det = crate::procedure::model::restricted(rules, case)?.evaluate();
            match det.possible_outcomes.as_slice() {
                [one] => Some(one == "holds"),
                _ => None,
            }
        }
    })
}
