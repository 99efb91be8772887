//! Constraints applied to a case: whether the values known admit a consistent
//! completion, which values the constraints force, and the smallest set of constraints
//! (found by dropping them in file order) behind a contradiction or a forced value.

use crate::case::answer::{Answer, Given};
use crate::logic::builder::{Builder, Op};
use crate::logic::diagram::{Diagram, NodeId, TooLarge};
use crate::rules::limits::Limits;
use crate::rules::ruleset::{RuleSet, VarOwner};
use crate::rules::validate::compile::compile_expr;
use crate::wire::problem::Problem;

/// Whether some completion of `assignment` satisfies every constraint.
pub(crate) fn consistent(rules: &RuleSet, assignment: &[Option<u8>]) -> bool {
    match rules.compiled.constraint_root {
        None => true,
        Some(root) => rules.compiled.diagram.reach(root, assignment) & 0b10 != 0,
    }
}

/// The values of variable `var` that some consistent completion of `assignment` takes,
/// as a mask (the known value's bit alone when it is known).
pub(crate) fn values_taken(
    diagram: &Diagram,
    root: NodeId,
    assignment: &mut [Option<u8>],
    var: usize,
    size: u8,
) -> u64 {
    if let Some(v) = assignment.get(var).copied().flatten() {
        return 1u64.checked_shl(u32::from(v)).unwrap_or(0);
    }
    let mut taken = 0u64;
    for v in 0..size {
        if let Some(slot) = assignment.get_mut(var) {
            *slot = Some(v);
        }
        if diagram.reach(root, assignment) & 0b10 != 0 {
            taken |= 1u64.checked_shl(u32::from(v)).unwrap_or(0);
        }
    }
    if let Some(slot) = assignment.get_mut(var) {
        *slot = None;
    }
    taken
}

/// A smallest set of constraints, in file order, for which `holds` still holds: each
/// constraint is dropped in turn while the rest still make it hold. `holds` is given the
/// conjunction's diagram and root. All of them when the diagrams grow too large.
pub(crate) fn minimal(rules: &RuleSet, holds: &dyn Fn(&Diagram, NodeId) -> bool) -> Vec<usize> {
    let all: Vec<usize> = (0..rules.constraints.len()).collect();
    shrink(rules, holds, all.clone()).unwrap_or(all)
}

fn shrink(
    rules: &RuleSet,
    holds: &dyn Fn(&Diagram, NodeId) -> bool,
    mut keep: Vec<usize>,
) -> Result<Vec<usize>, TooLarge> {
    let mut b = Builder::new(rules.variables.domains.clone(), Limits::MAX_DIAGRAM_NODES);
    let roots = rules
        .constraints
        .iter()
        .map(|c| {
            compile_expr(
                &c.condition,
                &rules.variables,
                &rules.rules,
                &mut b,
                &mut [],
            )
        })
        .collect::<Result<Vec<NodeId>, TooLarge>>()?;
    let mut i = 0;
    while i < keep.len() {
        let mut conj = b.leaf(1)?;
        for (k, c) in keep.iter().enumerate() {
            if k != i {
                conj = b.apply(Op::And, conj, *roots.get(*c).ok_or(TooLarge)?)?;
            }
        }
        if holds(&b.snapshot(), conj) {
            keep.remove(i);
        } else {
            i += 1;
        }
    }
    Ok(keep)
}

/// The assignment of the values a case gives, nothing inferred or forced.
fn given_assignment(rules: &RuleSet, given: &[Given]) -> Vec<Option<u8>> {
    rules
        .variables
        .owner
        .iter()
        .map(|owner| {
            let answer = |f: usize| match given.get(f) {
                Some(Given::Value { answer, .. }) => Some(answer),
                _ => None,
            };
            match *owner {
                VarOwner::Scalar(f) => answer(f).and_then(Answer::index),
                VarOwner::Member(f, m) => match answer(f) {
                    Some(Answer::Set(mask)) => Some(u8::from(mask >> m & 1 == 1)),
                    _ => None,
                },
                _ => None,
            }
        })
        .collect()
}

/// The problem with a case whose given values no completion satisfying the constraints
/// extends, naming a smallest set of constraints that together break (dropping them in
/// file order while the rest still contradict) and the given facts they test; `None`
/// for a consistent case.
pub(crate) fn contradiction(rules: &RuleSet, given: &[Given]) -> Option<Problem> {
    rules.compiled.constraint_root?;
    let assignment = given_assignment(rules, given);
    if consistent(rules, &assignment) {
        return None;
    }
    let broken = minimal(rules, &|diagram, root| {
        diagram.reach(root, &assignment) & 0b10 == 0
    });
    let mut facts: Vec<usize> = Vec::new();
    for c in broken.iter().filter_map(|c| rules.constraints.get(*c)) {
        c.condition.visit_tests(&mut |f, _| {
            if matches!(given.get(f), Some(Given::Value { .. })) && !facts.contains(&f) {
                facts.push(f);
            }
        });
    }
    facts.sort_unstable();
    let named: Vec<String> = broken
        .iter()
        .filter_map(|c| rules.constraints.get(*c))
        .map(|c| format!("`{}` ({})", c.id, c.says))
        .collect();
    let values: Vec<String> = facts
        .iter()
        .filter_map(|f| {
            let fact = rules.facts.get(*f)?;
            let Some(Given::Value { answer, .. }) = given.get(*f) else {
                return None;
            };
            let value = crate::case::answer::answer_json(&fact.domain, answer);
            Some(format!(
                "`{}` is {}",
                fact.id,
                crate::wire::json::show(&value)
            ))
        })
        .collect();
    let pointer = facts
        .first()
        .and_then(|f| rules.facts.get(*f))
        .map_or("/facts".to_string(), |f| {
            format!("/facts/{}", crate::wire::json::escape_token(&f.id))
        });
    Some(Problem::new(
        "contradiction",
        pointer,
        format!(
            "the facts given contradict constraint{} {}: {}",
            if named.len() == 1 { "" } else { "s" },
            named.join(" and "),
            values.join(", ")
        ),
    ))
}
