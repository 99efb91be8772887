//! What a case says of one fact, bound to a rule set's values.

use serde_json::Value;

use crate::rules::model::Domain;
use crate::wire::text::Text;

/// One fact's answer, bound to the rule set's values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Answer {
    /// A value index of a bool, enum or knowledge fact.
    Scalar(u8),
    /// The members of a set fact, as a bit mask over its declared values.
    Set(u64),
    /// An integer or date fact's value (a day number for dates) and the interval that
    /// holds it, which is what the diagrams read.
    Number(u8, i64),
}

impl Answer {
    /// The value index a scalar fact's diagram variable takes: the value's, or for a
    /// number its interval's.
    pub(crate) fn index(&self) -> Option<u8> {
        match self {
            Answer::Scalar(v) | Answer::Number(v, _) => Some(*v),
            Answer::Set(_) => None,
        }
    }
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

/// The JSON form of an answer.
pub(crate) fn answer_json(domain: &Domain, answer: &Answer) -> Value {
    match answer {
        Answer::Number(_, value) => match domain {
            Domain::Number(n) => n.value_json(*value),
            _ => Value::Null,
        },
        Answer::Scalar(i) => domain.value_json(*i),
        Answer::Set(mask) => Value::Array(
            (0..domain.len())
                .filter(|i| mask >> i & 1 == 1)
                .filter_map(|i| u8::try_from(i).ok())
                .map(|i| domain.value_json(i))
                .collect(),
        ),
    }
}
