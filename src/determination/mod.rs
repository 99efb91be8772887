//! Rank 2: the documents the engine returns.

pub(crate) mod document;
