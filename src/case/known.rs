//! How each fact of a case stands once presuppositions are applied, and the values of
//! the imported decisions: what binding a case to a rule set prepares.

use std::borrow::Cow;

use crate::case::answer::{Answer, Given};
use crate::logic::diagram::ReachScratch;
use crate::rules::ruleset::{RuleSet, VarOwner};
use crate::wire::text::Text;

/// How each fact stands once presuppositions are applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Status {
    Given,
    Asked,
    Unknown,
    Inferred {
        from: usize,
    },
    /// Forced by the constraints to one value (or interval).
    Constrained,
}

/// The case's facts after presuppositions: statuses and answers. Prepared facts keep
/// theirs (see [`Facts`]), so an evaluation borrows them; a hypothetical case (in the
/// search for missing facts or counterfactuals) resolves its own.
pub(crate) struct Known<'a> {
    pub status: Cow<'a, [Status]>,
    pub answers: Cow<'a, [Option<Answer>]>,
    pub(crate) given: &'a [Given],
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
        let mut known = Known {
            status: Cow::Owned(status),
            answers: Cow::Owned(answers),
            given,
        };
        let answered: Vec<bool> = known.status.iter().map(|s| *s == Status::Given).collect();
        let mut inferred = vec![None; rules.facts.len()];
        if rules.compiled.constraint_root.is_some() {
            // Each inference stands only where it is consistent with the given values,
            // the constraints and the inferences before it.
            let mut assignment = known.assignment(rules);
            crate::rules::presupposition::infer(
                rules,
                |f| answered.get(f) == Some(&true),
                &mut inferred,
                |f, v| {
                    let Some(var) = rules.variables.scalar.get(f).copied().flatten() else {
                        return false;
                    };
                    if let Some(s) = assignment.get_mut(var as usize) {
                        *s = Some(v);
                    }
                    let ok = crate::case::constrained::consistent(rules, &assignment);
                    if !ok && let Some(s) = assignment.get_mut(var as usize) {
                        *s = None;
                    }
                    ok
                },
            );
        } else {
            crate::rules::presupposition::infer(
                rules,
                |f| answered.get(f) == Some(&true),
                &mut inferred,
                |_, _| true,
            );
        }
        let status = known.status.to_mut();
        let answers = known.answers.to_mut();
        for (f, found) in inferred.into_iter().enumerate() {
            if let (Some((value, from)), Some(s), Some(a)) =
                (found, status.get_mut(f), answers.get_mut(f))
            {
                *s = Status::Inferred { from };
                *a = Some(Answer::Scalar(value));
            }
        }
        if rules.compiled.constraint_root.is_some() {
            known.apply_forced(rules);
        }
        known
    }

    /// Marks as constrained each fact not given that the constraints force, with what
    /// else is known, to one value (for a set, every member): its answer is that value.
    fn apply_forced(&mut self, rules: &RuleSet) {
        let Some(root) = rules.compiled.constraint_root else {
            return;
        };
        let diagram = &rules.compiled.diagram;
        let mut assignment = self.assignment(rules);
        let status = self.status.to_mut();
        let answers = self.answers.to_mut();
        for (f, fact) in rules.facts.iter().enumerate() {
            if status.get(f) == Some(&Status::Given) {
                continue;
            }
            let vars: Vec<u32> = match rules.variables.scalar.get(f).copied().flatten() {
                Some(var) => vec![var],
                None => rules.variables.members.get(f).cloned().unwrap_or_default(),
            };
            // An inferred value is set aside: the question is whether the rest force it.
            let saved: Vec<Option<u8>> = vars
                .iter()
                .map(|v| assignment.get_mut(*v as usize).and_then(Option::take))
                .collect();
            let mut values = Vec::with_capacity(vars.len());
            for var in &vars {
                let size = rules
                    .variables
                    .domains
                    .get(*var as usize)
                    .copied()
                    .unwrap_or(0);
                let taken = crate::case::constrained::values_taken(
                    diagram,
                    root,
                    &mut assignment,
                    *var as usize,
                    size,
                );
                values.push((taken.count_ones() == 1).then(|| taken.trailing_zeros() as u8));
            }
            for (var, old) in vars.iter().zip(saved) {
                if let Some(slot) = assignment.get_mut(*var as usize) {
                    *slot = old;
                }
            }
            if vars.is_empty() || values.iter().any(Option::is_none) {
                continue;
            }
            let answer = match fact.domain {
                crate::rules::model::Domain::Set(_) => Answer::Set(
                    values
                        .iter()
                        .enumerate()
                        .filter(|(_, v)| **v == Some(1))
                        .fold(0u64, |m, (i, _)| m | 1u64 << i),
                ),
                _ => Answer::Scalar(values.first().copied().flatten().unwrap_or(0)),
            };
            // The forced value is not written into the assignment: each fact is judged
            // against the values given and inferred of the others, not against values
            // forced from its own inferred value.
            if let (Some(s), Some(a)) = (status.get_mut(f), answers.get_mut(f)) {
                *s = Status::Constrained;
                *a = Some(answer);
            }
        }
    }

    /// The evidence reference the case gave for fact `f`.
    pub(crate) fn source(&self, f: usize) -> Option<&'a Text> {
        match self.given.get(f) {
            Some(Given::Value { source, .. }) => source.as_ref(),
            _ => None,
        }
    }

    /// The assignment of the values given and inferred, leaving out those the
    /// constraints force.
    pub(crate) fn assignment_without_forced(&self, rules: &RuleSet) -> Vec<Option<u8>> {
        let mut assignment = self.assignment(rules);
        // Only constraints force values.
        if rules.compiled.constraint_root.is_none() {
            return assignment;
        }
        for (var, owner) in rules.variables.owner.iter().enumerate() {
            let fact = match *owner {
                VarOwner::Scalar(f) | VarOwner::Member(f, _) => f,
                _ => continue,
            };
            if self.status.get(fact) == Some(&Status::Constrained)
                && let Some(slot) = assignment.get_mut(var)
            {
                *slot = None;
            }
        }
        assignment
    }

    pub(crate) fn assignment(&self, rules: &RuleSet) -> Vec<Option<u8>> {
        let vars = &rules.variables;
        vars.owner
            .iter()
            .map(|owner| match *owner {
                VarOwner::Given(f) => Some(u8::from(self.status.get(f) == Some(&Status::Given))),
                VarOwner::Scalar(f) => self
                    .answers
                    .get(f)
                    .and_then(Option::as_ref)
                    .and_then(Answer::index),
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
pub(crate) fn import_given(import: &crate::rules::ruleset::Import, given: &[Given]) -> Vec<Given> {
    import
        .fact_map
        .iter()
        .enumerate()
        .map(|(theirs, &i)| {
            let mine = given.get(i).cloned().unwrap_or(Given::Absent);
            // A number's interval is renumbered: the importer may cut the range finer.
            match (mine, import.intervals.get(theirs).and_then(Option::as_ref)) {
                (Given::Value { answer, source }, Some(map)) => {
                    let renumber = |v: u8| map.get(usize::from(v)).copied().unwrap_or(0);
                    let answer = match answer {
                        Answer::Number(v, n) => Answer::Number(renumber(v), n),
                        Answer::Scalar(v) => Answer::Scalar(renumber(v)),
                        other => other,
                    };
                    Given::Value { answer, source }
                }
                (other, _) => other,
            }
        })
        .collect()
}

/// The answers with the values the constraints force added, as imports see them: an
/// import is computed from the facts given plus the forced values.
#[inline]
pub(crate) fn with_forced<'g>(rules: &RuleSet, given: &'g [Given]) -> Cow<'g, [Given]> {
    if rules.compiled.constraint_root.is_none() || rules.imports.is_empty() {
        return Cow::Borrowed(given);
    }
    Cow::Owned(forced_given(rules, given))
}

/// [`with_forced`]'s answers where the constraints force something.
#[inline(never)]
fn forced_given(rules: &RuleSet, given: &[Given]) -> Vec<Given> {
    let known = Known::resolve(rules, given);
    let mut out = given.to_vec();
    for (f, slot) in out.iter_mut().enumerate() {
        if known.status.get(f) == Some(&Status::Constrained)
            && let Some(Some(answer)) = known.answers.get(f)
        {
            *slot = Given::Value {
                answer: answer.clone(),
                source: None,
            };
        }
    }
    out
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
    // Without imports there are no decision variables to set.
    if rules.imports.is_empty() {
        return;
    }
    if scratch.imports.len() < rules.imports.len() {
        scratch
            .imports
            .resize_with(rules.imports.len(), PossibleScratch::default);
    }
    let given = with_forced(rules, given);
    let values: Vec<(usize, u64)> = rules
        .imports
        .iter()
        .zip(scratch.imports.iter_mut())
        .map(|(imp, inner)| {
            decision_value(
                possible_with(&imp.rules, &import_given(imp, &given), inner),
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
        & rules.compiled.consistent
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
    ) & rules.compiled.consistent
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
