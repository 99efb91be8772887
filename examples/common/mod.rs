//! What the example programs share: reading files, finding rule sets, failing cleanly.
#![allow(dead_code)]

pub mod splitmix;

use std::path::Path;
use std::process::ExitCode;

use safeguarding_rules::{Case, Procedure, RuleBook, RuleSet};

/// Bad input or usage: a one-line message on stderr, exit code 2.
pub fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

pub fn read(path: &str) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{path}: cannot read: {e}"))
}

/// A rule file, its imports resolved through `book`.
pub fn load_rules_file(path: &str, book: &RuleBook) -> Result<RuleSet, String> {
    let text = read(path)?;
    RuleSet::from_json_in(&text, book).map_err(|e| format!("{path}: {e}"))
}

/// The embedded packs plus every `*.json` rule file directly inside `dir`, if given. A file
/// that is plainly a case (its top-level `facts` is an object, where a rule file's is an
/// array) is skipped, so a case kept beside its rule file does no harm.
pub fn rule_book(dir: Option<&str>) -> Result<RuleBook, String> {
    let mut book = RuleBook::embedded();
    if let Some(dir) = dir {
        let entries =
            std::fs::read_dir(dir).map_err(|e| format!("{dir}: cannot read directory: {e}"))?;
        let mut paths: Vec<_> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "json"))
            .collect();
        paths.sort();
        let mut files = Vec::new();
        for path in paths {
            let origin = path.display().to_string();
            let text = read(&origin)?;
            if !is_case(&text) {
                files.push((origin, text));
            }
        }
        book.add_json_files(&files).map_err(|e| e.to_string())?;
    }
    Ok(book)
}

/// The newest version of the rule set with this id, or of the default pack when `None`.
pub fn find(book: &RuleBook, id: Option<&str>) -> Result<RuleSet, String> {
    book.select(id, None).cloned().map_err(|e| e.to_string())
}

/// Parses the program's arguments with clap. `--help` and `--version` print on stdout
/// and exit 0; a usage error is one line on stderr (`error: <clap's first line>; see
/// --help`) and exit 2.
pub fn parse_args<T: clap::Parser>() -> Result<T, ExitCode> {
    T::try_parse().map_err(|e| match e.kind() {
        clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
            let _ = e.print();
            ExitCode::SUCCESS
        }
        _ => {
            let text = e.to_string();
            let first = text.lines().next().unwrap_or("invalid arguments");
            fail(format!(
                "{}; see --help",
                first.trim_start_matches("error: ").trim_end()
            ))
        }
    })
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

/// Whether a JSON text is plainly a case: a top-level `facts` object.
pub fn is_case(text: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(text)
        .is_ok_and(|v| v.get("facts").is_some_and(serde_json::Value::is_object))
}

/// A case error's message, or, when the file given as a case is plainly a rule file (it
/// has `outcomes` or `provisions`), a hint to pass it with `--rules` instead of a list of
/// every key a case does not have.
pub fn case_error(path: &str, error: impl std::fmt::Display) -> String {
    let looks_like_rules = std::fs::read_to_string(path).is_ok_and(|text| {
        serde_json::from_str::<serde_json::Value>(&text)
            .is_ok_and(|v| v.get("outcomes").is_some() || v.get("provisions").is_some())
    });
    if looks_like_rules {
        format!("{path}: this looks like a rule file, not a case: use `--rules`")
    } else {
        format!("{path}: {error}")
    }
}

/// The procedure `--procedure` names (a file if one exists at that path, else an id), or
/// the one the case names.
pub fn find_procedure(
    book: &RuleBook,
    named: Option<&str>,
    case: &Case,
) -> Result<Procedure, String> {
    match named {
        Some(path) if exists(path) => {
            let text = read(path)?;
            Procedure::from_json_in(&text, book).map_err(|e| format!("{path}: {e}"))
        }
        Some(id) => book.procedure(id).cloned().map_err(|e| e.to_string()),
        None => {
            let id = case.procedure.as_deref().unwrap_or_default();
            book.procedure(id)
                .cloned()
                .map_err(|e| format!("/procedure: {e}"))
        }
    }
}
