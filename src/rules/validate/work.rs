//! Work bounds: the work a case split and the missing facts can take.

use crate::rules::limits::Limits;
use crate::rules::model::{Domain, Fact, Outcome, Rule, Test};
use crate::rules::ruleset::{Compiled, Import, Variables};
use crate::rules::validate::state::Model;
use crate::rules::validate::usage::mark;
use crate::wire::problem::Problem;

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
    constrained: Option<usize>,
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
    let mut own = outcome_size
        .saturating_mul(answers.saturating_add(facts.len()))
        .saturating_add(answers.saturating_mul(id_bytes));
    // Under constraints, each answer's case is resolved in full (a walk of the diagram
    // per value of every fact, for the forced values), and each fact's dependence is a
    // walk over pairs of nodes.
    if let Some(values) = constrained {
        let resolve = values.saturating_mul(outcome_size);
        own = own
            .saturating_add(answers.saturating_add(facts.len()).saturating_mul(resolve))
            .saturating_add(
                facts
                    .len()
                    .saturating_mul(outcome_size.saturating_mul(outcome_size)),
            );
    }
    imports
        .iter()
        .fold(own, |w, imp| w.saturating_add(imp.rules.missing_facts_work))
}

/// The work bounds a rule set records, imports included.
pub(super) struct Bounds {
    pub case_split_work: usize,
    pub outcome_size: usize,
    pub missing_facts_work: usize,
    pub evaluations: usize,
}

/// The work a case split, the imports' evaluations and the missing facts can take, each
/// within its limit.
pub(super) fn check_work(
    model: &Model,
    variables: &Variables,
    compiled: &Compiled,
    trace_bound: usize,
    p: &mut Vec<Problem>,
) -> Bounds {
    let Model {
        facts,
        outcomes,
        rules,
        imports,
        ..
    } = model;
    let case_split_work = imports.iter().fold(
        case_split_work(variables, rules, outcomes, trace_bound),
        |w, imp| w.saturating_add(imp.rules.case_split_work),
    );
    if case_split_work > Limits::MAX_CASE_SPLIT_WORK {
        p.push(Problem::new("over_limit", 
            "/outcomes",
            format!(
                "rule set too slow to evaluate: a case split would take {case_split_work} steps ({trace_bound} trace nodes times the values of the variables the outcomes' conditions test), over the limit of {}",
                Limits::MAX_CASE_SPLIT_WORK
            ),
        ));
    }
    let outcome_size = imports.iter().fold(
        compiled.diagram.reachable_size(&[compiled.outcome_root]),
        |n, imp| n.saturating_add(imp.rules.outcome_size),
    );
    let once = compiled
        .diagram
        .reachable_size(&compiled.note_roots)
        .saturating_add(variables.domains.len());
    let values = variables
        .domains
        .iter()
        .fold(0usize, |n, d| n.saturating_add(usize::from(*d)));
    let constrained = compiled.constraint_root.map(|_| values);
    let missing_facts_work =
        missing_facts_work(facts, outcomes, imports, outcome_size, constrained)
            .saturating_add(once);
    let evaluations = imports
        .iter()
        .fold(1usize, |n, imp| n.saturating_add(imp.rules.evaluations));
    if evaluations.saturating_sub(1) > Limits::MAX_IMPORT_EVALUATIONS {
        p.push(Problem::new("over_limit", 
            "/imports",
            format!(
                "evaluating a case would evaluate {} imported rule sets (each counted once per path that imports it), over the limit of {}",
                evaluations.saturating_sub(1),
                Limits::MAX_IMPORT_EVALUATIONS
            ),
        ));
    }
    if missing_facts_work > Limits::MAX_MISSING_FACTS_WORK {
        p.push(Problem::new("over_limit", 
            "",
            format!(
                "rule set too slow to evaluate: working out the missing facts of a case would take {missing_facts_work} steps (its decision diagram, of size {outcome_size}, walked once per fact and once per answer listed, and the outcomes each answer leaves possible), over the limit of {}",
                Limits::MAX_MISSING_FACTS_WORK
            ),
        ));
    }
    Bounds {
        case_split_work,
        outcome_size,
        missing_facts_work,
        evaluations,
    }
}
