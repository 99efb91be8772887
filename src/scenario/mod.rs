//! Rank 6: scenario suites.

pub(crate) mod suite;
