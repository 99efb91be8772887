//! Facts to a determination: the exact outcome from the compiled diagrams, the trace, the
//! case split where Kleene values do not settle it, notes, missing facts and citations.

use crate::case::document::{Case, CaseError};
use crate::case::facts::Facts;
use crate::case::known::{Known, import_given, outcome_ids};
use crate::determination::document::{Determination, Options, RaisedNote};
use crate::evaluate::cited::Cited;
use crate::evaluate::kleene::kleene_settles;
use crate::evaluate::tracer::Tracer;
use crate::rules::identity::UNDETERMINED;
use crate::rules::limits::Limits;
use crate::rules::ruleset::RuleSet;
use crate::wire::text::Text;

impl RuleSet {
    /// Reads a case from JSON, binds it, and evaluates it.
    pub fn evaluate_json(&self, text: &str) -> Result<Determination, CaseError> {
        let case = Case::from_json(text)?;
        Ok(self.bind(&case)?.evaluate())
    }
}

impl Facts<'_> {
    /// Evaluates these facts: total, pure and deterministic.
    pub fn evaluate(&self) -> Determination {
        evaluate(self, Options::default())
    }

    /// The determination of each import, as this rule set's trace shows it: computed once
    /// from the facts given plus the values the constraints force.
    pub(crate) fn imported_determinations(&self) -> Vec<Determination> {
        let rules = self.rules;
        let imported = crate::case::known::with_forced(rules, &self.given);
        rules
            .imports
            .iter()
            .map(|imp| Facts::from_given(&imp.rules, import_given(imp, &imported)).evaluate())
            .collect()
    }

    /// Evaluates these facts, computing what `options` ask for as well.
    pub fn evaluate_with(&self, options: Options) -> Determination {
        evaluate(self, options)
    }
}

pub(crate) fn evaluate(facts: &Facts<'_>, options: Options) -> Determination {
    let rules = facts.rules;
    let known = Known::of(facts);
    // The prepared facts' assignment already holds each import's outcome.
    let assignment: &[Option<u8>] = &facts.assignment;
    // Imported determinations, in full: their traces become subtrees of this one.
    let decisions = facts.imported_determinations();
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
    let notes: Vec<RaisedNote> = crate::case::assignment::with_memo(diagram.len(), |note_memo| {
        rules
            .notes
            .iter()
            .zip(&rules.compiled.note_roots)
            // Leaf 2 marks what the constraints exclude: a note holds in every consistent
            // completion when 1 is reached and 0 is not.
            .filter(|(_, root)| diagram.reach_with(**root, assignment, note_memo) & 0b11 == 0b10)
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
