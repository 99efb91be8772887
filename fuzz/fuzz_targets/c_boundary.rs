//! Arbitrary bytes (not necessarily UTF-8) through the C binding's `sgr_evaluate` and
//! `sgr_replay`: never a crash, never an internal error, always a string in `*out`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = safeguarding_rules_fuzz::c_boundary::c_boundary(data);
});
