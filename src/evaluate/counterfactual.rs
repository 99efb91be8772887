//! What would change a settled outcome: the smallest sets of changes to the facts given.

use crate::case::answer::answer_json;
use crate::case::answer::{Answer, Given};
use crate::case::known::{Known, Status, possible};
use crate::determination::document::{Change, Counterfactual};
use crate::rules::limits::Limits;
use crate::rules::model::Domain;
use crate::rules::ruleset::RuleSet;
use crate::wire::text::Text;

/// Every other value a given fact could have had: each other value of a scalar fact, or
/// the set with one member added or removed.
fn alternatives(domain: &Domain, answer: &Answer) -> Vec<Answer> {
    match (domain, answer) {
        (Domain::Set(members), Answer::Set(mask)) => (0..members.len())
            .map(|m| Answer::Set(mask ^ (1u64 << m)))
            .collect(),
        (d, Answer::Scalar(v) | Answer::Number(v, _)) => (0..d.len())
            .filter_map(|x| u8::try_from(x).ok())
            .filter(|x| x != v)
            .map(Answer::Scalar)
            .collect(),
        _ => Vec::new(),
    }
}

/// Whether the search for this case's counterfactuals stays within
/// [`Limits::MAX_COUNTERFACTUAL_WORK`].
pub(crate) fn within_limit(rules: &RuleSet, given: &[Given], known: &Known<'_>) -> bool {
    let changes: usize = rules
        .facts
        .iter()
        .enumerate()
        .filter(|(f, fact)| !fact.recorded_only && known.status.get(*f) == Some(&Status::Given))
        .filter_map(|(f, fact)| match given.get(f) {
            Some(Given::Value { answer, .. }) => Some(alternatives(&fact.domain, answer).len()),
            _ => None,
        })
        .sum();
    let tries = changes.saturating_add(changes.saturating_mul(changes) / 2);
    tries.saturating_mul(outcome_cost(rules)) <= Limits::MAX_COUNTERFACTUAL_WORK
}

/// What one outcome computation costs, as the limit counts it.
fn outcome_cost(rules: &RuleSet) -> usize {
    rules.imports.iter().fold(
        rules
            .facts
            .len()
            .saturating_add(rules.compiled.diagram.len()),
        |n, imp| n.saturating_add(outcome_cost(&imp.rules)),
    )
}

/// One change to the facts given: which fact, and to what.
type Edit = (usize, Answer);

/// Single changes that settle a different outcome, then pairs that do so where neither
/// of their changes alone settles that outcome.
pub(crate) fn counterfactuals(
    rules: &RuleSet,
    given: &[Given],
    known: &Known<'_>,
    outcome: usize,
) -> Vec<Counterfactual> {
    let mut edits: Vec<Edit> = Vec::new();
    for (f, fact) in rules.facts.iter().enumerate() {
        if fact.recorded_only || known.status.get(f) != Some(&Status::Given) {
            continue;
        }
        if let Some(Given::Value { answer, .. }) = given.get(f) {
            edits.extend(
                alternatives(&fact.domain, answer)
                    .into_iter()
                    .map(|a| (f, a)),
            );
        }
    }
    let settled_other = |changes: &[&Edit]| -> Option<usize> {
        let mut changed = given.to_vec();
        for (f, a) in changes {
            if let Some(Given::Value { answer, .. }) = changed.get_mut(*f) {
                *answer = a.clone();
            }
        }
        let mask = possible(rules, &changed);
        let only = mask.trailing_zeros() as usize;
        (mask.count_ones() == 1 && only != outcome).then_some(only)
    };
    let singles: Vec<Option<usize>> = edits.iter().map(|e| settled_other(&[e])).collect();
    let mut found = Vec::new();
    for (e, o) in edits.iter().zip(&singles) {
        if let Some(o) = o {
            found.push(describe(rules, given, &[e], *o));
        }
    }
    for (i, a) in edits.iter().enumerate() {
        for (j, b) in edits.iter().enumerate().skip(i + 1) {
            if a.0 == b.0 {
                continue;
            }
            let Some(o) = settled_other(&[a, b]) else {
                continue;
            };
            let alone = |k: usize| singles.get(k).copied().flatten() == Some(o);
            if !alone(i) && !alone(j) {
                found.push(describe(rules, given, &[a, b], o));
            }
        }
    }
    found
}

fn describe(rules: &RuleSet, given: &[Given], edits: &[&Edit], outcome: usize) -> Counterfactual {
    let mut cites: Vec<Text> = Vec::new();
    let mut changes = Vec::new();
    for (f, to) in edits {
        let Some(fact) = rules.facts.get(*f) else {
            continue;
        };
        let from = match given.get(*f) {
            Some(Given::Value { answer, .. }) => answer_json(&fact.domain, answer),
            _ => serde_json::Value::Null,
        };
        changes.push(Change {
            fact: fact.id.clone(),
            from,
            to: answer_json(&fact.domain, to),
        });
        cites.extend(fact.cites.iter().cloned());
    }
    let o = rules.outcomes.get(outcome);
    cites.extend(o.iter().flat_map(|o| o.cites.iter().cloned()));
    let mut seen = Vec::new();
    cites.retain(|c| {
        let new = !seen.contains(c);
        seen.push(c.clone());
        new
    });
    Counterfactual {
        changes,
        outcome: o.map(|o| o.id.clone()).unwrap_or_default(),
        cites: cites.into(),
    }
}
