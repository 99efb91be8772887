//! What scenario suites share, for rule sets and procedures alike: expectations, the
//! suite file, results and coverage.

use std::collections::{BTreeMap, BTreeSet};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::determination::decisive::decisive_provisions;
use crate::determination::document::{Determination, Kleene, NodeKind, TraceNode};
use crate::rules::ruleset::RuleSet;
use crate::wire::json::parse_strict;
use crate::wire::text::Text;

/// What a scenario expects. Only `outcome` is required; every other expectation is
/// checked when it is given and not otherwise.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Expectation {
    /// The outcome (`undetermined` included).
    pub outcome: String,
    /// The possible outcomes, if the scenario checks them (any order).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub possible_outcomes: Option<Vec<String>>,
    /// Provisions that must be cited among the decisive reasons (others may be too).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub decisive_provisions: Vec<String>,
    /// Exactly the notes raised, if the scenario checks them (any order; `[]` checks that
    /// none is raised).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<Vec<String>>,
    /// Exactly the missing facts, if the scenario checks them (any order).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub missing_facts: Option<Vec<String>>,
}

/// The `suite.json` of a scenario directory; a directory without one means `{}`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Scenario suite")]
pub struct SuiteDoc {
    /// The procedure whose decisions the suite covers (its scenarios' cases name it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub procedure: Option<String>,
    /// The rule set whose coverage the suite measures: absent, the one the scenarios' cases
    /// name (the rule book's default where they name none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule_set: Option<String>,
    /// Values that cannot occur, left out of the coverage counts, each with its reason.
    #[serde(default)]
    pub unreachable: Vec<Unreachable>,
}

/// A rule value, outcome or note that no case can produce.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Unreachable {
    /// In a procedure's suite: the decision (or `<decision>/<import>`) the entry is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<String>,
    /// A rule id, with `value`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// The rule's value that cannot occur.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Kleene>,
    /// An outcome id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// A note id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// Why it cannot occur.
    pub reason: String,
}

/// One scenario's result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScenarioResult {
    /// The scenario's name (its file name without `.json`).
    pub name: String,
    /// What did not hold; empty when it passed.
    pub failures: Vec<String>,
}

/// Coverage of one rule set by a suite.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Coverage {
    /// Rule values seen, of those that can occur.
    pub rule_values: (usize, usize),
    /// Outcomes reached, of those that can occur.
    pub outcomes: (usize, usize),
    /// Notes raised, of those that can occur.
    pub notes: (usize, usize),
    /// What can occur but no scenario shows, such as `rule in_scope unknown`.
    pub gaps: Vec<String>,
    /// What the suite declares unreachable, with the reasons.
    pub unreachable: Vec<String>,
}

/// The result of running a suite.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SuiteReport {
    /// Each scenario's result, in name order.
    pub results: Vec<ScenarioResult>,
    /// Problems with the suite itself (an unknown id, a declared-unreachable value that
    /// a scenario reaches).
    pub suite_problems: Vec<String>,
    /// Coverage of the suite's rule set.
    pub coverage: Coverage,
}

impl SuiteReport {
    /// How many scenarios passed.
    pub fn passed(&self) -> usize {
        self.results
            .iter()
            .filter(|r| r.failures.is_empty())
            .count()
    }
    /// How many scenarios failed.
    pub fn failed(&self) -> usize {
        self.results.len() - self.passed()
    }
    /// Whether every scenario passed, the suite is sound, and coverage is full.
    pub fn is_ok(&self) -> bool {
        self.failed() == 0 && self.suite_problems.is_empty() && self.coverage.gaps.is_empty()
    }
}

pub(crate) fn read<T: serde::de::DeserializeOwned>(name: &str, text: &str) -> Result<T, String> {
    let value = parse_strict(text).map_err(|e| {
        format!(
            "{name}: line {}, column {}: {}",
            e.line, e.column, e.message
        )
    })?;
    serde_json::from_value(value).map_err(|e| format!("{name}: {e}"))
}

/// What a determination does not give of what `expect` asks.
pub(crate) fn check_expectation(det: &Determination, expect: &Expectation) -> Vec<String> {
    let mut failures = Vec::new();
    if det.outcome != expect.outcome {
        failures.push(format!(
            "expected outcome `{}`, found `{}`",
            expect.outcome, det.outcome
        ));
    }
    if let Some(possible) = &expect.possible_outcomes
        && as_set(possible) != as_set(&det.possible_outcomes)
    {
        failures.push(format!(
            "expected possible outcomes `{}`, found `{}`",
            possible.join("`, `"),
            det.possible_outcomes.join("`, `")
        ));
    }
    let notes: Vec<String> = det.notes.iter().map(|n| n.id.to_string()).collect();
    if let Some(expected) = &expect.notes
        && as_set(expected) != as_set(&notes)
    {
        failures.push(format!(
            "expected notes `{}`, found `{}`",
            expected.join("`, `"),
            notes.join("`, `")
        ));
    }
    if let Some(missing) = &expect.missing_facts {
        let found: Vec<String> = det
            .missing_facts
            .iter()
            .map(|m| m.fact.to_string())
            .collect();
        if as_set(missing) != as_set(&found) {
            failures.push(format!(
                "expected missing facts `{}`, found `{}`",
                missing.join("`, `"),
                found.join("`, `")
            ));
        }
    }
    let decisive = decisive_provisions(det);
    for p in &expect.decisive_provisions {
        if !decisive.contains(p.as_str()) {
            failures.push(format!(
                "expected `{p}` among the decisive reasons, found `{}`",
                decisive.iter().cloned().collect::<Vec<_>>().join("`, `")
            ));
        }
    }
    failures
}

pub(crate) fn as_set<S: AsRef<str>>(items: &[S]) -> BTreeSet<&str> {
    items.iter().map(AsRef::as_ref).collect()
}

/// What the scenarios of the covered rule set showed.
#[derive(Default)]
pub(crate) struct Seen {
    pub(crate) rule_values: BTreeSet<(Text, Kleene)>,
    pub(crate) outcomes: BTreeSet<Text>,
    pub(crate) notes: BTreeSet<Text>,
}

impl Seen {
    pub(crate) fn record(&mut self, det: &Determination) {
        self.record_trace(&det.trace);
        self.outcomes.insert(det.outcome.clone());
        self.notes.extend(det.notes.iter().map(|n| n.id.clone()));
    }

    /// The rule values a trace shows.
    pub(crate) fn record_trace(&mut self, trace: &[TraceNode]) {
        fn walk(node: &TraceNode, seen: &mut Seen) {
            if node.kind == NodeKind::Rule
                && let Some(id) = &node.id
            {
                seen.rule_values.insert((id.clone(), node.value));
            }
            node.children.iter().for_each(|c| walk(c, seen));
        }
        trace.iter().for_each(|n| walk(n, self));
    }
}

pub(crate) fn coverage(
    rules: &RuleSet,
    suite: &SuiteDoc,
    seen: &Seen,
    problems: &mut Vec<String>,
) -> Coverage {
    let mut skip: BTreeMap<String, String> = BTreeMap::new();
    for u in &suite.unreachable {
        let key = match (&u.rule, u.value, &u.outcome, &u.note) {
            (Some(r), Some(v), None, None) if rules.rules.iter().any(|x| &x.id == r) => {
                if seen.rule_values.contains(&(Text::from(r), v)) {
                    problems.push(format!("suite.json: rule `{r}` `{}` is declared unreachable, but a scenario shows it", v.as_str()));
                }
                format!("rule {r} {}", v.as_str())
            }
            (None, None, Some(o), None) if rules.outcomes.iter().any(|x| &x.id == o) => {
                if seen.outcomes.contains(o.as_str()) {
                    problems.push(format!("suite.json: outcome `{o}` is declared unreachable, but a scenario reaches it"));
                }
                format!("outcome {o}")
            }
            (None, None, None, Some(n)) if rules.notes.iter().any(|x| &x.id == n) => {
                if seen.notes.contains(n.as_str()) {
                    problems.push(format!(
                        "suite.json: note `{n}` is declared unreachable, but a scenario raises it"
                    ));
                }
                format!("note {n}")
            }
            _ => {
                problems.push(format!(
                    "suite.json: an unreachable entry names one known rule (with `value`), outcome or note, found {}",
                    serde_json::to_string(u).unwrap_or_default()
                ));
                continue;
            }
        };
        skip.insert(key, u.reason.clone());
    }
    let mut cov = Coverage::default();
    let count = |key: String, hit: bool, slot: &mut (usize, usize), gaps: &mut Vec<String>| {
        if skip.contains_key(&key) {
            return;
        }
        slot.1 += 1;
        if hit {
            slot.0 += 1;
        } else {
            gaps.push(key);
        }
    };
    for r in &rules.rules {
        for v in [Kleene::True, Kleene::False, Kleene::Unknown] {
            let hit = seen.rule_values.contains(&(r.id.clone(), v));
            count(
                format!("rule {} {}", r.id, v.as_str()),
                hit,
                &mut cov.rule_values,
                &mut cov.gaps,
            );
        }
    }
    for o in &rules.outcomes {
        count(
            format!("outcome {}", o.id),
            seen.outcomes.contains(&o.id),
            &mut cov.outcomes,
            &mut cov.gaps,
        );
    }
    for n in &rules.notes {
        count(
            format!("note {}", n.id),
            seen.notes.contains(&n.id),
            &mut cov.notes,
            &mut cov.gaps,
        );
    }
    cov.unreachable = skip
        .into_iter()
        .map(|(k, why)| format!("{k}: {why}"))
        .collect();
    cov
}
