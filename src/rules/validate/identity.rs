//! Identity: the rule set's id, title, version and dates, and every list's ids present
//! and distinct.

use crate::rules::doc::RuleSetDoc;
use crate::wire::date::is_date;
use crate::wire::problem::Problem;
use std::collections::BTreeMap;

pub(super) fn check_identity(doc: &RuleSetDoc, p: &mut Vec<Problem>) {
    for (key, text) in [
        ("/id", &doc.id),
        ("/title", &doc.title),
        ("/version", &doc.version),
    ] {
        if text.trim().is_empty() {
            p.push(Problem::new(
                "empty_string",
                key,
                "expected text, found an empty string",
            ));
        }
    }
    if !is_date(&doc.in_force_from) {
        p.push(Problem::new(
            "invalid_date",
            "/in_force_from",
            format!(
                "expected a date `YYYY-MM-DD`, found `{}`",
                doc.in_force_from
            ),
        ));
    }
    if let Some(to) = &doc.in_force_to {
        if !is_date(to) {
            p.push(Problem::new(
                "invalid_date",
                "/in_force_to",
                format!("expected a date `YYYY-MM-DD`, found `{to}`"),
            ));
        } else if to.as_str() <= doc.in_force_from.as_str() {
            p.push(Problem::new(
                "invalid_period",
                "/in_force_to",
                format!(
                    "expected a date after `in_force_from` `{}`, found `{to}`",
                    doc.in_force_from
                ),
            ));
        }
    }
}

/// Maps ids to their positions, reporting empty and duplicate ids.
/// Whether `id` is an identifier: ASCII letters, digits and underscores, starting with a
/// letter.
fn is_identifier(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

pub(crate) fn index_ids<'a>(
    ids: impl Iterator<Item = &'a str>,
    at: &str,
    what: &str,
    p: &mut Vec<Problem>,
) -> BTreeMap<String, usize> {
    let mut index = BTreeMap::new();
    for (i, id) in ids.enumerate() {
        if id.trim().is_empty() {
            p.push(Problem::new(
                "empty_string",
                format!("{at}/{i}/id"),
                format!(
                    "expected {} {what} id, found an empty string",
                    if what.starts_with(['a', 'e', 'i', 'o', 'u']) {
                        "an"
                    } else {
                        "a"
                    }
                ),
            ));
        } else if let Some(first) = index.get(id) {
            p.push(Problem::new(
                "duplicate_id",
                format!("{at}/{i}/id"),
                format!("duplicate {what} id `{id}`, first declared at `{at}/{first}`"),
            ));
        } else {
            if what != "provision" && !is_identifier(id) {
                // Provision ids are citations (`s44(1)`); every other id is an identifier,
                // so that it reads the same in a case, a condition, a scenario and a binding.
                // It is still declared: what refers to it is not reported again.
                p.push(Problem::new("invalid_id", 
                    format!("{at}/{i}/id"),
                    format!(
                        "expected {} {what} id of letters, digits and underscores, starting with a letter, found `{id}`",
                        if what.starts_with(['a', 'e', 'i', 'o', 'u']) {
                            "an"
                        } else {
                            "a"
                        }
                    ),
                ));
            }
            index.insert(id.to_string(), i);
        }
    }
    index
}
