//! What several test files share.

use std::path::PathBuf;

/// An example program's binary: `cargo test` builds the examples next to the test
/// binaries, in `target/<profile>/examples/`.
pub fn example(name: &str) -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    let deps = exe.parent().expect("target/<profile>/deps");
    deps.parent()
        .expect("target/<profile>")
        .join("examples")
        .join(name)
}
