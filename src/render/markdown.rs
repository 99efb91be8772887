//! Markdown: the record of reasons for a panel's file, the decision path last as a
//! fenced `mermaid` block, so that a printed record reads first.
//!
//! Text from a rule file or a case is escaped: it can neither start markup (`*`, `_`, `[`,
//! `<`) nor break a table (`|`) or a list (a line break).

use std::fmt::Write;

use crate::render::path::{Step, value_label};
use crate::render::record::RecordOfReasons;

/// Escapes text for Markdown: every ASCII punctuation mark Markdown or HTML reads is
/// backslash-escaped, and line breaks become spaces.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        // An underscore inside a word (`mandatory_review`) cannot start emphasis in
        // CommonMark, so ids stay readable in the raw text.
        let inside = |j: Option<usize>| {
            j.and_then(|j| chars.get(j))
                .is_some_and(|c: &char| c.is_alphanumeric())
        };
        if c == '_' && inside(i.checked_sub(1)) && inside(i.checked_add(1)) {
            out.push(c);
            continue;
        }
        match c {
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '<' | '>' | '#' | '|' | '!' | '~'
            | '&' => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn cites(ids: &[String]) -> String {
    if ids.is_empty() {
        String::new()
    } else {
        format!(" ({})", escape(&ids.join(", ")))
    }
}

/// One step of the reasons: value as symbol and word, the rule file's words, the answer
/// and source of a fact; bold only when it decided.
fn step_line(out: &mut String, step: &Step, depth: usize) {
    let mut line = String::new();
    if let Some(v) = step.value {
        let _ = write!(line, "{}: ", value_label(v));
    }
    line.push_str(&escape(&step.title));
    for d in &step.detail {
        let _ = write!(line, "; {}", escape(d));
    }
    line.push_str(&cites(&step.cites));
    let line = if step.decided {
        format!("**{line}**")
    } else {
        line
    };
    let _ = writeln!(out, "{}- {line}", "  ".repeat(depth));
    for child in &step.children {
        step_line(out, child, depth + 1);
    }
}

impl RecordOfReasons<'_> {
    /// The record of reasons as Markdown: outcome and summary, the case and the rule set
    /// that decided it, the facts given, the reasons in the rule file's words, what is
    /// still needed, the notes, every provision cited quoted, and the decision path last.
    pub fn to_markdown(&self) -> String {
        let det = self.determination;
        let mut out = String::new();
        let _ = writeln!(out, "# Record of reasons: {}\n", escape(&self.title()));
        let _ = writeln!(
            out,
            "**Outcome: {}.** {}\n",
            escape(&det.outcome),
            escape(&det.summary)
        );
        self.identity(&mut out);
        self.facts(&mut out);
        let _ = writeln!(out, "## Reasons\n");
        let _ = writeln!(
            out,
            "The outcomes in the order the rule set tries them, each step with its value (✔ holds, ✘ fails, ? not yet known) and the provisions it rests on. **Bold** steps decided the outcome.\n"
        );
        let path = self.path(false);
        for (i, figure) in path.figures.iter().enumerate() {
            if figure.shape == crate::render::path::Shape::Split {
                let _ = writeln!(
                    out,
                    "\n### Case split\n\nThe outcome is the same whichever way the fact below is answered, though the steps above leave it open.\n"
                );
            } else if i > 0 {
                out.push('\n');
            }
            step_line(&mut out, figure, 0);
        }
        self.still_needed(&mut out);
        self.counterfactuals(&mut out);
        if !det.notes.is_empty() {
            let _ = writeln!(out, "\n## Notes\n");
            for n in &det.notes {
                let _ = writeln!(out, "- {}{}", escape(&n.text), cites(&to_strings(&n.cites)));
            }
        }
        let _ = writeln!(out, "\n## Provisions cited\n");
        for (id, p) in self.provisions() {
            let _ = writeln!(
                out,
                "**{}**: {}, {}\n",
                escape(&id),
                escape(&p.cite),
                escape(&p.url)
            );
            for line in p.text.split('\n') {
                let _ = writeln!(out, "> {}", escape(line));
            }
            out.push('\n');
        }
        let _ = writeln!(out, "## Decision path (diagram)\n");
        let _ = writeln!(out, "```mermaid\n{}```", self.to_mermaid());
        out
    }

    fn identity(&self, out: &mut String) {
        let det = self.determination;
        let _ = writeln!(out, "| | |\n|---|---|");
        let reference = self
            .reference()
            .map_or_else(|| "none given".to_string(), escape);
        let _ = writeln!(out, "| Case reference | {reference} |");
        let as_of = self.as_of().map_or_else(
            || "not given (the newest version of the rule set applies)".to_string(),
            escape,
        );
        let _ = writeln!(out, "| Decided as of | {as_of} |");
        let title = self
            .rule_set_title()
            .map(|t| format!(": {}", escape(t)))
            .unwrap_or_default();
        let _ = writeln!(out, "| Rule set | {}{title} |", escape(&det.rule_set.id));
        let _ = writeln!(out, "| Version | {} |", escape(&det.rule_set.version));
        let _ = writeln!(out, "| Fingerprint | `{}` |", det.rule_set.fingerprint);
        let possible: Vec<&str> = det.possible_outcomes.iter().map(|o| o.as_str()).collect();
        let _ = writeln!(
            out,
            "| Possible outcomes | {} |\n",
            escape(&possible.join(", "))
        );
    }

    fn facts(&self, out: &mut String) {
        let facts = self.facts_given();
        let _ = writeln!(out, "## Facts given\n");
        if self.case.is_none() {
            let _ = writeln!(
                out,
                "The case itself was not given to this rendering: these are the facts its reasons show as given.\n"
            );
        }
        if facts.is_empty() {
            let _ = writeln!(out, "None.\n");
            return;
        }
        let _ = writeln!(out, "| Fact | Answer | Source |\n|---|---|---|");
        for f in facts {
            let recorded = if f.recorded_only {
                " (recorded only: the law makes it irrelevant to the outcome)"
            } else {
                ""
            };
            let source = f
                .source
                .as_deref()
                .map_or_else(|| "none given".to_string(), escape);
            let _ = writeln!(
                out,
                "| {}{recorded}{} | {} | {source} |",
                escape(&f.question),
                cites(&f.cites),
                escape(&f.value)
            );
        }
        out.push('\n');
    }

    fn still_needed(&self, out: &mut String) {
        let det = self.determination;
        if !det.missing_facts.is_empty() {
            let _ = writeln!(out, "\n## Facts still needed\n");
            for m in &det.missing_facts {
                let asked = if m.asked { " (asked, not known)" } else { "" };
                let _ = writeln!(
                    out,
                    "- {}{asked}{}",
                    escape(&m.question),
                    cites(&to_strings(&m.cites))
                );
                for (value, outcomes) in self.answers(&m.fact) {
                    let _ = writeln!(out, "  - if {}: {}", escape(&value), escape(&outcomes));
                }
            }
        }
        if let Some(q) = &det.next_question {
            let _ = writeln!(
                out,
                "\n**Next question:** {}{}",
                escape(&q.question),
                cites(&to_strings(&q.cites))
            );
        }
    }

    fn counterfactuals(&self, out: &mut String) {
        let Some(list) = &self.determination.counterfactuals else {
            return;
        };
        let _ = writeln!(out, "\n## What would have changed the outcome\n");
        if list.is_empty() {
            let _ = writeln!(
                out,
                "No change to one or two of the facts given would settle a different outcome."
            );
        }
        let words = self.words();
        for c in list {
            let changes: Vec<String> = c
                .changes
                .iter()
                .map(|ch| {
                    format!(
                        "{} been {} instead of {}",
                        words.fact_name(&ch.fact),
                        crate::render::path::plain(&ch.to),
                        crate::render::path::plain(&ch.from)
                    )
                })
                .collect();
            let _ = writeln!(
                out,
                "- Had the answer to {}, the outcome would have been {}{}.",
                escape(&changes.join(" and the answer to ")),
                escape(&c.outcome),
                cites(&to_strings(&c.cites))
            );
        }
    }
}

pub(crate) fn to_strings(cites: &crate::wire::text::Cites) -> Vec<String> {
    cites.iter().map(ToString::to_string).collect()
}
