//! Arbitrary bytes as a case against the embedded s44 pack: `evaluate_json`, every
//! rendering, counterfactuals, the invariants, and a record that must replay as matched.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    safeguarding_rules_fuzz::check::evaluate_case(data);
});
