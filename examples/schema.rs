//! Prints a JSON Schema.
//!
//! ```text
//! cargo run --example schema -- rules|determination|record
//! cargo run --example schema -- case [--rules FILE | --rules-dir DIR [--rule-set ID]]
//! ```
//!
//! `case` prints the schema of a case for one rule set (the default pack unless `--rules`
//! or `--rule-set` says otherwise), listing its fact ids, types and values.
//! Exit codes: 0 success, 2 bad input or usage (one line on stderr).

mod common;

use std::process::ExitCode;

const USAGE: &str = "usage: schema rules|determination|record | schema case [--rules FILE] [--rules-dir DIR] [--rule-set ID]";

fn main() -> ExitCode {
    match run() {
        Ok(schema) => {
            println!(
                "{}",
                serde_json::to_string_pretty(&schema).unwrap_or_default()
            );
            ExitCode::SUCCESS
        }
        Err(message) => common::fail(message),
    }
}

fn run() -> Result<serde_json::Value, String> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let rules_file = common::value_of(&mut args, "--rules")?;
    let rules_dir = common::value_of(&mut args, "--rules-dir")?;
    let rule_set = common::value_of(&mut args, "--rule-set")?;
    let [which] = args.as_slice() else {
        return Err(USAGE.to_string());
    };
    if which != "case" && (rules_file.is_some() || rule_set.is_some()) {
        return Err(format!(
            "`--rules` and `--rule-set` apply to `schema case` only; {USAGE}"
        ));
    }
    match which.as_str() {
        "rules" => Ok(safeguarding_rules::rules_schema()),
        "determination" => Ok(safeguarding_rules::determination_schema()),
        "record" => Ok(safeguarding_rules::record_schema()),
        "case" => {
            let rules = match rules_file {
                Some(path) => {
                    common::load_rules_file(&path, &common::rule_book(rules_dir.as_deref())?)?
                }
                None => common::find(
                    &common::rule_book(rules_dir.as_deref())?,
                    rule_set.as_deref(),
                )?,
            };
            Ok(rules.case_schema())
        }
        other => Err(format!("unknown schema `{other}`; {USAGE}")),
    }
}
