//! Usage: every declared fact used (unless recorded only), none recorded only on which
//! an outcome depends.

use crate::rules::doc::RuleSetDoc;
use crate::rules::model::{Constraint, Fact, Note, Outcome, Rule};
use crate::rules::ruleset::{Compiled, Variables};
use crate::rules::validate::cycles::rule_refs;
use crate::wire::problem::Problem;

pub(super) fn check_usage(
    doc: &RuleSetDoc,
    facts: &[Fact],
    rules: &[Rule],
    outcomes: &[Outcome],
    notes: &[Note],
    constraints: &[Constraint],
    p: &mut Vec<Problem>,
) {
    let mut by_outcome = vec![false; facts.len()];
    let mut by_any = vec![false; facts.len()];
    let mut rule_used = vec![false; rules.len()];
    for o in outcomes {
        if let Some(c) = &o.condition {
            c.visit_facts(rules, &mut |f, _| mark(&mut by_outcome, f));
            let mut refs = Vec::new();
            rule_refs(c, &mut refs);
            refs.into_iter().for_each(|r| mark(&mut rule_used, r));
        }
    }
    for n in notes {
        n.condition
            .visit_facts(rules, &mut |f, _| mark(&mut by_any, f));
        let mut refs = Vec::new();
        rule_refs(&n.condition, &mut refs);
        refs.into_iter().for_each(|r| mark(&mut rule_used, r));
    }
    // A fact used only by constraints counts as used: it ties others down.
    for c in constraints {
        c.condition.visit_tests(&mut |f, _| mark(&mut by_any, f));
    }
    for r in rules {
        let mut refs = Vec::new();
        rule_refs(&r.condition, &mut refs);
        refs.into_iter().for_each(|x| mark(&mut rule_used, x));
    }
    for (i, f) in facts.iter().enumerate() {
        let outcome_uses = by_outcome.get(i).copied().unwrap_or(false);
        let used = outcome_uses
            || by_any.get(i).copied().unwrap_or(false)
            || facts
                .iter()
                .any(|g| g.presupposes.is_some_and(|(t, _)| t == i));
        if f.recorded_only && outcome_uses {
            p.push(Problem::new("recorded_only_used", 
                format!("/facts/{i}/recorded_only"),
                format!("fact `{}` is recorded only, but an outcome depends on it; only notes may test it", f.id),
            ));
        } else if !used && !f.recorded_only {
            p.push(Problem::new("unused", 
                format!("/facts/{i}"),
                format!("fact `{}` is declared but no outcome or note uses it; use it or mark it `recorded_only`", f.id),
            ));
        }
    }
    for (i, used) in rule_used.iter().enumerate() {
        if !used {
            let id = doc.rules.get(i).map_or("", |r| r.id.as_str());
            p.push(Problem::new(
                "unused",
                format!("/rules/{i}"),
                format!("rule `{id}` is declared but nothing refers to it"),
            ));
        }
    }
}

pub(crate) fn mark(flags: &mut [bool], i: usize) {
    if let Some(f) = flags.get_mut(i) {
        *f = true;
    }
}

/// Every outcome can be reached: in some case no earlier outcome holds and its condition
/// does.
pub(super) fn check_reachable(
    variables: &Variables,
    compiled: &Compiled,
    outcomes: &[Outcome],
    p: &mut Vec<Problem>,
) {
    // Over consistent assignments only: an outcome the constraints rule out is unreachable.
    let reachable = compiled
        .diagram
        .reach(compiled.outcome_root, &vec![None; variables.domains.len()])
        & compiled.consistent;
    for (i, o) in outcomes.iter().enumerate() {
        if reachable >> i & 1 == 0 {
            p.push(Problem::new("unreachable_outcome", 
                format!("/outcomes/{i}"),
                format!("outcome `{}` can never be reached: in every case an earlier outcome holds or its condition fails", o.id),
            ));
        }
    }
}
