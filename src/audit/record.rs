//! Audit records: a determination bound to the exact rule text and case behind it, one
//! JSON object per line.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::determination::document::Determination;
use crate::rules::identity::RuleSetRef;
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
/// ```
/// use safeguarding_rules::{Record, RuleSet};
/// let rules = RuleSet::embedded("care-act-2014-s44").unwrap();
/// let case = serde_json::json!({"reference": "2024-017", "facts": {"in_board_area": false}});
/// let det = rules.evaluate_json(&case.to_string()).unwrap();
/// let record = Record::new(case, det);
/// assert_eq!(record.rule_set.fingerprint, rules.fingerprint());
/// assert_eq!(record.case_digest, safeguarding_rules::digest(&record.case));
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
    /// The date the case was decided as of, if it gave one.
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
    /// Binds a determination to the case (as given, in JSON) that produced it.
    pub fn new(case: Value, determination: Determination) -> Record {
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
