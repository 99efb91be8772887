//! Rank 2: the documents the engine returns and their JSON contract: `Determination` and
//! its parts (`document`), the report across cases (`report`), and the provisions its decisive reasons cite (`decisive`).
//! Built by `evaluate/`, rendered by `render/`.
//!
//! Imports only `wire/`, `logic/` and `rules/`: never cases or evaluation.

pub(crate) mod decisive;
pub(crate) mod document;
pub(crate) mod report;
