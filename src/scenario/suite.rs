//! Scenario files: a board's or vendor's own statements of what a rule set must decide,
//! run as a suite with coverage of every rule value, outcome and note.
//!
//! A scenario names a case and the expected outcome; it may also name the possible
//! outcomes, the provisions that must appear among the decisive reasons, the notes and the
//! missing facts, each checked only when given. A suite is a directory of scenarios, with
//! an optional `suite.json` naming the rule set it covers and any values that cannot occur.

use std::collections::{BTreeMap, BTreeSet};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::book::rule_book::RuleBook;
use crate::case::document::Case;
use crate::determination::decisive::decisive_provisions;
use crate::determination::document::{Determination, Kleene, NodeKind, TraceNode};
use crate::rules::ruleset::RuleSet;
use crate::wire::json::parse_strict;
use crate::wire::text::Text;

/// One scenario file.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Scenario")]
pub struct ScenarioDoc {
    /// What the scenario shows, in a line.
    pub description: String,
    /// Where it comes from (a published review, a guidance example), if anywhere.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The case, as a case document (it names its rule set).
    pub case: Value,
    /// What the rule set must decide.
    pub expect: Expectation,
}

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

/// Runs a suite given as texts: `suite` is the `suite.json` text, `scenarios` pairs each
/// scenario's name with its text. `book` holds the rule sets scenarios may name; each
/// case uses the version in force on its `as_of` (the newest without one), and a case
/// naming none uses the book's default. Reading the files is the caller's business (see
/// [`run_scenario_dir`] for the one function that reads a directory).
///
/// ```
/// use safeguarding_rules::{RuleBook, run_suite};
/// let book = RuleBook::embedded();
/// let suite = r#"{"rule_set": "care-act-2014-s44"}"#;
/// let scenario = r#"{"description": "not in the area",
///   "case": {"facts": {"in_board_area": false}},
///   "expect": {"outcome": "outside_section_44", "decisive_provisions": ["s44(1)"], "notes": []}}"#;
/// let report = run_suite(&book, suite, &[("outside".to_string(), scenario.to_string())]).unwrap();
/// assert_eq!(report.passed(), 1);
/// assert!(!report.coverage.gaps.is_empty());
/// ```
pub fn run_suite(
    book: &RuleBook,
    suite: &str,
    scenarios: &[(String, String)],
) -> Result<SuiteReport, String> {
    let suite: SuiteDoc = read("suite.json", suite)?;
    let named = match &suite.rule_set {
        Some(id) => Some(id.clone()),
        None => named_rule_set(scenarios),
    };
    let covered = book
        .select(named.as_deref(), None)
        .map_err(|e| format!("suite.json: {e}"))?;
    let mut report = SuiteReport::default();
    let mut seen = Seen::default();
    let mut sorted: Vec<&(String, String)> = scenarios.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, text) in sorted {
        let failures = match run_one(book, text) {
            Ok((det, failures)) => {
                if det.rule_set.id == covered.id() {
                    seen.record(&det);
                }
                failures
            }
            Err(e) => vec![e],
        };
        report.results.push(ScenarioResult {
            name: name.clone(),
            failures,
        });
    }
    report.coverage = coverage(covered, &suite, &seen, &mut report.suite_problems);
    Ok(report)
}

/// The rule set the first scenario's case names, if it names one.
fn named_rule_set(scenarios: &[(String, String)]) -> Option<String> {
    let mut sorted: Vec<&(String, String)> = scenarios.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    sorted.iter().find_map(|(_, text)| {
        let value: Value = serde_json::from_str(text).ok()?;
        value
            .pointer("/case/rule_set")?
            .as_str()
            .map(str::to_string)
    })
}

/// Reads a scenario directory (the optional `suite.json` and every other `*.json` file in
/// it) and runs it. This is the library's only function that touches the file system.
pub fn run_scenario_dir(book: &RuleBook, dir: &std::path::Path) -> Result<SuiteReport, String> {
    let suite_path = dir.join("suite.json");
    let suite = if suite_path.exists() {
        std::fs::read_to_string(&suite_path)
            .map_err(|e| format!("{}: cannot read: {e}", suite_path.display()))?
    } else {
        "{}".to_string()
    };
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("{}: cannot read: {e}", dir.display()))?;
    let mut scenarios = Vec::new();
    for entry in entries {
        let path = entry
            .map_err(|e| format!("{}: cannot read: {e}", dir.display()))?
            .path();
        let is_scenario = path.extension().is_some_and(|x| x == "json")
            && path.file_name().is_some_and(|n| n != "suite.json");
        if is_scenario {
            let text = std::fs::read_to_string(&path)
                .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
            let name = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            scenarios.push((name, text));
        }
    }
    run_suite(book, &suite, &scenarios)
}

fn read<T: serde::de::DeserializeOwned>(name: &str, text: &str) -> Result<T, String> {
    let value = parse_strict(text).map_err(|e| {
        format!(
            "{name}: line {}, column {}: {}",
            e.line, e.column, e.message
        )
    })?;
    serde_json::from_value(value).map_err(|e| format!("{name}: {e}"))
}

/// Evaluates one scenario and lists what did not hold.
fn run_one(book: &RuleBook, text: &str) -> Result<(Determination, Vec<String>), String> {
    let doc: ScenarioDoc = read("scenario", text)?;
    let case = Case::from_value(doc.case.clone()).map_err(|e| format!("case: {e}"))?;
    let det = book.evaluate(&case).map_err(|e| e.to_string())?;
    let expect = &doc.expect;
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
    let decisive = decisive_provisions(&det);
    for p in &expect.decisive_provisions {
        if !decisive.contains(p.as_str()) {
            failures.push(format!(
                "expected `{p}` among the decisive reasons, found `{}`",
                decisive.iter().cloned().collect::<Vec<_>>().join("`, `")
            ));
        }
    }
    Ok((det, failures))
}

fn as_set<S: AsRef<str>>(items: &[S]) -> BTreeSet<&str> {
    items.iter().map(AsRef::as_ref).collect()
}

/// What the scenarios of the covered rule set showed.
#[derive(Default)]
struct Seen {
    rule_values: BTreeSet<(Text, Kleene)>,
    outcomes: BTreeSet<Text>,
    notes: BTreeSet<Text>,
}

impl Seen {
    fn record(&mut self, det: &Determination) {
        fn walk(node: &TraceNode, seen: &mut Seen) {
            if node.kind == NodeKind::Rule
                && let Some(id) = &node.id
            {
                seen.rule_values.insert((id.clone(), node.value));
            }
            node.children.iter().for_each(|c| walk(c, seen));
        }
        det.trace.iter().for_each(|n| walk(n, self));
        self.outcomes.insert(det.outcome.clone());
        self.notes.extend(det.notes.iter().map(|n| n.id.clone()));
    }
}

fn coverage(
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
