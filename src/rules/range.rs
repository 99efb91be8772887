//! Tests of integer and date facts: `at_least`, `below` and `is` for integers,
//! `on_or_after`, `before` and `is` for dates, each read as the range of values it passes.

use serde_json::{Map, Value};

use crate::rules::model::{NumberKind, Numbers, Test};
use crate::wire::json::type_name;
use crate::wire::pointer::Pointer;
use crate::wire::problem::Problem;
use crate::wire::text::Json;

/// Reads the test `key` of number fact `id` into the range of values it passes, and the
/// test as the rule file wrote it (what a trace shows). A test that every value of the
/// declared range passes, or none does, is a problem: it cannot decide anything.
pub(crate) fn read(
    id: &str,
    numbers: &Numbers,
    key: &str,
    object: &Map<String, Value>,
    pointer: &Pointer<'_>,
    problems: &mut Vec<Problem>,
) -> Option<(Test, Json)> {
    let allowed: [&str; 3] = match numbers.kind {
        NumberKind::Integer => ["at_least", "below", "is"],
        NumberKind::Date => ["on_or_after", "before", "is"],
    };
    let kind = match numbers.kind {
        NumberKind::Integer => "an integer",
        NumberKind::Date => "a date",
    };
    if key == "given" {
        return match object.get("given") {
            Some(Value::Bool(b)) => {
                Some((Test::Given(*b), Json::from(serde_json::json!({"given": b}))))
            }
            other => {
                let found = other.map_or("nothing", type_name);
                problems.push(Problem::new(
                    "wrong_type",
                    pointer.key("given"),
                    format!("expected `true` or `false`, found {found}"),
                ));
                None
            }
        };
    }
    if !allowed.contains(&key) {
        let (at, found) = if key.is_empty() {
            (*pointer, "a bare test".to_string())
        } else {
            (pointer.key(key), format!("`{key}`"))
        };
        problems.push(Problem::new(
            "type_mismatch",
            at,
            format!(
                "`{id}` is {kind} fact, tested with `{}`, `{}`, `{}` or `given`, found {found}",
                allowed[0], allowed[1], allowed[2]
            ),
        ));
        return None;
    }
    let at = pointer.key(key);
    let raw = object.get(key)?;
    let value = read_value(id, numbers, raw, &at, problems)?;
    // `None`: below the least i64, which no value is.
    let range = match key {
        "at_least" | "on_or_after" => Some((value, i64::MAX)),
        "below" | "before" => value.checked_sub(1).map(|hi| (i64::MIN, hi)),
        _ => Some((value, value)),
    };
    let passes_some = range.is_some_and(|(lo, hi)| lo <= numbers.max && hi >= numbers.min);
    let passes_all = range.is_some_and(|(lo, hi)| lo <= numbers.min && hi >= numbers.max);
    if !passes_some || passes_all {
        let shown = crate::wire::json::show(raw);
        problems.push(Problem::new(
            "constant_test",
            at,
            format!(
                "`{key}` {shown} {} value of `{id}` ({}): the test cannot decide anything",
                if passes_all {
                    "passes every"
                } else {
                    "passes no"
                },
                range_text(numbers)
            ),
        ));
        return None;
    }
    let shown = Json::from(Value::Object(
        [(key.to_string(), raw.clone())].into_iter().collect(),
    ));
    let (lo, hi) = range?;
    Some((Test::Range(lo, hi), shown))
}

/// A value written in a rule file for a number fact: a JSON integer, or a date's text.
pub(crate) fn read_value(
    id: &str,
    numbers: &Numbers,
    raw: &Value,
    at: &Pointer<'_>,
    problems: &mut Vec<Problem>,
) -> Option<i64> {
    match parse(numbers.kind, raw) {
        Ok(v) => Some(v),
        Err(expected) => {
            problems.push(Problem::new(
                "wrong_type",
                at,
                format!(
                    "expected {expected} for `{id}`, found {}",
                    crate::wire::json::show(raw)
                ),
            ));
            None
        }
    }
}

/// The number a JSON value gives for a fact of `kind`: an integer with no fraction or
/// exponent within i64, or a valid `YYYY-MM-DD` date as its day number. On failure, what
/// was expected.
pub(crate) fn parse(kind: NumberKind, raw: &Value) -> Result<i64, &'static str> {
    match (kind, raw) {
        (NumberKind::Integer, Value::Number(n)) => n
            .as_i64()
            .ok_or("an integer (no fraction or exponent, within 64 bits)"),
        (NumberKind::Integer, _) => Err("an integer"),
        (NumberKind::Date, Value::String(s)) => {
            crate::wire::date::day_number(s).ok_or("a date that exists, written `YYYY-MM-DD`")
        }
        (NumberKind::Date, _) => Err("a date written `YYYY-MM-DD`"),
    }
}

/// The declared range in words: `0 to 130`, `from 2018-06-29`, `any integer`.
pub(crate) fn range_text(numbers: &Numbers) -> String {
    let show = |v: i64| match numbers.value_json(v) {
        Value::String(s) => s,
        other => other.to_string(),
    };
    match (numbers.has_min, numbers.has_max) {
        (true, true) => format!("{} to {}", show(numbers.min), show(numbers.max)),
        (true, false) => format!("from {}", show(numbers.min)),
        (false, true) => format!("up to {}", show(numbers.max)),
        (false, false) => match numbers.kind {
            NumberKind::Integer => "any integer".to_string(),
            NumberKind::Date => "any date".to_string(),
        },
    }
}
