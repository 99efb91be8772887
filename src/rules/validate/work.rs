//! Work bounds: the work a case split and the missing facts can take.

use crate::rules::limits::Limits;
use crate::rules::model::{Domain, Fact, Outcome, Rule, Test};
use crate::rules::ruleset::{Import, Variables};
use crate::rules::validate::usage::mark;

/// The measure [`Limits::MAX_CASE_SPLIT_WORK`] bounds: the trace nodes the outcomes can
/// make times the values of the variables their conditions test (rules written out),
/// each variable counted once; "given" tests read a variable that is always known.
pub(super) fn case_split_work(
    vars: &Variables,
    rules: &[Rule],
    outcomes: &[Outcome],
    trace_bound: usize,
) -> usize {
    let mut tested = vec![false; vars.domains.len()];
    for o in outcomes {
        if let Some(c) = &o.condition {
            c.visit_facts(rules, &mut |f, t| {
                if !matches!(t, Test::Given(_))
                    && let Some((var, _)) = vars.test(f, t)
                {
                    mark(&mut tested, var as usize);
                }
            });
        }
    }
    let values = tested
        .iter()
        .zip(&vars.domains)
        .filter(|(t, _)| **t)
        .fold(0usize, |n, (_, d)| n.saturating_add(usize::from(*d)));
    trace_bound.saturating_mul(values)
}

/// The measure [`Limits::MAX_MISSING_FACTS_WORK`] bounds, for a diagram of size
/// `outcome_size` (imports included).
pub(super) fn missing_facts_work(
    facts: &[Fact],
    outcomes: &[Outcome],
    imports: &[Import],
    outcome_size: usize,
) -> usize {
    let answers = facts.iter().fold(0usize, |n, f| {
        n.saturating_add(match &f.domain {
            Domain::Set(members) if members.len() > Limits::MAX_SET_ANSWERS_LISTED => 0,
            Domain::Set(members) => 1usize << members.len(),
            d => d.len(),
        })
    });
    let id_bytes = outcomes
        .iter()
        .fold(0usize, |n, o| n.saturating_add(o.id.len()));
    let own = outcome_size
        .saturating_mul(answers.saturating_add(facts.len()))
        .saturating_add(answers.saturating_mul(id_bytes));
    imports
        .iter()
        .fold(own, |w, imp| w.saturating_add(imp.rules.missing_facts_work))
}
