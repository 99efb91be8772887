//! Rank 2: the documents the engine returns and their JSON contract: `Determination` and
//! its parts (`document`), the provisions its decisive reasons cite (`decisive`), a
//! procedure's `Assessment` (`assessment`) and the report across cases (`report`). Built by
//! `evaluate/`, `procedure/` and `audit/`, rendered by `render/`.
//!
//! Imports only `wire/`, `logic/` and `rules/`: never cases or evaluation.

pub(crate) mod assessment;
pub(crate) mod decisive;
pub(crate) mod document;
pub(crate) mod report;
