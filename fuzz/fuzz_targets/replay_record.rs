//! Arbitrary bytes as a record line: `replay` against the embedded rule book must not panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    safeguarding_rules_fuzz::check::replay_record(data);
});
