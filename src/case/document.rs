//! A case document: which rule set, a reference, the date it is decided as of, and its
//! facts as given, read strictly and checked before any rule set sees it.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::rules::limits::Limits;
use crate::wire::date::is_date;
use crate::wire::json::{escape_token, parse_strict, type_name};
use crate::wire::problem::{Problem, join};
use crate::wire::suggest::suggestion;

/// A case as given: which rule set, a reference, the date it is decided as of, and facts.
///
/// A fact absent from `facts` is unknown; `null` means asked, not known; a value may be
/// plain or `{"value": …, "source": "…"}` to carry an evidence reference into the trace.
///
/// ```
/// use safeguarding_rules::Case;
/// let case = Case::from_json(r#"{"reference": "2024-017", "facts": {"in_board_area": true}}"#).unwrap();
/// assert_eq!(case.reference.as_deref(), Some("2024-017"));
/// assert!(Case::from_json("[]").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Case")]
pub struct Case {
    /// The rule set to apply; absent, the default pack.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule_set: Option<String>,
    /// The procedure to apply, in place of a rule set: every decision it makes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub procedure: Option<String>,
    /// The caller's reference for the case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// The date (`YYYY-MM-DD`) the case is decided as of; it must fall within the rule set's in-force dates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    /// The facts, by id.
    pub facts: Map<String, Value>,
    /// Where the case was referred from and when, recorded as given (for reports).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referral: Option<crate::case::referral::Referral>,
}

/// A case that could not be read or does not fit the rule set's vocabulary.
///
/// ```
/// use safeguarding_rules::RuleSet;
/// let rules = RuleSet::embedded("care-act-2014-s44").unwrap();
/// let err = rules.evaluate_json(r#"{"facts": {"adult_stauts": "died"}}"#).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "/facts/adult_stauts: undeclared fact `adult_stauts`, did you mean `adult_status`?"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CaseError {
    /// The text is not JSON, or repeats a key.
    #[error("line {line}, column {column}: {message}")]
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong there.
        message: String,
    },
    /// The text is larger than [`crate::Limits::MAX_CASE_BYTES`].
    #[error("case: {found} bytes is over the limit of {limit} bytes")]
    TooLarge {
        /// Bytes found.
        found: usize,
        /// The limit.
        limit: usize,
    },
    /// The case does not fit; every problem found is listed.
    #[error("{}", join(.0, "case"))]
    Invalid(Vec<Problem>),
}

impl CaseError {
    /// Every problem with a JSON pointer (empty for syntax and size errors).
    pub fn problems(&self) -> &[Problem] {
        match self {
            CaseError::Invalid(ps) => ps,
            CaseError::Syntax { .. } | CaseError::TooLarge { .. } => &[],
        }
    }
}

const CASE_KEYS: [&str; 6] = [
    "rule_set",
    "procedure",
    "reference",
    "as_of",
    "facts",
    "referral",
];

impl Case {
    /// Reads a case document. Facts are checked against a rule set later, by [`RuleSet::bind`].
    pub fn from_json(text: &str) -> Result<Case, CaseError> {
        if text.len() > Limits::MAX_CASE_BYTES {
            return Err(CaseError::TooLarge {
                found: text.len(),
                limit: Limits::MAX_CASE_BYTES,
            });
        }
        let value = parse_strict(text).map_err(|e| CaseError::Syntax {
            line: e.line,
            column: e.column,
            message: e.message,
        })?;
        Case::from_value(value)
    }

    /// Checks what a caller may have set on a case directly, without reading it from JSON:
    /// its `as_of` must be a calendar date written `YYYY-MM-DD`.
    ///
    /// ```
    /// use safeguarding_rules::Case;
    /// let mut case = Case::default();
    /// case.as_of = Some("2024-13-01".to_string());
    /// assert_eq!(
    ///     case.check().unwrap_err().to_string(),
    ///     "/as_of: expected a date `YYYY-MM-DD`, found `2024-13-01`"
    /// );
    /// ```
    pub fn check(&self) -> Result<(), CaseError> {
        match &self.as_of {
            Some(as_of) if !is_date(as_of) => Err(CaseError::Invalid(vec![bad_as_of(as_of)])),
            _ => Ok(()),
        }
    }

    /// Reads a case from a JSON value already parsed.
    pub fn from_value(value: Value) -> Result<Case, CaseError> {
        let mut p = Vec::new();
        let Value::Object(object) = value else {
            return Err(CaseError::Invalid(vec![Problem::new(
                "wrong_type",
                "",
                format!("expected a JSON object, found {}", type_name(&value)),
            )]));
        };
        let mut case = Case::default();
        let mut has_facts = false;
        for (key, v) in object {
            let at = || format!("/{}", escape_token(&key));
            match key.as_str() {
                "facts" => match v {
                    Value::Object(facts) => {
                        has_facts = true;
                        case.facts = facts;
                    }
                    other => p.push(Problem::new(
                        "wrong_type",
                        at(),
                        format!("expected an object of facts, found {}", type_name(&other)),
                    )),
                },
                "rule_set" | "procedure" | "reference" | "as_of" => match v {
                    Value::String(s) => {
                        if key == "as_of" && !is_date(&s) {
                            p.push(bad_as_of(&s));
                        }
                        match key.as_str() {
                            "rule_set" => case.rule_set = Some(s),
                            "procedure" => case.procedure = Some(s),
                            "reference" => case.reference = Some(s),
                            _ => case.as_of = Some(s),
                        }
                    }
                    Value::Null => {}
                    other => p.push(Problem::new(
                        "wrong_type",
                        at(),
                        format!("expected a string, found {}", type_name(&other)),
                    )),
                },
                "referral" => match crate::case::referral::Referral::read(v) {
                    Ok(referral) => case.referral = Some(referral),
                    Err(problems) => p.extend(problems),
                },
                _ => {
                    let hint = suggestion(&key, CASE_KEYS);
                    p.push(Problem::new("unknown_key", 
                        at(),
                        format!("unknown key `{key}`, expected one of `rule_set`, `procedure`, `reference`, `as_of`, `facts`, `referral`{hint}"),
                    ));
                }
            }
        }
        if !has_facts && p.is_empty() {
            p.push(Problem::new(
                "missing_key",
                "/facts",
                "missing key `facts`: give an object of facts, `{}` when none are known",
            ));
        }
        if p.is_empty() {
            Ok(case)
        } else {
            Err(CaseError::Invalid(p))
        }
    }

    /// The case as a JSON value, as given.
    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

/// The problem of an `as_of` that is not a calendar date.
pub(crate) fn bad_as_of(found: &str) -> Problem {
    Problem::new(
        "invalid_date",
        "/as_of",
        format!("expected a date `YYYY-MM-DD`, found `{found}`"),
    )
}
