//! Presuppositions: an answered fact implies the value it presupposes of a fact the case
//! leaves unanswered (absent or `null`). Implications chain; facts implying different
//! values of one fact, however far along their chains, imply nothing about it.

use crate::rules::ruleset::RuleSet;

/// What is inferred, `(value, from fact)` per fact, given which facts are answered.
///
/// A fact the case leaves unanswered takes the value that every fact implying something
/// of it (answered, or itself inferred) implies, and nothing when they disagree. The
/// presupposition graph has no cycle (checked at load) and the rule set keeps its links
/// ordered so that those into a fact come together, after those into every fact that
/// implies something of it: one pass in that order settles everything, in time linear in
/// the links. `answered` and `out` hold one entry per fact. `keep(fact, value)` says
/// whether an inference may stand (under constraints, only where it is consistent with
/// what is known and inferred before it); one refused infers nothing for that fact.
pub(crate) fn infer(
    rules: &RuleSet,
    answered: impl Fn(usize) -> bool,
    out: &mut [Option<(u8, usize)>],
    mut keep: impl FnMut(usize, u8) -> bool,
) {
    let links = &rules.presuppositions;
    out.iter_mut().for_each(|x| *x = None);
    let mut i = 0;
    while let Some(&(_, target, _)) = links.get(i) {
        let group = links
            .get(i..)
            .unwrap_or_default()
            .iter()
            .take_while(|l| l.1 == target);
        let mut verdict: Option<(u8, usize)> = None;
        let mut conflict = false;
        let mut count = 0;
        for &(f, _, v) in group {
            count += 1;
            let holds = answered(f) || out.get(f).copied().flatten().is_some();
            if !holds {
                continue;
            }
            match verdict {
                None => verdict = Some((v, f)),
                Some((w, _)) if w != v => conflict = true,
                Some(_) => {}
            }
        }
        i += count.max(1);
        if answered(target) {
            continue;
        }
        let verdict = if conflict { None } else { verdict };
        if let Some(slot) = out.get_mut(target) {
            *slot = verdict.filter(|(v, _)| keep(target, *v));
        }
    }
}
