//! The validated rule set's parts. Only the validator builds them, so every index in
//! them points at something that exists.

use serde_json::Value;

use crate::wire::text::{Cites, Json, Text};

/// The values a fact can take. Scalar values are numbered; a set fact's members are
/// numbered the same way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Domain {
    Bool,
    Enum(Vec<String>),
    Knowledge,
    Set(Vec<String>),
}

/// Knowledge values, in the order their indices use.
pub(crate) const KNOWLEDGE: [&str; 3] = ["known", "suspected", "not_suspected"];

impl Domain {
    /// The type name used in rule files and schemas.
    pub(crate) fn type_name(&self) -> &'static str {
        match self {
            Domain::Bool => "bool",
            Domain::Enum(_) => "enum",
            Domain::Knowledge => "knowledge",
            Domain::Set(_) => "set",
        }
    }

    /// Declared value ids (or `["false", "true"]` for bool, whose JSON values are booleans).
    pub(crate) fn names(&self) -> Vec<&str> {
        match self {
            Domain::Bool => vec!["false", "true"],
            Domain::Enum(v) | Domain::Set(v) => v.iter().map(String::as_str).collect(),
            Domain::Knowledge => KNOWLEDGE.to_vec(),
        }
    }

    /// How many values a scalar fact has, or members a set fact may contain.
    pub(crate) fn len(&self) -> usize {
        match self {
            Domain::Bool => 2,
            Domain::Enum(v) | Domain::Set(v) => v.len(),
            Domain::Knowledge => KNOWLEDGE.len(),
        }
    }

    /// The JSON form of value (or member) `index`.
    pub(crate) fn value_json(&self, index: u8) -> Value {
        match self {
            Domain::Bool => Value::Bool(index == 1),
            _ => self
                .names()
                .get(usize::from(index))
                .map_or(Value::Null, |s| Value::String((*s).to_string())),
        }
    }

    /// The index of a JSON value among the declared values, if declared.
    pub(crate) fn index_of(&self, value: &Value) -> Option<u8> {
        match (self, value) {
            (Domain::Bool, Value::Bool(b)) => Some(u8::from(*b)),
            (Domain::Bool, _) => None,
            (_, Value::String(s)) => self
                .names()
                .iter()
                .position(|n| n == s)
                .and_then(|i| u8::try_from(i).ok()),
            _ => None,
        }
    }
}

/// A fact of the vocabulary.
#[derive(Debug, Clone)]
pub(crate) struct Fact {
    pub id: Text,
    pub domain: Domain,
    pub question: Text,
    pub cites: Cites,
    /// The JSON form of each value (or member), by index, for traces to share.
    pub shown: Vec<Json>,
    /// `(fact, value)`: any answer to this fact implies that fact has that value.
    pub presupposes: Option<(usize, u8)>,
    pub recorded_only: bool,
}

/// A test of one fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Test {
    /// A bare bool fact: holds when it is true.
    True,
    /// Holds when the scalar fact has this value.
    Is(u8),
    /// Holds when the scalar fact has one of the values in the mask.
    In(u64),
    /// Holds when the set fact contains this member.
    Contains(u8),
    /// Holds when the case answers (or, with `false`, does not answer) the fact.
    Given(bool),
}

impl Test {
    /// The test as a trace shows it: `{"is": …}`, `{"in": […]}`, `{"contains": …}` or
    /// `{"given": …}`; nothing for a bare bool test.
    pub(crate) fn shown(self, domain: &Domain) -> Option<Json> {
        let value = match self {
            Test::True => return None,
            Test::Is(v) => serde_json::json!({"is": domain.value_json(v)}),
            Test::In(mask) => serde_json::json!({"in": (0..domain.len())
                .filter(|i| mask >> i & 1 == 1)
                .filter_map(|i| u8::try_from(i).ok())
                .map(|i| domain.value_json(i))
                .collect::<Vec<Value>>()}),
            Test::Contains(m) => serde_json::json!({"contains": domain.value_json(m)}),
            Test::Given(b) => serde_json::json!({"given": b}),
        };
        Some(Json::from(value))
    }
}

/// A test of an imported determination.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DecisionTest {
    /// The outcome is this one (the import's outcome count stands for undetermined).
    Is(u8),
    /// This outcome is possible.
    Possible(u8),
}

/// A validated condition.
#[derive(Debug, Clone)]
pub(crate) enum Expr {
    All(Vec<Expr>),
    Any(Vec<Expr>),
    Not(Box<Expr>),
    Rule(usize),
    Test {
        fact: usize,
        test: Test,
        /// The test as a trace shows it (`{"is": …}`, …); `None` for a bare bool test.
        shown: Option<Json>,
    },
    Decision {
        import: usize,
        test: DecisionTest,
    },
}

impl Expr {
    /// Calls `f` on every fact this condition tests, following rule references.
    pub(crate) fn visit_facts(&self, rules: &[Rule], f: &mut dyn FnMut(usize, Test)) {
        match self {
            Expr::All(xs) | Expr::Any(xs) => xs.iter().for_each(|x| x.visit_facts(rules, f)),
            Expr::Not(x) => x.visit_facts(rules, f),
            Expr::Rule(r) => {
                if let Some(rule) = rules.get(*r) {
                    rule.condition.visit_facts(rules, f);
                }
            }
            Expr::Test { fact, test, .. } => f(*fact, *test),
            Expr::Decision { .. } => {}
        }
    }
}

/// A named, cited condition.
#[derive(Debug, Clone)]
pub(crate) struct Rule {
    pub id: Text,
    pub cites: Cites,
    pub says: Says,
    pub condition: Expr,
}

/// The wording a trace shows for each Kleene value of a rule or outcome.
#[derive(Debug, Clone)]
pub(crate) struct Says {
    pub holds: Text,
    pub fails: Text,
    /// "not yet known whether" and the `holds` wording.
    pub unknown: Text,
}

impl Says {
    pub(crate) fn new(holds: &str, fails: Option<&str>) -> Says {
        Says {
            holds: Text::from(holds),
            fails: Text::from(fails.unwrap_or_default()),
            unknown: Text::from(format!("not yet known whether {holds}")),
        }
    }
}

/// One outcome; only the last has no condition.
#[derive(Debug, Clone)]
pub(crate) struct Outcome {
    pub id: Text,
    pub cites: Cites,
    pub says: Says,
    /// The summary of a determination settling on this outcome.
    pub summary: Text,
    pub condition: Option<Expr>,
}

/// An advisory remark.
#[derive(Debug, Clone)]
pub(crate) struct Note {
    pub id: Text,
    pub cites: Cites,
    pub text: Text,
    pub condition: Expr,
}
