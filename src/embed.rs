//! The JSON surface every binding wraps: JSON text in, JSON text out, errors as JSON.
//!
//! C, C#, Python and Node call the engine through [`JsonEngine`] and nothing else, so that
//! every language gets the same bytes. Nothing here is `unsafe` and nothing panics: a
//! binding adds only what its boundary needs (pointers, UTF-8, its host's objects).

use serde::Serialize;
use serde_json::Value;

use crate::audit::assessment_record::AssessmentRecord;
use crate::audit::record::Record;
use crate::audit::replay::{Verdict, replay};
use crate::book::rule_book::{EvaluateError, RuleBook};
use crate::case::document::Case;
use crate::determination::assessment::Decided;
use crate::determination::document::{Determination, Options};
use crate::render::assessment_reasons::AssessmentReasons;

mod error;
pub use error::{EmbedError, EmbedProblem, ErrorCode};

/// The version of the embedding surface: bumped when a binding's calls or documents change
/// incompatibly (the C header's `sgr_abi_version`).
pub const ABI_VERSION: u32 = 1;

/// The renderings [`JsonEngine::render`] accepts: the JSON contract, text, and the
/// pictures of the reasoning (Markdown and HTML records of reasons, the decision path in
/// DOT and Mermaid).
pub const RENDER_FORMATS: &[&str] = &["json", "text", "markdown", "dot", "mermaid", "html"];

/// The generic schemas [`JsonEngine::schema`] accepts.
pub const SCHEMAS: &[&str] = &[
    "rules",
    "determination",
    "record",
    "case",
    "procedure",
    "assessment",
    "report",
];

/// How to evaluate a case: the JSON `options` every embedding call takes.
///
/// ```
/// use safeguarding_rules::EmbedOptions;
/// let o = EmbedOptions::from_json(Some(r#"{"as_of": "2024-03-01", "counterfactuals": true}"#)).unwrap();
/// assert_eq!(o.as_of.as_deref(), Some("2024-03-01"));
/// assert!(EmbedOptions::from_json(Some(r#"{"asof": "2024-03-01"}"#)).is_err());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EmbedOptions {
    /// The date the case is decided as of, overriding the case's own `as_of`.
    pub as_of: Option<String>,
    /// List what would change a settled outcome.
    pub counterfactuals: bool,
}

impl EmbedOptions {
    /// Reads options from JSON text; `None` (or `null`) is the defaults.
    pub fn from_json(text: Option<&str>) -> Result<EmbedOptions, EmbedError> {
        let Some(text) = text else {
            return Ok(EmbedOptions::default());
        };
        let value = crate::wire::json::parse_strict(text).map_err(|e| {
            EmbedError::usage(format!(
                "options: line {}, column {}: {}",
                e.line, e.column, e.message
            ))
        })?;
        let object = match value {
            Value::Null => return Ok(EmbedOptions::default()),
            Value::Object(object) => object,
            other => {
                let found = crate::wire::json::type_name(&other);
                return Err(bad_option("", format!("expected an object, found {found}")));
            }
        };
        let mut options = EmbedOptions::default();
        for (key, value) in object {
            match (key.as_str(), value) {
                ("as_of", Value::String(date)) => options.as_of = Some(date),
                ("as_of", Value::Null) => {}
                ("counterfactuals", Value::Bool(yes)) => options.counterfactuals = yes,
                ("as_of", other) => {
                    let found = crate::wire::json::type_name(&other);
                    let message = format!("expected a date `YYYY-MM-DD` or null, found {found}");
                    return Err(bad_option("/as_of", message));
                }
                ("counterfactuals", other) => {
                    let found = crate::wire::json::type_name(&other);
                    let message = format!("expected a boolean, found {found}");
                    return Err(bad_option("/counterfactuals", message));
                }
                (key, _) => {
                    let pointer = format!("/{}", crate::wire::json::escape_token(key));
                    let message =
                        format!("unknown option `{key}`: expected `as_of` or `counterfactuals`");
                    return Err(bad_option(&pointer, message));
                }
            }
        }
        Ok(options)
    }
}

fn bad_option(pointer: &str, message: String) -> EmbedError {
    let message = crate::wire::problem::tidy(&message);
    EmbedError {
        code: ErrorCode::UsageError,
        message: if pointer.is_empty() {
            format!("options: {message}")
        } else {
            format!("options: {pointer}: {message}")
        },
        problems: vec![EmbedProblem {
            pointer: pointer.to_string(),
            code: "invalid_options".to_string(),
            message,
        }],
    }
}

/// The engine as the bindings see it: a rule book (the embedded packs plus rule files given
/// as text), JSON in and JSON out. Build it once and share it between threads: it is
/// immutable, `Send` and `Sync`.
///
/// ```
/// use safeguarding_rules::JsonEngine;
/// let engine = JsonEngine::embedded();
/// let out = engine.evaluate(r#"{"facts": {"in_board_area": false}}"#, None).unwrap();
/// let det: serde_json::Value = serde_json::from_str(&out).unwrap();
/// assert_eq!(det["outcome"], "outside_section_44");
/// ```
#[derive(Debug, Clone)]
pub struct JsonEngine {
    book: RuleBook,
}

impl Default for JsonEngine {
    fn default() -> JsonEngine {
        JsonEngine::embedded()
    }
}

impl JsonEngine {
    /// The embedded packs only.
    pub fn embedded() -> JsonEngine {
        JsonEngine {
            book: RuleBook::embedded(),
        }
    }

    /// The embedded packs plus these rule files' texts, which may import each other in any
    /// order. Errors name a file by its index: `rule_files[1]`.
    pub fn with_rule_files<S: AsRef<str>>(files: &[S]) -> Result<JsonEngine, EmbedError> {
        let mut book = RuleBook::embedded();
        let files: Vec<(String, String)> = files
            .iter()
            .enumerate()
            .map(|(i, text)| (format!("rule_files[{i}]"), text.as_ref().to_string()))
            .collect();
        book.add_json_files(&files)?;
        Ok(JsonEngine { book })
    }

    /// The engine from the C form: `None` or JSON `null` for the embedded packs only, else a
    /// JSON array of rule file texts.
    pub fn from_rule_files_json(text: Option<&str>) -> Result<JsonEngine, EmbedError> {
        let Some(text) = text else {
            return Ok(JsonEngine::embedded());
        };
        let shape = || {
            EmbedError::new(
                ErrorCode::LoadError,
                "rule files: expected `null` or a JSON array of rule file texts",
            )
        };
        let value = crate::wire::json::parse_strict(text).map_err(|e| {
            EmbedError::new(
                ErrorCode::LoadError,
                format!(
                    "rule files: line {}, column {}: {}",
                    e.line, e.column, e.message
                ),
            )
        })?;
        match value {
            Value::Null => Ok(JsonEngine::embedded()),
            Value::Array(items) => {
                let mut texts = Vec::with_capacity(items.len());
                for (i, item) in items.into_iter().enumerate() {
                    match item {
                        Value::String(s) => texts.push(s),
                        other => {
                            return Err(EmbedError::new(
                                ErrorCode::LoadError,
                                format!(
                                    "rule files: /{i}: expected a rule file's text as a string, found {}",
                                    crate::wire::json::type_name(&other)
                                ),
                            ));
                        }
                    }
                }
                JsonEngine::with_rule_files(&texts)
            }
            _ => Err(shape()),
        }
    }

    /// The rule book behind the engine.
    pub fn book(&self) -> &RuleBook {
        &self.book
    }

    /// Reads a case from JSON text and applies the options' `as_of`.
    pub fn case_from_json(text: &str, options: &EmbedOptions) -> Result<Case, EmbedError> {
        let mut case = Case::from_json(text)?;
        if let Some(date) = &options.as_of {
            case.as_of = Some(date.clone());
        }
        Ok(case)
    }

    /// Evaluates a case already read, with the options: the determination as a value, for
    /// bindings that build their host's objects straight from it.
    pub fn determine(
        &self,
        case: &Case,
        options: &EmbedOptions,
    ) -> Result<Determination, EmbedError> {
        let rules = self.book.select_for(case)?;
        let facts = rules.bind(case)?;
        Ok(facts.evaluate_with(Options::default().with_counterfactuals(options.counterfactuals)))
    }

    /// Evaluates a case already read: a determination, or an assessment for a case naming
    /// a procedure, as a value for bindings that build their host's objects from it.
    pub fn decide(&self, case: &Case, options: &EmbedOptions) -> Result<Decided, EmbedError> {
        if case.procedure.is_some() {
            return Ok(Decided::Assessment(Box::new(self.book.assess(case)?)));
        }
        Ok(Decided::Determination(Box::new(
            self.determine(case, options)?,
        )))
    }

    /// Evaluates a case (JSON text) with options (JSON text, or `None` for the defaults):
    /// the determination's JSON contract, pretty, exactly as `Determination::to_json`.
    pub fn evaluate(
        &self,
        case_json: &str,
        options_json: Option<&str>,
    ) -> Result<String, EmbedError> {
        let options = EmbedOptions::from_json(options_json)?;
        let case = JsonEngine::case_from_json(case_json, &options)?;
        if case.procedure.is_some() {
            return Ok(self.book.assess(&case)?.to_json());
        }
        Ok(self.determine(&case, &options)?.to_json())
    }

    /// Evaluates a case and renders it: `json`, `text`, `markdown`, `dot`, `mermaid` or
    /// `html`. Markdown and HTML are the record of reasons, carrying the case's reference,
    /// date and facts (see [`crate::RecordOfReasons`]).
    ///
    /// ```
    /// use safeguarding_rules::JsonEngine;
    /// let engine = JsonEngine::embedded();
    /// let html = engine.render(r#"{"reference": "2024-017", "facts": {}}"#, "html", None).unwrap();
    /// assert!(html.contains("2024-017") && !html.contains("<script"));
    /// ```
    pub fn render(
        &self,
        case_json: &str,
        format: &str,
        options_json: Option<&str>,
    ) -> Result<String, EmbedError> {
        if !RENDER_FORMATS.contains(&format) {
            return Err(EmbedError::usage(format!(
                "unknown format `{format}`: expected one of `{}`",
                RENDER_FORMATS.join("`, `")
            )));
        }
        let options = EmbedOptions::from_json(options_json)?;
        let case = JsonEngine::case_from_json(case_json, &options)?;
        if case.procedure.is_some() {
            let assessment = self.book.assess(&case)?;
            let procedure = self
                .book
                .procedure(case.procedure.as_deref().unwrap_or(""))?;
            let mut paper = AssessmentReasons::new(&assessment).with_case(&case);
            for name in procedure.decision_names() {
                if let Some(rules) = procedure.rule_set(name) {
                    paper = paper.with_rules(name, rules);
                }
            }
            return Ok(match format {
                "json" => assessment.to_json(),
                "markdown" => assessment.to_markdown(),
                "dot" => paper.to_dot(),
                "mermaid" => paper.to_mermaid(),
                "html" => paper.to_html(),
                _ => assessment.to_text(),
            });
        }
        let rules = self.book.select_for(&case)?;
        let determination = self.determine(&case, &options)?;
        let paper = crate::render::record::RecordOfReasons::new(&determination)
            .with_rules(rules)
            .with_case(&case);
        Ok(match format {
            "json" => determination.to_json(),
            "markdown" => paper.to_markdown(),
            "dot" => paper.to_dot(),
            "mermaid" => paper.to_mermaid(),
            "html" => paper.to_html(),
            _ => determination.to_text(),
        })
    }

    /// Evaluates a case and returns one audit record line (no trailing newline); the
    /// options' `as_of` is written into the recorded case, as `evaluate --as-of --record` does.
    pub fn record(
        &self,
        case_json: &str,
        options_json: Option<&str>,
    ) -> Result<String, EmbedError> {
        let options = EmbedOptions::from_json(options_json)?;
        // Read strictly first, for positioned errors; the record keeps the case as given.
        let case = JsonEngine::case_from_json(case_json, &options)?;
        let mut given: Value = serde_json::from_str(case_json)
            .map_err(|e| EmbedError::new(ErrorCode::CaseError, e.to_string()))?;
        if let (Some(date), Some(object)) = (&options.as_of, given.as_object_mut()) {
            object.insert("as_of".to_string(), Value::String(date.clone()));
        }
        if let Some(id) = &case.procedure {
            let procedure = self.book.procedure(id).map_err(EvaluateError::from)?;
            return Ok(AssessmentRecord::evaluate(procedure, given)?.to_json_line());
        }
        let evaluate = Options::default().with_counterfactuals(options.counterfactuals);
        Ok(Record::from_book(&self.book, given, evaluate)?.to_json_line())
    }

    /// Replays one record line: the report as a JSON object, `{"reference", "verdict",
    /// "differences": [{"at", "before", "after"}], "detail"}`. A line that is not a record
    /// is a report with the verdict `invalid`, not an error.
    pub fn replay(&self, record_line: &str) -> Result<String, EmbedError> {
        serde_json::to_string(&self.replay_report(record_line))
            .map_err(|e| EmbedError::new(ErrorCode::InternalError, e.to_string()))
    }

    /// Replays one record line: the report as a value.
    pub fn replay_report(&self, record_line: &str) -> ReplayReport {
        let replayed = replay(&self.book, record_line);
        let differences = match &replayed.verdict {
            Verdict::Differs(diffs) => diffs
                .iter()
                .map(|d| ReplayDifference {
                    at: d.at.clone(),
                    before: d.before.clone(),
                    after: d.after.clone(),
                })
                .collect(),
            _ => Vec::new(),
        };
        ReplayReport {
            reference: replayed.reference,
            verdict: replayed.verdict.name().to_string(),
            differences,
            detail: replayed.verdict.to_string(),
        }
    }

    /// The report of records (JSON Lines text, blank lines skipped) for a period, as the
    /// `report` example's JSON: options `{"from": DATE, "to": DATE}`, `{"year": YYYY}` (the
    /// financial year) or `null` (every dated record). Records that are invalid or not
    /// matched are counted and left out, not errors.
    ///
    /// ```
    /// use safeguarding_rules::JsonEngine;
    /// let engine = JsonEngine::embedded();
    /// let line = engine.record(r#"{"reference": "r1", "as_of": "2024-05-01", "facts": {}}"#, None).unwrap();
    /// let out = engine.report(&format!("{line}\nnot a record\n"), Some(r#"{"year": 2024}"#)).unwrap();
    /// let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    /// assert_eq!(report["records"]["invalid"], 1);
    /// ```
    pub fn report(&self, records: &str, options: Option<&str>) -> Result<String, EmbedError> {
        let options = crate::wire::json::parse_strict(options.unwrap_or("null")).map_err(|e| {
            EmbedError::usage(format!(
                "options: line {}, column {}: {}",
                e.line, e.column, e.message
            ))
        })?;
        crate::audit::tally::report_jsonl(&self.book, records, &options)
            .map(|report| report.to_json())
            .map_err(|(pointer, message)| bad_option(&pointer, message))
    }

    /// The JSON Schema of a case for a procedure, or for the newest version of a rule set.
    pub fn case_schema(&self, rule_set: &str) -> Result<String, EmbedError> {
        if let Ok(procedure) = self.book.procedure(rule_set) {
            return Ok(pretty(&procedure.case_schema()));
        }
        let rules = self.book.select(Some(rule_set), None)?;
        Ok(pretty(&rules.case_schema()))
    }

    /// A generic JSON Schema: `rules`, `determination`, `record` or `case`.
    pub fn schema(which: &str) -> Result<String, EmbedError> {
        let schema = match which {
            "rules" => crate::schema::rules_schema(),
            "determination" => crate::schema::determination_schema(),
            "record" => crate::schema::record_schema(),
            "case" => crate::schema::case_schema(),
            "procedure" => crate::schema::procedure_schema(),
            "assessment" => crate::schema::assessment_schema(),
            "report" => crate::schema::report_schema(),
            _ => {
                return Err(EmbedError::usage(format!(
                    "unknown schema `{which}`: expected one of `{}`",
                    SCHEMAS.join("`, `")
                )));
            }
        };
        Ok(pretty(&schema))
    }
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default()
}

/// What replaying one record found, as [`JsonEngine::replay`] returns it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReplayReport {
    /// The case's `reference`, when the record gave one.
    pub reference: Option<String>,
    /// `matched`, `case_altered`, `rule_set_changed`, `rule_set_unknown`, `differs` or
    /// `invalid`.
    pub verdict: String,
    /// Where a `differs` verdict found the determinations apart, with both full values.
    pub differences: Vec<ReplayDifference>,
    /// The verdict and why, on one line, as `replay` prints it.
    pub detail: String,
}

/// One difference in a [`ReplayReport`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReplayDifference {
    /// A JSON pointer into the determination.
    pub at: String,
    /// The recorded value.
    pub before: Value,
    /// The replayed value.
    pub after: Value,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_engine_is_shared_between_threads() {
        fn shared<T: Send + Sync>() {}
        shared::<JsonEngine>();
    }
}
