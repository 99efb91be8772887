//! The rule sets a procedure compiles: each decision's rule set with the procedure's facts
//! and constraints (and those of the other decisions), and a condition (`applies_when`, a
//! note's test of facts) as a small rule set whose outcomes are `holds` and `fails`, so
//! that every answer is exact over the completions consistent with the whole procedure.

use crate::procedure::doc::{ProcedureDoc, facts_tested};
use crate::procedure::model::{Resolver, UnionFact};
use crate::rules::doc::{ConstraintDoc, FactDoc, OutcomeDoc, ProvisionDoc, RuleSetDoc};
use crate::rules::load_error::LoadError;
use crate::rules::ruleset::RuleSet;
use crate::rules::validate::validate;

/// The constraints every decision is compiled under, with the provisions they cite.
pub(crate) struct Pool<'a> {
    /// Each constraint, the provisions it cites, and the id of the file declaring it.
    constraints: Vec<(ConstraintDoc, Vec<ProvisionDoc>, String)>,
    facts: &'a [UnionFact],
    provisions: Vec<ProvisionDoc>,
    procedure_id: String,
}

fn provision_docs(rules: &RuleSet, cites: &[String]) -> Vec<ProvisionDoc> {
    cites
        .iter()
        .filter_map(|c| {
            rules.provisions.get(c.as_str()).map(|x| ProvisionDoc {
                id: c.clone(),
                cite: x.cite.to_string(),
                text: x.text.to_string(),
                url: x.url.to_string(),
            })
        })
        .collect()
}

impl<'a> Pool<'a> {
    pub(crate) fn new(
        doc: &ProcedureDoc,
        originals: &[RuleSet],
        facts: &'a [UnionFact],
    ) -> Pool<'a> {
        let mut constraints = Vec::new();
        for c in &doc.constraints {
            let provs = doc
                .provisions
                .iter()
                .filter(|x| c.cites.contains(&x.id))
                .cloned()
                .collect();
            constraints.push((c.clone(), provs, doc.id.clone()));
        }
        for rules in originals {
            for c in &rules.doc().constraints {
                let provs = provision_docs(rules, &c.cites);
                constraints.push((c.clone(), provs, rules.id().to_string()));
            }
        }
        Pool {
            constraints,
            facts,
            provisions: doc.provisions.clone(),
            procedure_id: doc.id.clone(),
        }
    }

    fn fact(&self, id: &str) -> Option<&UnionFact> {
        self.facts.iter().find(|f| f.doc.id == id)
    }

    /// `start`, the facts every constraint tests, and what they presuppose, in fact order.
    fn closure(&self, start: Vec<String>) -> Vec<String> {
        let mut ids = start;
        for (c, _, _) in &self.constraints {
            facts_tested(&c.condition, &mut ids);
        }
        let mut i = 0;
        while let Some(id) = ids.get(i).cloned() {
            if let Some(pre) = self.fact(&id).and_then(|f| f.doc.presupposes.as_ref())
                && !ids.contains(&pre.fact)
            {
                ids.push(pre.fact.clone());
            }
            i += 1;
        }
        let order = |id: &String| {
            self.facts
                .iter()
                .position(|f| f.doc.id == *id)
                .unwrap_or(usize::MAX)
        };
        ids.sort_by_key(order);
        ids
    }
}

/// Adds the provisions `cites` names to `doc` (renamed `<source>:<id>` where the file
/// already holds a different provision of that id) and returns the citations to use.
fn add_provisions(
    doc: &mut RuleSetDoc,
    provisions: &[ProvisionDoc],
    cites: &[String],
    source: &str,
) -> Vec<String> {
    let mut out = Vec::new();
    for c in cites {
        let Some(prov) = provisions.iter().find(|x| x.id == *c) else {
            out.push(c.clone());
            continue;
        };
        let same =
            |x: &ProvisionDoc| x.cite == prov.cite && x.text == prov.text && x.url == prov.url;
        match doc.provisions.iter().find(|x| x.id == *c) {
            Some(x) if same(x) => out.push(c.clone()),
            Some(_) => {
                let id = format!("{source}:{c}");
                if !doc.provisions.iter().any(|x| x.id == id) {
                    doc.provisions.push(ProvisionDoc {
                        id: id.clone(),
                        ..prov.clone()
                    });
                }
                out.push(id);
            }
            None => {
                doc.provisions.push(prov.clone());
                out.push(c.clone());
            }
        }
    }
    out
}

/// Adds the facts `ids` names that `doc`'s vocabulary lacks, then every constraint of the
/// pool not declared by `own` (the rule set's id).
fn add_facts_and_constraints(
    doc: &mut RuleSetDoc,
    pool: &Pool<'_>,
    ids: &[String],
    vocabulary: &[String],
    own: &str,
) {
    for id in ids {
        if vocabulary.contains(id) {
            continue;
        }
        let Some(u) = pool.fact(id) else { continue };
        let source = u.origin.trim_matches('`').to_string();
        let mut fact: FactDoc = u.doc.clone();
        fact.cites = add_provisions(doc, &u.provisions, &fact.cites, &source);
        doc.facts.push(fact);
    }
    for (c, provs, source) in &pool.constraints {
        if source == own {
            continue;
        }
        let mut c = c.clone();
        c.cites = add_provisions(doc, provs, &c.cites, source);
        doc.constraints.push(c);
    }
}

/// A decision's rule set compiled with the procedure's facts and constraints; the rule set
/// itself when there are none to add.
pub(crate) fn augmented(
    original: &RuleSet,
    pool: &Pool<'_>,
    resolve: Resolver<'_>,
) -> Result<RuleSet, LoadError> {
    if pool.constraints.iter().all(|(_, _, s)| s == original.id()) {
        return Ok(original.clone());
    }
    let mut doc = original.doc().clone();
    doc.schema = None;
    let vocabulary: Vec<String> = original.fact_ids().map(str::to_string).collect();
    let ids = pool.closure(Vec::new());
    add_facts_and_constraints(&mut doc, pool, &ids, &vocabulary, original.id());
    let json = serde_json::to_string(&doc).unwrap_or_default();
    validate(doc, json, resolve)
}

/// A condition over the procedure's facts as a rule set with outcomes `holds` and `fails`,
/// under every constraint of the procedure.
pub(crate) fn condition_set(
    procedure: &ProcedureDoc,
    pool: &Pool<'_>,
    condition: &serde_json::Value,
    cites: &[String],
    resolve: Resolver<'_>,
) -> Result<RuleSet, LoadError> {
    let mut doc = RuleSetDoc {
        schema: None,
        id: procedure.id.clone(),
        title: procedure.title.clone(),
        version: procedure.version.clone(),
        in_force_from: procedure.in_force_from.clone(),
        in_force_to: None,
        source: procedure.source.clone(),
        imports: Vec::new(),
        provisions: Vec::new(),
        facts: Vec::new(),
        rules: Vec::new(),
        outcomes: Vec::new(),
        notes: Vec::new(),
        constraints: Vec::new(),
    };
    let mut cites = cites.to_vec();
    if cites.is_empty() {
        cites.extend(procedure.provisions.first().map(|x| x.id.clone()));
    }
    let cites = add_provisions(&mut doc, &pool.provisions, &cites, &pool.procedure_id);
    let mut tested = Vec::new();
    facts_tested(condition, &mut tested);
    let ids = pool.closure(tested);
    add_facts_and_constraints(&mut doc, pool, &ids, &[], "");
    doc.outcomes = vec![
        OutcomeDoc {
            id: "holds".to_string(),
            cites: cites.clone(),
            holds: "the condition holds".to_string(),
            fails: Some("the condition does not hold".to_string()),
            condition: Some(condition.clone()),
        },
        OutcomeDoc {
            id: "fails".to_string(),
            cites,
            holds: "the condition does not hold".to_string(),
            fails: None,
            condition: None,
        },
    ];
    let json = serde_json::to_string(&doc).unwrap_or_default();
    validate(doc, json, resolve)
}
