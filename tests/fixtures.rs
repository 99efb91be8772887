//! Fixtures side by side: every example case's determination (JSON and text) and every
//! bad input's error message, pinned with insta snapshots.

#[path = "common/source.rs"]
mod source;

use std::path::{Path, PathBuf};

use safeguarding_rules::{Case, RuleSet};

fn json_files(dir: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no fixtures in {dir}");
    files
}

fn stem(path: &Path) -> String {
    path.file_stem().unwrap().to_string_lossy().into_owned()
}

/// The example rule folders: `examples/rules/<name>/` holding `<name>.json` and `cases/`.
fn example_rule_folders() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("examples/rules")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// The rule file of an example rule folder: `examples/rules/<name>/<name>.json`.
fn folder_rules(dir: &Path) -> RuleSet {
    let name = dir.file_name().unwrap().to_string_lossy().into_owned();
    let text = std::fs::read_to_string(dir.join(format!("{name}.json"))).unwrap();
    RuleSet::from_json(&text).unwrap()
}

/// The rule set a case names: an embedded pack, or one of the example rule files.
fn rules_for(case: &Case) -> RuleSet {
    let id = case.rule_set.as_deref().unwrap_or("care-act-2014-s44");
    if let Some(rules) = RuleSet::embedded(id) {
        return rules;
    }
    for dir in example_rule_folders() {
        let rules = folder_rules(&dir);
        if rules.id() == id {
            return rules;
        }
    }
    for path in json_files("examples/rules") {
        let text = std::fs::read_to_string(&path).unwrap();
        if let Ok(rules) = RuleSet::from_json(&text)
            && rules.id() == id
        {
            return rules;
        }
    }
    panic!("no rule set `{id}`")
}

#[test]
fn example_case_determinations() {
    let mut files = json_files("examples/cases");
    files.extend(json_files("examples/cases/hillingdon"));
    files.extend(json_files("examples/cases/think-family/packs"));
    files.extend(
        json_files("examples/rules")
            .into_iter()
            .filter(|p| stem(p).ends_with("-case")),
    );
    for path in files {
        let text = std::fs::read_to_string(&path).unwrap();
        let case = Case::from_json(&text).unwrap();
        let det = rules_for(&case).bind(&case).unwrap().evaluate();
        let name = stem(&path);
        insta::assert_snapshot!(format!("{name}.json"), det.to_json());
        insta::assert_snapshot!(format!("{name}.txt"), det.to_text());
    }
}

/// The cases of each example rule folder: a determination for each, but a case error for
/// `contradiction-*.json`, its message pinned too.
#[test]
fn example_rule_folder_cases() {
    let folders = example_rule_folders();
    assert!(!folders.is_empty(), "no example rule folders");
    for dir in folders {
        let rules = folder_rules(&dir);
        let cases = json_files(&dir.join("cases").to_string_lossy());
        for path in cases {
            let text = std::fs::read_to_string(&path).unwrap();
            let name = stem(&path);
            if name.starts_with("contradiction-") {
                let err = rules
                    .evaluate_json(&text)
                    .expect_err(&format!("{} should be refused", path.display()));
                let codes: Vec<&str> = err.problems().iter().map(|p| p.code).collect();
                assert_eq!(codes, ["contradiction"], "{}", path.display());
                insta::assert_snapshot!(format!("{name}.error"), err.to_string());
            } else {
                let det = rules.evaluate_json(&text).unwrap();
                insta::assert_snapshot!(format!("{name}.json"), det.to_json());
                insta::assert_snapshot!(format!("{name}.txt"), det.to_text());
            }
        }
    }
}

/// Bad cases for an example rule folder's rule set: `tests/bad/cases/<name>/` against
/// `examples/rules/<name>/<name>.json`. Each is refused with every problem positioned at
/// the fact (or its answer object's `value`) that is wrong.
#[test]
fn bad_case_messages_for_example_rule_folders() {
    let mut seen = 0;
    for dir in example_rule_folders() {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let bad = Path::new("tests/bad/cases").join(&name);
        if !bad.is_dir() {
            continue;
        }
        let rules = folder_rules(&dir);
        for path in json_files(&bad.to_string_lossy()) {
            let text = std::fs::read_to_string(&path).unwrap();
            let err = rules
                .evaluate_json(&text)
                .expect_err(&format!("{} should be rejected", path.display()));
            assert!(!err.problems().is_empty(), "{}", path.display());
            for problem in err.problems() {
                assert!(
                    problem.pointer.starts_with("/facts/"),
                    "{}: {problem:?}",
                    path.display()
                );
            }
            insta::assert_snapshot!(format!("bad-case-{name}-{}", stem(&path)), err.to_string());
            seen += 1;
        }
    }
    assert!(seen >= 10, "only {seen} bad cases for example rule folders");
}

#[test]
fn bad_case_messages() {
    let rules = RuleSet::embedded("care-act-2014-s44").unwrap();
    for path in json_files("tests/bad/cases") {
        let text = std::fs::read_to_string(&path).unwrap();
        let err = rules
            .evaluate_json(&text)
            .expect_err(&format!("{} should be rejected", path.display()));
        insta::assert_snapshot!(format!("bad-case-{}", stem(&path)), err.to_string());
    }
}

#[test]
fn bad_rule_file_messages() {
    for path in json_files("tests/bad/rules") {
        let text = std::fs::read_to_string(&path).unwrap();
        let err =
            RuleSet::from_json(&text).expect_err(&format!("{} should be rejected", path.display()));
        insta::assert_snapshot!(format!("bad-rules-{}", stem(&path)), err.to_string());
    }
}

/// Each directory under `tests/bad/book/` is a rule book (its rule files, loaded
/// together) and, optionally, a `case.json` evaluated against it.
#[test]
fn bad_rule_book_messages() {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("tests/bad/book")
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for dir in dirs {
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        insta::assert_snapshot!(format!("bad-book-{name}"), book_error(&dir).to_string());
    }
}

fn book_error(dir: &Path) -> Box<dyn std::error::Error> {
    let mut files = Vec::new();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    for path in paths.iter().filter(|p| !p.ends_with("case.json")) {
        let origin = path.file_name().unwrap().to_string_lossy().into_owned();
        files.push((origin, std::fs::read_to_string(path).unwrap()));
    }
    let mut book = safeguarding_rules::RuleBook::embedded();
    if let Err(e) = book.add_json_files(&files) {
        return Box::new(e);
    }
    let case = std::fs::read_to_string(dir.join("case.json"))
        .expect("a book that loads needs a case.json");
    let case = Case::from_json(&case).unwrap();
    Box::new(
        book.evaluate(&case)
            .expect_err(&format!("{} should be rejected", dir.display())),
    )
}

/// The variants of an error enum, read from its source, so that a new variant without a
/// fixture fails this test.
/// The variants of `pub enum enum_name`, read from whichever file under `src/` (walked
/// recursively) declares it, with that file's path.
fn variants(enum_name: &str) -> (PathBuf, Vec<String>) {
    let head = format!("pub enum {enum_name} {{");
    let (file, text) = source::source_files()
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap();
            (p, text)
        })
        .find(|(_, text)| text.contains(&head))
        .unwrap_or_else(|| panic!("no file under src/ declares `{head}`"));
    let start = text.find(&head).unwrap();
    let body = &text[start..];
    let body = &body[..body.find("\n}").unwrap()];
    let found = body
        .lines()
        .filter(|l| {
            l.starts_with("    ")
                && !l.starts_with("     ")
                && !l.trim_start().starts_with("//")
                && !l.trim_start().starts_with('#')
        })
        .filter_map(|l| {
            let word: String = l
                .trim()
                .chars()
                .take_while(|c| c.is_alphanumeric())
                .collect();
            (!word.is_empty() && word.chars().next().unwrap().is_uppercase()).then_some(word)
        })
        .collect();
    (file, found)
}

fn variant_name(debug: &str) -> String {
    debug.chars().take_while(|c| c.is_alphanumeric()).collect()
}

#[test]
fn every_error_variant_has_a_fixture() {
    let rules = RuleSet::embedded("care-act-2014-s44").unwrap();
    let mut seen = std::collections::BTreeSet::new();
    for path in json_files("tests/bad/rules") {
        let err = RuleSet::from_json(&std::fs::read_to_string(&path).unwrap()).unwrap_err();
        seen.insert(format!("LoadError::{}", variant_name(&format!("{err:?}"))));
    }
    for path in json_files("tests/bad/cases") {
        let err = rules
            .evaluate_json(&std::fs::read_to_string(&path).unwrap())
            .unwrap_err();
        seen.insert(format!("CaseError::{}", variant_name(&format!("{err:?}"))));
    }
    // The size limits are fixtures made here rather than multi-megabyte files.
    let big = format!(
        "{{\"id\": \"{}\"}}",
        "x".repeat(safeguarding_rules::Limits::MAX_RULE_FILE_BYTES)
    );
    let err = RuleSet::from_json(&big).unwrap_err();
    insta::assert_snapshot!("bad-rules-too-large", err.to_string());
    seen.insert(format!("LoadError::{}", variant_name(&format!("{err:?}"))));
    let big = format!(
        "{{\"facts\": {{}}, \"reference\": \"{}\"}}",
        "x".repeat(safeguarding_rules::Limits::MAX_CASE_BYTES)
    );
    let err = rules.evaluate_json(&big).unwrap_err();
    insta::assert_snapshot!("bad-case-too-large", err.to_string());
    seen.insert(format!("CaseError::{}", variant_name(&format!("{err:?}"))));
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("tests/bad/book")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    for dir in dirs {
        let debug = format!("{:?}", book_error(&dir));
        // An evaluation error wraps a book or case error: count the inner variant.
        let inner = debug
            .trim_start_matches("Book(")
            .trim_start_matches("Case(");
        let enum_name = if debug.starts_with("Case(") {
            "CaseError"
        } else {
            "BookError"
        };
        seen.insert(format!("{enum_name}::{}", variant_name(inner)));
    }
    let mut missing = Vec::new();
    for (name, least) in [("LoadError", 4), ("CaseError", 3), ("BookError", 5)] {
        let (file, found) = variants(name);
        assert!(
            found.len() >= least,
            "{name}: read only {found:?} from {}",
            file.display()
        );
        for v in found {
            let key = format!("{name}::{v}");
            if !seen.contains(&key) {
                missing.push(key);
            }
        }
    }
    assert!(
        missing.is_empty(),
        "error variants without a fixture: {missing:?} (seen {seen:?})"
    );
}
