//! What replaying a record found: the verdict, the differences, and how two documents
//! are compared.

use std::fmt;

use serde_json::Value;

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

/// Collects the differences between two determinations, each at the deepest JSON pointer
/// where they differ: a changed word in a provision's text is reported at
/// `/provisions/s44(4)/text`, not at `/provisions`. Arrays of different lengths differ whole.
pub(crate) fn compare(then: &Value, now: &Value, at: String, out: &mut Vec<Difference>) {
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
