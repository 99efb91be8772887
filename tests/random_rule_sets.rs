//! The engine on random rule files, against a naive brute force written here over the
//! rule file's JSON: possible outcomes, outcome, notes, every trace node's Kleene value and
//! case splits. Rule files the loader rejects only because an outcome can never be reached
//! are checked against the brute force too.

use std::cell::RefCell;
use std::collections::BTreeMap;

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use safeguarding_rules::{CaseSplit, Combine, Determination, Kleene, NodeKind, RuleSet, TraceNode};
use serde_json::{Map, Value, json};

// ---------------------------------------------------------------------------------------
// Generating rule files. Indices are taken modulo what exists when the JSON is built, so
// that every spec makes a well-formed file and shrinking stays meaningful.

#[derive(Debug, Clone)]
enum Kind {
    Bool,
    Enum(usize),
    Knowledge,
    Set(usize),
}

#[derive(Debug, Clone)]
struct FactSpec {
    kind: Kind,
    /// (earlier fact, value), used when that fact is bool or enum.
    presupposes: Option<(usize, usize)>,
    /// Whether a fact no outcome uses is marked `recorded_only` (when repairing).
    recorded_only: bool,
}

#[derive(Debug, Clone)]
enum Cond {
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
    Test {
        fact: usize,
        form: usize,
        pick: usize,
    },
    Rule(usize),
}

#[derive(Debug, Clone)]
struct Spec {
    facts: Vec<FactSpec>,
    rules: Vec<Cond>,
    outcomes: Vec<Cond>,
    notes: Vec<Cond>,
    /// Make the file likelier to load: refer to every unreferenced rule from a note of its
    /// own, and mark facts no outcome uses `recorded_only` (as `FactSpec` says).
    repair: bool,
}

/// One fact's answer in a case: 0 absent, 1 `null`, otherwise a value chosen by `pick`.
type Slot = (usize, usize);

fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![
        Just(Kind::Bool),
        (2..=4usize).prop_map(Kind::Enum),
        Just(Kind::Knowledge),
        (2..=3usize).prop_map(Kind::Set),
    ]
}

fn fact_spec() -> impl Strategy<Value = FactSpec> {
    (
        kind(),
        proptest::option::weighted(0.3, (0..4usize, 0..4usize)),
        proptest::bool::weighted(0.7),
    )
        .prop_map(|(kind, presupposes, recorded_only)| FactSpec {
            kind,
            presupposes,
            recorded_only,
        })
}

fn cond() -> BoxedStrategy<Cond> {
    let leaf = prop_oneof![
        4 => (0..5usize, 0..8usize, 0..16usize)
            .prop_map(|(fact, form, pick)| Cond::Test { fact, form, pick }),
        1 => (0..4usize).prop_map(Cond::Rule),
    ];
    leaf.prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            3 => vec(inner.clone(), 1..=3).prop_map(Cond::All),
            2 => vec(inner.clone(), 1..=3).prop_map(Cond::Any),
            1 => inner.prop_map(|c| Cond::Not(Box::new(c))),
        ]
    })
    .boxed()
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        vec(fact_spec(), 2..=5),
        vec(cond(), 0..=3),
        vec(cond(), 1..=3),
        vec(cond(), 0..=2),
        proptest::bool::weighted(0.85),
    )
        .prop_map(|(facts, rules, outcomes, notes, repair)| Spec {
            facts,
            rules,
            outcomes,
            notes,
            repair,
        })
}

fn cases() -> impl Strategy<Value = Vec<Vec<Slot>>> {
    vec(vec((0..6usize, 0..16usize), 5), 2..=8)
}

const KNOWLEDGE: [&str; 3] = ["known", "suspected", "not_suspected"];

fn value_ids(kind: &Kind) -> Vec<Value> {
    match kind {
        Kind::Bool => vec![json!(false), json!(true)],
        Kind::Enum(n) => (0..*n).map(|i| json!(format!("v{i}"))).collect(),
        Kind::Knowledge => KNOWLEDGE.iter().map(|k| json!(k)).collect(),
        Kind::Set(n) => (0..*n).map(|i| json!(format!("m{i}"))).collect(),
    }
}

fn build_cond(c: &Cond, facts: &[FactSpec], rules_before: usize) -> Value {
    match c {
        Cond::All(xs) => {
            json!({"all": xs.iter().map(|x| build_cond(x, facts, rules_before)).collect::<Vec<_>>()})
        }
        Cond::Any(xs) => {
            json!({"any": xs.iter().map(|x| build_cond(x, facts, rules_before)).collect::<Vec<_>>()})
        }
        Cond::Not(x) => json!({"not": build_cond(x, facts, rules_before)}),
        Cond::Rule(r) if rules_before > 0 => json!({"rule": format!("r{}", r % rules_before)}),
        Cond::Rule(r) => build_test(*r, *r, *r, facts),
        Cond::Test { fact, form, pick } => build_test(*fact, *form, *pick, facts),
    }
}

fn build_test(fact: usize, form: usize, pick: usize, facts: &[FactSpec]) -> Value {
    let f = fact % facts.len();
    let id = format!("f{f}");
    let kind = &facts[f].kind;
    let values = value_ids(kind);
    let n = values.len();
    // A non-empty proper subset of the values: a full one would make a tautology, and
    // too many of those leave later outcomes unreachable.
    let subset = |pick: usize| -> Vec<Value> {
        let mask = pick % ((1 << n) - 2) + 1;
        (0..n)
            .filter(|i| mask >> i & 1 == 1)
            .map(|i| values[i].clone())
            .collect()
    };
    let form = form % 8;
    if form == 7 {
        return json!({"fact": id, "given": pick.is_multiple_of(2)});
    }
    match kind {
        Kind::Bool if form < 3 => json!({"fact": id}),
        Kind::Bool if form < 5 => json!({"fact": id, "is": pick % 2 == 1}),
        Kind::Set(_) => json!({"fact": id, "contains": values[pick % n]}),
        _ if form < 4 => json!({"fact": id, "is": values[pick % n]}),
        _ => json!({"fact": id, "in": subset(pick)}),
    }
}

/// Rule ids a condition refers to directly.
fn rule_refs(c: &Value, out: &mut Vec<String>) {
    if let Some(Value::Array(xs)) = c.get("all").or_else(|| c.get("any")) {
        xs.iter().for_each(|x| rule_refs(x, out));
    } else if let Some(x) = c.get("not") {
        rule_refs(x, out);
    } else if let Some(Value::String(r)) = c.get("rule") {
        out.push(r.clone());
    }
}

/// Fact ids a condition tests, following rule references.
fn fact_refs(c: &Value, rules: &BTreeMap<String, Value>, out: &mut Vec<String>) {
    if let Some(Value::Array(xs)) = c.get("all").or_else(|| c.get("any")) {
        xs.iter().for_each(|x| fact_refs(x, rules, out));
    } else if let Some(x) = c.get("not") {
        fact_refs(x, rules, out);
    } else if let Some(Value::String(r)) = c.get("rule") {
        fact_refs(&rules[r], rules, out);
    } else if let Some(Value::String(f)) = c.get("fact") {
        out.push(f.clone());
    }
}

fn rule_file(spec: &Spec) -> Value {
    let cites = json!(["p"]);
    let facts = &spec.facts;
    let rules: Vec<Value> = spec
        .rules
        .iter()
        .enumerate()
        .map(|(k, c)| build_cond(c, facts, k))
        .collect();
    let outcomes: Vec<Value> = spec
        .outcomes
        .iter()
        .map(|c| build_cond(c, facts, rules.len()))
        .collect();
    let mut notes: Vec<Value> = spec
        .notes
        .iter()
        .map(|c| build_cond(c, facts, rules.len()))
        .collect();
    if spec.repair {
        let mut refs = Vec::new();
        rules
            .iter()
            .chain(&outcomes)
            .chain(&notes)
            .for_each(|c| rule_refs(c, &mut refs));
        for k in 0..rules.len() {
            let id = format!("r{k}");
            if !refs.contains(&id) {
                notes.push(json!({"rule": id}));
            }
        }
    }
    let rule_map: BTreeMap<String, Value> = rules
        .iter()
        .enumerate()
        .map(|(k, c)| (format!("r{k}"), c.clone()))
        .collect();
    let mut by_outcomes = Vec::new();
    outcomes
        .iter()
        .for_each(|c| fact_refs(c, &rule_map, &mut by_outcomes));
    let mut by_notes = Vec::new();
    notes
        .iter()
        .for_each(|c| fact_refs(c, &rule_map, &mut by_notes));

    let mut fact_docs = Vec::new();
    for (i, f) in facts.iter().enumerate() {
        let id = format!("f{i}");
        let mut doc = json!({
            "id": id,
            "type": match f.kind {
                Kind::Bool => "bool",
                Kind::Enum(_) => "enum",
                Kind::Knowledge => "knowledge",
                Kind::Set(_) => "set",
            },
            "question": format!("What of {id}?"),
            "cites": cites,
        });
        if let Kind::Enum(_) | Kind::Set(_) = f.kind {
            doc["values"] = json!(value_ids(&f.kind));
        }
        if let (Some((t, v)), true) = (f.presupposes, i > 0) {
            let t = t % i;
            if let Kind::Bool | Kind::Enum(_) = facts[t].kind {
                let values = value_ids(&facts[t].kind);
                doc["presupposes"] =
                    json!({"fact": format!("f{t}"), "is": values[v % values.len()]});
            }
        }
        let outcome_uses = by_outcomes.contains(&id);
        let any_use = outcome_uses || by_notes.contains(&id);
        if spec.repair && !outcome_uses && (!any_use || f.recorded_only) {
            doc["recorded_only"] = json!(true);
        }
        fact_docs.push(doc);
    }
    let last = outcomes.len();
    let mut outcome_docs: Vec<Value> = outcomes
        .into_iter()
        .enumerate()
        .map(|(k, c)| {
            json!({"id": format!("o{k}"), "cites": cites, "holds": format!("o{k} holds"),
                   "fails": format!("o{k} fails"), "condition": c})
        })
        .collect();
    outcome_docs.push(json!({"id": format!("o{last}"), "cites": cites, "holds": "otherwise"}));
    json!({
        "id": "random",
        "title": "A random rule set",
        "version": "1",
        "in_force_from": "2020-01-01",
        "source": {"title": "Random Act", "url": "https://example.org/random"},
        "provisions": [{"id": "p", "cite": "Random Act s1", "text": "Random text.",
                        "url": "https://example.org/random"}],
        "facts": fact_docs,
        "rules": rule_map.iter().map(|(id, c)| json!({
            "id": id, "cites": cites, "holds": format!("{id} holds"),
            "fails": format!("{id} fails"), "condition": c})).collect::<Vec<_>>(),
        "outcomes": outcome_docs,
        "notes": notes.into_iter().enumerate().map(|(k, c)| json!({
            "id": format!("n{k}"), "cites": cites, "text": format!("note n{k}"),
            "condition": c})).collect::<Vec<_>>(),
    })
}

// ---------------------------------------------------------------------------------------
// A naive model of a rule file, read from its JSON.

/// The facts `given` tests read, anywhere in a JSON value.
fn given_tests(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Object(o) => {
            if let (Some(Value::String(f)), true) = (o.get("fact"), o.contains_key("given")) {
                out.push(f.clone());
            }
            o.values().for_each(|x| given_tests(x, out));
        }
        Value::Array(xs) => xs.iter().for_each(|x| given_tests(x, out)),
        _ => {}
    }
}

struct FactInfo {
    id: String,
    /// Every value a completion may give it (for a set fact, every subset).
    domain: Vec<Value>,
    /// The value of another fact (by index) that any answer to this one implies.
    presupposes: Option<(usize, Value)>,
}

struct Model {
    facts: Vec<FactInfo>,
    rules: BTreeMap<String, Value>,
    outcomes: Vec<(String, Option<Value>)>,
    notes: Vec<(String, Value)>,
}

/// What a case says of each fact: `None` absent, `Some(null)` asked, or the value.
type Given = Vec<Option<Value>>;

impl Model {
    fn new(file: &Value) -> Model {
        let docs = file["facts"].as_array().expect("facts");
        let index = |id: &str| {
            docs.iter()
                .position(|f| f["id"] == id)
                .expect("a declared fact")
        };
        let facts = docs
            .iter()
            .map(|f| {
                let values: Vec<Value> = f
                    .get("values")
                    .and_then(Value::as_array)
                    .cloned()
                    .unwrap_or_default();
                let domain = match f["type"].as_str().expect("a type") {
                    "bool" => vec![json!(false), json!(true)],
                    "enum" => values,
                    "knowledge" => KNOWLEDGE.iter().map(|k| json!(k)).collect(),
                    _ => (0..1usize << values.len())
                        .map(|mask| {
                            json!(
                                (0..values.len())
                                    .filter(|i| mask >> i & 1 == 1)
                                    .map(|i| values[i].clone())
                                    .collect::<Vec<_>>()
                            )
                        })
                        .collect(),
                };
                FactInfo {
                    id: f["id"].as_str().expect("an id").to_string(),
                    domain,
                    presupposes: f
                        .get("presupposes")
                        .map(|p| (index(p["fact"].as_str().expect("a fact")), p["is"].clone())),
                }
            })
            .collect();
        let list = |key: &str| file[key].as_array().cloned().unwrap_or_default();
        Model {
            facts,
            rules: list("rules")
                .into_iter()
                .map(|r| {
                    (
                        r["id"].as_str().expect("an id").to_string(),
                        r["condition"].clone(),
                    )
                })
                .collect(),
            outcomes: list("outcomes")
                .into_iter()
                .map(|o| {
                    (
                        o["id"].as_str().expect("an id").to_string(),
                        o.get("condition").cloned(),
                    )
                })
                .collect(),
            notes: list("notes")
                .into_iter()
                .map(|n| {
                    (
                        n["id"].as_str().expect("an id").to_string(),
                        n["condition"].clone(),
                    )
                })
                .collect(),
        }
    }

    fn fact(&self, id: &str) -> usize {
        self.facts
            .iter()
            .position(|f| f.id == id)
            .expect("a declared fact")
    }

    /// The facts known after presuppositions (docs/design.md): a fact answered (or itself
    /// implied) with a value implies its presupposed fact's value when that fact is absent
    /// or `null`; facts implying different values of one fact imply nothing about it.
    /// Presuppositions point to earlier facts, so later facts are settled first.
    fn known(&self, given: &Given) -> Vec<Option<Value>> {
        let mut known: Vec<Option<Value>> = given
            .iter()
            .map(|g| g.clone().filter(|v| !v.is_null()))
            .collect();
        for t in (0..self.facts.len()).rev() {
            if known[t].is_some() {
                continue;
            }
            let implied: Vec<&Value> = self
                .facts
                .iter()
                .enumerate()
                .filter(|(f, _)| known[*f].is_some())
                .filter_map(|(_, fact)| match &fact.presupposes {
                    Some((target, value)) if *target == t => Some(value),
                    _ => None,
                })
                .collect();
            if let Some(first) = implied.first()
                && implied.iter().all(|v| v == first)
            {
                known[t] = Some((*first).clone());
            }
        }
        known
    }

    /// Whether facts presuppose different values of one unanswered fact, one of them with a
    /// value only inferred itself; counted, to show the random cases reach such conflicts
    /// (see `presuppositions_in_conflict_infer_nothing_whatever_the_chain`).
    fn conflict_through_a_chain(&self, given: &Given) -> bool {
        let known = self.known(given);
        let answered = Model::answered(given);
        (0..self.facts.len()).filter(|t| !answered[*t]).any(|t| {
            let proposers: Vec<(usize, &Value)> = self
                .facts
                .iter()
                .enumerate()
                .filter(|(f, _)| known[*f].is_some())
                .filter_map(|(f, fact)| match &fact.presupposes {
                    Some((target, value)) if *target == t => Some((f, value)),
                    _ => None,
                })
                .collect();
            proposers.iter().any(|(_, v)| *v != proposers[0].1)
                && proposers.iter().any(|(f, _)| !answered[*f])
        })
    }

    fn answered(given: &Given) -> Vec<bool> {
        given
            .iter()
            .map(|g| g.as_ref().is_some_and(|v| !v.is_null()))
            .collect()
    }

    /// Calls `f` on every completion of the known facts.
    fn completions<'v>(&'v self, known: &'v [Option<Value>], f: &mut dyn FnMut(&[&'v Value])) {
        fn go<'v>(
            model: &'v Model,
            known: &'v [Option<Value>],
            env: &mut Vec<&'v Value>,
            f: &mut dyn FnMut(&[&'v Value]),
        ) {
            let at = env.len();
            if at == known.len() {
                f(env);
                return;
            }
            let choices: Vec<&Value> = match &known[at] {
                Some(v) => vec![v],
                None => model.facts[at].domain.iter().collect(),
            };
            for v in choices {
                env.push(v);
                go(model, known, env, f);
                env.pop();
            }
        }
        go(self, known, &mut Vec::new(), f);
    }

    fn test(&self, c: &Value, value: Option<&Value>, answered: bool) -> Kleene {
        if let Some(b) = c.get("given") {
            return Kleene::from_bool(Some(answered) == b.as_bool());
        }
        let Some(value) = value else {
            return Kleene::Unknown;
        };
        Kleene::from_bool(if let Some(v) = c.get("is") {
            value == v
        } else if let Some(Value::Array(vs)) = c.get("in") {
            vs.contains(value)
        } else if let Some(m) = c.get("contains") {
            value.as_array().expect("a set").contains(m)
        } else {
            value == &json!(true)
        })
    }

    /// Kleene's strong three-valued logic over what is known.
    fn kleene(&self, c: &Value, known: &[Option<Value>], answered: &[bool]) -> Kleene {
        self.kleene_by(c, &|f| known[f].as_ref(), answered)
    }

    fn kleene_by<'k>(
        &self,
        c: &Value,
        known: &'k dyn Fn(usize) -> Option<&'k Value>,
        answered: &[bool],
    ) -> Kleene {
        if let Some(Value::Array(xs)) = c.get("all") {
            let vs: Vec<Kleene> = xs
                .iter()
                .map(|x| self.kleene_by(x, known, answered))
                .collect();
            if vs.contains(&Kleene::False) {
                Kleene::False
            } else if vs.contains(&Kleene::Unknown) {
                Kleene::Unknown
            } else {
                Kleene::True
            }
        } else if let Some(Value::Array(xs)) = c.get("any") {
            let vs: Vec<Kleene> = xs
                .iter()
                .map(|x| self.kleene_by(x, known, answered))
                .collect();
            if vs.contains(&Kleene::True) {
                Kleene::True
            } else if vs.contains(&Kleene::Unknown) {
                Kleene::Unknown
            } else {
                Kleene::False
            }
        } else if let Some(x) = c.get("not") {
            match self.kleene_by(x, known, answered) {
                Kleene::True => Kleene::False,
                Kleene::False => Kleene::True,
                Kleene::Unknown => Kleene::Unknown,
            }
        } else if let Some(Value::String(r)) = c.get("rule") {
            self.kleene_by(&self.rules[r], known, answered)
        } else {
            let f = self.fact(c["fact"].as_str().expect("a fact"));
            self.test(c, known(f), answered[f])
        }
    }

    /// Whether a condition holds in a completion.
    fn holds(&self, c: &Value, env: &[&Value], answered: &[bool]) -> bool {
        self.kleene_by(c, &|f| Some(env[f]), answered) == Kleene::True
    }

    /// The index of the outcome a completion gives.
    fn outcome(&self, env: &[&Value], answered: &[bool]) -> usize {
        self.outcomes
            .iter()
            .position(|(_, c)| c.as_ref().is_none_or(|c| self.holds(c, env, answered)))
            .expect("the last outcome is unconditional")
    }

    /// The unknown facts the outcome depends on, by brute force: for some completion of the
    /// other unknowns, different answers give different outcomes. Answering a fact applies
    /// what it presupposes, alike for every answer; a fact known by presupposition is not
    /// unknown.
    fn relevant(&self, given: &Given) -> Vec<String> {
        let known = self.known(given);
        let mut found: Vec<String> = (0..self.facts.len())
            .filter(|f| known[*f].is_none())
            .filter(|&f| {
                let domain = &self.facts[f].domain;
                let mut answered_given = given.clone();
                answered_given[f] = Some(domain[0].clone());
                let known_after = self.known(&answered_given);
                let answered = Model::answered(&answered_given);
                let mut differs = false;
                self.completions(&known_after, &mut |env| {
                    if differs {
                        return;
                    }
                    let mut env: Vec<&Value> = env.to_vec();
                    let first = self.outcome(&env, &answered);
                    for v in domain {
                        env[f] = v;
                        if self.outcome(&env, &answered) != first {
                            differs = true;
                        }
                    }
                });
                differs
            })
            .map(|f| self.facts[f].id.clone())
            .collect();
        found.sort();
        found
    }

    /// Possible outcomes (indices, in order) and the notes raised, by brute force.
    fn decide(&self, given: &Given) -> (Vec<usize>, Vec<String>) {
        let known = self.known(given);
        let answered = Model::answered(given);
        let mut possible = vec![false; self.outcomes.len()];
        let mut notes = vec![true; self.notes.len()];
        self.completions(&known, &mut |env| {
            possible[self.outcome(env, &answered)] = true;
            for (k, (_, c)) in self.notes.iter().enumerate() {
                notes[k] &= self.holds(c, env, &answered);
            }
        });
        (
            (0..possible.len()).filter(|i| possible[*i]).collect(),
            self.notes
                .iter()
                .zip(notes)
                .filter(|(_, raised)| *raised)
                .map(|((id, _), _)| id.clone())
                .collect(),
        )
    }

    /// Outcomes some case and completion gives: every combination of answered or not and
    /// of values is some case's completion. Whether a fact is answered matters only to
    /// `given` tests, so only the facts they test are enumerated both ways.
    fn reachable(&self, file: &Value) -> Vec<usize> {
        let n = self.facts.len();
        let mut tests = Vec::new();
        given_tests(file, &mut tests);
        let tested: Vec<bool> = self.facts.iter().map(|f| tests.contains(&f.id)).collect();
        let mut reached = vec![false; self.outcomes.len()];
        let none = vec![None; n];
        for mask in 0..1usize << n {
            if (0..n).any(|i| mask >> i & 1 == 1 && !tested[i]) {
                continue;
            }
            let answered: Vec<bool> = (0..n).map(|i| mask >> i & 1 == 1).collect();
            self.completions(&none, &mut |env| {
                reached[self.outcome(env, &answered)] = true;
            });
        }
        (0..reached.len()).filter(|i| reached[*i]).collect()
    }
}

// ---------------------------------------------------------------------------------------
// Checking a determination against the model.

struct Checker<'a> {
    model: &'a Model,
    known: Vec<Option<Value>>,
    answered: Vec<bool>,
}

impl Checker<'_> {
    fn value(&self, c: &Value) -> Kleene {
        self.model.kleene(c, &self.known, &self.answered)
    }

    /// A node standing for a rule's or outcome's condition: the parts of an `all` or `any`
    /// directly as its children, anything else as its one child.
    fn body(&self, node: &TraceNode, c: &Value, at: &str) -> Result<(), String> {
        let parts = c
            .get("all")
            .map(|p| (Combine::All, p))
            .or_else(|| c.get("any").map(|p| (Combine::Any, p)));
        match parts {
            Some((combine, Value::Array(parts))) => {
                if node.combine != Some(combine) || node.children.len() != parts.len() {
                    return Err(format!(
                        "{at}: expected {combine:?} of {} children, found {:?} of {}",
                        parts.len(),
                        node.combine,
                        node.children.len()
                    ));
                }
                for (i, (child, part)) in node.children.iter().zip(parts).enumerate() {
                    self.node(child, part, &format!("{at}/{i}"))?;
                }
                Ok(())
            }
            _ => match (node.combine, node.children.as_slice()) {
                (None, [child]) => self.node(child, c, &format!("{at}/0")),
                _ => Err(format!("{at}: expected one child for {c}")),
            },
        }
    }

    fn node(&self, node: &TraceNode, c: &Value, at: &str) -> Result<(), String> {
        let expected = self.value(c);
        if node.value != expected {
            return Err(format!(
                "{at}: Kleene value {:?}, the naive evaluator says {expected:?} for {c}",
                node.value
            ));
        }
        let kind = if c.get("all").is_some() {
            NodeKind::All
        } else if c.get("any").is_some() {
            NodeKind::Any
        } else if c.get("not").is_some() {
            NodeKind::Not
        } else if c.get("rule").is_some() {
            NodeKind::Rule
        } else {
            NodeKind::Fact
        };
        if node.kind != kind {
            return Err(format!("{at}: kind {:?}, expected {kind:?}", node.kind));
        }
        match kind {
            NodeKind::All | NodeKind::Any => {
                let parts = c
                    .get("all")
                    .or_else(|| c.get("any"))
                    .and_then(Value::as_array)
                    .expect("parts");
                if node.children.len() != parts.len() {
                    return Err(format!("{at}: {} children for {c}", node.children.len()));
                }
                for (i, (child, part)) in node.children.iter().zip(parts).enumerate() {
                    self.node(child, part, &format!("{at}/{i}"))?;
                }
                Ok(())
            }
            NodeKind::Not => match node.children.as_slice() {
                [child] => self.node(child, &c["not"], &format!("{at}/0")),
                _ => Err(format!("{at}: a `not` needs one child")),
            },
            NodeKind::Rule => {
                let id = c["rule"].as_str().expect("a rule id");
                if node.id.as_deref() != Some(id) {
                    return Err(format!("{at}: rule {:?}, expected {id}", node.id));
                }
                self.body(node, &self.model.rules[id], &format!("{at}(rule {id})"))
            }
            _ => {
                if node.fact.as_deref() != c.get("fact").and_then(Value::as_str) {
                    return Err(format!("{at}: fact {:?} for {c}", node.fact));
                }
                Ok(())
            }
        }
    }

    fn trace(&self, det: &Determination, settled: Option<usize>) -> Result<(), String> {
        let count = settled.map_or(self.model.outcomes.len(), |o| o + 1);
        if det.trace.len() != count {
            return Err(format!(
                "{} outcome nodes, expected {count}",
                det.trace.len()
            ));
        }
        for (node, (id, c)) in det.trace.iter().zip(&self.model.outcomes) {
            let at = format!("outcome {id}");
            if node.kind != NodeKind::Outcome || node.id.as_deref() != Some(id.as_str()) {
                return Err(format!("{at}: found {:?} {:?}", node.kind, node.id));
            }
            match c {
                Some(c) => {
                    let expected = self.value(c);
                    if node.value != expected {
                        return Err(format!(
                            "{at}: Kleene value {:?}, the naive evaluator says {expected:?}",
                            node.value
                        ));
                    }
                    self.body(node, c, &at)?;
                }
                None => {
                    // The unconditional last outcome: its own (empty) condition is true;
                    // read as "no earlier outcome holds", its value is that conjunction's.
                    let none_earlier = json!({"all": self.model.outcomes.iter()
                        .filter_map(|(_, c)| c.as_ref())
                        .map(|c| json!({"not": c}))
                        .collect::<Vec<_>>()});
                    let expected = self.value(&none_earlier);
                    if !(node.value == Kleene::True || node.value == expected)
                        || !node.children.is_empty()
                    {
                        return Err(format!(
                            "{at}: the unconditional outcome must be a leaf, true or {expected:?} \
                             (no earlier outcome holds), found {:?}",
                            node.value
                        ));
                    }
                }
            }
        }
        Ok(())
    }
}

/// The outcome ids the trace's Kleene values allow: not false, and no earlier one true.
/// Outcomes after the last traced one (a settled trace stops at its outcome) are allowed
/// unless a traced one is true.
fn kleene_allowed(trace: &[TraceNode], outcomes: &[String]) -> Vec<String> {
    let mut allowed = Vec::new();
    for (i, id) in outcomes.iter().enumerate() {
        let value = trace.get(i).map_or(Kleene::Unknown, |n| n.value);
        if value != Kleene::False {
            allowed.push(id.clone());
        }
        if value == Kleene::True {
            break;
        }
    }
    allowed
}

fn count_branches(split: &CaseSplit) -> usize {
    split
        .branches
        .iter()
        .map(|b| 1 + b.case_split.as_deref().map_or(0, count_branches))
        .sum()
}

fn check_split(
    split: &CaseSplit,
    outcome: &str,
    outcomes: &[String],
    complete: bool,
) -> Result<(), String> {
    for b in &split.branches {
        if b.outcome != outcome {
            return Err(format!(
                "case split on {}: branch {} gives {}, expected {outcome}",
                split.fact, b.value, b.outcome
            ));
        }
        match &b.case_split {
            Some(inner) => check_split(inner, outcome, outcomes, complete)?,
            None if complete && kleene_allowed(&b.trace, outcomes) != [outcome] => {
                return Err(format!(
                    "case split on {}: branch {} leaves the Kleene values open without splitting",
                    split.fact, b.value
                ));
            }
            None => {}
        }
    }
    Ok(())
}

#[derive(Default, Debug)]
struct Stats {
    generated: usize,
    loaded: usize,
    unreachable_only: usize,
    rejected_otherwise: BTreeMap<String, usize>,
    cases: usize,
    settled: usize,
    case_splits: usize,
    notes_raised: usize,
    inferred: usize,
    chain_conflicts: usize,
}

/// The kind of a load problem, for the statistics: its message with ids and values cut.
fn problem_kind(message: &str) -> String {
    message
        .split('`')
        .enumerate()
        .map(|(i, s)| if i % 2 == 1 { "…" } else { s })
        .collect::<Vec<_>>()
        .join("`")
}

fn given_of(model: &Model, slots: &[Slot]) -> Given {
    model
        .facts
        .iter()
        .zip(slots)
        .map(|(f, (kind, pick))| match kind {
            0 => None,
            1 => Some(Value::Null),
            _ => Some(f.domain[pick % f.domain.len()].clone()),
        })
        .collect()
}

fn check(spec: &Spec, cases: &[Vec<Slot>], stats: &RefCell<Stats>) -> Result<(), String> {
    let file = rule_file(spec);
    let model = Model::new(&file);
    stats.borrow_mut().generated += 1;
    let rules = match RuleSet::from_json(&file.to_string()) {
        Ok(rules) => rules,
        Err(e) => {
            let problems = e.problems();
            let unreachable: Vec<&str> = problems
                .iter()
                .filter(|p| p.message.contains("can never be reached"))
                .map(|p| p.pointer.as_str())
                .collect();
            if !problems.is_empty() && unreachable.len() == problems.len() {
                stats.borrow_mut().unreachable_only += 1;
                let reachable = model.reachable(&file);
                let unreached: Vec<String> = (0..model.outcomes.len())
                    .filter(|i| !reachable.contains(i))
                    .map(|i| format!("/outcomes/{i}"))
                    .collect();
                if unreachable != unreached {
                    return Err(format!(
                        "the loader says {unreachable:?} can never be reached, the brute force {unreached:?}\n{file:#}"
                    ));
                }
            } else {
                let mut s = stats.borrow_mut();
                for p in problems {
                    *s.rejected_otherwise
                        .entry(problem_kind(&p.message))
                        .or_default() += 1;
                }
                if problems.is_empty() {
                    *s.rejected_otherwise.entry(e.to_string()).or_default() += 1;
                }
            }
            return Ok(());
        }
    };
    stats.borrow_mut().loaded += 1;
    let reachable = model.reachable(&file);
    if reachable.len() != model.outcomes.len() {
        return Err(format!(
            "loaded, but the brute force reaches only outcomes {reachable:?}\n{file:#}"
        ));
    }
    for slots in cases {
        let given = given_of(&model, slots);
        if model.conflict_through_a_chain(&given) {
            stats.borrow_mut().chain_conflicts += 1;
        }
        let mut facts = rules.facts();
        let mut shown = Map::new();
        for (f, g) in model.facts.iter().zip(&given) {
            if let Some(v) = g {
                facts.set(&f.id, v.clone()).map_err(|e| e.to_string())?;
                shown.insert(f.id.clone(), v.clone());
            }
        }
        let det = facts.evaluate();
        let (possible, notes) = model.decide(&given);
        let known = model.known(&given);
        let context = || format!("case {}\nrule file {file:#}", Value::Object(shown.clone()));
        let possible_ids: Vec<String> = possible
            .iter()
            .map(|i| model.outcomes[*i].0.clone())
            .collect();
        if det.possible_outcomes != possible_ids {
            return Err(format!(
                "possible outcomes {:?}, brute force {possible_ids:?}\n{}",
                det.possible_outcomes,
                context()
            ));
        }
        let settled = match possible.as_slice() {
            [only] => Some(*only),
            _ => None,
        };
        let outcome = settled.map_or("undetermined".to_string(), |o| model.outcomes[o].0.clone());
        if det.outcome != outcome {
            return Err(format!(
                "outcome {}, brute force {outcome}\n{}",
                det.outcome,
                context()
            ));
        }
        let raised: Vec<String> = det.notes.iter().map(|n| n.id.to_string()).collect();
        if raised != notes {
            return Err(format!(
                "notes {raised:?}, brute force {notes:?}\n{}",
                context()
            ));
        }
        let mut listed: Vec<String> = det
            .missing_facts
            .iter()
            .map(|m| m.fact.to_string())
            .collect();
        listed.sort();
        let relevant = model.relevant(&given);
        if listed != relevant {
            return Err(format!(
                "missing facts {listed:?}, brute force finds {relevant:?} relevant\n{}",
                context()
            ));
        }
        let checker = Checker {
            model: &model,
            answered: Model::answered(&given),
            known: known.clone(),
        };
        checker
            .trace(&det, settled)
            .map_err(|e| format!("{e}\n{}", context()))?;
        let ids: Vec<String> = model.outcomes.iter().map(|(id, _)| id.clone()).collect();
        let allowed = kleene_allowed(&det.trace, &ids);
        match settled {
            Some(_) if allowed.len() > 1 => {
                let Some(split) = &det.case_split else {
                    return Err(format!(
                        "settled {outcome} but Kleene allows {allowed:?}, and no case split\n{}",
                        context()
                    ));
                };
                // The engine stops splitting after a budget of branches; a branch then keeps
                // its own trace. Within the budget every branch must settle by Kleene.
                let complete = count_branches(split) + 4 <= 64;
                check_split(split, &outcome, &ids, complete)
                    .map_err(|e| format!("{e}\n{}", context()))?;
                stats.borrow_mut().case_splits += 1;
            }
            _ => {
                if det.case_split.is_some() {
                    return Err(format!("an unneeded case split\n{}", context()));
                }
                for o in &det.possible_outcomes {
                    if !allowed.iter().any(|a| a == o) {
                        return Err(format!(
                            "{o} is possible but Kleene excludes it\n{}",
                            context()
                        ));
                    }
                }
            }
        }
        let mut s = stats.borrow_mut();
        s.cases += 1;
        s.settled += usize::from(settled.is_some());
        s.notes_raised += usize::from(!notes.is_empty());
        s.inferred += usize::from(
            known
                .iter()
                .zip(&given)
                .any(|(k, g)| k.is_some() && g.as_ref().is_none_or(Value::is_null)),
        );
    }
    Ok(())
}

#[test]
fn the_engine_agrees_with_a_brute_force_on_random_rule_sets() {
    let stats = RefCell::new(Stats::default());
    let mut runner = TestRunner::new(Config {
        cases: 2000,
        failure_persistence: None,
        ..Config::default()
    });
    let result = runner.run(&(spec(), cases()), |(spec, cases)| {
        check(&spec, &cases, &stats).map_err(TestCaseError::fail)
    });
    let s = stats.into_inner();
    if let Err(e) = result {
        panic!("{e}");
    }
    let rejected: usize = s.generated - s.loaded - s.unreachable_only;
    println!(
        "{} random rule files: {} loaded ({:.0}%), {} rejected only as unreachable, {} rejected otherwise",
        s.generated,
        s.loaded,
        100.0 * s.loaded as f64 / s.generated as f64,
        s.unreachable_only,
        rejected
    );
    println!(
        "{} cases checked: {} settled, {} with a case split, {} raising notes, {} with an inferred fact",
        s.cases, s.settled, s.case_splits, s.notes_raised, s.inferred
    );
    println!(
        "{} cases with presuppositions in conflict through a chain",
        s.chain_conflicts
    );
    println!("other rejections by problem: {:#?}", s.rejected_otherwise);
    assert!(
        s.loaded * 2 >= s.generated,
        "too few random rule files load: {} of {}",
        s.loaded,
        s.generated
    );
    assert!(
        s.unreachable_only > 0,
        "no rule file was rejected as unreachable"
    );
    assert!(s.case_splits > 0, "no case split was exercised");
}

/// docs/design.md, presuppositions: facts whose answers presuppose different values of one
/// fact infer nothing about it, however long the chain of presuppositions that gives them
/// their values.
#[test]
fn presuppositions_in_conflict_infer_nothing_whatever_the_chain() {
    let fact = |id: &str, pre: Option<(&str, Value)>| {
        let mut f = json!({"id": id, "type": "bool", "question": "?", "cites": ["p"]});
        if id == "c" || id == "d" {
            f["recorded_only"] = json!(true);
        }
        if let Some((t, v)) = pre {
            f["presupposes"] = json!({"fact": t, "is": v});
        }
        f
    };
    let file = json!({
        "id": "chain", "title": "t", "version": "1", "in_force_from": "2020-01-01",
        "source": {"title": "t", "url": "u"},
        "provisions": [{"id": "p", "cite": "p", "text": "p", "url": "u"}],
        "facts": [
            fact("a", None),
            fact("b", Some(("a", json!(true)))),
            fact("c", Some(("b", json!(true)))),
            fact("d", Some(("a", json!(false)))),
        ],
        "outcomes": [
            {"id": "yes", "cites": ["p"], "holds": "a", "fails": "not a", "condition": {"fact": "a"}},
            {"id": "no", "cites": ["p"], "holds": "otherwise"}
        ]
    });
    let model = Model::new(&file);
    let rules = RuleSet::from_json(&file.to_string()).expect("loads");
    // c (given) implies b, which implies a = true; d (given) implies a = false.
    let given: Given = vec![None, None, Some(json!(true)), Some(json!(true))];
    let (possible, _) = model.decide(&given);
    assert_eq!(possible, [0, 1], "the brute force infers nothing about `a`");
    let mut facts = rules.facts();
    facts.set("c", json!(true)).unwrap();
    facts.set("d", json!(true)).unwrap();
    let det = facts.evaluate();
    assert_eq!(
        det.possible_outcomes,
        ["yes", "no"],
        "the engine inferred `a` from one side of a conflict:\n{}",
        det.to_json()
    );
}
