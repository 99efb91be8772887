//! Rank 4: renderings of a determination and of an assessment: plain text for a terminal;
//! Markdown and HTML, the record of reasons a panel can file; and the decision path as a
//! picture in DOT, Mermaid and the library's own SVG. A rule set's structure is drawn too,
//! and a report (`report`: Markdown and HTML with SVG bar charts). Reads a `Determination`,
//! an `Assessment` or a `Report` (with the case and the rule set when the caller has them)
//! and never evaluates.
//!
//! Imports only lower ranks, and never `evaluate/` or `procedure/`.

pub(crate) mod assessment;
pub(crate) mod assessment_reasons;
pub(crate) mod dot;
pub(crate) mod html;
pub(crate) mod markdown;
pub(crate) mod mermaid;
pub(crate) mod path;
pub(crate) mod record;
pub(crate) mod report;
pub(crate) mod structure;
pub(crate) mod svg;
pub(crate) mod text;
