//! The rule packs embedded in the library, so the default needs no files.

use crate::rules::ruleset::RuleSet;

/// The embedded rule files, the default pack first.
/// Each pack is loaded with the ones before it available to import.
const PACKS: &[&str] = &[
    include_str!("../../rules/care-act-2014-s44.json"),
    include_str!("../../rules/hillingdon/notification.json"),
    include_str!("../../rules/hillingdon/sar-panel.json"),
];

/// Every embedded rule set, the default first.
///
/// The packs are validated by the test suite, so loading them here cannot fail in a
/// released build; a pack that somehow failed would be left out rather than panic.
pub(crate) fn embedded() -> Vec<RuleSet> {
    embedded_book().rule_sets().cloned().collect()
}

/// The embedded packs as a rule book, each loaded with the ones before it available to
/// import.
pub(crate) fn embedded_book() -> crate::RuleBook {
    let mut book = crate::RuleBook::new();
    for text in PACKS {
        // The packs are checked by the test suite; one that failed would be left out.
        let _ = book.add_json(text, "the embedded packs");
    }
    book
}

/// The text of every embedded rule file, the default first.
///
/// ```
/// let texts = safeguarding_rules::embedded_rule_files();
/// assert!(!texts.is_empty());
/// ```
pub fn embedded_rule_files() -> &'static [&'static str] {
    PACKS
}

impl RuleSet {
    /// The default rule set: the first embedded pack, used when a case names none.
    pub fn default_pack() -> Option<RuleSet> {
        PACKS.first().and_then(|text| RuleSet::from_json(text).ok())
    }
}
