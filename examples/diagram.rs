//! Draws a rule set's structure, for a board reviewing its pack: its outcomes in order,
//! the rules and facts each rests on, each with its citations, and each imported rule set
//! as a cluster.
//!
//! ```text
//! cargo run --example diagram -- [--rules FILE | --rule-set ID | --procedure ID|FILE]
//!                                [--rules-dir DIR] [--format dot|mermaid|svg]
//! ```
//!
//! The embedded s44 pack by default; a procedure is drawn a cluster a decision. `dot` (the default) is for Graphviz (`| dot -Tsvg`),
//! `mermaid` for Markdown viewers, `svg` the library's own outline. Exit codes: 0
//! success, 2 bad input or usage (one line on stderr).

mod common;

use std::process::ExitCode;

/// Draws a rule set's structure: outcomes, rules and facts, with citations.
#[derive(clap::Parser)]
#[command(name = "diagram", version)]
struct Args {
    /// Output format: dot, mermaid or svg.
    #[arg(long, value_name = "FORMAT", default_value = "dot")]
    format: String,
    /// A rule file to draw (its imports resolved through the rule book).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["rule_set", "procedure"])]
    rules: Option<String>,
    /// The id of a rule set in the rule book (embedded, or from `--rules-dir`).
    #[arg(long, value_name = "ID", conflicts_with = "procedure")]
    rule_set: Option<String>,
    /// A procedure to draw: its id in the rule book, or a procedure file.
    #[arg(long, value_name = "ID|FILE")]
    procedure: Option<String>,
    /// A directory of rule files added to the embedded packs.
    #[arg(long, value_name = "DIR")]
    rules_dir: Option<String>,
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
    const FORMATS: [&str; 3] = ["dot", "mermaid", "svg"];
    if !FORMATS.contains(&args.format.as_str()) {
        return Err(format!(
            "`--format` expects one of `{}`, found `{}`",
            FORMATS.join("`, `"),
            args.format
        ));
    }
    let book = common::rule_book(args.rules_dir.as_deref())?;
    if let Some(named) = args.procedure.as_deref() {
        let case = safeguarding_rules::Case::default();
        let procedure = common::find_procedure(&book, Some(named), &case)?;
        return Ok(match args.format.as_str() {
            "mermaid" => procedure.to_mermaid(),
            "svg" => procedure.to_svg(),
            _ => procedure.to_dot(),
        });
    }
    let rules = match &args.rules {
        Some(path) => common::load_rules_file(path, &book)?,
        None => common::find(&book, args.rule_set.as_deref())?,
    };
    Ok(match args.format.as_str() {
        "mermaid" => rules.to_mermaid(),
        "svg" => rules.to_svg(),
        _ => rules.to_dot(),
    })
}
