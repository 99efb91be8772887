//! Rank 6: scenario suites: statements of what a rule set must decide, run with coverage.
//!
//! Imports only lower ranks: never records.

pub(crate) mod common;
pub(crate) mod procedure_suite;
pub(crate) mod suite;
