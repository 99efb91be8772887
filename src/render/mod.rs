//! Rank 4: renderings of a determination (plain text and Markdown) and of a report
//! (`report`: Markdown and HTML with SVG bar charts): reads a
//! `Determination` and never evaluates.
//!
//! Imports only lower ranks, and never `evaluate/`.

pub(crate) mod report;
pub(crate) mod text;
