//! Prints a JSON Schema.
//!
//! ```text
//! cargo run --example schema -- rules|determination|record|scenario|suite|report
//! cargo run --example schema -- case [--rules FILE | --rules-dir DIR [--rule-set ID]]
//! cargo run --example schema -- case --procedure ID|FILE [--rules-dir DIR]
//! ```
//!
//! `case` prints the schema of a case for one rule set (the default pack unless `--rules`
//! or `--rule-set` says otherwise), listing its fact ids, types and values.
//! Exit codes: 0 success, 2 bad input or usage (one line on stderr).

mod common;

use std::process::ExitCode;

/// Prints a JSON Schema: of rule files, determinations, records, scenario files, a
/// scenario directory's `suite.json`, reports, or a rule set's cases.
#[derive(clap::Parser)]
#[command(name = "schema", version)]
struct Args {
    /// Which schema: rules, determination, record, scenario, suite, procedure, assessment,
    /// assessment-record, report or case.
    #[arg(
        value_name = "rules|determination|record|scenario|suite|procedure|assessment|assessment-record|report|case"
    )]
    which: String,
    /// For `case`: a rule file whose cases to describe.
    #[arg(long, value_name = "FILE")]
    rules: Option<String>,
    /// A directory of rule files added to the embedded packs.
    #[arg(long, value_name = "DIR")]
    rules_dir: Option<String>,
    /// For `case`: the id of the rule set whose cases to describe.
    #[arg(long, value_name = "ID")]
    rule_set: Option<String>,
    /// For `case`: a procedure, by id or file, whose cases to describe.
    #[arg(long, value_name = "ID|FILE")]
    procedure: Option<String>,
}

fn main() -> ExitCode {
    let args = match common::parse_args::<Args>() {
        Ok(args) => args,
        Err(code) => return code,
    };
    match run(args) {
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

fn run(args: Args) -> Result<serde_json::Value, String> {
    let Args {
        which,
        rules: rules_file,
        rules_dir,
        rule_set,
        procedure,
    } = args;
    if which != "case" && (rules_file.is_some() || rule_set.is_some() || procedure.is_some()) {
        return Err(
            "`--rules`, `--rule-set` and `--procedure` apply to `schema case` only; see --help"
                .to_string(),
        );
    }
    match which.as_str() {
        "rules" => Ok(safeguarding_rules::rules_schema()),
        "determination" => Ok(safeguarding_rules::determination_schema()),
        "record" => Ok(safeguarding_rules::record_schema()),
        "scenario" => Ok(safeguarding_rules::scenario_schema()),
        "suite" => Ok(safeguarding_rules::suite_schema()),
        "procedure" => Ok(safeguarding_rules::procedure_schema()),
        "assessment" => Ok(safeguarding_rules::assessment_schema()),
        "assessment-record" => Ok(safeguarding_rules::assessment_record_schema()),
        "case" if procedure.is_some() => {
            let book = common::rule_book(rules_dir.as_deref())?;
            let procedure = common::find_procedure(
                &book,
                procedure.as_deref(),
                &safeguarding_rules::Case::default(),
            )?;
            Ok(procedure.case_schema())
        }
        "report" => Ok(safeguarding_rules::report_schema()),
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
        other => Err(format!("unknown schema `{other}`; see --help")),
    }
}
