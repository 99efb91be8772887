//! Errors from loading a rule file.

use std::fmt;

/// One problem found in a rule file, at a JSON pointer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where the problem is, as a JSON pointer into the rule file (`""` is the whole file).
    pub pointer: String,
    /// What was expected and what was found, with a suggestion where one exists.
    pub message: String,
}

impl Problem {
    pub(crate) fn new(pointer: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            pointer: pointer.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    /// The pointer, then the message; a problem with the whole document shows the message alone.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.pointer.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.pointer, self.message)
        }
    }
}

/// Problems on one line, separated by `; `; those about the whole document get `label: ` first.
pub(crate) fn join(problems: &[Problem], label: &str) -> String {
    let parts: Vec<String> = problems
        .iter()
        .map(|p| {
            if p.pointer.is_empty() {
                format!("{label}: {}", p.message)
            } else {
                p.to_string()
            }
        })
        .collect();
    parts.join("; ")
}

/// A rule file that could not be loaded.
///
/// ```
/// use safeguarding_rules::{LoadError, RuleSet};
/// let err = RuleSet::from_json("[1, 2]").unwrap_err();
/// assert!(matches!(err, LoadError::Shape(_)));
/// assert_eq!(err.to_string(), "rule file: expected an object, found an array");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LoadError {
    /// The text is not JSON, or repeats a key.
    #[error("line {line}, column {column}: {message}")]
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong there.
        message: String,
    },
    /// The text is larger than [`crate::Limits::MAX_RULE_FILE_BYTES`].
    #[error("rule file: {found} bytes is over the limit of {limit} bytes")]
    TooLarge {
        /// Bytes found.
        found: usize,
        /// The limit.
        limit: usize,
    },
    /// The JSON does not have the shape of a rule file.
    #[error("{}", join(std::slice::from_ref(.0), "rule file"))]
    Shape(Problem),
    /// The rule file is well formed but invalid; every problem found is listed.
    #[error("{}", join(.0, "rule file"))]
    Invalid(Vec<Problem>),
}

impl LoadError {
    /// Every problem with a JSON pointer (empty for syntax and size errors).
    pub fn problems(&self) -> &[Problem] {
        match self {
            LoadError::Shape(p) => std::slice::from_ref(p),
            LoadError::Invalid(ps) => ps,
            LoadError::Syntax { .. } | LoadError::TooLarge { .. } => &[],
        }
    }
}
