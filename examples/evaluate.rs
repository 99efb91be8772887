//! Evaluates a case and prints the determination.
//!
//! ```text
//! cargo run --example evaluate -- [--format json|text|markdown|dot|mermaid|html] [--rules FILE]
//!                                 [--rules-dir DIR] [--as-of DATE] [--counterfactuals]
//!                                 [--procedure ID|FILE] [--record] CASE.json
//! ```
//!
//! Exit codes: 0 success, 2 bad input or usage (one line on stderr).

mod common;

use std::process::ExitCode;

use safeguarding_rules::Case;

/// Evaluates a case and prints its determination.
#[derive(clap::Parser)]
#[command(name = "evaluate", version)]
struct Args {
    /// Output format: json, text, markdown, dot, mermaid or html.
    #[arg(long, value_name = "FORMAT", default_value = "text")]
    format: String,
    /// A rule file to evaluate against (overrides the rule set the case names).
    #[arg(long, value_name = "FILE")]
    rules: Option<String>,
    /// A procedure, by id or file, to evaluate the case against (every decision it makes).
    #[arg(long, value_name = "ID|FILE")]
    procedure: Option<String>,
    /// A directory of rule files added to the embedded packs.
    #[arg(long, value_name = "DIR")]
    rules_dir: Option<String>,
    /// Evaluate as of this date (YYYY-MM-DD).
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
    /// Also search for counterfactuals.
    #[arg(long)]
    counterfactuals: bool,
    /// Print an audit record rather than the determination.
    #[arg(long)]
    record: bool,
    /// The case file.
    #[arg(value_name = "CASE.json")]
    case: String,
}

fn main() -> ExitCode {
    let args = match common::parse_args::<Args>() {
        Ok(args) => args,
        Err(code) => return code,
    };
    match run(args) {
        Ok(output) => {
            print!("{output}");
            ExitCode::SUCCESS
        }
        Err(message) => common::fail(message),
    }
}

fn run(args: Args) -> Result<String, String> {
    let Args {
        format,
        rules: rules_file,
        rules_dir,
        procedure,
        as_of,
        counterfactuals,
        record,
        case: case_path,
    } = args;
    let case_path = &case_path;
    const FORMATS: [&str; 6] = ["json", "text", "markdown", "dot", "mermaid", "html"];
    if !FORMATS.contains(&format.as_str()) {
        return Err(format!(
            "`--format` expects one of `{}`, found `{format}`",
            FORMATS.join("`, `")
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
    if procedure.is_some() || (case.procedure.is_some() && rules_file.is_none()) {
        let book = common::rule_book(rules_dir.as_deref())?;
        let procedure = common::find_procedure(&book, procedure.as_deref(), &case)?;
        case.procedure = Some(procedure.id().to_string());
        case.rule_set = None;
        if record {
            let record = safeguarding_rules::AssessmentRecord::evaluate(&procedure, given)
                .map_err(|e| format!("{case_path}: {e}"))?;
            return Ok(format!("{}\n", record.to_json_line()));
        }
        let assessment = procedure
            .evaluate(&case)
            .map_err(|e| format!("{case_path}: {e}"))?;
        // One cluster (one section in HTML) a decision, each worded by its rule file.
        let mut paper = safeguarding_rules::AssessmentReasons::new(&assessment).with_case(&case);
        for name in procedure.decision_names() {
            if let Some(rules) = procedure.rule_set(name) {
                paper = paper.with_rules(name, rules);
            }
        }
        return Ok(match format.as_str() {
            "json" => format!("{}\n", assessment.to_json()),
            "markdown" => assessment.to_markdown(),
            "dot" => paper.to_dot(),
            "mermaid" => paper.to_mermaid(),
            "html" => paper.to_html(),
            _ => assessment.to_text(),
        });
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
    // The record of reasons carries the case's reference, date and facts, in the rule
    // file's words.
    let paper = safeguarding_rules::RecordOfReasons::new(&determination)
        .with_rules(&rules)
        .with_case(&case);
    Ok(match format.as_str() {
        "json" => format!("{}\n", determination.to_json()),
        "markdown" => paper.to_markdown(),
        "dot" => paper.to_dot(),
        "mermaid" => paper.to_mermaid(),
        "html" => paper.to_html(),
        _ => determination.to_text(),
    })
}
