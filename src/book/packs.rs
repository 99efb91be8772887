//! The rule packs embedded in the library, so the default needs no files.

use std::sync::OnceLock;

use crate::book::rule_book::RuleBook;
use crate::rules::doc::RuleSetDoc;
use crate::rules::load_error::LoadError;
use crate::rules::ruleset::RuleSet;
use crate::rules::validate::validate;

/// The embedded rule files, the default pack first.
/// Each pack is loaded with the ones before it available to import.
const PACKS: &[&str] = &[
    include_str!("../../rules/care-act-2014-s44.json"),
    include_str!("../../rules/hillingdon/notification.json"),
    include_str!("../../rules/hillingdon/sar-panel.json"),
    include_str!("../../rules/children-act-2004-s16C.json"),
    include_str!("../../rules/children-act-2004-s16M.json"),
    include_str!("../../rules/dvcva-2004-s9.json"),
];

/// The embedded procedure files, loaded after every pack.
const PROCEDURES: &[&str] = &[include_str!("../../rules/hillingdon/think-family.json")];

/// The embedded packs, loaded (validated and compiled) once, on first use: the one
/// global, and immutable.
static EMBEDDED: OnceLock<RuleBook> = OnceLock::new();

/// The embedded packs as a rule book, each loaded with the ones before it available to
/// import.
///
/// The packs are validated by the test suite (`every_embedded_pack_loads` below), so
/// loading them cannot fail in a released build; a pack that somehow failed would be left
/// out rather than panic.
pub(crate) fn embedded_book() -> &'static RuleBook {
    EMBEDDED.get_or_init(|| {
        let mut book = RuleBook::new();
        for text in PACKS {
            let _ = book.add_json(text, "the embedded packs");
        }
        for text in PROCEDURES {
            let _ = book.add_procedure_json(text, "the embedded procedures");
        }
        book
    })
}

/// The embedded rule set `id`, if there is one.
fn embedded_rule_set(id: &str) -> Option<RuleSet> {
    embedded_book().rule_sets().find(|r| r.id() == id).cloned()
}

impl RuleBook {
    /// The packs embedded in the library, the default (s44) first.
    pub fn embedded() -> RuleBook {
        embedded_book().clone()
    }
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

/// The text of every embedded procedure file.
pub fn embedded_procedure_files() -> &'static [&'static str] {
    PROCEDURES
}

impl RuleSet {
    /// Loads and validates a rule file.
    ///
    /// Every problem in a well-formed file is reported, each with a JSON pointer.
    ///
    /// ```
    /// use safeguarding_rules::RuleSet;
    /// let err = RuleSet::from_json(r#"{"id": "x"}"#).unwrap_err();
    /// assert_eq!(err.to_string(), "rule file: missing key `title`");
    /// ```
    pub fn from_json(text: &str) -> Result<RuleSet, LoadError> {
        RuleSet::load(text, &embedded_rule_set)
    }

    /// Loads and validates a rule file whose imports resolve through `book` (the newest
    /// version of each imported rule set).
    pub fn from_json_in(text: &str, book: &RuleBook) -> Result<RuleSet, LoadError> {
        RuleSet::load(text, &|id: &str| book.select(Some(id), None).ok().cloned())
    }

    /// Validates a rule file already parsed into its wire form; imports resolve among the
    /// embedded packs.
    ///
    /// Its fingerprint is taken over the document as serialized (see [`RuleSet::fingerprint`]).
    pub fn from_doc(doc: RuleSetDoc) -> Result<RuleSet, LoadError> {
        let json = serde_json::to_string(&doc).unwrap_or_default();
        validate(doc, json, &embedded_rule_set)
    }

    /// One of the rule sets embedded in the library, by id.
    ///
    /// ```
    /// use safeguarding_rules::RuleSet;
    /// assert!(RuleSet::embedded("no-such-law").is_none());
    /// ```
    pub fn embedded(id: &str) -> Option<RuleSet> {
        embedded_rule_set(id)
    }

    /// The default rule set: the first embedded pack, used when a case names none.
    pub fn default_pack() -> Option<RuleSet> {
        PACKS.first().and_then(|text| RuleSet::from_json(text).ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A pack that failed to load would be left out of the book silently: fail here instead.
    #[test]
    fn every_embedded_pack_loads() {
        let mut book = RuleBook::new();
        for text in PACKS {
            if let Err(e) = book.add_json(text, "the embedded packs") {
                panic!("an embedded pack fails to load: {e}");
            }
        }
        assert_eq!(embedded_book().rule_sets().count(), PACKS.len());
        for text in PROCEDURES {
            if let Err(e) = book.add_procedure_json(text, "the embedded procedures") {
                panic!("an embedded procedure fails to load: {e}");
            }
        }
        assert_eq!(embedded_book().procedures().count(), PROCEDURES.len());
    }
}
