//! Kleene (three-valued) logic over a partial assignment: the values the trace shows.

use crate::determination::document::{Combine, Kleene, TraceNode};
use crate::rules::model::{DecisionTest, Expr, Test};
use crate::rules::ruleset::RuleSet;

/// Kleene `and` (for `all`) or `or` (for `any`) of some values.
pub(crate) fn combine_values(combine: Combine, values: impl Iterator<Item = Kleene>) -> Kleene {
    let (absorbing, unit) = match combine {
        Combine::All => (Kleene::False, Kleene::True),
        Combine::Any => (Kleene::True, Kleene::False),
    };
    let mut result = unit;
    for v in values {
        if v == absorbing {
            return absorbing;
        }
        if v == Kleene::Unknown {
            result = Kleene::Unknown;
        }
    }
    result
}

/// The Kleene value of a condition.
pub(crate) fn kleene(rules: &RuleSet, expr: &Expr, assignment: &[Option<u8>]) -> Kleene {
    match expr {
        Expr::All(xs) => xs.iter().fold(Kleene::True, |acc, x| {
            match (acc, kleene(rules, x, assignment)) {
                (Kleene::False, _) | (_, Kleene::False) => Kleene::False,
                (Kleene::True, Kleene::True) => Kleene::True,
                _ => Kleene::Unknown,
            }
        }),
        Expr::Any(xs) => xs.iter().fold(Kleene::False, |acc, x| {
            match (acc, kleene(rules, x, assignment)) {
                (Kleene::True, _) | (_, Kleene::True) => Kleene::True,
                (Kleene::False, Kleene::False) => Kleene::False,
                _ => Kleene::Unknown,
            }
        }),
        Expr::Not(x) => match kleene(rules, x, assignment) {
            Kleene::True => Kleene::False,
            Kleene::False => Kleene::True,
            Kleene::Unknown => Kleene::Unknown,
        },
        Expr::Rule(r) => rules.rules.get(*r).map_or(Kleene::Unknown, |rule| {
            kleene(rules, &rule.condition, assignment)
        }),
        Expr::Test { fact, test, .. } => test_value(rules, *fact, *test, assignment),
        Expr::Decision { import, test } => decision_value_of(rules, *import, *test, assignment),
    }
}

pub(crate) fn decision_value_of(
    rules: &RuleSet,
    import: usize,
    test: DecisionTest,
    assignment: &[Option<u8>],
) -> Kleene {
    match rules.variables.decision(import, test) {
        Some((var, mask)) => match assignment.get(var as usize).copied().flatten() {
            Some(v) => Kleene::from_bool(mask >> v & 1 == 1),
            None => Kleene::Unknown,
        },
        None => Kleene::Unknown,
    }
}

pub(crate) fn test_value(
    rules: &RuleSet,
    fact: usize,
    test: Test,
    assignment: &[Option<u8>],
) -> Kleene {
    tested_value(rules.variables.test(fact, test), assignment)
}

/// The value of a test already read as `(variable, mask)` (see
/// [`crate::rules::ruleset::Variables::test`]) at an assignment.
#[inline]
pub(crate) fn tested_value(tested: Option<(u32, u64)>, assignment: &[Option<u8>]) -> Kleene {
    match tested {
        Some((var, mask)) => match assignment.get(var as usize).copied().flatten() {
            Some(v) => Kleene::from_bool(mask >> v & 1 == 1),
            None => Kleene::Unknown,
        },
        None => Kleene::Unknown,
    }
}

/// Whether the outcome nodes of a trace settle outcome `o`: every earlier one false, it
/// true (the same as [`kleene_outcome`] being `o`, read off values already computed).
pub(crate) fn kleene_settles(trace: &[TraceNode], o: usize) -> bool {
    trace.iter().take(o).all(|n| n.value == Kleene::False)
        && trace.get(o).is_some_and(|n| n.value == Kleene::True)
}

/// The outcome Kleene logic settles on: the first outcome not false, if it is true.
pub(crate) fn kleene_outcome(rules: &RuleSet, assignment: &[Option<u8>]) -> Option<usize> {
    for (i, o) in rules.outcomes.iter().enumerate() {
        let value = o
            .condition
            .as_ref()
            .map_or(Kleene::True, |c| kleene(rules, c, assignment));
        match value {
            Kleene::False => continue,
            Kleene::True => return Some(i),
            Kleene::Unknown => return None,
        }
    }
    None
}

/// Kleene "none of these holds".
pub(crate) fn none_of(values: impl Iterator<Item = Kleene>) -> Kleene {
    values.fold(Kleene::True, |acc, v| match (acc, v) {
        (Kleene::False, _) | (_, Kleene::True) => Kleene::False,
        (Kleene::True, Kleene::False) => Kleene::True,
        _ => Kleene::Unknown,
    })
}
