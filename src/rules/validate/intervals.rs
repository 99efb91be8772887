//! Integer and date facts: their declared ranges, and the intervals the thresholds
//! tested on each cut them into (one diagram value an interval).

use serde_json::Value;

use crate::rules::doc::{FactDoc, FactType};
use crate::rules::limits::Limits;
use crate::rules::model::{Domain, Expr, Fact, NumberKind, Numbers, Test};
use crate::rules::range::{parse, range_text};
use crate::wire::pointer::Pointer;
use crate::wire::problem::Problem;

/// An integer or date fact's domain, its range read from `min` and `max` (the whole of
/// i64, or of the calendar, where one is left out), not yet cut.
pub(crate) fn read_range(f: &FactDoc, at: &Pointer<'_>, p: &mut Vec<Problem>) -> Domain {
    let kind = if f.kind == FactType::Date {
        NumberKind::Date
    } else {
        NumberKind::Integer
    };
    let (floor, ceiling) = match kind {
        NumberKind::Integer => (i64::MIN, i64::MAX),
        NumberKind::Date => (0, crate::wire::date::MAX_DAY),
    };
    let mut bound = |key: &str, given: &Option<Value>, default: i64| match given {
        None => (default, false),
        Some(raw) => match parse(kind, raw) {
            Ok(v) => (v, true),
            Err(expected) => {
                p.push(Problem::new(
                    "wrong_type",
                    format!("{at}/{key}"),
                    format!(
                        "expected {expected}, found {}",
                        crate::wire::json::show(raw)
                    ),
                ));
                (default, false)
            }
        },
    };
    let (mut min, mut has_min) = bound("min", &f.min, floor);
    let (mut max, mut has_max) = bound("max", &f.max, ceiling);
    if min > max {
        p.push(Problem::new(
            "invalid_bound",
            format!("{at}/max"),
            format!("`max` is below `min`: no value of `{}` is possible", f.id),
        ));
        // The bounds are set aside, so that the fact's tests are not also reported as
        // constant against a range that is only an artefact of the error.
        (min, has_min, max, has_max) = (floor, false, ceiling, false);
    }
    if !f.values.is_empty() {
        p.push(Problem::new(
            "fixed_values",
            format!("{at}/values"),
            "an integer or date fact takes `min` and `max`, not `values`; remove `values`",
        ));
    }
    Domain::Number(Numbers {
        kind,
        min,
        has_min,
        max: max.max(min),
        has_max,
        starts: vec![min],
    })
}

/// Cuts every number fact's range at the thresholds its tests name (in rules, outcomes,
/// notes and constraints, and the cuts an imported declaration already has), then shares
/// each interval's JSON form. More intervals than [`Limits::MAX_VALUES`] is a problem.
pub(crate) fn cut(facts: &mut [Fact], conditions: &[&Expr], p: &mut Vec<Problem>) {
    let mut cuts: Vec<Vec<i64>> = facts
        .iter()
        .map(|f| match &f.domain {
            Domain::Number(n) => n.starts.clone(),
            _ => Vec::new(),
        })
        .collect();
    for condition in conditions {
        condition.visit_tests(&mut |fact, test| {
            if let (Test::Range(lo, hi), Some(list)) = (test, cuts.get_mut(fact)) {
                list.push(lo);
                if let Some(next) = hi.checked_add(1) {
                    list.push(next);
                }
            }
        });
    }
    for (i, (fact, mut list)) in facts.iter_mut().zip(cuts).enumerate() {
        let Domain::Number(numbers) = &mut fact.domain else {
            continue;
        };
        list.retain(|c| *c >= numbers.min && *c <= numbers.max);
        list.push(numbers.min);
        list.sort_unstable();
        list.dedup();
        if list.len() > Limits::MAX_VALUES {
            p.push(Problem::new(
                "over_limit",
                format!("/facts/{i}"),
                format!(
                    "the tests of `{}` cut its range ({}) into {} intervals, over the limit of {} values a fact",
                    fact.id,
                    range_text(numbers),
                    list.len(),
                    Limits::MAX_VALUES
                ),
            ));
            list.truncate(Limits::MAX_VALUES);
        }
        numbers.starts = list;
        fact.shown = (0..fact.domain.len())
            .filter_map(|v| u8::try_from(v).ok())
            .map(|v| fact.domain.value_json(v).into())
            .collect();
    }
}

/// For each import, the import's interval holding each of this rule set's intervals of
/// every shared number fact (this rule set's cuts include the import's).
pub(crate) fn map_imported(facts: &[Fact], imports: &mut [crate::rules::ruleset::Import]) {
    for imp in imports {
        imp.intervals = imp
            .rules
            .facts
            .iter()
            .zip(&imp.fact_map)
            .map(|(theirs, &mine)| {
                let (Domain::Number(theirs), Some(Domain::Number(mine))) =
                    (&theirs.domain, facts.get(mine).map(|f| &f.domain))
                else {
                    return None;
                };
                Some(
                    mine.starts
                        .iter()
                        .map(|start| theirs.interval_of(*start).unwrap_or(0))
                        .collect(),
                )
            })
            .collect();
    }
}
