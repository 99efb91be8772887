//! Validation and compilation of a parsed rule file: passes run in order over one problem
//! list (identity, counts, imports, references, constraints, intervals, cycles, usage,
//! limits, work bounds), each kind in its own file, then compilation to decision diagrams. Problems are reported in
//! document order, whichever pass finds them.
//!
//! Imports only `wire/`, `logic/` and the rest of `rules/`.

pub(crate) mod compile;
pub(crate) mod constraints;
pub(crate) mod counts;
pub(crate) mod cycles;
pub(crate) mod identity;
pub(crate) mod imports;
pub(crate) mod intervals;
pub(crate) mod limits;
pub(crate) mod references;
pub(crate) mod state;
pub(crate) mod usage;
pub(crate) mod work;

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use crate::logic::diagram::TooLarge;
use crate::rules::condition::Scope;
use crate::rules::doc::RuleSetDoc;
use crate::rules::limits::Limits;
use crate::rules::load_error::LoadError;
use crate::rules::provision::Provision;
use crate::rules::ruleset::{Import, RuleSet, RuleText, Variables};
use crate::wire::problem::Problem;
use crate::wire::text::Text;

use crate::rules::model::Expr;
use crate::rules::validate::compile::compile;
use crate::rules::validate::constraints::{check_satisfiable, read_constraints};
use crate::rules::validate::counts::check_counts;
use crate::rules::validate::cycles::{
    check_presupposition_cycles, check_rule_cycles, ordered_presuppositions,
};
use crate::rules::validate::identity::{check_identity, index_ids};
use crate::rules::validate::imports::{Resolver, merge_imported_facts, resolve_imports};
use crate::rules::validate::intervals::{cut, map_imported};
use crate::rules::validate::limits::{check_expansion, check_trace_text, check_variables};
use crate::rules::validate::references::{
    check_presuppositions, check_provisions, read_facts, read_notes, read_outcomes, read_rules,
};
use crate::rules::validate::state::Model;
use crate::rules::validate::usage::{check_reachable, check_usage};
use crate::rules::validate::work::{Bounds, check_work};

/// Validates and compiles a rule file. `json` is the file's text, kept for the
/// fingerprint; `resolve` finds imported rule sets.
///
/// The passes run in order over one problem list: those reading the file first, then,
/// once it reads without a problem, the whole-set passes, each only if those before it
/// found nothing.
pub(crate) fn validate(
    doc: RuleSetDoc,
    json: String,
    resolve: Resolver<'_>,
) -> Result<RuleSet, LoadError> {
    let mut p = Vec::new();
    let model = match read(&doc, resolve, &mut p) {
        Some(model) if p.is_empty() => model,
        _ => return Err(LoadError::Invalid(p)),
    };
    let Some((trace_bound, trace_text)) = check_whole_set(&doc, &model, &mut p) else {
        return Err(LoadError::Invalid(p));
    };
    let provisions = provisions(&doc, &model.imports);
    let decision_outcomes: Vec<usize> = model
        .imports
        .iter()
        .map(|imp| imp.rules.outcomes.len())
        .collect();
    let variables = Variables::new(&model.facts, &decision_outcomes);
    check_variables(&variables).map_err(|problem| LoadError::Invalid(vec![problem]))?;
    check_satisfiable(
        &variables,
        &model.constraints,
        model.own_constraints,
        &mut p,
    );
    if !p.is_empty() {
        return Err(LoadError::Invalid(p));
    }
    let compiled = compile(
        &variables,
        &model.rules,
        &model.outcomes,
        &model.notes,
        &model.constraints,
    )
    .map_err(
        |TooLarge| {
            LoadError::Invalid(vec![Problem::new(
                "over_limit",
                "",
                format!(
                    "rule set too large for exact evaluation: its decision diagram needs more than {} nodes",
                    Limits::MAX_DIAGRAM_NODES
                ),
            )])
        },
    )?;
    let bounds = check_work(&model, &variables, &compiled, trace_bound, &mut p);
    check_reachable(&variables, &compiled, &model.outcomes, &mut p);
    if !p.is_empty() {
        return Err(LoadError::Invalid(p));
    }
    let Model {
        facts,
        fact_index,
        rules,
        outcomes,
        notes,
        imports,
        constraints,
        ..
    } = model;
    let Bounds {
        case_split_work,
        outcome_size,
        missing_facts_work,
        evaluations,
    } = bounds;
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
        constraints,
        provisions,
        variables,
        compiled,
    };
    set.cited_by_outcome = crate::rules::citations::by_outcome(&set);
    Ok(set)
}

/// The passes that read the file: identity, counts, imports, provisions and citations,
/// facts and their presuppositions, then the conditions of rules, outcomes and notes.
/// `None` when an import is not found: everything testing it would be reported again.
fn read(doc: &RuleSetDoc, resolve: Resolver<'_>, p: &mut Vec<Problem>) -> Option<Model> {
    check_identity(doc, p);
    check_counts(doc, p);
    let imports = resolve_imports(doc, resolve, p);
    if imports.len() != doc.imports.len() {
        return None;
    }
    let provision_ids = check_provisions(doc, &imports, p);
    // Facts: this file's own, then every imported one (one flat namespace).
    let (mut facts, mut fact_index) = read_facts(doc, &provision_ids, p);
    let own_facts = facts.len();
    let imports = merge_imported_facts(imports, doc, &mut facts, &mut fact_index, p);
    check_presuppositions(doc, &mut facts, &fact_index, p);
    check_presupposition_cycles(&facts, p);

    // Rules, outcomes and notes.
    let rule_index = index_ids(doc.rules.iter().map(|x| x.id.as_str()), "/rules", "rule", p);
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
        constraint: false,
    };
    let rules: Vec<_> = read_rules(doc, &scope, &provision_ids, p)
        .into_iter()
        .flatten()
        .collect();
    let outcomes = read_outcomes(doc, &scope, &provision_ids, p);
    let notes = read_notes(doc, &scope, &provision_ids, p);
    let scope = Scope {
        constraint: true,
        ..scope
    };
    let (constraints, own_constraints) = read_constraints(doc, &scope, &provision_ids, &imports, p);
    // Every threshold tested cuts the number facts' ranges, once all are read.
    let conditions: Vec<&Expr> = rules
        .iter()
        .map(|r| &r.condition)
        .chain(outcomes.iter().filter_map(|o| o.condition.as_ref()))
        .chain(notes.iter().map(|n| &n.condition))
        .chain(constraints.iter().map(|c| &c.condition))
        .collect();
    cut(&mut facts, &conditions, p);
    let mut imports = imports;
    map_imported(&facts, &mut imports);
    Some(Model {
        facts,
        fact_index,
        own_facts,
        rules,
        outcomes,
        notes,
        constraints,
        own_constraints,
        imports,
    })
}

/// The provisions the rule set can cite: its own, then the imports' not already listed.
fn provisions(doc: &RuleSetDoc, imports: &[Import]) -> BTreeMap<Text, Provision> {
    let mut provisions: BTreeMap<Text, Provision> = doc
        .provisions
        .iter()
        .map(|x| {
            (
                x.id.as_str().into(),
                Provision {
                    cite: x.cite.as_str().into(),
                    text: x.text.as_str().into(),
                    url: x.url.as_str().into(),
                },
            )
        })
        .collect();
    for imp in imports {
        for (id, prov) in &imp.rules.provisions {
            provisions.entry(id.clone()).or_insert_with(|| prov.clone());
        }
    }
    provisions
}

/// The passes over the whole set, which need every condition read: rule cycles, the
/// trace's expansion and text, then usage, each only if those before it found nothing.
/// Returns the trace's bound and text size.
fn check_whole_set(
    doc: &RuleSetDoc,
    model: &Model,
    p: &mut Vec<Problem>,
) -> Option<(usize, usize)> {
    check_rule_cycles(&model.rules, p);
    if !p.is_empty() {
        return None;
    }
    let trace_bound = check_expansion(
        &model.rules,
        &model.outcomes,
        &model.notes,
        &model.imports,
        p,
    );
    if !p.is_empty() {
        return None;
    }
    let trace_text = check_trace_text(
        &model.facts,
        &model.rules,
        &model.outcomes,
        &model.imports,
        p,
    );
    if !p.is_empty() {
        return None;
    }
    let own = model.facts.get(..model.own_facts).unwrap_or(&[]);
    check_usage(
        doc,
        own,
        &model.rules,
        &model.outcomes,
        &model.notes,
        &model.constraints,
        p,
    );
    p.is_empty().then_some((trace_bound, trace_text))
}
