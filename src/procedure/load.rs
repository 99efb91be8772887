//! Loading a procedure file: its shape, its decisions' rule sets (found through a resolver
//! passed in), one flat vocabulary, and each decision compiled with the procedure's facts
//! and constraints so that its determination is exact over the whole procedure.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::procedure::augment::{Pool, augmented, condition_set};
use crate::procedure::doc::ProcedureDoc;
use crate::procedure::model::{Decision, ProcedureNote, Resolver, UnionFact};
use crate::procedure::notes::read_note;
use crate::rules::doc::{FactDoc, ProvisionDoc};
use crate::rules::limits::Limits;
use crate::rules::load_error::LoadError;
use crate::rules::ruleset::RuleSet;
use crate::wire::json::parse_strict;
use crate::wire::problem::Problem;
use crate::wire::text::Text;

/// A loaded procedure: validated, each decision compiled with the procedure's facts and
/// constraints. It cannot be invalid.
#[derive(Debug, Clone)]
pub struct Procedure {
    pub(crate) doc: ProcedureDoc,
    pub(crate) json: Arc<str>,
    pub(crate) decisions: Vec<Decision>,
    /// The vocabulary: the procedure's facts, then each decision's, in its order.
    pub(crate) facts: Vec<UnionFact>,
    pub(crate) notes: Vec<ProcedureNote>,
}

impl Procedure {
    /// Loads and validates a procedure file, its rule sets found through `resolve`.
    pub(crate) fn load(text: &str, resolve: Resolver<'_>) -> Result<Procedure, LoadError> {
        if text.len() > Limits::MAX_RULE_FILE_BYTES {
            return Err(LoadError::TooLarge {
                found: text.len(),
                limit: Limits::MAX_RULE_FILE_BYTES,
            });
        }
        let value = parse_strict(text).map_err(|e| LoadError::Syntax {
            line: e.line,
            column: e.column,
            message: e.message,
        })?;
        let doc: ProcedureDoc = serde_path_to_error::deserialize(value).map_err(|e| {
            let pointer = crate::rules::load::pointer_of(e.path());
            LoadError::Shape(Problem::new(
                "invalid_shape",
                pointer,
                crate::rules::load::rephrase(&e.into_inner().to_string()),
            ))
        })?;
        Procedure::from_doc(doc, text, resolve)
    }

    fn from_doc(
        doc: ProcedureDoc,
        text: &str,
        resolve: Resolver<'_>,
    ) -> Result<Procedure, LoadError> {
        let mut p = Vec::new();
        check_citations(&doc, &mut p);
        let originals = resolve_decisions(&doc, resolve, &mut p);
        let facts = merge_facts(&doc, &originals, &mut p);
        for (i, (id, _)) in doc.questions.iter().enumerate() {
            if !facts.iter().any(|f| f.doc.id == *id) {
                let _ = i;
                p.push(Problem::new(
                    "unknown_fact",
                    format!("/questions/{}", crate::wire::json::escape_token(id)),
                    format!("a question for undeclared fact `{id}`"),
                ));
            }
        }
        if !p.is_empty() || originals.len() != doc.decisions.len() {
            return Err(LoadError::Invalid(p));
        }
        let pool = Pool::new(&doc, &originals, &facts);
        let mut decisions = Vec::new();
        for (i, (d, original)) in doc.decisions.iter().zip(&originals).enumerate() {
            let at = format!("/decisions/{i}");
            let augmented = augmented(original, &pool, resolve)
                .map_err(|e| nested(&at, &format!("decision `{}`", d.name), &e));
            let applies = d.applies_when.as_ref().map(|c| {
                condition_set(&doc, &pool, c, &d.cites, resolve)
                    .map_err(|e| nested(&format!("{at}/applies_when"), "`applies_when`", &e))
            });
            match (augmented, applies.transpose()) {
                (Ok(augmented), Ok(applies)) => decisions.push(Decision {
                    name: d.name.as_str().into(),
                    original: Arc::new(original.clone()),
                    augmented: Arc::new(augmented),
                    applies: applies.map(Arc::new),
                }),
                (a, b) => {
                    p.extend(a.err().into_iter().flatten());
                    p.extend(b.err().into_iter().flatten());
                }
            }
        }
        let mut notes = Vec::new();
        for (i, n) in doc.notes.iter().enumerate() {
            let at = format!("/notes/{i}/condition");
            match read_note(&n.condition, &at, &doc, &decisions, &pool, resolve) {
                Ok(condition) => notes.push(ProcedureNote {
                    id: n.id.as_str().into(),
                    cites: n.cites.iter().map(|c| Text::from(c.as_str())).collect(),
                    text: n.text.as_str().into(),
                    condition,
                }),
                Err(mut problems) => p.append(&mut problems),
            }
        }
        if !p.is_empty() {
            return Err(LoadError::Invalid(p));
        }
        Ok(Procedure {
            doc,
            json: text.into(),
            decisions,
            facts,
            notes,
        })
    }
}

/// A load error of a rule set built for the procedure, as problems of the procedure file.
fn nested(at: &str, what: &str, e: &LoadError) -> Vec<Problem> {
    let problems = e.problems();
    if problems.is_empty() {
        return vec![Problem::new(
            "invalid_procedure",
            at.to_string(),
            format!("{what} with the procedure's facts and constraints: {e}"),
        )];
    }
    problems
        .iter()
        .map(|x| {
            Problem::new(
                x.code,
                at.to_string(),
                format!(
                    "{what} with the procedure's facts and constraints: {} {}",
                    x.pointer, x.message
                ),
            )
        })
        .collect()
}

/// Every citation of the procedure names one of its own provisions; ids are not repeated.
fn check_citations(doc: &ProcedureDoc, p: &mut Vec<Problem>) {
    let ids: Vec<&str> = doc.provisions.iter().map(|x| x.id.as_str()).collect();
    let mut cited: Vec<(String, &Vec<String>)> = Vec::new();
    for (i, d) in doc.decisions.iter().enumerate() {
        cited.push((format!("/decisions/{i}/cites"), &d.cites));
    }
    for (i, f) in doc.facts.iter().enumerate() {
        cited.push((format!("/facts/{i}/cites"), &f.cites));
    }
    for (i, c) in doc.constraints.iter().enumerate() {
        cited.push((format!("/constraints/{i}/cites"), &c.cites));
    }
    for (i, n) in doc.notes.iter().enumerate() {
        cited.push((format!("/notes/{i}/cites"), &n.cites));
    }
    for (at, cites) in cited {
        for (j, c) in cites.iter().enumerate() {
            if !ids.contains(&c.as_str()) {
                let hint = crate::wire::suggest::suggestion(c, ids.iter().copied());
                p.push(Problem::new(
                    "unknown_provision",
                    format!("{at}/{j}"),
                    format!("citation of unknown provision `{c}`{hint}"),
                ));
            }
        }
    }
    let mut seen: Vec<(&str, &str)> = Vec::new();
    let lists = [
        ("provisions", ids.clone()),
        (
            "decisions",
            doc.decisions.iter().map(|d| d.name.as_str()).collect(),
        ),
        ("notes", doc.notes.iter().map(|n| n.id.as_str()).collect()),
        (
            "constraints",
            doc.constraints.iter().map(|c| c.id.as_str()).collect(),
        ),
    ];
    for (list, items) in lists {
        for (i, id) in items.iter().enumerate() {
            if seen.contains(&(list, id)) {
                p.push(Problem::new(
                    "duplicate_id",
                    format!("/{list}/{i}"),
                    format!("duplicate id `{id}` in `{list}`"),
                ));
            }
            seen.push((list, id));
        }
    }
}

/// Each decision's rule set, found through the resolver.
fn resolve_decisions(
    doc: &ProcedureDoc,
    resolve: Resolver<'_>,
    p: &mut Vec<Problem>,
) -> Vec<RuleSet> {
    let mut found = Vec::new();
    for (i, d) in doc.decisions.iter().enumerate() {
        match resolve(&d.rule_set) {
            Some(rules) => found.push(rules),
            None => p.push(Problem::new(
                "unknown_rule_set",
                format!("/decisions/{i}/rule_set"),
                format!(
                    "unknown rule set `{}`: a procedure's rule sets resolve through the rule book (the embedded packs and `--rules-dir`)",
                    d.rule_set
                ),
            )),
        }
    }
    found
}

/// What makes two declarations of a fact one fact.
fn shape(f: &FactDoc) -> serde_json::Value {
    serde_json::json!({
        "type": f.kind, "values": f.values, "min": f.min, "max": f.max,
        "presupposes": f.presupposes, "recorded_only": f.recorded_only,
    })
}

/// One flat vocabulary: the procedure's facts, then each decision's; a fact declared
/// twice must be declared alike.
fn merge_facts(doc: &ProcedureDoc, originals: &[RuleSet], p: &mut Vec<Problem>) -> Vec<UnionFact> {
    let own: BTreeMap<&str, &ProvisionDoc> =
        doc.provisions.iter().map(|x| (x.id.as_str(), x)).collect();
    let mut facts: Vec<UnionFact> = Vec::new();
    let mut declared: Vec<(String, FactDoc, Vec<ProvisionDoc>, String)> = Vec::new();
    for (i, f) in doc.facts.iter().enumerate() {
        let provs = f
            .cites
            .iter()
            .filter_map(|c| own.get(c.as_str()).map(|x| (*x).clone()))
            .collect();
        declared.push((
            "the procedure".to_string(),
            f.clone(),
            provs,
            format!("/facts/{i}"),
        ));
    }
    for (i, rules) in originals.iter().enumerate() {
        for id in rules.fact_ids() {
            if let Some(f) = rules.fact(id) {
                let provs = f
                    .cites
                    .iter()
                    .filter_map(|c| {
                        rules.provisions.get(c.as_str()).map(|x| ProvisionDoc {
                            id: c.clone(),
                            cite: x.cite.to_string(),
                            text: x.text.to_string(),
                            url: x.url.to_string(),
                        })
                    })
                    .collect();
                declared.push((
                    format!("`{}`", rules.id()),
                    f.clone(),
                    provs,
                    format!("/decisions/{i}/rule_set"),
                ));
            }
        }
    }
    for (origin, f, provisions, at) in declared {
        match facts.iter().find(|u| u.doc.id == f.id) {
            Some(first) if shape(&first.doc) != shape(&f) => p.push(Problem::new(
                "fact_conflict",
                at,
                format!(
                    "fact `{}` is declared differently by {} and {} (type, values, bounds, `presupposes` and `recorded_only` must agree)",
                    f.id, first.origin, origin
                ),
            )),
            Some(_) => {}
            None => {
                let question = doc.questions.get(&f.id).unwrap_or(&f.question);
                facts.push(UnionFact {
                    question: question.as_str().into(),
                    doc: f,
                    origin,
                    provisions,
                });
            }
        }
    }
    facts
}

impl Procedure {
    /// The procedure's id.
    pub fn id(&self) -> &str {
        &self.doc.id
    }
    /// The procedure's title.
    pub fn title(&self) -> &str {
        &self.doc.title
    }
    /// The version of the procedure text.
    pub fn version(&self) -> &str {
        &self.doc.version
    }
    /// The first day the procedure is in force.
    pub fn in_force_from(&self) -> &str {
        &self.doc.in_force_from
    }
    /// Whether the procedure is in force on `date` (`YYYY-MM-DD`).
    pub fn in_force_on(&self, date: &str) -> bool {
        date >= self.in_force_from() && self.doc.in_force_to.as_deref().is_none_or(|to| date < to)
    }
    /// The procedure file as written.
    pub fn doc(&self) -> &ProcedureDoc {
        &self.doc
    }
    /// The decisions' names, in order.
    pub fn decision_names(&self) -> impl Iterator<Item = &str> {
        self.decisions.iter().map(|d| d.name.as_str())
    }
    /// The rule set of the decision named `name`, as the book holds it.
    pub fn rule_set(&self, name: &str) -> Option<&RuleSet> {
        self.decisions
            .iter()
            .find(|d| d.name == name)
            .map(|d| d.original.as_ref())
    }
    /// The procedure's note ids, in order.
    pub fn note_ids(&self) -> impl Iterator<Item = &str> {
        self.notes.iter().map(|n| n.id.as_str())
    }
    /// The vocabulary's fact ids, in fact order.
    pub fn fact_ids(&self) -> impl Iterator<Item = &str> {
        self.facts.iter().map(|f| f.doc.id.as_str())
    }
    /// A fact of the vocabulary as first declared, and the question the procedure asks.
    pub fn fact(&self, id: &str) -> Option<(&FactDoc, &str)> {
        self.facts
            .iter()
            .find(|f| f.doc.id == id)
            .map(|f| (&f.doc, f.question.as_str()))
    }

    /// The fingerprint over the procedure text and the rule sets in force on `as_of`
    /// (every one when `None`).
    pub fn fingerprint_on(&self, as_of: Option<&str>) -> String {
        let mut file: serde_json::Value = serde_json::from_str(&self.json).unwrap_or_default();
        if let Some(o) = file.as_object_mut() {
            o.remove("$schema");
        }
        let rule_sets: serde_json::Map<String, serde_json::Value> = self
            .decisions
            .iter()
            .filter(|d| as_of.is_none_or(|date| d.original.in_force_on(date)))
            .map(|d| (d.original.id().to_string(), d.original.fingerprint().into()))
            .collect();
        crate::wire::fingerprint::digest(
            &serde_json::json!({"procedure": file, "rule_sets": rule_sets}),
        )
    }
}
