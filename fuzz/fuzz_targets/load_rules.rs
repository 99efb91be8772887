//! Arbitrary bytes as a rule file: `RuleSet::from_json`, and when it loads, a few cases
//! evaluated, checked and rendered.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    safeguarding_rules_fuzz::check::load_rules(data);
});
