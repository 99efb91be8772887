//! Replay: proving a stored record, or saying exactly what differs.

use std::fmt;

use serde_json::Value;

use crate::book::rule_book::RuleBook;
use crate::case::document::Case;
use crate::determination::document::{Determination, Options};
use crate::wire::fingerprint::digest;
use crate::wire::json::parse_strict;

/// One difference between a recorded determination and the replayed one.
#[derive(Debug, Clone, PartialEq)]
pub struct Difference {
    /// Where, as a JSON pointer into the determination (`/outcome`, `/trace/0/children/1`).
    pub at: String,
    /// The recorded value.
    pub before: Value,
    /// The replayed value.
    pub after: Value,
}

/// What replaying a record found.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Verdict {
    /// The same rule text, the same case, the same determination.
    Matched,
    /// The record does not agree with its own case: the case digests to another value
    /// (`field` is `/case_digest`), or the record's `as_of` is not the case's (`/as_of`).
    CaseAltered {
        /// The field of the record that disagrees with the case.
        field: String,
        /// That field's value in the record.
        recorded: String,
        /// The value the case gives it.
        computed: String,
    },
    /// The rule book's version of the rule set has another fingerprint.
    RuleSetChanged {
        /// Rule set id.
        id: String,
        /// Rule set version.
        version: String,
        /// The fingerprint in the record.
        recorded: String,
        /// The fingerprint of the book's version.
        current: String,
    },
    /// The rule book has no such rule set version.
    RuleSetUnknown {
        /// Rule set id.
        id: String,
        /// Rule set version.
        version: String,
    },
    /// Evaluating the case again gives a different determination.
    Differs(Vec<Difference>),
    /// The line is not a valid record.
    Invalid(String),
}

impl Verdict {
    /// The verdict's name: `matched`, `case_altered`, `rule_set_changed`,
    /// `rule_set_unknown`, `differs` or `invalid`.
    pub fn name(&self) -> &'static str {
        match self {
            Verdict::Matched => "matched",
            Verdict::CaseAltered { .. } => "case_altered",
            Verdict::RuleSetChanged { .. } => "rule_set_changed",
            Verdict::RuleSetUnknown { .. } => "rule_set_unknown",
            Verdict::Differs(_) => "differs",
            Verdict::Invalid(_) => "invalid",
        }
    }
    /// Whether it counts as differed (every verdict but matched and invalid).
    pub fn is_differed(&self) -> bool {
        !matches!(self, Verdict::Matched | Verdict::Invalid(_))
    }
}

impl fmt::Display for Verdict {
    /// The verdict's name and why, on one line.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let show = |v: &Value| crate::wire::problem::tidy(&format!("`{v}`"));
        match self {
            Verdict::Matched => write!(f, "matched"),
            Verdict::CaseAltered {
                field,
                recorded,
                computed,
            } if field == "/case_digest" => write!(
                f,
                "case_altered: the case digest is `{recorded}` in the record but the case in it digests to `{computed}`"
            ),
            Verdict::CaseAltered {
                field,
                recorded,
                computed,
            } => write!(
                f,
                "case_altered: `{field}` is `{recorded}` in the record but the case in it gives `{computed}`"
            ),
            Verdict::RuleSetChanged {
                id,
                version,
                recorded,
                current,
            } => write!(
                f,
                "rule_set_changed: `{id}` version `{version}` was `{recorded}` when recorded and is `{current}` now"
            ),
            Verdict::RuleSetUnknown { id, version } => {
                write!(
                    f,
                    "rule_set_unknown: the rule book has no `{id}` version `{version}`"
                )
            }
            Verdict::Differs(diffs) => {
                let parts: Vec<String> = diffs
                    .iter()
                    .map(|d| {
                        let (before, after) = match (&d.before, &d.after) {
                            (Value::String(x), Value::String(y)) => {
                                let (x, y) = differing_spans(x, y);
                                (show(&Value::String(x)), show(&Value::String(y)))
                            }
                            (x, y) => (show(x), show(y)),
                        };
                        format!("{}: {before} then, {after} now", d.at)
                    })
                    .collect();
                write!(f, "differs: {}", parts.join("; "))
            }
            Verdict::Invalid(why) => write!(f, "invalid: {why}"),
        }
    }
}

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
    let record = match RecordLine::read(value) {
        Ok(r) => r,
        Err(why) => return (invalid(reference, format!("not a record: {why}")), None),
    };
    let (verdict, determination) = verdict(book, &record);
    let kept = Kept {
        as_of: record.as_of.as_str().map(str::to_string),
        case: record.case,
        determination,
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

/// Collects the differences between two determinations, each at the deepest JSON pointer
/// where they differ: a changed word in a provision's text is reported at
/// `/provisions/s44(4)/text`, not at `/provisions`. Arrays of different lengths differ whole.
fn compare(then: &Value, now: &Value, at: String, out: &mut Vec<Difference>) {
    if then == now {
        return;
    }
    match (then, now) {
        (Value::Object(a), Value::Object(b)) => {
            let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                let (x, y) = (
                    a.get(key).unwrap_or(&Value::Null),
                    b.get(key).unwrap_or(&Value::Null),
                );
                let token = crate::wire::json::escape_token(key);
                compare(x, y, format!("{at}/{token}"), out);
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                compare(x, y, format!("{at}/{i}"), out);
            }
        }
        _ => out.push(Difference {
            at,
            before: then.clone(),
            after: now.clone(),
        }),
    }
}

/// Characters of context shown on each side of the part of two strings that differs.
const CONTEXT: usize = 20;

/// The part of two strings that differs, with a little context on each side, so that
/// "may" turned "must" in a long provision shows as `…SAB may arrange…` then
/// `…SAB must arrange…` now.
fn differing_spans(before: &str, after: &str) -> (String, String) {
    let a: Vec<char> = before.chars().collect();
    let b: Vec<char> = after.chars().collect();
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let room = a.len().min(b.len()) - prefix;
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(room)
        .take_while(|(x, y)| x == y)
        .count();
    let cut = |chars: &[char]| {
        let from = prefix.saturating_sub(CONTEXT);
        let to = (chars.len() - suffix + CONTEXT).min(chars.len());
        let mut text = String::new();
        if from > 0 {
            text.push('…');
        }
        text.extend(chars.get(from..to).unwrap_or_default());
        if to < chars.len() {
            text.push('…');
        }
        text
    };
    (cut(&a), cut(&b))
}
