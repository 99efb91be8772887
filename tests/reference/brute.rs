//! Brute force over completions, for the think-family reference models (`s16c.rs`,
//! `s16m.rs`, `s9.rs`): plain Rust that shares no code with the engine and reads nothing
//! from the rule files.
//!
//! A model names its facts, each with the values a completion may give it, and decides a
//! complete case. An integer or date fact is completed over one value on each side of
//! every threshold the statute's own words draw (under 18, 16 or over, 29 June 2018), so
//! every case the law distinguishes is among the completions; a given value is used as
//! given. A partial case is decided by trying every completion: the possible outcomes
//! are those some completion gives, a note is raised when every completion raises it,
//! and a fact is missing when two completions that differ in it alone decide differently.

#![allow(dead_code)]

use serde_json::{Map, Value};

/// A reference model of one provision.
pub trait Model {
    /// The outcomes, in the statute's order of precedence.
    const OUTCOMES: &'static [&'static str];
    /// Every fact the model reads, with the values a completion may give it.
    fn domains() -> Vec<(&'static str, Vec<Value>)>;
    /// The outcome of a complete case.
    fn decide(case: &Complete) -> &'static str;
    /// The notes a complete case raises.
    fn notes(case: &Complete) -> Vec<&'static str>;
}

/// A complete case: a value for every fact of the model.
pub struct Complete<'a> {
    ids: &'a [&'static str],
    values: &'a [&'a Value],
}

impl<'a> Complete<'a> {
    /// A complete case over these facts and values (in the same order).
    pub fn new(ids: &'a [&'static str], values: &'a [&'a Value]) -> Complete<'a> {
        Complete { ids, values }
    }

    /// The value of fact `id`.
    pub fn get(&self, id: &str) -> &'a Value {
        let i = self
            .ids
            .iter()
            .position(|f| *f == id)
            .unwrap_or_else(|| panic!("the model reads an undeclared fact `{id}`"));
        self.values[i]
    }

    /// Whether bool fact `id` is true.
    pub fn is(&self, id: &str) -> bool {
        self.get(id) == &Value::Bool(true)
    }

    /// The string value of fact `id` (an enum value, a knowledge value or a date).
    pub fn str(&self, id: &str) -> &'a str {
        self.get(id)
            .as_str()
            .unwrap_or_else(|| panic!("`{id}` is a string"))
    }

    /// The integer value of fact `id`.
    pub fn int(&self, id: &str) -> i64 {
        self.get(id)
            .as_i64()
            .unwrap_or_else(|| panic!("`{id}` is an integer"))
    }
}

/// A partial case: each fact given (a value) or unknown (absent or `null`).
pub struct Partial {
    ids: Vec<&'static str>,
    domains: Vec<Vec<Value>>,
    given: Vec<Option<Value>>,
}

impl Partial {
    pub fn new<M: Model>(facts: &Map<String, Value>) -> Partial {
        let (ids, domains): (Vec<_>, Vec<_>) = M::domains().into_iter().unzip();
        let given = ids
            .iter()
            .map(|id| facts.get(*id).filter(|v| !v.is_null()).cloned())
            .collect();
        Partial {
            ids,
            domains,
            given,
        }
    }

    /// The values fact `i` takes in the completions, with fact `pinned` (if any) left
    /// to the caller: its first value only.
    fn options(&self, i: usize, pinned: Option<usize>) -> Vec<&Value> {
        match &self.given[i] {
            Some(v) => vec![v],
            None if pinned == Some(i) => vec![&self.domains[i][0]],
            None => self.domains[i].iter().collect(),
        }
    }

    /// Calls `visit` with every completion until it returns `false`.
    fn each<'s>(
        &'s self,
        pinned: Option<usize>,
        visit: &mut dyn FnMut(&mut Vec<&'s Value>) -> bool,
    ) {
        let options: Vec<Vec<&'s Value>> = (0..self.ids.len())
            .map(|i| self.options(i, pinned))
            .collect();
        let mut at = vec![0usize; options.len()];
        let mut values: Vec<&'s Value> = options.iter().map(|o| o[0]).collect();
        loop {
            if !visit(&mut values) {
                return;
            }
            // The next completion: an odometer over the options (a visit may have changed
            // `values`, so every position is set again from `at`).
            let mut i = 0;
            loop {
                if i == at.len() {
                    return;
                }
                at[i] += 1;
                if at[i] < options[i].len() {
                    break;
                }
                at[i] = 0;
                i += 1;
            }
            for (k, o) in at.iter().zip(&options).enumerate() {
                values[k] = o.1[*o.0];
            }
        }
    }

    fn complete<'a>(&'a self, values: &'a [&'a Value]) -> Complete<'a> {
        Complete {
            ids: &self.ids,
            values,
        }
    }

    /// The outcomes some completion gives, in the model's order.
    pub fn possible<M: Model>(&self) -> Vec<&'static str> {
        let mut seen = vec![false; M::OUTCOMES.len()];
        self.each(None, &mut |values| {
            let o = M::decide(&self.complete(values));
            let i = M::OUTCOMES
                .iter()
                .position(|x| *x == o)
                .expect("a listed outcome");
            seen[i] = true;
            !seen.iter().all(|s| *s)
        });
        M::OUTCOMES
            .iter()
            .zip(seen)
            .filter(|(_, s)| *s)
            .map(|(o, _)| *o)
            .collect()
    }

    /// The single possible outcome, else `undetermined`.
    pub fn outcome<M: Model>(&self) -> &'static str {
        match self.possible::<M>().as_slice() {
            [one] => one,
            _ => "undetermined",
        }
    }

    /// The notes every completion raises, sorted.
    pub fn notes<M: Model>(&self) -> Vec<&'static str> {
        let mut common: Option<Vec<&'static str>> = None;
        self.each(None, &mut |values| {
            let raised = M::notes(&self.complete(values));
            common = Some(match common.take() {
                None => raised,
                Some(c) => c.into_iter().filter(|n| raised.contains(n)).collect(),
            });
            common.as_ref().is_some_and(|c| !c.is_empty())
        });
        let mut notes = common.unwrap_or_default();
        notes.sort_unstable();
        notes
    }

    /// The unknown facts on which the outcome still turns: two completions that differ
    /// in that fact alone decide differently. Sorted.
    pub fn missing<M: Model>(&self) -> Vec<&'static str> {
        let mut found = Vec::new();
        for (i, id) in self.ids.iter().enumerate() {
            if self.given[i].is_some() {
                continue;
            }
            let mut differs = false;
            self.each(Some(i), &mut |values| {
                let first = M::decide(&self.complete(values));
                for v in &self.domains[i][1..] {
                    values[i] = v;
                    if M::decide(&self.complete(values)) != first {
                        differs = true;
                        break;
                    }
                }
                !differs
            });
            if differs {
                found.push(*id);
            }
        }
        found.sort_unstable();
        found
    }
}

/// The values `true` and `false`.
pub fn bools() -> Vec<Value> {
    vec![Value::Bool(true), Value::Bool(false)]
}

/// The given strings as JSON strings.
pub fn strings(values: &[&str]) -> Vec<Value> {
    values
        .iter()
        .map(|v| Value::String((*v).to_string()))
        .collect()
}

/// "knows or suspects": `known` or `suspected`, never `not_suspected`.
pub fn knows_or_suspects(v: &str) -> bool {
    matches!(v, "known" | "suspected")
}
