//! The case split: where Kleene values leave the settled outcome unknown, splitting on
//! unknown facts until every branch shows why.

use serde_json::Value;

use crate::case::answer::Answer;
use crate::determination::document::{Branch, CaseSplit};
use crate::evaluate::kleene::kleene_outcome;
use crate::evaluate::tracer::Tracer;
use crate::rules::ruleset::VarOwner;
use crate::wire::text::Text;

impl Tracer<'_> {
    /// Splits on unknown variables until every branch's Kleene values settle `outcome`
    /// (or the branch budget runs out). Each split takes the variable leaving the fewest
    /// branches unsettled; ties go to the earliest declared.
    pub(crate) fn split(
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
