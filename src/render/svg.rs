//! The library's own SVG of the decision path, laid out as an outline: each step a box on
//! a row of its own, indented under the step it decides, joined by elbow lines.
//!
//! Why an outline and not a layered graph: a condition tree's labels are sentences of the
//! law. Laid out in layers (as Graphviz does), a tree of five levels and a dozen leaves is
//! several page-widths wide, and shrunk to A4 its text is unreadable. An outline grows
//! down, not across: every box keeps the same text size at A4 portrait, and a page break
//! can fall between figures. It needs no font metrics beyond a safe estimate of the
//! width of a character, so the output is the same on every machine.

use std::fmt::Write;

use crate::determination::document::Kleene;
use crate::render::dot::lines;
use crate::render::path::{Path, Shape, Step, value_label, wrap};

/// Width of the whole figure in SVG units (CSS pixels at 100%): A4 portrait's text width.
const WIDTH: usize = 680;
const INDENT: usize = 22;
const MARGIN: usize = 6;
const LINE: usize = 15;
const PAD: usize = 6;
const GAP: usize = 8;
const FONT: f64 = 11.5;
/// A generous estimate of one character's width at [`FONT`], so that lines never overrun
/// their box whatever sans-serif font the reader has.
const CHAR: f64 = 7.2;

/// Escapes text for XML and HTML, in text and in attribute values alike.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // XML 1.0 allows no control characters but tab and newline; all are spaces here.
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn colours(step: &Step) -> (&'static str, &'static str, &'static str) {
    match step.value {
        Some(Kleene::True) => ("#e3f1e6", "#1e6b34", ""),
        Some(Kleene::False) => ("#fbe3e1", "#a4262c", " stroke-dasharray=\"6 3\""),
        Some(Kleene::Unknown) => ("#fff3cd", "#7a5c00", " stroke-dasharray=\"2 2\""),
        None => ("#ffffff", "#555555", ""),
    }
}

struct Layout {
    body: String,
    y: usize,
}

impl Layout {
    /// Draws a step and its children below it; returns the step's top and the y its
    /// connector leaves from.
    fn step(&mut self, step: &Step, depth: usize) -> usize {
        let x = MARGIN + depth * INDENT;
        let width = WIDTH.saturating_sub(x + MARGIN).max(120);
        // Truncation is wanted: a whole number of characters per line.
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss
        )]
        let chars = ((width.saturating_sub(2 * PAD)) as f64 / CHAR)
            .floor()
            .max(10.0) as usize;
        let mut text = Vec::new();
        for line in lines(step) {
            text.extend(wrap(&line, chars));
        }
        let height = 2 * PAD + text.len() * LINE;
        let top = self.y;
        let (fill, stroke, dash) = colours(step);
        let stroke_width = if step.decided { "2.5" } else { "1" };
        let rx = match step.shape {
            Shape::Rule => 8,
            Shape::Folded | Shape::Split => 2,
            Shape::Outcome | Shape::Fact => 0,
        };
        let _ = writeln!(
            self.body,
            "<rect x=\"{x}\" y=\"{top}\" width=\"{width}\" height=\"{height}\" rx=\"{rx}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{stroke_width}\"{dash}/>"
        );
        if step.shape == Shape::Outcome {
            // A second border inside: an outcome reads as one without colour.
            let _ = writeln!(
                self.body,
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"0.8\"/>",
                x + 3,
                top + 3,
                width.saturating_sub(6),
                height.saturating_sub(6)
            );
        }
        for (i, line) in text.iter().enumerate() {
            // The value's symbol and word in bold, so that it is read first.
            let shown = match (i, step.value) {
                (0, Some(v)) => match line.strip_prefix(value_label(v)) {
                    Some(rest) => format!(
                        "<tspan font-weight=\"bold\">{}</tspan>{}",
                        escape(value_label(v)),
                        escape(rest)
                    ),
                    None => escape(line),
                },
                _ => escape(line),
            };
            let _ = writeln!(
                self.body,
                "<text x=\"{}\" y=\"{}\">{shown}</text>",
                x + PAD,
                top + PAD + (i + 1) * LINE - 4,
            );
        }
        self.y = top + height + GAP;
        for child in &step.children {
            let child_top = self.y;
            let child_x = x + INDENT;
            self.step(child, depth + 1);
            // An elbow from the parent's left edge down to the child's first line.
            let from_x = x + INDENT / 2;
            let mid = child_top + PAD + LINE / 2;
            let _ = writeln!(
                self.body,
                "<path d=\"M{from_x} {} V{mid} H{child_x}\" fill=\"none\" stroke=\"#555555\" stroke-width=\"1\"/>",
                top + height
            );
        }
        top
    }
}

/// One figure as an SVG element, to be inlined in HTML (`xmlns` kept, so that it is also
/// a file of its own).
pub(crate) fn figure(step: &Step, caption: &str) -> String {
    let mut layout = Layout {
        body: String::new(),
        y: MARGIN,
    };
    layout.step(step, 0);
    wrap_svg(&layout.body, layout.y, caption)
}

fn wrap_svg(body: &str, height: usize, caption: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {height}\" width=\"{WIDTH}\" height=\"{height}\" role=\"img\" aria-label=\"{}\" font-family=\"DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif\" font-size=\"{FONT}\" fill=\"#000000\">",
        escape(caption)
    );
    let _ = writeln!(out, "<title>{}</title>", escape(caption));
    out.push_str(body);
    out.push_str("</svg>\n");
    out
}

/// The whole decision path as one SVG document: the figures stacked, each under its caption.
pub(crate) fn path(path: &Path, title: &str) -> String {
    let mut layout = Layout {
        body: String::new(),
        y: MARGIN,
    };
    let heading = |layout: &mut Layout, text: &str, size: f64| {
        for line in wrap(text, 90) {
            layout.y += LINE + 2;
            let _ = writeln!(
                layout.body,
                "<text x=\"{MARGIN}\" y=\"{}\" font-weight=\"bold\" font-size=\"{size}\">{}</text>",
                layout.y,
                escape(&line)
            );
        }
        layout.y += GAP;
    };
    heading(&mut layout, title, 13.0);
    for (i, figure) in path.figures.iter().enumerate() {
        heading(&mut layout, &path.caption(i), FONT);
        layout.step(figure, 0);
    }
    wrap_svg(&layout.body, layout.y, title)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_text_stays_text() {
        assert_eq!(
            escape("<script>\"'&\u{1}"),
            "&lt;script&gt;&quot;&#39;&amp; "
        );
    }
}
