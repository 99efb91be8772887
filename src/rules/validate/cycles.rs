//! Cycles: presuppositions and rules that refer back to themselves.

use crate::rules::model::{Expr, Fact, Rule};
use crate::wire::problem::Problem;

/// Every presupposition, `(fact, presupposed fact, value)`, ordered by the presupposed
/// fact's level (the longest chain of presuppositions leading to it), then by fact: the
/// links into a fact come together, after those into every fact that implies something of
/// it, which is the order [`crate::rules::presupposition::infer`] needs.
pub(super) fn ordered_presuppositions(facts: &[Fact]) -> Vec<(usize, usize, u8)> {
    let mut level = vec![0usize; facts.len()];
    for f in 0..facts.len() {
        let mut at = f;
        // A cycle is reported at load; the walk is bounded all the same.
        for depth in 1..=facts.len() {
            let Some((t, _)) = facts.get(at).and_then(|x| x.presupposes) else {
                break;
            };
            if let Some(l) = level.get_mut(t) {
                *l = (*l).max(depth);
            }
            at = t;
        }
    }
    let mut links: Vec<(usize, usize, u8)> = facts
        .iter()
        .enumerate()
        .filter_map(|(f, fact)| fact.presupposes.map(|(t, v)| (f, t, v)))
        .collect();
    links.sort_by_key(|&(f, t, _)| (level.get(t).copied().unwrap_or(0), t, f));
    links
}

pub(super) fn check_presupposition_cycles(facts: &[Fact], p: &mut Vec<Problem>) {
    for (start, fact) in facts.iter().enumerate() {
        let mut seen = vec![start];
        let mut next = fact.presupposes.map(|(t, _)| t);
        while let Some(current) = next {
            if current == start {
                // Report a cycle once, at its first fact.
                if seen.iter().any(|i| *i < start) {
                    break;
                }
                let names: Vec<&str> = seen
                    .iter()
                    .filter_map(|i| facts.get(*i))
                    .map(|f| f.id.as_str())
                    .collect();
                p.push(Problem::new(
                    "cycle",
                    format!("/facts/{start}/presupposes"),
                    format!(
                        "presuppositions form a cycle: `{}` → `{}`",
                        names.join("` → `"),
                        fact.id
                    ),
                ));
                break;
            }
            if seen.contains(&current) {
                break;
            }
            seen.push(current);
            next = facts
                .get(current)
                .and_then(|f| f.presupposes)
                .map(|(t, _)| t);
        }
    }
}

pub(crate) fn rule_refs(expr: &Expr, out: &mut Vec<usize>) {
    match expr {
        Expr::All(xs) | Expr::Any(xs) => xs.iter().for_each(|x| rule_refs(x, out)),
        Expr::Not(x) => rule_refs(x, out),
        Expr::Rule(r) => out.push(*r),
        Expr::Test { .. } | Expr::Decision { .. } => {}
    }
}

pub(super) fn check_rule_cycles(rules: &[Rule], p: &mut Vec<Problem>) {
    // 0 unvisited, 1 on the current path, 2 done.
    let mut state = vec![0u8; rules.len()];
    let mut path = Vec::new();
    for start in 0..rules.len() {
        visit_rule(start, rules, &mut state, &mut path, p);
    }
}

pub(super) fn visit_rule(
    r: usize,
    rules: &[Rule],
    state: &mut [u8],
    path: &mut Vec<usize>,
    p: &mut Vec<Problem>,
) {
    match state.get(r).copied() {
        Some(2) | None => return,
        Some(1) => {
            let from = path.iter().position(|x| *x == r).unwrap_or(0);
            let names: Vec<&str> = path
                .get(from..)
                .unwrap_or(&[])
                .iter()
                .filter_map(|i| rules.get(*i))
                .map(|x| x.id.as_str())
                .collect();
            let id = rules.get(r).map_or("", |x| x.id.as_str());
            p.push(Problem::new(
                "cycle",
                format!("/rules/{r}/condition"),
                format!(
                    "rules refer to each other in a cycle: `{}` → `{id}`",
                    names.join("` → `")
                ),
            ));
            return;
        }
        _ => {}
    }
    if let Some(s) = state.get_mut(r) {
        *s = 1;
    }
    path.push(r);
    let mut refs = Vec::new();
    if let Some(rule) = rules.get(r) {
        rule_refs(&rule.condition, &mut refs);
    }
    for next in refs {
        visit_rule(next, rules, state, path, p);
    }
    path.pop();
    if let Some(s) = state.get_mut(r) {
        *s = 2;
    }
}
