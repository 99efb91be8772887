//! The README's table of problem codes lists exactly the codes the library and the
//! bindings give: a new kind of problem cannot ship without its entry.

use std::collections::BTreeSet;
use std::path::Path;

fn sources(dir: &Path, out: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() {
            if !["target", "node_modules", "tests", ".venv"].contains(&name.as_str()) {
                sources(&path, out);
            }
        } else if name.ends_with(".rs") {
            out.push(std::fs::read_to_string(&path).unwrap());
        }
    }
}

/// The codes outside `Problem::new`: the JSON layer's and the bindings' own problems.
const LAYER_CODES: [&str; 8] = [
    "not_json",
    "over_limit",
    "invalid_utf8",
    "invalid_options",
    "too_deep",
    "too_large",
    "invalid_value",
    "invalid_argument",
];

/// Every code given as `Problem::new("code", …)` in the library, and every layer code that
/// the library's or a binding's source spells.
fn codes_in_code() -> BTreeSet<String> {
    let mut library = Vec::new();
    sources(Path::new("src"), &mut library);
    let mut everything = library.clone();
    sources(Path::new("bindings"), &mut everything);
    let mut codes = BTreeSet::new();
    for text in &library {
        for (i, _) in text.match_indices("Problem::new(") {
            let rest = text[i + "Problem::new(".len()..].trim_start();
            if let Some(rest) = rest.strip_prefix('"') {
                let code: String = rest.chars().take_while(|c| *c != '"').collect();
                codes.insert(code);
            }
        }
    }
    for code in LAYER_CODES {
        let quoted = format!("\"{code}\"");
        if everything.iter().any(|t| t.contains(&quoted)) {
            codes.insert(code.to_string());
        }
    }
    codes
}

fn codes_in_readme() -> BTreeSet<String> {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let table = readme
        .split("| problem code | what is wrong |")
        .nth(1)
        .expect("the README's table of problem codes");
    let mut codes = BTreeSet::new();
    for line in table.lines().skip(1).take_while(|l| l.starts_with('|')) {
        let first = line.split('|').nth(1).unwrap_or("");
        for part in first.split('`').skip(1).step_by(2) {
            codes.insert(part.to_string());
        }
    }
    codes
}

#[test]
fn every_problem_code_is_in_the_readme_and_every_listed_code_is_given() {
    let given = codes_in_code();
    let listed = codes_in_readme();
    let missing: Vec<&String> = given.difference(&listed).collect();
    assert!(
        missing.is_empty(),
        "codes given but not in the README's table: {missing:?}"
    );
    let unused: Vec<&String> = listed.difference(&given).collect();
    assert!(
        unused.is_empty(),
        "codes in the README's table that nothing gives: {unused:?}"
    );
    assert!(listed.len() >= 40, "{listed:?}");
}

/// A date fact given text that is no date is `invalid_date`, as a bad `as_of` is; a value
/// of another JSON type is `wrong_type`.
#[test]
fn a_date_that_does_not_exist_is_invalid_date() {
    use safeguarding_rules::{Case, CaseError, RuleSet};
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text =
        std::fs::read_to_string(root.join("examples/rules/riverside-act/riverside-act.json"))
            .unwrap();
    let rules = RuleSet::from_json(&text).unwrap();
    for (value, code) in [
        (r#""2023-02-30""#, "invalid_date"),
        ("20230230", "wrong_type"),
    ] {
        let case = format!(r#"{{"facts": {{"harmed_on": {value}}}}}"#);
        let problems = match Case::from_json(&case).and_then(|c| rules.bind(&c).map(|_| ())) {
            Err(CaseError::Invalid(p)) => p,
            other => panic!("expected an invalid case for {value}, got {other:?}"),
        };
        let codes: Vec<(&str, &str)> = problems
            .iter()
            .map(|p| (p.pointer.as_str(), p.code))
            .collect();
        assert_eq!(codes, [("/facts/harmed_on", code)], "{value}");
    }
}
