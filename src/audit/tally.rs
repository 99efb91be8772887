//! The report's tally: records in, one line at a time, each replayed against the rule book;
//! a [`Report`] out. Memory grows with the cases, not the records: each case keeps its
//! first date, the date it first settled and a compact summary of its latest record.
//!
//! The tally starts no threads and reads no files: a caller splits a file into runs of
//! lines, tallies each run (on as many threads as it likes) and merges the tallies in line
//! order.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::audit::figures::{ASKED, Absence, CaseState, Current, Reason};
use crate::audit::replay::{Kept, Verdict, replay_kept};
use crate::book::rule_book::RuleBook;
use crate::determination::assessment::Assessment;
use crate::determination::document::{CaseSplit, Determination, Kleene, NodeKind, TraceNode};
use crate::determination::report::{Period, RecordCounts, Report};
use crate::rules::identity::UNDETERMINED;
use crate::rules::model::{Domain, NumberKind};
use crate::rules::ruleset::RuleSet;
use crate::wire::text::{Json, Text};

/// Records tallied into a report: [`Tally::add`] each line, [`Tally::merge`] tallies of
/// later lines, [`Tally::finish`].
///
/// ```
/// use safeguarding_rules::{Options, Period, Record, RuleBook, Tally};
/// let book = RuleBook::embedded();
/// let case = serde_json::json!({"reference": "r1", "as_of": "2024-05-01",
///     "facts": {"in_board_area": false}});
/// let line = Record::from_book(&book, case, Options::default()).unwrap().to_json_line();
/// let (mut first, mut second) = (Tally::new(&book, Some(Period::financial_year(2024))), Tally::new(&book, None));
/// first.add(&line);
/// second.add("{");
/// first.merge(second);
/// let report = first.finish();
/// assert_eq!((report.records.in_period, report.records.invalid), (1, 1));
/// assert_eq!(report.rule_sets[0].figures.outcomes[2].outcome, "outside_section_44");
/// assert_eq!(report.rule_sets[0].figures.outcomes[2].cases, 1);
/// ```
#[derive(Debug)]
pub struct Tally<'b> {
    pub(crate) book: &'b RuleBook,
    /// The period asked for, or `None`: from the earliest dated record to the latest.
    pub(crate) period: Option<Period>,
    pub(crate) counts: RecordCounts,
    /// The earliest and latest dates of the dated records read.
    pub(crate) span: Option<(String, String)>,
    /// Cases with a reference, by (rule set id, reference).
    pub(crate) cases: BTreeMap<(Text, String), CaseState>,
    /// Cases without a reference, each a case by itself, in line order.
    pub(crate) lone: Vec<(Text, CaseState)>,
    /// The decisions of assessments with a reference, by (procedure id, decision name,
    /// reference), each with its rule set id.
    pub(crate) decisions: BTreeMap<(Text, Text, String), (Text, CaseState)>,
    /// The decisions of assessments without a reference, in line order.
    pub(crate) lone_decisions: Vec<((Text, Text), (Text, CaseState))>,
}

impl<'b> Tally<'b> {
    /// An empty tally over a rule book, for a period (`None`: every dated record).
    pub fn new(book: &'b RuleBook, period: Option<Period>) -> Tally<'b> {
        Tally {
            book,
            period,
            counts: RecordCounts::default(),
            span: None,
            cases: BTreeMap::new(),
            lone: Vec::new(),
            decisions: BTreeMap::new(),
            lone_decisions: Vec::new(),
        }
    }

    /// Replays one record (one line of JSON, without its newline) and tallies it. A line
    /// that is not a record counts as invalid; a record that does not replay as `matched`
    /// counts as not matched; neither changes the figures.
    pub fn add(&mut self, line: &str) {
        self.counts.read += 1;
        let (replayed, kept) = replay_kept(self.book, line);
        let Some(kept) = kept else {
            self.counts.invalid += 1;
            return;
        };
        if matches!(replayed.verdict, Verdict::Invalid(_)) {
            self.counts.invalid += 1;
            return;
        }
        let Some(as_of) = kept.as_of.clone() else {
            self.counts.undated += 1;
            return;
        };
        self.span = Some(match self.span.take() {
            None => (as_of.clone(), as_of.clone()),
            Some((a, b)) => (a.min(as_of.clone()), b.max(as_of.clone())),
        });
        let before = self.period.as_ref().is_some_and(|p| as_of < p.from);
        let after = self.period.as_ref().is_some_and(|p| as_of > p.to);
        if before || after {
            self.counts.outside_period += 1;
        } else {
            self.counts.in_period += 1;
            if replayed.verdict != Verdict::Matched {
                self.counts.not_matched += 1;
            }
        }
        // Records after the period say nothing about it; records not matched are left out.
        if after || replayed.verdict != Verdict::Matched {
            return;
        }
        self.fold(replayed.reference, as_of, kept, !before);
    }

    /// Tallies a matched record: its dates always, its figures when in the period.
    fn fold(&mut self, reference: Option<String>, as_of: String, kept: Kept, in_period: bool) {
        if let Some(assessment) = &kept.assessment {
            self.fold_assessment(reference, &as_of, &kept.case, assessment, in_period);
            return;
        }
        let Some(determination) = kept.determination else {
            return;
        };
        let id = determination.rule_set.id.clone();
        let settled = determination.outcome != UNDETERMINED;
        let current = if in_period {
            let Some(rules) = self.book.version(&id, &determination.rule_set.version) else {
                return;
            };
            Some(summarize(rules, as_of.clone(), &kept.case, &determination))
        } else {
            None
        };
        let state = CaseState {
            first: as_of.clone(),
            settled_on: settled.then_some(as_of),
            current,
        };
        match reference {
            Some(reference) => {
                let key = (id, reference);
                match self.cases.remove(&key) {
                    Some(earlier) => self.cases.insert(key, earlier.then(state)),
                    None => self.cases.insert(key, state),
                };
            }
            None if state.current.is_some() => self.lone.push((id, state)),
            None => {}
        }
    }

    /// Tallies each decision of a matched assessment as a case of its own: (reference,
    /// procedure, decision).
    fn fold_assessment(
        &mut self,
        reference: Option<String>,
        as_of: &str,
        case: &Value,
        assessment: &Assessment,
        in_period: bool,
    ) {
        let procedure = self.book.procedure(&assessment.procedure.id).ok();
        for d in &assessment.decisions {
            let rule_set = match (&d.determination, &d.rule_set) {
                (Some(det), _) => det.rule_set.id.clone(),
                (None, Some(r)) => r.id.clone(),
                (None, None) => (procedure.and_then(|p| p.rule_set(&d.name)))
                    .map_or_else(Text::default, |r| Text::from(r.id())),
            };
            let absence = match (d.applies, d.in_force) {
                (Some(false), _) => Absence::NotApplying,
                (_, Some(false)) => Absence::NotInForce,
                _ => Absence::Decided,
            };
            let current = match (&d.determination, in_period) {
                (_, false) => None,
                (Some(det), true) => {
                    let Some(rules) = self.book.version(&rule_set, &det.rule_set.version) else {
                        continue;
                    };
                    Some(summarize(rules, as_of.to_string(), case, det))
                }
                (None, true) => Some(Current {
                    as_of: as_of.to_string(),
                    version: Text::default(),
                    outcome: Text::default(),
                    reasons: Vec::new(),
                    awaiting: Vec::new(),
                    notes: Vec::new(),
                    answers: Vec::new(),
                    referral: None,
                    absence,
                }),
            };
            // A decision that does not apply or is not in force is settled as such.
            let settled = d
                .determination
                .as_ref()
                .is_none_or(|det| det.outcome != UNDETERMINED);
            let state = CaseState {
                first: as_of.to_string(),
                settled_on: settled.then(|| as_of.to_string()),
                current,
            };
            let key = (assessment.procedure.id.clone(), d.name.clone());
            match &reference {
                Some(r) => {
                    let key = (key.0, key.1, r.clone());
                    let merged = match self.decisions.remove(&key) {
                        Some((_, earlier)) => earlier.then(state),
                        None => state,
                    };
                    self.decisions.insert(key, (rule_set, merged));
                }
                None if state.current.is_some() => {
                    self.lone_decisions.push((key, (rule_set, state)));
                }
                None => {}
            }
        }
    }

    /// Adds the tally of lines that come after this tally's lines.
    pub fn merge(&mut self, later: Tally<'_>) {
        let c = &mut self.counts;
        let l = later.counts;
        c.read += l.read;
        c.invalid += l.invalid;
        c.undated += l.undated;
        c.outside_period += l.outside_period;
        c.in_period += l.in_period;
        c.not_matched += l.not_matched;
        self.span = match (self.span.take(), later.span) {
            (Some((a, b)), Some((x, y))) => Some((a.min(x), b.max(y))),
            (a, b) => a.or(b),
        };
        for (key, state) in later.cases {
            match self.cases.remove(&key) {
                Some(earlier) => self.cases.insert(key, earlier.then(state)),
                None => self.cases.insert(key, state),
            };
        }
        self.lone.extend(later.lone);
        for (key, (rule_set, state)) in later.decisions {
            let merged = match self.decisions.remove(&key) {
                Some((_, earlier)) => earlier.then(state),
                None => state,
            };
            self.decisions.insert(key, (rule_set, merged));
        }
        self.lone_decisions.extend(later.lone_decisions);
    }

    /// The report: the figures of every case whose latest record falls in the period.
    pub fn finish(self) -> Report {
        let cases = self.cases.iter().map(|((id, _), s)| (id, s));
        let lone = self.lone.iter().map(|(id, s)| (id, s));
        let period = self
            .period
            .or_else(|| self.span.map(|(from, to)| Period { from, to }));
        let decisions = (self.decisions.iter())
            .map(|((p, d, _), (r, s))| ((p, d, r), s))
            .chain(
                self.lone_decisions
                    .iter()
                    .map(|((p, d), (r, s))| ((p, d, r), s)),
            );
        crate::audit::figures::report(self.book, period, self.counts, cases.chain(lone), decisions)
    }
}

/// One case as the flat export writes it: its latest record in the period.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseRow {
    /// The case's reference, if its records gave one.
    pub reference: Option<String>,
    /// Rule set id.
    pub rule_set: Text,
    /// The rule set version of its latest record.
    pub version: Text,
    /// The date of its first record in the input.
    pub first_as_of: String,
    /// The date of its latest record in the period.
    pub latest_as_of: String,
    /// Its outcome.
    pub outcome: Text,
    /// Why not an earlier outcome, each `not:because`.
    pub reasons: Vec<String>,
    /// Each fact answered, with its value as text (a set's members each on their own,
    /// `asked` for `null`), in the case's order.
    pub answers: Vec<(Text, String)>,
}

impl Tally<'_> {
    /// Every case whose latest record falls in the period, by rule set id and reference
    /// (cases without a reference last, in line order).
    ///
    /// ```
    /// use safeguarding_rules::{Options, Record, RuleBook, Tally};
    /// let book = RuleBook::embedded();
    /// let case = serde_json::json!({"reference": "r1", "as_of": "2024-05-01",
    ///     "facts": {"in_board_area": false, "abuse_types": ["physical", "sexual"]}});
    /// let mut tally = Tally::new(&book, None);
    /// tally.add(&Record::from_book(&book, case, Options::default()).unwrap().to_json_line());
    /// let rows = tally.case_rows();
    /// assert_eq!(rows[0].outcome, "outside_section_44");
    /// assert_eq!(rows[0].reasons, ["mandatory_review:in_scope", "discretionary_review:in_scope"]);
    /// assert_eq!(rows[0].answers[1].1, "sexual");
    /// ```
    pub fn case_rows(&self) -> Vec<CaseRow> {
        let named = self.cases.iter().map(|((id, r), s)| (id, Some(r), s));
        let lone = self.lone.iter().map(|(id, s)| (id, None, s));
        named
            .chain(lone)
            .filter_map(|(id, reference, state)| {
                let current = state.current.as_ref()?;
                let rules = self.book.version(id, &current.version)?;
                let answers = current
                    .answers
                    .iter()
                    .filter_map(|&(f, v)| {
                        let fact = rules.facts.get(usize::from(f))?;
                        let value = match v {
                            ASKED => "asked".to_string(),
                            v => match fact.domain.value_json(u8::try_from(v).ok()?) {
                                Value::String(s) => s,
                                other => other.to_string(),
                            },
                        };
                        Some((fact.id.clone(), value))
                    })
                    .collect();
                Some(CaseRow {
                    reference: reference.cloned(),
                    rule_set: id.clone(),
                    version: current.version.clone(),
                    first_as_of: state.first.clone(),
                    latest_as_of: current.as_of.clone(),
                    outcome: current.outcome.clone(),
                    reasons: (current.reasons.iter())
                        .map(|r| format!("{}:{}", r.not, r.because))
                        .collect(),
                    answers,
                })
            })
            .collect()
    }
}

/// The report of JSON Lines text (blank lines skipped) for the period JSON options give
/// ([`Period::from_options`]), tallied on the caller's thread: what the embedding calls.
pub(crate) fn report_jsonl(
    book: &RuleBook,
    records_jsonl: &str,
    options: &Value,
) -> Result<Report, (String, String)> {
    let mut tally = Tally::new(book, Period::from_options(options)?);
    records_jsonl
        .lines()
        .filter(|line| !line.trim().is_empty())
        .for_each(|line| tally.add(line));
    Ok(tally.finish())
}

impl CaseState {
    /// This state followed by a later one of the same case.
    fn then(self, later: CaseState) -> CaseState {
        let settled_on = match (self.settled_on, later.settled_on) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        // The latest record by date, then by line: a later line wins a tie.
        let current = match (self.current, later.current) {
            (Some(a), Some(b)) => Some(if b.as_of >= a.as_of { b } else { a }),
            (a, b) => a.or(b),
        };
        CaseState {
            first: self.first.min(later.first),
            settled_on,
            current,
        }
    }
}

/// What the report needs of one record, compactly.
fn summarize(rules: &RuleSet, as_of: String, case: &Value, det: &Determination) -> Current {
    let settled = det.outcome != UNDETERMINED;
    let mut reasons = Vec::new();
    if settled {
        match &det.case_split {
            // The Kleene trace leaves the outcome open: each branch says why.
            Some(split) => split_reasons(&det.outcome, split, &mut reasons),
            None => trace_reasons(&det.outcome, &det.trace, &mut reasons),
        }
    }
    let awaiting = if settled {
        Vec::new()
    } else {
        det.missing_facts.iter().map(|m| m.fact.clone()).collect()
    };
    let referral = case.get("referral").and_then(|r| {
        let text = |k: &str| r.get(k).and_then(Value::as_str).map(str::to_string);
        Some((text("source")?, text("received_on")?))
    });
    Current {
        as_of,
        version: det.rule_set.version.clone(),
        outcome: det.outcome.clone(),
        reasons,
        awaiting,
        notes: det.notes.iter().map(|n| n.id.clone()).collect(),
        answers: answers(rules, case),
        referral,
        absence: Absence::Decided,
    }
}

fn split_reasons(outcome: &Text, split: &CaseSplit, out: &mut Vec<Reason>) {
    for branch in &split.branches {
        match &branch.case_split {
            Some(inner) => split_reasons(outcome, inner, out),
            None => trace_reasons(outcome, &branch.trace, out),
        }
    }
}

/// The decisive false parts of each outcome tried before the one settled.
fn trace_reasons(outcome: &Text, trace: &[TraceNode], out: &mut Vec<Reason>) {
    for tried in trace {
        if tried.id.as_ref() == Some(outcome) {
            break;
        }
        let Some(not) = &tried.id else { continue };
        for part in &tried.children {
            if !part.decisive || part.value != Kleene::False {
                continue;
            }
            let (because, test) = name(part);
            let reason = Reason {
                outcome: outcome.clone(),
                not: not.clone(),
                because: Text::from(because),
                test,
                cites: part.cites.clone(),
            };
            // A case counts once per reason, however many branches give it.
            if !out.contains(&reason) {
                out.push(reason);
            }
        }
    }
}

/// A part's name: a rule's or an import's id, a fact's id with its test; an anonymous
/// `all`, `any` or `not` by its decisive leaves.
fn name(node: &TraceNode) -> (String, Option<Json>) {
    match node.kind {
        NodeKind::Fact => (
            node.fact.as_deref().unwrap_or_default().to_string(),
            node.test.clone(),
        ),
        NodeKind::Outcome | NodeKind::Rule | NodeKind::Decision => (
            node.id.as_deref().unwrap_or_default().to_string(),
            node.test.clone(),
        ),
        NodeKind::All | NodeKind::Any | NodeKind::Not => {
            let leaves: Vec<String> = node
                .children
                .iter()
                .filter(|c| c.decisive)
                .map(|c| name(c).0)
                .collect();
            let joined = leaves.join(" and ");
            if node.kind == NodeKind::Not {
                (format!("not {joined}"), None)
            } else {
                (joined, None)
            }
        }
    }
}

/// The answers a case gave, as (fact index, value index) in the rule set's vocabulary:
/// a set fact's members one by one, an integer or date as its interval, `null` as
/// [`ASKED`]; facts outside the vocabulary, and values not declared, left out.
fn answers(rules: &RuleSet, case: &Value) -> Vec<(u16, u16)> {
    let mut out = Vec::new();
    let Some(facts) = case.get("facts").and_then(Value::as_object) else {
        return out;
    };
    for (id, given) in facts {
        let Some(&index) = rules.fact_index.get(id.as_str()) else {
            continue;
        };
        let (Some(fact), Ok(f)) = (rules.facts.get(index), u16::try_from(index)) else {
            continue;
        };
        let value = match given {
            Value::Object(o) => o.get("value").unwrap_or(&Value::Null),
            v => v,
        };
        match (&fact.domain, value) {
            (_, Value::Null) => out.push((f, ASKED)),
            (Domain::Set(members), Value::Array(items)) => {
                for item in items {
                    let at = members
                        .iter()
                        .position(|m| Some(m.as_str()) == item.as_str());
                    if let Some(m) = at.and_then(|m| u16::try_from(m).ok()) {
                        out.push((f, m));
                    }
                }
            }
            // An integer or date counts under the interval holding it: the values the
            // rule set's tests tell apart.
            (Domain::Number(n), v) => {
                let number = match n.kind {
                    NumberKind::Integer => v.as_i64(),
                    NumberKind::Date => v.as_str().and_then(crate::wire::date::day_number),
                };
                if let Some(i) = number.and_then(|x| n.interval_of(x)) {
                    out.push((f, u16::from(i)));
                }
            }
            (domain, v) => {
                if let Some(i) = domain.index_of(v) {
                    out.push((f, u16::from(i)));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::audit::figures::{day_number, days_between};

    #[test]
    fn days_between_dates_cross_months_and_leap_years() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(days_between("2024-02-28", "2024-03-01"), Some(2));
        assert_eq!(days_between("2023-02-28", "2023-03-01"), Some(1));
        assert_eq!(days_between("2024-04-01", "2025-03-31"), Some(364));
        assert_eq!(days_between("2024-04-02", "2024-04-01"), None);
    }
}
