//! The report: figures across the cases of a period, read from the records of their
//! determinations, for a board's annual report (Care Act Sch 2 para 4) and its themes.
//!
//! Built by the tally in `audit/` (`add`, `merge`, `finish`); rendered by `render/`. Every
//! list is in a fixed order (by count descending, then in the rule file's order), so the same
//! records give byte-identical JSON.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::wire::text::{Cites, Json, Text};

/// What the records of determinations cannot say, stated in every report: Sch 2 para 4(1)(d)
/// to (g) ask for the reviews' findings and what was done about them, which happen after a
/// determination and are not recorded by this library.
pub const SCOPE: &str = "These figures are read from the records of determinations: whether a \
safeguarding adults review was required or possible under section 44, why, and what was still \
awaited. They cannot say which reviews were arranged, concluded or are ongoing, what the \
reviews found, what the board or its members did or decided not to do in response, or why \
(Care Act 2014 Sch 2 para 4(1)(d) to (g)): those come from the board's own review records.";

/// The figures across the cases of a period.
///
/// ```
/// use safeguarding_rules::{RuleBook, Tally};
/// let book = RuleBook::embedded();
/// let mut tally = Tally::new(&book, None);
/// tally.add("not a record");
/// let report = tally.finish();
/// assert_eq!(report.records.read, 1);
/// assert_eq!(report.records.invalid, 1);
/// assert!(report.scope.contains("Sch 2 para 4(1)(d) to (g)"));
/// ```
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[schemars(title = "Report")]
pub struct Report {
    /// The dates the report covers, both included; `null` when no record was dated.
    pub period: Option<Period>,
    /// How many records were read and what became of them.
    pub records: RecordCounts,
    /// What the records cannot say.
    pub scope: Text,
    /// The figures of each rule set, in the rule book's order.
    pub rule_sets: Vec<RuleSetFigures>,
    /// The figures of each procedure's decisions (empty until procedures exist).
    pub procedures: Vec<ProcedureFigures>,
    /// Cases by the source of their referral, when the case gave one.
    pub referrals: Vec<ReferralFigures>,
    /// Each case once, in the month of its latest record in the period.
    pub months: Vec<MonthFigures>,
}

impl Report {
    /// The report as pretty JSON, byte-identical for the same records.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

/// A period of dates, `YYYY-MM-DD`, both ends included.
///
/// ```
/// use safeguarding_rules::Period;
/// let year = Period::financial_year(2024);
/// assert_eq!((year.from.as_str(), year.to.as_str()), ("2024-04-01", "2025-03-31"));
/// assert!(year.contains("2025-03-31") && !year.contains("2025-04-01"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Period {
    /// The first day.
    pub from: String,
    /// The last day.
    pub to: String,
}

impl Period {
    /// A period from one date to another, both included: each a calendar date written
    /// `YYYY-MM-DD`, the first not after the second.
    ///
    /// ```
    /// use safeguarding_rules::Period;
    /// assert!(Period::new("2024-04-01", "2024-06-30").is_ok());
    /// assert_eq!(
    ///     Period::new("2024-06-30", "2024-04-01").unwrap_err(),
    ///     "the period ends (`2024-04-01`) before it starts (`2024-06-30`)"
    /// );
    /// ```
    pub fn new(from: &str, to: &str) -> Result<Period, String> {
        for date in [from, to] {
            if !crate::wire::date::is_date(date) {
                return Err(format!("expected a date `YYYY-MM-DD`, found `{date}`"));
            }
        }
        if from > to {
            return Err(format!(
                "the period ends (`{to}`) before it starts (`{from}`)"
            ));
        }
        Ok(Period {
            from: from.to_string(),
            to: to.to_string(),
        })
    }

    /// The period a report's JSON options give: `{"from": DATE, "to": DATE}`, `{"year":
    /// YYYY}` (the financial year) or neither (every dated record); an error is the
    /// pointer of the option at fault and what is wrong with it.
    ///
    /// ```
    /// use safeguarding_rules::Period;
    /// let year = Period::from_options(&serde_json::json!({"year": 2024})).unwrap();
    /// assert_eq!(year, Some(Period::financial_year(2024)));
    /// assert_eq!(Period::from_options(&serde_json::json!({})).unwrap(), None);
    /// assert_eq!(Period::from_options(&serde_json::json!({"yaer": 2024})).unwrap_err().0, "/yaer");
    /// ```
    pub fn from_options(options: &serde_json::Value) -> Result<Option<Period>, (String, String)> {
        let object = match options {
            serde_json::Value::Null => return Ok(None),
            serde_json::Value::Object(o) => o,
            _ => return Err((String::new(), "expected an object".to_string())),
        };
        let wrong = |key: &str, what: &str| (format!("/{key}"), what.to_string());
        let date = |key: &str| match object.get(key) {
            None | Some(serde_json::Value::Null) => Ok(None),
            Some(serde_json::Value::String(s)) => Ok(Some(s.as_str())),
            Some(_) => Err(wrong(key, "expected a date `YYYY-MM-DD`")),
        };
        if let Some(key) = object
            .keys()
            .find(|k| !["from", "to", "year"].contains(&k.as_str()))
        {
            let token = crate::wire::json::escape_token(key);
            return Err(wrong(
                &token,
                &format!("unknown option `{key}`: expected `from` and `to`, or `year`"),
            ));
        }
        let year = match object.get("year") {
            None | Some(serde_json::Value::Null) => None,
            Some(v) => match v
                .as_u64()
                .and_then(|y| u16::try_from(y).ok())
                .filter(|y| *y <= 9998)
            {
                Some(y) => Some(y),
                None => return Err(wrong("year", "expected a year, such as 2024")),
            },
        };
        match (date("from")?, date("to")?, year) {
            (None, None, None) => Ok(None),
            (None, None, Some(y)) => Ok(Some(Period::financial_year(y))),
            (Some(from), Some(to), None) => Period::new(from, to)
                .map(Some)
                .map_err(|e| (String::new(), e)),
            (_, _, Some(_)) => Err(wrong("year", "give `year` or `from` and `to`, not both")),
            (Some(_), None, _) => Err(wrong("to", "`from` needs `to`")),
            (None, Some(_), _) => Err(wrong("from", "`to` needs `from`")),
        }
    }

    /// The financial year that starts on 1 April of `year`.
    pub fn financial_year(year: u16) -> Period {
        Period {
            from: format!("{year:04}-04-01"),
            to: format!("{:04}-03-31", u32::from(year) + 1),
        }
    }

    /// Whether a date (`YYYY-MM-DD`, which sorts as text in calendar order) falls in it.
    pub fn contains(&self, date: &str) -> bool {
        self.from.as_str() <= date && date <= self.to.as_str()
    }
}

/// What became of the records read: `read` = `invalid` + `undated` + `outside_period` +
/// `in_period`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RecordCounts {
    /// Lines read, blank lines left out.
    pub read: u64,
    /// Lines that are not a valid record.
    pub invalid: u64,
    /// Records whose case gave no `as_of`.
    pub undated: u64,
    /// Records dated outside the period.
    pub outside_period: u64,
    /// Records dated in the period.
    pub in_period: u64,
    /// Records in the period that did not replay as `matched`: left out of the figures.
    pub not_matched: u64,
}

/// The figures of one rule set.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
pub struct RuleSetFigures {
    /// Rule set id.
    pub id: Text,
    /// The versions the cases' latest records were made under, in order.
    pub versions: Vec<Text>,
    /// The figures.
    #[serde(flatten)]
    pub figures: Figures,
}

/// The figures of one decision: of a rule set, or of a procedure's decision.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
pub struct Figures {
    /// Cases: each counted once, by its latest record in the period.
    pub cases: u64,
    /// Every outcome the rule set declares, in order, then `undetermined`, zeros included.
    pub outcomes: Vec<OutcomeCount>,
    /// Why settled cases were not an earlier outcome.
    pub reasons: Vec<ReasonCount>,
    /// The facts undetermined cases still await.
    pub awaiting: Vec<FactCount>,
    /// The notes raised.
    pub notes: Vec<NoteCount>,
    /// The answers given.
    pub answers: Vec<AnswerCount>,
    /// Days from a case's first record to its first settled one.
    pub days_to_settle: Settling,
}

/// Cases with one outcome.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OutcomeCount {
    /// Outcome id, or `undetermined`.
    pub outcome: Text,
    /// Cases.
    pub cases: u64,
}

/// Settled cases whose outcome was not an earlier one for the same reason.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReasonCount {
    /// The outcome settled.
    pub outcome: Text,
    /// The earlier outcome it was not.
    pub not: Text,
    /// A decisive false part of that outcome's condition: a rule's id, a fact's id, an
    /// import's name; an anonymous `all`, `any` or `not` by its decisive leaves.
    pub because: Text,
    /// The test applied, when `because` is a fact test other than a bare bool.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub test: Option<Json>,
    /// The provisions that part cites.
    pub cites: Cites,
    /// Cases.
    pub cases: u64,
}

/// Cases that await one fact.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FactCount {
    /// Fact id.
    pub fact: Text,
    /// Cases.
    pub cases: u64,
}

/// Cases that raised one note.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteCount {
    /// Note id.
    pub id: Text,
    /// Cases.
    pub cases: u64,
}

/// Cases that gave one answer to a fact.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerCount {
    /// Fact id.
    pub fact: Text,
    /// The value as a case gives it (a set fact: one member), or `"asked"` for `null`.
    pub value: Json,
    /// Cases.
    pub cases: u64,
}

/// How long cases took to settle, in days.
///
/// ```
/// use safeguarding_rules::Settling;
/// let s = Settling::from_days(vec![9, 1, 4, 2], 3);
/// assert_eq!((s.settled, s.unsettled, s.median, s.max), (4, 3, Some(3.0), Some(9)));
/// assert_eq!(Settling::from_days(vec![], 2).median, None);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Settling {
    /// Cases settled by the end of the period.
    pub settled: u64,
    /// Cases not settled by then.
    pub unsettled: u64,
    /// The median of the settled cases' days (the mean of the middle two for an even
    /// count); `null` when none settled.
    pub median: Option<f64>,
    /// The most days; `null` when none settled.
    pub max: Option<u32>,
}

impl Settling {
    /// The figures of the settled cases' days and the count of unsettled ones.
    pub fn from_days(mut days: Vec<u32>, unsettled: u64) -> Settling {
        days.sort_unstable();
        let n = days.len();
        let at = |i: usize| days.get(i).copied().map_or(0.0, f64::from);
        let median = match n {
            0 => None,
            _ if n % 2 == 1 => Some(at(n / 2)),
            _ => Some(f64::midpoint(at(n / 2 - 1), at(n / 2))),
        };
        Settling {
            settled: n as u64,
            unsettled,
            median,
            max: days.last().copied(),
        }
    }
}

/// The figures of a procedure, decision by decision (procedures are not yet in the library).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
pub struct ProcedureFigures {
    /// Procedure id.
    pub id: Text,
    /// Its decisions, in the procedure's order.
    pub decisions: Vec<DecisionFigures>,
}

/// The figures of one decision of a procedure.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
pub struct DecisionFigures {
    /// The decision's name.
    pub name: Text,
    /// Its rule set id.
    pub rule_set: Text,
    /// Cases it did not apply to.
    pub not_applying: u64,
    /// Cases whose date its rule set was not in force on.
    pub not_in_force: u64,
    /// The figures.
    #[serde(flatten)]
    pub figures: Figures,
}

/// Cases by the source of their referral.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ReferralFigures {
    /// The source, as the case gave it.
    pub source: Text,
    /// Cases.
    pub cases: u64,
    /// Days from the referral's `received_on` to the first settled record.
    pub days_to_settle: Settling,
}

/// The cases of one rule set whose latest record in the period falls in one month.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MonthFigures {
    /// `YYYY-MM`.
    pub month: String,
    /// Rule set id.
    pub rule_set: Text,
    /// Cases by outcome, as in [`Figures::outcomes`].
    pub outcomes: Vec<OutcomeCount>,
}
