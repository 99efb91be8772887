//! The outcome alone, without allocating. Facts keep their compiled assignment (one value
//! per diagram variable), so the outcome of a complete case is one walk down the diagram;
//! with unknowns, the walk's memo lives on the stack for diagrams of up to 1,024 nodes.

use crate::case::{Answer, Given};
use crate::ruleset::RuleSet;

/// Variables and diagram nodes a rule set may have for the whole walk to stay in small
/// stack buffers (the s44 pack needs 33 and 53), and in larger ones.
const SMALL: usize = 64;
const LARGE: usize = 1024;

/// The compiled assignment of the answers `given(k)` gives for fact `k`: each fact's
/// answer, what answered facts presuppose, and each import's outcome.
pub(crate) fn assignment<'g>(
    rules: &RuleSet,
    given: &dyn Fn(usize) -> Option<&'g Given>,
) -> Vec<Option<u8>> {
    let mut assignment = vec![None; rules.variables.domains.len()];
    fill(rules, given, &mut assignment);
    assignment
}

/// Calls `f` with a zeroed memo of at least `nodes` entries: on the stack for diagrams of
/// up to 1,024 nodes, on the heap beyond.
pub(crate) fn with_memo<R>(nodes: usize, f: impl FnOnce(&mut [u64]) -> R) -> R {
    if nodes <= SMALL {
        f(&mut [0u64; SMALL])
    } else if nodes <= LARGE {
        f(&mut [0u64; LARGE])
    } else {
        f(&mut vec![0u64; nodes])
    }
}

/// The possible outcomes, as a mask, under a compiled assignment.
pub(crate) fn mask(rules: &RuleSet, assignment: &[Option<u8>]) -> u64 {
    let diagram = &rules.compiled.diagram;
    // A complete case never leaves the path; the first unknown variable opens the memo.
    let from = match diagram.follow(rules.compiled.outcome_root, assignment) {
        Ok(mask) => return mask,
        Err(from) => from,
    };
    with_memo(diagram.len(), |memo| {
        diagram.reach_with(from, assignment, memo)
    })
}

/// The possible outcomes, as a mask, for the answers `given(k)` gives for fact `k`
/// (`None` is absent). Presuppositions and imports are applied as in a full evaluation.
pub(crate) fn outcome_mask<'g>(rules: &RuleSet, given: &dyn Fn(usize) -> Option<&'g Given>) -> u64 {
    let vars = rules.variables.domains.len();
    let nodes = rules.compiled.diagram.len();
    // Zeroing buffers costs more than walking a small diagram: size them to the rule set.
    if vars <= SMALL && nodes <= SMALL {
        walk::<SMALL>(rules, given, vars, nodes)
    } else if vars <= LARGE && nodes <= LARGE {
        walk::<LARGE>(rules, given, vars, nodes)
    } else {
        let mut assignment = vec![None; vars];
        let mut memo = vec![0u64; nodes];
        fill(rules, given, &mut assignment);
        let root = rules.compiled.outcome_root;
        rules
            .compiled
            .diagram
            .reach_with(root, &assignment, &mut memo)
    }
}

fn walk<'g, const N: usize>(
    rules: &RuleSet,
    given: &dyn Fn(usize) -> Option<&'g Given>,
    vars: usize,
    nodes: usize,
) -> u64 {
    let mut assignment = [None; N];
    let mut memo = [0u64; N];
    let (Some(assignment), Some(memo)) = (assignment.get_mut(..vars), memo.get_mut(..nodes)) else {
        return 0;
    };
    fill(rules, given, assignment);
    rules
        .compiled
        .diagram
        .reach_with(rules.compiled.outcome_root, assignment, memo)
}

/// Fills the assignment: each fact's answer, then what answered facts presuppose, then
/// each import's outcome.
fn fill<'g>(
    rules: &RuleSet,
    given: &dyn Fn(usize) -> Option<&'g Given>,
    assignment: &mut [Option<u8>],
) {
    let vars = &rules.variables;
    let set = |assignment: &mut [Option<u8>], var: u32, value: u8| {
        if let Some(slot) = assignment.get_mut(var as usize) {
            *slot = Some(value);
        }
    };
    for f in 0..rules.facts.len() {
        let answer = match given(f) {
            Some(Given::Value { answer, .. }) => Some(answer),
            _ => None,
        };
        if let Some(&var) = vars.given.get(f) {
            set(assignment, var, u8::from(answer.is_some()));
        }
        match answer {
            Some(&Answer::Scalar(v)) => {
                if let Some(Some(var)) = vars.scalar.get(f) {
                    set(assignment, *var, v);
                }
            }
            Some(&Answer::Set(mask)) => {
                for (m, var) in vars.members.get(f).into_iter().flatten().enumerate() {
                    set(assignment, *var, u8::from(mask >> m & 1 == 1));
                }
            }
            None => {}
        }
    }
    infer(rules, assignment);
    for (i, imp) in rules.imports.iter().enumerate() {
        let sub = |k: usize| imp.fact_map.get(k).and_then(|&j| given(j));
        let mask = outcome_mask(&imp.rules, &sub);
        let count = imp.rules.outcomes.len();
        let outcome = if mask.count_ones() == 1 {
            mask.trailing_zeros() as usize
        } else {
            count
        };
        if let Some((outcome_var, possible_vars)) = vars.decisions.get(i) {
            if let Ok(o) = u8::try_from(outcome) {
                set(assignment, *outcome_var, o);
            }
            for (o, var) in possible_vars.iter().enumerate() {
                set(assignment, *var, u8::from(mask >> o & 1 == 1));
            }
        }
    }
}

/// Applies presuppositions (see [`crate::presupposition`]) to the scalar variables of
/// the facts the case leaves unanswered.
fn infer(rules: &RuleSet, assignment: &mut [Option<u8>]) {
    if rules.presuppositions.is_empty() {
        return;
    }
    let vars = &rules.variables;
    let answered = |f: usize| {
        vars.given
            .get(f)
            .and_then(|v| assignment.get(*v as usize))
            .copied()
            .flatten()
            == Some(1)
    };
    let facts = rules.facts.len();
    let mut small = [None; SMALL];
    let mut large;
    let inferred: &mut [Option<(u8, usize)>] = if facts <= SMALL {
        small.get_mut(..facts).unwrap_or_default()
    } else {
        large = vec![None; facts];
        &mut large
    };
    crate::presupposition::infer(rules, &answered, inferred);
    for (f, found) in inferred.iter().enumerate() {
        if let (Some((value, _)), Some(Some(var))) = (found, vars.scalar.get(f))
            && let Some(slot) = assignment.get_mut(*var as usize)
        {
            *slot = Some(*value);
        }
    }
}

/// Variables a compiled assignment holds inline (the s44 pack needs 33).
const INLINE: usize = 48;

/// A compiled assignment, held inline for rule sets of up to 48 variables: prepared facts
/// then carry their assignment with them, so reading many of them in turn is a scan
/// through memory rather than a pointer followed to each.
#[derive(Debug, Clone)]
pub(crate) enum Assignment {
    Inline {
        len: u8,
        values: [Option<u8>; INLINE],
    },
    Heap(Box<[Option<u8>]>),
}

impl Default for Assignment {
    fn default() -> Assignment {
        Assignment::Inline {
            len: 0,
            values: [None; INLINE],
        }
    }
}

impl From<Vec<Option<u8>>> for Assignment {
    fn from(v: Vec<Option<u8>>) -> Assignment {
        match u8::try_from(v.len()) {
            Ok(len) if v.len() <= INLINE => {
                let mut values = [None; INLINE];
                for (slot, value) in values.iter_mut().zip(v) {
                    *slot = value;
                }
                Assignment::Inline { len, values }
            }
            _ => Assignment::Heap(v.into_boxed_slice()),
        }
    }
}

impl std::ops::Deref for Assignment {
    type Target = [Option<u8>];
    fn deref(&self) -> &[Option<u8>] {
        match self {
            Assignment::Inline { len, values } => values.get(..usize::from(*len)).unwrap_or(&[]),
            Assignment::Heap(values) => values,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assignments_read_back_inline_or_not() {
        for n in [0, 1, 33, 48, 49, 200] {
            let v: Vec<Option<u8>> = (0..n).map(|i| (i % 3 != 0).then_some(i as u8)).collect();
            let a = Assignment::from(v.clone());
            assert_eq!(&*a, v.as_slice(), "{n}");
            assert_eq!(matches!(a, Assignment::Inline { .. }), n <= 48);
        }
    }
}
