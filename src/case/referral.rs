//! A case's referral: where it came from and when it was received, recorded as given so that
//! a report can count referrals by source and the days from receipt to a settled outcome.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::wire::date::is_date;
use crate::wire::json::{escape_token, type_name};
use crate::wire::problem::Problem;

/// Where a case was referred from and the date the referral was received.
///
/// ```
/// use safeguarding_rules::Case;
/// let case = Case::from_json(r#"{"facts": {},
///     "referral": {"source": "police", "received_on": "2024-05-02"}}"#).unwrap();
/// let referral = case.referral.unwrap();
/// assert_eq!((referral.source.as_str(), referral.received_on.as_str()), ("police", "2024-05-02"));
/// assert!(Case::from_json(r#"{"facts": {}, "referral": {"source": "police"}}"#).is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Referral {
    /// Who referred the case (the board's own words: `police`, `hospital`, `family`, …).
    pub source: String,
    /// The date (`YYYY-MM-DD`) the referral was received.
    #[schemars(regex(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))]
    pub received_on: String,
}

impl Referral {
    /// Reads `/referral` strictly: an object of exactly `source` (a string) and
    /// `received_on` (a calendar date), every problem found.
    pub(crate) fn read(value: Value) -> Result<Referral, Vec<Problem>> {
        let Value::Object(object) = value else {
            let found = type_name(&value);
            let message =
                format!("expected an object with `source` and `received_on`, found {found}");
            return Err(vec![Problem::new("wrong_type", "/referral", message)]);
        };
        let mut problems = Vec::new();
        let (mut source, mut received_on) = (None, None);
        for (key, v) in object {
            let at = format!("/referral/{}", escape_token(&key));
            match (key.as_str(), v) {
                ("source", Value::String(s)) => source = Some(s),
                ("received_on", Value::String(s)) if is_date(&s) => received_on = Some(s),
                ("received_on", Value::String(s)) => problems.push(Problem::new(
                    "invalid_date",
                    at,
                    format!("expected a date `YYYY-MM-DD`, found `{s}`"),
                )),
                ("source" | "received_on", other) => problems.push(Problem::new(
                    "wrong_type",
                    at,
                    format!("expected a string, found {}", type_name(&other)),
                )),
                _ => problems.push(Problem::new(
                    "unknown_key",
                    at,
                    format!("unknown key `{key}`, expected `source` or `received_on`"),
                )),
            }
        }
        for (missing, name) in [
            (source.is_none(), "source"),
            (received_on.is_none(), "received_on"),
        ] {
            if missing && !problems.iter().any(|p| p.pointer.ends_with(name)) {
                problems.push(Problem::new(
                    "missing_key",
                    format!("/referral/{name}"),
                    format!("missing key `{name}`"),
                ));
            }
        }
        match (source, received_on) {
            (Some(source), Some(received_on)) if problems.is_empty() => Ok(Referral {
                source,
                received_on,
            }),
            _ => Err(problems),
        }
    }
}
