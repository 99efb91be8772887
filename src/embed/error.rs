//! The errors of the JSON surface: a code every binding maps to its host's exceptions,
//! the library error's text, and every positioned problem.

use serde::Serialize;

use crate::book::rule_book::{BookError, EvaluateError};
use crate::case::document::CaseError;
use crate::rules::load_error::LoadError;
use crate::wire::problem::Problem;

/// What kind of error an embedding call met; its JSON form is the error's `code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorCode {
    /// The case is not JSON, not a case, or does not fit the rule set.
    CaseError,
    /// A rule file given to the engine did not load.
    LoadError,
    /// The rule book has no rule set for the case, or none in force on its date.
    BookError,
    /// The call itself is wrong: an unknown format or schema, bad options, a missing argument.
    UsageError,
    /// A defect in the library; never expected.
    InternalError,
}

impl ErrorCode {
    /// The code as its JSON string: `case_error`, `load_error`, `book_error`,
    /// `usage_error` or `internal_error`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::CaseError => "case_error",
            ErrorCode::LoadError => "load_error",
            ErrorCode::BookError => "book_error",
            ErrorCode::UsageError => "usage_error",
            ErrorCode::InternalError => "internal_error",
        }
    }
}

/// One problem in an embedding error: where, of what kind, and what was wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EmbedProblem {
    /// A JSON pointer into the document the problem is in (`""` is the whole document).
    pub pointer: String,
    /// The kind of problem, stable across versions (the README's error catalogue).
    pub code: String,
    /// What was expected and what was found.
    pub message: String,
}

impl From<&Problem> for EmbedProblem {
    fn from(p: &Problem) -> EmbedProblem {
        EmbedProblem {
            pointer: p.pointer.clone(),
            code: p.code.to_string(),
            message: p.message.clone(),
        }
    }
}

/// An error from an embedding call, as its JSON (`{"code", "message", "problems"}`).
///
/// ```
/// use safeguarding_rules::JsonEngine;
/// let engine = JsonEngine::embedded();
/// let err = engine.evaluate(r#"{"facts": {"adult_stauts": "died"}}"#, None).unwrap_err();
/// assert_eq!(err.code.as_str(), "case_error");
/// assert_eq!(err.problems[0].pointer, "/facts/adult_stauts");
/// assert!(err.to_json().starts_with(r#"{"code":"case_error","message":"#));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{message}")]
pub struct EmbedError {
    /// The kind of error.
    pub code: ErrorCode,
    /// The library error's text, as the example programs print it after `error: PATH: `.
    pub message: String,
    /// Every positioned problem, in document order (empty when the error has none).
    pub problems: Vec<EmbedProblem>,
}

impl EmbedError {
    /// An error without positioned problems.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> EmbedError {
        EmbedError {
            code,
            message: crate::wire::problem::tidy(&message.into()),
            problems: Vec::new(),
        }
    }

    /// A usage error: the call itself is wrong.
    pub fn usage(message: impl Into<String>) -> EmbedError {
        EmbedError::new(ErrorCode::UsageError, message)
    }

    /// Bytes that are not UTF-8 in the argument `argument`, valid up to byte `valid_up_to`:
    /// a load error for rule files, a usage error for options, else a case error.
    pub fn not_utf8(argument: &str, valid_up_to: usize) -> EmbedError {
        let code = match argument {
            "rule_files_json" => ErrorCode::LoadError,
            "options_json" | "format" | "which" => ErrorCode::UsageError,
            _ => ErrorCode::CaseError,
        };
        let message = format!("`{argument}` is not valid UTF-8 after byte {valid_up_to}");
        EmbedError {
            code,
            problems: vec![EmbedProblem {
                pointer: String::new(),
                code: "invalid_utf8".to_string(),
                message: message.clone(),
            }],
            message,
        }
    }

    /// The error as one line of JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| {
            r#"{"code":"internal_error","message":"the error could not be written","problems":[]}"#
                .to_string()
        })
    }

    fn with_problems(code: ErrorCode, message: String, problems: &[Problem]) -> EmbedError {
        EmbedError {
            code,
            message,
            problems: problems.iter().map(EmbedProblem::from).collect(),
        }
    }
}

impl From<CaseError> for EmbedError {
    fn from(e: CaseError) -> EmbedError {
        // Errors of the whole text carry no problem of their own; give them one, so that a
        // client can always react to `problems[0].code`.
        let whole = match &e {
            CaseError::Syntax { .. } => Some("not_json"),
            CaseError::TooLarge { .. } => Some("over_limit"),
            _ => None,
        };
        with_whole(ErrorCode::CaseError, e.to_string(), e.problems(), whole)
    }
}

impl From<LoadError> for EmbedError {
    fn from(e: LoadError) -> EmbedError {
        let whole = match &e {
            LoadError::Syntax { .. } => Some("not_json"),
            LoadError::TooLarge { .. } => Some("over_limit"),
            _ => None,
        };
        with_whole(ErrorCode::LoadError, e.to_string(), e.problems(), whole)
    }
}

/// An error from its problems, or, when it has none, one problem of the whole document.
fn with_whole(
    code: ErrorCode,
    message: String,
    problems: &[Problem],
    whole: Option<&'static str>,
) -> EmbedError {
    let mut error = EmbedError::with_problems(code, message, problems);
    if let (true, Some(kind)) = (error.problems.is_empty(), whole) {
        error.problems.push(EmbedProblem {
            pointer: String::new(),
            code: kind.to_string(),
            message: error.message.clone(),
        });
    }
    error
}

impl From<BookError> for EmbedError {
    fn from(e: BookError) -> EmbedError {
        match &e {
            // A rule file that does not load is a load error wherever it was given.
            BookError::Load { error, .. } => {
                let mut inner = EmbedError::from(error.clone());
                inner.message = e.to_string();
                inner
            }
            _ => EmbedError::new(ErrorCode::BookError, e.to_string()),
        }
    }
}

impl From<EvaluateError> for EmbedError {
    fn from(e: EvaluateError) -> EmbedError {
        match e {
            EvaluateError::Book(e) => e.into(),
            EvaluateError::Case(e) => e.into(),
        }
    }
}
