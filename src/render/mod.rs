//! Rank 4: renderings of a determination (plain text and Markdown): reads a
//! `Determination` and never evaluates.
//!
//! Imports only lower ranks, and never `evaluate/`.

pub(crate) mod text;
