//! The Node binding: `Engine` and `schema` over [`JsonEngine`], in JavaScript's idiom.
//!
//! Only the crate's safe JSON layer is wrapped. What this file adds is the boundary: JS
//! values read into `serde_json::Value` (with a depth limit checked before recursing),
//! Rust values written straight into JS objects (no JSON text in between), and errors
//! thrown as `Error` objects carrying `.code` and `.problems`.

#![allow(clippy::missing_safety_doc)]

mod convert;

use std::sync::Arc;
use std::time::Instant;

use napi::bindgen_prelude::{Env, ObjectFinalize, Status};
use napi::sys;
use napi_derive::napi;
use safeguarding_rules::{Case, EmbedError, EmbedOptions, EmbedProblem, ErrorCode, JsonEngine};
use serde_json::Value;

use convert::{JsArg, JsOut, Kind};

/// The most bytes of keys an options object may have.
const OPTIONS_BUDGET: usize = 64 * 1024;

/// Throws `error` as a JS `Error` with `.code` and `.problems`, and returns the napi error
/// that tells the caller an exception is pending.
fn throw(env: sys::napi_env, error: &EmbedError) -> napi::Error {
    unsafe { convert::throw_embed_error(env, error) };
    napi::Error::new(Status::PendingException, error.message.clone())
}

fn problem(code: ErrorCode, pointer: &str, kind: &str, message: String) -> EmbedError {
    let whole = if pointer.is_empty() {
        message.clone()
    } else {
        format!("{pointer}: {message}")
    };
    EmbedError {
        code,
        message: whole,
        problems: vec![EmbedProblem {
            pointer: pointer.to_string(),
            code: kind.to_string(),
            message,
        }],
    }
}

/// A string argument, or `None` when it is `undefined` or `null`.
fn optional_text(arg: &JsArg, name: &str, code: ErrorCode) -> Result<Option<String>, EmbedError> {
    match arg.kind() {
        Kind::Undefined | Kind::Null => Ok(None),
        Kind::String => Ok(Some(arg.string())),
        other => Err(problem(
            code,
            "",
            "invalid_argument",
            format!("`{name}`: expected a string, found {}", other.name()),
        )),
    }
}

fn required_text(arg: &JsArg, name: &str, code: ErrorCode) -> Result<String, EmbedError> {
    optional_text(arg, name, code)?.ok_or_else(|| {
        problem(
            code,
            "",
            "invalid_argument",
            format!("`{name}`: expected a string, found {}", arg.kind().name()),
        )
    })
}

/// `{asOf, counterfactuals}` (either may be absent; `undefined` and `null` are the defaults).
fn options_from_js(arg: &JsArg) -> Result<EmbedOptions, EmbedError> {
    let mut options = EmbedOptions::default();
    match arg.kind() {
        Kind::Undefined | Kind::Null => return Ok(options),
        Kind::Object => {}
        other => {
            return Err(problem(
                ErrorCode::UsageError,
                "",
                "invalid_options",
                format!("options: expected an object, found {}", other.name()),
            ));
        }
    }
    let mut budget = OPTIONS_BUDGET;
    for (key, value) in arg
        .entries(&mut budget)
        .map_err(|e| e.into_error(ErrorCode::UsageError))?
    {
        match (key.as_str(), value.kind()) {
            ("asOf", Kind::String) => options.as_of = Some(value.string()),
            ("asOf", Kind::Undefined | Kind::Null) => {}
            ("counterfactuals", Kind::Boolean) => options.counterfactuals = value.boolean(),
            ("counterfactuals", Kind::Undefined | Kind::Null) => {}
            ("asOf", other) => {
                return Err(problem(
                    ErrorCode::UsageError,
                    "/asOf",
                    "invalid_options",
                    format!(
                        "options: expected a date `YYYY-MM-DD` or null, found {}",
                        other.name()
                    ),
                ));
            }
            ("counterfactuals", other) => {
                return Err(problem(
                    ErrorCode::UsageError,
                    "/counterfactuals",
                    "invalid_options",
                    format!("options: expected a boolean, found {}", other.name()),
                ));
            }
            (key, _) => {
                return Err(problem(
                    ErrorCode::UsageError,
                    &format!("/{}", convert::escape_token(key)),
                    "invalid_options",
                    format!(
                        "options: unknown option `{key}`: expected `asOf` or `counterfactuals`"
                    ),
                ));
            }
        }
    }
    Ok(options)
}

/// A case given as JSON text or as a plain object, read with the options' `as_of`.
fn case_from_js(arg: &JsArg, options: &EmbedOptions) -> Result<Case, EmbedError> {
    if arg.kind() == Kind::String {
        return JsonEngine::case_from_json(&arg.string(), options);
    }
    let value = case_value(arg)?;
    let mut case = Case::from_value(value)?;
    if let Some(date) = &options.as_of {
        case.as_of = Some(date.clone());
    }
    Ok(case)
}

/// A case object as a JSON value (the depth limit applies).
fn case_value(arg: &JsArg) -> Result<Value, EmbedError> {
    arg.to_value()
        .map_err(|e| e.into_error(ErrorCode::CaseError))
}

/// A case given as JSON text or as a plain object, as JSON text.
fn case_text(arg: &JsArg) -> Result<String, EmbedError> {
    if arg.kind() == Kind::String {
        return Ok(arg.string());
    }
    let value = case_value(arg)?;
    serde_json::to_string(&value)
        .map_err(|e| EmbedError::new(ErrorCode::InternalError, e.to_string()))
}

fn options_json(options: &EmbedOptions) -> String {
    serde_json::json!({"as_of": options.as_of, "counterfactuals": options.counterfactuals})
        .to_string()
}

/// The report of records for the options given as an object or JSON text (issue 18).
fn report_text(engine: &JsonEngine, records: &JsArg, options: JsArg) -> Result<String, EmbedError> {
    let records = required_text(records, "records", ErrorCode::CaseError)?;
    let options = match options.kind() {
        Kind::Undefined | Kind::Null => None,
        Kind::String => Some(options.string()),
        _ => Some(
            options
                .to_value()
                .map_err(|e| e.into_error(ErrorCode::UsageError))?
                .to_string(),
        ),
    };
    engine.report(&records, options.as_deref())
}

fn parse_document(text: &str) -> Result<Value, EmbedError> {
    serde_json::from_str(text).map_err(|e| EmbedError::new(ErrorCode::InternalError, e.to_string()))
}

/// The rule engine: the embedded packs plus any rule files given as text. Immutable once
/// built; every call may be made again and again, in any order.
#[napi(custom_finalize)]
pub struct Engine {
    inner: Arc<JsonEngine>,
    /// The JS functions that build a determination's objects, made in this engine's thread.
    shapes: convert::Shapes,
}

impl ObjectFinalize for Engine {
    fn finalize(self, env: Env) -> napi::Result<()> {
        unsafe { self.shapes.release(env.raw()) };
        Ok(())
    }
}

#[napi]
impl Engine {
    /// `new Engine()` or `new Engine({ruleFiles: [text, …]})`.
    #[napi(constructor)]
    pub fn new(env: Env, options: JsArg) -> napi::Result<Self> {
        Engine::build(&options).map_err(|e| throw(env.raw(), &e))
    }

    fn build(options: &JsArg) -> Result<Engine, EmbedError> {
        let mut files = Vec::new();
        match options.kind() {
            Kind::Undefined | Kind::Null => {}
            Kind::Object => {
                let mut budget = OPTIONS_BUDGET;
                for (key, value) in options
                    .entries(&mut budget)
                    .map_err(|e| e.into_error(ErrorCode::UsageError))?
                {
                    match (key.as_str(), value.kind()) {
                        ("ruleFiles", Kind::Undefined | Kind::Null) => {}
                        ("ruleFiles", Kind::Array) => {
                            for (i, item) in value.elements().into_iter().enumerate() {
                                if item.kind() != Kind::String {
                                    return Err(EmbedError::new(
                                        ErrorCode::LoadError,
                                        format!(
                                            "rule files: /{i}: expected a rule file's text as a string, found {}",
                                            item.kind().name()
                                        ),
                                    ));
                                }
                                files.push(item.string());
                            }
                        }
                        ("ruleFiles", other) => {
                            return Err(EmbedError::new(
                                ErrorCode::LoadError,
                                format!(
                                    "rule files: expected an array of rule file texts, found {}",
                                    other.name()
                                ),
                            ));
                        }
                        (key, _) => {
                            return Err(problem(
                                ErrorCode::UsageError,
                                &format!("/{}", convert::escape_token(key)),
                                "invalid_options",
                                format!("options: unknown option `{key}`: expected `ruleFiles`"),
                            ));
                        }
                    }
                }
            }
            other => {
                return Err(problem(
                    ErrorCode::UsageError,
                    "",
                    "invalid_options",
                    format!("options: expected an object, found {}", other.name()),
                ));
            }
        }
        let inner = if files.is_empty() {
            JsonEngine::embedded()
        } else {
            JsonEngine::with_rule_files(&files)?
        };
        Ok(Engine {
            inner: Arc::new(inner),
            shapes: convert::Shapes::default(),
        })
    }

    /// Evaluates a case (a plain object or JSON text): the determination as a plain object,
    /// equal to `JSON.parse(evaluateJson(…))`.
    #[napi]
    pub fn evaluate(&self, env: Env, case: JsArg, options: JsArg) -> napi::Result<JsOut> {
        let determination = options_from_js(&options)
            .and_then(|options| {
                let case = case_from_js(&case, &options)?;
                self.inner.decide(&case, &options)
            })
            .map_err(|e| throw(env.raw(), &e))?;
        unsafe { convert::to_js_shaped(env.raw(), &determination, Some(&self.shapes)) }
    }

    /// Evaluates a case given as JSON text with options as JSON text (or `null`): exactly
    /// the bytes of the Rust library's JSON contract.
    #[napi(js_name = "evaluateJson")]
    pub fn evaluate_json(&self, env: Env, text: JsArg, options: JsArg) -> napi::Result<JsOut> {
        let run = || {
            let text = required_text(&text, "text", ErrorCode::CaseError)?;
            let options = optional_text(&options, "options", ErrorCode::UsageError)?;
            self.inner.evaluate(&text, options.as_deref())
        };
        let out = run().map_err(|e| throw(env.raw(), &e))?;
        unsafe { convert::js_string(env.raw(), &out) }
    }

    /// Evaluates a case and renders it: `json`, `text`, `markdown` or `html` (the record of
    /// reasons), `dot` or `mermaid` (the decision path).
    #[napi]
    pub fn render(
        &self,
        env: Env,
        case: JsArg,
        format: JsArg,
        options: JsArg,
    ) -> napi::Result<String> {
        let run = || {
            let format = required_text(&format, "format", ErrorCode::UsageError)?;
            let options = options_from_js(&options)?;
            let text = case_text(&case)?;
            self.inner
                .render(&text, &format, Some(&options_json(&options)))
        };
        run().map_err(|e| throw(env.raw(), &e))
    }

    /// Evaluates a case and returns one audit record line (no trailing newline).
    #[napi]
    pub fn record(&self, env: Env, case: JsArg, options: JsArg) -> napi::Result<String> {
        let run = || {
            let options = options_from_js(&options)?;
            let text = case_text(&case)?;
            self.inner.record(&text, Some(&options_json(&options)))
        };
        run().map_err(|e| throw(env.raw(), &e))
    }

    /// Replays one record line: `{reference, verdict, differences, detail}`.
    #[napi]
    pub fn replay(&self, env: Env, line: JsArg) -> napi::Result<JsOut> {
        let line =
            required_text(&line, "line", ErrorCode::CaseError).map_err(|e| throw(env.raw(), &e))?;
        let report = self.inner.replay_report(&line);
        unsafe { convert::to_js(env.raw(), &report) }
    }

    // --- reports (issue 18) ---

    /// The report of audit records (JSON Lines text) for a period: `options` is null,
    /// `{year: 2024}` or `{from: 'YYYY-MM-DD', to: 'YYYY-MM-DD'}`, as an object or JSON
    /// text. The report as a plain object, equal to `JSON.parse(reportJson(…))`.
    #[napi]
    pub fn report(&self, env: Env, records: JsArg, options: JsArg) -> napi::Result<JsOut> {
        let value = report_text(&self.inner, &records, options)
            .and_then(|text| parse_document(&text))
            .map_err(|e| throw(env.raw(), &e))?;
        unsafe { convert::to_js(env.raw(), &value) }
    }

    /// The report's JSON text: exactly the bytes of the Rust library's `JsonEngine::report`.
    #[napi(js_name = "reportJson")]
    pub fn report_json(&self, env: Env, records: JsArg, options: JsArg) -> napi::Result<JsOut> {
        let out = report_text(&self.inner, &records, options).map_err(|e| throw(env.raw(), &e))?;
        unsafe { convert::js_string(env.raw(), &out) }
    }

    // --- end reports ---

    /// The JSON Schema of a case for the newest version of one rule set.
    #[napi(js_name = "caseSchema")]
    pub fn case_schema(&self, env: Env, id: JsArg) -> napi::Result<JsOut> {
        let value = required_text(&id, "id", ErrorCode::UsageError)
            .and_then(|id| self.inner.case_schema(&id))
            .and_then(|text| parse_document(&text))
            .map_err(|e| throw(env.raw(), &e))?;
        unsafe { convert::to_js(env.raw(), &value) }
    }

    /// Benchmark support, not part of the API: the time of each stage of `evaluate` for one
    /// case object, in nanoseconds: `[read the object, evaluate, build the result]`.
    #[napi(js_name = "_stageTimes")]
    pub fn stage_times(&self, env: Env, case: JsArg) -> napi::Result<Vec<f64>> {
        let options = EmbedOptions::default();
        let t0 = Instant::now();
        let case = case_from_js(&case, &options).map_err(|e| throw(env.raw(), &e))?;
        let t1 = Instant::now();
        let determination = self
            .inner
            .determine(&case, &options)
            .map_err(|e| throw(env.raw(), &e))?;
        let t2 = Instant::now();
        let out = unsafe { convert::to_js_shaped(env.raw(), &determination, Some(&self.shapes))? };
        let t3 = Instant::now();
        std::hint::black_box(out);
        Ok(vec![
            (t1 - t0).as_nanos() as f64,
            (t2 - t1).as_nanos() as f64,
            (t3 - t2).as_nanos() as f64,
        ])
    }

    /// Benchmark support, not part of the API: the Rust library's own JSON text to JSON text
    /// (`JsonEngine::evaluate`) on each of these cases once, timed inside Rust: the mean
    /// nanoseconds per call.
    #[napi(js_name = "_rustJsonMean")]
    pub fn rust_json_mean(&self, env: Env, cases: Vec<String>) -> napi::Result<f64> {
        let start = Instant::now();
        for case in &cases {
            let out = self
                .inner
                .evaluate(std::hint::black_box(case), None)
                .map_err(|e| throw(env.raw(), &e))?;
            std::hint::black_box(out);
        }
        Ok(start.elapsed().as_nanos() as f64 / cases.len().max(1) as f64)
    }
}

/// A generic JSON Schema: `rules`, `determination`, `record` or `case`.
#[napi]
pub fn schema(env: Env, which: JsArg) -> napi::Result<JsOut> {
    let value = required_text(&which, "which", ErrorCode::UsageError)
        .and_then(|which| JsonEngine::schema(&which))
        .and_then(|text| parse_document(&text))
        .map_err(|e| throw(env.raw(), &e))?;
    unsafe { convert::to_js(env.raw(), &value) }
}

/// The version of the embedding surface.
#[napi(js_name = "abiVersion")]
pub fn abi_version() -> u32 {
    safeguarding_rules::ABI_VERSION
}
