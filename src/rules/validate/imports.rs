//! Imports: each imported rule set found, and its facts merged into one flat namespace.

use crate::rules::doc::RuleSetDoc;
use crate::rules::model::Fact;
use crate::rules::ruleset::{Import, RuleSet};
use crate::rules::validate::identity::index_ids;
use crate::rules::validate::references::shared;
use crate::wire::problem::Problem;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Finds an imported rule set by id.
pub(crate) type Resolver<'a> = &'a dyn Fn(&str) -> Option<RuleSet>;

/// Finds each imported rule set, reporting unknown ids, self-imports and duplicate names.
pub(super) fn resolve_imports(
    doc: &RuleSetDoc,
    resolve: Resolver<'_>,
    p: &mut Vec<Problem>,
) -> Vec<Import> {
    let _ = index_ids(
        doc.imports.iter().map(|x| x.name.as_str()),
        "/imports",
        "import name",
        p,
    );
    let mut imports = Vec::new();
    for (i, imp) in doc.imports.iter().enumerate() {
        let at = format!("/imports/{i}/rule_set");
        if imp.rule_set == doc.id {
            p.push(Problem::new(
                "cycle",
                at,
                format!("rule set `{}` cannot import itself", doc.id),
            ));
            continue;
        }
        match resolve(&imp.rule_set) {
            Some(rules) if rules.imports_transitively(&doc.id) => {
                p.push(Problem::new("cycle", 
                    at,
                    format!("imports form a cycle: `{}` imports `{}`, which imports `{}`", doc.id, imp.rule_set, doc.id),
                ));
            }
            Some(rules) => imports.push(Import {
                name: imp.name.as_str().into(),
                cites: shared(&imp.cites),
                rules: Arc::new(rules),
                fact_map: Vec::new(),
                intervals: Vec::new(),
            }),
            None => p.push(Problem::new("unknown_rule_set", 
                at,
                format!("unknown rule set `{}`: imports resolve through the rule book (the embedded packs and `--rules-dir`)", imp.rule_set),
            )),
        }
    }
    imports
}

/// Adds every imported fact to the vocabulary and records where each import's facts went.
/// A fact this file declares may not also come from an import; two imports may share a
/// fact only when they declare it alike.
pub(super) fn merge_imported_facts(
    mut imports: Vec<Import>,
    doc: &RuleSetDoc,
    facts: &mut Vec<Fact>,
    fact_index: &mut BTreeMap<String, usize>,
    p: &mut Vec<Problem>,
) -> Vec<Import> {
    let own = facts.len();
    for (k, imp) in imports.iter_mut().enumerate() {
        let mut map = Vec::with_capacity(imp.rules.facts.len());
        for fact in &imp.rules.facts {
            match fact_index.get(fact.id.as_str()).copied() {
                Some(i) if i < own => {
                    p.push(Problem::new("redeclared_fact", 
                        format!("/facts/{i}/id"),
                        format!(
                            "fact `{}` is already declared by the imported rule set `{}`; use it without redeclaring it",
                            fact.id,
                            imp.rules.id()
                        ),
                    ));
                    map.push(i);
                }
                Some(i) => {
                    let same = facts.get(i).is_some_and(|f| {
                        f.domain == fact.domain
                            && f.question == fact.question
                            && f.cites == fact.cites
                    });
                    if !same {
                        p.push(Problem::new(
                            "conflicting_imports",
                            format!("/imports/{k}"),
                            format!(
                                "fact `{}` comes from two imports that declare it differently",
                                fact.id
                            ),
                        ));
                    }
                    map.push(i);
                }
                None => {
                    let i = facts.len();
                    fact_index.insert(fact.id.to_string(), i);
                    facts.push(Fact {
                        presupposes: None,
                        ..fact.clone()
                    });
                    map.push(i);
                }
            }
        }
        // Presuppositions point into the import's own list; translate them.
        for (fact, &i) in imp.rules.facts.iter().zip(&map) {
            if let (Some((target, value)), true) = (fact.presupposes, i >= own)
                && let (Some(&t), Some(slot)) = (map.get(target), facts.get_mut(i))
            {
                slot.presupposes = Some((t, value));
            }
        }
        imp.fact_map = map;
    }
    let _ = doc;
    imports
}
