//! A case's facts bound to a rule set's vocabulary.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde_json::Value;

use crate::case::answer::{Answer, Given, answer_json};
use crate::case::known::Known;
use crate::rules::limits::Limits;
use crate::rules::model::Domain;
use crate::rules::ruleset::RuleSet;
use crate::wire::date::is_date;
use crate::wire::json::{escape_token, show, type_name};
use crate::wire::problem::Problem;
use crate::wire::suggest::suggestion;
use crate::wire::text::Text;

use crate::case::document::{Case, CaseError, bad_as_of};

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
                "rule_set_mismatch",
                "/rule_set",
                format!(
                    "the case names rule set `{named}`, but it is being evaluated against `{}`",
                    self.id()
                ),
            ));
        }
        if let Some(named) = &case.procedure {
            p.push(Problem::new(
                "procedure_mismatch",
                "/procedure",
                format!(
                    "the case names procedure `{named}`, but it is being evaluated against rule set `{}`",
                    self.id()
                ),
            ));
        }
        if let Some(as_of) = &case.as_of
            && !is_date(as_of)
        {
            p.push(bad_as_of(as_of));
        } else if let Some(as_of) = &case.as_of
            && !self.in_force_on(as_of)
        {
            let period = match self.in_force_to() {
                Some(to) => format!("from {} until {to}", self.in_force_from()),
                None => format!("from {}", self.in_force_from()),
            };
            p.push(Problem::new(
                "not_in_force",
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
        if p.is_empty()
            && let Some(problem) = crate::case::constrained::contradiction(self, &facts.given)
        {
            p.push(problem);
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
        // Under constraints an answer may contradict the rest: then nothing changes.
        let before = self
            .rules
            .compiled
            .constraint_root
            .is_some()
            .then(|| self.given.clone());
        self.bind_one(fact, &value)
            .map_err(|p| CaseError::Invalid(vec![p]))?;
        if let Some(before) = before
            && let Some(problem) = crate::case::constrained::contradiction(self.rules, &self.given)
        {
            self.given = before;
            return Err(CaseError::Invalid(vec![problem]));
        }
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

    fn bind_one(&mut self, id: &str, value: &Value) -> Result<(), Problem> {
        // Pointers are written only for an error: binding is on every evaluation's path.
        let at = || format!("/facts/{}", escape_token(id));
        let Some(&index) = self.rules.fact_index.get(id) else {
            let hint = suggestion(id, self.rules.fact_index.keys().map(String::as_str));
            return Err(Problem::new(
                "undeclared_fact",
                at(),
                format!("undeclared fact `{id}`{hint}"),
            ));
        };
        let fact = self
            .rules
            .facts
            .get(index)
            .ok_or_else(|| Problem::new("internal", at(), "internal: fact index"))?;
        let (plain, source) = match value {
            Value::Object(o) => unwrap_answer(id, o, &at)?,
            v => (v, None),
        };
        let answer_at = || {
            if matches!(value, Value::Object(_)) {
                format!("{}/value", at())
            } else {
                at()
            }
        };
        let answer = match (plain, &fact.domain) {
            (Value::Null, _) => None,
            (Value::Array(items), Domain::Set(_)) => {
                Some(Answer::Set(set_mask(id, &fact.domain, items, &answer_at)?))
            }
            (v @ Value::Bool(_), Domain::Bool)
            | (v @ Value::String(_), Domain::Enum(_) | Domain::Knowledge) => {
                let index = fact
                    .domain
                    .index_of(v)
                    .ok_or_else(|| undeclared(id, &fact.domain, v, &answer_at()))?;
                Some(Answer::Scalar(index))
            }
            (v, Domain::Number(numbers)) => Some(number_answer(id, numbers, v, &answer_at())?),
            (v, d) => return Err(wrong_type(id, d, v, answer_at())),
        };
        let given = match answer {
            None => Given::Asked,
            Some(answer) => Given::Value { answer, source },
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

    /// The facts as a case naming their rule set, answers and sources kept, so that a case
    /// continued with [`Facts::set`] can be recorded or stored again. The rule set's id is
    /// filled in; the reference and `as_of` are the caller's to set.
    ///
    /// ```
    /// use safeguarding_rules::{Case, RuleSet};
    /// let rules = RuleSet::embedded("care-act-2014-s44").unwrap();
    /// let case = Case::from_json(
    ///     r#"{"facts": {"in_board_area": {"value": true, "source": "referral 2"}}}"#,
    /// ).unwrap();
    /// let mut facts = rules.bind(&case).unwrap();
    /// facts.set("age_18_or_over", serde_json::json!(true)).unwrap();
    /// let mut updated = facts.to_case();
    /// updated.reference = Some("2024-017".to_string());
    /// assert_eq!(updated.facts["in_board_area"]["source"], "referral 2");
    /// assert_eq!(updated.facts["age_18_or_over"], true);
    /// assert_eq!(rules.bind(&updated).unwrap().to_map(), facts.to_map());
    /// ```
    pub fn to_case(&self) -> Case {
        Case {
            rule_set: Some(self.rules.id().to_string()),
            procedure: None,
            reference: None,
            as_of: None,
            facts: self.to_map().into_iter().collect(),
            referral: None,
        }
    }
}

/// A number fact's answer: the right kind of value, within range, and its interval.
fn number_answer(
    id: &str,
    numbers: &crate::rules::model::Numbers,
    value: &Value,
    at: &str,
) -> Result<Answer, Problem> {
    let number = crate::rules::range::parse(numbers.kind, value).map_err(|expected| {
        // Text for a date fact is the right type: then it is the date that is wrong,
        // as with a bad `as_of`.
        let code = match (numbers.kind, value) {
            (crate::rules::model::NumberKind::Date, Value::String(_)) => "invalid_date",
            _ => "wrong_type",
        };
        Problem::new(
            code,
            at,
            format!("expected {expected} for `{id}`, found {}", show(value)),
        )
    })?;
    let interval = numbers.interval_of(number).ok_or_else(|| {
        Problem::new(
            "out_of_range",
            at,
            format!(
                "{} is out of range for `{id}`: expected {}",
                show(value),
                crate::rules::range::range_text(numbers)
            ),
        )
    })?;
    Ok(Answer::Number(interval, number))
}

/// An answer written as `{"value": …, "source": "…"}`: its value and its source.
fn unwrap_answer<'v>(
    id: &str,
    o: &'v serde_json::Map<String, Value>,
    at: &impl Fn() -> String,
) -> Result<(&'v Value, Option<Text>), Problem> {
    for key in o.keys() {
        if key != "value" && key != "source" {
            return Err(Problem::new(
                "unknown_key",
                format!("{}/{}", at(), escape_token(key)),
                format!(
                    "unknown key `{key}` in the answer to `{id}`, expected `value` and `source`"
                ),
            ));
        }
    }
    let Some(v) = o.get("value") else {
        return Err(Problem::new(
            "missing_key",
            at(),
            format!("missing key `value` in the answer to `{id}`"),
        ));
    };
    let source = match o.get("source") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.len() > Limits::MAX_SOURCE_BYTES => {
            return Err(Problem::new(
                "over_limit",
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
                "wrong_type",
                format!("{}/source", at()),
                format!(
                    "expected a string for the source of `{id}`, found {}",
                    type_name(other)
                ),
            ));
        }
    };
    Ok((v, source))
}

/// A set fact's answer: the mask of its members, each declared and none repeated.
fn set_mask(
    id: &str,
    domain: &Domain,
    items: &[Value],
    answer_at: &impl Fn() -> String,
) -> Result<u64, Problem> {
    let mut mask = 0u64;
    for (i, item) in items.iter().enumerate() {
        let item_at = || format!("{}/{i}", answer_at());
        let member = domain
            .index_of(item)
            .ok_or_else(|| undeclared(id, domain, item, &item_at()))?;
        let bit = 1u64.checked_shl(u32::from(member)).unwrap_or(0);
        if mask & bit != 0 {
            return Err(Problem::new(
                "duplicate_value",
                item_at(),
                format!("duplicate value {} in set fact `{id}`", quoted(item)),
            ));
        }
        mask |= bit;
    }
    Ok(mask)
}

/// An answer of the wrong JSON type for the fact's domain.
fn wrong_type(id: &str, domain: &Domain, value: &Value, at: String) -> Problem {
    let message = match domain {
        Domain::Set(_) => format!(
            "expected an array of values for set fact `{id}`, found {}",
            type_name(value)
        ),
        Domain::Bool => format!(
            "expected `true` or `false` for bool fact `{id}`, found {}",
            type_name(value)
        ),
        d => format!(
            "expected a string for {} fact `{id}` (one of `{}`), found {}",
            d.type_name(),
            d.names().join("`, `"),
            type_name(value)
        ),
    };
    Problem::new("wrong_type", at, message)
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
    Problem::new("undeclared_value", at, message)
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
            Answer::Set(_) | Answer::Number(..) => answer_json(&self.domain, answer).into(),
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
