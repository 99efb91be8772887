//! Rank 1: rule text to a validated, compiled `RuleSet`: the wire form (`doc`), conditions
//! (`model`, `condition`, and `range` for integer and date tests), validation (`validate/`, a file a kind of check), compilation,
//! provisions, identity, presuppositions, limits and load errors.
//!
//! Imports only `wire/` and `logic/`: never cases, determinations, evaluation or the book
//! (the embedded packs' loaders, `RuleSet::from_json` and `embedded`, live in `book/`).

pub(crate) mod citations;
pub(crate) mod condition;
pub(crate) mod doc;
pub(crate) mod identity;
pub(crate) mod limits;
pub(crate) mod load;
pub(crate) mod load_error;
pub(crate) mod model;
pub(crate) mod presupposition;
pub(crate) mod provision;
pub(crate) mod range;
pub(crate) mod ruleset;
pub(crate) mod validate;
