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
    /// An integer or a date, its range cut into intervals by the thresholds tested.
    Number(Numbers),
}

/// Whether a number fact holds integers or dates (as day numbers, see
/// [`crate::wire::date::day_number`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NumberKind {
    Integer,
    Date,
}

/// An integer or date fact's range and the intervals the rule set's tests cut it into:
/// every value in one interval passes and fails the same tests, so an interval is one
/// value of the fact's diagram variable and exactness is kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Numbers {
    pub kind: NumberKind,
    /// The least value, inclusive, and whether the rule file declared it.
    pub min: i64,
    pub has_min: bool,
    /// The greatest value, inclusive, and whether the rule file declared it.
    pub max: i64,
    pub has_max: bool,
    /// The first value of each interval, ascending; the first is `min`.
    pub starts: Vec<i64>,
}

impl Numbers {
    /// The interval holding `value`, if it is within range.
    pub(crate) fn interval_of(&self, value: i64) -> Option<u8> {
        if value < self.min || value > self.max {
            return None;
        }
        let i = self
            .starts
            .partition_point(|s| *s <= value)
            .checked_sub(1)?;
        u8::try_from(i).ok()
    }

    /// Interval `i`'s bounds, both inclusive.
    pub(crate) fn bounds(&self, i: u8) -> Option<(i64, i64)> {
        let i = usize::from(i);
        let lo = *self.starts.get(i)?;
        let hi = self.starts.get(i + 1).map_or(self.max, |next| next - 1);
        Some((lo, hi))
    }

    /// A value's JSON form: a number, or a date's text.
    pub(crate) fn value_json(&self, value: i64) -> Value {
        match self.kind {
            NumberKind::Integer => Value::from(value),
            NumberKind::Date => Value::String(crate::wire::date::date_text(value)),
        }
    }

    /// Interval `i` as a range: `{"at_least": …, "at_most": …}` for integers,
    /// `{"on_or_after": …, "on_or_before": …}` for dates; an end at an undeclared bound
    /// (the whole of i64, or of the calendar) is left out.
    pub(crate) fn range_json(&self, i: u8) -> Value {
        let Some((lo, hi)) = self.bounds(i) else {
            return Value::Null;
        };
        let (low, high) = match self.kind {
            NumberKind::Integer => ("at_least", "at_most"),
            NumberKind::Date => ("on_or_after", "on_or_before"),
        };
        let mut range = serde_json::Map::new();
        if lo > self.min || self.has_min {
            range.insert(low.to_string(), self.value_json(lo));
        }
        if hi < self.max || self.has_max {
            range.insert(high.to_string(), self.value_json(hi));
        }
        Value::Object(range)
    }

    /// The mask of the intervals within `lo..=hi` (each interval lies wholly inside or
    /// wholly outside any range a test names, since tests cut the intervals).
    pub(crate) fn mask(&self, lo: i64, hi: i64) -> u64 {
        (0..self.starts.len())
            .filter_map(|i| u8::try_from(i).ok())
            .filter(|i| self.bounds(*i).is_some_and(|(a, b)| a >= lo && b <= hi))
            .fold(0, |m, i| m | 1u64.checked_shl(u32::from(i)).unwrap_or(0))
    }
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
            Domain::Number(n) if n.kind == NumberKind::Integer => "integer",
            Domain::Number(_) => "date",
        }
    }

    /// Declared value ids (or `["false", "true"]` for bool, whose JSON values are booleans).
    pub(crate) fn names(&self) -> Vec<&str> {
        match self {
            Domain::Bool => vec!["false", "true"],
            Domain::Enum(v) | Domain::Set(v) => v.iter().map(String::as_str).collect(),
            Domain::Knowledge => KNOWLEDGE.to_vec(),
            Domain::Number(_) => Vec::new(),
        }
    }

    /// How many values a scalar fact has, or members a set fact may contain.
    pub(crate) fn len(&self) -> usize {
        match self {
            Domain::Bool => 2,
            Domain::Enum(v) | Domain::Set(v) => v.len(),
            Domain::Knowledge => KNOWLEDGE.len(),
            Domain::Number(n) => n.starts.len(),
        }
    }

    /// The JSON form of value (or member) `index`.
    /// An integer or date fact's value `index` is an interval: `{"range": …}`.
    pub(crate) fn value_json(&self, index: u8) -> Value {
        match self {
            Domain::Bool => Value::Bool(index == 1),
            Domain::Number(n) => serde_json::json!({"range": n.range_json(index)}),
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
    /// Holds when an integer or date fact lies within `lo..=hi` (a day number for dates).
    Range(i64, i64),
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
            // Shown as the rule file wrote it, kept beside the test when it is read.
            Test::Range(..) => return None,
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

impl Expr {
    /// Calls `f` on every fact test written in this condition, not following rules.
    pub(crate) fn visit_tests(&self, f: &mut dyn FnMut(usize, Test)) {
        match self {
            Expr::All(xs) | Expr::Any(xs) => xs.iter().for_each(|x| x.visit_tests(f)),
            Expr::Not(x) => x.visit_tests(f),
            Expr::Test { fact, test, .. } => f(*fact, *test),
            Expr::Rule(_) | Expr::Decision { .. } => {}
        }
    }

    /// The condition with every fact index mapped, as an imported rule set's constraint
    /// reads in the importing rule set's vocabulary.
    pub(crate) fn map_facts(&self, map: &dyn Fn(usize) -> usize) -> Expr {
        match self {
            Expr::All(xs) => Expr::All(xs.iter().map(|x| x.map_facts(map)).collect()),
            Expr::Any(xs) => Expr::Any(xs.iter().map(|x| x.map_facts(map)).collect()),
            Expr::Not(x) => Expr::Not(Box::new(x.map_facts(map))),
            Expr::Test { fact, test, shown } => Expr::Test {
                fact: map(*fact),
                test: *test,
                shown: shown.clone(),
            },
            other => other.clone(),
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

/// A condition over facts that every completion must satisfy.
#[derive(Debug, Clone)]
pub(crate) struct Constraint {
    pub id: Text,
    pub cites: Cites,
    pub says: Text,
    pub condition: Expr,
}

/// An advisory remark.
#[derive(Debug, Clone)]
pub(crate) struct Note {
    pub id: Text,
    pub cites: Cites,
    pub text: Text,
    pub condition: Expr,
}
