//! The rule book: rule sets by id and by the dates each version is in force.

use crate::case::document::{Case, CaseError};
use crate::determination::document::Determination;
use crate::rules::load_error::LoadError;
use crate::rules::ruleset::RuleSet;
use crate::wire::suggest::suggestion;

/// A rule set that could not join a rule book, or a case the book has no rule set for.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BookError {
    /// A rule file did not load.
    #[error("{origin}: {error}")]
    Load {
        /// Where the file came from.
        origin: String,
        /// Why it did not load.
        error: LoadError,
    },
    /// Two versions of one rule set are in force on some same day.
    #[error(
        "rule set `{id}`: `{first}` (in force {first_period}) and `{second}` (in force {second_period}) overlap"
    )]
    Overlap {
        /// The rule set's id.
        id: String,
        /// Where the first version came from.
        first: String,
        /// Its period.
        first_period: String,
        /// Where the second came from.
        second: String,
        /// Its period.
        second_period: String,
    },
    /// No rule set has this id.
    #[error("{}unknown rule set `{id}` (the rule book holds `{known}`){hint}", at(.pointer))]
    Unknown {
        /// Where a case named it (`/rule_set`), or empty when it was not named by a case.
        pointer: String,
        /// The id asked for.
        id: String,
        /// The ids the book holds.
        known: String,
        /// ", did you mean …?" or nothing.
        hint: String,
    },
    /// Rule files import each other in a cycle.
    #[error("imports form a cycle among `{files}`")]
    ImportCycle {
        /// The files involved.
        files: String,
    },
    /// No version of the rule set is in force on the date.
    #[error("rule set `{id}` is not in force on `{as_of}`: {why}")]
    NotInForce {
        /// The rule set's id.
        id: String,
        /// The date asked for.
        as_of: String,
        /// When its versions are in force.
        why: String,
    },
}

#[derive(Debug, Clone)]
struct Entry {
    rules: RuleSet,
    origin: String,
}

/// Rule sets by id, each possibly in several versions with in-force periods that do not
/// overlap. A case's `as_of` picks the version in force that day; no `as_of` picks the
/// newest. The first rule set added is the default for a case that names none.
///
/// ```
/// use safeguarding_rules::{Case, RuleBook};
/// let book = RuleBook::embedded();
/// let case = Case::from_json(r#"{"as_of": "2014-06-01", "facts": {}}"#).unwrap();
/// let err = book.evaluate(&case).unwrap_err();
/// assert!(err.to_string().contains("is not in force on `2014-06-01`"));
/// ```
#[derive(Debug, Clone, Default)]
pub struct RuleBook {
    entries: Vec<Entry>,
    /// Procedures, each with where it came from.
    pub(crate) procedures: Vec<(crate::procedure::load::Procedure, String)>,
}

/// A pointer as the start of a message: `/rule_set: `, or nothing.
fn at(pointer: &str) -> String {
    if pointer.is_empty() {
        String::new()
    } else {
        format!("{pointer}: ")
    }
}

fn period(rules: &RuleSet) -> String {
    match rules.in_force_to() {
        Some(to) => format!("from {} until {to}", rules.in_force_from()),
        None => format!("from {}", rules.in_force_from()),
    }
}

impl RuleBook {
    /// An empty rule book.
    pub fn new() -> RuleBook {
        RuleBook::default()
    }

    /// Adds a rule set; `origin` names where it came from in errors (a file path, say).
    /// Adding a version identical to one already held (same fingerprint) does nothing.
    pub fn add(&mut self, rules: RuleSet, origin: impl Into<String>) -> Result<(), BookError> {
        let origin = origin.into();
        for e in self.entries.iter().filter(|e| e.rules.id() == rules.id()) {
            if e.rules.fingerprint() == rules.fingerprint() {
                return Ok(());
            }
            let a = (e.rules.in_force_from(), e.rules.in_force_to());
            let b = (rules.in_force_from(), rules.in_force_to());
            let before = |x: &str, end: Option<&str>| end.is_none_or(|to| x < to);
            if before(a.0, b.1) && before(b.0, a.1) {
                return Err(BookError::Overlap {
                    id: rules.id().to_string(),
                    first: e.origin.clone(),
                    first_period: period(&e.rules),
                    second: origin,
                    second_period: period(&rules),
                });
            }
        }
        self.entries.push(Entry { rules, origin });
        Ok(())
    }

    /// Loads a rule file's text and adds it.
    pub fn add_json(&mut self, text: &str, origin: impl Into<String>) -> Result<(), BookError> {
        let origin = origin.into();
        let rules = RuleSet::from_json_in(text, self).map_err(|error| BookError::Load {
            origin: origin.clone(),
            error,
        })?;
        self.add(rules, origin)
    }

    /// Loads several rule files, `(origin, text)`, in an order where each comes after the
    /// rule sets it imports; a cycle of imports among them is an error naming the files.
    pub fn add_json_files(&mut self, files: &[(String, String)]) -> Result<(), BookError> {
        // Procedures load once every rule set has.
        let (procedures, files): (Vec<_>, Vec<_>) = files
            .iter()
            .cloned()
            .partition(|(_, text)| is_procedure(text));
        self.add_rule_files(&files)?;
        for (origin, text) in &procedures {
            self.add_procedure_json(text, origin.clone())?;
        }
        Ok(())
    }

    fn add_rule_files(&mut self, files: &[(String, String)]) -> Result<(), BookError> {
        // What each file declares and imports, read without validating.
        let mut pending: Vec<(&String, &String, String, Vec<String>)> = Vec::new();
        for (origin, text) in files {
            let value: serde_json::Value = serde_json::from_str(text).unwrap_or_default();
            let id = value
                .get("id")
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string();
            let imports = value
                .get("imports")
                .and_then(|v| v.as_array())
                .map(|list| {
                    list.iter()
                        .filter_map(|i| {
                            i.get("rule_set")
                                .and_then(|v| v.as_str())
                                .map(str::to_string)
                        })
                        .collect()
                })
                .unwrap_or_default();
            pending.push((origin, text, id, imports));
        }
        while !pending.is_empty() {
            let waiting: Vec<String> = pending.iter().map(|p| p.2.clone()).collect();
            // A file is ready when nothing it imports is still waiting to load.
            let ready = pending.iter().position(|(_, _, id, imports)| {
                imports.iter().all(|i| i == id || !waiting.contains(i))
            });
            match ready {
                Some(i) => {
                    let (origin, text, _, _) = pending.remove(i);
                    self.add_json(text, origin.clone())?;
                }
                None => {
                    let origins: Vec<&str> = pending.iter().map(|p| p.0.as_str()).collect();
                    return Err(BookError::ImportCycle {
                        files: origins.join("`, `"),
                    });
                }
            }
        }
        Ok(())
    }

    /// Every rule set held, in the order added.
    pub fn rule_sets(&self) -> impl Iterator<Item = &RuleSet> {
        self.entries.iter().map(|e| &e.rules)
    }

    /// The version of a rule set named by id and version, whatever its dates.
    pub fn version(&self, id: &str, version: &str) -> Option<&RuleSet> {
        self.rule_sets()
            .find(|r| r.id() == id && r.version() == version)
    }

    /// The rule set a case would use: by id (the default when `None`), in force on
    /// `as_of` (the newest version when `None`).
    pub fn select(&self, id: Option<&str>, as_of: Option<&str>) -> Result<&RuleSet, BookError> {
        let id = match id.or_else(|| self.entries.first().map(|e| e.rules.id())) {
            Some(id) => id,
            None => {
                return Err(BookError::Unknown {
                    pointer: String::new(),
                    id: String::new(),
                    known: String::new(),
                    hint: String::new(),
                });
            }
        };
        let versions: Vec<&RuleSet> = self.rule_sets().filter(|r| r.id() == id).collect();
        if versions.is_empty() {
            let mut known: Vec<&str> = self.rule_sets().map(RuleSet::id).collect();
            known.dedup();
            return Err(BookError::Unknown {
                pointer: String::new(),
                id: id.to_string(),
                known: known.join("`, `"),
                hint: suggestion(id, known.iter().copied()),
            });
        }
        match as_of {
            None => versions
                .into_iter()
                .max_by(|a, b| a.in_force_from().cmp(b.in_force_from()))
                .ok_or_else(|| unreachable_error(id)),
            Some(date) => versions
                .iter()
                .copied()
                .find(|r| r.in_force_on(date))
                .ok_or_else(|| {
                    let earliest = versions
                        .iter()
                        .map(|r| r.in_force_from())
                        .min()
                        .unwrap_or_default();
                    let why = if date < earliest {
                        format!("its earliest version is in force from `{earliest}`")
                    } else {
                        let periods: Vec<String> = versions
                            .iter()
                            .map(|r| format!("`{}` {}", r.version(), period(r)))
                            .collect();
                        format!("no version is in force that day ({})", periods.join("; "))
                    };
                    BookError::NotInForce {
                        id: id.to_string(),
                        as_of: date.to_string(),
                        why,
                    }
                }),
        }
    }

    /// The rule set a case names (the default when it names none), in force on its
    /// `as_of`: [`RuleBook::select`] for a case, whose errors point into the case.
    ///
    /// ```
    /// use safeguarding_rules::{Case, RuleBook};
    /// let case = Case::from_json(r#"{"rule_set": "care-act-2014-s4", "facts": {}}"#).unwrap();
    /// let err = RuleBook::embedded().select_for(&case).unwrap_err();
    /// assert!(err.to_string().starts_with("/rule_set: unknown rule set `care-act-2014-s4`"));
    /// ```
    pub fn select_for(&self, case: &Case) -> Result<&RuleSet, EvaluateError> {
        case.check()?;
        self.select(case.rule_set.as_deref(), case.as_of.as_deref())
            .map_err(|e| match e {
                BookError::Unknown {
                    id, known, hint, ..
                } if case.rule_set.is_some() => BookError::Unknown {
                    pointer: "/rule_set".to_string(),
                    id,
                    known,
                    hint,
                },
                e => e,
            })
            .map_err(EvaluateError::from)
    }

    /// Picks the rule set a case names, in force on its `as_of`, binds and evaluates it.
    pub fn evaluate(&self, case: &Case) -> Result<Determination, EvaluateError> {
        Ok(self.select_for(case)?.bind(case)?.evaluate())
    }
}

/// Whether a file's text says `"kind": "procedure"`.
pub(crate) fn is_procedure(text: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .and_then(|v| {
            v.get("kind")
                .and_then(|k| k.as_str())
                .map(|k| k == "procedure")
        })
        .unwrap_or(false)
}

fn unreachable_error(id: &str) -> BookError {
    BookError::Unknown {
        pointer: String::new(),
        id: id.to_string(),
        known: String::new(),
        hint: String::new(),
    }
}

/// Why a case could not be evaluated from a rule book.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EvaluateError {
    /// The book has no rule set for the case.
    #[error(transparent)]
    Book(#[from] BookError),
    /// The case does not fit the rule set.
    #[error(transparent)]
    Case(#[from] CaseError),
}
