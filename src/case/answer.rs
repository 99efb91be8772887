//! What a case says of one fact, bound to a rule set's values.

use crate::wire::text::Text;

/// One fact's answer, bound to the rule set's values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Answer {
    /// A value index of a bool, enum or knowledge fact.
    Scalar(u8),
    /// The members of a set fact, as a bit mask over its declared values.
    Set(u64),
}

/// What a case says of one fact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Given {
    /// Not mentioned: unknown.
    Absent,
    /// Answered `null`: asked, not known.
    Asked,
    /// Answered, with an optional evidence reference.
    Value {
        answer: Answer,
        source: Option<Text>,
    },
}
