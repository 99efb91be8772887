//! Shared code of the fuzz targets: `check` holds the code paths and invariants (also run
//! by `tests/fuzz_regressions.rs`), `structured` the rule-set generator.

pub mod check;
pub mod structured;
