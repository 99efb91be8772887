//! Rank 0: reduced ordered multi-valued decision diagrams (`diagram`, frozen; `builder`,
//! while compiling) and bit sets (`bits`).
//!
//! Knows nothing of JSON, rule files or cases: imports nothing from the crate outside
//! this folder.

pub(crate) mod bits;
pub(crate) mod builder;
pub(crate) mod diagram;
