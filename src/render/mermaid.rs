//! Mermaid flowcharts: the decision path and a rule set's structure, for Markdown viewers
//! that draw a fenced `mermaid` block.
//!
//! Mermaid reads a label between double quotes and decodes `#…;` entity codes in it, so
//! every character that could mean something to Mermaid or to HTML (quotes, brackets,
//! `;`, `%`, `<`, `&`, `#` and the like) is written as its code: text from a rule file or a
//! case can never close a label, start a directive (`%%{`) or become markup.

use std::fmt::Write;

use crate::determination::document::Kleene;
use crate::render::dot::lines;
use crate::render::path::{Path, Shape, Step, wrap};

const WIDTH: usize = 44;

/// Escapes text for a Mermaid quoted label: letters, digits, spaces, and plain punctuation
/// and non-ASCII characters as they are; anything else as a numeric entity code.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            c if c.is_alphanumeric() && !c.is_ascii() => out.push(c),
            'a'..='z'
            | 'A'..='Z'
            | '0'..='9'
            | ' '
            | '.'
            | ','
            | ':'
            | '?'
            | '!'
            | '-'
            | '/'
            | '\''
            | '_' => out.push(c),
            c if c.is_control() => out.push(' '),
            c => {
                let _ = write!(out, "#{};", u32::from(c));
            }
        }
    }
    out
}

/// A label: each line wrapped and escaped, lines joined by `<br>`.
pub(crate) fn label(lines: &[String]) -> String {
    let mut parts = Vec::new();
    for line in lines {
        parts.extend(wrap(line, WIDTH).iter().map(|l| escape(l)));
    }
    parts.join("<br>")
}

fn class(step: &Step) -> &'static str {
    match (step.value, step.decided) {
        (Some(Kleene::True), true) => "holdsDecided",
        (Some(Kleene::True), false) => "holds",
        (Some(Kleene::False), true) => "failsDecided",
        (Some(Kleene::False), false) => "fails",
        (Some(Kleene::Unknown), _) => "unknown",
        (None, _) => "other",
    }
}

/// Node shapes: outcomes as subroutines (double sides), facts as plain boxes, rules
/// rounded, folded steps as documents... kept to the shapes every Mermaid 10 and 11 reads.
fn open_close(shape: Shape) -> (&'static str, &'static str) {
    match shape {
        Shape::Outcome => ("[[", "]]"),
        Shape::Rule => ("(", ")"),
        Shape::Fact => ("[", "]"),
        Shape::Folded => ("[/", "/]"),
        Shape::Split => ("{{", "}}"),
    }
}

fn node(
    out: &mut String,
    edges: &mut Vec<(usize, usize)>,
    classes: &mut Vec<(usize, &'static str)>,
    step: &Step,
    next: &mut usize,
) -> usize {
    let id = *next;
    *next += 1;
    let (open, close) = open_close(step.shape);
    let _ = writeln!(out, "    n{id}{open}\"{}\"{close}", label(&lines(step)));
    classes.push((id, class(step)));
    for child in &step.children {
        // Edges in the order the steps are drawn, parent first.
        edges.push((id, *next));
        node(out, edges, classes, child, next);
    }
    id
}

/// The class definitions: colour for the value, a dashed or dotted border for grey print,
/// a thick border for what decided.
pub(crate) fn class_defs(out: &mut String) {
    for line in [
        "classDef holds fill:#e3f1e6,stroke:#1e6b34,color:#000000",
        "classDef holdsDecided fill:#e3f1e6,stroke:#1e6b34,stroke-width:3px,color:#000000",
        "classDef fails fill:#fbe3e1,stroke:#a4262c,stroke-dasharray:5 3,color:#000000",
        "classDef failsDecided fill:#fbe3e1,stroke:#a4262c,stroke-width:3px,stroke-dasharray:5 3,color:#000000",
        "classDef unknown fill:#fff3cd,stroke:#7a5c00,stroke-dasharray:2 2,color:#000000",
        "classDef other fill:#ffffff,stroke:#555555,color:#000000",
    ] {
        let _ = writeln!(out, "  {line}");
    }
}

/// The decision path as a Mermaid flowchart: one subgraph a figure, in order.
pub(crate) fn path(path: &Path, title: &str) -> String {
    let mut out = String::new();
    header(&mut out, title);
    let mut drawn = Drawn::default();
    out.push_str(&figures(path, "", "  ", &mut drawn));
    drawn.finish(&mut out);
    out
}

/// The opening lines: the flowchart, its classes, and the title as a comment.
pub(crate) fn header(out: &mut String, title: &str) {
    let _ = writeln!(out, "flowchart LR");
    class_defs(out);
    // The title is a comment: Mermaid 10 and 11 read titles differently, and a comment
    // holds no markup. Escaped all the same, so that no text can end the comment's line.
    let _ = writeln!(out, "  %% {}", escape(title));
}

/// What the nodes drawn so far need written after them: edges and classes.
#[derive(Default)]
pub(crate) struct Drawn {
    edges: Vec<(usize, usize)>,
    classes: Vec<(usize, &'static str)>,
    next: usize,
}

impl Drawn {
    /// The edges and the classes, after every node.
    pub(crate) fn finish(self, out: &mut String) {
        for (from, to) in self.edges {
            let _ = writeln!(out, "  n{from} --> n{to}");
        }
        for (id, class) in self.classes {
            let _ = writeln!(out, "  class n{id} {class}");
        }
    }

    /// One box standing for a whole figure: a decision with no determination.
    pub(crate) fn lone_box(&mut self, text: &str, indent: &str) -> String {
        let id = self.next;
        self.next += 1;
        self.classes.push((id, "other"));
        format!("{indent}  n{id}[\"{}\"]\n", escape(text))
    }
}

/// A path's figures as subgraphs named `figure{prefix}{i}`, indented by `indent`.
pub(crate) fn figures(path: &Path, prefix: &str, indent: &str, drawn: &mut Drawn) -> String {
    let mut out = String::new();
    for (i, figure) in path.figures.iter().enumerate() {
        let caption = path.caption(i);
        let _ = writeln!(
            out,
            "{indent}subgraph figure{prefix}{i}[\"{}\"]",
            escape(&caption)
        );
        let _ = writeln!(out, "{indent}  direction LR");
        let mut nodes = String::new();
        node(
            &mut nodes,
            &mut drawn.edges,
            &mut drawn.classes,
            figure,
            &mut drawn.next,
        );
        for line in nodes.lines() {
            let _ = writeln!(out, "{}{line}", indent.get(2..).unwrap_or(""));
        }
        let _ = writeln!(out, "{indent}end");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_mermaid_reads_survives_escaping() {
        assert_eq!(
            escape("a\"]; %%{x}<b>#"),
            "a#34;#93;#59; #37;#37;#123;x#125;#60;b#62;#35;"
        );
        assert_eq!(escape("✔ é"), "#10004; é");
    }
}
