//! What is still needed: the exact missing facts, what each answer would leave possible,
//! and the next question to ask.

use crate::case::{Answer, Given, answer_json};
use crate::determination::{AnswerOutcomes, MissingFact, Question};
use crate::evaluate::{Known, Status, outcome_ids, possible};
use crate::limits::Limits;
use crate::model::Domain;
use crate::ruleset::RuleSet;

/// Every answer a fact can take, or `None` for a set fact too large to list.
fn all_answers(domain: &Domain) -> Option<Vec<Answer>> {
    match domain {
        Domain::Set(members) if members.len() > Limits::MAX_SET_ANSWERS_LISTED => None,
        Domain::Set(members) => Some((0..1u64 << members.len()).map(Answer::Set).collect()),
        d => Some(
            (0..d.len())
                .filter_map(|v| u8::try_from(v).ok())
                .map(Answer::Scalar)
                .collect(),
        ),
    }
}

/// The diagram variables holding a fact's value.
fn value_vars(rules: &RuleSet, fact: usize) -> Vec<u32> {
    match rules.variables.scalar.get(fact).copied().flatten() {
        Some(var) => vec![var],
        None => rules
            .variables
            .members
            .get(fact)
            .cloned()
            .unwrap_or_default(),
    }
}

/// The exact missing facts, ordered so that questions whose answer can settle the outcome
/// on its own come first (then the rule file's order), and the next question.
///
/// The next question is the unanswered fact (`null` counts as answered) whose worst
/// answer leaves the fewest outcomes possible; ties go to the smaller average over its
/// answers, then to the rule file's order. A fact that presupposes another is asked only
/// once its presupposition is known to hold: its question makes no sense before.
pub(crate) fn missing_facts(
    rules: &RuleSet,
    given: &[Given],
    known: &Known<'_>,
) -> (Vec<MissingFact>, Option<Question>) {
    let root = rules.compiled.outcome_root;
    let diagram = &rules.compiled.diagram;
    let mut settles = Vec::new();
    let mut others = Vec::new();
    let mut best: Option<((usize, usize), usize)> = None;
    for (f, fact) in rules.facts.iter().enumerate() {
        if !matches!(known.status.get(f), Some(Status::Unknown | Status::Asked)) {
            continue;
        }
        let answers = all_answers(&fact.domain);
        // Answering the fact applies its presuppositions; any answer does so alike.
        let probe = answers
            .as_ref()
            .and_then(|a| a.first().cloned())
            .unwrap_or(Answer::Set(0));
        let mut answered = given.to_vec();
        if let Some(slot) = answered.get_mut(f) {
            *slot = Given::Value {
                answer: probe,
                source: None,
            };
        }
        let mut context = Known::resolve(rules, &answered).assignment(rules);
        let vars = value_vars(rules, f);
        for var in &vars {
            if let Some(slot) = context.get_mut(*var as usize) {
                *slot = None;
            }
        }
        if !vars
            .iter()
            .any(|var| diagram.depends_on(root, &context, *var))
        {
            continue;
        }
        let outcomes: Option<Vec<(Answer, u64)>> = answers.map(|list| {
            list.into_iter()
                .map(|a| {
                    if let Some(slot) = answered.get_mut(f) {
                        *slot = Given::Value {
                            answer: a.clone(),
                            source: None,
                        };
                    }
                    let mask = possible(rules, &answered);
                    (a, mask)
                })
                .collect()
        });
        let asked = known.status.get(f) == Some(&Status::Asked);
        let can_settle = outcomes
            .as_ref()
            .is_some_and(|o| o.iter().any(|(_, m)| m.count_ones() == 1));
        let makes_sense = fact.presupposes.is_none_or(
            |(g, v)| matches!(known.answers.get(g), Some(Some(Answer::Scalar(x))) if *x == v),
        );
        if !asked
            && makes_sense
            && let Some(o) = &outcomes
        {
            let counts: Vec<usize> = o.iter().map(|(_, m)| m.count_ones() as usize).collect();
            let worst = counts.iter().copied().max().unwrap_or(usize::MAX);
            // The average, scaled to compare without floating point.
            let mean = counts.iter().sum::<usize>() * 1000 / counts.len().max(1);
            if best.is_none_or(|(key, _)| (worst, mean) < key) {
                best = Some(((worst, mean), f));
            }
        }
        let entry = MissingFact {
            fact: fact.id.clone(),
            question: fact.question.clone(),
            cites: fact.cites.clone(),
            asked,
            answers: outcomes.map(|o| {
                o.into_iter()
                    .map(|(a, mask)| AnswerOutcomes {
                        value: answer_json(&fact.domain, &a),
                        possible_outcomes: outcome_ids(rules, mask),
                    })
                    .collect()
            }),
        };
        if can_settle {
            settles.push(entry)
        } else {
            others.push(entry)
        }
    }
    let next = best
        .and_then(|(_, f)| rules.facts.get(f))
        .map(|fact| Question {
            fact: fact.id.clone(),
            question: fact.question.clone(),
            cites: fact.cites.clone(),
        });
    settles.extend(others);
    (settles, next)
}
