//! What the example programs share: reading files, finding rule sets, failing cleanly.
#![allow(dead_code)]

use std::path::Path;
use std::process::ExitCode;

use safeguarding_rules::RuleSet;

/// Bad input or usage: a one-line message on stderr, exit code 2.
pub fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

pub fn read(path: &str) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{path}: cannot read: {e}"))
}

pub fn load_rules_file(path: &str) -> Result<RuleSet, String> {
    let text = read(path)?;
    RuleSet::from_json(&text).map_err(|e| format!("{path}: {e}"))
}

/// The embedded packs plus every `*.json` rule file directly inside `dir`, if given.
pub fn rule_book(dir: Option<&str>) -> Result<Vec<RuleSet>, String> {
    let mut book = Vec::new();
    if let Some(dir) = dir {
        let entries =
            std::fs::read_dir(dir).map_err(|e| format!("{dir}: cannot read directory: {e}"))?;
        let mut paths: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "json"))
            .collect();
        paths.sort();
        for path in paths {
            let rules = load_rules_file(&path.display().to_string())?;
            if book.iter().any(|r: &RuleSet| r.id() == rules.id()) {
                return Err(format!(
                    "{}: rule set `{}` is defined twice in {dir}",
                    path.display(),
                    rules.id()
                ));
            }
            book.push(rules);
        }
    }
    for pack in safeguarding_rules::embedded_rule_files() {
        if let Ok(rules) = RuleSet::from_json(pack)
            && !book.iter().any(|r| r.id() == rules.id())
        {
            book.push(rules);
        }
    }
    Ok(book)
}

/// The rule set with this id, or the default pack when `id` is `None`.
pub fn find(book: &[RuleSet], id: Option<&str>) -> Result<RuleSet, String> {
    match id {
        None => RuleSet::default_pack().ok_or_else(|| "no default rule set is embedded".to_string()),
        Some(id) => book.iter().find(|r| r.id() == id).cloned().ok_or_else(|| {
            let known: Vec<&str> = book.iter().map(|r| r.id()).collect();
            format!("unknown rule set `{id}` (known: `{}`); add its file with `--rules FILE` or `--rules-dir DIR`", known.join("`, `"))
        }),
    }
}

/// Takes the value of a flag like `--format json`.
pub fn value_of(args: &mut Vec<String>, flag: &str) -> Result<Option<String>, String> {
    match args.iter().position(|a| a == flag) {
        None => Ok(None),
        Some(i) => {
            if i + 1 >= args.len() {
                return Err(format!("`{flag}` needs a value"));
            }
            let value = args.remove(i + 1);
            args.remove(i);
            Ok(Some(value))
        }
    }
}

/// Takes a flag without a value.
pub fn take_flag(args: &mut Vec<String>, flag: &str) -> bool {
    match args.iter().position(|a| a == flag) {
        None => false,
        Some(i) => {
            args.remove(i);
            true
        }
    }
}

pub fn exists(path: &str) -> bool {
    Path::new(path).exists()
}
