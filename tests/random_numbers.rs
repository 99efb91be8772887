//! The engine on random rule files with integer and date facts and constraints between
//! facts (issue 15), against a naive brute force written here over the rule file's JSON.
//!
//! The brute force never uses the engine's intervals: it enumerates every integer of a
//! fact's range (at most 200 values) and, for a date, the bounds, each date tested and the
//! day before it; it filters completions by the constraints itself, and applies
//! presuppositions in the design's order (the given values; then presuppositions, target
//! by target in file order, each only where consistent with the given values, the
//! constraints and the values inferred before it; then the constraints). It checks the
//! outcome, the possible outcomes, the missing facts, every answer (its values or range and
//! what it leaves possible), the notes, the facts the constraints force (`constrained` in
//! the trace, with their value or range) and that a contradicting case is refused.
//!
//! The seed is fixed; set `RANDOM_NUMBERS_SEED` (a number) to try another. A failure prints
//! the seed, the rule file and the case.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use safeguarding_rules::{Case, Determination, FactStatus, NodeKind, RuleSet, TraceNode};
use serde_json::{Map, Value, json};

// ---------------------------------------------------------------------------------------
// Dates as days since 1970-01-01 (proleptic Gregorian), written here.

fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

fn date(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

fn days(text: &str) -> i64 {
    let parts: Vec<i64> = text
        .split('-')
        .map(|p| p.parse().expect("a date"))
        .collect();
    days_from_civil(parts[0], parts[1], parts[2])
}

fn first_day() -> i64 {
    days("0001-01-01")
}

fn last_day() -> i64 {
    days("9999-12-31")
}

// ---------------------------------------------------------------------------------------
// Generating rule files. Indices are taken modulo what exists when the JSON is built.

#[derive(Debug, Clone)]
enum Kind {
    Bool,
    Enum(usize),
    Set(usize),
    Int {
        min: i64,
        size: i64,
    },
    /// Dates tested lie in `base + 1 ..= base + span`; the declared bounds, when present,
    /// are `base` and `base + span`.
    Date {
        base: i64,
        span: i64,
        min: bool,
        max: bool,
    },
}

#[derive(Debug, Clone)]
struct FactSpec {
    kind: Kind,
    /// (later fact, value), used when that fact is bool or enum and this one no integer.
    presupposes: Option<(usize, usize)>,
}

#[derive(Debug, Clone)]
enum Cond {
    All(Vec<Cond>),
    Any(Vec<Cond>),
    Not(Box<Cond>),
    Test { fact: usize, form: usize, pick: u64 },
}

#[derive(Debug, Clone)]
struct Spec {
    facts: Vec<FactSpec>,
    outcomes: Vec<Cond>,
    notes: Vec<Cond>,
    /// (shape, a, b): 0 a implies b, 1 a iff b, 2 a or b, 3 a alone.
    constraints: Vec<(usize, Cond, Cond)>,
}

/// One fact's answer in a case: 0..=2 absent, 3 `null`, otherwise a value chosen by `pick`.
type Slot = (usize, u64);

fn kind() -> impl Strategy<Value = Kind> {
    prop_oneof![
        3 => Just(Kind::Bool),
        2 => (2..=3usize).prop_map(Kind::Enum),
        1 => (2..=3usize).prop_map(Kind::Set),
        1 => (-20..=120i64, 1..=12i64).prop_map(|(min, size)| Kind::Int { min, size }),
        1 => (-20..=120i64, 1..=200i64).prop_map(|(min, size)| Kind::Int { min, size }),
        2 => (
            days_from_civil(1950, 1, 1)..days_from_civil(2040, 1, 1),
            prop_oneof![1..=40i64, 1..=4000i64],
            proptest::bool::weighted(0.7),
            proptest::bool::weighted(0.7),
        )
            .prop_map(|(base, span, min, max)| Kind::Date {
                base,
                span,
                min,
                max
            }),
    ]
}

fn fact_spec() -> impl Strategy<Value = FactSpec> {
    (
        kind(),
        proptest::option::weighted(0.3, (0..5usize, 0..4usize)),
    )
        .prop_map(|(kind, presupposes)| FactSpec { kind, presupposes })
}

fn cond() -> BoxedStrategy<Cond> {
    let leaf = (0..6usize, 0..6usize, any::<u64>()).prop_map(|(fact, form, pick)| Cond::Test {
        fact,
        form,
        pick,
    });
    leaf.prop_recursive(2, 8, 3, |inner| {
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
        vec(cond(), 1..=3),
        vec(cond(), 0..=2),
        prop_oneof![
            1 => Just(Vec::new()),
            3 => vec((0..4usize, cond(), cond()), 1..=3),
        ],
    )
        .prop_map(|(facts, outcomes, notes, constraints)| Spec {
            facts,
            outcomes,
            notes,
            constraints,
        })
}

fn cases() -> impl Strategy<Value = Vec<Vec<Slot>>> {
    vec(vec((0..6usize, any::<u64>()), 5), 4..=8)
}

fn enum_values(n: usize, prefix: &str) -> Vec<Value> {
    (0..n).map(|i| json!(format!("{prefix}{i}"))).collect()
}

fn build_cond(c: &Cond, facts: &[FactSpec]) -> Value {
    match c {
        Cond::All(xs) => {
            json!({"all": xs.iter().map(|x| build_cond(x, facts)).collect::<Vec<_>>()})
        }
        Cond::Any(xs) => {
            json!({"any": xs.iter().map(|x| build_cond(x, facts)).collect::<Vec<_>>()})
        }
        Cond::Not(x) => json!({"not": build_cond(x, facts)}),
        Cond::Test { fact, form, pick } => build_test(*fact, *form, *pick, facts),
    }
}

fn build_test(fact: usize, form: usize, pick: u64, facts: &[FactSpec]) -> Value {
    let f = fact % facts.len();
    let id = format!("f{f}");
    let p = pick as i64 & i64::MAX;
    match &facts[f].kind {
        Kind::Bool => match form % 3 {
            0 => json!({"fact": id}),
            k => json!({"fact": id, "is": k == 1}),
        },
        Kind::Enum(n) => {
            let values = enum_values(*n, "v");
            if form.is_multiple_of(2) {
                json!({"fact": id, "is": values[p as usize % n]})
            } else {
                // A non-empty proper subset.
                let mask = p as usize % ((1 << n) - 2) + 1;
                let subset: Vec<Value> = (0..*n)
                    .filter(|i| mask >> i & 1 == 1)
                    .map(|i| values[i].clone())
                    .collect();
                json!({"fact": id, "in": subset})
            }
        }
        Kind::Set(n) => json!({"fact": id, "contains": enum_values(*n, "m")[p as usize % n]}),
        Kind::Int { min, size } => {
            // A threshold both passed and failed by some value, where the range allows.
            let cut = min + 1 + p % (size - 1).max(1);
            match form % 3 {
                0 => json!({"fact": id, "at_least": cut}),
                1 => json!({"fact": id, "below": cut}),
                _ => json!({"fact": id, "is": min + p % size}),
            }
        }
        Kind::Date { base, span, .. } => {
            let cut = date(base + 1 + p % span);
            match form % 3 {
                0 => json!({"fact": id, "on_or_after": cut}),
                1 => json!({"fact": id, "before": cut}),
                _ => json!({"fact": id, "is": cut}),
            }
        }
    }
}

fn fact_refs(c: &Value, out: &mut BTreeSet<String>) {
    match c {
        Value::Object(o) => {
            if let Some(Value::String(f)) = o.get("fact") {
                out.insert(f.clone());
            }
            o.values().for_each(|x| fact_refs(x, out));
        }
        Value::Array(xs) => xs.iter().for_each(|x| fact_refs(x, out)),
        _ => {}
    }
}

fn rule_file(spec: &Spec) -> Value {
    let cites = json!(["p"]);
    let facts = &spec.facts;
    let outcomes: Vec<Value> = spec.outcomes.iter().map(|c| build_cond(c, facts)).collect();
    let notes: Vec<Value> = spec.notes.iter().map(|c| build_cond(c, facts)).collect();
    let constraints: Vec<Value> = spec
        .constraints
        .iter()
        .map(|(shape, a, b)| {
            let (a, b) = (build_cond(a, facts), build_cond(b, facts));
            match shape % 4 {
                0 => json!({"any": [{"not": a}, b]}),
                1 => json!({"any": [{"all": [a, b]}, {"all": [{"not": a}, {"not": b}]}]}),
                2 => json!({"any": [a, b]}),
                _ => a,
            }
        })
        .collect();
    let mut by_outcomes = BTreeSet::new();
    outcomes.iter().for_each(|c| fact_refs(c, &mut by_outcomes));
    let mut by_constraints = BTreeSet::new();
    constraints
        .iter()
        .for_each(|c| fact_refs(c, &mut by_constraints));
    let mut fact_docs = Vec::new();
    for (i, f) in facts.iter().enumerate() {
        let id = format!("f{i}");
        let mut doc = json!({"id": id, "question": format!("What of {id}?"), "cites": cites});
        match &f.kind {
            Kind::Bool => doc["type"] = json!("bool"),
            Kind::Enum(n) => {
                doc["type"] = json!("enum");
                doc["values"] = json!(enum_values(*n, "v"));
            }
            Kind::Set(n) => {
                doc["type"] = json!("set");
                doc["values"] = json!(enum_values(*n, "m"));
            }
            Kind::Int { min, size } => {
                doc["type"] = json!("integer");
                doc["min"] = json!(min);
                doc["max"] = json!(min + size - 1);
            }
            Kind::Date {
                base,
                span,
                min,
                max,
            } => {
                doc["type"] = json!("date");
                if *min {
                    doc["min"] = json!(date(*base));
                }
                if *max {
                    doc["max"] = json!(date(base + span));
                }
            }
        }
        // Presuppositions point to later facts, so that file order is an order in which
        // every fact is settled before the facts it presupposes.
        if let (Some((t, v)), false) = (f.presupposes, matches!(f.kind, Kind::Int { .. }))
            && i + 1 < facts.len()
        {
            let t = i + 1 + t % (facts.len() - i - 1);
            match facts[t].kind {
                Kind::Bool => {
                    doc["presupposes"] = json!({"fact": format!("f{t}"), "is": v % 2 == 1})
                }
                Kind::Enum(n) => {
                    doc["presupposes"] =
                        json!({"fact": format!("f{t}"), "is": enum_values(n, "v")[v % n]})
                }
                _ => {}
            }
        }
        if !by_outcomes.contains(&id) && !by_constraints.contains(&id) {
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
    let mut file = json!({
        "id": "random-numbers",
        "title": "A random rule set with numbers, dates and constraints",
        "version": "1",
        "in_force_from": "2020-01-01",
        "source": {"title": "Random Act", "url": "https://example.org/random"},
        "provisions": [{"id": "p", "cite": "Random Act s1", "text": "Random text.",
                        "url": "https://example.org/random"}],
        "facts": fact_docs,
        "outcomes": outcome_docs,
        "notes": notes.into_iter().enumerate().map(|(k, c)| json!({
            "id": format!("n{k}"), "cites": cites, "text": format!("note n{k}"),
            "condition": c})).collect::<Vec<_>>(),
    });
    if !constraints.is_empty() {
        file["constraints"] = json!(
            constraints
                .into_iter()
                .enumerate()
                .map(|(k, c)| json!({"id": format!("c{k}"), "cites": cites,
                                     "says": format!("constraint c{k}"), "condition": c}))
                .collect::<Vec<_>>()
        );
    }
    file
}

// ---------------------------------------------------------------------------------------
// A naive model of a rule file, read from its JSON. Every value is an i64: a bool 0 or 1,
// an enum value its index, a set the mask of its members, an integer itself, a date its
// day number.

#[derive(Debug, Clone, Copy, PartialEq)]
enum Type {
    Bool,
    Enum,
    Set,
    Int,
    Date,
}

struct FactInfo {
    id: String,
    ty: Type,
    values: Vec<Value>,
    /// Inclusive bounds of an integer or date (a date's declared or the calendar's).
    lo: i64,
    hi: i64,
    /// Whether each bound was declared.
    bounded: (bool, bool),
    presupposes: Option<(usize, i64)>,
    /// The values a completion tries when the fact is unknown.
    domain: Vec<i64>,
}

#[derive(Debug, Clone)]
enum C {
    All(Vec<C>),
    Any(Vec<C>),
    Not(Box<C>),
    Is(usize, i64),
    In(usize, Vec<i64>),
    Contains(usize, i64),
    AtLeast(usize, i64),
}

struct Model {
    facts: Vec<FactInfo>,
    outcomes: Vec<(String, Option<C>)>,
    notes: Vec<(String, C)>,
    constraints: Vec<C>,
}

/// What a case says of each fact: `None` absent, `Some(None)` `null`, or the value.
type Given = Vec<Option<Option<i64>>>;
type Known = Vec<Option<i64>>;

impl Model {
    fn new(file: &Value) -> Model {
        let docs = file["facts"].as_array().expect("facts");
        let index = |id: &str| docs.iter().position(|f| f["id"] == id).expect("a fact");
        let mut facts: Vec<FactInfo> = docs
            .iter()
            .map(|f| {
                let ty = match f["type"].as_str().expect("a type") {
                    "bool" => Type::Bool,
                    "enum" => Type::Enum,
                    "set" => Type::Set,
                    "integer" => Type::Int,
                    _ => Type::Date,
                };
                let read = |key: &str, default: i64| match (&f[key], ty) {
                    (Value::Null, _) => default,
                    (v, Type::Date) => days(v.as_str().expect("a date")),
                    (v, _) => v.as_i64().expect("an integer"),
                };
                FactInfo {
                    id: f["id"].as_str().expect("an id").to_string(),
                    ty,
                    values: f["values"].as_array().cloned().unwrap_or_default(),
                    lo: read("min", first_day()),
                    hi: read("max", last_day()),
                    bounded: (!f["min"].is_null(), !f["max"].is_null()),
                    presupposes: None,
                    domain: Vec::new(),
                }
            })
            .collect();
        for (i, f) in docs.iter().enumerate() {
            if let Some(p) = f.get("presupposes") {
                let t = index(p["fact"].as_str().expect("a fact"));
                let v = Model::encode(&facts[t], &p["is"]);
                facts[i].presupposes = Some((t, v));
            }
        }
        let read = |c: &Value| Model::cond(&facts, c, &index);
        let list = |key: &str| file[key].as_array().cloned().unwrap_or_default();
        let outcomes = list("outcomes")
            .iter()
            .map(|o| {
                (
                    o["id"].as_str().expect("id").to_string(),
                    o.get("condition").map(read),
                )
            })
            .collect();
        let notes = list("notes")
            .iter()
            .map(|n| {
                (
                    n["id"].as_str().expect("id").to_string(),
                    read(&n["condition"]),
                )
            })
            .collect();
        let constraints = list("constraints")
            .iter()
            .map(|c| read(&c["condition"]))
            .collect();
        let mut model = Model {
            facts,
            outcomes,
            notes,
            constraints,
        };
        // Dates tested, anywhere.
        let mut cuts: Vec<BTreeSet<i64>> = vec![BTreeSet::new(); model.facts.len()];
        let mut all: Vec<&C> = model.constraints.iter().collect();
        all.extend(model.outcomes.iter().filter_map(|(_, c)| c.as_ref()));
        all.extend(model.notes.iter().map(|(_, c)| c));
        fn visit(c: &C, cuts: &mut [BTreeSet<i64>]) {
            match c {
                C::All(xs) | C::Any(xs) => xs.iter().for_each(|x| visit(x, cuts)),
                C::Not(x) => visit(x, cuts),
                C::Is(f, v) | C::AtLeast(f, v) => {
                    cuts[*f].insert(*v);
                    cuts[*f].insert(*v + 1);
                }
                _ => {}
            }
        }
        all.iter().for_each(|c| visit(c, &mut cuts));
        for (f, fact) in model.facts.iter_mut().enumerate() {
            fact.domain = match fact.ty {
                Type::Bool => vec![0, 1],
                Type::Enum => (0..fact.values.len() as i64).collect(),
                Type::Set => (0..1i64 << fact.values.len()).collect(),
                Type::Int => (fact.lo..=fact.hi).collect(),
                Type::Date => {
                    // The bounds, each date tested and the day before it (a date `is`
                    // tests, and the day after it, to stand for the dates beyond).
                    let mut d: BTreeSet<i64> = [fact.lo, fact.hi].into_iter().collect();
                    for cut in &cuts[f] {
                        d.insert(*cut);
                        d.insert(cut - 1);
                    }
                    d.into_iter()
                        .filter(|x| (fact.lo..=fact.hi).contains(x))
                        .collect()
                }
            };
        }
        model
    }

    fn encode(fact: &FactInfo, v: &Value) -> i64 {
        match fact.ty {
            Type::Bool => i64::from(v.as_bool().expect("a bool")),
            Type::Enum => fact.values.iter().position(|x| x == v).expect("a value") as i64,
            Type::Set => v
                .as_array()
                .expect("a set")
                .iter()
                .map(|m| 1i64 << fact.values.iter().position(|x| x == m).expect("a member"))
                .sum(),
            Type::Int => v.as_i64().expect("an integer"),
            Type::Date => days(v.as_str().expect("a date")),
        }
    }

    fn decode(&self, f: usize, v: i64) -> Value {
        let fact = &self.facts[f];
        match fact.ty {
            Type::Bool => json!(v == 1),
            Type::Enum => fact.values[v as usize].clone(),
            Type::Set => json!(
                (0..fact.values.len())
                    .filter(|i| v >> i & 1 == 1)
                    .map(|i| fact.values[i].clone())
                    .collect::<Vec<_>>()
            ),
            Type::Int => json!(v),
            Type::Date => json!(date(v)),
        }
    }

    fn cond(facts: &[FactInfo], c: &Value, index: &dyn Fn(&str) -> usize) -> C {
        let parts = |xs: &Value| {
            xs.as_array()
                .expect("parts")
                .iter()
                .map(|x| Model::cond(facts, x, index))
                .collect()
        };
        if let Some(xs) = c.get("all") {
            return C::All(parts(xs));
        }
        if let Some(xs) = c.get("any") {
            return C::Any(parts(xs));
        }
        if let Some(x) = c.get("not") {
            return C::Not(Box::new(Model::cond(facts, x, index)));
        }
        let f = index(c["fact"].as_str().expect("a fact"));
        let fact = &facts[f];
        let enc = |v: &Value| Model::encode(fact, v);
        if let Some(v) = c.get("is") {
            C::Is(f, enc(v))
        } else if let Some(vs) = c.get("in") {
            C::In(f, vs.as_array().expect("values").iter().map(enc).collect())
        } else if let Some(m) = c.get("contains") {
            C::Contains(
                f,
                1 << fact.values.iter().position(|x| x == m).expect("member"),
            )
        } else if let Some(v) = c.get("at_least") {
            C::AtLeast(f, v.as_i64().expect("an integer"))
        } else if let Some(v) = c.get("below") {
            C::Not(Box::new(C::AtLeast(f, v.as_i64().expect("an integer"))))
        } else if let Some(v) = c.get("on_or_after") {
            C::AtLeast(f, days(v.as_str().expect("a date")))
        } else if let Some(v) = c.get("before") {
            C::Not(Box::new(C::AtLeast(f, days(v.as_str().expect("a date")))))
        } else {
            C::Is(f, 1)
        }
    }

    fn holds(c: &C, env: &[i64]) -> bool {
        match c {
            C::All(xs) => xs.iter().all(|x| Model::holds(x, env)),
            C::Any(xs) => xs.iter().any(|x| Model::holds(x, env)),
            C::Not(x) => !Model::holds(x, env),
            C::Is(f, v) => env[*f] == *v,
            C::In(f, vs) => vs.contains(&env[*f]),
            C::Contains(f, bit) => env[*f] & bit != 0,
            C::AtLeast(f, v) => env[*f] >= *v,
        }
    }

    fn consistent(&self, env: &[i64]) -> bool {
        self.constraints.iter().all(|c| Model::holds(c, env))
    }

    fn outcome(&self, env: &[i64]) -> usize {
        self.outcomes
            .iter()
            .position(|(_, c)| c.as_ref().is_none_or(|c| Model::holds(c, env)))
            .expect("the last outcome is unconditional")
    }

    /// Calls `visit` on every consistent completion of `known` until it returns `false`.
    fn each(&self, known: &[Option<i64>], visit: &mut dyn FnMut(&[i64]) -> bool) {
        fn go(
            m: &Model,
            known: &[Option<i64>],
            env: &mut Vec<i64>,
            visit: &mut dyn FnMut(&[i64]) -> bool,
        ) -> bool {
            let at = env.len();
            if at == known.len() {
                return !m.consistent(env) || visit(env);
            }
            let one;
            let choices: &[i64] = match known[at] {
                Some(v) => {
                    one = [v];
                    &one
                }
                None => &m.facts[at].domain,
            };
            for v in choices {
                env.push(*v);
                let go_on = go(m, known, env, visit);
                env.pop();
                if !go_on {
                    return false;
                }
            }
            true
        }
        go(self, known, &mut Vec::with_capacity(known.len()), visit);
    }

    fn satisfiable(&self, known: &[Option<i64>]) -> bool {
        let mut found = false;
        self.each(known, &mut |_| {
            found = true;
            false
        });
        found
    }

    /// The number of completions `each` would try.
    fn work(&self, known: &[Option<i64>]) -> usize {
        known
            .iter()
            .zip(&self.facts)
            .map(|(k, f)| if k.is_some() { 1 } else { f.domain.len() })
            .fold(1usize, usize::saturating_mul)
    }

    /// The values known after presuppositions, and which of them are inferred: the given
    /// values, then, fact by fact in file order, the value the facts with a value that
    /// presuppose it all imply (none when they disagree), kept only where some consistent
    /// completion extends it with what is given and inferred before.
    fn known(&self, given: &Given) -> (Known, Vec<bool>) {
        let mut known: Known = given.iter().map(|g| g.flatten()).collect();
        let mut inferred = vec![false; known.len()];
        for t in 0..known.len() {
            if known[t].is_some() {
                continue;
            }
            let implied: Vec<i64> = (0..known.len())
                .filter(|f| known[*f].is_some())
                .filter_map(|f| match self.facts[f].presupposes {
                    Some((target, v)) if target == t => Some(v),
                    _ => None,
                })
                .collect();
            if let Some(first) = implied.first()
                && implied.iter().all(|v| v == first)
            {
                known[t] = Some(*first);
                if self.satisfiable(&known) {
                    inferred[t] = true;
                } else {
                    known[t] = None;
                }
            }
        }
        (known, inferred)
    }

    /// Possible outcomes (a mask) of the completions of `known`.
    fn possible(&self, known: &[Option<i64>]) -> u64 {
        let mut mask = 0u64;
        self.each(known, &mut |env| {
            mask |= 1 << self.outcome(env);
            true
        });
        mask
    }

    fn ids(&self, mask: u64) -> Vec<String> {
        (0..self.outcomes.len())
            .filter(|i| mask >> i & 1 == 1)
            .map(|i| self.outcomes[i].0.clone())
            .collect()
    }

    /// Whether two values of fact `f` pass and fail the same tests (of one interval).
    fn alike(&self, f: usize, a: i64, b: i64) -> bool {
        fn tests(c: &C, f: usize, a: i64, b: i64) -> bool {
            match c {
                C::All(xs) | C::Any(xs) => xs.iter().all(|x| tests(x, f, a, b)),
                C::Not(x) => tests(x, f, a, b),
                C::Is(g, v) if *g == f => (a == *v) == (b == *v),
                C::AtLeast(g, v) if *g == f => (a >= *v) == (b >= *v),
                C::In(g, _) | C::Contains(g, _) | C::Is(g, _) if *g == f => a == b,
                _ => true,
            }
        }
        let mut all: Vec<&C> = self.constraints.iter().collect();
        all.extend(self.outcomes.iter().filter_map(|(_, c)| c.as_ref()));
        all.extend(self.notes.iter().map(|(_, c)| c));
        match self.facts[f].ty {
            Type::Int | Type::Date => all.iter().all(|c| tests(c, f, a, b)),
            _ => a == b,
        }
    }
}

// ---------------------------------------------------------------------------------------
// What the brute force expects of one case.

struct Expected {
    possible: u64,
    notes: Vec<String>,
    /// Per fact not given: forced (its values taken, with the others known, one interval).
    forced: Vec<Option<BTreeSet<i64>>>,
    inferred: Vec<bool>,
    missing: Vec<usize>,
    /// Per missing fact, each value taken and what answering it leaves possible.
    answers: BTreeMap<usize, BTreeMap<i64, u64>>,
}

fn expect(model: &Model, given: &Given) -> Expected {
    let n = model.facts.len();
    let (known, inferred) = model.known(given);
    let mut possible = 0u64;
    let mut notes = vec![true; model.notes.len()];
    let mut taken = vec![BTreeSet::new(); n];
    // Completions, grouped by everything but one fact, for the first criterion.
    let mut by_rest: Vec<BTreeMap<Vec<i64>, u64>> = vec![BTreeMap::new(); n];
    let mut per_value: Vec<BTreeMap<i64, u64>> = vec![BTreeMap::new(); n];
    model.each(&known, &mut |env| {
        let o = model.outcome(env);
        possible |= 1 << o;
        for (k, (_, c)) in model.notes.iter().enumerate() {
            notes[k] &= Model::holds(c, env);
        }
        for f in 0..n {
            taken[f].insert(env[f]);
            if known[f].is_none() {
                let mut rest = env.to_vec();
                rest[f] = i64::MIN;
                *by_rest[f].entry(rest).or_default() |= 1 << o;
                *per_value[f].entry(env[f]).or_default() |= 1 << o;
            }
        }
        true
    });
    let notes = model
        .notes
        .iter()
        .zip(notes)
        .filter(|(_, raised)| *raised)
        .map(|((id, _), _)| id.clone())
        .collect();
    let has_constraints = !model.constraints.is_empty();
    let mut forced = vec![None; n];
    if has_constraints {
        for f in 0..n {
            if given[f].flatten().is_some() {
                continue;
            }
            let mut without = known.clone();
            without[f] = None;
            let mut values = BTreeSet::new();
            model.each(&without, &mut |env| {
                values.insert(env[f]);
                true
            });
            let first = values.first().copied();
            // One interval: alike on every test, and no value tried between two taken
            // left out.
            let last = values.last().copied();
            if let (Some(first), Some(last)) = (first, last)
                && values.iter().all(|v| model.alike(f, first, *v))
                && model.facts[f]
                    .domain
                    .iter()
                    .all(|v| !(first..=last).contains(v) || values.contains(v))
            {
                forced[f] = Some(values);
            }
        }
    }
    let mut missing = Vec::new();
    let mut answers = BTreeMap::new();
    for f in 0..n {
        if known[f].is_some() || forced[f].is_some() {
            continue;
        }
        // What answering `f` with `v` leaves possible: answering applies what `f`
        // presupposes, so a presupposing fact's case is resolved anew.
        let answer = |v: i64| -> u64 {
            if model.facts[f].presupposes.is_none() {
                return per_value[f].get(&v).copied().unwrap_or(0);
            }
            let mut g = given.clone();
            g[f] = Some(Some(v));
            model.possible(&model.known(&g).0)
        };
        let list: BTreeMap<i64, u64> = taken[f].iter().map(|v| (*v, answer(*v))).collect();
        // First criterion: two consistent completions differing in `f` alone decide
        // differently, once answering `f` applies what it presupposes.
        let differs = if model.facts[f].presupposes.is_none() {
            by_rest[f].values().any(|m| m.count_ones() > 1)
        } else {
            // Each value taken, answered, is its own case (the inferences may differ with the value):
            // two of their completions equal but for `f` that decide differently.
            let mut groups: BTreeMap<Vec<i64>, u64> = BTreeMap::new();
            for v in &taken[f] {
                let mut g = given.clone();
                g[f] = Some(Some(*v));
                model.each(&model.known(&g).0, &mut |env| {
                    let mut rest = env.to_vec();
                    rest[f] = i64::MIN;
                    *groups.entry(rest).or_default() |= 1 << model.outcome(env);
                    true
                });
            }
            groups.values().any(|m| m.count_ones() > 1)
        };
        // Second criterion (with constraints): some value taken leaves fewer outcomes.
        let narrows =
            has_constraints && list.values().any(|m| *m & possible == *m && *m != possible);
        if differs || narrows {
            missing.push(f);
            answers.insert(f, list);
        }
    }
    Expected {
        possible,
        notes,
        forced,
        inferred,
        missing,
        answers,
    }
}

// ---------------------------------------------------------------------------------------
// Comparing.

/// An interval the engine shows (`{"range": …}` or a plain value), as inclusive days or
/// integers, with each end's presence.
fn interval(model: &Model, f: usize, shown: &Value) -> Result<(i64, i64, bool, bool), String> {
    let fact = &model.facts[f];
    let read = |v: &Value| -> Result<i64, String> {
        match fact.ty {
            Type::Date => v.as_str().map(days).ok_or(format!("not a date: {v}")),
            _ => v.as_i64().ok_or(format!("not an integer: {v}")),
        }
    };
    let Some(range) = shown.get("range") else {
        let v = read(shown)?;
        return Ok((v, v, true, true));
    };
    let (lo_key, hi_key) = match fact.ty {
        Type::Date => ("on_or_after", "on_or_before"),
        _ => ("at_least", "at_most"),
    };
    let lo = range.get(lo_key).map(read).transpose()?;
    let hi = range.get(hi_key).map(read).transpose()?;
    Ok((
        lo.unwrap_or(fact.lo),
        hi.unwrap_or(fact.hi),
        lo.is_some(),
        hi.is_some(),
    ))
}

/// Checks an engine interval for fact `f` against the brute force: its shown ends are
/// right, and every value in it that `outcomes_of` can judge gives `expected`.
fn check_interval(
    model: &Model,
    f: usize,
    (lo, hi, has_lo, has_hi): (i64, i64, bool, bool),
    what: &str,
) -> Result<(), String> {
    let fact = &model.facts[f];
    if lo > hi || lo < fact.lo || hi > fact.hi {
        return Err(format!(
            "{what}: interval {lo}..={hi} outside {}..={}",
            fact.lo, fact.hi
        ));
    }
    // An end at a declared bound is shown; only an unbounded end is left out.
    let unbounded_lo = !fact.bounded.0 && fact.ty == Type::Date;
    let unbounded_hi = !fact.bounded.1 && fact.ty == Type::Date;
    if has_lo == (unbounded_lo && lo == fact.lo) || has_hi == (unbounded_hi && hi == fact.hi) {
        return Err(format!(
            "{what}: ends shown {has_lo}/{has_hi} for {}..={} (fact bounded {:?})",
            shown_value(model, f, lo),
            shown_value(model, f, hi),
            fact.bounded
        ));
    }
    Ok(())
}

fn shown_value(model: &Model, f: usize, v: i64) -> String {
    model.decode(f, v).to_string()
}

fn facts_in_trace<'t>(nodes: &'t [TraceNode], out: &mut Vec<&'t TraceNode>) {
    for n in nodes {
        if n.kind == NodeKind::Fact {
            out.push(n);
        }
        facts_in_trace(&n.children, out);
    }
}

#[derive(Default, Debug)]
struct Stats {
    generated: usize,
    loaded: usize,
    rejected: BTreeMap<String, usize>,
    too_large: usize,
    cases: usize,
    contradictions: usize,
    compared: usize,
    with_constraints: usize,
    settled: usize,
    numeric_answers: usize,
    constrained_shown: usize,
    inferred: usize,
    unreachable_checked: usize,
    unsatisfiable_checked: usize,
}

const WORK_LIMIT: usize = 40_000;

fn given_of(model: &Model, slots: &[Slot]) -> Given {
    model
        .facts
        .iter()
        .zip(slots)
        .map(|(f, (kind, pick))| match kind {
            0..=2 => None,
            3 => Some(None),
            _ => {
                let p = (*pick & (i64::MAX as u64)) as i64;
                Some(Some(match f.ty {
                    Type::Date if p % 2 == 0 => f.domain[(p / 2) as usize % f.domain.len()],
                    Type::Date => {
                        // Near the dates tested, within the calendar (f.lo, f.hi).
                        let inner: Vec<i64> = f.domain[1..f.domain.len() - 1].to_vec();
                        let near = days("2000-01-01");
                        let lo = if f.bounded.0 {
                            f.lo
                        } else {
                            (inner.first().copied().unwrap_or(near) - 400).max(f.lo)
                        };
                        let hi = if f.bounded.1 {
                            f.hi
                        } else {
                            (inner.last().copied().unwrap_or(near) + 400).min(f.hi)
                        };
                        let (lo, hi) = (lo.min(f.hi), hi.max(f.lo));
                        let (lo, hi) = (lo.min(hi), hi.max(lo));
                        lo + (p / 2) % (hi - lo + 1)
                    }
                    _ => f.domain[p as usize % f.domain.len()],
                }))
            }
        })
        .collect()
}

fn case_json(model: &Model, given: &Given) -> Value {
    let mut facts = Map::new();
    for (f, g) in given.iter().enumerate() {
        match g {
            None => {}
            Some(None) => {
                facts.insert(model.facts[f].id.clone(), Value::Null);
            }
            Some(Some(v)) => {
                facts.insert(model.facts[f].id.clone(), model.decode(f, *v));
            }
        }
    }
    json!({ "facts": facts })
}

/// Compares the engine's determination of one case with the brute force.
fn compare(
    model: &Model,
    given: &Given,
    det: &Determination,
    stats: &RefCell<Stats>,
) -> Result<(), String> {
    let e = expect(model, given);
    let possible = model.ids(e.possible);
    if det.possible_outcomes != possible {
        return Err(format!(
            "possible outcomes {:?}, brute force {possible:?}",
            det.possible_outcomes
        ));
    }
    let outcome = match possible.as_slice() {
        [only] => only.clone(),
        _ => "undetermined".to_string(),
    };
    if det.outcome != outcome {
        return Err(format!("outcome {}, brute force {outcome}", det.outcome));
    }
    let raised: Vec<String> = det.notes.iter().map(|n| n.id.to_string()).collect();
    if raised != e.notes {
        return Err(format!("notes {raised:?}, brute force {:?}", e.notes));
    }
    // Statuses and forced values, wherever a fact shows in the trace.
    let mut leaves = Vec::new();
    facts_in_trace(&det.trace, &mut leaves);
    for leaf in leaves {
        let id = leaf.fact.as_deref().unwrap_or_default();
        let f = model
            .facts
            .iter()
            .position(|x| x.id == id)
            .ok_or(format!("unknown fact {id}"))?;
        let expected = if given[f].flatten().is_some() {
            FactStatus::Given
        } else if e.forced[f].is_some() {
            FactStatus::Constrained
        } else if e.inferred[f] {
            FactStatus::Inferred
        } else if given[f].is_some() {
            FactStatus::Asked
        } else {
            FactStatus::Unknown
        };
        if leaf.status != Some(expected) {
            return Err(format!(
                "fact {id}: status {:?}, brute force {expected:?}",
                leaf.status
            ));
        }
        if let Some(values) = &e.forced[f] {
            let shown = leaf.fact_value.as_ref().map(|v| Value::from(v.clone()));
            let shown = shown.ok_or(format!("constrained fact {id} without its value"))?;
            let what = format!("constrained fact {id} shown as {shown}");
            match model.facts[f].ty {
                Type::Int | Type::Date => {
                    let iv = interval(model, f, &shown).map_err(|x| format!("{what}: {x}"))?;
                    check_interval(model, f, iv, &what)?;
                    let (lo, hi, _, _) = iv;
                    // Every value the brute force tries within it, and no other, is taken.
                    for v in model.facts[f].domain.iter().chain([&lo, &hi]) {
                        let inside = (lo..=hi).contains(v);
                        let mut k = model.known(given).0;
                        k[f] = Some(*v);
                        let is_taken = values.contains(v) || model.satisfiable(&k);
                        if inside != is_taken {
                            return Err(format!(
                                "{what}: {} {} inside, but taken: {is_taken}",
                                shown_value(model, f, *v),
                                if inside { "is" } else { "is not" }
                            ));
                        }
                    }
                }
                _ => {
                    let only = values.first().copied().unwrap_or_default();
                    if values.len() != 1 || shown != model.decode(f, only) {
                        return Err(format!("{what}, brute force {values:?}"));
                    }
                }
            }
            stats.borrow_mut().constrained_shown += 1;
        }
    }
    // Missing facts and their answers.
    let mut listed: Vec<usize> = Vec::new();
    for m in &det.missing_facts {
        listed.push(
            model
                .facts
                .iter()
                .position(|x| x.id == m.fact.as_str())
                .ok_or("unknown fact")?,
        );
    }
    listed.sort_unstable();
    if listed != e.missing {
        let names = |xs: &[usize]| {
            xs.iter()
                .map(|f| model.facts[*f].id.clone())
                .collect::<Vec<_>>()
        };
        return Err(format!(
            "missing facts {:?}, brute force {:?}",
            names(&listed),
            names(&e.missing)
        ));
    }
    for m in &det.missing_facts {
        let f = model
            .facts
            .iter()
            .position(|x| x.id == m.fact.as_str())
            .ok_or("unknown fact")?;
        let want = &e.answers[&f];
        let Some(answers) = &m.answers else {
            return Err(format!("missing fact {} without answers", m.fact));
        };
        let ty = model.facts[f].ty;
        let mut covered = BTreeSet::new();
        for a in answers {
            let outcomes: Vec<String> = a.possible_outcomes.iter().map(|o| o.to_string()).collect();
            match ty {
                Type::Int | Type::Date => {
                    let range = a
                        .range
                        .as_ref()
                        .ok_or(format!("{}: an answer without a range", m.fact))?;
                    let range = json!({"range": Value::from(range.clone())});
                    let what = format!("answer {range} to {}", m.fact);
                    let iv = interval(model, f, &range).map_err(|x| format!("{what}: {x}"))?;
                    check_interval(model, f, iv, &what)?;
                    let (lo, hi, _, _) = iv;
                    // The ends, and every value the brute force tries inside, are taken
                    // and leave what the engine says.
                    let mut inside: Vec<i64> = model.facts[f]
                        .domain
                        .iter()
                        .copied()
                        .filter(|v| (lo..=hi).contains(v))
                        .collect();
                    inside.extend([lo, hi]);
                    for v in inside {
                        let left = match want.get(&v) {
                            Some(mask) => *mask,
                            None => {
                                // A date between those tried: judged on its own.
                                let (mut k, _) = model.known(given);
                                k[f] = Some(v);
                                let mask = model.possible(&k);
                                if mask == 0 {
                                    return Err(format!(
                                        "{what}: {} is taken by no consistent completion",
                                        shown_value(model, f, v)
                                    ));
                                }
                                mask
                            }
                        };
                        if model.ids(left) != outcomes {
                            return Err(format!(
                                "{what}: leaves {outcomes:?}, but {} leaves {:?}",
                                shown_value(model, f, v),
                                model.ids(left)
                            ));
                        }
                        covered.insert(v);
                    }
                    stats.borrow_mut().numeric_answers += 1;
                }
                _ => {
                    let value = a
                        .value
                        .as_ref()
                        .map(|v| Value::from(v.clone()))
                        .ok_or("an answer without a value")?;
                    let v = Model::encode(&model.facts[f], &value);
                    let left = want.get(&v).ok_or(format!(
                        "answer {value} to {}: no consistent completion takes it",
                        m.fact
                    ))?;
                    if model.ids(*left) != outcomes {
                        return Err(format!(
                            "answer {value} to {}: leaves {outcomes:?}, brute force {:?}",
                            m.fact,
                            model.ids(*left)
                        ));
                    }
                    covered.insert(v);
                }
            }
        }
        for v in want.keys() {
            if !covered.contains(v) {
                return Err(format!(
                    "{}: the value {} is taken but no answer covers it",
                    m.fact,
                    shown_value(model, f, *v)
                ));
            }
        }
    }
    let mut s = stats.borrow_mut();
    s.settled += usize::from(e.possible.count_ones() == 1);
    s.inferred += usize::from(e.inferred.iter().any(|x| *x));
    Ok(())
}

fn check(spec: &Spec, cases: &[Vec<Slot>], stats: &RefCell<Stats>) -> Result<(), String> {
    let file = rule_file(spec);
    stats.borrow_mut().generated += 1;
    let rules = match RuleSet::from_json(&file.to_string()) {
        Ok(rules) => rules,
        Err(e) => {
            let problems = e.problems();
            {
                let mut s = stats.borrow_mut();
                for p in problems {
                    *s.rejected.entry(p.code.to_string()).or_default() += 1;
                }
            }
            let model = Model::new(&file);
            if model.work(&vec![None; model.facts.len()]) > WORK_LIMIT {
                return Ok(());
            }
            // The loader's judgement of reachability and satisfiability, by brute force.
            let nothing = vec![None; model.facts.len()];
            if problems.iter().any(|p| p.code == "unsatisfiable") {
                stats.borrow_mut().unsatisfiable_checked += 1;
                if model.satisfiable(&nothing) {
                    return Err(format!(
                        "rejected as unsatisfiable, but the brute force satisfies the constraints: {problems:?}\n{file:#}"
                    ));
                }
            } else if !problems.is_empty()
                && problems.iter().all(|p| p.code == "unreachable_outcome")
            {
                stats.borrow_mut().unreachable_checked += 1;
                let reached = model.possible(&nothing);
                let unreached: Vec<String> = (0..model.outcomes.len())
                    .filter(|o| reached >> o & 1 == 0)
                    .map(|o| format!("/outcomes/{o}"))
                    .collect();
                let said: Vec<&str> = problems.iter().map(|p| p.pointer.as_str()).collect();
                if said != unreached {
                    return Err(format!(
                        "the loader says {said:?} can never be reached, the brute force {unreached:?}\n{file:#}"
                    ));
                }
            }
            return Ok(());
        }
    };
    let model = Model::new(&file);
    if model.work(&vec![None; model.facts.len()]) > WORK_LIMIT {
        stats.borrow_mut().too_large += 1;
        return Ok(());
    }
    let reached = model.possible(&vec![None; model.facts.len()]);
    if reached.count_ones() as usize != model.outcomes.len() {
        return Err(format!(
            "loaded, but the brute force reaches only {:?}\n{file:#}",
            model.ids(reached)
        ));
    }
    {
        let mut s = stats.borrow_mut();
        s.loaded += 1;
        s.with_constraints += usize::from(!model.constraints.is_empty());
    }
    for slots in cases {
        let given = given_of(&model, slots);
        let case = case_json(&model, &given);
        let context = || format!("case {case}\nrule file {file:#}");
        stats.borrow_mut().cases += 1;
        let bound = Case::from_value(case.clone())
            .map_err(|e| format!("the case does not read: {e}\n{}", context()))
            .map(|c| rules.bind(&c).map_err(|e| e.problems().to_vec()))?;
        let given_only: Known = given.iter().map(|g| g.flatten()).collect();
        if !model.satisfiable(&given_only) {
            match bound {
                Err(problems) if problems.iter().any(|p| p.code == "contradiction") => {
                    stats.borrow_mut().contradictions += 1;
                    continue;
                }
                Err(problems) => {
                    return Err(format!(
                        "refused, but not as a contradiction: {problems:?}\n{}",
                        context()
                    ));
                }
                Ok(_) => {
                    return Err(format!(
                        "the given facts admit no consistent completion, yet the case was accepted\n{}",
                        context()
                    ));
                }
            }
        }
        let facts =
            bound.map_err(|p| format!("refused a consistent case: {p:?}\n{}", context()))?;
        let det = facts.evaluate();
        compare(&model, &given, &det, stats).map_err(|e| format!("{e}\n{}", context()))?;
        stats.borrow_mut().compared += 1;
    }
    Ok(())
}

/// The seed: `RANDOM_NUMBERS_SEED` if set, else a fixed one.
fn rng() -> (u64, TestRng) {
    let seed = std::env::var("RANDOM_NUMBERS_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20_261_203u64);
    let mut bytes = [0u8; 32];
    for (i, chunk) in bytes.chunks_mut(8).enumerate() {
        chunk.copy_from_slice(
            &(seed ^ (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)).to_le_bytes(),
        );
    }
    (seed, TestRng::from_seed(RngAlgorithm::ChaCha, &bytes))
}

fn runner(cases: u32) -> (u64, TestRunner) {
    let (seed, rng) = rng();
    let config = Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    };
    (seed, TestRunner::new_with_rng(config, rng))
}

#[test]
fn the_engine_agrees_with_a_brute_force_on_random_rule_sets_with_numbers_and_constraints() {
    let stats = RefCell::new(Stats::default());
    let (seed, mut runner) = runner(RULE_SETS);
    let result = runner.run(&(spec(), cases()), |(spec, cases)| {
        check(&spec, &cases, &stats).map_err(TestCaseError::fail)
    });
    let s = stats.into_inner();
    if let Err(e) = result {
        panic!("seed {seed} (set RANDOM_NUMBERS_SEED to another to vary): {e}");
    }
    println!("seed {seed}: {s:#?}");
    assert!(
        s.loaded >= MIN_LOADED,
        "only {} random rule sets loaded (of {})",
        s.loaded,
        s.generated
    );
    assert!(
        s.compared >= MIN_COMPARED,
        "only {} cases compared",
        s.compared
    );
    assert!(
        s.with_constraints * 2 >= s.loaded,
        "too few rule sets with constraints: {s:?}"
    );
    assert!(s.contradictions > 0, "no contradicting case was generated");
    assert!(s.constrained_shown > 0, "no forced value was shown");
    assert!(s.numeric_answers > 0, "no interval answer was checked");
    assert!(
        s.unreachable_checked > 0 && s.unsatisfiable_checked > 0,
        "load errors unchecked: {s:?}"
    );
    assert!(
        s.too_large * 5 <= s.generated,
        "too many rule sets too large to brute force: {s:?}"
    );
}

/// Rule sets generated by the main comparison, and the least that must load and be
/// compared (the README states these).
const RULE_SETS: u32 = 1500;
const MIN_LOADED: usize = 500;
const MIN_COMPARED: usize = 2500;

// ---------------------------------------------------------------------------------------
// Properties.

/// Loads a random spec's rule file, or `None` when the loader rejects it or the brute
/// force could not judge it.
fn load(spec: &Spec) -> Option<(Value, RuleSet, Model)> {
    let file = rule_file(spec);
    let rules = RuleSet::from_json(&file.to_string()).ok()?;
    let model = Model::new(&file);
    (model.work(&vec![None; model.facts.len()]) <= WORK_LIMIT).then_some((file, rules, model))
}

/// The case with fact `f` answered `value` besides.
fn with_answer(case: &Value, id: &str, value: Value) -> Value {
    let mut case = case.clone();
    case["facts"][id] = value;
    case
}

fn determine(rules: &RuleSet, case: &Value) -> Result<Determination, String> {
    let case = Case::from_value(case.clone()).map_err(|e| e.to_string())?;
    Ok(rules.bind(&case).map_err(|e| e.to_string())?.evaluate())
}

#[derive(Default, Debug)]
struct Counts {
    rule_sets: usize,
    cases: usize,
    checked: usize,
}

/// A property of one case: the rule file, its rule set, the brute force's model, the case.
type Property = dyn Fn(&Value, &RuleSet, &Model, &Given, &mut Counts) -> Result<(), String>;

fn run_property(name: &str, rule_sets: u32, property: &Property) -> Counts {
    let counts = RefCell::new(Counts::default());
    let (seed, mut runner) = runner(rule_sets);
    let result = runner.run(&(spec(), cases()), |(spec, cases)| {
        let Some((file, rules, model)) = load(&spec) else {
            return Ok(());
        };
        counts.borrow_mut().rule_sets += 1;
        for slots in &cases {
            let given = given_of(&model, slots);
            let given_only: Known = given.iter().map(|g| g.flatten()).collect();
            if !model.satisfiable(&given_only) {
                continue;
            }
            counts.borrow_mut().cases += 1;
            property(&file, &rules, &model, &given, &mut counts.borrow_mut()).map_err(|e| {
                TestCaseError::fail(format!(
                    "{e}\ncase {}\nrule file {file:#}",
                    case_json(&model, &given)
                ))
            })?;
        }
        Ok(())
    });
    if let Err(e) = result {
        panic!("{name}, seed {seed} (set RANDOM_NUMBERS_SEED to vary): {e}");
    }
    let counts = counts.into_inner();
    println!("{name}, seed {seed}: {counts:?}");
    counts
}

/// Answering a missing fact with any answer the determination lists leaves exactly the
/// outcomes that answer says, and (for a fact presupposing nothing) never widens the
/// possible outcomes.
#[test]
fn answering_a_fact_leaves_what_its_answer_says_and_never_widens() {
    let counts = run_property("answering", 400, &|_, rules, model, given, counts| {
        let case = case_json(model, given);
        let before = determine(rules, &case)?;
        for m in &before.missing_facts {
            let f = model
                .facts
                .iter()
                .position(|x| x.id == m.fact.as_str())
                .ok_or("a fact")?;
            for a in m.answers.iter().flatten() {
                let value = match &a.range {
                    Some(range) => {
                        let (lo, hi, _, _) =
                            interval(model, f, &json!({"range": Value::from(range.clone())}))?;
                        model.decode(f, if given.len() % 2 == 0 { lo } else { hi })
                    }
                    None => Value::from(a.value.clone().ok_or("a value")?),
                };
                let after =
                    determine(rules, &with_answer(&case, &m.fact, value.clone())).map_err(|e| {
                        format!("answering {} with {value}, listed, is refused: {e}", m.fact)
                    })?;
                if after.possible_outcomes != a.possible_outcomes {
                    return Err(format!(
                        "answering {} with {value} leaves {:?}, its answer says {:?}",
                        m.fact, after.possible_outcomes, a.possible_outcomes
                    ));
                }
                let widened = after
                    .possible_outcomes
                    .iter()
                    .any(|o| !before.possible_outcomes.contains(o));
                if widened && model.facts[f].presupposes.is_none() {
                    return Err(format!(
                        "answering {} with {value} widens {:?} to {:?}",
                        m.fact, before.possible_outcomes, after.possible_outcomes
                    ));
                }
                counts.checked += 1;
            }
        }
        Ok(())
    });
    assert!(
        counts.rule_sets >= 100 && counts.checked >= 1000,
        "{counts:?}"
    );
}

/// A constraint that always holds changes nothing in any determination (of a rule set
/// without presuppositions: see below).
#[test]
fn a_constraint_always_true_changes_nothing() {
    let counts = run_property("always true", 300, &|file, _, model, given, counts| {
        // A test some outcome makes: it adds no threshold (a new one would cut a
        // number's intervals finer), and its fact is not recorded only.
        fn first_test(c: &Value) -> Option<Value> {
            if c.get("fact").is_some() {
                return Some(c.clone());
            }
            match c {
                Value::Object(o) => o.values().find_map(first_test),
                Value::Array(xs) => xs.iter().find_map(first_test),
                _ => None,
            }
        }
        let Some(test) = first_test(&file["outcomes"]) else {
            return Ok(());
        };
        // Presuppositions left out: with them an always-true constraint does change
        // the missing facts, as the design's second criterion (only with constraints)
        // lists a presupposing fact whose answer infers a narrowing value, which the
        // first alone does not (`a_presupposing_fact_is_listed_only_under_constraints`).
        let mut file = file.clone();
        for f in file["facts"].as_array_mut().into_iter().flatten() {
            f.as_object_mut().map(|o| o.remove("presupposes"));
        }
        let rules = &RuleSet::from_json(&file.to_string()).map_err(|e| e.to_string())?;
        let tautology = json!({"id": "always", "cites": ["p"], "says": "always true",
                                   "condition": {"any": [test.clone(), {"not": test}]}});
        match file.get_mut("constraints").and_then(Value::as_array_mut) {
            Some(list) => list.push(tautology),
            None => file["constraints"] = json!([tautology]),
        }
        let widened = RuleSet::from_json(&file.to_string())
            .map_err(|e| format!("with an always-true constraint the file no longer loads: {e}"))?;
        let case = case_json(model, given);
        let mut a = serde_json::to_value(determine(rules, &case)?).map_err(|e| e.to_string())?;
        let mut b = serde_json::to_value(determine(&widened, &case)?).map_err(|e| e.to_string())?;
        a["rule_set"] = Value::Null;
        b["rule_set"] = Value::Null;
        if a != b {
            return Err(format!(
                "an always-true constraint changes the determination:\nwithout {a:#}\nwith {b:#}"
            ));
        }
        counts.checked += 1;
        Ok(())
    });
    assert!(
        counts.rule_sets >= 60 && counts.checked >= 300,
        "{counts:?}"
    );
}

/// The design's order: only given values can make a case error; an inferred value is a
/// soft default, dropped where the constraints exclude it. Every case whose given values
/// some completion satisfying the constraints extends binds, and so does each case on the
/// way to it, answering its facts one at a time.
#[test]
fn a_soft_inferred_value_never_makes_a_case_error() {
    let counts = run_property("soft inference", 400, &|_, rules, model, given, counts| {
        let mut facts = rules.facts();
        for (f, g) in given.iter().enumerate() {
            if let Some(v) = g {
                let value = v.map_or(Value::Null, |v| model.decode(f, v));
                facts.set(&model.facts[f].id, value.clone()).map_err(|e| {
                    format!(
                        "answering {} with {value} is refused: {e}",
                        model.facts[f].id
                    )
                })?;
            }
        }
        let case = Case::from_value(case_json(model, given)).map_err(|e| e.to_string())?;
        rules.bind(&case).map_err(|e| format!("refused: {e}"))?;
        let (_, inferred) = model.known(given);
        counts.checked += usize::from(inferred.iter().any(|x| *x));
        Ok(())
    });
    assert!(counts.cases >= 500 && counts.checked >= 20, "{counts:?}");
}

// ---------------------------------------------------------------------------------------
// Fixed cases for what the random ones found or probe.

fn small_file(facts: Value, outcomes: Value, constraints: Value) -> Value {
    json!({
        "id": "small", "title": "t", "version": "1", "in_force_from": "2020-01-01",
        "source": {"title": "t", "url": "https://example.org/t"},
        "provisions": [{"id": "p", "cite": "p", "text": "p", "url": "https://example.org/t"}],
        "facts": facts, "outcomes": outcomes, "constraints": constraints,
    })
}

fn bool_fact(id: &str, extra: Value) -> Value {
    let mut f = json!({"id": id, "type": "bool", "question": "?", "cites": ["p"]});
    for (k, v) in extra.as_object().into_iter().flatten() {
        f[k] = v.clone();
    }
    f
}

/// The design (issue 15): an inferred value is a soft default; where the constraints exclude it,
/// nothing is inferred and the case is no error. `x` presupposes `a`, and `a` excludes
/// `b`: a case giving `x` and `b` binds, with `a` unknown, not inferred.
#[test]
fn an_inferred_value_the_constraints_exclude_is_dropped_not_an_error() {
    let file = small_file(
        json!([
            bool_fact("a", json!({})),
            bool_fact("b", json!({})),
            bool_fact(
                "x",
                json!({"presupposes": {"fact": "a", "is": true}, "recorded_only": true})
            )
        ]),
        json!([{"id": "yes", "cites": ["p"], "holds": "a", "fails": "not a", "condition": {"fact": "a"}},
               {"id": "no", "cites": ["p"], "holds": "otherwise"}]),
        json!([{"id": "not_both", "cites": ["p"], "says": "not a and b",
                "condition": {"not": {"all": [{"fact": "a"}, {"fact": "b"}]}}}]),
    );
    let rules = RuleSet::from_json(&file.to_string()).expect("loads");
    let det = determine(&rules, &json!({"facts": {"x": true, "b": true}})).expect("no case error");
    assert_eq!(det.outcome, "no", "{}", det.to_json());
    let mut leaves = Vec::new();
    facts_in_trace(&det.trace, &mut leaves);
    let a = leaves
        .iter()
        .find(|n| n.fact.as_deref() == Some("a"))
        .expect("a in the trace");
    assert_eq!(
        a.status,
        Some(FactStatus::Constrained),
        "b forces a false: {}",
        det.to_json()
    );
    // Without b, a is inferred.
    let det = determine(&rules, &json!({"facts": {"x": true}})).expect("binds");
    assert_eq!(det.outcome, "yes", "{}", det.to_json());
}

/// A design point the random comparison met (reported with issue 15): the design says that
/// without constraints the second criterion for a missing fact follows from the first.
/// With a presupposition it does not: here `f1` presupposes `f3` false, and answering it
/// settles the outcome, yet without constraints it is not missing (answering applies the
/// presupposition, after which `f1` itself decides nothing), while any constraint, even an
/// always-true one, makes it missing. This test records the engine's behaviour as it is.
#[test]
fn a_presupposing_fact_is_listed_only_under_constraints() {
    let facts = json!([
        bool_fact(
            "f1",
            json!({"presupposes": {"fact": "f3", "is": false}, "recorded_only": true})
        ),
        bool_fact("f3", json!({})),
    ]);
    let outcomes = json!([
        {"id": "o0", "cites": ["p"], "holds": "f3", "fails": "not f3", "condition": {"fact": "f3"}},
        {"id": "o1", "cites": ["p"], "holds": "otherwise"}
    ]);
    let always = json!([{"id": "always", "cites": ["p"], "says": "always",
                          "condition": {"any": [{"fact": "f3"}, {"not": {"fact": "f3"}}]}}]);
    let missing = |constraints: Value| {
        let rules = RuleSet::from_json(
            &small_file(facts.clone(), outcomes.clone(), constraints).to_string(),
        )
        .expect("loads");
        let det = determine(&rules, &json!({"facts": {}})).expect("binds");
        det.missing_facts
            .iter()
            .map(|m| m.fact.to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(missing(json!([])), ["f3"]);
    assert_eq!(missing(always), ["f1", "f3"]);
}

/// The design (issue 15): presuppositions infer "one at a time in file order". Here two inferences
/// exclude each other: `f2` (inferred through `f1`, earlier in the file) and `f4`. In file
/// order `f2` is inferred first and `f4` dropped; the engine orders presuppositions by the
/// length of the chain leading to the presupposed fact, so infers `f4` first. Ignored until
/// the lead decides which order is meant (reported with issue 15).
#[test]
#[ignore = "presupposition order: the design says file order, the engine uses chain length"]
fn presuppositions_infer_in_file_order() {
    let facts = json!([
        bool_fact("f0", json!({"presupposes": {"fact": "f1", "is": true}})),
        bool_fact("f1", json!({"presupposes": {"fact": "f2", "is": true}})),
        bool_fact("f2", json!({})),
        bool_fact("f3", json!({"presupposes": {"fact": "f4", "is": true}})),
        bool_fact("f4", json!({})),
    ]);
    let outcomes = json!([
        {"id": "o0", "cites": ["p"], "holds": "f2", "fails": "not f2", "condition": {"all": [{"fact": "f2"}, {"fact": "f0"}, {"fact": "f1"}, {"fact": "f3"}]}},
        {"id": "o1", "cites": ["p"], "holds": "otherwise"}
    ]);
    let constraints = json!([{"id": "not_both", "cites": ["p"], "says": "not f2 and f4",
                               "condition": {"not": {"all": [{"fact": "f2"}, {"fact": "f4"}]}}}]);
    let file = small_file(facts, outcomes, constraints);
    let rules = RuleSet::from_json(&file.to_string()).expect("loads");
    let case = json!({"facts": {"f0": true, "f3": true}});
    let model = Model::new(&file);
    let given = vec![Some(Some(1)), None, None, Some(Some(1)), None];
    let (known, _) = model.known(&given);
    assert_eq!(
        known,
        [Some(1), Some(1), Some(1), Some(1), None],
        "the brute force"
    );
    let det = determine(&rules, &case).expect("binds");
    assert_eq!(det.outcome, "o0", "{}", det.to_json());
}
