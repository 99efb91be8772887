//! Scenario suites for procedures: each scenario expects, per decision, what a rule set's
//! scenario would (or that it does not apply), and the procedure's notes and missing facts;
//! coverage counts every decision's rule values, outcomes and notes, its imports' rule
//! values and outcomes, and the procedure's notes.

use std::collections::{BTreeMap, BTreeSet};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::book::rule_book::RuleBook;
use crate::case::document::Case;
use crate::determination::assessment::Assessment;
use crate::determination::document::{NodeKind, TraceNode};
use crate::scenario::common::{
    Coverage, Expectation, ScenarioResult, Seen, SuiteDoc, SuiteReport, as_set, check_expectation,
    coverage, read,
};
use crate::wire::text::Text;

/// One scenario file of a procedure's suite.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Procedure scenario")]
pub struct ProcedureScenarioDoc {
    /// What the scenario shows, in a line.
    pub description: String,
    /// Where it comes from, if anywhere.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The case, naming the procedure.
    pub case: Value,
    /// What the procedure must decide.
    pub expect: ProcedureExpectation,
}

/// What a procedure's scenario expects.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProcedureExpectation {
    /// Per decision name: what it must decide.
    pub decisions: BTreeMap<String, DecisionExpectation>,
    /// Exactly the procedure's notes raised, if checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<Vec<String>>,
    /// Exactly the missing facts across the decisions, if checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub missing_facts: Option<Vec<String>>,
}

/// What one decision must decide: `"applies": false`, or an outcome and optionally more,
/// as a rule set's scenario expects.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionExpectation {
    /// `false`: the decision does not apply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applies: Option<bool>,
    /// The outcome (`undetermined` included).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// The possible outcomes, if checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub possible_outcomes: Option<Vec<String>>,
    /// Provisions that must be among the decisive reasons.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decisive_provisions: Vec<String>,
    /// Exactly the decision's notes raised, if checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<Vec<String>>,
    /// Exactly the decision's missing facts, if checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub missing_facts: Option<Vec<String>>,
}

/// What a procedure's scenarios showed: per decision, and per `<decision>/<import>`.
#[derive(Default)]
struct Shown {
    seen: BTreeMap<String, Seen>,
    notes: BTreeSet<Text>,
}

impl Shown {
    fn record(&mut self, a: &Assessment) {
        for d in &a.decisions {
            let Some(det) = &d.determination else {
                continue;
            };
            self.seen.entry(d.name.to_string()).or_default().record(det);
            let mut stack: Vec<&TraceNode> = det.trace.iter().collect();
            while let Some(node) = stack.pop() {
                if node.kind == NodeKind::Decision
                    && let (Some(r), Some(outcome)) = (&node.rule_set, &node.outcome)
                {
                    let seen = self.seen.entry(format!("{}/{}", d.name, r.id)).or_default();
                    seen.record_trace(&node.trace);
                    seen.outcomes.insert(outcome.clone());
                }
                stack.extend(node.children.iter());
            }
        }
        self.notes.extend(a.notes.iter().map(|n| n.id.clone()));
    }
}

/// Checks one scenario's assessment.
fn check(a: &Assessment, expect: &ProcedureExpectation) -> Vec<String> {
    let mut failures = Vec::new();
    for (name, e) in &expect.decisions {
        let Some(d) = a.decision(name) else {
            failures.push(format!("the procedure has no decision `{name}`"));
            continue;
        };
        if e.applies == Some(false) {
            if d.applies != Some(false) {
                failures.push(format!("decision `{name}`: expected not to apply"));
            }
            continue;
        }
        let (Some(outcome), Some(det)) = (&e.outcome, &d.determination) else {
            failures.push(format!(
                "decision `{name}`: expected `outcome` (or `applies: false`) and a determination"
            ));
            continue;
        };
        let rule_set_expect = Expectation {
            outcome: outcome.clone(),
            possible_outcomes: e.possible_outcomes.clone(),
            decisive_provisions: e.decisive_provisions.clone(),
            notes: e.notes.clone(),
            missing_facts: e.missing_facts.clone(),
        };
        for f in check_expectation(det, &rule_set_expect) {
            failures.push(format!("decision `{name}`: {f}"));
        }
    }
    let notes: Vec<String> = a.notes.iter().map(|n| n.id.to_string()).collect();
    if let Some(expected) = &expect.notes
        && as_set(expected) != as_set(&notes)
    {
        failures.push(format!(
            "expected notes `{}`, found `{}`",
            expected.join("`, `"),
            notes.join("`, `")
        ));
    }
    let missing: Vec<String> = a.missing_facts.iter().map(|m| m.fact.to_string()).collect();
    if let Some(expected) = &expect.missing_facts
        && as_set(expected) != as_set(&missing)
    {
        failures.push(format!(
            "expected missing facts `{}`, found `{}`",
            expected.join("`, `"),
            missing.join("`, `")
        ));
    }
    failures
}

/// Runs a procedure's suite.
pub(crate) fn run(
    book: &RuleBook,
    suite: &SuiteDoc,
    id: &str,
    scenarios: &[(String, String)],
) -> Result<SuiteReport, String> {
    let procedure = book.procedure(id).map_err(|e| format!("suite.json: {e}"))?;
    let mut report = SuiteReport::default();
    let mut shown = Shown::default();
    let mut sorted: Vec<&(String, String)> = scenarios.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, text) in sorted {
        let failures = (|| {
            let doc: ProcedureScenarioDoc = read("scenario", text)?;
            let case = Case::from_value(doc.case).map_err(|e| format!("case: {e}"))?;
            let a = book.assess(&case).map_err(|e| e.to_string())?;
            shown.record(&a);
            Ok::<_, String>(check(&a, &doc.expect))
        })()
        .unwrap_or_else(|e| vec![e]);
        report.results.push(ScenarioResult {
            name: name.clone(),
            failures,
        });
    }
    let mut total = Coverage::default();
    let mut covered: Vec<(String, &crate::rules::ruleset::RuleSet)> = Vec::new();
    for name in procedure.decision_names() {
        if let Some(rules) = procedure.rule_set(name) {
            covered.push((name.to_string(), rules));
            for imp in &rules.imports {
                covered.push((format!("{name}/{}", imp.rules.id()), imp.rules.as_ref()));
            }
        }
    }
    for (key, rules) in covered {
        let own = SuiteDoc {
            procedure: None,
            rule_set: None,
            unreachable: suite
                .unreachable
                .iter()
                .filter(|u| u.decision.as_deref() == Some(key.as_str()))
                .cloned()
                .collect(),
        };
        let empty = Seen::default();
        let seen = shown.seen.get(&key).unwrap_or(&empty);
        let mut c = coverage(rules, &own, seen, &mut report.suite_problems);
        if key.contains('/') {
            // An import's notes are its own suite's business.
            c.notes = (0, 0);
            c.gaps.retain(|g| !g.starts_with("note "));
        }
        total.rule_values.0 += c.rule_values.0;
        total.rule_values.1 += c.rule_values.1;
        total.outcomes.0 += c.outcomes.0;
        total.outcomes.1 += c.outcomes.1;
        total.notes.0 += c.notes.0;
        total.notes.1 += c.notes.1;
        total
            .gaps
            .extend(c.gaps.into_iter().map(|g| format!("{key}: {g}")));
        total
            .unreachable
            .extend(c.unreachable.into_iter().map(|u| format!("{key}: {u}")));
    }
    for n in procedure.note_ids() {
        total.notes.1 += 1;
        if shown.notes.contains(n) {
            total.notes.0 += 1;
        } else {
            total.gaps.push(format!("procedure note {n}"));
        }
    }
    report.coverage = total;
    Ok(report)
}
