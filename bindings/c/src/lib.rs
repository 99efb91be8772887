//! The C binding of `safeguarding-rules`: JSON text in, JSON text out, through a C ABI.
//!
//! Built as `libsafeguarding_rules.so` (cdylib) and `libsafeguarding_rules.a` (staticlib);
//! the header is `include/safeguarding_rules.h`, generated from this file by cbindgen and
//! checked against it by `tests/header.rs`. Every function wraps one call of the safe
//! JSON layer, [`sgr::JsonEngine`], and adds only what the boundary needs: null checks,
//! UTF-8 checks, panics caught, and strings handed over.
//!
//! # Who frees what
//!
//! - Every `char *` this library writes to `*out` (or `*error_json`) belongs to the caller,
//!   who frees it with [`sgr_string_free`], never with `free`.
//! - An engine made by [`sgr_engine_new`] is freed with [`sgr_engine_free`].
//! - Both accept `NULL`. The library never keeps, nor frees, a pointer the caller passed in.
//!
//! # Return codes
//!
//! [`SGR_OK`] (0) with the result in `*out`. Otherwise the error JSON
//! (`{"code", "message", "problems": [{"pointer", "code", "message"}]}`) is written to
//! `*out` when `out` is not null, and the return code is the kind of its `code`:
//! [`SGR_BAD_INPUT`] (1) for `case_error`, `load_error` and `book_error` (bad JSON, invalid
//! UTF-8 in a case, record line or rule file, a case or rule error), [`SGR_USAGE`] (2) for
//! `usage_error` (a null required pointer, an unknown format or schema, bad options, invalid
//! UTF-8 in `options_json`, `format` or `which`), [`SGR_INTERNAL`] (3) for `internal_error`
//! (a defect, a caught panic).
//!
//! # Threads
//!
//! An engine is immutable once made: any number of threads may call it at once. Every
//! function is reentrant.

use std::any::Any;
use std::ffi::{CStr, CString, c_char, c_int};
use std::panic::{AssertUnwindSafe, catch_unwind};

use sgr::{ABI_VERSION, EmbedError, ErrorCode, JsonEngine};

/// Success: the result is in `*out`.
pub const SGR_OK: c_int = 0;
/// Bad input (`case_error`, `load_error`, `book_error`): the error JSON is in `*out`.
pub const SGR_BAD_INPUT: c_int = 1;
/// The call itself is wrong (`usage_error`): the error JSON is in `*out` when `out` is not
/// null.
pub const SGR_USAGE: c_int = 2;
/// A defect in the library (`internal_error`), such as a caught panic: the error JSON is in
/// `*out`.
pub const SGR_INTERNAL: c_int = 3;

/// An engine: the embedded rule packs plus the rule files it was made with. Opaque; made by
/// `sgr_engine_new`, freed by `sgr_engine_free`, immutable and shareable between threads.
#[allow(non_camel_case_types)]
pub struct sgr_engine {
    inner: JsonEngine,
}

const _: () = {
    const fn shared<T: Send + Sync>() {}
    shared::<sgr_engine>();
};

/// The return code of an error, from its `code`.
fn return_code(error: &EmbedError) -> c_int {
    match error.code {
        ErrorCode::CaseError | ErrorCode::LoadError | ErrorCode::BookError => SGR_BAD_INPUT,
        ErrorCode::UsageError => SGR_USAGE,
        _ => SGR_INTERNAL,
    }
}

/// The internal error a caught panic becomes.
fn panic_error(payload: Box<dyn Any + Send>) -> EmbedError {
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic".to_string());
    EmbedError::new(
        ErrorCode::InternalError,
        format!("the library panicked (a defect, please report it): {what}"),
    )
}

/// A Rust string as a C string the caller frees with `sgr_string_free`. Text holding a NUL
/// (a rendering may quote one from the case) cannot be a C string: that is a case error.
fn to_c(text: String) -> Result<CString, EmbedError> {
    CString::new(text).map_err(|e| {
        EmbedError::new(
            ErrorCode::CaseError,
            format!(
                "the result holds a NUL character at byte {}, which a C string cannot carry",
                e.nul_position()
            ),
        )
    })
}

/// The error JSON as a C string; `to_json` never holds a NUL (serde escapes it).
fn error_to_c(error: &EmbedError) -> CString {
    CString::new(error.to_json()).unwrap_or_else(|_| {
        CString::from(c"{\"code\":\"internal_error\",\"message\":\"the error could not be written\",\"problems\":[]}")
    })
}

/// Runs `body` with panics caught and writes its result or its error JSON to `*out`.
///
/// # Safety
///
/// `out` is null or valid for writing one pointer.
unsafe fn call(out: *mut *mut c_char, body: impl FnOnce() -> Result<String, EmbedError>) -> c_int {
    if out.is_null() {
        // Nowhere to write anything: the return code is the only answer.
        return SGR_USAGE;
    }
    let (code, text) = match catch_unwind(AssertUnwindSafe(|| {
        let result = body().and_then(to_c);
        match result {
            Ok(text) => (SGR_OK, text),
            Err(error) => (return_code(&error), error_to_c(&error)),
        }
    })) {
        Ok(answer) => answer,
        Err(payload) => {
            let error = panic_error(payload);
            (SGR_INTERNAL, error_to_c(&error))
        }
    };
    // SAFETY: `out` is not null, and the caller promises it is valid for one write.
    unsafe { *out = text.into_raw() };
    code
}

/// A required string argument.
///
/// # Safety
///
/// `ptr` is null or a NUL-terminated string that stays valid and unchanged for `'a`.
unsafe fn required<'a>(ptr: *const c_char, name: &str) -> Result<&'a str, EmbedError> {
    if ptr.is_null() {
        return Err(EmbedError::usage(format!("`{name}` is null")));
    }
    // SAFETY: not null, and the caller promises a NUL-terminated string valid for `'a`.
    let bytes = unsafe { CStr::from_ptr(ptr) };
    bytes
        .to_str()
        .map_err(|e| EmbedError::not_utf8(name, e.valid_up_to()))
}

/// An optional string argument: null is `None`.
///
/// # Safety
///
/// As [`required`].
unsafe fn optional<'a>(ptr: *const c_char, name: &str) -> Result<Option<&'a str>, EmbedError> {
    if ptr.is_null() {
        return Ok(None);
    }
    // SAFETY: the caller's promise, passed on.
    unsafe { required(ptr, name) }.map(Some)
}

/// The engine behind a handle.
///
/// # Safety
///
/// `engine` is null or a live handle from `sgr_engine_new`, not freed during `'a`.
unsafe fn engine_ref<'a>(engine: *const sgr_engine) -> Result<&'a JsonEngine, EmbedError> {
    // SAFETY: the caller promises a live handle or null; `as_ref` maps null to `None`.
    match unsafe { engine.as_ref() } {
        Some(engine) => Ok(&engine.inner),
        None => Err(EmbedError::usage("`engine` is null")),
    }
}

/// The version of this interface: 1. A program built against another version's header
/// should refuse to run.
#[unsafe(no_mangle)]
pub extern "C" fn sgr_abi_version() -> u32 {
    catch_unwind(|| ABI_VERSION).unwrap_or(0)
}

/// Makes an engine over the embedded rule packs plus the rule files in `rule_files_json`:
/// `NULL` (or the JSON `null`) for the embedded packs only, else a JSON array of rule file
/// texts, which may import each other in any order.
///
/// On success returns 0, writes the engine to `*engine` (free it with `sgr_engine_free`)
/// and `NULL` to `*error_json` when `error_json` is not NULL. Otherwise writes `NULL` to
/// `*engine` (when `engine` is not NULL), the error JSON to `*error_json` (when it is not
/// NULL; free it with `sgr_string_free`), and returns 1 (a rule file that is not UTF-8 or
/// JSON, or does not load: `load_error`), 2 (`engine` is NULL) or 3.
///
/// # Safety
///
/// `rule_files_json` is NULL or a NUL-terminated string; `engine` and `error_json` are
/// NULL or valid for writing one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sgr_engine_new(
    rule_files_json: *const c_char,
    engine: *mut *mut sgr_engine,
    error_json: *mut *mut c_char,
) -> c_int {
    if !engine.is_null() {
        // SAFETY: not null, and the caller promises it is valid for one write.
        unsafe { *engine = std::ptr::null_mut() };
    }
    let mut made: *mut sgr_engine = std::ptr::null_mut();
    let body = || {
        if engine.is_null() {
            return Err(EmbedError::usage("`engine` is null"));
        }
        // SAFETY: the caller promises a NUL-terminated string or null.
        let text = unsafe { optional(rule_files_json, "rule_files_json") }?;
        let inner = JsonEngine::from_rule_files_json(text)?;
        made = Box::into_raw(Box::new(sgr_engine { inner }));
        Ok(String::new())
    };
    let mut message: *mut c_char = std::ptr::null_mut();
    // SAFETY: `message` is a local, valid for one write.
    let code = unsafe { call(&mut message, body) };
    if code == SGR_OK {
        // SAFETY: `engine` is not null (checked in `body`, which succeeded) and valid for
        // one write; `message` is the empty string `call` made, freed here.
        unsafe {
            *engine = made;
            drop(CString::from_raw(message));
        }
        message = std::ptr::null_mut();
    } else if !made.is_null() {
        // Never reached (only `to_c` of an empty string could fail after the engine was
        // made), but an engine not handed over must not leak.
        // SAFETY: `made` came from `Box::into_raw` above and was not handed over.
        drop(unsafe { Box::from_raw(made) });
    }
    if error_json.is_null() {
        // SAFETY: `message` is null or a string `call` made with `CString::into_raw`.
        unsafe { sgr_string_free(message) };
    } else {
        // SAFETY: not null, and the caller promises it is valid for one write.
        unsafe { *error_json = message };
    }
    code
}

/// Frees an engine made by `sgr_engine_new`. NULL is allowed and does nothing. The engine
/// must not be in use by another thread, nor used again.
///
/// # Safety
///
/// `engine` is NULL or a handle from `sgr_engine_new` not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sgr_engine_free(engine: *mut sgr_engine) {
    if engine.is_null() {
        return;
    }
    let _ = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: the caller promises a live handle from `sgr_engine_new`, which made it
        // with `Box::into_raw`, and gives up its use.
        drop(unsafe { Box::from_raw(engine) });
    }));
}

/// Evaluates a case (JSON text) with the options (`NULL` for the defaults, or
/// `{"as_of": "YYYY-MM-DD", "counterfactuals": true}`): writes the determination JSON
/// (pretty, no trailing newline) to `*out` and returns 0, or writes the error JSON and
/// returns 1 (the case is not UTF-8, not JSON, not a case, or no rule set fits it),
/// 2 (`engine`, `case_json` or `out` is NULL; bad options) or 3.
///
/// # Safety
///
/// `engine` is NULL or a live handle; `case_json` and `options_json` are NULL or
/// NUL-terminated strings; `out` is NULL or valid for writing one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sgr_evaluate(
    engine: *const sgr_engine,
    case_json: *const c_char,
    options_json: *const c_char,
    out: *mut *mut c_char,
) -> c_int {
    // SAFETY: the caller's promises on every pointer, passed on.
    unsafe {
        call(out, || {
            let engine = engine_ref(engine)?;
            let case = required(case_json, "case_json")?;
            let options = optional(options_json, "options_json")?;
            engine.evaluate(case, options)
        })
    }
}

/// Evaluates a case and renders the determination as `format`: `json`, `text`,
/// `markdown` or `html` (the record of reasons), `dot` or `mermaid` (the decision path).
/// Returns as `sgr_evaluate` does; an unknown `format` is 2.
///
/// # Safety
///
/// As `sgr_evaluate`; `format` is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sgr_render(
    engine: *const sgr_engine,
    case_json: *const c_char,
    format: *const c_char,
    options_json: *const c_char,
    out: *mut *mut c_char,
) -> c_int {
    // SAFETY: the caller's promises on every pointer, passed on.
    unsafe {
        call(out, || {
            let engine = engine_ref(engine)?;
            let case = required(case_json, "case_json")?;
            let format = required(format, "format")?;
            let options = optional(options_json, "options_json")?;
            engine.render(case, format, options)
        })
    }
}

/// Evaluates a case and writes one audit record line (JSON, no trailing newline) to
/// `*out`. Returns as `sgr_evaluate` does.
///
/// # Safety
///
/// As `sgr_evaluate`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sgr_record(
    engine: *const sgr_engine,
    case_json: *const c_char,
    options_json: *const c_char,
    out: *mut *mut c_char,
) -> c_int {
    // SAFETY: the caller's promises on every pointer, passed on.
    unsafe {
        call(out, || {
            let engine = engine_ref(engine)?;
            let case = required(case_json, "case_json")?;
            let options = optional(options_json, "options_json")?;
            engine.record(case, options)
        })
    }
}

/// Replays one audit record line against the engine's rule book and writes the report,
/// `{"reference", "verdict", "differences": [{"at", "before", "after"}], "detail"}`, to
/// `*out`. A line that is not a record is a report with the verdict `invalid` (0), not an
/// error; a line that is not UTF-8 is 1; a NULL `engine`, `record_line` or `out` is 2.
///
/// # Safety
///
/// `engine` is NULL or a live handle; `record_line` is NULL or a NUL-terminated string;
/// `out` is NULL or valid for writing one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sgr_replay(
    engine: *const sgr_engine,
    record_line: *const c_char,
    out: *mut *mut c_char,
) -> c_int {
    // SAFETY: the caller's promises on every pointer, passed on.
    unsafe {
        call(out, || {
            let engine = engine_ref(engine)?;
            let line = required(record_line, "record_line")?;
            engine.replay(line)
        })
    }
}

// --- reports (issue 18) ---

/// Writes the report of audit records (JSON Lines text, one record a line) to `*out`:
/// `options_json` is NULL, `{"year": YYYY}` (the financial year) or `{"from": DATE, "to":
/// DATE}`. Records that are invalid or do not replay as matched are counted and left out
/// (0), not errors; records not UTF-8 are 1; bad options, a NULL `engine`, `records_jsonl`
/// or `out` are 2.
///
/// # Safety
///
/// `engine` is NULL or a live handle; `records_jsonl` and `options_json` are NULL or
/// NUL-terminated strings; `out` is NULL or valid for writing one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sgr_report(
    engine: *const sgr_engine,
    records_jsonl: *const c_char,
    options_json: *const c_char,
    out: *mut *mut c_char,
) -> c_int {
    // SAFETY: the caller's promises on every pointer, passed on.
    unsafe {
        call(out, || {
            let engine = engine_ref(engine)?;
            let records = required(records_jsonl, "records_jsonl")?;
            let options = optional(options_json, "options_json")?;
            engine.report(records, options)
        })
    }
}

// --- end reports ---

/// Writes the JSON Schema of a case for the newest version of one rule set (by id) to
/// `*out`. An unknown rule set is 1 (`book_error`).
///
/// # Safety
///
/// `engine` is NULL or a live handle; `rule_set_or_procedure_id` is NULL or a
/// NUL-terminated string; `out` is NULL or valid for writing one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sgr_case_schema(
    engine: *const sgr_engine,
    rule_set_or_procedure_id: *const c_char,
    out: *mut *mut c_char,
) -> c_int {
    // SAFETY: the caller's promises on every pointer, passed on.
    unsafe {
        call(out, || {
            let engine = engine_ref(engine)?;
            let id = required(rule_set_or_procedure_id, "rule_set_or_procedure_id")?;
            engine.case_schema(id)
        })
    }
}

/// Writes a generic JSON Schema to `*out`: `which` is `rules`, `determination`, `record`
/// or `case`. Anything else is 2.
///
/// # Safety
///
/// `which` is NULL or a NUL-terminated string; `out` is NULL or valid for writing one
/// pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sgr_schema(which: *const c_char, out: *mut *mut c_char) -> c_int {
    // SAFETY: the caller's promises on every pointer, passed on.
    unsafe {
        call(out, || {
            let which = required(which, "which")?;
            JsonEngine::schema(which)
        })
    }
}

/// Frees a string this library wrote to `*out` or `*error_json`. NULL is allowed and does
/// nothing. Never pass a string from anywhere else, nor free one twice.
///
/// # Safety
///
/// `s` is NULL or a string from this library not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn sgr_string_free(s: *mut c_char) {
    if s.is_null() {
        return;
    }
    let _ = catch_unwind(AssertUnwindSafe(|| {
        // SAFETY: the caller promises a string this library made with `CString::into_raw`,
        // and gives up its use.
        drop(unsafe { CString::from_raw(s) });
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn take(out: *mut c_char) -> String {
        assert!(!out.is_null());
        // SAFETY: a NUL-terminated string `call` made, not yet freed.
        let text = unsafe { CStr::from_ptr(out) }.to_str().unwrap().to_string();
        // SAFETY: the same string, freed once and not used after.
        unsafe { sgr_string_free(out) };
        text
    }

    #[test]
    fn a_panic_is_an_internal_error() {
        let mut out = std::ptr::null_mut();
        // SAFETY: `out` is a local valid for one write.
        let rc = unsafe { call(&mut out, || panic!("on purpose")) };
        assert_eq!(rc, SGR_INTERNAL);
        let error: serde_json::Value = serde_json::from_str(&take(out)).unwrap();
        assert_eq!(error["code"], "internal_error");
        assert!(error["message"].as_str().unwrap().contains("on purpose"));
    }

    #[test]
    fn a_result_holding_a_nul_is_a_case_error() {
        let mut out = std::ptr::null_mut();
        // SAFETY: as above.
        let rc = unsafe { call(&mut out, || Ok("a\0b".to_string())) };
        assert_eq!(rc, SGR_BAD_INPUT);
        assert!(take(out).starts_with(r#"{"code":"case_error""#));
    }

    #[test]
    fn each_code_has_its_return_code() {
        for (code, rc) in [
            (ErrorCode::CaseError, SGR_BAD_INPUT),
            (ErrorCode::LoadError, SGR_BAD_INPUT),
            (ErrorCode::BookError, SGR_BAD_INPUT),
            (ErrorCode::UsageError, SGR_USAGE),
            (ErrorCode::InternalError, SGR_INTERNAL),
        ] {
            assert_eq!(return_code(&EmbedError::new(code, "x")), rc);
        }
    }
}
