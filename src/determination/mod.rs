//! Rank 2: the documents the engine returns.

pub(crate) mod decisive;
pub(crate) mod document;
