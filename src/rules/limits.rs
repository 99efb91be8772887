//! Documented limits. Within them every evaluation is exact; a rule set beyond them is
//! rejected when it is loaded, never evaluated approximately.

/// The limits a rule file and a case must keep to.
///
/// ```
/// use safeguarding_rules::Limits;
/// assert!(Limits::MAX_OUTCOMES >= 3);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits;

impl Limits {
    /// Largest rule file, in bytes.
    pub const MAX_RULE_FILE_BYTES: usize = 4 * 1024 * 1024;
    /// Largest case document, in bytes.
    pub const MAX_CASE_BYTES: usize = 1024 * 1024;
    /// Longest source of one answer in a case, in bytes. The trace repeats it at every
    /// test of the fact, in every case-split branch: without this limit a case within
    /// [`Limits::MAX_CASE_BYTES`] could make a trace of gigabytes.
    pub const MAX_SOURCE_BYTES: usize = 1024;
    /// Deepest JSON nesting serde_json accepts in any document.
    pub const MAX_JSON_DEPTH: usize = crate::wire::json::MAX_JSON_DEPTH;
    /// Deepest nesting of `all`, `any`, `not` and rule references in one condition,
    /// counting the levels of the rules it refers to.
    pub const MAX_CONDITION_DEPTH: usize = 32;
    /// Most trace nodes the outcomes' conditions may make with their rules written out:
    /// the size of the largest trace a determination can carry (each case-split branch
    /// carries one more).
    pub const MAX_TRACE_NODES: usize = 4096;
    /// Most text one trace may carry, in bytes, with the rules written out: every node's
    /// ids, citations and wording (`holds` or `fails`), and for a fact test the values it
    /// names and the longest answer it could show, each string counted with 32 bytes more
    /// for its copy (an imported
    /// determination counts with its own trace). A trace copies its nodes' text, and a
    /// case split carries one trace per branch: a few rules with long wording or long
    /// citation lists, referred to many times, would otherwise make gigabytes. Imported
    /// rule sets' own traces count too: their determinations are built in full.
    pub const MAX_TRACE_TEXT_BYTES: usize = 1024 * 1024;
    /// Most decision-diagram variables: one per fact for "answered", one per bool, enum
    /// or knowledge fact, one per member of a set fact.
    pub const MAX_VARIABLES: usize = 1024;
    /// Most facts in one rule set.
    pub const MAX_FACTS: usize = 256;
    /// Most values of one fact: the declared values of an `enum` or `set` fact, the
    /// intervals its thresholds cut an `integer` or `date` fact into.
    pub const MAX_VALUES: usize = 64;
    /// Most rules in one rule set.
    pub const MAX_RULES: usize = 1024;
    /// Most outcomes in one rule set (outcome sets are kept as 64-bit masks).
    pub const MAX_OUTCOMES: usize = 64;
    /// Most notes in one rule set.
    pub const MAX_NOTES: usize = 256;
    /// Constraints one rule file may declare: each is conjoined into every diagram, and a
    /// contradiction or a forced value is explained by dropping them one at a time.
    pub const MAX_CONSTRAINTS: usize = 64;
    /// Longest id, question, wording or provision text, in bytes.
    pub const MAX_STRING_BYTES: usize = 64 * 1024;
    /// Most decision-diagram nodes the compiled rule set may need. This is the limit
    /// within which evaluation is exact: the outcome and the notes of every case are read
    /// from the diagram, so a rule set whose diagram would be larger is rejected.
    pub const MAX_DIAGRAM_NODES: usize = 200_000;
    /// Most steps working out the missing facts of one case may take. The outcome's
    /// decision diagram has a size: its nodes and their edges reachable from the root, with
    /// those of each imported rule set (whose outcome is recomputed alongside). Each fact
    /// takes one walk of it, to find whether the outcome depends on the fact, and one per
    /// answer listed (each value of a bool, enum or knowledge fact, each subset of a set
    /// fact of up to [`Limits::MAX_SET_ANSWERS_LISTED`] members), and each answer lists
    /// the outcomes it leaves possible (a step per byte of outcome id). The steps are
    /// the size times the facts plus the answers, plus the answers times the bytes of all
    /// outcome ids, plus the size of the notes' diagram and the number of variables (walked
    /// once per evaluation), plus the same measure of each imported rule set, evaluated
    /// alongside.
    /// A case with nothing known has the most missing facts; within this limit it stays
    /// fast, and a rule set beyond it is rejected at load.
    pub const MAX_MISSING_FACTS_WORK: usize = 8_000_000;
    /// Most members a set fact may have for a missing-fact entry to list the outcomes of
    /// each possible answer (every subset); a larger set fact is listed without `answers`.
    pub const MAX_SET_ANSWERS_LISTED: usize = 6;
    /// Most imported rule sets one evaluation evaluates, each counted once per path that
    /// imports it (a rule set imported by two of the imports counts twice). Every import's
    /// determination is built in full, and imports can share imports: without this limit a
    /// few rule files importing each other in a lattice could make exponentially many.
    pub const MAX_IMPORT_EVALUATIONS: usize = 64;
    /// Most branches shown in one case split; beyond it a branch keeps its own trace
    /// without splitting further (the outcome stays exact).
    pub const MAX_CASE_SPLIT_BRANCHES: usize = 16;
    /// Most steps one choice of the variable to split on may take: the trace nodes the
    /// outcomes can make (see [`Limits::MAX_TRACE_NODES`]) times the values of the
    /// variables their conditions test, rules written out (each value of a bool, enum or
    /// knowledge fact tested, two for each member of a set fact tested). A split tries
    /// every value of every unknown candidate and reads the outcomes' conditions for each,
    /// and a case split makes at most one choice per branch. Imported rule sets' own
    /// measures are added, as their determinations are built in full. A rule set beyond
    /// this limit is rejected at load.
    pub const MAX_CASE_SPLIT_WORK: usize = 250_000;
    /// Most work the search for counterfactuals may take, checked for each case that asks
    /// for them: the changes it would try (each other value of each fact given, then each
    /// pair of those changes to two facts) times the cost of one outcome computation
    /// (facts plus decision-diagram nodes, imports' included). The pairs make it grow
    /// with the square of the facts given, so a large rule set with many facts given
    /// could otherwise take minutes. A case beyond it gets a determination without
    /// counterfactuals (the field is absent, as when they are not asked for); everything
    /// else in it is unchanged.
    pub const MAX_COUNTERFACTUAL_WORK: usize = 20_000_000;
}
