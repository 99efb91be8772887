//! The tracer: trace trees for one assignment, a node for each outcome, rule and fact test.

use serde_json::json;

use crate::case::answer::Answer;
use crate::case::known::{Known, Status};
use crate::determination::document::{
    Combine, Determination, FactStatus, Kleene, NodeKind, TraceNode,
};
use crate::evaluate::kleene::{combine_values, decision_value_of, none_of, tested_value};
use crate::rules::model::{DecisionTest, Expr, Says, Test};
use crate::rules::ruleset::{RuleSet, VarOwner};
use crate::wire::text::{Cites, Json, Text};

/// Builds trace trees for one assignment.
pub(crate) struct Tracer<'a> {
    pub(crate) rules: &'a RuleSet,
    pub(crate) known: &'a Known<'a>,
    /// The imported determinations, by import.
    pub(crate) decisions: &'a [Determination],
    /// Variables assumed in the case split branch being traced (empty outside a split;
    /// a variable past the end is not assumed).
    pub(crate) assumed: Vec<bool>,
}

pub(crate) fn says(value: Kleene, says: &Says) -> Text {
    match value {
        Kleene::True => says.holds.clone(),
        Kleene::False => says.fails.clone(),
        Kleene::Unknown => says.unknown.clone(),
    }
}

pub(crate) fn mark_decisive(children: &mut [TraceNode], combine: Combine, value: Kleene) {
    for c in children {
        c.decisive = match (combine, value) {
            (_, Kleene::Unknown) => c.value == Kleene::Unknown,
            (Combine::All, Kleene::False) | (Combine::Any, Kleene::True) => c.value == value,
            (Combine::All, Kleene::True) | (Combine::Any, Kleene::False) => true,
        };
    }
}

impl Tracer<'_> {
    /// The outcome nodes up to the settled outcome, or all of them while undetermined.
    pub(crate) fn outcomes(
        &self,
        assignment: &[Option<u8>],
        settled: Option<usize>,
    ) -> Vec<TraceNode> {
        let count = settled.map_or(self.rules.outcomes.len(), |o| o + 1);
        let mut nodes: Vec<TraceNode> = Vec::with_capacity(count);
        for o in self.rules.outcomes.iter().take(count) {
            let (combine, children, value) = match &o.condition {
                Some(c) => self.condition(c, &o.cites, assignment),
                // The last outcome holds when no earlier one does, and their nodes, all
                // conditional, are already built.
                None => (None, Vec::new(), none_of(nodes.iter().map(|n| n.value))),
            };
            nodes.push(TraceNode {
                kind: NodeKind::Outcome,
                id: Some(o.id.clone()),
                combine,
                cites: o.cites.clone(),
                value,
                says: Some(says(value, &o.says)),
                decisive: settled.is_some(),
                children,
                ..leaf()
            });
        }
        nodes
    }

    /// A rule's or outcome's condition as its children: the parts of an `all` or `any`
    /// directly, anything else as the one child.
    pub(crate) fn condition(
        &self,
        expr: &Expr,
        cites: &Cites,
        assignment: &[Option<u8>],
    ) -> (Option<Combine>, Vec<TraceNode>, Kleene) {
        match expr {
            Expr::All(xs) | Expr::Any(xs) => {
                let combine = if matches!(expr, Expr::All(_)) {
                    Combine::All
                } else {
                    Combine::Any
                };
                let mut children: Vec<TraceNode> =
                    xs.iter().map(|x| self.node(x, cites, assignment)).collect();
                // From the children's values: re-evaluating the subtree would be quadratic.
                let value = combine_values(combine, children.iter().map(|c| c.value));
                mark_decisive(&mut children, combine, value);
                (Some(combine), children, value)
            }
            _ => {
                let mut child = self.node(expr, cites, assignment);
                child.decisive = true;
                let value = child.value;
                (None, vec![child], value)
            }
        }
    }

    pub(crate) fn node(&self, expr: &Expr, cites: &Cites, assignment: &[Option<u8>]) -> TraceNode {
        match expr {
            Expr::All(_) | Expr::Any(_) => {
                let (combine, children, value) = self.condition(expr, cites, assignment);
                let kind = if combine == Some(Combine::Any) {
                    NodeKind::Any
                } else {
                    NodeKind::All
                };
                TraceNode {
                    kind,
                    cites: cites.clone(),
                    value,
                    children,
                    ..leaf()
                }
            }
            Expr::Not(x) => {
                let mut child = self.node(x, cites, assignment);
                child.decisive = true;
                let value = match child.value {
                    Kleene::True => Kleene::False,
                    Kleene::False => Kleene::True,
                    Kleene::Unknown => Kleene::Unknown,
                };
                TraceNode {
                    kind: NodeKind::Not,
                    cites: cites.clone(),
                    value,
                    children: vec![child],
                    ..leaf()
                }
            }
            Expr::Rule(r) => match self.rules.rules.get(*r) {
                Some(rule) => {
                    let (combine, children, value) =
                        self.condition(&rule.condition, &rule.cites, assignment);
                    TraceNode {
                        kind: NodeKind::Rule,
                        id: Some(rule.id.clone()),
                        combine,
                        cites: rule.cites.clone(),
                        value,
                        says: Some(says(value, &rule.says)),
                        children,
                        ..leaf()
                    }
                }
                None => leaf(),
            },
            Expr::Test { fact, test, shown } => {
                self.fact_leaf(*fact, *test, shown.as_ref(), assignment)
            }
            Expr::Decision { import, test } => self.decision_node(*import, *test, assignment),
        }
    }

    /// An imported determination, with its own trace, as a cited subtree.
    pub(crate) fn decision_node(
        &self,
        import: usize,
        test: DecisionTest,
        assignment: &[Option<u8>],
    ) -> TraceNode {
        let (Some(imp), Some(det)) = (self.rules.imports.get(import), self.decisions.get(import))
        else {
            return leaf();
        };
        let name = |o: u8| {
            imp.rules
                .outcomes
                .get(usize::from(o))
                .map_or(crate::rules::identity::UNDETERMINED, |x| x.id.as_str())
        };
        let test_json = match test {
            DecisionTest::Is(o) => json!({"is": name(o)}),
            DecisionTest::Possible(o) => json!({"possible": name(o)}),
        };
        TraceNode {
            kind: NodeKind::Decision,
            id: Some(imp.name.clone()),
            cites: imp.cites.clone(),
            value: decision_value_of(self.rules, import, test, assignment),
            says: Some(det.summary.clone()),
            test: Some(test_json.into()),
            rule_set: Some(Box::new(det.rule_set.clone())),
            outcome: Some(det.outcome.clone()),
            possible_outcomes: Some(det.possible_outcomes.clone()),
            trace: det.trace.clone(),
            notes: det.notes.clone(),
            ..leaf()
        }
    }

    pub(crate) fn fact_leaf(
        &self,
        f: usize,
        test: Test,
        shown: Option<&Json>,
        assignment: &[Option<u8>],
    ) -> TraceNode {
        let Some(fact) = self.rules.facts.get(f) else {
            return leaf();
        };
        // One read of the test gives both its value and its variable.
        let tested = self.rules.variables.test(f, test);
        let value = tested_value(tested, assignment);
        let var = tested.map(|(v, _)| v as usize);
        let assumed = !matches!(test, Test::Given(_))
            && var.is_some_and(|v| self.assumed.get(v) == Some(&true));
        let mut node = TraceNode {
            kind: NodeKind::Fact,
            fact: Some(fact.id.clone()),
            cites: fact.cites.clone(),
            value,
            test: shown.cloned(),
            ..leaf()
        };
        if assumed {
            node.status = Some(FactStatus::Assumed);
            if let (Some(VarOwner::Scalar(_)), Some(Some(v))) = (
                var.and_then(|v| self.rules.variables.owner.get(v)),
                var.and_then(|v| assignment.get(v)),
            ) {
                node.fact_value = Some(fact.answer_shown(&Answer::Scalar(*v)));
            }
            return node;
        }
        let answer = self.known.answers.get(f).and_then(Option::as_ref);
        node.fact_value = answer.map(|a| fact.answer_shown(a));
        node.source = self.known.source(f).cloned();
        node.status = Some(match self.known.status.get(f) {
            Some(Status::Given) => FactStatus::Given,
            Some(Status::Asked) => FactStatus::Asked,
            Some(Status::Inferred { from }) => {
                node.inferred_from = self.rules.facts.get(*from).map(|x| x.id.clone());
                FactStatus::Inferred
            }
            Some(Status::Constrained) => {
                let forcing = self.forcing(f);
                let mut cites: Vec<Text> = fact.cites.iter().cloned().collect();
                for c in forcing
                    .iter()
                    .filter_map(|c| self.rules.constraints.get(*c))
                {
                    cites.extend(
                        c.cites
                            .iter()
                            .filter(|x| !cites.contains(x))
                            .cloned()
                            .collect::<Vec<_>>(),
                    );
                }
                node.cites = cites.into();
                node.constraints = Some(
                    forcing
                        .iter()
                        .filter_map(|c| self.rules.constraints.get(*c).map(|c| c.id.clone()))
                        .collect(),
                );
                FactStatus::Constrained
            }
            Some(Status::Unknown) | None => FactStatus::Unknown,
        });
        node
    }
}

impl Tracer<'_> {
    /// A smallest set of constraints forcing fact `f`'s value, given the
    /// values the case gives and the inferred ones of other facts.
    fn forcing(&self, f: usize) -> Vec<usize> {
        let rules = self.rules;
        let mut base = self.known.assignment_without_forced(rules);
        let vars: Vec<u32> = match rules.variables.scalar.get(f).copied().flatten() {
            Some(var) => vec![var],
            None => rules.variables.members.get(f).cloned().unwrap_or_default(),
        };
        for var in &vars {
            if let Some(slot) = base.get_mut(*var as usize) {
                *slot = None;
            }
        }
        let holds = |diagram: &crate::logic::diagram::Diagram, root| {
            let mut work = base.clone();
            vars.iter().all(|var| {
                let size = rules
                    .variables
                    .domains
                    .get(*var as usize)
                    .copied()
                    .unwrap_or(0);
                crate::case::constrained::values_taken(
                    diagram,
                    root,
                    &mut work,
                    *var as usize,
                    size,
                )
                .count_ones()
                    == 1
            })
        };
        crate::case::constrained::minimal(rules, &holds)
    }
}

/// A blank node, for struct update syntax.
pub(crate) fn leaf() -> TraceNode {
    TraceNode {
        kind: NodeKind::Fact,
        id: None,
        fact: None,
        combine: None,
        cites: Cites::default(),
        value: Kleene::Unknown,
        says: None,
        test: None,
        fact_value: None,
        status: None,
        inferred_from: None,
        constraints: None,
        source: None,
        decisive: false,
        children: Vec::new(),
        rule_set: None,
        outcome: None,
        possible_outcomes: None,
        trace: Vec::new(),
        notes: Vec::new(),
    }
}
