//! The repository's documents stand on their own: no file refers to anything outside the
//! repository, the README's links work both on the repository page and as the crate's
//! rustdoc, and every provision an embedded pack quotes is in `docs/law.md`.

use std::path::{Path, PathBuf};
use std::process::Command;

/// What no tracked file may mention: the notes the project was started from live outside
/// the repository, and the repository's own documents are `docs/law.md` and `docs/design.md`.
/// Built with `concat!` so this file does not trip its own check.
const OUTSIDE: [&str; 4] = [
    concat!("LAW", ".md"),
    concat!("DESIGN", ".md"),
    concat!("shared", "/"),
    concat!("/wo", "rk/"),
];

/// The repository's tracked files (`git ls-files`), or, where git is not available, every
/// file under the crate's directory but `target/` and `.git/`.
fn tracked_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let listed = Command::new("git")
        .args(["ls-files", "-z"])
        .current_dir(root)
        .output()
        .ok()
        .filter(|out| out.status.success() && !out.stdout.is_empty());
    if let Some(out) = listed {
        return out
            .stdout
            .split(|b| *b == 0)
            .filter(|name| !name.is_empty())
            .map(|name| root.join(String::from_utf8_lossy(name).as_ref()))
            .filter(|path| path.is_file())
            .collect();
    }
    let mut files = Vec::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().map(Result::unwrap) {
            let path = entry.path();
            let name = entry.file_name();
            if path.is_dir() {
                if name != "target" && name != ".git" {
                    dirs.push(path);
                }
            } else {
                files.push(path);
            }
        }
    }
    files
}

fn read(path: &str) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

#[test]
fn no_file_refers_to_anything_outside_the_repository() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = tracked_files();
    assert!(files.len() > 100, "only {} files found", files.len());
    let mut found = Vec::new();
    for path in files {
        // Binary files are not documents.
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        for (n, line) in text.lines().enumerate() {
            for needle in OUTSIDE {
                if line.contains(needle) {
                    let name = path
                        .strip_prefix(root)
                        .unwrap_or(&path)
                        .display()
                        .to_string();
                    found.push(format!("{name}:{}: `{needle}`: {}", n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "files refer to documents outside the repository; cite docs/law.md or docs/design.md \
         instead:\n{}",
        found.join("\n")
    );
}

/// The targets of the Markdown links in `text` outside fenced code blocks: inline links
/// and images `[text](target)`, reference definitions `[label]: target`, and HTML `href`s.
fn link_targets(text: &str) -> Vec<(usize, String)> {
    let mut targets = Vec::new();
    let mut fenced = false;
    for (n, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        let mut rest = line;
        while let Some(at) = rest.find("](") {
            let after = &rest[at + 2..];
            let end = after.find(')').unwrap_or(after.len());
            targets.push((n + 1, after[..end].trim().to_string()));
            rest = &after[end..];
        }
        let trimmed = line.trim_start();
        if trimmed.starts_with('[')
            && let Some(at) = trimmed.find("]: ")
        {
            targets.push((n + 1, trimmed[at + 3..].trim().to_string()));
        }
        let mut rest = line;
        while let Some(at) = rest.find("href=\"") {
            let after = &rest[at + 6..];
            let end = after.find('"').unwrap_or(after.len());
            targets.push((n + 1, after[..end].to_string()));
            rest = &after[end..];
        }
    }
    targets
}

#[test]
fn the_readme_has_no_relative_links() {
    // The README is also the crate's rustdoc (`#![doc = include_str!("../README.md")]`),
    // where a link relative to the repository breaks: files are named as paths in code.
    let readme = read("README.md");
    let relative: Vec<String> = link_targets(&readme)
        .into_iter()
        .filter(|(_, target)| {
            !(target.starts_with("https://")
                || target.starts_with("http://")
                || target.starts_with("mailto:"))
        })
        .map(|(n, target)| format!("README.md:{n}: ({target})"))
        .collect();
    assert!(
        relative.is_empty(),
        "relative links break in rustdoc; write the path in backticks instead:\n{}",
        relative.join("\n")
    );
}

#[test]
fn the_link_check_finds_relative_links() {
    let text = "see [`rules/`](rules/) and [the Act](https://www.legislation.gov.uk/)\n\
                ```\n[x](not/a/link)\n```\n[guide]: docs/local-layer-guide.md\n<a href=\"#top\">";
    let targets: Vec<String> = link_targets(text).into_iter().map(|(_, t)| t).collect();
    assert_eq!(
        targets,
        [
            "rules/",
            "https://www.legislation.gov.uk/",
            "docs/local-layer-guide.md",
            "#top"
        ]
    );
}

/// The repository paths the README names in inline code, such as `rules/schema/`.
fn named_paths(text: &str) -> Vec<(usize, String)> {
    const ROOTS: [&str; 10] = [
        "rules/",
        "examples/",
        "tests/",
        "docs/",
        "benches/",
        "fuzz/",
        "src/",
        ".cargo/",
        "BENCHMARKS.md",
        "CONTRIBUTING.md",
    ];
    let mut paths = Vec::new();
    let mut fenced = false;
    for (n, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        for (i, span) in line.split('`').enumerate() {
            let is_path = i % 2 == 1
                && ROOTS.iter().any(|root| span.starts_with(root))
                && !span.contains(|c: char| c.is_whitespace() || "<>*…".contains(c));
            if is_path {
                paths.push((n + 1, span.to_string()));
            }
        }
    }
    paths
}

#[test]
fn every_path_the_readme_names_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = read("README.md");
    let paths = named_paths(&readme);
    assert!(paths.iter().any(|(_, p)| p == "rules/schema/"), "{paths:?}");
    let missing: Vec<String> = paths
        .into_iter()
        .filter(|(_, path)| !root.join(path).exists())
        .map(|(n, path)| format!("README.md:{n}: `{path}`"))
        .collect();
    assert!(
        missing.is_empty(),
        "the README names paths that do not exist:\n{}",
        missing.join("\n")
    );
}

/// Markdown text as words: blockquote markers dropped and every run of white space one
/// space, so that a quotation wrapped over several lines still reads as the same words.
fn words(text: &str) -> String {
    let unquoted: Vec<&str> = text
        .lines()
        .map(|line| {
            let line = line.trim_start();
            line.strip_prefix('>').map_or(line, str::trim_start)
        })
        .collect();
    unquoted
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The embedded packs: every rule file in `rules/` and its subfolders, but the schemas and
/// the scenario suites.
fn pack_files() -> Vec<PathBuf> {
    let rules = Path::new(env!("CARGO_MANIFEST_DIR")).join("rules");
    let mut files = Vec::new();
    let mut dirs = vec![rules.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().map(Result::unwrap) {
            let path = entry.path();
            if path.is_dir() {
                if path != rules.join("schema") && path != rules.join("scenarios") {
                    dirs.push(path);
                }
            } else if path.extension().is_some_and(|e| e == "json") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn every_provision_an_embedded_pack_quotes_is_in_docs_law_md() {
    let law = words(&read("docs/law.md"));
    let packs = pack_files();
    assert!(packs.len() >= 3, "{packs:?}");
    let mut checked = 0;
    let mut missing = Vec::new();
    for pack in packs {
        let text = std::fs::read_to_string(&pack).unwrap();
        let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
        let id = doc["id"].as_str().unwrap_or_default().to_string();
        assert!(
            law.contains(&format!("`{id}`")),
            "docs/law.md does not name the pack `{id}`"
        );
        for provision in doc["provisions"].as_array().into_iter().flatten() {
            let pid = provision["id"].as_str().unwrap_or_default();
            let quoted = words(provision["text"].as_str().unwrap_or_default());
            let url = provision["url"].as_str().unwrap_or_default();
            checked += 1;
            if !law.contains(&quoted) {
                missing.push(format!("{id} {pid}: its text"));
            }
            if !law.contains(url) {
                missing.push(format!("{id} {pid}: its URL {url}"));
            }
            if !law.contains(&format!("`{pid}`")) {
                missing.push(format!("{id} {pid}: its id"));
            }
        }
    }
    assert!(checked >= 20, "only {checked} provisions checked");
    assert!(
        missing.is_empty(),
        "docs/law.md must quote every provision of every embedded pack verbatim, with its id \
         and URL:\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_word_check_reads_quotations_across_lines() {
    assert_eq!(
        words("> (a) the adult has\n> died, and\n"),
        "(a) the adult has died, and"
    );
    assert_eq!(words("a\n\n- b\n- c"), "a - b - c");
}
