//! Structure-aware: a generated small rule set and cases over it; a rule set that loads is
//! evaluated on every case with counterfactuals, and the invariants are asserted.
#![no_main]

use libfuzzer_sys::fuzz_target;
use safeguarding_rules_fuzz::structured::Generated;

fuzz_target!(|g: Generated| {
    safeguarding_rules_fuzz::check::structured(&g.rules_text, &g.cases);
});
