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
    Inferred { from: usize },
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

    /// The evidence reference the case gave for fact `f`.
    pub(crate) fn source(&self, f: usize) -> Option<&'a Text> {
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
pub(crate) fn import_given(import: &crate::rules::ruleset::Import, given: &[Given]) -> Vec<Given> {
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
