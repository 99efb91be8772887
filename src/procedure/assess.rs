//! A case to an assessment: every decision of a procedure, exact over the completions
//! consistent with the whole procedure, the facts still missing across them, the question
//! to ask next, and the procedure's notes.

use std::collections::BTreeMap;

use crate::case::document::{Case, CaseError};
use crate::determination::assessment::{
    Assessment, DecisionResult, ProcedureMissingFact, ProcedureQuestion, ProcedureRef, RuleSetId,
};
use crate::determination::document::{Determination, RaisedNote};
use crate::procedure::load::Procedure;
use crate::procedure::model::restricted;
use crate::rules::provision::Provision;
use crate::wire::problem::Problem;
use crate::wire::text::Text;

/// Adds a binding's problems to `p`, each once.
fn gather(p: &mut Vec<Problem>, e: CaseError) {
    let problems = match e {
        CaseError::Invalid(ps) => ps,
        other => vec![Problem::new("invalid_case", "", other.to_string())],
    };
    for x in problems {
        if !p.contains(&x) {
            p.push(x);
        }
    }
}

impl Procedure {
    /// Problems with the case as a whole: what it names, its date, facts outside the
    /// procedure's vocabulary.
    fn check_case(&self, case: &Case) -> Vec<Problem> {
        let mut p = Vec::new();
        if let Err(CaseError::Invalid(mut ps)) = case.check() {
            p.append(&mut ps);
        }
        if case.rule_set.is_some() {
            p.push(Problem::new(
                "rule_set_mismatch",
                "/rule_set",
                format!(
                    "the case names a rule set, but it is being evaluated against procedure `{}`: name one or the other",
                    self.id()
                ),
            ));
        }
        if let Some(named) = &case.procedure
            && named != self.id()
        {
            p.push(Problem::new(
                "procedure_mismatch",
                "/procedure",
                format!(
                    "the case names procedure `{named}`, but it is being evaluated against `{}`",
                    self.id()
                ),
            ));
        }
        if let Some(as_of) = &case.as_of
            && crate::wire::date::is_date(as_of)
            && !self.in_force_on(as_of)
        {
            p.push(Problem::new(
                "not_in_force",
                "/as_of",
                format!(
                    "procedure `{}` is not in force on `{as_of}`: it is in force from `{}`",
                    self.id(),
                    self.in_force_from()
                ),
            ));
        }
        for id in case.facts.keys() {
            if !self.facts.iter().any(|f| f.doc.id == *id) {
                let hint = crate::wire::suggest::suggestion(id, self.fact_ids());
                p.push(Problem::new(
                    "undeclared_fact",
                    format!("/facts/{}", crate::wire::json::escape_token(id)),
                    format!("undeclared fact `{id}`{hint}"),
                ));
            }
        }
        p
    }

    /// Evaluates a case: every decision, in the procedure's order.
    pub fn evaluate(&self, case: &Case) -> Result<Assessment, CaseError> {
        let mut p = self.check_case(case);
        let as_of = case.as_of.as_deref();
        let mut decided = Vec::new();
        // Each decision's determination, and `applies_when`'s while it is open.
        let mut open: Vec<(usize, Determination)> = Vec::new();
        // The imports' determinations, which the next question weighs too.
        let mut imported: Vec<Determination> = Vec::new();
        for (i, d) in self.decisions.iter().enumerate() {
            let empty = DecisionResult {
                name: d.name.clone(),
                applies: None,
                in_force: None,
                rule_set: None,
                determination: None,
            };
            if as_of.is_some_and(|date| !d.original.in_force_on(date)) {
                decided.push(DecisionResult {
                    in_force: Some(false),
                    rule_set: Some(RuleSetId {
                        id: d.original.id().into(),
                    }),
                    ..empty
                });
                continue;
            }
            if let Some(applies) = &d.applies {
                match restricted(applies, case) {
                    Ok(facts) => {
                        let det = facts.evaluate();
                        if det.possible_outcomes.iter().all(|o| o == "fails") {
                            decided.push(DecisionResult {
                                applies: Some(false),
                                ..empty
                            });
                            continue;
                        }
                        if !det.is_settled() {
                            open.push((i, det));
                        }
                    }
                    Err(e) => gather(&mut p, e),
                }
            }
            match restricted(&d.augmented, case) {
                Ok(facts) => {
                    let mut det = facts.evaluate();
                    // An import two decisions share counts once.
                    for import in facts.imported_determinations() {
                        if !imported.iter().any(|i| i.rule_set.id == import.rule_set.id) {
                            imported.push(import);
                        }
                    }
                    det.rule_set = d.original.reference();
                    decided.push(DecisionResult {
                        determination: Some(det),
                        ..empty
                    });
                }
                Err(e) => {
                    gather(&mut p, e);
                    decided.push(empty);
                }
            }
        }
        let mut notes = Vec::new();
        if p.is_empty() {
            for n in &self.notes {
                match crate::procedure::notes::value(&n.condition, &decided, case) {
                    Ok(Some(true)) => notes.push(RaisedNote {
                        id: n.id.clone(),
                        cites: n.cites.clone(),
                        text: n.text.clone(),
                    }),
                    Ok(_) => {}
                    Err(e) => gather(&mut p, e),
                }
            }
        }
        if !p.is_empty() {
            return Err(CaseError::Invalid(p));
        }
        let missing_facts = self.missing_facts(&decided, &open);
        let next_question = self.next_question(&decided, &imported, &missing_facts, case);
        let summary = summary(&decided, as_of);
        let provisions: BTreeMap<Text, Provision> = self
            .doc
            .provisions
            .iter()
            .map(|x| {
                (
                    x.id.as_str().into(),
                    Provision {
                        cite: x.cite.as_str().into(),
                        text: x.text.as_str().into(),
                        url: x.url.as_str().into(),
                    },
                )
            })
            .collect();
        Ok(Assessment {
            procedure: ProcedureRef {
                id: self.id().into(),
                version: self.version().into(),
                fingerprint: self.fingerprint_on(as_of).into(),
            },
            summary: summary.into(),
            decisions: decided,
            missing_facts,
            next_question,
            notes,
            provisions,
        })
    }

    /// The decisions' missing facts, and `applies_when`'s while open, each once, naming
    /// the decisions it matters to: most decisions first, then fact order.
    fn missing_facts(
        &self,
        decided: &[DecisionResult],
        open: &[(usize, Determination)],
    ) -> Vec<ProcedureMissingFact> {
        let mut found: Vec<ProcedureMissingFact> = Vec::new();
        let sources = decided
            .iter()
            .enumerate()
            .filter_map(|(i, d)| d.determination.as_ref().map(|det| (i, det)))
            .chain(open.iter().map(|(i, det)| (*i, det)));
        for (i, det) in sources {
            let Some(name) = self.decisions.get(i).map(|d| d.name.clone()) else {
                continue;
            };
            for m in &det.missing_facts {
                let at = match found.iter().position(|f| f.fact == m.fact) {
                    Some(at) => at,
                    None => {
                        let question = self
                            .facts
                            .iter()
                            .find(|f| f.doc.id == m.fact.as_str())
                            .map_or(m.question.clone(), |f| f.question.clone());
                        found.push(ProcedureMissingFact {
                            fact: m.fact.clone(),
                            question,
                            cites: Vec::new().into(),
                            asked: m.asked,
                            for_decisions: Vec::new(),
                        });
                        found.len() - 1
                    }
                };
                if let Some(f) = found.get_mut(at) {
                    if !f.for_decisions.contains(&name) {
                        f.for_decisions.push(name.clone());
                    }
                    let mut cites: Vec<Text> = f.cites.to_vec();
                    for c in m.cites.iter() {
                        if !cites.contains(c) {
                            cites.push(c.clone());
                        }
                    }
                    f.cites = cites.into();
                }
            }
        }
        for f in &mut found {
            f.for_decisions
                .sort_by_key(|n| self.decisions.iter().position(|d| d.name == *n));
        }
        let order = |id: &Text| self.facts.iter().position(|f| f.doc.id == id.as_str());
        found.sort_by(|a, b| {
            b.for_decisions
                .len()
                .cmp(&a.for_decisions.len())
                .then_with(|| order(&a.fact).cmp(&order(&b.fact)))
        });
        found
    }

    /// The unasked fact whose worst answer leaves the fewest possible outcomes summed over
    /// the decisions and their imports (ties: the smaller mean, then fact order). An
    /// import's outcomes count as its determination's answers say; a fact it does not
    /// have leaves them as they are.
    fn next_question(
        &self,
        decided: &[DecisionResult],
        imported: &[Determination],
        missing: &[ProcedureMissingFact],
        case: &Case,
    ) -> Option<ProcedureQuestion> {
        let dets: Vec<&Determination> = decided
            .iter()
            .filter_map(|d| d.determination.as_ref())
            .chain(imported)
            .collect();
        let mut best: Option<(usize, f64, usize, &ProcedureMissingFact)> = None;
        for m in missing.iter().filter(|m| !m.asked) {
            let Some((order, fact)) = self
                .facts
                .iter()
                .enumerate()
                .find(|(_, f)| f.doc.id == m.fact.as_str())
            else {
                continue;
            };
            if let Some(pre) = &fact.doc.presupposes
                && case.facts.get(&pre.fact).map(answer_of) != Some(&pre.is)
            {
                continue;
            }
            let (mut worst, mut mean) = (0usize, 0f64);
            for det in &dets {
                let now = det.possible_outcomes.len();
                let answers = det
                    .missing_facts
                    .iter()
                    .find(|x| x.fact == m.fact)
                    .and_then(|x| x.answers.as_ref())
                    .filter(|a| !a.is_empty());
                match answers {
                    Some(answers) => {
                        worst += answers
                            .iter()
                            .map(|a| a.possible_outcomes.len())
                            .max()
                            .unwrap_or(now);
                        let total: usize = answers.iter().map(|a| a.possible_outcomes.len()).sum();
                        mean += total as f64 / answers.len() as f64;
                    }
                    None => {
                        worst += now;
                        mean += now as f64;
                    }
                }
            }
            let better = best.as_ref().is_none_or(|(w, me, o, _)| {
                (worst, mean, order) < (*w, *me, *o)
                    && (worst < *w || (worst == *w && (mean < *me || (mean == *me && order < *o))))
            });
            if better {
                best = Some((worst, mean, order, m));
            }
        }
        best.map(|(_, _, _, m)| ProcedureQuestion {
            fact: m.fact.clone(),
            question: m.question.clone(),
            cites: m.cites.clone(),
            for_decisions: m.for_decisions.clone(),
        })
    }
}

/// A fact's answer without its evidence reference.
fn answer_of(v: &serde_json::Value) -> &serde_json::Value {
    match v {
        serde_json::Value::Object(o) => o.get("value").unwrap_or(v),
        v => v,
    }
}

/// One sentence per decision.
fn summary(decided: &[DecisionResult], as_of: Option<&str>) -> String {
    let parts: Vec<String> = decided
        .iter()
        .map(|d| match (&d.determination, d.applies, d.in_force) {
            (Some(det), _, _) => format!("{}: {}.", d.name, det.summary.trim_end_matches('.')),
            (None, Some(false), _) => format!("{}: does not apply.", d.name),
            (None, _, Some(false)) => format!(
                "{}: `{}` is not in force on {}.",
                d.name,
                d.rule_set.as_ref().map_or("", |r| r.id.as_str()),
                as_of.unwrap_or("that day")
            ),
            _ => format!("{}: not evaluated.", d.name),
        })
        .collect();
    parts.join(" ")
}
