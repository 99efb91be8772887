//! Reading conditions from a rule file's JSON into validated [`Expr`]s.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::rules::limits::Limits;
use crate::rules::model::{DecisionTest, Domain, Expr, Fact, Test};
use crate::wire::json::{show, type_name};
use crate::wire::pointer::Pointer;
use crate::wire::problem::Problem;
use crate::wire::suggest::suggestion;

/// What a condition may refer to.
pub(crate) struct Scope<'a> {
    pub facts: &'a [Fact],
    pub fact_index: &'a BTreeMap<String, usize>,
    pub rule_index: &'a BTreeMap<String, usize>,
    /// Each import's local name and outcome ids.
    pub imports: &'a [(String, Vec<String>)],
    /// Reading a constraint: fact tests only, no `rule`, `decision` or `given`.
    pub constraint: bool,
}

const FACT_TESTS: [&str; 8] = [
    "is",
    "in",
    "contains",
    "given",
    "at_least",
    "below",
    "on_or_after",
    "before",
];
const FORMS: [&str; 6] = ["all", "any", "not", "rule", "fact", "decision"];

impl Scope<'_> {
    /// Reads the condition at `pointer`, adding every problem found to `problems`.
    pub(crate) fn read(
        &self,
        value: &Value,
        pointer: &Pointer<'_>,
        problems: &mut Vec<Problem>,
    ) -> Option<Expr> {
        self.read_at(value, pointer, 0, problems)
    }

    fn read_at(
        &self,
        value: &Value,
        pointer: &Pointer<'_>,
        depth: usize,
        problems: &mut Vec<Problem>,
    ) -> Option<Expr> {
        if depth > Limits::MAX_CONDITION_DEPTH {
            problems.push(Problem::new(
                "over_limit",
                pointer,
                format!(
                    "condition nested deeper than the limit of {} levels",
                    Limits::MAX_CONDITION_DEPTH
                ),
            ));
            return None;
        }
        let Value::Object(object) = value else {
            problems.push(Problem::new(
                "wrong_type",
                pointer,
                format!("expected a condition object, found {}", type_name(value)),
            ));
            return None;
        };
        let form = FORMS.iter().find(|f| object.contains_key(**f));
        if self.constraint
            && let Some(form @ ("rule" | "decision")) = form.copied()
        {
            problems.push(Problem::new(
                "invalid_constraint",
                pointer.key(form),
                format!("a constraint tests facts only, so it cannot use `{form}`"),
            ));
            return None;
        }
        match form.copied() {
            Some("all") | Some("any") => self.read_list(object, pointer, depth, problems),
            Some("not") => {
                only_keys(object, &["not"], pointer, problems)?;
                let inner = object.get("not")?;
                let inner = self.read_at(inner, &pointer.key("not"), depth + 1, problems)?;
                Some(Expr::Not(Box::new(inner)))
            }
            Some("rule") => {
                only_keys(object, &["rule"], pointer, problems)?;
                let at = pointer.key("rule");
                let id = expect_str(object.get("rule")?, &at, problems)?;
                match self.rule_index.get(id) {
                    Some(r) => Some(Expr::Rule(*r)),
                    None => {
                        let hint = suggestion(id, self.rule_index.keys().map(String::as_str));
                        problems.push(Problem::new(
                            "unknown_rule",
                            at,
                            format!("unknown rule `{id}`{hint}"),
                        ));
                        None
                    }
                }
            }
            Some("fact") => self.read_test(object, pointer, problems),
            Some(_) => self.read_decision(object, pointer, problems),
            None => {
                let keys: Vec<String> = object.keys().map(|k| format!("`{k}`")).collect();
                let found = if keys.is_empty() {
                    "no keys".to_string()
                } else {
                    keys.join(", ")
                };
                // A misspelt form (`anyy`) gets the form it most likely meant.
                let hint = object
                    .keys()
                    .map(|k| suggestion(k, FORMS))
                    .find(|h| !h.is_empty())
                    .unwrap_or_default();
                problems.push(Problem::new("invalid_condition", 
                    pointer,
                    format!(
                        "expected a condition with one of `all`, `any`, `not`, `rule` or `fact`, found {found}{hint}"
                    ),
                ));
                None
            }
        }
    }

    fn read_decision(
        &self,
        object: &Map<String, Value>,
        pointer: &Pointer<'_>,
        problems: &mut Vec<Problem>,
    ) -> Option<Expr> {
        const KEYS: [&str; 3] = ["decision", "is", "possible"];
        let mut ok = true;
        for key in object.keys().filter(|k| !KEYS.contains(&k.as_str())) {
            let hint = suggestion(key, KEYS);
            problems.push(Problem::new(
                "unknown_key",
                pointer.key(key),
                format!("unknown key `{key}` in a decision test{hint}"),
            ));
            ok = false;
        }
        let at = pointer.key("decision");
        let name = expect_str(object.get("decision")?, &at, problems)?;
        let Some((import, (_, outcomes))) = self
            .imports
            .iter()
            .enumerate()
            .find(|(_, (n, _))| n == name)
        else {
            let hint = suggestion(name, self.imports.iter().map(|(n, _)| n.as_str()));
            let known = if self.imports.is_empty() {
                "this rule file imports nothing; declare the rule set in `imports`".to_string()
            } else {
                format!(
                    "imports are named `{}`",
                    self.imports
                        .iter()
                        .map(|(n, _)| n.as_str())
                        .collect::<Vec<_>>()
                        .join("`, `")
                )
            };
            problems.push(Problem::new(
                "unknown_import",
                at,
                format!("unknown import `{name}` ({known}){hint}"),
            ));
            return None;
        };
        let (key, is) = match (object.get("is"), object.get("possible")) {
            (Some(v), None) => ("is", v),
            (None, Some(v)) => ("possible", v),
            _ => {
                problems.push(Problem::new(
                    "invalid_condition",
                    pointer,
                    "expected exactly one of `is` or `possible` in a decision test",
                ));
                return None;
            }
        };
        let at = pointer.key(key);
        let wanted = expect_str(is, &at, problems)?;
        if !ok {
            return None;
        }
        let undetermined = key == "is" && wanted == crate::rules::identity::UNDETERMINED;
        let index = if undetermined {
            Some(outcomes.len())
        } else {
            outcomes.iter().position(|o| o == wanted)
        };
        let Some(index) = index.and_then(|i| u8::try_from(i).ok()) else {
            let hint = suggestion(wanted, outcomes.iter().map(String::as_str));
            let extra = if key == "is" {
                ", or `undetermined`"
            } else {
                ""
            };
            problems.push(Problem::new(
                "undeclared_outcome",
                at,
                format!(
                    "`{wanted}` is not an outcome of `{name}` (expected one of `{}`{extra}){hint}",
                    outcomes.join("`, `")
                ),
            ));
            return None;
        };
        let test = if key == "is" {
            DecisionTest::Is(index)
        } else {
            DecisionTest::Possible(index)
        };
        Some(Expr::Decision { import, test })
    }

    fn read_list(
        &self,
        object: &Map<String, Value>,
        pointer: &Pointer<'_>,
        depth: usize,
        problems: &mut Vec<Problem>,
    ) -> Option<Expr> {
        let key = if object.contains_key("all") {
            "all"
        } else {
            "any"
        };
        only_keys(object, &[key], pointer, problems)?;
        let at = pointer.key(key);
        let Some(Value::Array(items)) = object.get(key) else {
            let found = object.get(key).map_or("nothing", type_name);
            problems.push(Problem::new(
                "wrong_type",
                at,
                format!("expected an array of conditions, found {found}"),
            ));
            return None;
        };
        if items.is_empty() {
            problems.push(Problem::new(
                "too_few",
                at,
                "expected at least one condition, found an empty array",
            ));
            return None;
        }
        let mut parts = Vec::with_capacity(items.len());
        let mut ok = true;
        for (i, item) in items.iter().enumerate() {
            match self.read_at(item, &at.index(i), depth + 1, problems) {
                Some(e) => parts.push(e),
                None => ok = false,
            }
        }
        if !ok {
            return None;
        }
        Some(if key == "all" {
            Expr::All(parts)
        } else {
            Expr::Any(parts)
        })
    }

    fn read_test(
        &self,
        object: &Map<String, Value>,
        pointer: &Pointer<'_>,
        problems: &mut Vec<Problem>,
    ) -> Option<Expr> {
        let mut ok = true;
        for key in object.keys() {
            if key != "fact" && !FACT_TESTS.contains(&key.as_str()) {
                let hint = suggestion(key, FACT_TESTS);
                problems.push(Problem::new(
                    "unknown_key",
                    pointer.key(key),
                    format!("unknown key `{key}` in a fact test{hint}"),
                ));
                ok = false;
            }
        }
        let tests: Vec<&str> = FACT_TESTS
            .iter()
            .copied()
            .filter(|k| object.contains_key(*k))
            .collect();
        if tests.len() > 1 {
            problems.push(Problem::new(
                "invalid_condition",
                pointer,
                format!(
                    "expected at most one test (`is`, `in`, `contains`, `given`, `at_least`, `below`, `on_or_after` or `before`), found `{}`",
                    tests.join("`, `")
                ),
            ));
            ok = false;
        }
        if self.constraint && tests.first() == Some(&"given") {
            problems.push(Problem::new(
                "invalid_constraint",
                pointer.key("given"),
                "a constraint tests facts' values, so it cannot use `given`: constraints bind completions, and whether a fact is answered is not one",
            ));
            return None;
        }
        let fact_at = pointer.key("fact");
        let id = expect_str(object.get("fact")?, &fact_at, problems)?;
        let Some(&index) = self.fact_index.get(id) else {
            let hint = suggestion(id, self.fact_index.keys().map(String::as_str));
            problems.push(Problem::new(
                "unknown_fact",
                fact_at,
                format!("unknown fact `{id}`{hint}"),
            ));
            return None;
        };
        let fact = self.facts.get(index)?;
        if !ok {
            return None;
        }
        if let Domain::Number(numbers) = &fact.domain {
            let key = tests.first().copied().unwrap_or("");
            let (test, shown) =
                crate::rules::range::read(id, numbers, key, object, pointer, problems)?;
            return Some(Expr::Test {
                fact: index,
                test,
                shown: Some(shown),
            });
        }
        let test = match tests.first().copied() {
            None => bare_test(id, fact, pointer, problems)?,
            Some(key @ ("at_least" | "below" | "on_or_after" | "before")) => {
                problems.push(Problem::new(
                    "type_mismatch",
                    pointer.key(key),
                    format!(
                        "`{key}` needs an integer or date fact, but `{id}` is {}",
                        fact.domain.type_name()
                    ),
                ));
                return None;
            }
            Some("given") => given_test(object, pointer, problems)?,
            Some("contains") => contains_test(id, fact, object, pointer, problems)?,
            Some("is") => {
                let at = pointer.key("is");
                scalar_only(fact, "is", &at, problems)?;
                Test::Is(value_index(fact, object.get("is")?, &at, problems)?)
            }
            Some(_) => in_test(fact, object, pointer, problems)?,
        };
        Some(Expr::Test {
            fact: index,
            test,
            shown: test.shown(&fact.domain),
        })
    }
}

/// A bare fact test: the fact, which must be bool, holds.
fn bare_test(
    id: &str,
    fact: &Fact,
    pointer: &Pointer<'_>,
    problems: &mut Vec<Problem>,
) -> Option<Test> {
    if fact.domain != Domain::Bool {
        problems.push(Problem::new("type_mismatch", 
            pointer,
            format!(
                "a bare test needs a bool fact, but `{id}` is {}; add `is`, `in`, `contains` or `given`",
                fact.domain.type_name()
            ),
        ));
        return None;
    }
    Some(Test::True)
}

/// A `given` test: whether the fact is answered.
fn given_test(
    object: &Map<String, Value>,
    pointer: &Pointer<'_>,
    problems: &mut Vec<Problem>,
) -> Option<Test> {
    match object.get("given") {
        Some(Value::Bool(b)) => Some(Test::Given(*b)),
        other => {
            let found = other.map_or("nothing", type_name);
            problems.push(Problem::new(
                "wrong_type",
                pointer.key("given"),
                format!("expected `true` or `false`, found {found}"),
            ));
            None
        }
    }
}

/// A `contains` test: a set fact holds one value.
fn contains_test(
    id: &str,
    fact: &Fact,
    object: &Map<String, Value>,
    pointer: &Pointer<'_>,
    problems: &mut Vec<Problem>,
) -> Option<Test> {
    let at = pointer.key("contains");
    let Domain::Set(_) = fact.domain else {
        problems.push(Problem::new(
            "type_mismatch",
            at,
            format!(
                "`contains` needs a set fact, but `{id}` is {}",
                fact.domain.type_name()
            ),
        ));
        return None;
    };
    Some(Test::Contains(value_index(
        fact,
        object.get("contains")?,
        &at,
        problems,
    )?))
}

/// An `in` test: a scalar fact's value is one of a non-empty list, without repeats.
fn in_test(
    fact: &Fact,
    object: &Map<String, Value>,
    pointer: &Pointer<'_>,
    problems: &mut Vec<Problem>,
) -> Option<Test> {
    let at = pointer.key("in");
    scalar_only(fact, "in", &at, problems)?;
    let Some(Value::Array(values)) = object.get("in") else {
        let found = object.get("in").map_or("nothing", type_name);
        problems.push(Problem::new(
            "wrong_type",
            at,
            format!("expected an array of values, found {found}"),
        ));
        return None;
    };
    if values.is_empty() {
        problems.push(Problem::new(
            "too_few",
            at,
            "expected at least one value, found an empty array",
        ));
        return None;
    }
    let mut mask = 0u64;
    for (i, v) in values.iter().enumerate() {
        let item_at = at.index(i);
        let index = value_index(fact, v, &item_at, problems)?;
        let bit = 1u64.checked_shl(u32::from(index)).unwrap_or(0);
        if mask & bit != 0 {
            problems.push(Problem::new(
                "duplicate_value",
                item_at,
                format!("duplicate value {}", show_value(v)),
            ));
            return None;
        }
        mask |= bit;
    }
    Some(Test::In(mask))
}

fn show_value(v: &Value) -> String {
    format!("`{}`", show(v).trim_matches('"'))
}

fn scalar_only(
    fact: &Fact,
    key: &str,
    at: &Pointer<'_>,
    problems: &mut Vec<Problem>,
) -> Option<()> {
    if let Domain::Set(_) = fact.domain {
        problems.push(Problem::new(
            "type_mismatch",
            at,
            format!(
                "`{key}` needs a bool, enum or knowledge fact, but `{}` is a set; use `contains`",
                fact.id
            ),
        ));
        return None;
    }
    Some(())
}

/// The index of `value` among the fact's declared values, or a problem naming them.
pub(crate) fn value_index(
    fact: &Fact,
    value: &Value,
    at: &Pointer<'_>,
    problems: &mut Vec<Problem>,
) -> Option<u8> {
    if let Some(i) = fact.domain.index_of(value) {
        return Some(i);
    }
    let message = match (&fact.domain, value) {
        (Domain::Bool, Value::String(text)) => format!(
            "expected `true` or `false` for bool fact `{}`, found the string `\"{text}\"`; write it without quotes",
            fact.id
        ),
        (Domain::Bool, _) => format!(
            "expected `true` or `false` for bool fact `{}`, found {}",
            fact.id,
            show_value(value)
        ),
        (_, Value::String(s)) => {
            let hint = suggestion(s, fact.domain.names());
            format!(
                "`{s}` is not a declared value of `{}` (expected one of `{}`){hint}",
                fact.id,
                fact.domain.names().join("`, `")
            )
        }
        _ => format!(
            "expected a value id of `{}`, found {}",
            fact.id,
            type_name(value)
        ),
    };
    problems.push(Problem::new("undeclared_value", at, message));
    None
}

fn expect_str<'v>(
    value: &'v Value,
    at: &Pointer<'_>,
    problems: &mut Vec<Problem>,
) -> Option<&'v str> {
    match value {
        Value::String(s) => Some(s),
        other => {
            problems.push(Problem::new(
                "wrong_type",
                at,
                format!("expected a string, found {}", type_name(other)),
            ));
            None
        }
    }
}

fn only_keys(
    object: &Map<String, Value>,
    allowed: &[&str],
    pointer: &Pointer<'_>,
    problems: &mut Vec<Problem>,
) -> Option<()> {
    let extra: Vec<&String> = object
        .keys()
        .filter(|k| !allowed.contains(&k.as_str()))
        .collect();
    if extra.is_empty() {
        return Some(());
    }
    for key in extra {
        problems.push(Problem::new(
            "unknown_key",
            pointer.key(key),
            format!("unexpected key `{key}` beside `{}`", allowed.join("`, `")),
        ));
    }
    None
}
