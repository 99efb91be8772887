//! The outcome alone, without allocating. Facts keep their compiled assignment (one value
//! per diagram variable), so the outcome of a complete case is one walk down the diagram;
//! with unknowns, the walk's memo lives on the stack for diagrams of up to 1,024 nodes.

use crate::rules::ruleset::RuleSet;

/// Diagram nodes a memo may cover to stay in a small stack buffer (the s44 pack has 53),
/// and in a larger one.
const SMALL: usize = 64;
const LARGE: usize = 1024;

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
    // Leaves past the outcomes mark what the constraints exclude (see `Compiled`).
    let consistent = rules.compiled.consistent;
    let from = match diagram.follow(rules.compiled.outcome_root, assignment) {
        Ok(mask) => return mask & consistent,
        Err(from) => from,
    };
    with_memo(diagram.len(), |memo| {
        diagram.reach_with(from, assignment, memo) & consistent
    })
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
