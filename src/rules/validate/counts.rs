//! Counts: how many facts, rules, outcomes and notes, and how long their texts.

use crate::rules::doc::RuleSetDoc;
use crate::rules::limits::Limits;
use crate::wire::problem::Problem;

pub(super) fn check_counts(doc: &RuleSetDoc, p: &mut Vec<Problem>) {
    for (at, found, limit) in [
        ("/facts", doc.facts.len(), Limits::MAX_FACTS),
        ("/rules", doc.rules.len(), Limits::MAX_RULES),
        ("/outcomes", doc.outcomes.len(), Limits::MAX_OUTCOMES),
        ("/notes", doc.notes.len(), Limits::MAX_NOTES),
    ] {
        if found > limit {
            p.push(Problem::new(
                "over_limit",
                at,
                format!("{found} entries is over the limit of {limit}"),
            ));
        }
    }
    // The pointer is written only for a string over the limit.
    let mut long = |at: &dyn Fn() -> String, s: &str| {
        if s.len() > Limits::MAX_STRING_BYTES {
            p.push(Problem::new(
                "over_limit",
                at(),
                format!(
                    "a string of {} bytes is over the limit of {} bytes",
                    s.len(),
                    Limits::MAX_STRING_BYTES
                ),
            ));
        }
    };
    // Every string the file holds, each at its pointer.
    for (key, text) in [
        ("/id", &doc.id),
        ("/title", &doc.title),
        ("/version", &doc.version),
    ] {
        long(&|| key.to_string(), text);
    }
    for (i, x) in doc.provisions.iter().enumerate() {
        for (key, text) in [
            ("id", &x.id),
            ("cite", &x.cite),
            ("text", &x.text),
            ("url", &x.url),
        ] {
            long(&|| format!("/provisions/{i}/{key}"), text);
        }
    }
    for (i, x) in doc.facts.iter().enumerate() {
        long(&|| format!("/facts/{i}/id"), &x.id);
        long(&|| format!("/facts/{i}/question"), &x.question);
        for (j, v) in x.values.iter().enumerate() {
            long(&|| format!("/facts/{i}/values/{j}"), v);
        }
    }
    for (i, x) in doc.rules.iter().enumerate() {
        for (key, text) in [("id", &x.id), ("holds", &x.holds), ("fails", &x.fails)] {
            long(&|| format!("/rules/{i}/{key}"), text);
        }
    }
    for (i, x) in doc.outcomes.iter().enumerate() {
        long(&|| format!("/outcomes/{i}/id"), &x.id);
        long(&|| format!("/outcomes/{i}/holds"), &x.holds);
        if let Some(fails) = &x.fails {
            long(&|| format!("/outcomes/{i}/fails"), fails);
        }
    }
    for (i, x) in doc.notes.iter().enumerate() {
        long(&|| format!("/notes/{i}/id"), &x.id);
        long(&|| format!("/notes/{i}/text"), &x.text);
    }
}
