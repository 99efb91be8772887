//! Shared code of the fuzz targets: `check` holds the code paths and invariants (also run
//! by `tests/fuzz_regressions.rs`), `structured` the rule-set generator, `c_boundary`
//! the C binding's boundary (also run by `bindings/c/tests/boundary.rs`).

// The C binding's crate, as `c_boundary` expects to find it.
use safeguarding_rules_c as ffi;

pub mod c_boundary;
pub mod check;
pub mod structured;
