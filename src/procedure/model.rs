//! What a loaded procedure holds: its decisions, its vocabulary and its notes, shared by
//! loading, the notes and evaluation.

use std::sync::Arc;

use crate::case::document::{Case, CaseError};
use crate::case::facts::Facts;
use crate::rules::doc::{FactDoc, ProvisionDoc};
use crate::rules::ruleset::RuleSet;
use crate::wire::text::{Cites, Text};

/// Finds a decision's rule set by id.
pub(crate) type Resolver<'a> = &'a dyn Fn(&str) -> Option<RuleSet>;

/// One decision: the rule set as written, and as compiled inside the procedure.
#[derive(Debug, Clone)]
pub(crate) struct Decision {
    pub name: Text,
    /// The rule set as the book holds it: its reference is the determination's.
    pub original: Arc<RuleSet>,
    /// The rule set with the procedure's facts and constraints.
    pub augmented: Arc<RuleSet>,
    /// `applies_when`, compiled: outcomes `holds` and `fails`.
    pub applies: Option<Arc<RuleSet>>,
}

/// One fact of the procedure's vocabulary.
#[derive(Debug, Clone)]
pub(crate) struct UnionFact {
    pub doc: FactDoc,
    /// Who declared it first: `the procedure` or a rule set id.
    pub origin: String,
    pub question: Text,
    /// The provisions its first declaration cites.
    pub provisions: Vec<ProvisionDoc>,
}

/// A note of the procedure.
#[derive(Debug, Clone)]
pub(crate) struct ProcedureNote {
    pub id: Text,
    pub cites: Cites,
    pub text: Text,
    pub condition: NoteCondition,
}

/// A note's condition, read.
#[derive(Debug, Clone)]
pub(crate) enum NoteCondition {
    All(Vec<NoteCondition>),
    Any(Vec<NoteCondition>),
    Not(Box<NoteCondition>),
    /// The decision at this index has this outcome (`is`) or may have it (`possible`).
    Decision {
        index: usize,
        outcome: String,
        possible: bool,
    },
    /// A test of facts alone.
    Facts(Arc<RuleSet>),
}

/// Binds the case's facts that `rules` declares (the procedure checks the rest).
pub(crate) fn restricted<'r>(rules: &'r RuleSet, case: &Case) -> Result<Facts<'r>, CaseError> {
    let facts = case
        .facts
        .iter()
        .filter(|(id, _)| rules.fact_index.contains_key(id.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let narrowed = Case {
        rule_set: None,
        procedure: None,
        reference: case.reference.clone(),
        as_of: None,
        facts,
        referral: None,
    };
    rules.bind(&narrowed)
}
