//! An assessment as pictures and as one filed record: every decision is one cluster of the
//! DOT and Mermaid diagrams and one section of the HTML record, drawn as a determination
//! of its own is, so that the procedure's pictures can never disagree with the decisions'.

use std::fmt::Write;

use crate::case::document::Case;
use crate::determination::assessment::{Assessment, DecisionResult};
use crate::render::html::{STYLE, cites, link};
use crate::render::record::RecordOfReasons;
use crate::render::svg::escape;
use crate::render::{dot, mermaid};
use crate::rules::ruleset::RuleSet;

/// An assessment with, where the caller has them, the case it assessed and the rule set
/// behind each decision: the record of reasons a panel files for a whole procedure.
///
/// ```
/// use safeguarding_rules::{AssessmentReasons, Case, RuleBook};
/// let book = RuleBook::embedded();
/// let case = Case::from_json(r#"{"procedure": "hillingdon-think-family", "reference": "TF-1",
///     "facts": {"age": 12, "died": true}}"#).unwrap();
/// let assessment = book.assess(&case).unwrap();
/// let reasons = AssessmentReasons::new(&assessment).with_case(&case);
/// assert!(reasons.to_dot().contains("subgraph cluster_decision_0 {"));
/// assert!(reasons.to_html().contains("TF-1"));
/// ```
#[derive(Debug, Clone)]
pub struct AssessmentReasons<'a> {
    assessment: &'a Assessment,
    rules: Vec<(&'a str, &'a RuleSet)>,
    case: Option<&'a Case>,
}

impl<'a> AssessmentReasons<'a> {
    /// The record of this assessment alone: facts named by id.
    pub fn new(assessment: &'a Assessment) -> AssessmentReasons<'a> {
        AssessmentReasons {
            assessment,
            rules: Vec::new(),
            case: None,
        }
    }

    /// Words the facts of decision `name` by its rule file's questions
    /// ([`Procedure::rule_set`](crate::Procedure::rule_set) gives the rule set).
    pub fn with_rules(mut self, name: &'a str, rules: &'a RuleSet) -> AssessmentReasons<'a> {
        self.rules.push((name, rules));
        self
    }

    /// Adds the case's reference, date and facts given.
    pub fn with_case(mut self, case: &'a Case) -> AssessmentReasons<'a> {
        self.case = Some(case);
        self
    }

    /// Each decision with its record of reasons, or why it has none.
    fn decisions(&self) -> Vec<(&'a DecisionResult, Option<RecordOfReasons<'a>>)> {
        self.assessment
            .decisions
            .iter()
            .map(|d| {
                let record = d.determination.as_ref().map(|det| {
                    let mut r = RecordOfReasons::new(det);
                    if let Some((_, rules)) = self.rules.iter().find(|(n, _)| *n == d.name.as_str())
                    {
                        r = r.with_rules(rules);
                    }
                    match self.case {
                        Some(case) => r.with_case(case),
                        None => r,
                    }
                });
                (d, record)
            })
            .collect()
    }

    /// "Case TF-1: hillingdon-think-family", the title every rendering starts with.
    fn title(&self) -> String {
        let id = &self.assessment.procedure.id;
        match self.case.and_then(|c| c.reference.as_deref()) {
            Some(r) => format!("Case {r}: {id}"),
            None => format!("Assessment: {id}"),
        }
    }

    /// The assessment's decision paths in Graphviz's DOT language: one cluster a decision,
    /// in the procedure's order, each holding that decision's figures.
    pub fn to_dot(&self) -> String {
        let mut out = String::new();
        dot::header(&mut out, "assessment", &self.title());
        let mut edges = Vec::new();
        let mut next = 0;
        let mut clusters = Vec::new();
        for (k, (d, record)) in self.decisions().into_iter().enumerate() {
            let mut cluster = String::new();
            let _ = writeln!(cluster, "  subgraph cluster_decision_{k} {{");
            let _ = writeln!(cluster, "    label=\"{}\";", dot::escape(&caption(d)));
            match record {
                Some(r) => cluster.push_str(&dot::figures(
                    &r.path(true),
                    &format!("{k}_"),
                    "    ",
                    &mut edges,
                    &mut next,
                )),
                None => cluster.push_str(&dot::lone_box(&absent(d), &mut next, "    ")),
            }
            let _ = writeln!(cluster, "  }}");
            clusters.push(cluster);
        }
        // As in a determination's picture: written last first, the first is drawn on top.
        for cluster in clusters.iter().rev() {
            out.push_str(cluster);
        }
        dot::edges_and_close(&mut out, &edges);
        out
    }

    /// The assessment's decision paths as a Mermaid flowchart: one subgraph a decision.
    pub fn to_mermaid(&self) -> String {
        let mut out = String::new();
        mermaid::header(&mut out, &self.title());
        let mut drawn = mermaid::Drawn::default();
        for (k, (d, record)) in self.decisions().into_iter().enumerate() {
            let _ = writeln!(
                out,
                "  subgraph decision{k}[\"{}\"]",
                mermaid::escape(&caption(d))
            );
            let _ = writeln!(out, "    direction LR");
            match record {
                Some(r) => out.push_str(&mermaid::figures(
                    &r.path(true),
                    &format!("{k}_"),
                    "    ",
                    &mut drawn,
                )),
                None => out.push_str(&drawn.lone_box(&absent(d), "  ")),
            }
            let _ = writeln!(out, "  end");
        }
        drawn.finish(&mut out);
        out
    }

    /// The assessment as one self-contained HTML file: the summary and the case first, a
    /// section a decision (its record of reasons, the decision path as inline SVG), then
    /// what is still needed across the decisions, the procedure's notes and provisions.
    /// No script, nothing loaded; printable on A4.
    pub fn to_html(&self) -> String {
        let a = self.assessment;
        let title = escape(&self.title());
        let mut out = String::new();
        let _ = writeln!(
            out,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Record of reasons: {title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n<h1>Record of reasons: {title}</h1>"
        );
        let _ = writeln!(
            out,
            "<p class=\"outcome\"><strong>{}</strong></p>",
            escape(&a.summary)
        );
        let case = self.case;
        let _ = writeln!(out, "<table>");
        for (head, value) in [
            (
                "Case reference",
                case.and_then(|c| c.reference.as_deref())
                    .map_or_else(|| "none given".to_string(), escape),
            ),
            (
                "Decided as of",
                case.and_then(|c| c.as_of.as_deref()).map_or_else(
                    || "not given (the newest version of each rule set applies)".to_string(),
                    escape,
                ),
            ),
            ("Procedure", escape(&a.procedure.id)),
            ("Version", escape(&a.procedure.version)),
            (
                "Fingerprint",
                format!(
                    "<span class=\"fingerprint\">{}</span>",
                    escape(&a.procedure.fingerprint)
                ),
            ),
        ] {
            let _ = writeln!(
                out,
                "<tr><th scope=\"row\">{head}</th><td>{value}</td></tr>"
            );
        }
        let _ = writeln!(out, "</table>\n<h2>Decisions</h2>\n<ul>");
        let decisions = self.decisions();
        for (k, (d, _)) in decisions.iter().enumerate() {
            let _ = writeln!(
                out,
                "<li><a href=\"#decision-{k}\">{}</a></li>",
                escape(&caption(d))
            );
        }
        let _ = writeln!(out, "</ul>");
        for (k, (d, record)) in decisions.iter().enumerate() {
            let _ = writeln!(
                out,
                "<section id=\"decision-{k}\">\n<h2>Decision {}</h2>",
                escape(&caption(d))
            );
            match record {
                Some(r) => r.html_body(&mut out, 3),
                None => {
                    let _ = writeln!(out, "<p>This decision {}.</p>", escape(&absent(d)));
                }
            }
            let _ = writeln!(out, "</section>");
        }
        self.html_across(&mut out);
        let _ = writeln!(out, "</main>\n</body>\n</html>");
        out
    }

    /// What is still needed across the decisions, the next question, the procedure's
    /// notes and provisions.
    fn html_across(&self, out: &mut String) {
        let a = self.assessment;
        let _ = writeln!(*out, "<h2>Across the decisions</h2>");
        if a.missing_facts.is_empty() {
            let _ = writeln!(*out, "<p>No fact is still needed.</p>");
        } else {
            let _ = writeln!(
                *out,
                "<table>\n<tr><th scope=\"col\">Question</th><th scope=\"col\">Needed for</th></tr>"
            );
            for m in &a.missing_facts {
                let ids: Vec<String> = m.cites.iter().map(ToString::to_string).collect();
                let asked = if m.asked {
                    " <em>(asked, not known)</em>"
                } else {
                    ""
                };
                let names: Vec<&str> = m.for_decisions.iter().map(|t| t.as_str()).collect();
                let _ = writeln!(
                    *out,
                    "<tr><td>{}{asked}{}</td><td>{}</td></tr>",
                    escape(&m.question),
                    cites(&ids),
                    escape(&names.join(", "))
                );
            }
            let _ = writeln!(*out, "</table>");
        }
        if let Some(q) = &a.next_question {
            let ids: Vec<String> = q.cites.iter().map(ToString::to_string).collect();
            let _ = writeln!(
                *out,
                "<p><strong>Next question:</strong> {}{}</p>",
                escape(&q.question),
                cites(&ids)
            );
        }
        if !a.notes.is_empty() {
            let _ = writeln!(*out, "<h3>Notes</h3>\n<ul>");
            for n in &a.notes {
                let ids: Vec<String> = n.cites.iter().map(ToString::to_string).collect();
                let _ = writeln!(*out, "<li>{}{}</li>", escape(&n.text), cites(&ids));
            }
            let _ = writeln!(*out, "</ul>");
        }
        if !a.provisions.is_empty() {
            let _ = writeln!(*out, "<h3>The procedure's provisions</h3>");
            for (id, p) in &a.provisions {
                let _ = writeln!(
                    *out,
                    "<h4>{}: {}</h4>\n<blockquote>{}</blockquote>\n<p>{}</p>",
                    escape(id),
                    escape(&p.cite),
                    p.text
                        .split('\n')
                        .map(escape)
                        .collect::<Vec<_>>()
                        .join("<br>"),
                    link(&p.url)
                );
            }
        }
    }
}

/// "sar_panel: await_section_44_facts", or why the decision has none.
fn caption(d: &DecisionResult) -> String {
    match &d.determination {
        Some(det) => format!("{}: {}", d.name, det.outcome),
        None => format!("{}: {}", d.name, absent(d)),
    }
}

/// Why a decision has no determination, in words.
pub(crate) fn absent(d: &DecisionResult) -> String {
    match (d.applies, d.in_force) {
        (Some(false), _) => "does not apply to this case".to_string(),
        (_, Some(false)) => format!(
            "not in force on the case's date (rule set `{}`)",
            d.rule_set.as_ref().map_or("", |r| r.id.as_str())
        ),
        _ => "not evaluated".to_string(),
    }
}

impl Assessment {
    /// The decision paths as a DOT digraph, one cluster a decision
    /// ([`AssessmentReasons`] words the facts by the rule files and adds the case).
    ///
    /// ```
    /// use safeguarding_rules::{Case, RuleBook};
    /// let case = Case::from_json(r#"{"procedure": "hillingdon-think-family", "facts": {}}"#).unwrap();
    /// let assessment = RuleBook::embedded().assess(&case).unwrap();
    /// assert!(assessment.to_dot().starts_with("digraph assessment {"));
    /// ```
    pub fn to_dot(&self) -> String {
        AssessmentReasons::new(self).to_dot()
    }

    /// The decision paths as a Mermaid flowchart, one subgraph a decision.
    ///
    /// ```
    /// use safeguarding_rules::{Case, RuleBook};
    /// let case = Case::from_json(r#"{"procedure": "hillingdon-think-family", "facts": {}}"#).unwrap();
    /// let assessment = RuleBook::embedded().assess(&case).unwrap();
    /// assert!(assessment.to_mermaid().contains("subgraph decision0["));
    /// ```
    pub fn to_mermaid(&self) -> String {
        AssessmentReasons::new(self).to_mermaid()
    }

    /// The record of reasons as one self-contained HTML file, one section a decision.
    ///
    /// ```
    /// use safeguarding_rules::{Case, RuleBook};
    /// let case = Case::from_json(r#"{"procedure": "hillingdon-think-family", "facts": {}}"#).unwrap();
    /// let html = RuleBook::embedded().assess(&case).unwrap().to_html();
    /// assert!(html.starts_with("<!DOCTYPE html>") && !html.contains("<script"));
    /// ```
    pub fn to_html(&self) -> String {
        AssessmentReasons::new(self).to_html()
    }
}
