//! A problem at a JSON pointer, as rule files and cases report them, and the tidying
//! that keeps every message on one short line.

use std::fmt;

/// One problem found in a rule file or a case, at a JSON pointer.
///
/// ```
/// use safeguarding_rules::RuleSet;
/// let rules = RuleSet::embedded("care-act-2014-s44").unwrap();
/// let err = rules.evaluate_json(r#"{"facts": {"adult_stauts": "died"}}"#).unwrap_err();
/// let problem = &err.problems()[0];
/// assert_eq!(problem.pointer, "/facts/adult_stauts");
/// assert_eq!(problem.code, "undeclared_fact");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Where the problem is, as a JSON pointer into the document (`""` is the whole of it).
    pub pointer: String,
    /// The kind of problem, stable across versions, so that a program can react to it
    /// without reading the message: `undeclared_fact`, `unknown_key`, `over_limit`, … (the
    /// README's error catalogue lists them all).
    pub code: &'static str,
    /// What was expected and what was found, with a suggestion where one exists.
    pub message: String,
}

impl Problem {
    pub(crate) fn new(
        code: &'static str,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Problem {
        Problem {
            pointer: tidy_pointer(&pointer.into()),
            code,
            message: tidy(&message.into()),
        }
    }
}

/// Longest piece of user input quoted in a message, in characters.
const QUOTE_LIMIT: usize = 60;

/// Keeps a message on one line and short, whatever the input it quotes: control
/// characters are escaped, and text in backticks is cut at [`QUOTE_LIMIT`] characters.
pub(crate) fn tidy(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    for (i, part) in message.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        let quoted = i % 2 == 1;
        for (count, c) in part.chars().enumerate() {
            if quoted && count == QUOTE_LIMIT {
                out.push_str("...");
                break;
            }
            if c.is_control() {
                out.extend(c.escape_default());
            } else {
                out.push(c);
            }
        }
    }
    out
}

/// A JSON pointer with each long token cut and control characters escaped.
fn tidy_pointer(pointer: &str) -> String {
    let tokens: Vec<String> = pointer
        .split('/')
        .map(|token| {
            let mut t = String::new();
            for (count, c) in token.chars().enumerate() {
                if count == QUOTE_LIMIT {
                    t.push_str("...");
                    break;
                }
                if c.is_control() {
                    t.extend(c.escape_default());
                } else {
                    t.push(c);
                }
            }
            t
        })
        .collect();
    tokens.join("/")
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
