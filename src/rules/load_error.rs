//! Errors from loading a rule file.

use crate::wire::problem::{Problem, join};

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
