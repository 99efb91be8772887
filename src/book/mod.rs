//! Rank 5: the rule book, rule sets by id and in-force dates (`rule_book`), and the
//! embedded packs, loaded once (`packs`: `RuleSet::from_json`, `from_json_in`,
//! `from_doc` and `embedded`, which resolve imports through them).
//!
//! Imports only lower ranks: never records or scenarios.

pub(crate) mod packs;
pub(crate) mod pictures;
pub(crate) mod procedures;
pub(crate) mod rule_book;
