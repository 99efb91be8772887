//! Replay: proving a stored record, or saying exactly what differs.

use serde_json::Value;

use crate::book::rule_book::RuleBook;
use crate::case::document::Case;
use crate::determination::assessment::Assessment;
use crate::determination::document::{Determination, Options};
use crate::wire::fingerprint::digest;
use crate::wire::json::parse_strict;

use crate::audit::verdict::compare;
pub use crate::audit::verdict::{Difference, Verdict};

/// The result of replaying one record.
#[derive(Debug, Clone, PartialEq)]
pub struct Replayed {
    /// The case's `reference`, when the record could be read and gave one.
    pub reference: Option<String>,
    /// What replay found.
    pub verdict: Verdict,
}

/// Replays one record (one line of JSON) against a rule book: finds the rule set version
/// the record names (by id and version, not by today's date), checks the case digest and
/// the rule text's fingerprint, evaluates the case again and compares.
///
/// ```
/// use safeguarding_rules::{Options, Record, RuleBook, Verdict, replay};
/// let book = RuleBook::embedded();
/// let case = serde_json::json!({"facts": {"in_board_area": false}});
/// let line = Record::from_book(&book, case, Options::default()).unwrap().to_json_line();
/// assert_eq!(replay(&book, &line).verdict, Verdict::Matched);
/// let edited = line.replace("\"in_board_area\":false", "\"in_board_area\":true");
/// assert_eq!(replay(&book, &edited).verdict.name(), "case_altered");
/// ```
pub fn replay(book: &RuleBook, line: &str) -> Replayed {
    replay_kept(book, line).0
}

/// A record that could be read, kept for the report: its date, its case as given and,
/// when it replayed as `matched`, its determination (the replayed one, equal to the
/// recorded one).
pub(crate) struct Kept {
    /// The record's `as_of`.
    pub as_of: Option<String>,
    /// The case as given.
    pub case: Value,
    /// The determination, when matched.
    pub determination: Option<Determination>,
    /// The assessment, when a record of one (format 2) matched.
    pub assessment: Option<Assessment>,
}

/// [`replay`], keeping a matched record's case and determination, so that a report reads
/// each line once.
pub(crate) fn replay_kept(book: &RuleBook, line: &str) -> (Replayed, Option<Kept>) {
    let value = match parse_strict(line) {
        Ok(v) => v,
        Err(e) => {
            let why = format!("line {}, column {}: {}", e.line, e.column, e.message);
            return (invalid(None, why), None);
        }
    };
    let reference = value
        .pointer("/case/reference")
        .and_then(Value::as_str)
        .map(str::to_string);
    if value.get("format").and_then(Value::as_u64)
        == Some(u64::from(
            crate::audit::assessment_record::ASSESSMENT_RECORD_FORMAT,
        ))
    {
        let as_of = value
            .get("as_of")
            .and_then(Value::as_str)
            .map(str::to_string);
        let (verdict, record) = crate::audit::assessment_record::assessment_verdict(book, value);
        let kept = record.map(|r| Kept {
            as_of: r.as_of,
            case: r.case,
            determination: None,
            assessment: Some(r.assessment),
        });
        // A record that did not match is kept too, without its figures, as a
        // determination's is: it counts as not matched, not as invalid.
        let kept = kept.or_else(|| {
            (!matches!(verdict, Verdict::Invalid(_))).then_some(Kept {
                as_of,
                case: Value::Null,
                determination: None,
                assessment: None,
            })
        });
        return (Replayed { reference, verdict }, kept);
    }
    let record = match RecordLine::read(value) {
        Ok(r) => r,
        Err(why) => return (invalid(reference, format!("not a record: {why}")), None),
    };
    let (verdict, determination) = verdict(book, &record);
    let kept = Kept {
        as_of: record.as_of.as_str().map(str::to_string),
        case: record.case,
        determination,
        assessment: None,
    };
    (Replayed { reference, verdict }, Some(kept))
}

fn invalid(reference: Option<String>, why: String) -> Replayed {
    Replayed {
        reference,
        verdict: Verdict::Invalid(crate::wire::problem::tidy(&why)),
    }
}

/// A record as read for replay: the case and the determination stay JSON, moved out of
/// the parsed line rather than copied, and the determination is compared as stored.
struct RecordLine {
    rule_set: crate::rules::identity::RuleSetRef,
    as_of: Value,
    case: Value,
    case_digest: String,
    determination: Value,
}

impl RecordLine {
    const KEYS: [&str; 7] = [
        "format",
        "engine",
        "rule_set",
        "as_of",
        "case",
        "case_digest",
        "determination",
    ];

    fn read(value: Value) -> Result<RecordLine, String> {
        let Value::Object(mut map) = value else {
            return Err(format!(
                "expected a JSON object, found {}",
                crate::wire::json::type_name(&value)
            ));
        };
        if let Some(key) = map.keys().find(|k| !Self::KEYS.contains(&k.as_str())) {
            return Err(format!("unknown key `{key}`"));
        }
        let mut take = |key: &str| {
            map.remove(key)
                .ok_or_else(|| format!("missing key `{key}`"))
        };
        let small = |key: &str, v: Value| -> Result<(), String> {
            let ok = match key {
                "format" => v.as_u64() == Some(u64::from(crate::audit::record::RECORD_FORMAT)),
                "as_of" => v.is_null() || v.is_string(),
                _ => serde_json::from_value::<crate::audit::record::Engine>(v).is_ok(),
            };
            if ok {
                Ok(())
            } else {
                Err(format!("`/{key}` is not what a record holds"))
            }
        };
        small("format", take("format")?)?;
        small("engine", take("engine")?)?;
        let as_of = take("as_of")?;
        small("as_of", as_of.clone())?;
        let rule_set =
            serde_json::from_value(take("rule_set")?).map_err(|e| format!("`/rule_set`: {e}"))?;
        let case_digest = match take("case_digest")? {
            Value::String(s) => s,
            other => {
                return Err(format!(
                    "`/case_digest`: expected a string, found {}",
                    crate::wire::json::type_name(&other)
                ));
            }
        };
        let case = take("case")?;
        let determination = take("determination")?;
        if !determination.is_object() {
            return Err("`/determination`: expected an object".to_string());
        }
        Ok(RecordLine {
            rule_set,
            as_of,
            case,
            case_digest,
            determination,
        })
    }
}

/// What replaying a record found, and the determination when it matched.
fn verdict(book: &RuleBook, record: &RecordLine) -> (Verdict, Option<Determination>) {
    match judge(book, record) {
        Ok(determination) => (Verdict::Matched, Some(determination)),
        Err(verdict) => (verdict, None),
    }
}

/// The replayed determination when the record matches, else the verdict.
fn judge(book: &RuleBook, record: &RecordLine) -> Result<Determination, Verdict> {
    let computed = digest(&record.case);
    if computed != record.case_digest {
        return Err(Verdict::CaseAltered {
            field: "/case_digest".to_string(),
            recorded: record.case_digest.clone(),
            computed,
        });
    }
    // The digest covers only the case, so the record's own `as_of` must agree with it.
    let given = record.case.get("as_of").unwrap_or(&Value::Null);
    if record.as_of != *given {
        return Err(Verdict::CaseAltered {
            field: "/as_of".to_string(),
            recorded: record.as_of.to_string(),
            computed: given.to_string(),
        });
    }
    let named = &record.rule_set;
    let Some(rules) = book.version(&named.id, &named.version) else {
        return Err(Verdict::RuleSetUnknown {
            id: named.id.to_string(),
            version: named.version.to_string(),
        });
    };
    if rules.fingerprint() != named.fingerprint {
        return Err(Verdict::RuleSetChanged {
            id: named.id.to_string(),
            version: named.version.to_string(),
            recorded: named.fingerprint.to_string(),
            current: rules.fingerprint().to_string(),
        });
    }
    let mut case = match Case::from_value(record.case.clone()) {
        Ok(c) => c,
        Err(e) => return Err(Verdict::Invalid(format!("the recorded case: {e}"))),
    };
    // The record names the rule set that decided (`evaluate --rules` may have overridden
    // the case's own).
    case.rule_set = None;
    let facts = match rules.bind(&case) {
        Ok(f) => f,
        Err(e) => return Err(Verdict::Invalid(format!("the recorded case: {e}"))),
    };
    let options = Options::default()
        .with_counterfactuals(record.determination.get("counterfactuals").is_some());
    let determination = facts.evaluate_with(options);
    let now = serde_json::to_value(&determination).unwrap_or_default();
    let then = &record.determination;
    let mut diffs = Vec::new();
    compare(then, &now, String::new(), &mut diffs);
    if diffs.is_empty() {
        Ok(determination)
    } else {
        Err(Verdict::Differs(diffs))
    }
}
