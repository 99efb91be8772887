//! Graphviz's DOT language: the decision path and a rule set's structure, for `dot -Tsvg`
//! or any tool that reads DOT.
//!
//! Every string from a rule file or a case is escaped here: a quote, a backslash or a
//! control character can never end a label or start an attribute.

use std::fmt::Write;

use crate::determination::document::Kleene;
use crate::render::path::{Path, Shape, Step, value_label, wrap};

/// Characters a DOT label line holds before it is wrapped: wide enough to read, narrow
/// enough that a figure of a few levels fits a page.
const WIDTH: usize = 44;

/// Escapes text for a DOT double-quoted string: backslashes and quotes escaped, every
/// control character (newlines among them) a space. Graphviz reads the rest as text.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A label of left-justified lines (`\l` ends each), every line escaped.
pub(crate) fn label(lines: &[String]) -> String {
    let mut out = String::new();
    for line in lines {
        for part in wrap(line, WIDTH) {
            out.push_str(&escape(&part));
            out.push_str("\\l");
        }
    }
    out
}

/// The colours, border and emphasis of a step: the value is also in the label, as symbol
/// and word, and the border's dash, so the picture reads in grey print.
fn style(step: &Step) -> String {
    let (fill, line, dash) = match step.value {
        Some(Kleene::True) => ("#e3f1e6", "#1e6b34", ""),
        Some(Kleene::False) => ("#fbe3e1", "#a4262c", ",dashed"),
        Some(Kleene::Unknown) => ("#fff3cd", "#7a5c00", ",dotted"),
        None => ("#ffffff", "#555555", ""),
    };
    let (shape, rounded, peripheries) = match step.shape {
        Shape::Outcome => ("box", "", 2),
        Shape::Rule => ("box", "rounded,", 1),
        Shape::Fact => ("box", "", 1),
        Shape::Folded => ("note", "", 1),
        Shape::Split => ("hexagon", "", 1),
    };
    let width = if step.decided { "2.5" } else { "1" };
    format!(
        "shape={shape}, style=\"{rounded}filled{dash}\", fillcolor=\"{fill}\", color=\"{line}\", penwidth={width}, peripheries={peripheries}"
    )
}

/// The lines of a step's label: value and title, then detail, then citations.
pub(crate) fn lines(step: &Step) -> Vec<String> {
    let mut lines = Vec::new();
    match step.value {
        Some(v) => lines.push(format!("{}: {}", value_label(v), step.title)),
        None => lines.push(step.title.clone()),
    }
    lines.extend(step.detail.iter().cloned());
    if !step.cites.is_empty() {
        lines.push(format!("[{}]", step.cites.join(", ")));
    }
    lines
}

fn node(out: &mut String, edges: &mut Vec<(usize, usize)>, step: &Step, next: &mut usize) -> usize {
    let id = *next;
    *next += 1;
    let _ = writeln!(
        out,
        "    n{id} [label=\"{}\", {}];",
        label(&lines(step)),
        style(step)
    );
    for child in &step.children {
        // Edges in the order the steps are drawn, parent first.
        edges.push((id, *next));
        node(out, edges, child, next);
    }
    id
}

/// The decision path as a DOT digraph: one cluster a figure, in order.
pub(crate) fn path(path: &Path, title: &str) -> String {
    let mut out = String::new();
    header(&mut out, "decision_path", title);
    let mut edges = Vec::new();
    let mut next = 0;
    out.push_str(&figures(path, "", "  ", &mut edges, &mut next));
    edges_and_close(&mut out, &edges);
    out
}

/// A path's figures as clusters named `cluster_{prefix}{i}`, indented by `indent`.
pub(crate) fn figures(
    path: &Path,
    prefix: &str,
    indent: &str,
    edges: &mut Vec<(usize, usize)>,
    next: &mut usize,
) -> String {
    let mut clusters = Vec::new();
    for (i, figure) in path.figures.iter().enumerate() {
        let mut cluster = String::new();
        let caption = path.caption(i);
        let _ = writeln!(cluster, "{indent}subgraph cluster_{prefix}{i} {{");
        let _ = writeln!(cluster, "{indent}  label=\"{}\";", escape(&caption));
        let mut nodes = String::new();
        node(&mut nodes, edges, figure, next);
        for line in nodes.lines() {
            let _ = writeln!(cluster, "{}{line}", indent.get(2..).unwrap_or(""));
        }
        let _ = writeln!(cluster, "{indent}}}");
        clusters.push(cluster);
    }
    // Left to right, Graphviz stacks the clusters it reads last on top: written last
    // first, the first outcome tried is drawn at the top.
    clusters.iter().rev().map(String::as_str).collect()
}

/// The edges, in the order the steps were drawn, and the closing brace.
pub(crate) fn edges_and_close(out: &mut String, edges: &[(usize, usize)]) {
    for (from, to) in edges {
        let _ = writeln!(out, "  n{from} -> n{to};");
    }
    out.push_str("}\n");
}

/// One box standing for a whole figure: a decision with no determination.
pub(crate) fn lone_box(text: &str, next: &mut usize, indent: &str) -> String {
    let id = *next;
    *next += 1;
    format!(
        "{indent}n{id} [label=\"{}\", shape=note, style=\"dashed\", color=\"#555555\"];\n",
        label(&[text.to_string()])
    )
}

/// The opening lines every DOT output shares.
pub(crate) fn header(out: &mut String, name: &str, title: &str) {
    let _ = writeln!(out, "digraph {name} {{");
    let _ = writeln!(
        out,
        "  graph [rankdir=LR, fontname=\"Helvetica\", fontsize=12, labelloc=t, labeljust=l, nodesep=0.2, ranksep=0.35, label=\"{}\"];",
        label(&[title.to_string()])
    );
    let _ = writeln!(
        out,
        "  node [fontname=\"Helvetica\", fontsize=10, margin=\"0.12,0.06\"];"
    );
    let _ = writeln!(
        out,
        "  edge [color=\"#555555\", arrowsize=0.6, fontname=\"Helvetica\", fontsize=9];"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_backslashes_and_newlines_cannot_leave_a_label() {
        assert_eq!(escape("a\"b\\c\nd"), "a\\\"b\\\\c d");
        assert_eq!(label(&["x\"".to_string()]), "x\\\"\\l");
    }
}
