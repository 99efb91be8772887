//! The committed header `include/safeguarding_rules.h` is what cbindgen makes of
//! `src/lib.rs` today. Regenerate it with
//!
//! ```text
//! SGR_UPDATE_HEADER=1 cargo test -p safeguarding-rules-c --test header
//! ```

use std::path::PathBuf;

#[test]
fn the_committed_header_matches_the_code() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let config = cbindgen::Config::from_file(dir.join("cbindgen.toml")).expect("cbindgen.toml");
    let bindings = cbindgen::Builder::new()
        .with_config(config)
        .with_src(dir.join("src/lib.rs"))
        .generate()
        .expect("cbindgen reads src/lib.rs");
    let mut generated = Vec::new();
    bindings.write(&mut generated);
    let generated = String::from_utf8(generated).expect("the header is UTF-8");

    let path = dir.join("include/safeguarding_rules.h");
    if std::env::var_os("SGR_UPDATE_HEADER").is_some() {
        std::fs::write(&path, &generated).expect("write the header");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{} is stale: regenerate it with\n  SGR_UPDATE_HEADER=1 cargo test -p safeguarding-rules-c --test header\n\n--- generated ---\n{generated}",
        path.display()
    );
}
