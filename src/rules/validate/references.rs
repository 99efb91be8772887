//! References: the provisions cited, the values a fact declares, the facts presupposed,
//! and the conditions of rules, outcomes and notes read against the vocabulary.

use std::collections::BTreeMap;

use crate::rules::condition::{Scope, value_index};
use crate::rules::doc::{FactType, RuleSetDoc};
use crate::rules::identity::UNDETERMINED;
use crate::rules::limits::Limits;
use crate::rules::model::{Domain, Fact, Note, Outcome, Rule, Says};
use crate::rules::ruleset::Import;
use crate::rules::validate::identity::index_ids;
use crate::wire::pointer::Pointer;
use crate::wire::problem::Problem;
use crate::wire::suggest::suggestion;
use crate::wire::text::{Cites, Text};

/// Citations as the rule set shares them with its determinations.
pub(super) fn shared(cites: &[String]) -> Cites {
    cites.iter().map(|c| Text::from(c.as_str())).collect()
}

pub(super) fn check_values(
    values: &[String],
    is_enum: bool,
    at: &Pointer<'_>,
    p: &mut Vec<Problem>,
) {
    let least = if is_enum { 2 } else { 1 };
    if values.len() < least {
        p.push(Problem::new(
            "too_few",
            format!("{at}/values"),
            format!(
                "expected at least {least} declared value{}, found {}",
                if least == 1 { "" } else { "s" },
                match values.len() {
                    0 => "none".to_string(),
                    n => n.to_string(),
                }
            ),
        ));
    }
    if values.len() > Limits::MAX_VALUES {
        p.push(Problem::new(
            "over_limit",
            format!("{at}/values"),
            format!(
                "{} values is over the limit of {}",
                values.len(),
                Limits::MAX_VALUES
            ),
        ));
    }
    for (i, v) in values.iter().enumerate() {
        if v.trim().is_empty() {
            p.push(Problem::new(
                "empty_string",
                format!("{at}/values/{i}"),
                "expected a value id, found an empty string",
            ));
        } else if let Some(first) = values
            .iter()
            .position(|w| w == v)
            .filter(|first| *first < i)
        {
            p.push(Problem::new(
                "duplicate_value",
                format!("{at}/values/{i}"),
                format!("duplicate value `{v}`, first declared at `{at}/values/{first}`"),
            ));
        }
    }
}

/// A list of citations: at least one, each a provision declared here or by an import.
pub(super) fn check_cites(
    provision_ids: &BTreeMap<String, usize>,
    list: &[String],
    at: &Pointer<'_>,
    p: &mut Vec<Problem>,
) {
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
}

/// The provisions: their ids (this file's, then every import's), none redeclared from an
/// import, none with empty text; then the imports' citations.
pub(super) fn check_provisions(
    doc: &RuleSetDoc,
    imports: &[Import],
    p: &mut Vec<Problem>,
) -> BTreeMap<String, usize> {
    let mut provision_ids = index_ids(
        doc.provisions.iter().map(|x| x.id.as_str()),
        "/provisions",
        "provision",
        p,
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
    for imp in imports {
        for id in imp.rules.provisions.keys() {
            provision_ids.entry(id.to_string()).or_insert(usize::MAX);
        }
    }
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
        check_cites(
            &provision_ids,
            &imp.cites,
            &Pointer::Written("/imports").index(i),
            p,
        );
    }
    provision_ids
}

/// This file's own facts, read in order, and their index.
pub(super) fn read_facts(
    doc: &RuleSetDoc,
    provision_ids: &BTreeMap<String, usize>,
    p: &mut Vec<Problem>,
) -> (Vec<Fact>, BTreeMap<String, usize>) {
    let fact_index = index_ids(doc.facts.iter().map(|x| x.id.as_str()), "/facts", "fact", p);
    let mut facts = Vec::with_capacity(doc.facts.len());
    for (i, f) in doc.facts.iter().enumerate() {
        let at = Pointer::Written("/facts");
        let at = at.index(i);
        check_cites(provision_ids, &f.cites, &at, p);
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
                check_values(&f.values, f.kind == FactType::Enum, &at, p);
                if f.kind == FactType::Enum {
                    Domain::Enum(f.values.clone())
                } else {
                    Domain::Set(f.values.clone())
                }
            }
            FactType::Integer | FactType::Date => {
                crate::rules::validate::intervals::read_range(f, &at, p)
            }
        };
        if !matches!(f.kind, FactType::Integer | FactType::Date) {
            for (key, bound) in [("min", &f.min), ("max", &f.max)] {
                if bound.is_some() {
                    p.push(Problem::new(
                        "invalid_bound",
                        format!("{at}/{key}"),
                        format!(
                            "`{key}` is for integer and date facts, but `{}` is {}; remove it",
                            f.id,
                            domain.type_name()
                        ),
                    ));
                }
            }
        }
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
    (facts, fact_index)
}

/// Each presupposition names a known fact, not itself and not a set, and one of its values.
pub(super) fn check_presuppositions(
    doc: &RuleSetDoc,
    facts: &mut [Fact],
    fact_index: &BTreeMap<String, usize>,
    p: &mut Vec<Problem>,
) {
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
        if let Domain::Set(_) | Domain::Number(_) = target_fact.domain {
            p.push(Problem::new(
                "invalid_presupposition",
                format!("{at}/fact"),
                format!(
                    "a presupposed fact must be bool, enum or knowledge, but `{}` is {}",
                    pre.fact,
                    match target_fact.domain {
                        Domain::Set(_) => "a set",
                        _ => "a number or date",
                    }
                ),
            ));
            continue;
        }
        let target_fact = target_fact.clone();
        if let Some(v) = value_index(
            &target_fact,
            &pre.is,
            &Pointer::Written(&format!("{at}/is")),
            p,
        ) && let Some(fact) = facts.get_mut(i)
        {
            fact.presupposes = Some((target, v));
        }
    }
}

/// The rules, each read against the scope; `None` where a condition has a problem.
pub(super) fn read_rules(
    doc: &RuleSetDoc,
    scope: &Scope<'_>,
    provision_ids: &BTreeMap<String, usize>,
    p: &mut Vec<Problem>,
) -> Vec<Option<Rule>> {
    let mut rules = Vec::with_capacity(doc.rules.len());
    for (i, r) in doc.rules.iter().enumerate() {
        let at = Pointer::Written("/rules");
        let at = at.index(i);
        check_cites(provision_ids, &r.cites, &at, p);
        let condition = scope.read(&r.condition, &at.key("condition"), p);
        rules.push(condition.map(|condition| Rule {
            id: r.id.as_str().into(),
            cites: shared(&r.cites),
            says: Says::new(&r.holds, Some(&r.fails)),
            condition,
        }));
    }
    rules
}

/// The outcomes: at least one, ids unique and not reserved, every one conditional but the
/// last, each with wording for when its condition fails.
pub(super) fn read_outcomes(
    doc: &RuleSetDoc,
    scope: &Scope<'_>,
    provision_ids: &BTreeMap<String, usize>,
    p: &mut Vec<Problem>,
) -> Vec<Outcome> {
    let _ = index_ids(
        doc.outcomes.iter().map(|x| x.id.as_str()),
        "/outcomes",
        "outcome",
        p,
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
        check_cites(provision_ids, &o.cites, &at, p);
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
            (Some(c), false) => scope.read(c, &at.key("condition"), p),
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
    outcomes
}

/// The notes whose conditions read without a problem.
pub(super) fn read_notes(
    doc: &RuleSetDoc,
    scope: &Scope<'_>,
    provision_ids: &BTreeMap<String, usize>,
    p: &mut Vec<Problem>,
) -> Vec<Note> {
    let _ = index_ids(doc.notes.iter().map(|x| x.id.as_str()), "/notes", "note", p);
    let mut notes = Vec::with_capacity(doc.notes.len());
    for (i, n) in doc.notes.iter().enumerate() {
        let at = Pointer::Written("/notes");
        let at = at.index(i);
        check_cites(provision_ids, &n.cites, &at, p);
        if let Some(condition) = scope.read(&n.condition, &at.key("condition"), p) {
            notes.push(Note {
                id: n.id.as_str().into(),
                cites: shared(&n.cites),
                text: n.text.as_str().into(),
                condition,
            });
        }
    }
    notes
}
