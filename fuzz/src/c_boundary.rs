//! Arbitrary bytes, not necessarily UTF-8, through the C binding's exported functions:
//! `sgr_evaluate` and `sgr_replay` must answer 0, 1 or 2 (never 3, never a crash), always
//! with a string in `*out`: the result, or the error JSON whose `code` matches the return
//! code. Also run by `bindings/c/tests/boundary.rs` on pseudo-random bytes.
//!
//! The includer brings the C binding's crate into scope as `ffi`.

use std::ffi::{CStr, CString, c_char};
use std::ptr;
use std::sync::OnceLock;

use super::ffi;

/// One engine over the embedded packs for the whole process (made once, never freed).
fn engine() -> &'static ffi::sgr_engine {
    static ENGINE: OnceLock<&'static ffi::sgr_engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let mut engine = ptr::null_mut();
        // SAFETY: `engine` is a local valid for one write; no rule files, no error string.
        let rc = unsafe { ffi::sgr_engine_new(ptr::null(), &mut engine, ptr::null_mut()) };
        assert_eq!(rc, 0, "the embedded engine");
        // SAFETY: a live engine that is never freed, immutable and `Sync`.
        unsafe { &*engine }
    })
}

/// Takes the string the library wrote, checks it against the return code and frees it.
fn answer(call: &str, rc: i32, out: *mut c_char, input_is_utf8: bool) -> String {
    assert!(
        !out.is_null(),
        "{call}: no string in *out (return code {rc})"
    );
    // SAFETY: the library wrote a NUL-terminated string it owns until we free it.
    let text = unsafe { CStr::from_ptr(out) }.to_str().map(str::to_string);
    // SAFETY: a string from the library, freed once.
    unsafe { ffi::sgr_string_free(out) };
    let text = text.unwrap_or_else(|e| panic!("{call}: *out is not UTF-8: {e}"));
    match rc {
        0 => assert!(input_is_utf8, "{call}: bytes not UTF-8 accepted"),
        1 | 2 => {
            let error: serde_json::Value = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("{call}: the error is not JSON: {e}: {text}"));
            let code = error["code"].as_str().unwrap_or_default();
            let expected: &[&str] = if rc == 1 {
                &["case_error", "load_error", "book_error"]
            } else {
                &["usage_error"]
            };
            assert!(
                expected.contains(&code),
                "{call}: return code {rc} with {text}"
            );
            assert!(error["message"].is_string(), "{call}: no message: {text}");
            for problem in error["problems"].as_array().expect("problems") {
                let code = problem["code"].as_str().unwrap_or_default();
                assert!(!code.is_empty(), "{call}: a problem without a code: {text}");
            }
        }
        _ => panic!("{call}: return code {rc}: {text}"),
    }
    text
}

/// The bytes up to the first NUL are the case (and the record line); the bytes after it,
/// without NULs, the options. Returns the two return codes.
pub fn c_boundary(data: &[u8]) -> (i32, i32) {
    let (first, rest) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], Some(&data[i + 1..])),
        None => (data, None),
    };
    let case = CString::new(first).expect("no NUL before the first NUL");
    let options = rest.map(|r| {
        CString::new(r.iter().copied().filter(|&b| b != 0).collect::<Vec<u8>>())
            .expect("NULs removed")
    });
    let options_ptr = options.as_ref().map_or(ptr::null(), |o| o.as_ptr());
    let utf8 =
        std::str::from_utf8(first).is_ok() && options.as_ref().is_none_or(|o| o.to_str().is_ok());

    let mut out = ptr::null_mut();
    // SAFETY: a live engine, NUL-terminated strings or null, `out` a local.
    let evaluated = unsafe { ffi::sgr_evaluate(engine(), case.as_ptr(), options_ptr, &mut out) };
    let text = answer("sgr_evaluate", evaluated, out, utf8);
    if evaluated == 0 {
        let determination: serde_json::Value =
            serde_json::from_str(&text).expect("a determination is JSON");
        assert!(determination["outcome"].is_string(), "no outcome: {text}");
    }

    let mut out = ptr::null_mut();
    // SAFETY: as above.
    let replayed = unsafe { ffi::sgr_replay(engine(), case.as_ptr(), &mut out) };
    let text = answer(
        "sgr_replay",
        replayed,
        out,
        std::str::from_utf8(first).is_ok(),
    );
    if replayed == 0 {
        let report: serde_json::Value = serde_json::from_str(&text).expect("a report is JSON");
        assert!(report["verdict"].is_string(), "no verdict: {text}");
    }
    (evaluated, replayed)
}
