//! The layout's rule (docs/design.md, "Layout: one folder per stage"): a folder imports only
//! folders of a lower rank, inside the crate things are named by path and never through
//! the root's re-exports, no circle of imports joins files, and no file is over 600 lines.
//!
//! Every `crate::` path is read, in `use` lines and in code alike, grouped forms
//! (`use crate::{a::b, c::{d, e}}`) written out; comments are left out.

#[path = "common/source.rs"]
mod source;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each folder's rank, and the files at the root of `src/`.
const RANKS: &[(&str, u8)] = &[
    ("wire", 0),
    ("logic", 0),
    ("rules", 1),
    ("case", 2),
    ("determination", 2),
    ("evaluate", 3),
    ("render", 4),
    ("procedure", 4),
    ("book", 5),
    ("audit", 6),
    ("scenario", 6),
    ("schema", 7),
    // The JSON surface serves the schemas too, so it stands one above them; DESIGN's table
    // puts both at 7 with lib.rs, which would forbid `embed` to name `schema` at all.
    ("embed", 8),
    ("lib", 9),
];

const MAX_FILE_LINES: usize = 600;

fn rank(folder: &str) -> Option<u8> {
    RANKS.iter().find(|(f, _)| *f == folder).map(|(_, r)| *r)
}

/// A source file as (folder, path of the file within it, without `.rs`):
/// `src/rules/ruleset.rs` is `("rules", "ruleset")`, `src/rules/mod.rs` is
/// `("rules", "mod")`, `src/rules/validate/usage.rs` is `("rules", "validate/usage")`,
/// `src/schema.rs` is `("schema", "mod")`.
fn unit(path: &Path) -> (String, String) {
    let rel = path.strip_prefix("src").expect("a path under src/");
    let parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string())
        .collect();
    match parts.as_slice() {
        [file] => (file.clone(), "mod".to_string()),
        [folder, rest @ ..] => (folder.clone(), rest.join("/")),
        [] => panic!("{} is not a file", path.display()),
    }
}

/// The file a path names: the longest run of its segments after the folder that is a
/// file, else that run's `mod.rs`, else the folder's `mod.rs`.
fn target(units: &BTreeSet<Unit>, folder: &str, segments: &[&str]) -> Unit {
    for n in (1..=segments.len()).rev() {
        let file = segments[..n].join("/");
        for candidate in [file.clone(), format!("{file}/mod")] {
            let unit = (folder.to_string(), candidate);
            if units.contains(&unit) {
                return unit;
            }
        }
    }
    (folder.to_string(), "mod".to_string())
}

/// The text with `//` comments (doc comments among them) and string literals blanked.
fn code_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let mut in_str = false;
        let mut prev = ' ';
        let mut kept = String::new();
        let chars: Vec<char> = line.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if !in_str && c == '/' && chars.get(i + 1) == Some(&'/') {
                break;
            }
            if c == '"' && prev != '\\' && prev != '\'' {
                in_str = !in_str;
                kept.push(' ');
            } else if in_str {
                kept.push(' ');
            } else {
                kept.push(c);
            }
            prev = if prev == '\\' && c == '\\' { ' ' } else { c };
            i += 1;
        }
        out.push_str(&kept);
        out.push('\n');
    }
    out
}

/// Reads one path at `s` (just after `crate::` or `super::`), writing each full path out
/// (`a::{b, c::d}` gives `a::b` and `a::c::d`); returns how many bytes it read.
fn read_paths(s: &[u8], prefix: &str, out: &mut Vec<String>) -> usize {
    let mut i = 0;
    let mut path = prefix.to_string();
    loop {
        while i < s.len() && s[i].is_ascii_whitespace() {
            i += 1;
        }
        if i < s.len() && s[i] == b'{' {
            i += 1;
            loop {
                while i < s.len() && (s[i].is_ascii_whitespace() || s[i] == b',') {
                    i += 1;
                }
                if i >= s.len() || s[i] == b'}' {
                    return i + 1;
                }
                i += read_paths(&s[i..], &path, out);
            }
        }
        let start = i;
        while i < s.len() && (s[i].is_ascii_alphanumeric() || s[i] == b'_' || s[i] == b'*') {
            i += 1;
        }
        let word = std::str::from_utf8(&s[start..i]).unwrap_or("");
        if word.is_empty() {
            out.push(path);
            return i;
        }
        if !path.is_empty() {
            path.push_str("::");
        }
        path.push_str(word);
        if s.get(i..i + 2) == Some(b"::".as_slice()) {
            i += 2;
        } else {
            out.push(path);
            return i;
        }
    }
}

/// Every `crate::` path the code names, written out.
fn crate_paths(code: &str) -> Vec<String> {
    let bytes = code.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = code[from..].find("crate::") {
        let start = from + at;
        let before = start.checked_sub(1).map(|b| bytes[b]);
        let end = start + "crate::".len();
        if before.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b':') {
            from = end;
            continue;
        }
        let read = read_paths(&bytes[end..], "", &mut out);
        from = end + read.max(1).min(bytes.len() - end);
    }
    out
}

/// Every file's arrows, as (from file, to file), to folders and root files only.
type Unit = (String, String);

fn arrows() -> (BTreeMap<Unit, BTreeSet<Unit>>, Vec<String>) {
    let files = source::source_files();
    let units: BTreeSet<Unit> = files.iter().map(|p| unit(p)).collect();
    let mut graph: BTreeMap<Unit, BTreeSet<Unit>> = BTreeMap::new();
    let mut wrong = Vec::new();
    for path in &files {
        let from = unit(path);
        let text = std::fs::read_to_string(path).unwrap();
        for p in crate_paths(&code_only(&text)) {
            let segments: Vec<&str> = p.split("::").collect();
            let folder = segments.first().copied().unwrap_or("").to_string();
            let Some(to_rank) = rank(&folder) else {
                wrong.push(format!(
                    "{}: `crate::{p}` names the crate root's re-export; name it by path",
                    path.display()
                ));
                continue;
            };
            let to = target(&units, &folder, segments.get(1..).unwrap_or(&[]));
            let from_rank = rank(&from.0).unwrap_or(u8::MAX);
            if folder != from.0
                && (to_rank >= from_rank || (from.0 == "render" && folder == "evaluate"))
            {
                wrong.push(format!(
                    "{}: `crate::{p}`: {} (rank {from_rank}) may not import {folder} (rank {to_rank})",
                    path.display(),
                    from.0
                ));
            }
            if to != from {
                graph.entry(from.clone()).or_default().insert(to);
            }
        }
    }
    (graph, wrong)
}

/// A circle in the graph, if there is one, as the files along it.
fn circle(graph: &BTreeMap<Unit, BTreeSet<Unit>>) -> Option<Vec<Unit>> {
    fn visit(
        node: &Unit,
        graph: &BTreeMap<Unit, BTreeSet<Unit>>,
        state: &mut BTreeMap<Unit, u8>,
        stack: &mut Vec<Unit>,
    ) -> Option<Vec<Unit>> {
        state.insert(node.clone(), 1);
        stack.push(node.clone());
        for next in graph.get(node).into_iter().flatten() {
            match state.get(next) {
                Some(1) => {
                    let at = stack.iter().position(|n| n == next).unwrap_or(0);
                    let mut found = stack[at..].to_vec();
                    found.push(next.clone());
                    return Some(found);
                }
                Some(_) => {}
                None => {
                    if let Some(found) = visit(next, graph, state, stack) {
                        return Some(found);
                    }
                }
            }
        }
        stack.pop();
        state.insert(node.clone(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for node in graph.keys() {
        if !state.contains_key(node)
            && let Some(found) = visit(node, graph, &mut state, &mut Vec::new())
        {
            return Some(found);
        }
    }
    None
}

#[test]
fn paths_are_read_in_every_form() {
    let code = "use crate::a::b;\nuse crate::{c::d, e::{f, g::h}};\nlet x = crate::i::j(1);\n// crate::k::l\n\"crate::m\"";
    let paths = crate_paths(&code_only(code));
    assert_eq!(paths, ["a::b", "c::d", "e::f", "e::g::h", "i::j"]);
}

#[test]
fn a_folder_imports_only_lower_ranks_by_path() {
    let (_, wrong) = arrows();
    assert!(
        wrong.is_empty(),
        "{} wrong imports:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn no_circle_of_imports_between_files() {
    let (graph, _) = arrows();
    if let Some(found) = circle(&graph) {
        let names: Vec<String> = found.iter().map(|(d, f)| format!("{d}/{f}")).collect();
        panic!(
            "files import each other in a circle: {}",
            names.join(" -> ")
        );
    }
}

#[test]
fn circles_are_found() {
    let unit = |d: &str, f: &str| (d.to_string(), f.to_string());
    let mut graph: BTreeMap<Unit, BTreeSet<Unit>> = BTreeMap::new();
    graph
        .entry(unit("a", "x"))
        .or_default()
        .insert(unit("a", "y"));
    assert!(circle(&graph).is_none());
    graph
        .entry(unit("a", "y"))
        .or_default()
        .insert(unit("b", "z"));
    graph
        .entry(unit("b", "z"))
        .or_default()
        .insert(unit("a", "x"));
    assert!(circle(&graph).is_some());
}

#[test]
fn no_source_file_is_over_600_lines() {
    for path in source::source_files() {
        let lines = std::fs::read_to_string(&path).unwrap().lines().count();
        assert!(
            lines <= MAX_FILE_LINES,
            "{} has {lines} lines (at most {MAX_FILE_LINES})",
            path.display()
        );
    }
}
