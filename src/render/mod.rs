//! Rank 4: renderings of a determination and of an assessment (plain text and Markdown):
//! reads a `Determination` or an `Assessment` and never evaluates.
//!
//! Imports only lower ranks, and never `evaluate/` or `procedure/`.

pub(crate) mod assessment;
pub(crate) mod text;
