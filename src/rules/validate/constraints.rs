//! Constraints: read against the vocabulary (fact tests only), never on a recorded-only
//! fact, and each satisfiable, as are all of them together.

use std::collections::BTreeMap;

use crate::logic::builder::{Builder, Op};
use crate::logic::diagram::{Node, NodeId, TooLarge};
use crate::rules::condition::Scope;
use crate::rules::doc::RuleSetDoc;
use crate::rules::limits::Limits;
use crate::rules::model::Constraint;
use crate::rules::ruleset::{Import, Variables};
use crate::rules::validate::compile::compile_expr;
use crate::rules::validate::identity::index_ids;
use crate::rules::validate::references::{check_cites, shared};
use crate::wire::pointer::Pointer;
use crate::wire::problem::Problem;

/// This file's constraints, read against the vocabulary, then each import's, its facts
/// mapped into this vocabulary: an imported rule set's constraints hold here too.
pub(super) fn read_constraints(
    doc: &RuleSetDoc,
    scope: &Scope<'_>,
    provision_ids: &BTreeMap<String, usize>,
    imports: &[Import],
    p: &mut Vec<Problem>,
) -> (Vec<Constraint>, usize) {
    let _ = index_ids(
        doc.constraints.iter().map(|x| x.id.as_str()),
        "/constraints",
        "constraint",
        p,
    );
    if doc.constraints.len() > Limits::MAX_CONSTRAINTS {
        p.push(Problem::new(
            "over_limit",
            "/constraints",
            format!(
                "{} constraints is over the limit of {}",
                doc.constraints.len(),
                Limits::MAX_CONSTRAINTS
            ),
        ));
    }
    let mut constraints = Vec::with_capacity(doc.constraints.len());
    for (i, c) in doc.constraints.iter().enumerate() {
        let at = Pointer::Written("/constraints");
        let at = at.index(i);
        check_cites(provision_ids, &c.cites, &at, p);
        if c.says.trim().is_empty() {
            p.push(Problem::new(
                "empty_string",
                format!("{at}/says"),
                "expected wording, found an empty string",
            ));
        }
        let Some(condition) = scope.read(&c.condition, &at.key("condition"), p) else {
            continue;
        };
        let mut recorded = Vec::new();
        condition.visit_tests(&mut |f, _| {
            if scope.facts.get(f).is_some_and(|x| x.recorded_only) && !recorded.contains(&f) {
                recorded.push(f);
            }
        });
        for f in recorded {
            let id = scope.facts.get(f).map_or("", |x| x.id.as_str());
            p.push(Problem::new(
                "recorded_only_used",
                format!("{at}/condition"),
                format!(
                    "constraint `{}` tests `{id}`, which is recorded only: the law makes it irrelevant, so nothing may tie it to what decides",
                    c.id
                ),
            ));
        }
        constraints.push(Constraint {
            id: c.id.as_str().into(),
            cites: shared(&c.cites),
            says: c.says.as_str().into(),
            condition,
        });
    }
    let own = constraints.len();
    for imp in imports {
        for c in &imp.rules.constraints {
            let map = |f: usize| imp.fact_map.get(f).copied().unwrap_or(usize::MAX);
            constraints.push(Constraint {
                condition: c.condition.map_facts(&map),
                ..c.clone()
            });
        }
    }
    (constraints, own)
}

/// Each of this file's constraints must hold for some assignment, and so must all of
/// them together (imports' included): otherwise no case could be evaluated.
pub(super) fn check_satisfiable(
    vars: &Variables,
    constraints: &[Constraint],
    own: usize,
    p: &mut Vec<Problem>,
) {
    let mut b = Builder::new(vars.domains.clone(), Limits::MAX_DIAGRAM_NODES);
    let mut all: Result<NodeId, TooLarge> = b.leaf(1);
    for (i, c) in constraints.iter().enumerate() {
        let root = compile_expr(&c.condition, vars, &[], &mut b, &mut []);
        if i < own && root.as_ref().is_ok_and(|r| is_false(&b, *r)) {
            p.push(Problem::new(
                "unsatisfiable",
                format!("/constraints/{i}/condition"),
                format!(
                    "constraint `{}` holds for no values of its facts, so no case could satisfy it",
                    c.id
                ),
            ));
        }
        all = match (all, root) {
            (Ok(a), Ok(r)) => b.apply(Op::And, a, r),
            _ => Err(TooLarge),
        };
    }
    if p.is_empty() && all.as_ref().is_ok_and(|r| is_false(&b, *r)) {
        p.push(Problem::new(
            "unsatisfiable",
            "/constraints",
            "the constraints together hold for no values of their facts, so no case could satisfy them",
        ));
    }
}

fn is_false(b: &Builder, root: NodeId) -> bool {
    matches!(b.node(root), Some(Node::Leaf(0)))
}
