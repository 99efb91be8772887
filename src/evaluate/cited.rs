//! The provisions a determination cites: the outcomes' (found once, when the rule set is
//! compiled: see `rules::citations`), the notes' and the imported determinations'.

use std::collections::BTreeMap;

use crate::determination::document::TraceNode;
use crate::logic::bits::Bits;
use crate::rules::provision::Provision;
use crate::rules::ruleset::RuleSet;
use crate::wire::text::Text;

/// Collects the provisions a determination cites, then hands them out in id order.
pub(crate) struct Cited<'r> {
    rules: &'r RuleSet,
    marked: Bits,
}

impl<'r> Cited<'r> {
    pub(crate) fn new(rules: &'r RuleSet) -> Cited<'r> {
        Cited {
            rules,
            marked: Bits::new(rules.provisions.len()),
        }
    }

    /// Everything the traces of the first `count` outcomes cite, rules written out.
    pub(crate) fn outcomes(&mut self, count: usize) {
        for list in self.rules.cited_by_outcome.iter().take(count) {
            for &i in list {
                self.marked.insert(i as usize);
            }
        }
    }

    /// Some citations, each looked up by id.
    pub(crate) fn cites<'a>(&mut self, cites: impl IntoIterator<Item = &'a Text>) {
        let provisions = &self.rules.provision_ids;
        for c in cites {
            if let Ok(i) = provisions.binary_search_by(|p| p.as_str().cmp(c.as_str())) {
                self.marked.insert(i);
            }
        }
    }

    /// What the imported determinations' traces (under decision nodes) cite.
    pub(crate) fn imported(&mut self, nodes: &[TraceNode]) {
        for node in nodes {
            if !node.trace.is_empty() || !node.notes.is_empty() {
                self.walk(&node.trace);
                for n in &node.notes {
                    self.cites(n.cites.iter());
                }
            }
            self.imported(&node.children);
        }
    }

    fn walk(&mut self, nodes: &[TraceNode]) {
        for node in nodes {
            self.cites(node.cites.iter());
            self.walk(&node.children);
            self.walk(&node.trace);
            for n in &node.notes {
                self.cites(n.cites.iter());
            }
        }
    }

    pub(crate) fn provisions(self) -> BTreeMap<Text, Provision> {
        // Built in bulk from one vector of the exact size (the one allocation a settled
        // determination makes beyond what it returns); inserting the entries one by one
        // compares each key with all those before it.
        let count = (0..self.rules.provisions.len())
            .filter(|i| self.marked.contains(*i))
            .count();
        let mut cited = Vec::with_capacity(count);
        for (i, (id, p)) in self.rules.provisions.iter().enumerate() {
            if self.marked.contains(i) {
                cited.push((id.clone(), p.clone()));
            }
        }
        BTreeMap::from_iter(cited)
    }
}
