//! Cases: the facts a caseworker gives, read and bound to a rule set's vocabulary.

use std::borrow::Cow;
use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::case::answer::{Answer, Given};
use crate::case::known::Known;
use crate::rules::limits::Limits;
use crate::rules::model::Domain;
use crate::rules::ruleset::RuleSet;
use crate::wire::date::is_date;
use crate::wire::json::{escape_token, parse_strict, show, type_name};
use crate::wire::problem::{Problem, join};
use crate::wire::suggest::suggestion;
use crate::wire::text::Text;

/// A case as given: which rule set, a reference, the date it is decided as of, and facts.
///
/// A fact absent from `facts` is unknown; `null` means asked, not known; a value may be
/// plain or `{"value": …, "source": "…"}` to carry an evidence reference into the trace.
///
/// ```
/// use safeguarding_rules::Case;
/// let case = Case::from_json(r#"{"reference": "2024-017", "facts": {"in_board_area": true}}"#).unwrap();
/// assert_eq!(case.reference.as_deref(), Some("2024-017"));
/// assert!(Case::from_json("[]").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "Case")]
pub struct Case {
    /// The rule set to apply; absent, the default pack.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule_set: Option<String>,
    /// The caller's reference for the case.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// The date (`YYYY-MM-DD`) the case is decided as of; it must fall within the rule set's in-force dates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    /// The facts, by id.
    pub facts: Map<String, Value>,
}

/// A case that could not be read or does not fit the rule set's vocabulary.
///
/// ```
/// use safeguarding_rules::RuleSet;
/// let rules = RuleSet::embedded("care-act-2014-s44").unwrap();
/// let err = rules.evaluate_json(r#"{"facts": {"adult_stauts": "died"}}"#).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "/facts/adult_stauts: undeclared fact `adult_stauts`, did you mean `adult_status`?"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CaseError {
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
    /// The text is larger than [`crate::Limits::MAX_CASE_BYTES`].
    #[error("case: {found} bytes is over the limit of {limit} bytes")]
    TooLarge {
        /// Bytes found.
        found: usize,
        /// The limit.
        limit: usize,
    },
    /// The case does not fit; every problem found is listed.
    #[error("{}", join(.0, "case"))]
    Invalid(Vec<Problem>),
}

impl CaseError {
    /// Every problem with a JSON pointer (empty for syntax and size errors).
    pub fn problems(&self) -> &[Problem] {
        match self {
            CaseError::Invalid(ps) => ps,
            CaseError::Syntax { .. } | CaseError::TooLarge { .. } => &[],
        }
    }
}

const CASE_KEYS: [&str; 4] = ["rule_set", "reference", "as_of", "facts"];

impl Case {
    /// Reads a case document. Facts are checked against a rule set later, by [`RuleSet::bind`].
    pub fn from_json(text: &str) -> Result<Case, CaseError> {
        if text.len() > Limits::MAX_CASE_BYTES {
            return Err(CaseError::TooLarge {
                found: text.len(),
                limit: Limits::MAX_CASE_BYTES,
            });
        }
        let value = parse_strict(text).map_err(|e| CaseError::Syntax {
            line: e.line,
            column: e.column,
            message: e.message,
        })?;
        Case::from_value(value)
    }

    /// Reads a case from a JSON value already parsed.
    pub fn from_value(value: Value) -> Result<Case, CaseError> {
        let mut p = Vec::new();
        let Value::Object(object) = value else {
            return Err(CaseError::Invalid(vec![Problem::new(
                "",
                format!("expected a JSON object, found {}", type_name(&value)),
            )]));
        };
        let mut case = Case::default();
        let mut has_facts = false;
        for (key, v) in object {
            let at = || format!("/{}", escape_token(&key));
            match key.as_str() {
                "facts" => match v {
                    Value::Object(facts) => {
                        has_facts = true;
                        case.facts = facts;
                    }
                    other => p.push(Problem::new(
                        at(),
                        format!("expected an object of facts, found {}", type_name(&other)),
                    )),
                },
                "rule_set" | "reference" | "as_of" => match v {
                    Value::String(s) => {
                        if key == "as_of" && !is_date(&s) {
                            p.push(Problem::new(
                                at(),
                                format!("expected a date `YYYY-MM-DD`, found `{s}`"),
                            ));
                        }
                        match key.as_str() {
                            "rule_set" => case.rule_set = Some(s),
                            "reference" => case.reference = Some(s),
                            _ => case.as_of = Some(s),
                        }
                    }
                    Value::Null => {}
                    other => p.push(Problem::new(
                        at(),
                        format!("expected a string, found {}", type_name(&other)),
                    )),
                },
                _ => {
                    let hint = suggestion(&key, CASE_KEYS);
                    p.push(Problem::new(
                        at(),
                        format!("unknown key `{key}`, expected one of `rule_set`, `reference`, `as_of`, `facts`{hint}"),
                    ));
                }
            }
        }
        if !has_facts && p.is_empty() {
            p.push(Problem::new(
                "/facts",
                "missing key `facts`: give an object of facts, `{}` when none are known",
            ));
        }
        if p.is_empty() {
            Ok(case)
        } else {
            Err(CaseError::Invalid(p))
        }
    }

    /// The case as a JSON value, as given.
    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

/// A case's facts bound to one rule set's vocabulary: every value declared, every type right.
///
/// Build them from a [`Case`] with [`RuleSet::bind`], or fact by fact with [`Facts::set`].
///
/// ```
/// use safeguarding_rules::RuleSet;
/// use serde_json::json;
/// let rules = RuleSet::embedded("care-act-2014-s44").unwrap();
/// let mut facts = rules.facts();
/// facts.set("in_board_area", json!(false)).unwrap();
/// assert_eq!(facts.evaluate().outcome, "outside_section_44");
/// assert!(facts.set("adult_status", json!("dead")).is_err());
/// ```
#[derive(Debug, Clone)]
pub struct Facts<'r> {
    pub(crate) rules: &'r RuleSet,
    pub(crate) given: Vec<Given>,
    /// The compiled form of `given`: one value per diagram variable, presuppositions and
    /// imports applied, kept current by every change so that the outcome is a walk.
    /// Inline for rule sets of ordinary size: the outcome alone reads only this and the
    /// rule set.
    pub(crate) assignment: crate::case::assignment::Assignment,
    /// Each fact's status and answer once presuppositions apply, kept current likewise.
    pub(crate) status: Box<[crate::case::known::Status]>,
    pub(crate) answers: Box<[Option<Answer>]>,
}

impl RuleSet {
    /// Facts with nothing known, to fill in with [`Facts::set`].
    pub fn facts(&self) -> Facts<'_> {
        Facts::from_given(self, vec![Given::Absent; self.facts.len()])
    }

    /// Binds a case's facts to this rule set, reporting every problem.
    ///
    /// The case must name this rule set (or none), and its `as_of`, if any, must fall within
    /// the rule set's in-force dates.
    pub fn bind(&self, case: &Case) -> Result<Facts<'_>, CaseError> {
        let mut p = Vec::new();
        if let Some(named) = &case.rule_set
            && named != self.id()
        {
            p.push(Problem::new(
                "/rule_set",
                format!(
                    "the case names rule set `{named}`, but it is being evaluated against `{}`",
                    self.id()
                ),
            ));
        }
        if let Some(as_of) = &case.as_of
            && is_date(as_of)
            && !self.in_force_on(as_of)
        {
            let period = match self.in_force_to() {
                Some(to) => format!("from {} until {to}", self.in_force_from()),
                None => format!("from {}", self.in_force_from()),
            };
            p.push(Problem::new(
                "/as_of",
                format!(
                    "rule set `{}` is not in force on `{as_of}`: it is in force {period}",
                    self.id()
                ),
            ));
        }
        let mut facts = self.facts();
        for (id, value) in &case.facts {
            if let Err(problem) = facts.bind_one(id, value) {
                p.push(problem);
            }
        }
        if p.is_empty() {
            facts.compile();
            Ok(facts)
        } else {
            Err(CaseError::Invalid(p))
        }
    }
}

impl<'r> Facts<'r> {
    pub(crate) fn from_given(rules: &'r RuleSet, given: Vec<Given>) -> Facts<'r> {
        let mut facts = Facts {
            rules,
            given,
            assignment: crate::case::assignment::Assignment::default(),
            status: Box::default(),
            answers: Box::default(),
        };
        facts.compile();
        facts
    }

    /// Brings the assignment up to date with the answers.
    fn compile(&mut self) {
        let given = &self.given;
        let known = crate::case::known::Known::resolve(self.rules, given);
        let mut assignment = known.assignment(self.rules);
        crate::case::known::assign_decisions(self.rules, given, &mut assignment);
        self.assignment = assignment.into();
        self.status = known.status.into_owned().into_boxed_slice();
        self.answers = known.answers.into_owned().into_boxed_slice();
    }

    /// Sets one fact from its JSON form: a plain value, `null` (asked, not known), or
    /// `{"value": …, "source": "…"}`.
    pub fn set(&mut self, fact: &str, value: Value) -> Result<&mut Self, CaseError> {
        self.bind_one(fact, &value)
            .map_err(|p| CaseError::Invalid(vec![p]))?;
        self.compile();
        Ok(self)
    }

    /// Forgets one fact: it becomes unknown again.
    pub fn unset(&mut self, fact: &str) -> &mut Self {
        if let Some(slot) = self
            .rules
            .fact_index
            .get(fact)
            .and_then(|i| self.given.get_mut(*i))
        {
            *slot = Given::Absent;
        }
        self.compile();
        self
    }

    /// The rule set these facts are bound to.
    pub fn rule_set(&self) -> &'r RuleSet {
        self.rules
    }

    /// The outcome alone: the settled outcome's id, or `None` while more than one is
    /// possible. The fast path: it allocates nothing for rule sets of ordinary size.
    ///
    /// ```
    /// use safeguarding_rules::RuleSet;
    /// let rules = RuleSet::embedded("care-act-2014-s44").unwrap();
    /// let mut facts = rules.facts();
    /// assert_eq!(facts.outcome(), None);
    /// facts.set("in_board_area", serde_json::json!(false)).unwrap();
    /// assert_eq!(facts.outcome(), Some("outside_section_44"));
    /// ```
    pub fn outcome(&self) -> Option<&'r str> {
        let mask = self.possible_mask();
        if mask.count_ones() == 1 {
            self.rules
                .outcomes
                .get(mask.trailing_zeros() as usize)
                .map(|o| o.id.as_str())
        } else {
            None
        }
    }

    /// Whether `outcome` is among the outcomes still possible; allocates nothing.
    pub fn is_possible(&self, outcome: &str) -> bool {
        let mask = self.possible_mask();
        self.rules
            .outcomes
            .iter()
            .position(|o| o.id == outcome)
            .is_some_and(|i| mask >> i & 1 == 1)
    }

    /// The possible outcomes as a mask over the rule set's outcomes; allocates nothing
    /// for rule sets of ordinary size.
    pub(crate) fn possible_mask(&self) -> u64 {
        crate::case::assignment::mask(self.rules, &self.assignment)
    }

    // 131 lines: on the binding path of every evaluation; to split with a measurement.
    #[allow(clippy::too_many_lines)]
    fn bind_one(&mut self, id: &str, value: &Value) -> Result<(), Problem> {
        // Pointers are written only for an error: binding is on every evaluation's path.
        let at = || format!("/facts/{}", escape_token(id));
        let Some(&index) = self.rules.fact_index.get(id) else {
            let hint = suggestion(id, self.rules.fact_index.keys().map(String::as_str));
            return Err(Problem::new(at(), format!("undeclared fact `{id}`{hint}")));
        };
        let fact = self
            .rules
            .facts
            .get(index)
            .ok_or_else(|| Problem::new(at(), "internal: fact index"))?;
        let (plain, source) = match value {
            Value::Object(o) => {
                for key in o.keys() {
                    if key != "value" && key != "source" {
                        return Err(Problem::new(
                            format!("{}/{}", at(), escape_token(key)),
                            format!(
                                "unknown key `{key}` in the answer to `{id}`, expected `value` and `source`"
                            ),
                        ));
                    }
                }
                let Some(v) = o.get("value") else {
                    return Err(Problem::new(
                        at(),
                        format!("missing key `value` in the answer to `{id}`"),
                    ));
                };
                let source = match o.get("source") {
                    None | Some(Value::Null) => None,
                    Some(Value::String(s)) if s.len() > Limits::MAX_SOURCE_BYTES => {
                        return Err(Problem::new(
                            format!("{}/source", at()),
                            format!(
                                "expected a source of at most {} bytes for `{id}`, found {} bytes",
                                Limits::MAX_SOURCE_BYTES,
                                s.len()
                            ),
                        ));
                    }
                    Some(Value::String(s)) => Some(Text::from(s.as_str())),
                    Some(other) => {
                        return Err(Problem::new(
                            format!("{}/source", at()),
                            format!(
                                "expected a string for the source of `{id}`, found {}",
                                type_name(other)
                            ),
                        ));
                    }
                };
                (v, source)
            }
            v => (v, None),
        };
        let answer_at = || {
            if matches!(value, Value::Object(_)) {
                format!("{}/value", at())
            } else {
                at()
            }
        };
        let given = match (plain, &fact.domain) {
            (Value::Null, _) => Given::Asked,
            (Value::Array(items), Domain::Set(_)) => {
                let mut mask = 0u64;
                for (i, item) in items.iter().enumerate() {
                    let item_at = || format!("{}/{i}", answer_at());
                    let member = fact
                        .domain
                        .index_of(item)
                        .ok_or_else(|| undeclared(id, &fact.domain, item, &item_at()))?;
                    let bit = 1u64.checked_shl(u32::from(member)).unwrap_or(0);
                    if mask & bit != 0 {
                        return Err(Problem::new(
                            item_at(),
                            format!("duplicate value {} in set fact `{id}`", quoted(item)),
                        ));
                    }
                    mask |= bit;
                }
                Given::Value {
                    answer: Answer::Set(mask),
                    source,
                }
            }
            (v, Domain::Set(_)) => {
                return Err(Problem::new(
                    answer_at(),
                    format!(
                        "expected an array of values for set fact `{id}`, found {}",
                        type_name(v)
                    ),
                ));
            }
            (v @ Value::Bool(_), Domain::Bool)
            | (v @ Value::String(_), Domain::Enum(_) | Domain::Knowledge) => {
                let index = fact
                    .domain
                    .index_of(v)
                    .ok_or_else(|| undeclared(id, &fact.domain, v, &answer_at()))?;
                Given::Value {
                    answer: Answer::Scalar(index),
                    source,
                }
            }
            (v, Domain::Bool) => {
                return Err(Problem::new(
                    answer_at(),
                    format!(
                        "expected `true` or `false` for bool fact `{id}`, found {}",
                        type_name(v)
                    ),
                ));
            }
            (v, d) => {
                return Err(Problem::new(
                    answer_at(),
                    format!(
                        "expected a string for {} fact `{id}` (one of `{}`), found {}",
                        d.type_name(),
                        d.names().join("`, `"),
                        type_name(v)
                    ),
                ));
            }
        };
        if let Some(slot) = self.given.get_mut(index) {
            *slot = given;
        }
        Ok(())
    }

    /// The facts in the form a case gives them, by id.
    pub fn to_map(&self) -> BTreeMap<String, Value> {
        let mut out = BTreeMap::new();
        for (fact, given) in self.rules.facts.iter().zip(&self.given) {
            let value = match given {
                Given::Absent => continue,
                Given::Asked => Value::Null,
                Given::Value { answer, source } => {
                    let plain = answer_json(&fact.domain, answer);
                    match source {
                        Some(s) => serde_json::json!({"value": plain, "source": s}),
                        None => plain,
                    }
                }
            };
            out.insert(fact.id.to_string(), value);
        }
        out
    }
}

/// The JSON form of an answer.
pub(crate) fn answer_json(domain: &Domain, answer: &Answer) -> Value {
    match answer {
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

fn quoted(v: &Value) -> String {
    format!("`{}`", show(v).trim_matches('"'))
}

fn undeclared(id: &str, domain: &Domain, value: &Value, at: &str) -> Problem {
    let message = match value {
        Value::String(s) => format!(
            "`{s}` is not a declared value of `{id}` (expected one of `{}`){}",
            domain.names().join("`, `"),
            suggestion(s, domain.names())
        ),
        other => format!(
            "expected one of `{}` for `{id}`, found {}",
            domain.names().join("`, `"),
            type_name(other)
        ),
    };
    Problem::new(at, message)
}

impl crate::rules::model::Fact {
    /// An answer's JSON form; a scalar answer's is shared with the rule set.
    pub(crate) fn answer_shown(&self, answer: &Answer) -> crate::wire::text::Json {
        match answer {
            Answer::Scalar(i) => self
                .shown
                .get(usize::from(*i))
                .cloned()
                .unwrap_or_else(|| self.domain.value_json(*i).into()),
            Answer::Set(_) => answer_json(&self.domain, answer).into(),
        }
    }
}

impl<'a> Known<'a> {
    /// Prepared facts' statuses and answers, borrowed.
    pub(crate) fn of(facts: &'a Facts<'_>) -> Known<'a> {
        Known {
            status: Cow::Borrowed(&facts.status),
            answers: Cow::Borrowed(&facts.answers),
            given: &facts.given,
        }
    }
}
