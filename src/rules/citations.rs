//! Which provisions a determination cites, found from the rule set rather than by walking
//! each trace: an outcome's trace has the same shape, and so the same citations, in
//! every case.

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
            // Constraints bound every completion, and a forced fact's leaf cites them.
            for c in &rules.constraints {
                add(&c.cites);
            }
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
