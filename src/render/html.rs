//! HTML: the panel's record of reasons as one self-contained file. Inline CSS and the
//! library's own SVG, no script and nothing loaded from anywhere: a filed record runs no
//! code and reads the same in ten years. Printable on A4, and legible in grey print:
//! every value is a symbol and a word and a border's dash as well as a colour.

use std::fmt::Write;

use crate::render::path::{Shape, Step, value_label};
use crate::render::record::RecordOfReasons;
use crate::render::svg::escape;

/// The style sheet: screen and print. No `url()`, no `@import`, no web fonts.
pub(crate) const STYLE: &str = "
body { font-family: 'DejaVu Sans', 'Liberation Sans', Arial, Helvetica, sans-serif; font-size: 11pt; line-height: 1.4; color: #000; background: #fff; margin: 0; }
main { max-width: 180mm; margin: 0 auto; padding: 12mm 8mm; }
h1 { font-size: 18pt; margin: 0 0 6pt; }
h2 { font-size: 14pt; margin: 18pt 0 6pt; border-bottom: 1px solid #777; }
h3 { font-size: 12pt; margin: 12pt 0 4pt; }
.outcome { font-size: 13pt; border: 2px solid #000; padding: 6pt 8pt; }
table { border-collapse: collapse; width: 100%; margin: 6pt 0; }
th, td { border: 1px solid #999; padding: 3pt 5pt; text-align: left; vertical-align: top; }
th { background: #eee; }
th[scope=row] { width: 9.5em; }
code, .fingerprint { font-family: 'DejaVu Sans Mono', 'Liberation Mono', monospace; font-size: 9pt; word-break: break-all; }
figure { margin: 8pt 0 14pt; }
figure svg { max-width: 100%; height: auto; display: block; }
figcaption { font-weight: bold; margin-bottom: 4pt; }
ul.reasons, ul.reasons ul { list-style: none; padding-left: 1.2em; margin: 0; }
ul.reasons { padding-left: 0; }
ul.reasons li { margin: 2pt 0; }
.decided { font-weight: bold; }
.value { white-space: nowrap; }
blockquote { margin: 4pt 0 10pt 12pt; padding-left: 8pt; border-left: 3px solid #777; }
.cites { color: #333; }
@page { size: A4; margin: 15mm; }
@media print {
  main { max-width: none; padding: 0; }
  h2, h3, figcaption { break-after: avoid; }
  tr, blockquote, li { break-inside: avoid; }
  a { color: #000; text-decoration: none; }
}
";

pub(crate) fn cites(ids: &[String]) -> String {
    if ids.is_empty() {
        String::new()
    } else {
        format!(
            " <span class=\"cites\">({})</span>",
            escape(&ids.join(", "))
        )
    }
}

fn step_item(out: &mut String, step: &Step) {
    let class = if step.decided {
        " class=\"decided\""
    } else {
        ""
    };
    let _ = write!(out, "<li{class}>");
    if let Some(v) = step.value {
        let _ = write!(
            out,
            "<span class=\"value\">{}</span>: ",
            escape(value_label(v))
        );
    }
    out.push_str(&escape(&step.title));
    for d in &step.detail {
        let _ = write!(out, "; {}", escape(d));
    }
    out.push_str(&cites(&step.cites));
    if !step.children.is_empty() {
        out.push_str("\n<ul>\n");
        for child in &step.children {
            step_item(out, child);
        }
        out.push_str("</ul>");
    }
    out.push_str("</li>\n");
}

/// A link to a provision's text where its address is the web's, else the address as text:
/// a rule file's `javascript:` address must not become a link a reader can click.
pub(crate) fn link(url: &str) -> String {
    if url.starts_with("https://") || url.starts_with("http://") {
        format!("<a href=\"{0}\">{0}</a>", escape(url))
    } else {
        escape(url)
    }
}

impl RecordOfReasons<'_> {
    /// The record of reasons as one self-contained HTML file: outcome and summary first,
    /// then the case and rule set, the decision path as inline SVG, the facts given, the
    /// reasons as text, the facts still needed with their answers, the notes, and every
    /// provision cited quoted. No script, nothing loaded; printable on A4.
    pub fn to_html(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">"
        );
        let _ = writeln!(
            out,
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        );
        let _ = writeln!(
            out,
            "<title>Record of reasons: {}</title>",
            escape(&self.title())
        );
        let _ = writeln!(out, "<style>{STYLE}</style>\n</head>\n<body>\n<main>");
        let _ = writeln!(out, "<h1>Record of reasons: {}</h1>", escape(&self.title()));
        self.html_body(&mut out, 2);
        let _ = writeln!(out, "</main>\n</body>\n</html>");
        out
    }

    /// Everything under the title: the outcome, the identity table, the decision path,
    /// the facts, the reasons, what is still needed, notes and provisions. `h2` is the
    /// level of its section headings (2 in a record of its own, 3 inside an assessment).
    pub(crate) fn html_body(&self, out: &mut String, h2: usize) {
        let det = self.determination;
        let h3 = h2 + 1;
        let _ = writeln!(
            *out,
            "<p class=\"outcome\"><strong>Outcome: {}.</strong> {}</p>",
            escape(&det.outcome),
            escape(&det.summary)
        );
        self.html_identity(out);
        let _ = writeln!(*out, "<h{h2}>Decision path</h{h2}>");
        let _ = writeln!(
            *out,
            "<p>The outcomes in the order the rule set tries them. Each box shows its value as a symbol and a word (✔ holds, ✘ fails, ? not yet known); a thick border marks what decided; steps that decided nothing are folded into one box.</p>"
        );
        let path = self.path(true);
        for (i, figure) in path.figures.iter().enumerate() {
            let caption = path.caption(i);
            let _ = writeln!(
                out,
                "<figure>\n<figcaption>{}</figcaption>",
                escape(&caption)
            );
            out.push_str(&crate::render::svg::figure(figure, &caption));
            let _ = writeln!(*out, "</figure>");
        }
        self.html_facts(out);
        let _ = writeln!(*out, "<h{h2}>Reasons</h{h2}>");
        let _ = writeln!(
            *out,
            "<p>Every step, with its value and the provisions it rests on; <strong>bold</strong> steps decided the outcome.</p>"
        );
        let full = self.path(false);
        for figure in &full.figures {
            if figure.shape == Shape::Split {
                let _ = writeln!(
                    out,
                    "<h{h3}>Case split</h{h3}>\n<p>The outcome is the same whichever way the fact below is answered, though the steps above leave it open.</p>"
                );
            }
            out.push_str("<ul class=\"reasons\">\n");
            step_item(out, figure);
            out.push_str("</ul>\n");
        }
        self.html_needed(out);
        if !det.notes.is_empty() {
            let _ = writeln!(*out, "<h{h2}>Notes</h{h2}>\n<ul>");
            for n in &det.notes {
                let ids: Vec<String> = n.cites.iter().map(ToString::to_string).collect();
                let _ = writeln!(*out, "<li>{}{}</li>", escape(&n.text), cites(&ids));
            }
            let _ = writeln!(*out, "</ul>");
        }
        let _ = writeln!(*out, "<h{h2}>Provisions cited</h{h2}>");
        for (id, p) in self.provisions() {
            let _ = writeln!(
                out,
                "<h{h3}>{}: {}</h{h3}>\n<blockquote>{}</blockquote>\n<p>{}</p>",
                escape(&id),
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

    fn html_identity(&self, out: &mut String) {
        let det = self.determination;
        let _ = writeln!(out, "<table>");
        let reference = self
            .reference()
            .map_or_else(|| "none given".to_string(), escape);
        let as_of = self.as_of().map_or_else(
            || "not given (the newest version of the rule set applies)".to_string(),
            escape,
        );
        let title = self
            .rule_set_title()
            .map(|t| format!(": {}", escape(t)))
            .unwrap_or_default();
        let possible: Vec<&str> = det.possible_outcomes.iter().map(|o| o.as_str()).collect();
        for (head, value) in [
            ("Case reference", reference),
            ("Decided as of", as_of),
            ("Rule set", format!("{}{title}", escape(&det.rule_set.id))),
            ("Version", escape(&det.rule_set.version)),
            (
                "Fingerprint",
                format!(
                    "<span class=\"fingerprint\">{}</span>",
                    escape(&det.rule_set.fingerprint)
                ),
            ),
            ("Possible outcomes", escape(&possible.join(", "))),
        ] {
            let _ = writeln!(
                out,
                "<tr><th scope=\"row\">{head}</th><td>{value}</td></tr>"
            );
        }
        let _ = writeln!(out, "</table>");
    }

    fn html_facts(&self, out: &mut String) {
        let _ = writeln!(out, "<h2>Facts given</h2>");
        if self.case.is_none() {
            let _ = writeln!(
                out,
                "<p>The case itself was not given to this rendering: these are the facts its reasons show as given.</p>"
            );
        }
        let facts = self.facts_given();
        if facts.is_empty() {
            let _ = writeln!(out, "<p>None.</p>");
            return;
        }
        let _ = writeln!(
            out,
            "<table>\n<tr><th scope=\"col\">Fact</th><th scope=\"col\">Answer</th><th scope=\"col\">Source</th></tr>"
        );
        for f in facts {
            let recorded = if f.recorded_only {
                " <em>(recorded only: the law makes it irrelevant to the outcome)</em>"
            } else {
                ""
            };
            let source = f
                .source
                .as_deref()
                .map_or_else(|| "none given".to_string(), escape);
            let _ = writeln!(
                out,
                "<tr><td>{}{recorded}{}</td><td>{}</td><td>{source}</td></tr>",
                escape(&f.question),
                cites(&f.cites),
                escape(&f.value)
            );
        }
        let _ = writeln!(out, "</table>");
    }

    fn html_needed(&self, out: &mut String) {
        let det = self.determination;
        if !det.missing_facts.is_empty() {
            let _ = writeln!(out, "<h2>Facts still needed</h2>\n<table>");
            let _ = writeln!(
                out,
                "<tr><th scope=\"col\">Question</th><th scope=\"col\">If the answer is: the outcomes still possible</th></tr>"
            );
            for m in &det.missing_facts {
                let asked = if m.asked {
                    " <em>(asked, not known)</em>"
                } else {
                    ""
                };
                let ids: Vec<String> = m.cites.iter().map(ToString::to_string).collect();
                let answers: Vec<String> = self
                    .answers(&m.fact)
                    .iter()
                    .map(|(v, o)| format!("{}: {}", escape(v), escape(o)))
                    .collect();
                let _ = writeln!(
                    out,
                    "<tr><td>{}{asked}{}</td><td>{}</td></tr>",
                    escape(&m.question),
                    cites(&ids),
                    answers.join("<br>")
                );
            }
            let _ = writeln!(out, "</table>");
        }
        if let Some(q) = &det.next_question {
            let ids: Vec<String> = q.cites.iter().map(ToString::to_string).collect();
            let _ = writeln!(
                out,
                "<p><strong>Next question:</strong> {}{}</p>",
                escape(&q.question),
                cites(&ids)
            );
        }
    }
}
