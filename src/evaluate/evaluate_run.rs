//! Evaluation: Kleene values for the trace, the compiled diagrams for the exact outcome,
//! and a case split where the two differ. Total: nothing here can fail.

use std::borrow::Cow;

use serde_json::{Value, json};

use crate::case::facts::{Answer, Facts, Given};
use crate::determination::document::{
    Branch, CaseSplit, Combine, Determination, FactStatus, Kleene, NodeKind, Options, RaisedNote,
    TraceNode, UNDETERMINED,
};
use crate::logic::diagram::ReachScratch;
use crate::rules::citations::Cited;
use crate::rules::limits::Limits;
use crate::rules::model::{DecisionTest, Expr, Says, Test};
use crate::rules::ruleset::{RuleSet, VarOwner};
use crate::wire::text::{Cites, Json, Text};

/// How each fact stands once presuppositions are applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Status {
    Given,
    Asked,
    Unknown,
    Inferred { from: usize },
}

/// The case's facts after presuppositions: statuses and answers. Prepared facts keep
/// theirs (see [`Facts`]), so an evaluation borrows them; a hypothetical case (in the
/// search for missing facts or counterfactuals) resolves its own.
pub(crate) struct Known<'a> {
    pub status: Cow<'a, [Status]>,
    pub answers: Cow<'a, [Option<Answer>]>,
    given: &'a [Given],
}

impl<'a> Known<'a> {
    pub(crate) fn resolve(rules: &RuleSet, given: &'a [Given]) -> Known<'a> {
        let mut status = Vec::with_capacity(given.len());
        let mut answers = Vec::with_capacity(given.len());
        for g in given {
            match g {
                Given::Absent => (status.push(Status::Unknown), answers.push(None)),
                Given::Asked => (status.push(Status::Asked), answers.push(None)),
                Given::Value { answer, .. } => (
                    status.push(Status::Given),
                    answers.push(Some(answer.clone())),
                ),
            };
        }
        let answered: Vec<bool> = status.iter().map(|s| *s == Status::Given).collect();
        let mut inferred = vec![None; rules.facts.len()];
        crate::rules::presupposition::infer(
            rules,
            &|f| answered.get(f) == Some(&true),
            &mut inferred,
        );
        for (f, found) in inferred.into_iter().enumerate() {
            if let (Some((value, from)), Some(s), Some(a)) =
                (found, status.get_mut(f), answers.get_mut(f))
            {
                *s = Status::Inferred { from };
                *a = Some(Answer::Scalar(value));
            }
        }
        Known {
            status: Cow::Owned(status),
            answers: Cow::Owned(answers),
            given,
        }
    }

    /// Prepared facts' statuses and answers, borrowed.
    pub(crate) fn of(facts: &'a Facts<'_>) -> Known<'a> {
        Known {
            status: Cow::Borrowed(&facts.status),
            answers: Cow::Borrowed(&facts.answers),
            given: &facts.given,
        }
    }

    /// The evidence reference the case gave for fact `f`.
    fn source(&self, f: usize) -> Option<&'a Text> {
        match self.given.get(f) {
            Some(Given::Value { source, .. }) => source.as_ref(),
            _ => None,
        }
    }

    pub(crate) fn assignment(&self, rules: &RuleSet) -> Vec<Option<u8>> {
        let vars = &rules.variables;
        vars.owner
            .iter()
            .map(|owner| match *owner {
                VarOwner::Given(f) => Some(u8::from(self.status.get(f) == Some(&Status::Given))),
                VarOwner::Scalar(f) => match self.answers.get(f) {
                    Some(Some(Answer::Scalar(v))) => Some(*v),
                    _ => None,
                },
                VarOwner::Member(f, m) => match self.answers.get(f) {
                    Some(Some(Answer::Set(mask))) => Some(u8::from(mask >> m & 1 == 1)),
                    _ => None,
                },
                // Set from the imported determinations by `assign_decisions`.
                VarOwner::DecisionOutcome(_) | VarOwner::DecisionPossible(..) => None,
            })
            .collect()
    }
}

/// An imported rule set's answers, taken from the importing case's.
fn import_given(import: &crate::rules::ruleset::Import, given: &[Given]) -> Vec<Given> {
    import
        .fact_map
        .iter()
        .map(|&i| given.get(i).cloned().unwrap_or(Given::Absent))
        .collect()
}

/// Sets the decision variables from each import's `(outcome index or count, possible mask)`.
fn set_decisions(rules: &RuleSet, values: &[(usize, u64)], assignment: &mut [Option<u8>]) {
    for ((outcome_var, possible_vars), (outcome, mask)) in
        rules.variables.decisions.iter().zip(values)
    {
        if let Some(slot) = assignment.get_mut(*outcome_var as usize) {
            *slot = u8::try_from(*outcome).ok();
        }
        for (o, var) in possible_vars.iter().enumerate() {
            if let Some(slot) = assignment.get_mut(*var as usize) {
                *slot = Some(u8::from(mask >> o & 1 == 1));
            }
        }
    }
}

/// `(outcome index, or the outcome count when undetermined; possible mask)`.
fn decision_value(mask: u64, outcomes: usize) -> (usize, u64) {
    let outcome = if mask.count_ones() == 1 {
        mask.trailing_zeros() as usize
    } else {
        outcomes
    };
    (outcome, mask)
}

/// Computes each import's outcome for these answers and sets the decision variables.
pub(crate) fn assign_decisions(rules: &RuleSet, given: &[Given], assignment: &mut [Option<u8>]) {
    assign_decisions_with(rules, given, assignment, &mut PossibleScratch::default());
}

/// Reusable memos for computing the possible outcomes of a rule set and of its imports
/// many times: each walk then costs the nodes it visits, not the size of the diagram.
#[derive(Debug, Default)]
pub(crate) struct PossibleScratch {
    reach: ReachScratch,
    imports: Vec<PossibleScratch>,
}

/// [`assign_decisions`] with reusable memos.
pub(crate) fn assign_decisions_with(
    rules: &RuleSet,
    given: &[Given],
    assignment: &mut [Option<u8>],
    scratch: &mut PossibleScratch,
) {
    if scratch.imports.len() < rules.imports.len() {
        scratch
            .imports
            .resize_with(rules.imports.len(), PossibleScratch::default);
    }
    let values: Vec<(usize, u64)> = rules
        .imports
        .iter()
        .zip(scratch.imports.iter_mut())
        .map(|(imp, inner)| {
            decision_value(
                possible_with(&imp.rules, &import_given(imp, given), inner),
                imp.rules.outcomes.len(),
            )
        })
        .collect();
    set_decisions(rules, &values, assignment);
}

/// The outcomes possible for these answers, as a bit mask over the rule set's outcomes.
pub(crate) fn possible(rules: &RuleSet, given: &[Given]) -> u64 {
    let known = Known::resolve(rules, given);
    let mut assignment = known.assignment(rules);
    assign_decisions(rules, given, &mut assignment);
    rules
        .compiled
        .diagram
        .reach(rules.compiled.outcome_root, &assignment)
}

/// [`possible`] with reusable memos.
fn possible_with(rules: &RuleSet, given: &[Given], scratch: &mut PossibleScratch) -> u64 {
    let known = Known::resolve(rules, given);
    let mut assignment = known.assignment(rules);
    assign_decisions_with(rules, given, &mut assignment, scratch);
    rules.compiled.diagram.reach_sharing(
        rules.compiled.outcome_root,
        &assignment,
        u32::MAX,
        &mut scratch.reach,
    )
}

/// The ids of the outcomes in a mask, in the rule file's order.
pub(crate) fn outcome_ids(rules: &RuleSet, mask: u64) -> Vec<Text> {
    rules
        .outcomes
        .iter()
        .enumerate()
        .filter(|(i, _)| mask >> i & 1 == 1)
        .map(|(_, o)| o.id.clone())
        .collect()
}

pub(crate) fn evaluate(facts: &Facts<'_>, options: Options) -> Determination {
    let rules = facts.rules;
    let known = Known::of(facts);
    // The prepared facts' assignment already holds each import's outcome.
    let assignment: &[Option<u8>] = &facts.assignment;
    // Imported determinations, in full: their traces become subtrees of this one.
    let decisions: Vec<Determination> = rules
        .imports
        .iter()
        .map(|imp| Facts::from_given(&imp.rules, import_given(imp, &facts.given)).evaluate())
        .collect();
    let diagram = &rules.compiled.diagram;
    // The same path as `Facts::outcome`, so the fast path is the one every test checks.
    let possible_mask = facts.possible_mask();
    let settled =
        (possible_mask.count_ones() == 1).then_some(possible_mask.trailing_zeros() as usize);

    let tracer = Tracer {
        rules,
        known: &known,
        decisions: &decisions,
        assumed: Vec::new(),
    };
    let trace = tracer.outcomes(assignment, settled);
    let case_split = settled.and_then(|o| {
        // The trace's outcome nodes already hold the Kleene values.
        if kleene_settles(&trace, o) {
            None
        } else {
            let mut budget = Limits::MAX_CASE_SPLIT_BRANCHES;
            tracer.split(assignment, o, &mut budget)
        }
    });

    // A node's reachable leaves depend on the assignment, not on the root: one memo serves
    // every note.
    let notes: Vec<RaisedNote> = crate::case::fast::with_memo(diagram.len(), |note_memo| {
        rules
            .notes
            .iter()
            .zip(&rules.compiled.note_roots)
            .filter(|(_, root)| diagram.reach_with(**root, assignment, note_memo) == 0b10)
            .map(|(n, _)| RaisedNote {
                id: n.id.clone(),
                cites: n.cites.clone(),
                text: n.text.clone(),
            })
            .collect()
    });

    let (missing_facts, next_question) = crate::evaluate::unknowns::missing_facts(
        rules,
        &facts.given,
        &known,
        assignment,
        settled.is_some(),
        &decisions,
    );
    let counterfactuals = match settled {
        Some(o)
            if options.counterfactuals
                && crate::evaluate::counterfactual::within_limit(rules, &facts.given, &known) =>
        {
            Some(crate::evaluate::counterfactual::counterfactuals(
                rules,
                &facts.given,
                &known,
                o,
            ))
        }
        _ => None,
    };

    let outcome_ids = outcome_ids(rules, possible_mask);
    let (outcome, summary) = match settled.and_then(|o| rules.outcomes.get(o)) {
        Some(o) => (o.id.clone(), o.summary.clone()),
        None => (
            Text::from(UNDETERMINED),
            Text::from(format!(
                "not yet determined: {} remain possible",
                or_list(&outcome_ids)
            )),
        ),
    };

    let mut cited = Cited::new(rules);
    cited.outcomes(trace.len());
    if !rules.imports.is_empty() {
        cited.imported(&trace);
        let mut split = case_split.as_ref();
        let mut pending = Vec::new();
        while let Some(s) = split {
            for b in &s.branches {
                cited.imported(&b.trace);
                pending.extend(b.case_split.as_deref());
            }
            split = pending.pop();
        }
    }
    for n in &notes {
        cited.cites(n.cites.iter());
    }
    for m in &missing_facts {
        cited.cites(m.cites.iter());
    }
    for c in counterfactuals.iter().flatten() {
        cited.cites(c.cites.iter());
    }
    let provisions = cited.provisions();

    Determination {
        rule_set: rules.reference(),
        outcome,
        possible_outcomes: outcome_ids,
        summary,
        missing_facts,
        next_question,
        notes,
        trace,
        case_split,
        counterfactuals,
        provisions,
    }
}

/// "a", "a or b", "a, b or c".
fn or_list(items: &[Text]) -> String {
    match items {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// Kleene `and` (for `all`) or `or` (for `any`) of some values.
fn combine_values(combine: Combine, values: impl Iterator<Item = Kleene>) -> Kleene {
    let (absorbing, unit) = match combine {
        Combine::All => (Kleene::False, Kleene::True),
        Combine::Any => (Kleene::True, Kleene::False),
    };
    let mut result = unit;
    for v in values {
        if v == absorbing {
            return absorbing;
        }
        if v == Kleene::Unknown {
            result = Kleene::Unknown;
        }
    }
    result
}

/// The Kleene value of a condition.
fn kleene(rules: &RuleSet, expr: &Expr, assignment: &[Option<u8>]) -> Kleene {
    match expr {
        Expr::All(xs) => xs.iter().fold(Kleene::True, |acc, x| {
            match (acc, kleene(rules, x, assignment)) {
                (Kleene::False, _) | (_, Kleene::False) => Kleene::False,
                (Kleene::True, Kleene::True) => Kleene::True,
                _ => Kleene::Unknown,
            }
        }),
        Expr::Any(xs) => xs.iter().fold(Kleene::False, |acc, x| {
            match (acc, kleene(rules, x, assignment)) {
                (Kleene::True, _) | (_, Kleene::True) => Kleene::True,
                (Kleene::False, Kleene::False) => Kleene::False,
                _ => Kleene::Unknown,
            }
        }),
        Expr::Not(x) => match kleene(rules, x, assignment) {
            Kleene::True => Kleene::False,
            Kleene::False => Kleene::True,
            Kleene::Unknown => Kleene::Unknown,
        },
        Expr::Rule(r) => rules.rules.get(*r).map_or(Kleene::Unknown, |rule| {
            kleene(rules, &rule.condition, assignment)
        }),
        Expr::Test { fact, test, .. } => test_value(rules, *fact, *test, assignment),
        Expr::Decision { import, test } => decision_value_of(rules, *import, *test, assignment),
    }
}

fn decision_value_of(
    rules: &RuleSet,
    import: usize,
    test: DecisionTest,
    assignment: &[Option<u8>],
) -> Kleene {
    match rules.variables.decision(import, test) {
        Some((var, mask)) => match assignment.get(var as usize).copied().flatten() {
            Some(v) => Kleene::from_bool(mask >> v & 1 == 1),
            None => Kleene::Unknown,
        },
        None => Kleene::Unknown,
    }
}

fn test_value(rules: &RuleSet, fact: usize, test: Test, assignment: &[Option<u8>]) -> Kleene {
    match rules.variables.test(fact, test) {
        Some((var, mask)) => match assignment.get(var as usize).copied().flatten() {
            Some(v) => Kleene::from_bool(mask >> v & 1 == 1),
            None => Kleene::Unknown,
        },
        None => Kleene::Unknown,
    }
}

/// Whether the outcome nodes of a trace settle outcome `o`: every earlier one false, it
/// true (the same as [`kleene_outcome`] being `o`, read off values already computed).
fn kleene_settles(trace: &[TraceNode], o: usize) -> bool {
    trace.iter().take(o).all(|n| n.value == Kleene::False)
        && trace.get(o).is_some_and(|n| n.value == Kleene::True)
}

/// The outcome Kleene logic settles on: the first outcome not false, if it is true.
fn kleene_outcome(rules: &RuleSet, assignment: &[Option<u8>]) -> Option<usize> {
    for (i, o) in rules.outcomes.iter().enumerate() {
        let value = o
            .condition
            .as_ref()
            .map_or(Kleene::True, |c| kleene(rules, c, assignment));
        match value {
            Kleene::False => continue,
            Kleene::True => return Some(i),
            Kleene::Unknown => return None,
        }
    }
    None
}

/// Builds trace trees for one assignment.
struct Tracer<'a> {
    rules: &'a RuleSet,
    known: &'a Known<'a>,
    /// The imported determinations, by import.
    decisions: &'a [Determination],
    /// Variables assumed in the case split branch being traced (empty outside a split;
    /// a variable past the end is not assumed).
    assumed: Vec<bool>,
}

fn says(value: Kleene, says: &Says) -> Text {
    match value {
        Kleene::True => says.holds.clone(),
        Kleene::False => says.fails.clone(),
        Kleene::Unknown => says.unknown.clone(),
    }
}

/// Kleene "none of these holds".
fn none_of(values: impl Iterator<Item = Kleene>) -> Kleene {
    values.fold(Kleene::True, |acc, v| match (acc, v) {
        (Kleene::False, _) | (_, Kleene::True) => Kleene::False,
        (Kleene::True, Kleene::False) => Kleene::True,
        _ => Kleene::Unknown,
    })
}

fn mark_decisive(children: &mut [TraceNode], combine: Combine, value: Kleene) {
    for c in children {
        c.decisive = match (combine, value) {
            (_, Kleene::Unknown) => c.value == Kleene::Unknown,
            (Combine::All, Kleene::False) | (Combine::Any, Kleene::True) => c.value == value,
            (Combine::All, Kleene::True) | (Combine::Any, Kleene::False) => true,
        };
    }
}

impl Tracer<'_> {
    /// The outcome nodes up to the settled outcome, or all of them while undetermined.
    fn outcomes(&self, assignment: &[Option<u8>], settled: Option<usize>) -> Vec<TraceNode> {
        let count = settled.map_or(self.rules.outcomes.len(), |o| o + 1);
        let mut nodes: Vec<TraceNode> = Vec::with_capacity(count);
        for o in self.rules.outcomes.iter().take(count) {
            let (combine, children, value) = match &o.condition {
                Some(c) => self.condition(c, &o.cites, assignment),
                // The last outcome holds when no earlier one does, and their nodes, all
                // conditional, are already built.
                None => (None, Vec::new(), none_of(nodes.iter().map(|n| n.value))),
            };
            nodes.push(TraceNode {
                kind: NodeKind::Outcome,
                id: Some(o.id.clone()),
                combine,
                cites: o.cites.clone(),
                value,
                says: Some(says(value, &o.says)),
                decisive: settled.is_some(),
                children,
                ..leaf()
            });
        }
        nodes
    }

    /// A rule's or outcome's condition as its children: the parts of an `all` or `any`
    /// directly, anything else as the one child.
    fn condition(
        &self,
        expr: &Expr,
        cites: &Cites,
        assignment: &[Option<u8>],
    ) -> (Option<Combine>, Vec<TraceNode>, Kleene) {
        match expr {
            Expr::All(xs) | Expr::Any(xs) => {
                let combine = if matches!(expr, Expr::All(_)) {
                    Combine::All
                } else {
                    Combine::Any
                };
                let mut children: Vec<TraceNode> =
                    xs.iter().map(|x| self.node(x, cites, assignment)).collect();
                // From the children's values: re-evaluating the subtree would be quadratic.
                let value = combine_values(combine, children.iter().map(|c| c.value));
                mark_decisive(&mut children, combine, value);
                (Some(combine), children, value)
            }
            _ => {
                let mut child = self.node(expr, cites, assignment);
                child.decisive = true;
                let value = child.value;
                (None, vec![child], value)
            }
        }
    }

    fn node(&self, expr: &Expr, cites: &Cites, assignment: &[Option<u8>]) -> TraceNode {
        match expr {
            Expr::All(_) | Expr::Any(_) => {
                let (combine, children, value) = self.condition(expr, cites, assignment);
                let kind = if combine == Some(Combine::Any) {
                    NodeKind::Any
                } else {
                    NodeKind::All
                };
                TraceNode {
                    kind,
                    cites: cites.clone(),
                    value,
                    children,
                    ..leaf()
                }
            }
            Expr::Not(x) => {
                let mut child = self.node(x, cites, assignment);
                child.decisive = true;
                let value = match child.value {
                    Kleene::True => Kleene::False,
                    Kleene::False => Kleene::True,
                    Kleene::Unknown => Kleene::Unknown,
                };
                TraceNode {
                    kind: NodeKind::Not,
                    cites: cites.clone(),
                    value,
                    children: vec![child],
                    ..leaf()
                }
            }
            Expr::Rule(r) => match self.rules.rules.get(*r) {
                Some(rule) => {
                    let (combine, children, value) =
                        self.condition(&rule.condition, &rule.cites, assignment);
                    TraceNode {
                        kind: NodeKind::Rule,
                        id: Some(rule.id.clone()),
                        combine,
                        cites: rule.cites.clone(),
                        value,
                        says: Some(says(value, &rule.says)),
                        children,
                        ..leaf()
                    }
                }
                None => leaf(),
            },
            Expr::Test { fact, test, shown } => {
                self.fact_leaf(*fact, *test, shown.as_ref(), assignment)
            }
            Expr::Decision { import, test } => self.decision_node(*import, *test, assignment),
        }
    }

    /// An imported determination, with its own trace, as a cited subtree.
    fn decision_node(
        &self,
        import: usize,
        test: DecisionTest,
        assignment: &[Option<u8>],
    ) -> TraceNode {
        let (Some(imp), Some(det)) = (self.rules.imports.get(import), self.decisions.get(import))
        else {
            return leaf();
        };
        let name = |o: u8| {
            imp.rules
                .outcomes
                .get(usize::from(o))
                .map_or(crate::determination::document::UNDETERMINED, |x| {
                    x.id.as_str()
                })
        };
        let test_json = match test {
            DecisionTest::Is(o) => json!({"is": name(o)}),
            DecisionTest::Possible(o) => json!({"possible": name(o)}),
        };
        TraceNode {
            kind: NodeKind::Decision,
            id: Some(imp.name.clone()),
            cites: imp.cites.clone(),
            value: decision_value_of(self.rules, import, test, assignment),
            says: Some(det.summary.clone()),
            test: Some(test_json.into()),
            rule_set: Some(Box::new(det.rule_set.clone())),
            outcome: Some(det.outcome.clone()),
            possible_outcomes: Some(det.possible_outcomes.clone()),
            trace: det.trace.clone(),
            notes: det.notes.clone(),
            ..leaf()
        }
    }

    fn fact_leaf(
        &self,
        f: usize,
        test: Test,
        shown: Option<&Json>,
        assignment: &[Option<u8>],
    ) -> TraceNode {
        let Some(fact) = self.rules.facts.get(f) else {
            return leaf();
        };
        let value = test_value(self.rules, f, test, assignment);
        let var = self.rules.variables.test(f, test).map(|(v, _)| v as usize);
        let assumed = !matches!(test, Test::Given(_))
            && var.is_some_and(|v| self.assumed.get(v) == Some(&true));
        let mut node = TraceNode {
            kind: NodeKind::Fact,
            fact: Some(fact.id.clone()),
            cites: fact.cites.clone(),
            value,
            test: shown.cloned(),
            ..leaf()
        };
        if assumed {
            node.status = Some(FactStatus::Assumed);
            if let (Some(VarOwner::Scalar(_)), Some(Some(v))) = (
                var.and_then(|v| self.rules.variables.owner.get(v)),
                var.and_then(|v| assignment.get(v)),
            ) {
                node.fact_value = Some(fact.answer_shown(&Answer::Scalar(*v)));
            }
            return node;
        }
        let answer = self.known.answers.get(f).and_then(Option::as_ref);
        node.fact_value = answer.map(|a| fact.answer_shown(a));
        node.source = self.known.source(f).cloned();
        node.status = Some(match self.known.status.get(f) {
            Some(Status::Given) => FactStatus::Given,
            Some(Status::Asked) => FactStatus::Asked,
            Some(Status::Inferred { from }) => {
                node.inferred_from = self.rules.facts.get(*from).map(|x| x.id.clone());
                FactStatus::Inferred
            }
            Some(Status::Unknown) | None => FactStatus::Unknown,
        });
        node
    }

    /// Splits on unknown variables until every branch's Kleene values settle `outcome`
    /// (or the branch budget runs out). Each split takes the variable leaving the fewest
    /// branches unsettled; ties go to the earliest declared.
    fn split(
        &self,
        assignment: &[Option<u8>],
        outcome: usize,
        budget: &mut usize,
    ) -> Option<CaseSplit> {
        let rules = self.rules;
        let mut candidates = Vec::new();
        for o in rules.outcomes.iter().take(outcome + 1) {
            if let Some(c) = &o.condition {
                c.visit_facts(&rules.rules, &mut |f, t| {
                    if let Some((var, _)) = rules.variables.test(f, t)
                        && assignment.get(var as usize) == Some(&None)
                    {
                        candidates.push(var);
                    }
                });
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        let size = |var: u32| {
            rules
                .variables
                .domains
                .get(var as usize)
                .copied()
                .unwrap_or(0)
        };
        let with = |var: u32, value: u8| {
            let mut next = assignment.to_vec();
            if let Some(slot) = next.get_mut(var as usize) {
                *slot = Some(value);
            }
            next
        };
        let var = candidates.iter().copied().min_by_key(|var| {
            (0..size(*var))
                .filter(|v| kleene_outcome(rules, &with(*var, *v)).is_none())
                .count()
        })?;
        let count = usize::from(size(var));
        if *budget < count {
            return None;
        }
        *budget -= count;
        let (fact, member) = match rules.variables.owner.get(var as usize) {
            Some(VarOwner::Scalar(f)) => (*f, None),
            Some(VarOwner::Member(f, m)) => (*f, Some(*m)),
            _ => return None,
        };
        let fact = rules.facts.get(fact)?;
        let mut assumed = self.assumed.clone();
        assumed.resize(assignment.len().max(assumed.len()), false);
        if let Some(a) = assumed.get_mut(var as usize) {
            *a = true;
        }
        let inner = Tracer {
            rules,
            known: self.known,
            decisions: self.decisions,
            assumed,
        };
        let branches = (0..size(var))
            .map(|v| {
                let next = with(var, v);
                let case_split = if kleene_outcome(rules, &next) == Some(outcome) {
                    None
                } else {
                    inner.split(&next, outcome, budget).map(Box::new)
                };
                Branch {
                    value: match member {
                        Some(_) => Value::Bool(v == 1).into(),
                        None => fact.answer_shown(&Answer::Scalar(v)),
                    },
                    outcome: rules
                        .outcomes
                        .get(outcome)
                        .map(|o| o.id.clone())
                        .unwrap_or_default(),
                    trace: inner.outcomes(&next, Some(outcome)),
                    case_split,
                }
            })
            .collect();
        Some(CaseSplit {
            fact: fact.id.clone(),
            member: member.and_then(|m| {
                fact.domain
                    .names()
                    .get(usize::from(m))
                    .map(|s| Text::from(*s))
            }),
            branches,
        })
    }
}

/// A blank node, for struct update syntax.
fn leaf() -> TraceNode {
    TraceNode {
        kind: NodeKind::Fact,
        id: None,
        fact: None,
        combine: None,
        cites: Cites::default(),
        value: Kleene::Unknown,
        says: None,
        test: None,
        fact_value: None,
        status: None,
        inferred_from: None,
        source: None,
        decisive: false,
        children: Vec::new(),
        rule_set: None,
        outcome: None,
        possible_outcomes: None,
        trace: Vec::new(),
        notes: Vec::new(),
    }
}
