//! What several test files share.

use std::path::PathBuf;

/// An example program's binary: `cargo test` builds the examples next to the test
/// binaries, in `target/<profile>/examples/`.
#[allow(dead_code)]
pub fn example(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    let deps = exe.parent().expect("target/<profile>/deps");
    deps.parent()
        .expect("target/<profile>")
        .join("examples")
        .join(name)
}

/// The embedded s44 pack, loaded from its text so that a broken pack reports why (an
/// edited pack that fails to load is left out of `RuleSet::embedded` silently).
#[allow(dead_code)]
pub fn load_s44() -> safeguarding_rules::RuleSet {
    let text = safeguarding_rules::embedded_rule_files()
        .iter()
        .find(|t| {
            serde_json::from_str::<serde_json::Value>(t)
                .is_ok_and(|v| v["id"] == "care-act-2014-s44")
        })
        .expect("the s44 pack is embedded");
    safeguarding_rules::RuleSet::from_json(text)
        .unwrap_or_else(|e| panic!("the s44 pack does not load: {e}"))
}
