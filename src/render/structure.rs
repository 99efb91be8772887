//! A rule set's structure as a picture, for a board reviewing its pack: its outcomes in
//! order, the rules and facts each one rests on, every node with its citations, and each
//! imported rule set as a cluster of its own. Drawn as a graph (DOT, Mermaid), where a
//! rule or fact used twice is one node, or as the library's own SVG outline, where each
//! outcome is a tree.

use std::fmt::Write;

use crate::render::path::{Path, Shape, Step, first_question};
use crate::rules::model::{DecisionTest, Expr};
use crate::rules::ruleset::RuleSet;

/// One node of the structure.
struct Node {
    id: String,
    shape: Shape,
    lines: Vec<String>,
}

/// One rule set's part of the picture: the top one, or an import's cluster.
struct Cluster {
    caption: String,
    nodes: Vec<Node>,
}

/// The structure: clusters (the rule set first, then each distinct import), and edges
/// with labels naming how a condition uses its target (`all`, `any › not`, `is died`).
struct Graph {
    clusters: Vec<Cluster>,
    edges: Vec<(String, String, String)>,
}

fn cites(c: &[crate::wire::text::Text]) -> String {
    let ids: Vec<&str> = c.iter().map(|t| t.as_str()).collect();
    format!("[{}]", ids.join(", "))
}

struct Builder<'a> {
    graph: Graph,
    /// The rule sets drawn, by id: an import reached twice is one cluster.
    drawn: Vec<&'a str>,
    /// Facts drawn, by id: one flat namespace across imports.
    facts: Vec<String>,
}

impl<'a> Builder<'a> {
    fn set_index(&self, rules: &RuleSet) -> usize {
        self.drawn
            .iter()
            .position(|id| *id == rules.id())
            .unwrap_or(0)
    }

    fn rule_set(&mut self, rules: &'a RuleSet, caption: String) {
        if self.drawn.contains(&rules.id()) {
            return;
        }
        self.drawn.push(rules.id());
        let k = self.drawn.len() - 1;
        let mut nodes = Vec::new();
        for (i, o) in rules.outcomes.iter().enumerate() {
            nodes.push(Node {
                id: format!("s{k}o{i}"),
                shape: Shape::Outcome,
                lines: vec![
                    format!("outcome {} of {}: {}", i + 1, rules.outcomes.len(), o.id),
                    o.says.holds.to_string(),
                    cites(&o.cites),
                ],
            });
        }
        for (i, r) in rules.rules.iter().enumerate() {
            nodes.push(Node {
                id: format!("s{k}r{i}"),
                shape: Shape::Rule,
                lines: vec![
                    format!("rule {}", r.id),
                    r.says.holds.to_string(),
                    cites(&r.cites),
                ],
            });
        }
        for f in rules.doc.facts.iter() {
            if self.facts.contains(&f.id) {
                continue;
            }
            self.facts.push(f.id.clone());
            let mut lines = vec![format!("fact {}", f.id), first_question(&f.question)];
            if f.recorded_only {
                lines.push("recorded only: the law makes it irrelevant".to_string());
            }
            lines.push(format!("[{}]", f.cites.join(", ")));
            nodes.push(Node {
                id: format!("f{}", self.facts.len() - 1),
                shape: Shape::Fact,
                lines,
            });
        }
        self.graph.clusters.push(Cluster { caption, nodes });
        for imp in &rules.imports {
            let caption = format!(
                "imported as {}: {} (version {})",
                imp.name,
                imp.rules.id(),
                imp.rules.version()
            );
            self.rule_set(&imp.rules, caption);
        }
        for (i, o) in rules.outcomes.iter().enumerate() {
            if let Some(condition) = &o.condition {
                self.edges(rules, &format!("s{k}o{i}"), condition, String::new());
            }
        }
        for (i, r) in rules.rules.iter().enumerate() {
            self.edges(rules, &format!("s{k}r{i}"), &r.condition, String::new());
        }
    }

    /// Edges from `from` to everything its condition names, labelled by the way there.
    fn edges(&mut self, rules: &RuleSet, from: &str, expr: &Expr, way: String) {
        let join = |word: &str| {
            if way.is_empty() {
                word.to_string()
            } else {
                format!("{way} › {word}")
            }
        };
        let k = self.set_index(rules);
        match expr {
            Expr::All(xs) => xs
                .iter()
                .for_each(|x| self.edges(rules, from, x, join("all"))),
            Expr::Any(xs) => xs
                .iter()
                .for_each(|x| self.edges(rules, from, x, join("any"))),
            Expr::Not(x) => self.edges(rules, from, x, join("not")),
            Expr::Rule(r) => self
                .graph
                .edges
                .push((from.to_string(), format!("s{k}r{r}"), way)),
            Expr::Test { fact, shown, .. } => {
                let Some(id) = rules.facts.get(*fact).map(|f| f.id.to_string()) else {
                    return;
                };
                let target = match self.facts.iter().position(|f| *f == id) {
                    Some(i) => format!("f{i}"),
                    None => return,
                };
                let test = shown
                    .as_deref()
                    .and_then(|v| v.as_object())
                    .and_then(|o| o.iter().next())
                    .map(|(key, v)| format!("{key} {}", crate::render::path::plain(v)));
                let label = match test {
                    Some(t) => join(&t),
                    None => way,
                };
                self.graph.edges.push((from.to_string(), target, label));
            }
            Expr::Decision { import, test } => {
                let Some(imp) = rules.imports.get(*import) else {
                    return;
                };
                let j = self.set_index(&imp.rules);
                let (word, o) = match test {
                    DecisionTest::Is(o) => ("is", *o),
                    DecisionTest::Possible(o) => ("possible", *o),
                };
                let outcome = imp
                    .rules
                    .outcomes
                    .get(usize::from(o))
                    .map_or_else(|| "undetermined".to_string(), |x| x.id.to_string());
                // The edge goes to the import's first outcome, where its decision starts.
                let label = join(&format!("decision {} {word} {outcome}", imp.name));
                self.graph
                    .edges
                    .push((from.to_string(), format!("s{j}o0"), label));
            }
        }
    }
}

/// The graph of one or more rule sets (a procedure's decisions), each with its caption; a
/// rule set reached twice (an import two decisions share) is one cluster.
fn graph(sets: &[(String, &RuleSet)]) -> Graph {
    let mut b = Builder {
        graph: Graph {
            clusters: Vec::new(),
            edges: Vec::new(),
        },
        drawn: Vec::new(),
        facts: Vec::new(),
    };
    for (caption, rules) in sets {
        b.rule_set(rules, caption.clone());
    }
    b.graph
}

/// A rule set's caption: "care-act-2014-s44: Care Act 2014, section 44 (version …)".
fn caption(rules: &RuleSet) -> String {
    format!(
        "{}: {} (version {})",
        rules.id(),
        rules.title(),
        rules.version()
    )
}

/// The structure of several rule sets under one title, in DOT.
pub(crate) fn sets_to_dot(sets: &[(String, &RuleSet)], name: &str, title: &str) -> String {
    use crate::render::dot::{escape, header, label};
    let g = graph(sets);
    let mut out = String::new();
    header(&mut out, name, title);
    for (i, c) in g.clusters.iter().enumerate() {
        let _ = writeln!(out, "  subgraph cluster_{i} {{");
        let _ = writeln!(out, "    label=\"{}\";", escape(&c.caption));
        for n in &c.nodes {
            let _ = writeln!(
                out,
                "    {} [label=\"{}\", {}];",
                n.id,
                label(&n.lines),
                dot_style(n.shape)
            );
        }
        let _ = writeln!(out, "  }}");
    }
    for (from, to, way) in &g.edges {
        let _ = writeln!(out, "  {from} -> {to} [label=\"{}\"];", escape(way));
    }
    out.push_str("}\n");
    out
}

/// The structure of several rule sets under one title, as a Mermaid flowchart.
pub(crate) fn sets_to_mermaid(sets: &[(String, &RuleSet)], title: &str) -> String {
    use crate::render::mermaid::{escape, label};
    let g = graph(sets);
    let mut out = String::new();
    let _ = writeln!(out, "flowchart LR");
    let _ = writeln!(out, "  %% {}", escape(title));
    for (i, c) in g.clusters.iter().enumerate() {
        let _ = writeln!(out, "  subgraph cluster{i}[\"{}\"]", escape(&c.caption));
        for n in &c.nodes {
            let (open, close) = match n.shape {
                Shape::Outcome => ("[[", "]]"),
                Shape::Rule => ("(", ")"),
                _ => ("[", "]"),
            };
            let _ = writeln!(out, "    {}{open}\"{}\"{close}", n.id, label(&n.lines));
        }
        let _ = writeln!(out, "  end");
    }
    for (from, to, way) in &g.edges {
        if way.is_empty() {
            let _ = writeln!(out, "  {from} --> {to}");
        } else {
            let _ = writeln!(out, "  {from} -->|\"{}\"| {to}", escape(way));
        }
    }
    out
}

/// The outline of several rule sets under one title, as the library's own SVG.
pub(crate) fn sets_to_svg(sets: &[(String, &RuleSet)], title: &str) -> String {
    let mut figures = Vec::new();
    let mut drawn = Vec::new();
    for (_, rules) in sets {
        outline(rules, &mut figures, &mut drawn);
    }
    crate::render::svg::path(&Path { figures }, title)
}

fn dot_style(shape: Shape) -> &'static str {
    match shape {
        Shape::Outcome => "shape=box, peripheries=2, style=filled, fillcolor=\"#e8eef7\"",
        Shape::Rule => "shape=box, style=\"rounded,filled\", fillcolor=\"#f4f4f4\"",
        _ => "shape=box, style=filled, fillcolor=\"#ffffff\"",
    }
}

impl RuleSet {
    /// The rule set's structure in Graphviz's DOT language: outcomes in order, rules and
    /// facts, each with its citations; each imported rule set a cluster.
    ///
    /// ```
    /// use safeguarding_rules::RuleSet;
    /// let rules = RuleSet::embedded("hillingdon-sar-panel").unwrap();
    /// let dot = rules.to_dot();
    /// assert!(dot.starts_with("digraph rule_set {"));
    /// assert!(dot.contains("imported as s44"));
    /// ```
    pub fn to_dot(&self) -> String {
        sets_to_dot(
            &[(caption(self), self)],
            "rule_set",
            &format!("Rule set {}", self.id()),
        )
    }

    /// The rule set's structure as a Mermaid flowchart (see [`RuleSet::to_dot`]).
    ///
    /// ```
    /// use safeguarding_rules::RuleSet;
    /// let rules = RuleSet::embedded("care-act-2014-s44").unwrap();
    /// assert!(rules.to_mermaid().starts_with("flowchart LR"));
    /// ```
    pub fn to_mermaid(&self) -> String {
        sets_to_mermaid(&[(caption(self), self)], &format!("Rule set {}", self.id()))
    }

    /// The rule set's structure as the library's own SVG: each outcome a tree of the
    /// rules and facts its condition names (a rule named twice is drawn again, shortened).
    ///
    /// ```
    /// use safeguarding_rules::RuleSet;
    /// let rules = RuleSet::embedded("care-act-2014-s44").unwrap();
    /// assert!(rules.to_svg().starts_with("<svg"));
    /// ```
    pub fn to_svg(&self) -> String {
        sets_to_svg(
            &[(caption(self), self)],
            &format!("Rule set {}: {}", self.id(), self.title()),
        )
    }
}

/// The outline: a figure per outcome of the rule set, then of each import.
fn outline<'a>(rules: &'a RuleSet, figures: &mut Vec<Step>, drawn: &mut Vec<&'a str>) {
    if drawn.contains(&rules.id()) {
        return;
    }
    drawn.push(rules.id());
    for (i, o) in rules.outcomes.iter().enumerate() {
        let mut root = plain_step(
            Shape::Outcome,
            format!(
                "{}: outcome {} of {}: {}",
                rules.id(),
                i + 1,
                rules.outcomes.len(),
                o.id
            ),
            vec![o.says.holds.to_string()],
            &o.cites,
        );
        if let Some(c) = &o.condition {
            let mut seen = Vec::new();
            root.children = expr_steps(rules, c, &mut seen);
        }
        figures.push(root);
    }
    for imp in &rules.imports {
        outline(&imp.rules, figures, drawn);
    }
}

fn plain_step(
    shape: Shape,
    title: String,
    detail: Vec<String>,
    c: &[crate::wire::text::Text],
) -> Step {
    Step {
        shape,
        value: None,
        title,
        detail,
        cites: c.iter().map(ToString::to_string).collect(),
        decided: false,
        children: Vec::new(),
    }
}

fn expr_steps(rules: &RuleSet, expr: &Expr, seen: &mut Vec<usize>) -> Vec<Step> {
    match expr {
        Expr::All(xs) | Expr::Any(xs) => {
            let word = if matches!(expr, Expr::All(_)) {
                "all of these"
            } else {
                "any of these"
            };
            let mut s = plain_step(Shape::Rule, word.to_string(), Vec::new(), &[]);
            s.children = xs.iter().flat_map(|x| expr_steps(rules, x, seen)).collect();
            vec![s]
        }
        Expr::Not(x) => {
            let mut s = plain_step(Shape::Rule, "not this".to_string(), Vec::new(), &[]);
            s.children = expr_steps(rules, x, seen);
            vec![s]
        }
        Expr::Rule(r) => {
            let Some(rule) = rules.rules.get(*r) else {
                return Vec::new();
            };
            let mut s = plain_step(
                Shape::Rule,
                format!("rule {}", rule.id),
                vec![rule.says.holds.to_string()],
                &rule.cites,
            );
            if seen.contains(r) {
                s.detail = vec!["drawn in full above".to_string()];
            } else {
                seen.push(*r);
                s.children = expr_steps(rules, &rule.condition, seen);
            }
            vec![s]
        }
        Expr::Test { fact, shown, .. } => {
            let Some(f) = rules.facts.get(*fact) else {
                return Vec::new();
            };
            let test = shown
                .as_deref()
                .and_then(|v| v.as_object())
                .and_then(|o| o.iter().next())
                .map(|(key, v)| format!("test: {key} {}", crate::render::path::plain(v)));
            vec![plain_step(
                Shape::Fact,
                format!("fact {}: {}", f.id, first_question(&f.question)),
                test.into_iter().collect(),
                &f.cites,
            )]
        }
        Expr::Decision { import, test } => {
            let Some(imp) = rules.imports.get(*import) else {
                return Vec::new();
            };
            let (word, o) = match test {
                DecisionTest::Is(o) => ("is", *o),
                DecisionTest::Possible(o) => ("can still be", *o),
            };
            let outcome = imp
                .rules
                .outcomes
                .get(usize::from(o))
                .map_or_else(|| "undetermined".to_string(), |x| x.id.to_string());
            vec![plain_step(
                Shape::Rule,
                format!(
                    "decision {} ({}) {word} {outcome}",
                    imp.name,
                    imp.rules.id()
                ),
                vec!["its outcomes are drawn below".to_string()],
                &imp.cites,
            )]
        }
    }
}
