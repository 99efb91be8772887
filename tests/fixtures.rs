//! Fixtures side by side: every example case's determination (JSON and text) and every
//! bad input's error message, pinned with insta snapshots.

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

/// The rule set a case names: an embedded pack, or one of the example rule files.
fn rules_for(case: &Case) -> RuleSet {
    let id = case.rule_set.as_deref().unwrap_or("care-act-2014-s44");
    if let Some(rules) = RuleSet::embedded(id) {
        return rules;
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
