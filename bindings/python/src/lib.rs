//! The Python binding, `safeguarding_rules._native`: a thin layer over [`JsonEngine`].
//!
//! What this file adds to the JSON layer is only what Python's boundary needs:
//!
//! - Python objects in: a case given as a `dict` is converted to a `serde_json::Value` here,
//!   with the same depth limit as JSON text (checked before recursing, so a 100,000-deep
//!   dict is a `CaseError`, never a stack overflow) and a size budget like the text's.
//! - Python objects out: `evaluate` builds its `dict` straight from the Rust
//!   `Determination` (through serde, `to_python.rs`), with no JSON text in between; it
//!   equals `json.loads(evaluate_json(...))`.
//! - Errors: each `EmbedError` becomes the exception class of its `code`, carrying `.code`,
//!   `.message` and `.problems`.
//! - The GIL is released while a case is read from text and evaluated.

mod to_python;

use std::borrow::Cow;

use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use safeguarding_rules::{
    ABI_VERSION, Case, Decided, EmbedError, EmbedOptions, EmbedProblem, ErrorCode, JsonEngine,
    Limits,
};
use serde_json::{Map, Number, Value};

create_exception!(
    safeguarding_rules,
    Error,
    PyException,
    "An error from the engine, with `.code`, `.message` and `.problems`."
);
create_exception!(
    safeguarding_rules,
    CaseError,
    Error,
    "The case is not JSON, not a case, or does not fit the rule set."
);
create_exception!(
    safeguarding_rules,
    LoadError,
    Error,
    "A rule file given to the engine did not load."
);
create_exception!(
    safeguarding_rules,
    BookError,
    Error,
    "The rule book has no rule set for the case, or none in force on its date."
);
create_exception!(
    safeguarding_rules,
    UsageError,
    Error,
    "The call itself is wrong: an unknown format or schema, bad options."
);
create_exception!(
    safeguarding_rules,
    InternalError,
    Error,
    "A defect in the library; never expected."
);

/// The Python exception for an embedding error: the class of its code, with `.code`,
/// `.message` and `.problems` (a list of `{"pointer", "code", "message"}` dicts).
fn py_error(py: Python<'_>, error: EmbedError) -> PyErr {
    let err = match error.code {
        ErrorCode::CaseError => CaseError::new_err(error.message.clone()),
        ErrorCode::LoadError => LoadError::new_err(error.message.clone()),
        ErrorCode::BookError => BookError::new_err(error.message.clone()),
        ErrorCode::UsageError => UsageError::new_err(error.message.clone()),
        ErrorCode::InternalError => InternalError::new_err(error.message.clone()),
        _ => Error::new_err(error.message.clone()),
    };
    match decorate(py, &err, &error) {
        Ok(()) => err,
        Err(failed) => failed,
    }
}

fn decorate(py: Python<'_>, err: &PyErr, error: &EmbedError) -> PyResult<()> {
    let problems = PyList::empty(py);
    for p in &error.problems {
        let problem = PyDict::new(py);
        problem.set_item("pointer", &p.pointer)?;
        problem.set_item("code", &p.code)?;
        problem.set_item("message", &p.message)?;
        problems.append(problem)?;
    }
    let value = err.value(py);
    value.setattr("code", error.code.as_str())?;
    value.setattr("message", &error.message)?;
    value.setattr("problems", problems)?;
    Ok(())
}

fn internal(message: impl std::fmt::Display) -> EmbedError {
    EmbedError::new(ErrorCode::InternalError, message.to_string())
}

/// An error with one positioned problem, its code chosen here (the converter's own kinds),
/// its message as the library writes a case's (`POINTER: MESSAGE`, or `case: MESSAGE`) or
/// the options' (`options: POINTER: MESSAGE`).
fn positioned(code: ErrorCode, pointer: String, kind: &str, message: String) -> EmbedError {
    let whole = match (code, pointer.is_empty()) {
        (ErrorCode::UsageError, true) => format!("options: {message}"),
        (ErrorCode::UsageError, false) => format!("options: {pointer}: {message}"),
        (_, true) => format!("case: {message}"),
        (_, false) => format!("{pointer}: {message}"),
    };
    let mut error = EmbedError::new(code, whole);
    error.problems.push(EmbedProblem {
        pointer,
        code: kind.to_string(),
        message,
    });
    error
}

/// The Python type's name, as an error message shows it: `set`, `datetime.date`.
fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".to_string())
}

// ---------------------------------------------------------------------------------------
// Python objects to JSON values
// ---------------------------------------------------------------------------------------

/// Deepest nesting of dicts and lists a native case may have: the same as JSON text, whose
/// reader (serde_json's recursion limit) refuses the `Limits::MAX_JSON_DEPTH`th level.
const MAX_NESTING: usize = Limits::MAX_JSON_DEPTH - 1;

/// Longest token of a pointer quoted in an error, in characters.
const POINTER_TOKEN_CHARS: usize = 60;

/// A conversion failure: the path to it (innermost token first), its kind and message.
struct Unconvertible {
    path: Vec<String>,
    kind: &'static str,
    message: String,
}

impl Unconvertible {
    fn new(kind: &'static str, message: String) -> Unconvertible {
        Unconvertible {
            path: Vec::new(),
            kind,
            message,
        }
    }

    fn at(mut self, token: impl Into<String>) -> Unconvertible {
        self.path.push(token.into());
        self
    }

    fn into_error(self, code: ErrorCode) -> EmbedError {
        let mut pointer = String::new();
        for token in self.path.iter().rev() {
            pointer.push('/');
            for (count, c) in token.chars().enumerate() {
                if count == POINTER_TOKEN_CHARS {
                    pointer.push_str("...");
                    break;
                }
                match c {
                    '~' => pointer.push_str("~0"),
                    '/' => pointer.push_str("~1"),
                    c if c.is_control() => pointer.extend(c.escape_default()),
                    c => pointer.push(c),
                }
            }
        }
        positioned(code, pointer, self.kind, self.message)
    }
}

/// Converts native objects to JSON values, within the depth limit and a byte budget as
/// large as the text limit (each value counted at least as large as its JSON text).
struct Converter {
    budget: usize,
}

impl Converter {
    fn new() -> Converter {
        Converter {
            budget: Limits::MAX_CASE_BYTES,
        }
    }

    fn spend(&mut self, bytes: usize) -> Result<(), Unconvertible> {
        match self.budget.checked_sub(bytes) {
            Some(left) => {
                self.budget = left;
                Ok(())
            }
            None => Err(Unconvertible::new(
                "too_large",
                format!("over the limit of {} bytes as JSON", Limits::MAX_CASE_BYTES),
            )),
        }
    }

    fn text(&mut self, s: &Bound<'_, PyString>) -> Result<String, Unconvertible> {
        let text = s.to_str().map_err(|_| {
            Unconvertible::new(
                "invalid_utf8",
                "expected text that is valid Unicode, found a lone surrogate".to_string(),
            )
        })?;
        self.spend(text.len() + 2)?;
        Ok(text.to_string())
    }

    /// `depth` is the number of dicts and lists around `obj`.
    fn value(&mut self, obj: &Bound<'_, PyAny>, depth: usize) -> Result<Value, Unconvertible> {
        // One separator (`,` or `:`) per value, at least.
        self.spend(1)?;
        if let Ok(s) = obj.cast::<PyString>() {
            return self.text(s).map(Value::String);
        }
        if obj.is_none() {
            self.spend(4)?;
            return Ok(Value::Null);
        }
        if let Ok(b) = obj.cast::<PyBool>() {
            let b = b.is_true();
            self.spend(if b { 4 } else { 5 })?;
            return Ok(Value::Bool(b));
        }
        if let Ok(i) = obj.cast::<PyInt>() {
            return self.integer(i);
        }
        if let Ok(f) = obj.cast::<PyFloat>() {
            return self.float(f.value());
        }
        let is_dict = obj.cast::<PyDict>().is_ok();
        if is_dict || obj.cast::<PyList>().is_ok() || obj.cast::<PyTuple>().is_ok() {
            // Checked before recursing: a 100,000-deep dict stops here, at the limit.
            if depth >= MAX_NESTING {
                return Err(Unconvertible::new(
                    "too_deep",
                    format!(
                        "nested deeper than the limit of {} levels",
                        Limits::MAX_JSON_DEPTH
                    ),
                ));
            }
            self.spend(1)?;
            if let Ok(dict) = obj.cast::<PyDict>() {
                return self.object(dict, depth + 1);
            }
            let mut items = Vec::with_capacity(obj.len().unwrap_or(0));
            for (i, item) in obj.try_iter().map_err(|e| not_json(obj, e))?.enumerate() {
                let item = item.map_err(|e| not_json(obj, e))?;
                items.push(
                    self.value(&item, depth + 1)
                        .map_err(|e| e.at(i.to_string()))?,
                );
            }
            return Ok(Value::Array(items));
        }
        Err(Unconvertible::new(
            "not_json",
            format!(
                "expected a JSON value (a dict, list, tuple, str, int, float, bool or None), found `{}`",
                type_name(obj)
            ),
        ))
    }

    fn object(&mut self, dict: &Bound<'_, PyDict>, depth: usize) -> Result<Value, Unconvertible> {
        let mut object = Map::new();
        for (key, value) in dict.iter() {
            let Ok(key) = key.cast::<PyString>() else {
                return Err(Unconvertible::new(
                    "not_json",
                    format!(
                        "expected keys that are str, found a key of type `{}`",
                        type_name(&key)
                    ),
                ));
            };
            let key = self.text(key)?;
            let value = match self.value(&value, depth) {
                Ok(v) => v,
                Err(e) => return Err(e.at(key)),
            };
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }

    fn integer(&mut self, i: &Bound<'_, PyInt>) -> Result<Value, Unconvertible> {
        if let Ok(n) = i.extract::<i64>() {
            self.spend(digits(n.unsigned_abs()) + usize::from(n < 0))?;
            return Ok(Value::from(n));
        }
        if let Ok(n) = i.extract::<u64>() {
            self.spend(digits(n))?;
            return Ok(Value::from(n));
        }
        // JSON text reads an integer beyond 64 bits as a float; so does a native case.
        match i.extract::<f64>() {
            Ok(f) => self.float(f),
            Err(_) => Err(Unconvertible::new(
                "not_json",
                "expected a number a double can hold, found a larger int".to_string(),
            )),
        }
    }

    fn float(&mut self, f: f64) -> Result<Value, Unconvertible> {
        match Number::from_f64(f) {
            Some(n) => {
                self.spend(3)?;
                Ok(Value::Number(n))
            }
            None => Err(Unconvertible::new(
                "not_json",
                format!("expected a finite number, found `{f}`"),
            )),
        }
    }
}

fn not_json(obj: &Bound<'_, PyAny>, e: PyErr) -> Unconvertible {
    Unconvertible::new(
        "not_json",
        format!("a `{}` could not be read: {e}", type_name(obj)),
    )
}

fn digits(mut n: u64) -> usize {
    let mut d = 1;
    while n >= 10 {
        n /= 10;
        d += 1;
    }
    d
}

/// A native object as a JSON value; a failure is an error of `code` (a case error for a
/// case, a usage error for options).
fn native_value(obj: &Bound<'_, PyAny>, code: ErrorCode) -> Result<Value, EmbedError> {
    Converter::new()
        .value(obj, 0)
        .map_err(|e| e.into_error(code))
}

// ---------------------------------------------------------------------------------------
// Arguments
// ---------------------------------------------------------------------------------------

/// A text argument: a `str`, or `bytes` holding UTF-8.
fn text_arg<'a>(
    obj: &'a Bound<'_, PyAny>,
    argument: &str,
    code: ErrorCode,
) -> Result<Option<&'a str>, EmbedError> {
    if let Ok(s) = obj.cast::<PyString>() {
        return s.to_str().map(Some).map_err(|_| {
            let message = format!("`{argument}` is not valid UTF-8: it holds a lone surrogate");
            let mut error = EmbedError::new(code, message.clone());
            error.problems.push(EmbedProblem {
                pointer: String::new(),
                code: "invalid_utf8".to_string(),
                message,
            });
            error
        });
    }
    if let Ok(b) = obj.cast::<PyBytes>() {
        return match std::str::from_utf8(b.as_bytes()) {
            Ok(s) => Ok(Some(s)),
            Err(e) => {
                let mut error = EmbedError::not_utf8(argument, e.valid_up_to());
                error.code = code;
                Err(error)
            }
        };
    }
    Ok(None)
}

/// A case as JSON text: the text given, or a native case converted (for the calls that take
/// text; `evaluate` converts a native case straight to a `Case`).
fn case_text<'a>(obj: &'a Bound<'_, PyAny>) -> Result<Cow<'a, str>, EmbedError> {
    if let Some(text) = text_arg(obj, "case", ErrorCode::CaseError)? {
        return Ok(Cow::Borrowed(text));
    }
    let value = native_value(obj, ErrorCode::CaseError)?;
    serde_json::to_string(&value)
        .map(Cow::Owned)
        .map_err(internal)
}

/// A string argument that must be `str` (a format, a schema's name, an id).
fn str_arg<'a>(obj: &'a Bound<'_, PyAny>, argument: &str) -> Result<&'a str, EmbedError> {
    match text_arg(obj, argument, ErrorCode::UsageError)? {
        Some(s) => Ok(s),
        None => Err(EmbedError::usage(format!(
            "`{argument}`: expected a str, found `{}`",
            type_name(obj)
        ))),
    }
}

fn bad_option(pointer: &str, message: String) -> EmbedError {
    let mut error = EmbedError::usage(format!("options: {pointer}: {message}"));
    error.problems.push(EmbedProblem {
        pointer: pointer.to_string(),
        code: "invalid_options".to_string(),
        message,
    });
    error
}

/// `evaluate`'s keyword arguments as options, checked as `EmbedOptions::from_json` checks
/// the JSON ones.
fn keyword_options(
    as_of: Option<&Bound<'_, PyAny>>,
    counterfactuals: Option<&Bound<'_, PyAny>>,
) -> Result<EmbedOptions, EmbedError> {
    let mut options = EmbedOptions::default();
    if let Some(date) = as_of.filter(|d| !d.is_none()) {
        match date.cast::<PyString>() {
            Ok(s) => match s.to_str() {
                Ok(s) => options.as_of = Some(s.to_string()),
                Err(_) => {
                    return Err(bad_option(
                        "/as_of",
                        "expected a date `YYYY-MM-DD`, found a lone surrogate".to_string(),
                    ));
                }
            },
            Err(_) => {
                return Err(bad_option(
                    "/as_of",
                    format!(
                        "expected a date `YYYY-MM-DD` or None, found `{}`",
                        type_name(date)
                    ),
                ));
            }
        }
    }
    if let Some(flag) = counterfactuals.filter(|c| !c.is_none()) {
        match flag.cast::<PyBool>() {
            Ok(b) => options.counterfactuals = b.is_true(),
            Err(_) => {
                return Err(bad_option(
                    "/counterfactuals",
                    format!("expected a bool, found `{}`", type_name(flag)),
                ));
            }
        }
    }
    Ok(options)
}

/// `evaluate_json`'s options: None, JSON text, or a dict (read as its JSON).
fn options_text<'a>(obj: Option<&'a Bound<'_, PyAny>>) -> Result<Option<Cow<'a, str>>, EmbedError> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(None);
    };
    if let Some(text) = text_arg(obj, "options", ErrorCode::UsageError)? {
        return Ok(Some(Cow::Borrowed(text)));
    }
    if obj.cast::<PyDict>().is_err() {
        return Err(EmbedError::usage(format!(
            "`options`: expected None, JSON text or a dict, found `{}`",
            type_name(obj)
        )));
    }
    let value = native_value(obj, ErrorCode::UsageError)?;
    serde_json::to_string(&value)
        .map(|s| Some(Cow::Owned(s)))
        .map_err(internal)
}

fn to_python<'py, T: serde::Serialize + ?Sized>(
    py: Python<'py>,
    value: &T,
) -> PyResult<Bound<'py, PyAny>> {
    to_python::to_python(py, value).map_err(|e| match e {
        to_python::ToPythonError::Python(e) => e,
        e => py_error(py, internal(e)),
    })
}

/// A JSON document the library wrote, as Python objects.
fn json_to_python<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    let value: Value = serde_json::from_str(text).map_err(|e| py_error(py, internal(e)))?;
    to_python(py, &value)
}

// ---------------------------------------------------------------------------------------
// The engine
// ---------------------------------------------------------------------------------------

/// The engine: the embedded rule packs plus any rule files given as text. Build it once and
/// share it between threads; every method releases the GIL while it evaluates.
#[pyclass(frozen, module = "safeguarding_rules", name = "Engine")]
struct Engine {
    inner: JsonEngine,
}

enum Given<'a> {
    Text(&'a str),
    Native(Value),
}

impl Engine {
    /// A case (text or native) read and evaluated, the GIL released for both.
    fn determine(
        &self,
        py: Python<'_>,
        case: &Bound<'_, PyAny>,
        options: &EmbedOptions,
    ) -> Result<Decided, EmbedError> {
        let given = match text_arg(case, "case", ErrorCode::CaseError)? {
            Some(text) => Given::Text(text),
            None => Given::Native(native_value(case, ErrorCode::CaseError)?),
        };
        py.detach(|| {
            let case = match given {
                Given::Text(text) => JsonEngine::case_from_json(text, options)?,
                Given::Native(value) => {
                    let mut case = Case::from_value(value)?;
                    if let Some(date) = &options.as_of {
                        case.as_of = Some(date.clone());
                    }
                    case
                }
            };
            self.inner.decide(&case, options)
        })
    }
}

#[pymethods]
impl Engine {
    #[new]
    #[pyo3(signature = (rule_files=None))]
    fn new(py: Python<'_>, rule_files: Option<&Bound<'_, PyAny>>) -> PyResult<Engine> {
        let Some(files) = rule_files.filter(|f| !f.is_none()) else {
            return Ok(Engine {
                inner: JsonEngine::embedded(),
            });
        };
        let texts = rule_file_texts(files).map_err(|e| py_error(py, e))?;
        py.detach(|| JsonEngine::with_rule_files(&texts))
            .map(|inner| Engine { inner })
            .map_err(|e| py_error(py, e))
    }

    /// Evaluates a case (a dict, or JSON text): the determination as a dict.
    #[pyo3(signature = (case, *, as_of=None, counterfactuals=None),
           text_signature = "(self, case, *, as_of=None, counterfactuals=False)")]
    fn evaluate<'py>(
        &self,
        py: Python<'py>,
        case: &Bound<'py, PyAny>,
        as_of: Option<&Bound<'py, PyAny>>,
        counterfactuals: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let options = keyword_options(as_of, counterfactuals).map_err(|e| py_error(py, e))?;
        let determination = self
            .determine(py, case, &options)
            .map_err(|e| py_error(py, e))?;
        to_python(py, &determination)
    }

    /// Evaluates a case given as JSON text with options (None, JSON text or a dict): the
    /// determination's JSON, exactly the bytes of the Rust library's `JsonEngine::evaluate`.
    #[pyo3(signature = (text, options=None))]
    fn evaluate_json<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
        options: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyString>> {
        let result = (|| {
            let Some(text) = text_arg(text, "case", ErrorCode::CaseError)? else {
                return Err(EmbedError::usage(format!(
                    "`text`: expected the case's JSON as a str, found `{}`",
                    type_name(text)
                )));
            };
            let options = options_text(options)?;
            py.detach(|| self.inner.evaluate(text, options.as_deref()))
        })();
        match result {
            Ok(json) => Ok(PyString::new(py, &json)),
            Err(e) => Err(py_error(py, e)),
        }
    }

    /// Evaluates a case and renders it: `json`, `text`, `markdown` or `html` (the record of
    /// reasons), `dot` or `mermaid` (the decision path).
    fn render(
        &self,
        py: Python<'_>,
        case: &Bound<'_, PyAny>,
        format: &Bound<'_, PyAny>,
    ) -> PyResult<String> {
        let result = (|| {
            let format = str_arg(format, "format")?;
            let text = case_text(case)?;
            py.detach(|| self.inner.render(&text, format, None))
        })();
        result.map_err(|e| py_error(py, e))
    }

    /// Evaluates a case and returns one audit record line (no trailing newline).
    fn record(&self, py: Python<'_>, case: &Bound<'_, PyAny>) -> PyResult<String> {
        let result = (|| {
            let text = case_text(case)?;
            py.detach(|| self.inner.record(&text, None))
        })();
        result.map_err(|e| py_error(py, e))
    }

    /// Replays one record line: `{"reference", "verdict", "differences", "detail"}`. A
    /// line that is not a record gives the verdict `invalid`, not an error.
    fn replay<'py>(
        &self,
        py: Python<'py>,
        line: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let line = match text_arg(line, "line", ErrorCode::CaseError) {
            Ok(Some(line)) => line,
            Ok(None) => {
                return Err(py_error(
                    py,
                    EmbedError::usage(format!(
                        "`line`: expected a record line as a str, found `{}`",
                        type_name(line)
                    )),
                ));
            }
            Err(e) => return Err(py_error(py, e)),
        };
        let report = py.detach(|| self.inner.replay_report(line));
        to_python(py, &report)
    }

    // --- reports (issue 18) ---

    /// The report of audit records (JSON Lines text) for a period, as JSON text: exactly
    /// the bytes of the Rust library's `JsonEngine::report`. Options: None, a dict or JSON
    /// text, `{"year": 2024}` (the financial year) or `{"from": "…", "to": "…"}`.
    #[pyo3(signature = (records, options=None))]
    fn report_json<'py>(
        &self,
        py: Python<'py>,
        records: &Bound<'py, PyAny>,
        options: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyString>> {
        let result = (|| {
            let Some(records) = text_arg(records, "records", ErrorCode::CaseError)? else {
                return Err(EmbedError::usage(format!(
                    "`records`: expected JSON Lines text as a str, found `{}`",
                    type_name(records)
                )));
            };
            let options = options_text(options)?;
            py.detach(|| self.inner.report(records, options.as_deref()))
        })();
        match result {
            Ok(json) => Ok(PyString::new(py, &json)),
            Err(e) => Err(py_error(py, e)),
        }
    }

    /// The report of audit records for a period, as a dict (the JSON contract).
    #[pyo3(signature = (records, options=None))]
    fn report<'py>(
        &self,
        py: Python<'py>,
        records: &Bound<'py, PyAny>,
        options: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let text = self.report_json(py, records, options)?;
        let value: serde_json::Value = serde_json::from_str(text.to_str()?)
            .map_err(|e| py_error(py, EmbedError::new(ErrorCode::InternalError, e.to_string())))?;
        to_python(py, &value)
    }

    // --- end reports ---

    /// The JSON Schema (a dict) of a case for the newest version of a rule set.
    fn case_schema<'py>(
        &self,
        py: Python<'py>,
        id: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let text = str_arg(id, "id")
            .and_then(|id| self.inner.case_schema(id))
            .map_err(|e| py_error(py, e))?;
        json_to_python(py, &text)
    }

    fn __repr__(&self) -> String {
        "safeguarding_rules.Engine()".to_string()
    }
}

fn rule_file_texts(files: &Bound<'_, PyAny>) -> Result<Vec<String>, EmbedError> {
    let shape = |found: &Bound<'_, PyAny>| {
        EmbedError::new(
            ErrorCode::LoadError,
            format!(
                "rule files: expected None or a list of rule file texts, found `{}`",
                type_name(found)
            ),
        )
    };
    if files.cast::<PyString>().is_ok() || files.cast::<PyBytes>().is_ok() {
        return Err(shape(files));
    }
    let items = files.try_iter().map_err(|_| shape(files))?;
    let mut texts = Vec::new();
    for (i, item) in items.enumerate() {
        let item =
            item.map_err(|e| EmbedError::new(ErrorCode::LoadError, format!("rule files: {e}")))?;
        match text_arg(&item, &format!("rule_files[{i}]"), ErrorCode::LoadError)? {
            Some(text) => texts.push(text.to_string()),
            None => {
                return Err(EmbedError::new(
                    ErrorCode::LoadError,
                    format!(
                        "rule files: /{i}: expected a rule file's text as a str, found `{}`",
                        type_name(&item)
                    ),
                ));
            }
        }
    }
    Ok(texts)
}

/// A generic JSON Schema as a dict: `rules`, `determination`, `record` or `case`.
#[pyfunction]
fn schema<'py>(py: Python<'py>, which: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let text = str_arg(which, "which")
        .and_then(JsonEngine::schema)
        .map_err(|e| py_error(py, e))?;
    json_to_python(py, &text)
}

// ---------------------------------------------------------------------------------------
// Benchmark helpers (feature `bench`): benches/peers-python times these beside the binding.
// ---------------------------------------------------------------------------------------

#[cfg(feature = "bench")]
mod bench {
    use std::hint::black_box;
    use std::time::Instant;

    use super::*;

    /// The Rust library's own JSON text in to JSON text out (`JsonEngine::evaluate`) over
    /// `cases`, timed inside Rust with the GIL released: the mean ns per call.
    #[pyfunction]
    pub fn _bench_rust_evaluate_json(
        py: Python<'_>,
        engine: &Bound<'_, Engine>,
        cases: Vec<String>,
    ) -> PyResult<f64> {
        let engine = &engine.get().inner;
        let n = cases.len().max(1) as f64;
        let elapsed = py.detach(|| {
            let start = Instant::now();
            for case in &cases {
                let out = engine.evaluate(black_box(case), None);
                black_box(out.ok());
            }
            start.elapsed()
        });
        Ok(elapsed.as_nanos() as f64 / n)
    }

    /// `evaluate` on native cases, split into its phases: the mean ns per call of
    /// (dict to `Case`, evaluation, `Determination` to dict, and the same dict made by the
    /// general-purpose `pythonize` crate instead, for comparison).
    #[pyfunction]
    pub fn _bench_native_phases(
        py: Python<'_>,
        engine: &Bound<'_, Engine>,
        cases: Vec<Bound<'_, PyAny>>,
    ) -> PyResult<(f64, f64, f64, f64)> {
        let engine = &engine.get().inner;
        let options = EmbedOptions::default();
        let (mut input, mut evaluation, mut output, mut general) = (0u128, 0u128, 0u128, 0u128);
        for case in &cases {
            let t0 = Instant::now();
            let value = native_value(case, ErrorCode::CaseError).map_err(|e| py_error(py, e))?;
            let case = Case::from_value(value).map_err(|e| py_error(py, e.into()))?;
            let t1 = Instant::now();
            let determination = engine
                .determine(&case, &options)
                .map_err(|e| py_error(py, e))?;
            let t2 = Instant::now();
            let object = to_python(py, &determination)?;
            let t3 = Instant::now();
            drop(object);
            let t4 = Instant::now();
            let object =
                pythonize::pythonize(py, &determination).map_err(|e| py_error(py, internal(e)))?;
            let t5 = Instant::now();
            drop(object);
            input += (t1 - t0).as_nanos();
            evaluation += (t2 - t1).as_nanos();
            output += (t3 - t2).as_nanos();
            general += (t5 - t4).as_nanos();
        }
        let n = cases.len().max(1) as f64;
        Ok((
            input as f64 / n,
            evaluation as f64 / n,
            output as f64 / n,
            general as f64 / n,
        ))
    }
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<Engine>()?;
    m.add_function(wrap_pyfunction!(schema, m)?)?;
    m.add("Error", py.get_type::<Error>())?;
    m.add("CaseError", py.get_type::<CaseError>())?;
    m.add("LoadError", py.get_type::<LoadError>())?;
    m.add("BookError", py.get_type::<BookError>())?;
    m.add("UsageError", py.get_type::<UsageError>())?;
    m.add("InternalError", py.get_type::<InternalError>())?;
    m.add("ABI_VERSION", ABI_VERSION)?;
    m.add(
        "RENDER_FORMATS",
        safeguarding_rules::RENDER_FORMATS.to_vec(),
    )?;
    m.add("SCHEMAS", safeguarding_rules::SCHEMAS.to_vec())?;
    #[cfg(feature = "bench")]
    {
        m.add_function(wrap_pyfunction!(bench::_bench_rust_evaluate_json, m)?)?;
        m.add_function(wrap_pyfunction!(bench::_bench_native_phases, m)?)?;
    }
    Ok(())
}
