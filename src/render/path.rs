//! The decision path: the picture every diagram draws (DOT, Mermaid, SVG), built once from
//! a determination's trace so that the pictures can never disagree with the text.
//!
//! Each outcome tried is the root of one figure, with its condition tree below it. Decisive
//! children are drawn in full; the others of one parent are folded into one "n more" step,
//! so that a picture shows what decided and stays small enough to read at A4. A case split
//! is one more figure: the fact split on, one branch a value, each branch's outcomes below.

use serde_json::Value;

use crate::determination::document::{
    CaseSplit, Determination, FactStatus, Kleene, NodeKind, TraceNode,
};
use crate::rules::ruleset::RuleSet;

/// What a step is, for its shape in the pictures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// An outcome tried, or a branch of a case split.
    Outcome,
    /// A rule, an `all`, `any` or `not`, or an imported decision.
    Rule,
    /// A fact leaf: its answer and source.
    Fact,
    /// Children that did not decide their parent, folded into one step.
    Folded,
    /// The fact a case split divides on.
    Split,
}

/// One step of the decision path.
#[derive(Debug, Clone)]
pub(crate) struct Step {
    pub shape: Shape,
    /// The Kleene value, shown as symbol, word and colour; `None` on folded and split steps.
    pub value: Option<Kleene>,
    /// What the step is, in the rule file's words where it has them.
    pub title: String,
    /// More lines: a fact's answer and source, a folded step's members.
    pub detail: Vec<String>,
    /// The provisions it rests on, as their ids.
    pub cites: Vec<String>,
    /// Drawn with emphasis: it decided its parent, all the way up to a settled outcome.
    pub decided: bool,
    pub children: Vec<Step>,
}

/// The decision path: one figure an outcome tried, then the case split if any.
#[derive(Debug, Clone)]
pub(crate) struct Path {
    pub figures: Vec<Step>,
}

/// The symbol and the word for a value, so that a picture reads without colour.
pub(crate) fn value_label(value: Kleene) -> &'static str {
    match value {
        Kleene::True => "✔ holds",
        Kleene::False => "✘ fails",
        Kleene::Unknown => "? not yet known",
    }
}

/// Builds the path of a determination; with the rule set, fact leaves are worded by the
/// rule file's questions rather than by fact ids.
pub(crate) fn build(det: &Determination, rules: Option<&RuleSet>, fold: bool) -> Path {
    let words = Words::new(rules, fold);
    let mut figures: Vec<Step> = det
        .trace
        .iter()
        .map(|n| words.step(n, n.value != Kleene::Unknown))
        .collect();
    if let Some(split) = &det.case_split {
        figures.push(words.split(split));
    }
    Path { figures }
}

/// How steps are worded (from the rule file when it is at hand), and whether the steps
/// that did not decide are folded.
pub(crate) struct Words<'a> {
    pub rules: Option<&'a RuleSet>,
    fold: bool,
    /// Imported decisions whose reasons are already drawn: each import's trace is the same
    /// wherever it is tested, so it is drawn once, at its first test.
    drawn: std::cell::RefCell<std::collections::BTreeSet<String>>,
}

impl<'a> Words<'a> {
    pub(crate) fn new(rules: Option<&'a RuleSet>, fold: bool) -> Words<'a> {
        Words {
            rules,
            fold,
            drawn: std::cell::RefCell::default(),
        }
    }

    fn step(&self, node: &TraceNode, decided: bool) -> Step {
        let mut step = Step {
            shape: match node.kind {
                NodeKind::Outcome => Shape::Outcome,
                NodeKind::Fact => Shape::Fact,
                _ => Shape::Rule,
            },
            value: Some(node.value),
            title: self.title(node),
            detail: self.detail(node),
            cites: node.cites.iter().map(ToString::to_string).collect(),
            decided,
            children: Vec::new(),
        };
        // An imported decision's own outcomes are its parts, each tried in order.
        let (parts, all_shown): (&[TraceNode], bool) = if node.kind == NodeKind::Decision {
            let name = node.id.as_deref().unwrap_or("").to_string();
            if self.drawn.borrow_mut().insert(name) {
                (&node.trace, true)
            } else {
                step.detail
                    .push("its reasons are given where it is first tested".to_string());
                (&[], true)
            }
        } else {
            (&node.children, false)
        };
        let mut folded = Vec::new();
        for child in parts {
            if all_shown || child.decisive || !self.fold {
                // Emphasis only on what decided: a known step reached from a settled
                // outcome through decisive children alone (an import's outcomes each
                // decided what the import decided).
                let child_decided =
                    decided && (all_shown || child.decisive) && child.value != Kleene::Unknown;
                step.children.push(self.step(child, child_decided));
            } else {
                folded.push(child);
            }
        }
        if !folded.is_empty() {
            step.children.push(self.folded(&folded));
        }
        step
    }

    fn folded(&self, nodes: &[&TraceNode]) -> Step {
        let n = nodes.len();
        let title = if n == 1 {
            "1 more step, which did not decide this one".to_string()
        } else {
            format!("{n} more steps, which did not decide this one")
        };
        Step {
            shape: Shape::Folded,
            value: None,
            title,
            detail: nodes
                .iter()
                .map(|c| format!("{} {}", symbol(c.value), self.short(c)))
                .collect(),
            cites: Vec::new(),
            decided: false,
            children: Vec::new(),
        }
    }

    fn split(&self, split: &CaseSplit) -> Step {
        let on = match &split.member {
            Some(m) => format!("whether {} includes {m}", self.fact_name(&split.fact)),
            None => self.fact_name(&split.fact),
        };
        let children = split
            .branches
            .iter()
            .map(|b| {
                let mut outcomes: Vec<Step> = b
                    .trace
                    .iter()
                    .map(|n| self.step(n, n.value != Kleene::Unknown))
                    .collect();
                if let Some(inner) = &b.case_split {
                    outcomes.push(self.split(inner));
                }
                Step {
                    shape: Shape::Outcome,
                    value: None,
                    title: format!("if the answer is {}: {}", plain(&b.value), b.outcome),
                    detail: Vec::new(),
                    cites: Vec::new(),
                    decided: true,
                    children: outcomes,
                }
            })
            .collect();
        Step {
            shape: Shape::Split,
            value: None,
            title: format!("case split on {on}"),
            detail: vec![
                "the outcome is the same whichever way it is answered, though the steps above leave it open"
                    .to_string(),
            ],
            cites: Vec::new(),
            decided: true,
            children,
        }
    }

    /// The question a fact is asked by, up to its first question mark, or its id.
    pub(crate) fn fact_name(&self, fact: &str) -> String {
        self.rules
            .and_then(|r| r.fact(fact))
            .map(|f| first_question(&f.question))
            .unwrap_or_else(|| fact.to_string())
    }

    /// What a step is, in the rule file's words.
    pub(crate) fn title(&self, node: &TraceNode) -> String {
        match node.kind {
            NodeKind::Fact => self.fact_name(node.fact.as_deref().unwrap_or("")),
            NodeKind::Not => match node.children.first() {
                Some(child) => format!("it is not so that: {}", self.short(child)),
                None => "not".to_string(),
            },
            NodeKind::All => node
                .says
                .as_deref()
                .map_or_else(|| "all of these".to_string(), str::to_string),
            NodeKind::Any => node
                .says
                .as_deref()
                .map_or_else(|| "any of these".to_string(), str::to_string),
            NodeKind::Decision => {
                let name = node.id.as_deref().unwrap_or("");
                let rule_set = node
                    .rule_set
                    .as_ref()
                    .map(|r| format!(" ({})", r.id))
                    .unwrap_or_default();
                let outcome = node.outcome.as_deref().unwrap_or("");
                format!(
                    "decision {name}{rule_set} {}; it decided {outcome}",
                    decision_test(node)
                )
            }
            NodeKind::Outcome | NodeKind::Rule => node
                .says
                .as_deref()
                .unwrap_or_else(|| node.id.as_deref().unwrap_or(""))
                .to_string(),
        }
    }

    /// A one-line name for a step, as a folded step lists it.
    fn short(&self, node: &TraceNode) -> String {
        match node.kind {
            NodeKind::Fact => {
                let mut s = self.fact_name(node.fact.as_deref().unwrap_or(""));
                if let Some(test) = test_words(node) {
                    s.push_str(&format!(" ({test})"));
                }
                s
            }
            _ => self.title(node),
        }
    }

    /// A fact leaf's test, answer and source; nothing for other steps.
    pub(crate) fn detail(&self, node: &TraceNode) -> Vec<String> {
        if node.kind != NodeKind::Fact {
            return Vec::new();
        }
        let mut lines = Vec::new();
        if let Some(test) = test_words(node) {
            lines.push(format!("test: {test}"));
        }
        lines.push(format!("answer: {}", answer(node)));
        if let Some(source) = &node.source {
            lines.push(format!("source: {source}"));
        }
        lines
    }
}

/// A fact's answer and how it was obtained: `died (given)`, `not known (asked)`.
pub(crate) fn answer(node: &TraceNode) -> String {
    let value = node.fact_value.as_deref().map(plain).unwrap_or_default();
    match node.status {
        Some(FactStatus::Given) => format!("{value} (given)"),
        Some(FactStatus::Unknown) | None => "not given".to_string(),
        Some(FactStatus::Asked) => "asked, not known".to_string(),
        Some(FactStatus::Inferred) => format!(
            "{value} (inferred from the answer to {})",
            node.inferred_from.as_deref().unwrap_or("")
        ),
        Some(FactStatus::Assumed) if value.is_empty() => "assumed in this branch".to_string(),
        Some(FactStatus::Assumed) => format!("{value} (assumed in this branch)"),
        Some(FactStatus::Constrained) => format!(
            "{value} (forced by constraint {})",
            node.constraints.as_deref().unwrap_or_default().join(", ")
        ),
    }
}

/// The test a fact leaf applies, in words: `is died`, `is known or suspected`.
pub(crate) fn test_words(node: &TraceNode) -> Option<String> {
    let test = node.test.as_deref()?.as_object()?;
    let (key, value) = test.iter().next()?;
    Some(match key.as_str() {
        "is" => format!("is {}", plain(value)),
        "in" => {
            let items: Vec<String> = value
                .as_array()
                .map(|a| a.iter().map(plain).collect())
                .unwrap_or_default();
            format!("is {}", items.join(" or "))
        }
        "contains" => format!("includes {}", plain(value)),
        "at_least" => format!("is at least {}", plain(value)),
        "below" => format!("is below {}", plain(value)),
        "on_or_after" => format!("is on or after {}", plain(value)),
        "before" => format!("is before {}", plain(value)),
        "given" if value == &Value::Bool(true) => "was answered".to_string(),
        _ => "was not answered".to_string(),
    })
}

fn decision_test(node: &TraceNode) -> String {
    match node
        .test
        .as_deref()
        .and_then(Value::as_object)
        .and_then(|o| o.iter().next())
    {
        Some((key, value)) if key == "possible" => format!("can still be {}", plain(value)),
        Some((_, value)) => format!("is {}", plain(value)),
        None => String::new(),
    }
}

/// A question up to and including its first `?`, so that a picture's box stays short; the
/// whole question where it has none.
pub(crate) fn first_question(question: &str) -> String {
    match question.find('?') {
        Some(at) => question.get(..=at).unwrap_or(question).to_string(),
        None => question.to_string(),
    }
}

pub(crate) fn symbol(value: Kleene) -> &'static str {
    match value {
        Kleene::True => "✔",
        Kleene::False => "✘",
        Kleene::Unknown => "?",
    }
}

/// A JSON value as a reader sees it: strings bare, `yes`/`no` for booleans, sets listed,
/// an interval in words.
pub(crate) fn plain(value: &Value) -> String {
    if let Some(range) = value.get("range") {
        return crate::render::text::range_words(range);
    }
    match value {
        Value::String(s) => s.replace('_', " "),
        Value::Bool(true) => "yes".to_string(),
        Value::Bool(false) => "no".to_string(),
        Value::Array(items) if items.is_empty() => "none".to_string(),
        Value::Array(items) => items.iter().map(plain).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

/// Breaks text into lines of at most `width` characters at spaces, a word longer than a
/// line cut where it must; line breaks in the text are kept.
pub(crate) fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut len = 0;
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            let mut word: Vec<char> = word.chars().collect();
            while !word.is_empty() {
                let room = if len == 0 {
                    width
                } else {
                    width.saturating_sub(len + 1)
                };
                if word.len() <= room {
                    if len > 0 {
                        line.push(' ');
                        len += 1;
                    }
                    line.extend(word.iter());
                    len += word.len();
                    word.clear();
                } else if len > 0 {
                    lines.push(std::mem::take(&mut line));
                    len = 0;
                } else {
                    let rest = word.split_off(width.max(1));
                    line.extend(word.iter());
                    lines.push(std::mem::take(&mut line));
                    word = rest;
                }
            }
        }
        if len > 0 || lines.is_empty() {
            lines.push(line);
        }
    }
    lines
}

impl Path {
    /// A figure's caption: which outcome tried it is, or the case split.
    pub(crate) fn caption(&self, i: usize) -> String {
        let count = self
            .figures
            .iter()
            .filter(|f| f.shape != Shape::Split)
            .count();
        match self.figures.get(i) {
            Some(f) if f.shape == Shape::Split => "The case split".to_string(),
            _ => format!("Outcome {} of {count} tried", i + 1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_keeps_words_and_cuts_only_what_cannot_fit() {
        assert_eq!(wrap("a bb ccc", 4), ["a bb", "ccc"]);
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("one\ntwo", 10), ["one", "two"]);
        assert_eq!(wrap("", 10), [""]);
    }

    #[test]
    fn a_question_is_cut_after_its_first_question_mark() {
        assert_eq!(first_question("Has it? (Note.)"), "Has it?");
        assert_eq!(first_question("No mark"), "No mark");
    }
}
