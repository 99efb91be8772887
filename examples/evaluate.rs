//! Evaluates a case and prints the determination.
//!
//! ```text
//! cargo run --example evaluate -- [--format json|text|markdown] [--rules FILE]
//!                                 [--rules-dir DIR] [--as-of DATE] [--counterfactuals]
//!                                 [--record] CASE.json
//! ```
//!
//! Exit codes: 0 success, 2 bad input or usage (one line on stderr).

mod common;

use std::process::ExitCode;

use safeguarding_rules::Case;

const USAGE: &str = "usage: evaluate [--format json|text|markdown] [--rules FILE] [--rules-dir DIR] [--as-of DATE] [--counterfactuals] [--record] CASE.json";

fn main() -> ExitCode {
    match run() {
        Ok(output) => {
            print!("{output}");
            ExitCode::SUCCESS
        }
        Err(message) => common::fail(message),
    }
}

fn run() -> Result<String, String> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    if common::take_flag(&mut args, "--help") || common::take_flag(&mut args, "-h") {
        return Ok(format!("{USAGE}\n"));
    }
    let format = common::value_of(&mut args, "--format")?.unwrap_or_else(|| "text".to_string());
    let rules_file = common::value_of(&mut args, "--rules")?;
    let rules_dir = common::value_of(&mut args, "--rules-dir")?;
    let as_of = common::value_of(&mut args, "--as-of")?;
    let counterfactuals = common::take_flag(&mut args, "--counterfactuals");
    let record = common::take_flag(&mut args, "--record");
    if let Some(flag) = args.iter().find(|a| a.starts_with('-')) {
        return Err(format!("unknown option `{flag}`; {USAGE}"));
    }
    let [case_path] = args.as_slice() else {
        return Err(USAGE.to_string());
    };
    if !["json", "text", "markdown"].contains(&format.as_str()) {
        return Err(format!(
            "`--format` expects `json`, `text` or `markdown`, found `{format}`"
        ));
    }

    let text = common::read(case_path)?;
    let mut case = Case::from_json(&text).map_err(|e| common::case_error(case_path, e))?;
    // The case as given, for a record; `--as-of` is part of how it was decided.
    let mut given: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
    if let Some(date) = as_of {
        if let Some(object) = given.as_object_mut() {
            object.insert("as_of".to_string(), date.clone().into());
        }
        case.as_of = Some(date);
    }
    let rules = match rules_file {
        Some(path) => {
            // `--rules` overrides the rule set the case names.
            case.rule_set = None;
            common::load_rules_file(&path, &common::rule_book(rules_dir.as_deref())?)?
        }
        None => {
            let book = common::rule_book(rules_dir.as_deref())?;
            book.select_for(&case)
                .map_err(|e| format!("{case_path}: {e}"))?
                .clone()
        }
    };
    let options = safeguarding_rules::Options::default().with_counterfactuals(counterfactuals);
    if record {
        let record = safeguarding_rules::Record::evaluate(&rules, given, options)
            .map_err(|e| format!("{case_path}: {e}"))?;
        return Ok(format!("{}\n", record.to_json_line()));
    }
    let facts = rules.bind(&case).map_err(|e| format!("{case_path}: {e}"))?;
    let determination = facts.evaluate_with(options);
    Ok(match format.as_str() {
        "json" => format!("{}\n", determination.to_json()),
        "markdown" => determination.to_markdown(),
        _ => determination.to_text(),
    })
}
