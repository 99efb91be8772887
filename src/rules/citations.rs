//! Which provisions a determination cites, found from the rule set rather than by walking
//! each trace: an outcome's trace has the same shape, and so the same citations, in
//! every case.

use std::collections::BTreeMap;

use crate::determination::document::{Provision, TraceNode};
use crate::logic::bits::Bits;
use crate::rules::model::Expr;
use crate::rules::ruleset::RuleSet;
use crate::wire::text::Text;

/// The provisions cited by each outcome's trace node and everything below it, rules
/// written out, as indices into the rule set's provisions in id order. Decision nodes'
/// imported traces vary with the case and are not included.
pub(crate) fn by_outcome(rules: &RuleSet) -> Vec<Vec<u32>> {
    let ids: Vec<&Text> = rules.provisions.keys().collect();
    rules
        .outcomes
        .iter()
        .map(|o| {
            let mut found = Vec::new();
            let mut add = |cites: &[Text]| {
                found.extend(
                    cites
                        .iter()
                        .filter_map(|c| ids.binary_search(&c).ok())
                        .filter_map(|i| u32::try_from(i).ok()),
                );
            };
            add(&o.cites);
            if let Some(c) = &o.condition {
                visit(rules, c, &mut add);
            }
            found.sort_unstable();
            found.dedup();
            found
        })
        .collect()
}

fn visit(rules: &RuleSet, expr: &Expr, add: &mut dyn FnMut(&[Text])) {
    match expr {
        Expr::All(xs) | Expr::Any(xs) => xs.iter().for_each(|x| visit(rules, x, add)),
        Expr::Not(x) => visit(rules, x, add),
        Expr::Rule(r) => {
            if let Some(rule) = rules.rules.get(*r) {
                add(&rule.cites);
                visit(rules, &rule.condition, add);
            }
        }
        Expr::Test { fact, .. } => {
            if let Some(f) = rules.facts.get(*fact) {
                add(&f.cites);
            }
        }
        Expr::Decision { import, .. } => {
            if let Some(imp) = rules.imports.get(*import) {
                add(&imp.cites);
            }
        }
    }
}

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
