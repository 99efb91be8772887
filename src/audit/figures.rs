//! The figures of a finished tally: each case's latest record in the period counted once,
//! every list by count descending, then in the rule file's order (never hash order).

use std::collections::BTreeMap;

use serde_json::Value;

use crate::book::rule_book::RuleBook;
use crate::determination::report::{
    AnswerCount, DecisionFigures, FactCount, Figures, MonthFigures, NoteCount, OutcomeCount,
    Period, ProcedureFigures, ReasonCount, RecordCounts, ReferralFigures, Report, RuleSetFigures,
    SCOPE, Settling,
};
use crate::rules::identity::UNDETERMINED;
use crate::rules::ruleset::RuleSet;
use crate::wire::text::{Cites, Json, Text};

/// An answer's value index meaning `null`: asked, not known.
pub(crate) const ASKED: u16 = u16::MAX;

/// What a tally keeps of one case.
#[derive(Debug, Clone)]
pub(crate) struct CaseState {
    /// The date of its first matched record in the input.
    pub first: String,
    /// The date of its first settled record up to the end of the period.
    pub settled_on: Option<String>,
    /// Its latest record in the period.
    pub current: Option<Current>,
}

/// A compact summary of a case's latest record in the period.
#[derive(Debug, Clone)]
pub(crate) struct Current {
    pub as_of: String,
    pub version: Text,
    pub outcome: Text,
    pub reasons: Vec<Reason>,
    pub awaiting: Vec<Text>,
    pub notes: Vec<Text>,
    /// (fact index, value index or [`ASKED`]) in the record's rule set version.
    pub answers: Vec<(u16, u16)>,
    /// (source, received on).
    pub referral: Option<(String, String)>,
    /// For a decision of an assessment: whether it applied and was in force.
    pub absence: Absence,
}

/// Why a decision of an assessment has no determination, if it has none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Absence {
    /// It has one (and every determination of a rule set has).
    #[default]
    Decided,
    /// Its `applies_when` fails.
    NotApplying,
    /// Its rule set was not in force on the case's date.
    NotInForce,
}

/// A decision of an assessment, for one case: (procedure id, decision name, rule set id).
pub(crate) type DecisionKey<'t> = (&'t Text, &'t Text, &'t Text);

/// Why a settled case was not an earlier outcome.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Reason {
    pub outcome: Text,
    pub not: Text,
    pub because: Text,
    pub test: Option<Json>,
    pub cites: Cites,
}

/// The day number of a `YYYY-MM-DD` date (days since 1970-01-01), for days between dates.
pub(crate) fn day_number(date: &str) -> Option<i64> {
    let part = |r: std::ops::Range<usize>| date.get(r).and_then(|s| s.parse::<i64>().ok());
    let (y, m, d) = (part(0..4)?, part(5..7)?, part(8..10)?);
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    Some(era * 146_097 + doe - 719_468)
}

/// Days from one date to a later one, `None` when either is not a date or the second is
/// earlier.
pub(crate) fn days_between(from: &str, to: &str) -> Option<u32> {
    u32::try_from(day_number(to)? - day_number(from)?).ok()
}

/// A case with its current record: (first date, date first settled, latest record).
type Case<'t> = (&'t str, Option<&'t str>, &'t Current);

/// The report of a finished tally: its book, period, counts and cases (by rule set id).
pub(crate) fn report<'t>(
    book: &RuleBook,
    period: Option<Period>,
    counts: RecordCounts,
    states: impl Iterator<Item = (&'t Text, &'t CaseState)>,
    decisions: impl Iterator<Item = (DecisionKey<'t>, &'t CaseState)>,
) -> Report {
    let mut by_set: BTreeMap<Text, Vec<Case<'t>>> = BTreeMap::new();
    for (id, state) in states {
        if let Some(current) = &state.current {
            let case = (state.first.as_str(), state.settled_on.as_deref(), current);
            by_set.entry(id.clone()).or_default().push(case);
        }
    }
    // The rule book's order, then any rule set it no longer holds by id.
    let mut order: Vec<Text> = Vec::new();
    for rules in book.rule_sets() {
        let id = Text::from(rules.id());
        if by_set.contains_key(&id) && !order.contains(&id) {
            order.push(id);
        }
    }
    let rest: Vec<Text> = by_set
        .keys()
        .filter(|k| !order.contains(k))
        .cloned()
        .collect();
    order.extend(rest);
    let mut rule_sets = Vec::new();
    let mut months: BTreeMap<(String, usize), BTreeMap<Text, u64>> = BTreeMap::new();
    let mut listed: Vec<Vec<Text>> = Vec::new();
    for (at, id) in order.iter().enumerate() {
        let cases = by_set.get(id).map(Vec::as_slice).unwrap_or_default();
        let (figures, outcomes) = rule_set_figures(book, id, cases);
        for (_, _, current) in cases {
            let month = current.as_of.get(..7).unwrap_or_default().to_string();
            let count = months.entry((month, at)).or_default();
            *count.entry(current.outcome.clone()).or_default() += 1;
        }
        rule_sets.push(figures);
        listed.push(outcomes);
    }
    let months = months
        .into_iter()
        .map(|((month, at), counts)| MonthFigures {
            month,
            rule_set: order.get(at).cloned().unwrap_or_default(),
            outcomes: listed
                .get(at)
                .map(|list| outcome_counts(list, &counts))
                .unwrap_or_default(),
        })
        .collect();
    let all: Vec<Case<'_>> = order
        .iter()
        .filter_map(|id| by_set.get(id))
        .flatten()
        .copied()
        .collect();
    Report {
        period,
        records: counts,
        scope: Text::from(SCOPE),
        rule_sets,
        procedures: procedures(book, decisions),
        referrals: referrals(&all),
        months,
    }
}

/// A decision's cases: its rule set id, the cases it decided, and how many it did not
/// apply to or was not in force for.
type DecisionCases<'t> = (&'t Text, Vec<Case<'t>>, u64, u64);

/// The figures of each decision of each procedure: the rule book's order of procedures,
/// each procedure's order of decisions.
fn procedures<'t>(
    book: &RuleBook,
    decisions: impl Iterator<Item = (DecisionKey<'t>, &'t CaseState)>,
) -> Vec<ProcedureFigures> {
    let mut by_decision: BTreeMap<(&Text, &Text), DecisionCases<'t>> = BTreeMap::new();
    for ((procedure, name, rule_set), state) in decisions {
        let Some(current) = &state.current else {
            continue;
        };
        let entry = by_decision
            .entry((procedure, name))
            .or_insert_with(|| (rule_set, Vec::new(), 0, 0));
        match current.absence {
            Absence::Decided => {
                let case = (state.first.as_str(), state.settled_on.as_deref(), current);
                entry.1.push(case);
            }
            Absence::NotApplying => entry.2 += 1,
            Absence::NotInForce => entry.3 += 1,
        }
    }
    let mut out = Vec::new();
    for procedure in book.procedures() {
        let id = Text::from(procedure.id());
        let decisions: Vec<DecisionFigures> = procedure
            .decision_names()
            .filter_map(|name| {
                let name = Text::from(name);
                let (rule_set, cases, not_applying, not_in_force) =
                    by_decision.get(&(&id, &name))?;
                let (set, _) = rule_set_figures(book, rule_set, cases);
                Some(DecisionFigures {
                    name: name.clone(),
                    rule_set: set.id,
                    not_applying: *not_applying,
                    not_in_force: *not_in_force,
                    figures: set.figures,
                })
            })
            .collect();
        if !decisions.is_empty() {
            out.push(ProcedureFigures { id, decisions });
        }
    }
    out
}

/// Every outcome listed, in order, with its count (zero when none).
fn outcome_counts(listed: &[Text], counts: &BTreeMap<Text, u64>) -> Vec<OutcomeCount> {
    listed
        .iter()
        .map(|o| OutcomeCount {
            outcome: o.clone(),
            cases: counts.get(o).copied().unwrap_or(0),
        })
        .collect()
}

/// Sorts `(key, count)` pairs by count descending, then by key (which begins with the rule
/// file's order), and keeps the items.
fn by_count<K: Ord, T>(mut items: Vec<(K, u64, T)>) -> Vec<(u64, T)> {
    items.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    items.into_iter().map(|(_, n, t)| (n, t)).collect()
}

/// The figures of one rule set, and the outcomes it lists (declared, then `undetermined`).
fn rule_set_figures(book: &RuleBook, id: &Text, cases: &[Case<'_>]) -> (RuleSetFigures, Vec<Text>) {
    let mut versions: Vec<Text> = cases.iter().map(|c| c.2.version.clone()).collect();
    versions.sort();
    versions.dedup();
    let newest = versions.last().and_then(|v| book.version(id, v));
    let mut listed: Vec<Text> = newest
        .map(|r| r.outcome_ids().map(Text::from).collect())
        .unwrap_or_default();
    let mut outcomes: BTreeMap<Text, u64> = BTreeMap::new();
    let mut reasons: BTreeMap<(usize, usize, String, String), (u64, Reason)> = BTreeMap::new();
    let mut awaiting: BTreeMap<(usize, Text), u64> = BTreeMap::new();
    let mut notes: BTreeMap<(usize, Text), u64> = BTreeMap::new();
    let mut answers: BTreeMap<(usize, u16, Text), (u64, Value)> = BTreeMap::new();
    let (mut days, mut unsettled) = (Vec::new(), 0);
    let outcome_at = |o: &Text| listed.iter().position(|l| l == o).unwrap_or(usize::MAX);
    for &(first, settled_on, current) in cases {
        *outcomes.entry(current.outcome.clone()).or_default() += 1;
        for r in &current.reasons {
            let test = r.test.as_ref().map(|t| t.to_string()).unwrap_or_default();
            let key = (
                outcome_at(&r.outcome),
                outcome_at(&r.not),
                r.because.to_string(),
                test,
            );
            reasons.entry(key).or_insert_with(|| (0, r.clone())).0 += 1;
        }
        let rules = book.version(id, &current.version);
        let fact_at = |f: &Text| fact_position(newest, f);
        for f in &current.awaiting {
            *awaiting.entry((fact_at(f), f.clone())).or_default() += 1;
        }
        for n in &current.notes {
            let at = newest
                .and_then(|r| r.notes.iter().position(|x| x.id == *n))
                .unwrap_or(usize::MAX);
            *notes.entry((at, n.clone())).or_default() += 1;
        }
        for &(f, v) in &current.answers {
            let Some(fact) = rules.and_then(|r| r.facts.get(usize::from(f))) else {
                continue;
            };
            let value = if v == ASKED {
                Value::String("asked".to_string())
            } else {
                fact.domain.value_json(u8::try_from(v).unwrap_or(u8::MAX))
            };
            let key = (fact_at(&fact.id), v, fact.id.clone());
            answers.entry(key).or_insert_with(|| (0, value)).0 += 1;
        }
        match settled_on.and_then(|s| days_between(first, s)) {
            Some(d) if current.outcome != UNDETERMINED => days.push(d),
            _ => unsettled += 1,
        }
    }
    let others: Vec<Text> = (outcomes.keys())
        .filter(|o| !listed.contains(o) && *o != UNDETERMINED)
        .cloned()
        .collect();
    listed.extend(others);
    listed.push(Text::from(UNDETERMINED));
    let figures = Figures {
        cases: cases.len() as u64,
        outcomes: outcome_counts(&listed, &outcomes),
        reasons: by_count(reasons.into_iter().map(|(k, (n, r))| (k, n, r)).collect())
            .into_iter()
            .map(|(cases, r)| ReasonCount {
                outcome: r.outcome,
                not: r.not,
                because: r.because,
                test: r.test,
                cites: r.cites,
                cases,
            })
            .collect(),
        awaiting: by_count(
            awaiting
                .into_iter()
                .map(|(k, n)| (k.clone(), n, k.1))
                .collect(),
        )
        .into_iter()
        .map(|(cases, fact)| FactCount { fact, cases })
        .collect(),
        notes: by_count(
            notes
                .into_iter()
                .map(|(k, n)| (k.clone(), n, k.1))
                .collect(),
        )
        .into_iter()
        .map(|(cases, id)| NoteCount { id, cases })
        .collect(),
        answers: by_count(
            answers
                .into_iter()
                .map(|(k, (n, v))| (k.clone(), n, (k.2, v)))
                .collect(),
        )
        .into_iter()
        .map(|(cases, (fact, value))| AnswerCount {
            fact,
            value: value.into(),
            cases,
        })
        .collect(),
        days_to_settle: Settling::from_days(days, unsettled),
    };
    let figures = RuleSetFigures {
        id: id.clone(),
        versions,
        figures,
    };
    (figures, listed)
}

/// A fact's position in the rule set's declaration order (unknown facts last).
fn fact_position(rules: Option<&RuleSet>, fact: &Text) -> usize {
    rules
        .and_then(|r| r.fact_index.get(fact.as_str()).copied())
        .unwrap_or(usize::MAX)
}

/// Cases by referral source, and the days from receipt to settling.
fn referrals(cases: &[Case<'_>]) -> Vec<ReferralFigures> {
    let mut by_source: BTreeMap<&str, (Vec<u32>, u64)> = BTreeMap::new();
    for &(_, settled_on, current) in cases {
        let Some((source, received_on)) = &current.referral else {
            continue;
        };
        let entry = by_source.entry(source.as_str()).or_default();
        // A referral received after the case settled (a data error) counts as unsettled.
        match settled_on.and_then(|s| days_between(received_on, s)) {
            Some(d) if current.outcome != UNDETERMINED => entry.0.push(d),
            _ => entry.1 += 1,
        }
    }
    let items = by_source
        .into_iter()
        .map(|(source, (days, unsettled))| {
            let n = days.len() as u64 + unsettled;
            (source, n, (source, days, unsettled))
        })
        .collect();
    by_count(items)
        .into_iter()
        .map(|(cases, (source, days, unsettled))| ReferralFigures {
            source: Text::from(source),
            cases,
            days_to_settle: Settling::from_days(days, unsettled),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_sort_descending_then_by_key() {
        let items = vec![(2, 1, "b"), (1, 1, "a"), (3, 5, "c")];
        assert_eq!(by_count(items), vec![(5, "c"), (1, "a"), (1, "b")]);
    }
}
