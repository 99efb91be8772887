//! Rank 1: rule text to a validated, compiled rule set.

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
pub(crate) mod ruleset;
pub(crate) mod validate;
