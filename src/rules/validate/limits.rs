//! Limits: how deep conditions nest and how large a trace can grow with rules written out.

use crate::rules::limits::Limits;
use crate::rules::model::{Domain, Expr, Fact, Note, Outcome, Rule, Test};
use crate::rules::ruleset::{Import, Variables};
use crate::wire::problem::Problem;

/// The most text a number test or an interval shown as a value takes: two bounds of at
/// most 20 digits or a date, and their keys.
const RANGE_TEXT: usize = 80;

/// A condition's depth and node count with the rules it refers to written out, as the
/// trace and the evaluator walk it. `rule_sizes` holds those of the rules referred to,
/// computed first, so that this never follows a chain of rules (which could be long
/// enough to exhaust the stack before the limit is checked).
pub(super) fn expanded(
    expr: &Expr,
    rule_sizes: &[Option<(usize, usize)>],
    imports: &[Import],
) -> Option<(usize, usize)> {
    match expr {
        Expr::All(xs) | Expr::Any(xs) => xs.iter().try_fold((1usize, 1usize), |(d, n), x| {
            let (dx, nx) = expanded(x, rule_sizes, imports)?;
            Some((d.max(dx.saturating_add(1)), n.saturating_add(nx)))
        }),
        Expr::Not(x) => {
            let (d, n) = expanded(x, rule_sizes, imports)?;
            Some((d.saturating_add(1), n.saturating_add(1)))
        }
        Expr::Rule(r) => {
            let (d, n) = rule_sizes.get(*r).copied().flatten()?;
            Some((d.saturating_add(1), n.saturating_add(1)))
        }
        Expr::Test { .. } => Some((1, 1)),
        // A decision node carries the imported determination's trace.
        Expr::Decision { import, .. } => Some((
            1,
            imports
                .get(*import)
                .map_or(1, |imp| imp.rules.trace_bound.saturating_add(1)),
        )),
    }
}

/// A string as [`Limits::MAX_TRACE_TEXT_BYTES`] counts it: its bytes, plus 32 for the
/// allocation each copy makes.
pub(super) fn text_cost(s: &str) -> usize {
    s.len().saturating_add(32)
}

pub(super) fn list_cost<S: AsRef<str>>(list: &[S]) -> usize {
    list.iter()
        .fold(0usize, |n, s| n.saturating_add(text_cost(s.as_ref())))
}

/// The text one trace carries, as [`Limits::MAX_TRACE_TEXT_BYTES`] counts it: each node
/// written out with its ids, citations, wording and (for a fact test) the values it names
/// and the longest answer it could show, plus the text of each import's own trace. Called
/// once the nesting is known to be within [`Limits::MAX_CONDITION_DEPTH`].
pub(super) fn trace_text(
    facts: &[Fact],
    rules: &[Rule],
    outcomes: &[Outcome],
    imports: &[Import],
) -> usize {
    struct Sizes<'a> {
        facts: &'a [Fact],
        rules: &'a [Rule],
        imports: &'a [Import],
        memo: Vec<Option<usize>>,
    }
    impl Sizes<'_> {
        fn of(&mut self, expr: &Expr, enclosing: usize) -> usize {
            match expr {
                Expr::All(xs) | Expr::Any(xs) => xs
                    .iter()
                    .fold(enclosing, |n, x| n.saturating_add(self.of(x, enclosing))),
                Expr::Not(x) => enclosing.saturating_add(self.of(x, enclosing)),
                Expr::Rule(r) => self.rule(*r),
                Expr::Test { fact, test, .. } => self.facts.get(*fact).map_or(0, |f| {
                    let names = f.domain.names();
                    let cost = |i: usize| names.get(i).map_or(0, |s| text_cost(s));
                    let sum = |mask: u64| {
                        (0..names.len())
                            .filter(|i| mask.checked_shr(*i as u32).is_some_and(|m| m & 1 == 1))
                            .fold(0usize, |n, i| n.saturating_add(cost(i)))
                    };
                    // The values the test names, and the answer shown beside it.
                    let tested = match test {
                        Test::In(mask) => sum(*mask),
                        Test::Is(v) | Test::Contains(v) => cost(usize::from(*v)),
                        Test::True | Test::Given(_) => 0,
                        // The threshold as written, and a range shown as the value.
                        Test::Range(..) => RANGE_TEXT,
                    };
                    let answer = match f.domain {
                        Domain::Set(_) => sum(u64::MAX),
                        Domain::Number(_) => RANGE_TEXT,
                        _ => (0..names.len()).map(cost).max().unwrap_or(0),
                    };
                    text_cost(&f.id)
                        .saturating_add(list_cost(&f.cites))
                        .saturating_add(tested)
                        .saturating_add(answer)
                }),
                Expr::Decision { import, .. } => self.imports.get(*import).map_or(0, |imp| {
                    text_cost(&imp.name)
                        .saturating_add(list_cost(&imp.cites))
                        .saturating_add(imp.rules.trace_text)
                }),
            }
        }

        fn rule(&mut self, r: usize) -> usize {
            if let Some(Some(found)) = self.memo.get(r) {
                return *found;
            }
            let Some(rule) = self.rules.get(r) else {
                return 0;
            };
            let cites = list_cost(&rule.cites);
            let wording = text_cost(&rule.says.holds)
                .max(text_cost(&rule.says.fails))
                .saturating_add(24);
            let own = text_cost(&rule.id)
                .saturating_add(cites)
                .saturating_add(wording);
            let total = own.saturating_add(self.of(&rule.condition, cites));
            if let Some(slot) = self.memo.get_mut(r) {
                *slot = Some(total);
            }
            total
        }
    }
    let mut text = Sizes {
        facts,
        rules,
        imports,
        memo: vec![None; rules.len()],
    };
    // Each import's determination is built in full, its own trace included.
    let imported = imports
        .iter()
        .fold(0usize, |n, imp| n.saturating_add(imp.rules.trace_text));
    outcomes.iter().fold(imported, |n, o| {
        let cites = list_cost(&o.cites);
        // An outcome without `fails` wording (the last) shows none.
        let fails = if o.says.fails.is_empty() {
            0
        } else {
            text_cost(&o.says.fails)
        };
        let wording = text_cost(&o.says.holds).max(fails).saturating_add(24);
        let condition = o.condition.as_ref().map_or(0, |c| text.of(c, cites));
        n.saturating_add(text_cost(&o.id))
            .saturating_add(cites)
            .saturating_add(wording)
            .saturating_add(condition)
    })
}

/// Rules referring to rules must not nest so deep that walking them could exhaust a
/// thread's stack, nor fan out into a trace too large to return.
pub(super) fn check_expansion(
    rules: &[Rule],
    outcomes: &[Outcome],
    notes: &[Note],
    imports: &[Import],
    p: &mut Vec<Problem>,
) -> usize {
    // Rules form no cycle, so each pass sizes at least one more rule.
    let mut memo: Vec<Option<(usize, usize)>> = vec![None; rules.len()];
    loop {
        let mut progress = false;
        for (i, r) in rules.iter().enumerate() {
            if memo.get(i) == Some(&None)
                && let Some(size) = expanded(&r.condition, &memo, imports)
            {
                if let Some(slot) = memo.get_mut(i) {
                    *slot = Some(size);
                }
                progress = true;
            }
        }
        if !progress {
            break;
        }
    }
    let deep = |d: usize| {
        format!(
            "condition nests {d} levels deep counting the rules it refers to, over the limit of {}",
            Limits::MAX_CONDITION_DEPTH
        )
    };
    for (i, size) in memo.iter().enumerate() {
        let (d, _) = size.unwrap_or((usize::MAX, 0));
        if d > Limits::MAX_CONDITION_DEPTH {
            p.push(Problem::new(
                "over_limit",
                format!("/rules/{i}/condition"),
                deep(d),
            ));
            return 0;
        }
    }
    let mut total: usize = 0;
    for (i, o) in outcomes.iter().enumerate() {
        if let Some(c) = &o.condition {
            let (d, n) = expanded(c, &memo, imports).unwrap_or((usize::MAX, usize::MAX));
            if d > Limits::MAX_CONDITION_DEPTH {
                p.push(Problem::new(
                    "over_limit",
                    format!("/outcomes/{i}/condition"),
                    deep(d),
                ));
            }
            total = total.saturating_add(n);
        }
    }
    for (i, n) in notes.iter().enumerate() {
        let (d, _) = expanded(&n.condition, &memo, imports).unwrap_or((usize::MAX, 0));
        if d > Limits::MAX_CONDITION_DEPTH {
            p.push(Problem::new(
                "over_limit",
                format!("/notes/{i}/condition"),
                deep(d),
            ));
        }
    }
    if total > Limits::MAX_TRACE_NODES {
        p.push(Problem::new("over_limit", 
            "/outcomes",
            format!(
                "the outcomes' conditions, with the rules they refer to written out, make {total} trace nodes, over the limit of {}",
                Limits::MAX_TRACE_NODES
            ),
        ));
    }
    total
}

/// The outcomes' trace, written out, must stay under [`Limits::MAX_TRACE_TEXT_BYTES`];
/// returns its size.
pub(super) fn check_trace_text(
    facts: &[Fact],
    rules: &[Rule],
    outcomes: &[Outcome],
    imports: &[Import],
    p: &mut Vec<Problem>,
) -> usize {
    let trace_text = trace_text(facts, rules, outcomes, imports);
    if trace_text > Limits::MAX_TRACE_TEXT_BYTES {
        p.push(Problem::new("over_limit", 
            "/outcomes",
            format!(
                "the outcomes' trace, with the rules they refer to written out, carries {trace_text} bytes of ids, citations and wording, over the limit of {}",
                Limits::MAX_TRACE_TEXT_BYTES
            ),
        ));
    }
    trace_text
}

/// The facts may need at most [`Limits::MAX_VARIABLES`] decision variables.
pub(super) fn check_variables(variables: &Variables) -> Result<(), Problem> {
    if variables.domains.len() > Limits::MAX_VARIABLES {
        return Err(Problem::new(
            "over_limit",
            "/facts",
            format!(
                "the facts need {} decision variables (one per fact answered, one per bool, enum or knowledge fact, one per set member), over the limit of {}",
                variables.domains.len(),
                Limits::MAX_VARIABLES
            ),
        ));
    }
    Ok(())
}
