//! The library's source files, found by walking `src/` recursively, for the tests that
//! scan the source (isolation, the error catalogue, the layout).

use std::path::{Path, PathBuf};

/// How many `.rs` files the layout has at least: a scan that reads fewer has lost some
/// (a folder moved, a walk no longer recursive) and fails rather than passing quietly.
pub const LAYOUT_FILES: usize = 62;

/// Every `.rs` file under `src/`, sorted, with at least [`LAYOUT_FILES`] of them.
pub fn source_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("listing a source folder") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(Path::new("src"), &mut files);
    files.sort();
    assert!(
        files.len() >= LAYOUT_FILES,
        "read only {} source files under src/, the layout has {LAYOUT_FILES}",
        files.len()
    );
    files
}
