//! Presuppositions: an answered fact implies the value it presupposes of a fact the case
//! leaves unanswered (absent or `null`). Implications chain; facts implying different
//! values of one fact, however far along their chains, imply nothing about it.

use crate::ruleset::RuleSet;

/// What is inferred, `(value, from fact)` per fact, given which facts are answered.
///
/// Each round recomputes every implication from the answered facts and the previous
/// round's inferences, so that a conflict found late withdraws an inference made early.
/// The presupposition graph has no cycle (checked at load), so this settles within as
/// many rounds as the longest chain; `answered` and `out` hold one entry per fact.
pub(crate) fn infer(
    rules: &RuleSet,
    answered: &dyn Fn(usize) -> bool,
    out: &mut [Option<(u8, usize)>],
) {
    let links = &rules.presuppositions;
    out.iter_mut().for_each(|x| *x = None);
    for _ in 0..=links.len() {
        let mut changed = false;
        for &(_, target, _) in links {
            if answered(target) {
                continue;
            }
            // Every fact implying something of `target`: answered, or inferred last round.
            let mut verdict: Option<(u8, usize)> = None;
            let mut conflict = false;
            for &(f, t, v) in links {
                let holds = answered(f) || out.get(f).copied().flatten().is_some();
                if t != target || !holds {
                    continue;
                }
                match verdict {
                    None => verdict = Some((v, f)),
                    Some((w, _)) if w != v => conflict = true,
                    Some(_) => {}
                }
            }
            let next = if conflict { None } else { verdict };
            if let Some(slot) = out.get_mut(target)
                && *slot != next
            {
                *slot = next;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
}
