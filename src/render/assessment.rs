//! An assessment as plain text and as Markdown: each decision rendered as a determination
//! is, under its name, then what is still needed across them, the next question and the
//! procedure's notes.

use std::fmt::Write;

use crate::determination::assessment::Assessment;
use crate::render::assessment_reasons::absent;

impl Assessment {
    /// The assessment as plain text for a terminal.
    ///
    /// ```
    /// use safeguarding_rules::{Case, RuleBook};
    /// let case = Case::from_json(r#"{"procedure": "hillingdon-think-family", "facts": {}}"#).unwrap();
    /// let assessment = RuleBook::embedded().assess(&case).unwrap();
    /// assert!(assessment.to_text().starts_with("procedure: hillingdon-think-family"));
    /// ```
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "procedure: {} (version {})",
            self.procedure.id, self.procedure.version
        );
        let _ = writeln!(out, "{}", self.summary);
        for d in &self.decisions {
            let _ = writeln!(out, "\n=== decision {} ===", d.name);
            match &d.determination {
                Some(det) => out.push_str(&det.to_text()),
                None => {
                    let _ = writeln!(out, "{}", absent(d));
                }
            }
        }
        let _ = writeln!(out, "\n=== across the decisions ===");
        if !self.missing_facts.is_empty() {
            let _ = writeln!(out, "still needed:");
            for m in &self.missing_facts {
                let asked = if m.asked { " (asked, not known)" } else { "" };
                let _ = writeln!(
                    out,
                    "  - {}{asked} (for {}): {} [{}]",
                    m.fact,
                    m.for_decisions.join(", "),
                    m.question,
                    m.cites.join(", ")
                );
            }
        }
        match &self.next_question {
            Some(q) => {
                let _ = writeln!(
                    out,
                    "next question (for {}): {} [{}]",
                    q.for_decisions.join(", "),
                    q.question,
                    q.cites.join(", ")
                );
            }
            None => {
                let _ = writeln!(out, "next question: none");
            }
        }
        if !self.notes.is_empty() {
            let _ = writeln!(out, "notes:");
            for n in &self.notes {
                let _ = writeln!(out, "  - {} [{}]: {}", n.id, n.cites.join(", "), n.text);
            }
        }
        let _ = writeln!(out, "procedure's provisions:");
        for (id, p) in &self.provisions {
            let _ = writeln!(out, "  {id}: {}", p.cite);
            let _ = writeln!(out, "    \"{}\"", p.text);
            let _ = writeln!(out, "    {}", p.url);
        }
        out
    }

    /// The assessment as Markdown, fit for a panel's record of reasons: each decision's
    /// determination under a heading of its own.
    ///
    /// ```
    /// use safeguarding_rules::{Case, RuleBook};
    /// let case = Case::from_json(r#"{"procedure": "hillingdon-think-family", "facts": {}}"#).unwrap();
    /// let assessment = RuleBook::embedded().assess(&case).unwrap();
    /// assert!(assessment.to_markdown().contains("## Decision `sar_panel`"));
    /// ```
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "# Assessment: `{}`\n", self.procedure.id);
        let _ = writeln!(out, "{}\n", self.summary);
        let _ = writeln!(
            out,
            "- **Procedure:** `{}`, version {}\n- **Fingerprint:** `{}`\n",
            self.procedure.id, self.procedure.version, self.procedure.fingerprint
        );
        for d in &self.decisions {
            let _ = writeln!(out, "## Decision `{}`\n", d.name);
            match &d.determination {
                Some(det) => {
                    for line in det.to_markdown().lines() {
                        if line.starts_with('#') {
                            let _ = writeln!(out, "##{line}");
                        } else {
                            let _ = writeln!(out, "{line}");
                        }
                    }
                    out.push('\n');
                }
                None => {
                    let _ = writeln!(out, "This decision {}.\n", absent(d));
                }
            }
        }
        let _ = writeln!(out, "## Across the decisions\n");
        if !self.missing_facts.is_empty() {
            let _ = writeln!(out, "| fact | for | question |\n|---|---|---|");
            for m in &self.missing_facts {
                let _ = writeln!(
                    out,
                    "| `{}` | {} | {} |",
                    m.fact,
                    m.for_decisions.join(", "),
                    m.question.replace('|', "\\|")
                );
            }
            out.push('\n');
        }
        if let Some(q) = &self.next_question {
            let _ = writeln!(out, "**Next question:** {}\n", q.question);
        }
        if !self.notes.is_empty() {
            let _ = writeln!(out, "### Notes\n");
            for n in &self.notes {
                let _ = writeln!(out, "- **{}** ({}): {}", n.id, n.cites.join(", "), n.text);
            }
            out.push('\n');
        }
        let _ = writeln!(out, "### The procedure's provisions\n");
        for (id, p) in &self.provisions {
            let _ = writeln!(out, "- **{id}** ({}): \"{}\" <{}>", p.cite, p.text, p.url);
        }
        out
    }
}
