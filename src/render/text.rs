//! Renderings of a determination: plain text for a terminal, Markdown for a panel's
//! record of reasons. Both quote the provisions relied on.

use std::fmt::Write;

use serde_json::Value;

use crate::determination::document::{
    CaseSplit, Counterfactual, Determination, FactStatus, NodeKind, TraceNode,
};

impl Determination {
    /// The determination as plain text for a terminal.
    ///
    /// ```
    /// use safeguarding_rules::RuleSet;
    /// let rules = RuleSet::embedded("care-act-2014-s44").unwrap();
    /// let det = rules.evaluate_json(r#"{"facts": {"in_board_area": false}}"#).unwrap();
    /// assert!(det.to_text().starts_with("outcome: outside_section_44"));
    /// ```
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "outcome: {}", self.outcome);
        let _ = writeln!(out, "{}", self.summary);
        let _ = writeln!(
            out,
            "possible outcomes: {}",
            self.possible_outcomes.join(", ")
        );
        let _ = writeln!(
            out,
            "rule set: {} (version {})",
            self.rule_set.id, self.rule_set.version
        );
        let _ = writeln!(out, "\nreasons (* marks what decided each step):");
        for node in &self.trace {
            text_node(&mut out, node, 1);
        }
        if let Some(split) = &self.case_split {
            let _ = writeln!(
                out,
                "\ncase split (the outcome is settled in every case, though the reasons above leave it open):"
            );
            text_split(&mut out, split, 1);
        }
        if !self.missing_facts.is_empty() {
            let _ = writeln!(out, "\nstill needed:");
            for m in &self.missing_facts {
                let asked = if m.asked { " (asked, not known)" } else { "" };
                let _ = writeln!(
                    out,
                    "  - {}{asked}: {} [{}]",
                    m.fact,
                    m.question,
                    m.cites.join(", ")
                );
                // An integer or date fact's answers are intervals: each is worth showing.
                for a in m.answers.iter().flatten() {
                    if let Some(range) = &a.range {
                        let _ = writeln!(
                            out,
                            "      {} {}: {}",
                            m.fact,
                            range_words(range),
                            a.possible_outcomes.join(", ")
                        );
                    }
                }
            }
        }
        if let Some(q) = &self.next_question {
            let _ = writeln!(
                out,
                "\nnext question: {} [{}]",
                q.question,
                q.cites.join(", ")
            );
        }
        if let Some(list) = self.counterfactuals.as_ref().filter(|l| !l.is_empty()) {
            let _ = writeln!(out, "\nwhat would have changed the outcome:");
            for c in list {
                let _ = writeln!(
                    out,
                    "  - {} [{}]",
                    counterfactual_sentence(c, false),
                    c.cites.join(", ")
                );
            }
        }
        if !self.notes.is_empty() {
            let _ = writeln!(out, "\nnotes:");
            for n in &self.notes {
                let _ = writeln!(out, "  - {} [{}]: {}", n.id, n.cites.join(", "), n.text);
            }
        }
        let _ = writeln!(out, "\nprovisions relied on:");
        for (id, p) in self.relied_on() {
            let _ = writeln!(out, "  {id}: {}", p.cite);
            let _ = writeln!(out, "    \"{}\"", p.text);
            let _ = writeln!(out, "    {}", p.url);
        }
        out
    }
}

impl Determination {
    /// The provisions the renderings quote: those of the decisive reasons, the notes, the
    /// facts still needed and the counterfactuals (the JSON's `provisions` holds every
    /// provision cited anywhere in the determination).
    fn relied_on(
        &self,
    ) -> impl Iterator<
        Item = (
            &crate::wire::text::Text,
            &crate::rules::provision::Provision,
        ),
    > {
        let mut ids = crate::determination::decisive::decisive_provisions(self);
        ids.extend(self.notes.iter().flat_map(|n| n.cites.iter().cloned()));
        fn imported_notes(
            nodes: &[TraceNode],
            ids: &mut std::collections::BTreeSet<crate::wire::text::Text>,
        ) {
            for n in nodes {
                ids.extend(n.notes.iter().flat_map(|x| x.cites.iter().cloned()));
                imported_notes(&n.children, ids);
            }
        }
        imported_notes(&self.trace, &mut ids);
        ids.extend(
            self.missing_facts
                .iter()
                .flat_map(|m| m.cites.iter().cloned()),
        );
        ids.extend(
            self.counterfactuals
                .iter()
                .flatten()
                .flat_map(|c| c.cites.iter().cloned()),
        );
        self.provisions
            .iter()
            .filter(move |(id, _)| ids.contains(*id))
    }
}

/// "Had `x` been `a` instead of `b`, … the outcome would have been `o`".
fn counterfactual_sentence(c: &Counterfactual, markdown: bool) -> String {
    let tick = if markdown { "`" } else { "" };
    let parts: Vec<String> = c
        .changes
        .iter()
        .map(|ch| {
            format!(
                "{tick}{}{tick} been {tick}{}{tick} instead of {tick}{}{tick}",
                ch.fact,
                plain(&ch.to),
                plain(&ch.from)
            )
        })
        .collect();
    format!(
        "had {}, the outcome would have been {tick}{}{tick}",
        parts.join(" and "),
        c.outcome
    )
    .replacen('h', "H", usize::from(markdown))
}

/// One line describing a node: its value, what it is, its wording and its citations.
fn describe(node: &TraceNode) -> String {
    let head = match node.kind {
        NodeKind::Outcome => format!("outcome {}", node.id.as_deref().unwrap_or("")),
        NodeKind::Rule => format!("rule {}", node.id.as_deref().unwrap_or("")),
        NodeKind::All => "all of".to_string(),
        NodeKind::Any => "any of".to_string(),
        NodeKind::Not => "not".to_string(),
        NodeKind::Decision => {
            let test = match node
                .test
                .as_deref()
                .and_then(Value::as_object)
                .and_then(|o| o.iter().next())
            {
                Some((key, value)) if key == "possible" => {
                    format!(" can still be {}", plain(value))
                }
                Some((_, value)) => format!(" is {}", plain(value)),
                None => String::new(),
            };
            let rule_set = node
                .rule_set
                .as_ref()
                .map(|r| format!(" ({})", r.id))
                .unwrap_or_default();
            format!(
                "decision {}{rule_set}{test}",
                node.id.as_deref().unwrap_or("")
            )
        }
        NodeKind::Fact => fact_line(node),
    };
    let says = match (node.kind, node.says.as_deref(), node.children.first()) {
        (_, Some(s), _) => format!(": {s}"),
        // A `not` has no wording of its own: it says what its child says of itself, which
        // is what the `not` turns around.
        (NodeKind::Not, None, Some(child)) => match child.kind {
            NodeKind::Fact => format!(": {}", fact_line(child)),
            _ => child
                .says
                .as_deref()
                .map(|s| format!(": {s}"))
                .unwrap_or_default(),
        },
        _ => String::new(),
    };
    format!(
        "[{}] {head}{says} [{}]",
        node.value.as_str(),
        node.cites.join(", ")
    )
}

fn fact_line(node: &TraceNode) -> String {
    let fact = node.fact.as_deref().unwrap_or("");
    let test = match node
        .test
        .as_deref()
        .and_then(Value::as_object)
        .and_then(|o| o.iter().next())
    {
        Some((key, value)) => match key.as_str() {
            "is" => format!(" is {}", plain(value)),
            "in" => {
                let items: Vec<String> = value
                    .as_array()
                    .map(|a| a.iter().map(plain).collect())
                    .unwrap_or_default();
                format!(" is {}", items.join(" or "))
            }
            "contains" => format!(" contains {}", plain(value)),
            "at_least" => format!(" is at least {}", plain(value)),
            "below" => format!(" is below {}", plain(value)),
            "on_or_after" => format!(" is on or after {}", plain(value)),
            "before" => format!(" is before {}", plain(value)),
            "given" if value == &Value::Bool(true) => " was answered".to_string(),
            _ => " was not answered".to_string(),
        },
        None => String::new(),
    };
    let value = node.fact_value.as_deref().map(plain).unwrap_or_default();
    let status = match node.status {
        Some(FactStatus::Given) => format!("given {value}"),
        Some(FactStatus::Unknown) | None => "unknown".to_string(),
        Some(FactStatus::Asked) => "asked, not known".to_string(),
        Some(FactStatus::Inferred) => format!(
            "{value}, inferred from {}",
            node.inferred_from.as_deref().unwrap_or("")
        ),
        Some(FactStatus::Assumed) if value.is_empty() => "assumed in this branch".to_string(),
        Some(FactStatus::Assumed) => format!("{value}, assumed in this branch"),
        Some(FactStatus::Constrained) => format!(
            "{value}, forced by constraint {}",
            node.constraints.as_deref().unwrap_or_default().join(", ")
        ),
    };
    let source = node
        .source
        .as_deref()
        .map(|s| format!("; source: {s}"))
        .unwrap_or_default();
    format!("{fact}{test} ({status}{source})")
}

/// An interval in words: `16 to 17`, `18 or more`, `15 or less`, `2018-06-29 or later`.
pub(crate) fn range_words(range: &Value) -> String {
    let end = |keys: [&str; 2]| keys.iter().find_map(|k| range.get(*k)).map(plain);
    match (
        end(["at_least", "on_or_after"]),
        end(["at_most", "on_or_before"]),
    ) {
        (Some(lo), Some(hi)) if lo == hi => lo,
        (Some(lo), Some(hi)) => format!("{lo} to {hi}"),
        (Some(lo), None) if range.get("on_or_after").is_some() => format!("{lo} or later"),
        (Some(lo), None) => format!("{lo} or more"),
        (None, Some(hi)) if range.get("on_or_before").is_some() => format!("{hi} or earlier"),
        (None, Some(hi)) => format!("{hi} or less"),
        (None, None) => "any value".to_string(),
    }
}

fn plain(value: &Value) -> String {
    if let Some(range) = value.get("range") {
        return range_words(range);
    }
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(plain).collect::<Vec<_>>().join(", ")
        ),
        other => other.to_string(),
    }
}

fn text_node(out: &mut String, node: &TraceNode, depth: usize) {
    let mark = if node.decisive { "*" } else { "-" };
    let _ = writeln!(out, "{}{mark} {}", "  ".repeat(depth), describe(node));
    for c in node.children.iter().chain(&node.trace) {
        text_node(out, c, depth + 1);
    }
    for n in &node.notes {
        let pad = "  ".repeat(depth + 1);
        let _ = writeln!(
            out,
            "{pad}note {} [{}]: {}",
            n.id,
            n.cites.join(", "),
            n.text
        );
    }
}

fn text_split(out: &mut String, split: &CaseSplit, depth: usize) {
    let pad = "  ".repeat(depth);
    let on = match &split.member {
        Some(m) => format!("{} contains {m}", split.fact),
        None => split.fact.to_string(),
    };
    for b in &split.branches {
        let _ = writeln!(out, "{pad}if {on} = {}: {}", plain(&b.value), b.outcome);
        for node in &b.trace {
            text_node(out, node, depth + 1);
        }
        if let Some(inner) = &b.case_split {
            text_split(out, inner, depth + 1);
        }
    }
}
