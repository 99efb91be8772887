//! Validation and compilation of a parsed rule file: the checks run in order over one
//! problem list (identity, counts, references, imports, cycles, usage, limits, work
//! bounds), each kind in its own file, then compilation to decision diagrams. Problems are
//! reported in document order, whichever check finds them.
//!
//! Imports only `wire/`, `logic/` and the rest of `rules/`.

pub(crate) mod compile;
pub(crate) mod counts;
pub(crate) mod cycles;
pub(crate) mod identity;
pub(crate) mod imports;
pub(crate) mod limits;
pub(crate) mod references;
pub(crate) mod usage;
pub(crate) mod work;

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use crate::logic::diagram::TooLarge;
use crate::rules::condition::{Scope, value_index};
use crate::rules::doc::{FactType, RuleSetDoc};
use crate::rules::identity::UNDETERMINED;
use crate::rules::limits::Limits;
use crate::rules::load_error::LoadError;
use crate::rules::model::{Domain, Fact, Note, Outcome, Rule, Says};
use crate::rules::ruleset::{RuleSet, RuleText, Variables};
use crate::wire::pointer::Pointer;
use crate::wire::problem::Problem;
use crate::wire::suggest::suggestion;
use crate::wire::text::Text;

use crate::rules::validate::compile::compile;
use crate::rules::validate::counts::check_counts;
use crate::rules::validate::cycles::{
    check_presupposition_cycles, check_rule_cycles, ordered_presuppositions,
};
use crate::rules::validate::identity::{check_identity, index_ids};
use crate::rules::validate::imports::{Resolver, merge_imported_facts, resolve_imports};
use crate::rules::validate::limits::{check_expansion, trace_text};
use crate::rules::validate::references::{check_values, shared};
use crate::rules::validate::usage::check_usage;
use crate::rules::validate::work::{case_split_work, missing_facts_work};

/// Validates and compiles a rule file. `json` is the file's text, kept for the
/// fingerprint; `resolve` finds imported rule sets.
// Still one function over 120 lines (442): splitting it into passes that share one
// problem list is issue 12 item 3, not yet done.
#[allow(clippy::too_many_lines)]
pub(crate) fn validate(
    doc: RuleSetDoc,
    json: String,
    resolve: Resolver<'_>,
) -> Result<RuleSet, LoadError> {
    let mut p = Vec::new();
    check_identity(&doc, &mut p);
    check_counts(&doc, &mut p);
    let imports = resolve_imports(&doc, resolve, &mut p);
    if imports.len() != doc.imports.len() {
        // Everything that tests an unresolved import would be reported again: stop here.
        return Err(LoadError::Invalid(p));
    }

    let mut provision_ids = index_ids(
        doc.provisions.iter().map(|x| x.id.as_str()),
        "/provisions",
        "provision",
        &mut p,
    );
    for (i, prov) in doc.provisions.iter().enumerate() {
        if let Some(owner) = imports
            .iter()
            .find(|imp| imp.rules.provisions.contains_key(prov.id.as_str()))
        {
            p.push(Problem::new("redeclared_provision", 
                format!("/provisions/{i}/id"),
                format!(
                    "provision `{}` is already declared by the imported rule set `{}`; cite it without redeclaring it",
                    prov.id,
                    owner.rules.id()
                ),
            ));
        }
    }
    for imp in &imports {
        for id in imp.rules.provisions.keys() {
            provision_ids.entry(id.to_string()).or_insert(usize::MAX);
        }
    }
    let cites = |list: &[String], at: &Pointer<'_>, p: &mut Vec<Problem>| {
        if list.is_empty() {
            p.push(Problem::new(
                "missing_citation",
                format!("{at}/cites"),
                "expected at least one citation, found none",
            ));
        }
        for (i, c) in list.iter().enumerate() {
            if !provision_ids.contains_key(c) {
                let hint = suggestion(c, provision_ids.keys().map(String::as_str));
                p.push(Problem::new(
                    "unknown_provision",
                    format!("{at}/cites/{i}"),
                    format!("unknown provision `{c}`{hint}"),
                ));
            }
        }
    };
    for (i, prov) in doc.provisions.iter().enumerate() {
        for (key, text) in [
            ("cite", &prov.cite),
            ("text", &prov.text),
            ("url", &prov.url),
        ] {
            if text.trim().is_empty() {
                p.push(Problem::new(
                    "empty_string",
                    format!("/provisions/{i}/{key}"),
                    "expected text, found an empty string",
                ));
            }
        }
    }

    for (i, imp) in doc.imports.iter().enumerate() {
        cites(&imp.cites, &Pointer::Written("/imports").index(i), &mut p);
    }

    // Facts: this file's own, then every imported one (one flat namespace).
    let fact_index = index_ids(
        doc.facts.iter().map(|x| x.id.as_str()),
        "/facts",
        "fact",
        &mut p,
    );
    let mut facts = Vec::with_capacity(doc.facts.len());
    for (i, f) in doc.facts.iter().enumerate() {
        let at = Pointer::Written("/facts");
        let at = at.index(i);
        cites(&f.cites, &at, &mut p);
        let domain = match f.kind {
            FactType::Bool | FactType::Knowledge if !f.values.is_empty() => {
                p.push(Problem::new(
                    "fixed_values",
                    format!("{at}/values"),
                    format!(
                        "a {} fact has fixed values; remove `values`",
                        if f.kind == FactType::Bool {
                            "bool"
                        } else {
                            "knowledge"
                        }
                    ),
                ));
                if f.kind == FactType::Bool {
                    Domain::Bool
                } else {
                    Domain::Knowledge
                }
            }
            FactType::Bool => Domain::Bool,
            FactType::Knowledge => Domain::Knowledge,
            FactType::Enum | FactType::Set => {
                check_values(&f.values, f.kind == FactType::Enum, &at, &mut p);
                if f.kind == FactType::Enum {
                    Domain::Enum(f.values.clone())
                } else {
                    Domain::Set(f.values.clone())
                }
            }
        };
        if f.question.trim().is_empty() {
            p.push(Problem::new(
                "empty_string",
                format!("{at}/question"),
                "expected a question, found an empty string",
            ));
        }
        let shown = (0..domain.len())
            .filter_map(|v| u8::try_from(v).ok())
            .map(|v| domain.value_json(v).into())
            .collect();
        facts.push(Fact {
            id: f.id.as_str().into(),
            domain,
            question: f.question.as_str().into(),
            cites: shared(&f.cites),
            shown,
            presupposes: None,
            recorded_only: f.recorded_only,
        });
    }
    let own_facts = facts.len();
    let mut fact_index = fact_index;
    let imports = merge_imported_facts(imports, &doc, &mut facts, &mut fact_index, &mut p);
    for (i, f) in doc.facts.iter().enumerate() {
        let Some(pre) = &f.presupposes else { continue };
        let at = format!("/facts/{i}/presupposes");
        let Some(&target) = fact_index.get(&pre.fact) else {
            let hint = suggestion(&pre.fact, fact_index.keys().map(String::as_str));
            p.push(Problem::new(
                "unknown_fact",
                format!("{at}/fact"),
                format!("unknown fact `{}`{hint}", pre.fact),
            ));
            continue;
        };
        if target == i {
            p.push(Problem::new(
                "invalid_presupposition",
                format!("{at}/fact"),
                format!("fact `{}` cannot presuppose itself", f.id),
            ));
            continue;
        }
        let Some(target_fact) = facts.get(target) else {
            continue;
        };
        if let Domain::Set(_) = target_fact.domain {
            p.push(Problem::new(
                "invalid_presupposition",
                format!("{at}/fact"),
                format!(
                    "a presupposed fact must be bool, enum or knowledge, but `{}` is a set",
                    pre.fact
                ),
            ));
            continue;
        }
        let target_fact = target_fact.clone();
        if let Some(v) = value_index(
            &target_fact,
            &pre.is,
            &Pointer::Written(&format!("{at}/is")),
            &mut p,
        ) && let Some(fact) = facts.get_mut(i)
        {
            fact.presupposes = Some((target, v));
        }
    }
    check_presupposition_cycles(&facts, &mut p);

    // Rules, outcomes and notes.
    let rule_index = index_ids(
        doc.rules.iter().map(|x| x.id.as_str()),
        "/rules",
        "rule",
        &mut p,
    );
    let import_names: Vec<(String, Vec<String>)> = imports
        .iter()
        .map(|imp| {
            (
                imp.name.to_string(),
                imp.rules.outcome_ids().map(str::to_string).collect(),
            )
        })
        .collect();
    let scope = Scope {
        facts: &facts,
        fact_index: &fact_index,
        rule_index: &rule_index,
        imports: &import_names,
    };
    let mut rules = Vec::with_capacity(doc.rules.len());
    for (i, r) in doc.rules.iter().enumerate() {
        let at = Pointer::Written("/rules");
        let at = at.index(i);
        cites(&r.cites, &at, &mut p);
        let condition = scope.read(&r.condition, &at.key("condition"), &mut p);
        rules.push(condition.map(|condition| Rule {
            id: r.id.as_str().into(),
            cites: shared(&r.cites),
            says: Says::new(&r.holds, Some(&r.fails)),
            condition,
        }));
    }
    let _ = index_ids(
        doc.outcomes.iter().map(|x| x.id.as_str()),
        "/outcomes",
        "outcome",
        &mut p,
    );
    if doc.outcomes.is_empty() {
        p.push(Problem::new(
            "too_few",
            "/outcomes",
            "expected at least one outcome, found none",
        ));
    }
    let mut outcomes = Vec::with_capacity(doc.outcomes.len());
    let last = doc.outcomes.len().saturating_sub(1);
    for (i, o) in doc.outcomes.iter().enumerate() {
        let at = Pointer::Written("/outcomes");
        let at = at.index(i);
        cites(&o.cites, &at, &mut p);
        if o.id == UNDETERMINED {
            p.push(Problem::new(
                "reserved_id",
                format!("{at}/id"),
                format!("`{UNDETERMINED}` is reserved for the engine; choose another id"),
            ));
        }
        let condition = match (&o.condition, i == last) {
            (Some(_), true) => {
                p.push(Problem::new("outcome_order", format!("{at}/condition"), "the last outcome must be unconditional, so that the outcomes are exhaustive; remove its `condition`"));
                None
            }
            (None, true) => None,
            (None, false) => {
                p.push(Problem::new(
                    "outcome_order",
                    at,
                    "only the last outcome may be unconditional; add a `condition`",
                ));
                None
            }
            (Some(c), false) => scope.read(c, &at.key("condition"), &mut p),
        };
        if i != last && o.fails.is_none() {
            p.push(Problem::new(
                "missing_key",
                at,
                "missing field `fails`: wording for when the condition does not hold",
            ));
        }
        outcomes.push(Outcome {
            id: o.id.as_str().into(),
            cites: shared(&o.cites),
            says: Says::new(&o.holds, o.fails.as_deref()),
            summary: format!("{}: {}", o.id, o.holds).into(),
            condition,
        });
    }
    let _ = index_ids(
        doc.notes.iter().map(|x| x.id.as_str()),
        "/notes",
        "note",
        &mut p,
    );
    let mut notes = Vec::with_capacity(doc.notes.len());
    for (i, n) in doc.notes.iter().enumerate() {
        let at = Pointer::Written("/notes");
        let at = at.index(i);
        cites(&n.cites, &at, &mut p);
        if let Some(condition) = scope.read(&n.condition, &at.key("condition"), &mut p) {
            notes.push(Note {
                id: n.id.as_str().into(),
                cites: shared(&n.cites),
                text: n.text.as_str().into(),
                condition,
            });
        }
    }

    // Whole-set checks need every condition read.
    if !p.is_empty() {
        return Err(LoadError::Invalid(p));
    }
    let rules: Vec<Rule> = rules.into_iter().flatten().collect();
    check_rule_cycles(&rules, &mut p);
    if !p.is_empty() {
        return Err(LoadError::Invalid(p));
    }
    let trace_bound = check_expansion(&rules, &outcomes, &notes, &imports, &mut p);
    if !p.is_empty() {
        return Err(LoadError::Invalid(p));
    }
    let trace_text = trace_text(&facts, &rules, &outcomes, &imports);
    if trace_text > Limits::MAX_TRACE_TEXT_BYTES {
        p.push(Problem::new("over_limit", 
            "/outcomes",
            format!(
                "the outcomes' trace, with the rules they refer to written out, carries {trace_text} bytes of ids, citations and wording, over the limit of {}",
                Limits::MAX_TRACE_TEXT_BYTES
            ),
        ));
        return Err(LoadError::Invalid(p));
    }
    let own = facts.get(..own_facts).unwrap_or(&[]);
    check_usage(&doc, own, &rules, &outcomes, &notes, &mut p);
    if !p.is_empty() {
        return Err(LoadError::Invalid(p));
    }

    let mut provisions: BTreeMap<Text, crate::rules::provision::Provision> = doc
        .provisions
        .iter()
        .map(|x| {
            (
                x.id.as_str().into(),
                crate::rules::provision::Provision {
                    cite: x.cite.as_str().into(),
                    text: x.text.as_str().into(),
                    url: x.url.as_str().into(),
                },
            )
        })
        .collect();
    for imp in &imports {
        for (id, prov) in &imp.rules.provisions {
            provisions.entry(id.clone()).or_insert_with(|| prov.clone());
        }
    }
    let decision_outcomes: Vec<usize> =
        imports.iter().map(|imp| imp.rules.outcomes.len()).collect();
    let variables = Variables::new(&facts, &decision_outcomes);
    if variables.domains.len() > Limits::MAX_VARIABLES {
        return Err(LoadError::Invalid(vec![Problem::new(
            "over_limit",
            "/facts",
            format!(
                "the facts need {} decision variables (one per fact answered, one per bool, enum or knowledge fact, one per set member), over the limit of {}",
                variables.domains.len(),
                Limits::MAX_VARIABLES
            ),
        )]));
    }
    let compiled = match compile(&variables, &rules, &outcomes, &notes) {
        Ok(c) => c,
        Err(TooLarge) => {
            return Err(LoadError::Invalid(vec![Problem::new(
                "over_limit",
                "",
                format!(
                    "rule set too large for exact evaluation: its decision diagram needs more than {} nodes",
                    Limits::MAX_DIAGRAM_NODES
                ),
            )]));
        }
    };
    let case_split_work = imports.iter().fold(
        case_split_work(&variables, &rules, &outcomes, trace_bound),
        |w, imp| w.saturating_add(imp.rules.case_split_work),
    );
    if case_split_work > Limits::MAX_CASE_SPLIT_WORK {
        p.push(Problem::new("over_limit", 
            "/outcomes",
            format!(
                "rule set too slow to evaluate: a case split would take {case_split_work} steps ({trace_bound} trace nodes times the values of the variables the outcomes' conditions test), over the limit of {}",
                Limits::MAX_CASE_SPLIT_WORK
            ),
        ));
    }
    let outcome_size = imports.iter().fold(
        compiled.diagram.reachable_size(&[compiled.outcome_root]),
        |n, imp| n.saturating_add(imp.rules.outcome_size),
    );
    let once = compiled
        .diagram
        .reachable_size(&compiled.note_roots)
        .saturating_add(variables.domains.len());
    let missing_facts_work =
        missing_facts_work(&facts, &outcomes, &imports, outcome_size).saturating_add(once);
    let evaluations = imports
        .iter()
        .fold(1usize, |n, imp| n.saturating_add(imp.rules.evaluations));
    if evaluations.saturating_sub(1) > Limits::MAX_IMPORT_EVALUATIONS {
        p.push(Problem::new("over_limit", 
            "/imports",
            format!(
                "evaluating a case would evaluate {} imported rule sets (each counted once per path that imports it), over the limit of {}",
                evaluations.saturating_sub(1),
                Limits::MAX_IMPORT_EVALUATIONS
            ),
        ));
    }
    if missing_facts_work > Limits::MAX_MISSING_FACTS_WORK {
        p.push(Problem::new("over_limit", 
            "",
            format!(
                "rule set too slow to evaluate: working out the missing facts of a case would take {missing_facts_work} steps (its decision diagram, of size {outcome_size}, walked once per fact and once per answer listed, and the outcomes each answer leaves possible), over the limit of {}",
                Limits::MAX_MISSING_FACTS_WORK
            ),
        ));
    }
    let reachable = compiled
        .diagram
        .reach(compiled.outcome_root, &vec![None; variables.domains.len()]);
    for (i, o) in outcomes.iter().enumerate() {
        if reachable >> i & 1 == 0 {
            p.push(Problem::new("unreachable_outcome", 
                format!("/outcomes/{i}"),
                format!("outcome `{}` can never be reached: in every case an earlier outcome holds or its condition fails", o.id),
            ));
        }
    }
    if !p.is_empty() {
        return Err(LoadError::Invalid(p));
    }
    let presuppositions = ordered_presuppositions(&facts);
    let mut set = RuleSet {
        provision_ids: provisions.keys().cloned().collect(),
        cited_by_outcome: Vec::new(),
        text: Arc::new(RuleText {
            json,
            id: doc.id.as_str().into(),
            version: doc.version.as_str().into(),
            fingerprint: OnceLock::new(),
        }),
        presuppositions,
        imports,
        trace_bound,
        trace_text,
        outcome_size,
        missing_facts_work,
        case_split_work,
        evaluations,
        doc,
        facts,
        fact_index,
        rules,
        outcomes,
        notes,
        provisions,
        variables,
        compiled,
    };
    set.cited_by_outcome = crate::rules::citations::by_outcome(&set);
    Ok(set)
}
