//! Compilation: conditions to decision diagrams over the rule set's variables.

use crate::logic::builder::{Builder, Op};
use crate::logic::diagram::{NodeId, TooLarge};
use crate::rules::limits::Limits;
use crate::rules::model::{Constraint, DecisionTest, Expr, Note, Outcome, Rule};
use crate::rules::ruleset::{Compiled, Variables};

/// Compiles the outcomes into one diagram and each note into its own, over the same
/// variables; with constraints, every assignment they exclude leads to a leaf of its own
/// (the outcome count; 2 for a note), so that a reach says what consistent completions
/// give and whether there are any.
pub(super) fn compile(
    vars: &Variables,
    rules: &[Rule],
    outcomes: &[Outcome],
    notes: &[Note],
    constraints: &[Constraint],
) -> Result<Compiled, TooLarge> {
    let mut b = Builder::new(vars.domains.clone(), Limits::MAX_DIAGRAM_NODES);
    let mut constraint_root = None;
    for c in constraints {
        let root = compile_expr(&c.condition, vars, rules, &mut b, &mut [])?;
        constraint_root = Some(match constraint_root {
            Some(acc) => b.apply(Op::And, acc, root)?,
            None => root,
        });
    }
    let mut rule_roots = vec![None; rules.len()];
    let last = u32::try_from(outcomes.len().saturating_sub(1)).map_err(|_| TooLarge)?;
    let mut acc = b.leaf(last)?;
    for (k, o) in outcomes.iter().enumerate().rev() {
        if let Some(c) = &o.condition {
            let cond = compile_expr(c, vars, rules, &mut b, &mut rule_roots)?;
            let k = u32::try_from(k).map_err(|_| TooLarge)?;
            acc = b.apply(Op::Select(k), cond, acc)?;
        }
    }
    let outcome_count = u32::try_from(outcomes.len()).map_err(|_| TooLarge)?;
    if let Some(c) = constraint_root {
        acc = b.apply(Op::Guard(outcome_count), c, acc)?;
    }
    let mut note_roots = Vec::with_capacity(notes.len());
    for n in notes {
        let mut root = compile_expr(&n.condition, vars, rules, &mut b, &mut rule_roots)?;
        if let Some(c) = constraint_root {
            root = b.apply(Op::Guard(2), c, root)?;
        }
        note_roots.push(root);
    }
    Ok(Compiled {
        outcome_root: acc,
        note_roots,
        constraint_root,
        consistent: 1u64
            .checked_shl(outcome_count)
            .map_or(u64::MAX, |bit| bit - 1),
        diagram: b.finish(),
    })
}

pub(super) fn compile_decision(
    vars: &Variables,
    import: usize,
    test: DecisionTest,
) -> Option<(u32, u64)> {
    vars.decision(import, test)
}

pub(crate) fn compile_expr(
    expr: &Expr,
    vars: &Variables,
    rules: &[Rule],
    b: &mut Builder,
    rule_roots: &mut [Option<NodeId>],
) -> Result<NodeId, TooLarge> {
    match expr {
        Expr::All(xs) | Expr::Any(xs) => {
            let (op, unit) = if matches!(expr, Expr::All(_)) {
                (Op::And, 1)
            } else {
                (Op::Or, 0)
            };
            let mut acc = b.leaf(unit)?;
            for x in xs {
                let part = compile_expr(x, vars, rules, b, rule_roots)?;
                acc = b.apply(op, acc, part)?;
            }
            Ok(acc)
        }
        Expr::Not(x) => {
            let inner = compile_expr(x, vars, rules, b, rule_roots)?;
            b.not(inner)
        }
        Expr::Rule(r) => {
            if let Some(Some(root)) = rule_roots.get(*r) {
                return Ok(*root);
            }
            let rule = rules.get(*r).ok_or(TooLarge)?;
            let root = compile_expr(&rule.condition, vars, rules, b, rule_roots)?;
            if let Some(slot) = rule_roots.get_mut(*r) {
                *slot = Some(root);
            }
            Ok(root)
        }
        Expr::Test { fact, test, .. } => {
            let (var, mask) = vars.test(*fact, *test).ok_or(TooLarge)?;
            b.test(var, mask)
        }
        Expr::Decision { import, test } => {
            let (var, mask) = compile_decision(vars, *import, *test).ok_or(TooLarge)?;
            b.test(var, mask)
        }
    }
}
