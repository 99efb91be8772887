//! The decisive reasons of a determination: what a scenario checks and a rendering quotes.

use std::collections::BTreeSet;

use crate::determination::document::{CaseSplit, Determination, TraceNode};
use crate::wire::text::Text;

/// Provisions cited by the decisive reasons: the outcome nodes, and below them every node
/// reached through children marked decisive (and the same in each case-split branch).
pub fn decisive_provisions(det: &Determination) -> BTreeSet<Text> {
    fn walk(node: &TraceNode, out: &mut BTreeSet<Text>) {
        out.extend(node.cites.iter().cloned());
        node.children
            .iter()
            .filter(|c| c.decisive)
            .for_each(|c| walk(c, out));
    }
    fn split(s: &CaseSplit, out: &mut BTreeSet<Text>) {
        for b in &s.branches {
            b.trace.iter().for_each(|n| walk(n, out));
            if let Some(inner) = &b.case_split {
                split(inner, out);
            }
        }
    }
    let mut out = BTreeSet::new();
    det.trace.iter().for_each(|n| walk(n, &mut out));
    if let Some(s) = &det.case_split {
        split(s, &mut out);
    }
    out
}
