//! What the passes share once the file is read: the vocabulary and the model.

use std::collections::BTreeMap;

use crate::rules::model::{Constraint, Fact, Note, Outcome, Rule};
use crate::rules::ruleset::Import;

/// The facts (this file's, then the imports'), their index, and the rules, outcomes,
/// notes and imports, as the reading passes left them for the whole-set passes.
pub(super) struct Model {
    pub(super) facts: Vec<Fact>,
    pub(super) fact_index: BTreeMap<String, usize>,
    /// How many of `facts` this file declares; the imports' follow.
    pub(super) own_facts: usize,
    pub(super) rules: Vec<Rule>,
    pub(super) outcomes: Vec<Outcome>,
    pub(super) notes: Vec<Note>,
    /// This file's constraints, then every import's (in the importing vocabulary).
    pub(super) constraints: Vec<Constraint>,
    /// How many of `constraints` this file declares.
    pub(super) own_constraints: usize,
    pub(super) imports: Vec<Import>,
}
