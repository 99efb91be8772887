//! Records of assessments (`"format": 2`): an assessment bound to its procedure (by
//! fingerprint) and its case (by digest), and their replay.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::audit::record::Engine;
use crate::audit::verdict::{Difference, Verdict};
use crate::book::rule_book::RuleBook;
use crate::case::document::{Case, CaseError};
use crate::determination::assessment::{Assessment, ProcedureRef};
use crate::procedure::load::Procedure;
use crate::wire::fingerprint::digest;

/// The record format of an assessment.
pub const ASSESSMENT_RECORD_FORMAT: u32 = 2;

/// An assessment bound to its procedure text (by fingerprint) and its case (by digest).
///
/// ```
/// use safeguarding_rules::{AssessmentRecord, Procedure, RuleBook, Verdict, replay};
/// let procedure = Procedure::embedded("hillingdon-think-family").unwrap();
/// let case = serde_json::json!({"procedure": "hillingdon-think-family", "facts": {"age": 12}});
/// let line = AssessmentRecord::evaluate(&procedure, case).unwrap().to_json_line();
/// assert!(line.starts_with("{\"format\":2"));
/// assert_eq!(replay(&RuleBook::embedded(), &line).verdict, Verdict::Matched);
/// ```
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Assessment record")]
pub struct AssessmentRecord {
    /// The record format, `2`.
    pub format: u32,
    /// The engine that made it.
    pub engine: Engine,
    /// The procedure text it was made under.
    pub procedure: ProcedureRef,
    /// The case's own `as_of`, if it gave one.
    pub as_of: Option<String>,
    /// The case as given.
    pub case: Value,
    /// `sha256:` digest of the RFC 8785 form of `case`.
    pub case_digest: String,
    /// The assessment.
    pub assessment: Assessment,
}

impl AssessmentRecord {
    /// Evaluates a case (as given, in JSON) under a procedure and binds the assessment to
    /// both; the procedure decides whatever the case names, as `evaluate --procedure` does.
    pub fn evaluate(procedure: &Procedure, case: Value) -> Result<AssessmentRecord, CaseError> {
        let mut parsed = Case::from_value(case.clone())?;
        parsed.procedure = Some(procedure.id().to_string());
        parsed.rule_set = None;
        let assessment = procedure.evaluate(&parsed)?;
        let as_of = case
            .get("as_of")
            .and_then(Value::as_str)
            .map(str::to_string);
        Ok(AssessmentRecord {
            format: ASSESSMENT_RECORD_FORMAT,
            engine: Engine {
                name: env!("CARGO_PKG_NAME").to_string(),
                version: env!("CARGO_PKG_VERSION").to_string(),
            },
            procedure: assessment.procedure.clone(),
            as_of,
            case_digest: digest(&case),
            case,
            assessment,
        })
    }

    /// The record as one line of JSON (no trailing newline).
    pub fn to_json_line(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// The verdict on a format 2 line, and the record when it matched (for the report).
pub(crate) fn assessment_verdict(
    book: &RuleBook,
    value: Value,
) -> (Verdict, Option<AssessmentRecord>) {
    let verdict = verdict_of(book, &value);
    let record = match verdict {
        Verdict::Matched => serde_json::from_value(value).ok(),
        _ => None,
    };
    (verdict, record)
}

fn verdict_of(book: &RuleBook, value: &Value) -> Verdict {
    let record: AssessmentRecord = match serde_json::from_value(value.clone()) {
        Ok(r) => r,
        Err(e) => return Verdict::Invalid(format!("not a record: {e}")),
    };
    let computed = digest(&record.case);
    if computed != record.case_digest {
        return Verdict::CaseAltered {
            field: "/case_digest".to_string(),
            recorded: record.case_digest.clone(),
            computed,
        };
    }
    let given = record.case.get("as_of").and_then(Value::as_str);
    if record.as_of.as_deref() != given {
        return Verdict::CaseAltered {
            field: "/as_of".to_string(),
            recorded: format!("{:?}", record.as_of),
            computed: format!("{given:?}"),
        };
    }
    let named = &record.procedure;
    let procedure = match book.procedure(&named.id) {
        Ok(p) if p.version() == named.version.as_str() => p,
        _ => {
            return Verdict::RuleSetUnknown {
                id: named.id.to_string(),
                version: named.version.to_string(),
            };
        }
    };
    let current = procedure.fingerprint_on(record.as_of.as_deref());
    if current != named.fingerprint.as_str() {
        return Verdict::RuleSetChanged {
            id: named.id.to_string(),
            version: named.version.to_string(),
            recorded: named.fingerprint.to_string(),
            current,
        };
    }
    let now = match AssessmentRecord::evaluate(procedure, record.case.clone()) {
        Ok(r) => serde_json::to_value(r.assessment).unwrap_or_default(),
        Err(e) => return Verdict::Invalid(format!("the recorded case: {e}")),
    };
    let then = serde_json::to_value(&record.assessment).unwrap_or_default();
    let mut diffs: Vec<Difference> = Vec::new();
    crate::audit::verdict::compare(&then, &now, String::new(), &mut diffs);
    if diffs.is_empty() {
        Verdict::Matched
    } else {
        Verdict::Differs(diffs)
    }
}
