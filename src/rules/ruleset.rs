//! The validated, compiled rule set.

use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

use crate::logic::diagram::{Diagram, NodeId};
use crate::rules::doc::RuleSetDoc;
use crate::rules::identity::RuleSetRef;
use crate::rules::model::{Constraint, DecisionTest, Domain, Fact, Note, Outcome, Rule, Test};
use crate::rules::provision::Provision;
use crate::wire::text::Text;

/// A loaded rule set: validated, compiled, and immutable. It cannot be invalid.
///
/// Load one from JSON text with [`RuleSet::from_json`], or take an embedded pack with
/// [`RuleSet::embedded`]. It is `Send + Sync`, so one loaded rule set can serve many threads.
///
/// ```
/// use safeguarding_rules::RuleSet;
/// let rules = RuleSet::embedded("care-act-2014-s44").unwrap();
/// assert_eq!(rules.id(), "care-act-2014-s44");
/// assert_eq!(rules.in_force_from(), "2015-04-01");
/// ```
#[derive(Debug, Clone)]
pub struct RuleSet {
    pub(crate) doc: RuleSetDoc,
    pub(crate) facts: Vec<Fact>,
    pub(crate) fact_index: BTreeMap<String, usize>,
    pub(crate) rules: Vec<Rule>,
    pub(crate) outcomes: Vec<Outcome>,
    pub(crate) notes: Vec<Note>,
    /// This file's constraints, then every import's, in the vocabulary of this rule set.
    pub(crate) constraints: Vec<Constraint>,
    pub(crate) provisions: BTreeMap<crate::wire::text::Text, Provision>,
    pub(crate) variables: Variables,
    pub(crate) compiled: Compiled,
    pub(crate) text: Arc<RuleText>,
    pub(crate) imports: Vec<Import>,
    /// Every presupposition, `(fact, presupposed fact, value)`, in the order
    /// [`crate::rules::presupposition::infer`] needs.
    pub(crate) presuppositions: Vec<(usize, usize, u8)>,
    /// The provisions' ids in order, to find a citation's index.
    pub(crate) provision_ids: Vec<Text>,
    /// What each outcome's trace cites (see [`crate::rules::citations::by_outcome`]).
    pub(crate) cited_by_outcome: Vec<Vec<u32>>,
    /// The most trace nodes the outcomes can make (see [`crate::Limits::MAX_TRACE_NODES`]).
    pub(crate) trace_bound: usize,
    /// The text one trace can carry, with the imports' own traces (see
    /// [`crate::Limits::MAX_TRACE_TEXT_BYTES`]).
    pub(crate) trace_text: usize,
    /// The size (nodes and edges) of the diagram one computation of the possible outcomes
    /// may walk: the outcome diagram's, and those of every import (recomputed alongside).
    pub(crate) outcome_size: usize,
    /// The work of the missing facts (see [`crate::Limits::MAX_MISSING_FACTS_WORK`]).
    pub(crate) missing_facts_work: usize,
    /// The work of choosing case splits' variables, imports' included (see
    /// [`crate::Limits::MAX_CASE_SPLIT_WORK`]).
    pub(crate) case_split_work: usize,
    /// This rule set and every import, each counted once per path that imports it.
    pub(crate) evaluations: usize,
}

/// The rule text as read, and its fingerprint once asked for.
///
/// Hashing the canonical form was half the cost of loading, and many callers never need
/// it, so it is computed on first use and then shared by every clone of the rule set.
/// The text is kept rather than its parsed form: it is several times smaller, and
/// dropping it is one free.
#[derive(Debug)]
pub(crate) struct RuleText {
    pub json: String,
    pub id: Text,
    pub version: Text,
    pub fingerprint: OnceLock<Text>,
}

/// An imported rule set, under its local name.
#[derive(Debug, Clone)]
pub(crate) struct Import {
    pub name: Text,
    pub cites: crate::wire::text::Cites,
    pub rules: Arc<RuleSet>,
    /// For each of the import's facts, its index in the importing rule set's facts.
    pub fact_map: Vec<usize>,
    /// For each of the import's integer and date facts, the import's interval holding
    /// each of the importing rule set's (whose tests may cut the range finer).
    pub intervals: Vec<Option<Vec<u8>>>,
}

/// The compiled decision: one diagram for the ordered outcomes, one per note.
#[derive(Debug, Clone)]
pub(crate) struct Compiled {
    pub diagram: Diagram,
    /// The outcome's index at each assignment, or the outcome count where the
    /// constraints exclude it.
    pub outcome_root: NodeId,
    /// Each note: 1 where it holds, 0 where not, 2 where the constraints exclude it.
    pub note_roots: Vec<NodeId>,
    /// Where the constraints hold (1) or not (0); `None` without constraints.
    pub constraint_root: Option<NodeId>,
    /// The mask of the outcome leaves: a reach of `outcome_root` taken `&` this is the
    /// outcomes over consistent completions.
    pub consistent: u64,
}

/// Where each fact lives among the diagram's variables. "Given" variables come first:
/// they describe the case itself and are always known.
#[derive(Debug, Clone)]
pub(crate) struct Variables {
    pub given: Vec<u32>,
    pub scalar: Vec<Option<u32>>,
    pub members: Vec<Vec<u32>>,
    /// Per import: its outcome variable and one "possible" variable per outcome.
    pub decisions: Vec<(u32, Vec<u32>)>,
    pub domains: Vec<u8>,
    pub owner: Vec<VarOwner>,
    /// Each integer or date fact's intervals, for the masks of its tests.
    pub intervals: Vec<Option<crate::rules::model::Numbers>>,
}

/// What a diagram variable stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum VarOwner {
    /// Whether the case answered this fact.
    Given(usize),
    /// The value of this bool, enum or knowledge fact.
    Scalar(usize),
    /// Whether this set fact contains this member.
    Member(usize, u8),
    /// The outcome of this import's determination (its outcome count for undetermined).
    DecisionOutcome(usize),
    /// Whether this outcome of this import is possible.
    DecisionPossible(usize, u8),
}

impl Variables {
    pub(crate) fn new(facts: &[Fact], decision_outcomes: &[usize]) -> Variables {
        let mut domains = Vec::new();
        let mut owner = Vec::new();
        let mut next = |size: usize, who: VarOwner| {
            let var = u32::try_from(domains.len()).unwrap_or(u32::MAX);
            domains.push(u8::try_from(size).unwrap_or(u8::MAX));
            owner.push(who);
            var
        };
        let given = (0..facts.len())
            .map(|f| next(2, VarOwner::Given(f)))
            .collect();
        let mut scalar = Vec::with_capacity(facts.len());
        let mut members = Vec::with_capacity(facts.len());
        for (i, f) in facts.iter().enumerate() {
            match &f.domain {
                Domain::Set(values) => {
                    scalar.push(None);
                    members.push(
                        (0..values.len())
                            .map(|m| {
                                next(2, VarOwner::Member(i, u8::try_from(m).unwrap_or(u8::MAX)))
                            })
                            .collect(),
                    );
                }
                d => {
                    scalar.push(Some(next(d.len(), VarOwner::Scalar(i))));
                    members.push(Vec::new());
                }
            }
        }
        // Imported determinations: always known when a case is evaluated, like "answered".
        let mut decisions = Vec::with_capacity(decision_outcomes.len());
        for (i, count) in decision_outcomes.iter().enumerate() {
            let outcome = next(count + 1, VarOwner::DecisionOutcome(i));
            let possible: Vec<u32> = (0..*count)
                .map(|o| {
                    next(
                        2,
                        VarOwner::DecisionPossible(i, u8::try_from(o).unwrap_or(u8::MAX)),
                    )
                })
                .collect();
            decisions.push((outcome, possible));
        }
        let intervals = facts
            .iter()
            .map(|f| match &f.domain {
                Domain::Number(n) => Some(n.clone()),
                _ => None,
            })
            .collect();
        Variables {
            given,
            scalar,
            members,
            decisions,
            domains,
            owner,
            intervals,
        }
    }

    /// The variable a decision test reads and the values for which it holds.
    pub(crate) fn decision(&self, import: usize, test: DecisionTest) -> Option<(u32, u64)> {
        let (outcome, possible) = self.decisions.get(import)?;
        match test {
            DecisionTest::Is(o) => Some((*outcome, 1u64.checked_shl(u32::from(o))?)),
            DecisionTest::Possible(o) => Some((*possible.get(usize::from(o))?, 0b10)),
        }
    }

    /// The variable a test reads and the values for which it holds.
    #[inline]
    pub(crate) fn test(&self, fact: usize, test: Test) -> Option<(u32, u64)> {
        let scalar = || self.scalar.get(fact).copied().flatten();
        match test {
            Test::True => Some((scalar()?, 0b10)),
            Test::Is(v) => Some((scalar()?, 1u64.checked_shl(u32::from(v))?)),
            Test::In(mask) => Some((scalar()?, mask)),
            Test::Contains(m) => Some((*self.members.get(fact)?.get(usize::from(m))?, 0b10)),
            Test::Given(b) => Some((*self.given.get(fact)?, if b { 0b10 } else { 0b01 })),
            Test::Range(lo, hi) => Some((scalar()?, self.range_mask(fact, lo, hi)?)),
        }
    }

    /// The mask of a range test: out of line, so that [`Variables::test`] stays small
    /// enough to inline where no fact is an integer or date.
    #[inline(never)]
    fn range_mask(&self, fact: usize, lo: i64, hi: i64) -> Option<u64> {
        Some(self.intervals.get(fact)?.as_ref()?.mask(lo, hi))
    }
}

impl RuleSet {
    /// Whether this rule set imports `id`, directly or through its imports.
    pub(crate) fn imports_transitively(&self, id: &str) -> bool {
        self.imports
            .iter()
            .any(|imp| imp.rules.id() == id || imp.rules.imports_transitively(id))
    }

    /// The rule text's fingerprint: `sha256:` and the hex SHA-256 of the RFC 8785 form of
    /// the rule file without `$schema`. Reformatting the file leaves it unchanged; any
    /// change to a rule, value, provision text, wording or outcome changes it.
    ///
    /// ```
    /// use safeguarding_rules::RuleSet;
    /// let rules = RuleSet::embedded("care-act-2014-s44").unwrap();
    /// assert!(rules.fingerprint().starts_with("sha256:"));
    /// ```
    pub fn fingerprint(&self) -> &str {
        self.fingerprint_text()
    }

    /// The reference a determination carries to this rule text.
    pub(crate) fn reference(&self) -> RuleSetRef {
        RuleSetRef {
            id: self.text.id.clone(),
            version: self.text.version.clone(),
            fingerprint: self.fingerprint_text().clone(),
        }
    }

    fn fingerprint_text(&self) -> &Text {
        self.text.fingerprint.get_or_init(|| {
            // The text was read as valid JSON when the rule set was loaded.
            let file = without_schema(serde_json::from_str(&self.text.json).unwrap_or_default());
            if self.imports.is_empty() {
                crate::wire::fingerprint::digest(&file).into()
            } else {
                // An import is bound by its own fingerprint, under its id.
                let imports: serde_json::Map<String, serde_json::Value> = self
                    .imports
                    .iter()
                    .map(|imp| (imp.rules.id().to_string(), imp.rules.fingerprint().into()))
                    .collect();
                crate::wire::fingerprint::digest(
                    &serde_json::json!({"rule_set": file, "imports": imports}),
                )
                .into()
            }
        })
    }

    /// The rule set's id.
    pub fn id(&self) -> &str {
        &self.doc.id
    }
    /// The rule set's title.
    pub fn title(&self) -> &str {
        &self.doc.title
    }
    /// The version of the rule text.
    pub fn version(&self) -> &str {
        &self.doc.version
    }
    /// The first day the rule text is in force.
    pub fn in_force_from(&self) -> &str {
        &self.doc.in_force_from
    }
    /// The first day the rule text is no longer in force, if any.
    pub fn in_force_to(&self) -> Option<&str> {
        self.doc.in_force_to.as_deref()
    }
    /// The rule file as written (without loss: it serializes back to an equivalent file).
    pub fn doc(&self) -> &RuleSetDoc {
        &self.doc
    }
    /// Whether the rule text is in force on `date` (`YYYY-MM-DD`).
    pub fn in_force_on(&self, date: &str) -> bool {
        date >= self.in_force_from() && self.in_force_to().is_none_or(|to| date < to)
    }
    /// The outcome ids, in order.
    pub fn outcome_ids(&self) -> impl Iterator<Item = &str> {
        self.outcomes.iter().map(|o| o.id.as_str())
    }
    /// A fact of this rule set's vocabulary as its rule file declares it, whether this file
    /// or an imported one declares it.
    ///
    /// ```
    /// use safeguarding_rules::RuleSet;
    /// let panel = RuleSet::embedded("hillingdon-sar-panel").unwrap();
    /// assert!(panel.fact("adult_status").is_some());
    /// ```
    pub fn fact(&self, id: &str) -> Option<&crate::rules::doc::FactDoc> {
        self.doc
            .facts
            .iter()
            .find(|f| f.id == id)
            .or_else(|| self.imports.iter().find_map(|imp| imp.rules.fact(id)))
    }

    /// The fact ids, in declaration order, imported facts after this file's own.
    pub fn fact_ids(&self) -> impl Iterator<Item = &str> {
        self.facts.iter().map(|f| f.id.as_str())
    }
    /// How many nodes the compiled decision diagram has (see [`crate::Limits::MAX_DIAGRAM_NODES`]).
    pub fn diagram_size(&self) -> usize {
        self.compiled.diagram.len()
    }
}

fn without_schema(mut file: serde_json::Value) -> serde_json::Value {
    if let Some(object) = file.as_object_mut() {
        object.remove("$schema");
    }
    file
}
