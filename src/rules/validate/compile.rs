//! Compilation: conditions to decision diagrams over the rule set's variables.

use crate::logic::builder::{Builder, Op};
use crate::logic::diagram::{NodeId, TooLarge};
use crate::rules::limits::Limits;
use crate::rules::model::{DecisionTest, Expr, Note, Outcome, Rule};
use crate::rules::ruleset::{Compiled, Variables};

pub(super) fn compile(
    vars: &Variables,
    rules: &[Rule],
    outcomes: &[Outcome],
    notes: &[Note],
) -> Result<Compiled, TooLarge> {
    let mut b = Builder::new(vars.domains.clone(), Limits::MAX_DIAGRAM_NODES);
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
    let mut note_roots = Vec::with_capacity(notes.len());
    for n in notes {
        note_roots.push(compile_expr(
            &n.condition,
            vars,
            rules,
            &mut b,
            &mut rule_roots,
        )?);
    }
    Ok(Compiled {
        outcome_root: acc,
        note_roots,
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

pub(super) fn compile_expr(
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
