//! Audit records: a determination bound to the exact rule text and case behind it, one
//! JSON object per line.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::book::rule_book::{EvaluateError, RuleBook};
use crate::case::document::{Case, CaseError};
use crate::determination::document::{Determination, Options};
use crate::rules::identity::RuleSetRef;
use crate::rules::ruleset::RuleSet;
use crate::wire::fingerprint::digest;

/// The record format this library writes.
pub const RECORD_FORMAT: u32 = 1;

/// The engine that made a record.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Engine {
    /// `safeguarding-rules`.
    pub name: String,
    /// Its version.
    pub version: String,
}

/// A determination bound to its rule text (by fingerprint) and its case (by digest).
///
/// Make one with [`Record::evaluate`] (a rule set and a case) or [`Record::from_book`] (the
/// rule set the case names, from a rule book): the determination is then the case's own.
///
/// ```
/// use safeguarding_rules::{Options, Record, RuleSet};
/// let rules = RuleSet::embedded("care-act-2014-s44").unwrap();
/// let case = serde_json::json!({"reference": "2024-017", "facts": {"in_board_area": false}});
/// let record = Record::evaluate(&rules, case, Options::default()).unwrap();
/// assert_eq!(record.rule_set.fingerprint, rules.fingerprint());
/// assert_eq!(record.case_digest, safeguarding_rules::digest(&record.case));
/// assert_eq!(record.determination.outcome.as_str(), "outside_section_44");
/// ```
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Record")]
pub struct Record {
    /// The record format, `1`.
    pub format: u32,
    /// The engine that made it.
    pub engine: Engine,
    /// The rule text it was made under.
    pub rule_set: RuleSetRef,
    /// The date the case was decided as of, if it gave one: always the case's own `as_of`
    /// (replay reports a record whose `as_of` differs from its case's as `case_altered`).
    pub as_of: Option<String>,
    /// The case as given.
    pub case: Value,
    /// `sha256:` digest of the RFC 8785 form of `case`: any edit to the case, even to a
    /// fact no rule reads, changes it.
    pub case_digest: String,
    /// The determination.
    pub determination: Determination,
}

impl Record {
    /// Evaluates a case (as given, in JSON) under a rule set and binds the determination to
    /// both. The rule set decides whatever rule set the case names, as `evaluate --rules`
    /// does; the case is recorded as given.
    pub fn evaluate(rules: &RuleSet, case: Value, options: Options) -> Result<Record, CaseError> {
        let parsed = Case::from_value(case.clone())?;
        Record::from_read(rules, case, parsed, options)
    }

    /// [`Record::evaluate`] with the case already read from `case`.
    fn from_read(
        rules: &RuleSet,
        case: Value,
        mut parsed: Case,
        options: Options,
    ) -> Result<Record, CaseError> {
        parsed.rule_set = None;
        let determination = rules.bind(&parsed)?.evaluate_with(options);
        Ok(Record::from_parts_unchecked(case, determination))
    }

    /// Evaluates a case (as given, in JSON) under the rule set it names, in force on its
    /// `as_of`, from a rule book, and binds the determination to both.
    ///
    /// ```
    /// use safeguarding_rules::{Options, Record, RuleBook};
    /// let book = RuleBook::embedded();
    /// let case = serde_json::json!({"as_of": "2024-03-01", "facts": {"in_board_area": false}});
    /// let record = Record::from_book(&book, case, Options::default()).unwrap();
    /// assert_eq!(record.as_of.as_deref(), Some("2024-03-01"));
    /// ```
    pub fn from_book(
        book: &RuleBook,
        case: Value,
        options: Options,
    ) -> Result<Record, EvaluateError> {
        // Read once: the case names the rule set and its date, then is bound to it.
        let parsed = Case::from_value(case.clone())?;
        let rules = book.select_for(&parsed)?;
        Ok(Record::from_read(rules, case, parsed, options)?)
    }

    /// Binds a determination to a case without checking that the determination came from
    /// that case: for tests and tools that build records by hand. Prefer
    /// [`Record::evaluate`] or [`Record::from_book`], which cannot mismatch.
    pub fn from_parts_unchecked(case: Value, determination: Determination) -> Record {
        let as_of = case
            .get("as_of")
            .and_then(Value::as_str)
            .map(str::to_string);
        Record {
            format: RECORD_FORMAT,
            engine: Engine {
                name: env!("CARGO_PKG_NAME").to_string(),
                version: env!("CARGO_PKG_VERSION").to_string(),
            },
            rule_set: determination.rule_set.clone(),
            as_of,
            case_digest: digest(&case),
            case,
            determination,
        }
    }

    /// The record as one line of JSON (no trailing newline), byte-identical for the same
    /// input.
    pub fn to_json_line(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}
