//! The record of reasons a panel can file: a determination with the case and the rule set
//! behind it, rendered as Markdown, HTML, DOT, Mermaid or SVG.
//!
//! A determination alone does not say which case it was, on what date, or what the case
//! gave that the law makes irrelevant, and it names facts by id; the case and the rule set
//! do. So the renderings take them when the caller has them, and do without when not.

use serde_json::Value;

use crate::case::document::Case;
use crate::determination::document::{Determination, FactStatus, NodeKind, TraceNode};
use crate::render::path::{self, Path, Words};
use crate::rules::provision::Provision;
use crate::rules::ruleset::RuleSet;
use crate::wire::text::Text;

/// A determination with, where the caller has them, the case it decided and the rule set
/// that decided it: the record of reasons a panel can file.
///
/// With the case, the record carries its reference, its `as_of` date and every fact it
/// gave, with value and source (recorded-only facts marked); with the rule set, facts are
/// worded by the rule file's questions. Without them, the record says what it lacks.
///
/// ```
/// use safeguarding_rules::{Case, RecordOfReasons, RuleSet};
/// let rules = RuleSet::embedded("care-act-2014-s44").unwrap();
/// let case = Case::from_json(r#"{"reference": "2024-017", "as_of": "2024-03-01",
///     "facts": {"in_board_area": {"value": false, "source": "placement record"}}}"#).unwrap();
/// let det = rules.bind(&case).unwrap().evaluate();
/// let record = RecordOfReasons::new(&det).with_rules(&rules).with_case(&case);
/// let markdown = record.to_markdown();
/// assert!(markdown.contains("2024-017"));
/// assert!(markdown.contains("placement record"));
/// assert!(!record.to_html().contains("<script"));
/// ```
#[derive(Debug, Clone, Copy)]
pub struct RecordOfReasons<'a> {
    pub(crate) determination: &'a Determination,
    pub(crate) rules: Option<&'a RuleSet>,
    pub(crate) case: Option<&'a Case>,
}

/// One fact a case gave, as a record lists it.
pub(crate) struct GivenFact {
    pub id: String,
    /// The rule file's question, or the id when the rule set is not at hand.
    pub question: String,
    pub value: String,
    pub source: Option<String>,
    pub recorded_only: bool,
    pub cites: Vec<String>,
}

impl<'a> RecordOfReasons<'a> {
    /// A record of this determination alone.
    pub fn new(determination: &'a Determination) -> RecordOfReasons<'a> {
        RecordOfReasons {
            determination,
            rules: None,
            case: None,
        }
    }

    /// Words facts by the rule file's questions and quotes the provisions the facts cite.
    pub fn with_rules(mut self, rules: &'a RuleSet) -> RecordOfReasons<'a> {
        self.rules = Some(rules);
        self
    }

    /// Adds the case's reference, date and facts given.
    pub fn with_case(mut self, case: &'a Case) -> RecordOfReasons<'a> {
        self.case = Some(case);
        self
    }

    /// The decision path in Graphviz's DOT language (`dot -Tsvg` draws it).
    pub fn to_dot(&self) -> String {
        crate::render::dot::path(&self.path(true), &self.title())
    }

    /// The decision path as a Mermaid flowchart.
    pub fn to_mermaid(&self) -> String {
        crate::render::mermaid::path(&self.path(true), &self.title())
    }

    /// The decision path as one SVG document, laid out by the library itself.
    pub fn to_svg(&self) -> String {
        crate::render::svg::path(&self.path(true), &self.title())
    }

    /// The decision path: folded to what decided for the pictures, in full for the text.
    pub(crate) fn path(&self, fold: bool) -> Path {
        path::build(self.determination, self.rules, fold)
    }

    pub(crate) fn words(&self) -> Words<'a> {
        Words::new(self.rules, false)
    }

    /// "Case 2024-017: mandatory_review", the title every rendering starts with.
    pub(crate) fn title(&self) -> String {
        let outcome = &self.determination.outcome;
        match self.reference() {
            Some(r) => format!("Case {r}: {outcome}"),
            None => format!("Determination: {outcome}"),
        }
    }

    pub(crate) fn reference(&self) -> Option<&'a str> {
        self.case.and_then(|c| c.reference.as_deref())
    }

    pub(crate) fn as_of(&self) -> Option<&'a str> {
        self.case.and_then(|c| c.as_of.as_deref())
    }

    pub(crate) fn rule_set_title(&self) -> Option<&'a str> {
        self.rules.map(RuleSet::title)
    }

    /// Every fact the case gave, in the rule file's order, or, without the case, every fact
    /// the reasons show as given.
    pub(crate) fn facts_given(&self) -> Vec<GivenFact> {
        let fact_doc = |id: &str| self.rules.and_then(|r| r.fact(id));
        let make = |id: &str, value: String, source: Option<String>| GivenFact {
            id: id.to_string(),
            question: fact_doc(id)
                .map_or_else(|| id.to_string(), |f| path::first_question(&f.question)),
            value,
            source,
            recorded_only: fact_doc(id).is_some_and(|f| f.recorded_only),
            cites: fact_doc(id).map(|f| f.cites.clone()).unwrap_or_default(),
        };
        match self.case {
            Some(case) => {
                let mut ids: Vec<&str> = Vec::new();
                if let Some(rules) = self.rules {
                    ids.extend(rules.fact_ids().filter(|id| case.facts.contains_key(*id)));
                }
                for id in case.facts.keys() {
                    if !ids.contains(&id.as_str()) {
                        ids.push(id);
                    }
                }
                ids.into_iter()
                    .filter_map(|id| {
                        let given = case.facts.get(id)?;
                        let (value, source) = match given {
                            Value::Object(o) => (
                                o.get("value").cloned().unwrap_or(Value::Null),
                                o.get("source").and_then(Value::as_str).map(str::to_string),
                            ),
                            other => (other.clone(), None),
                        };
                        let value = match value {
                            Value::Null => "asked, not known".to_string(),
                            v => path::plain(&v),
                        };
                        Some(make(id, value, source))
                    })
                    .collect()
            }
            None => {
                let mut out: Vec<GivenFact> = Vec::new();
                let mut leaves = Vec::new();
                given_leaves(&self.determination.trace, &mut leaves);
                for leaf in leaves {
                    let id = leaf.fact.as_deref().unwrap_or("");
                    if out.iter().any(|f| f.id == id) {
                        continue;
                    }
                    let value = leaf
                        .fact_value
                        .as_deref()
                        .map(path::plain)
                        .unwrap_or_default();
                    let source = leaf.source.as_deref().map(str::to_string);
                    let mut fact = make(id, value, source);
                    fact.cites = leaf.cites.iter().map(ToString::to_string).collect();
                    out.push(fact);
                }
                out
            }
        }
    }

    /// Every provision cited anywhere in the record, in the rule file's order where the
    /// rule set is at hand: the determination's, and those of the facts given.
    pub(crate) fn provisions(&self) -> Vec<(String, Provision)> {
        let det = self.determination;
        let mut ids: Vec<String> = Vec::new();
        let push = |id: &str, ids: &mut Vec<String>| {
            if !ids.iter().any(|x| x == id) {
                ids.push(id.to_string());
            }
        };
        let mut cited: Vec<String> = det.provisions.keys().map(ToString::to_string).collect();
        for fact in self.facts_given() {
            cited.extend(fact.cites);
        }
        if let Some(rules) = self.rules {
            for id in &rules.provision_ids {
                if cited.iter().any(|c| c == id.as_str()) {
                    push(id, &mut ids);
                }
            }
        }
        for id in &cited {
            push(id, &mut ids);
        }
        ids.into_iter()
            .filter_map(|id| {
                let p = det
                    .provisions
                    .get(id.as_str())
                    .or_else(|| self.rules.and_then(|r| r.provisions.get(id.as_str())))?;
                Some((id, p.clone()))
            })
            .collect()
    }

    /// A missing fact's answers in words: `yes: mandatory_review or outside_section_44`.
    pub(crate) fn answers(&self, fact: &str) -> Vec<(String, String)> {
        self.determination
            .missing_facts
            .iter()
            .find(|m| m.fact == fact)
            .and_then(|m| m.answers.as_ref())
            .map(|answers| {
                answers
                    .iter()
                    .map(|a| {
                        let outcomes: Vec<&str> =
                            a.possible_outcomes.iter().map(Text::as_str).collect();
                        let value = match (&a.value, &a.range) {
                            (Some(v), _) => path::plain(v),
                            (None, Some(r)) => crate::render::text::range_words(r),
                            (None, None) => String::new(),
                        };
                        (value, outcomes.join(" or "))
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

fn given_leaves<'t>(nodes: &'t [TraceNode], out: &mut Vec<&'t TraceNode>) {
    for n in nodes {
        if n.kind == NodeKind::Fact && n.status == Some(FactStatus::Given) {
            out.push(n);
        }
        given_leaves(&n.children, out);
        given_leaves(&n.trace, out);
    }
}

impl Determination {
    /// The decision path in Graphviz's DOT language: the outcomes tried in order, each
    /// with what decided it drawn in full and the rest folded, every step with its value
    /// as symbol, word and colour. [`RecordOfReasons`] words facts by the rule file.
    ///
    /// ```
    /// use safeguarding_rules::RuleSet;
    /// let rules = RuleSet::embedded("care-act-2014-s44").unwrap();
    /// let det = rules.evaluate_json(r#"{"facts": {"in_board_area": false}}"#).unwrap();
    /// assert!(det.to_dot().starts_with("digraph decision_path {"));
    /// ```
    pub fn to_dot(&self) -> String {
        RecordOfReasons::new(self).to_dot()
    }

    /// The decision path as a Mermaid flowchart (see [`Determination::to_dot`]).
    ///
    /// ```
    /// use safeguarding_rules::RuleSet;
    /// let rules = RuleSet::embedded("care-act-2014-s44").unwrap();
    /// let det = rules.evaluate_json(r#"{"facts": {"in_board_area": false}}"#).unwrap();
    /// assert!(det.to_mermaid().starts_with("flowchart LR"));
    /// ```
    pub fn to_mermaid(&self) -> String {
        RecordOfReasons::new(self).to_mermaid()
    }

    /// The record of reasons as one self-contained HTML file: no script, nothing loaded,
    /// the decision path as inline SVG, printable on A4. [`RecordOfReasons`] adds the
    /// case's reference, date and facts.
    ///
    /// ```
    /// use safeguarding_rules::RuleSet;
    /// let rules = RuleSet::embedded("care-act-2014-s44").unwrap();
    /// let det = rules.evaluate_json(r#"{"facts": {"in_board_area": false}}"#).unwrap();
    /// let html = det.to_html();
    /// assert!(html.starts_with("<!DOCTYPE html>"));
    /// assert!(html.contains("<svg") && !html.contains("<script"));
    /// ```
    pub fn to_html(&self) -> String {
        RecordOfReasons::new(self).to_html()
    }

    /// The determination as Markdown, fit for a panel's record of reasons, with the
    /// decision path as a Mermaid diagram last. [`RecordOfReasons`] adds the case's
    /// reference, date and facts.
    ///
    /// ```
    /// use safeguarding_rules::RuleSet;
    /// let rules = RuleSet::embedded("care-act-2014-s44").unwrap();
    /// let det = rules.evaluate_json(r#"{"facts": {"in_board_area": false}}"#).unwrap();
    /// assert!(det.to_markdown().contains("## Provisions cited"));
    /// ```
    pub fn to_markdown(&self) -> String {
        RecordOfReasons::new(self).to_markdown()
    }
}
