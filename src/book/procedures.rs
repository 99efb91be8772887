//! Procedures in the rule book: loaded with their rule sets resolved through the book,
//! selected by id, and evaluated on a case naming them.

use crate::book::rule_book::{BookError, EvaluateError, RuleBook};
use crate::case::document::Case;
use crate::determination::assessment::Assessment;
use crate::procedure::load::Procedure;
use crate::rules::load_error::LoadError;
use crate::wire::suggest::suggestion;

impl RuleBook {
    /// Loads a procedure file's text, its rule sets resolved through this book, and adds it.
    pub fn add_procedure_json(
        &mut self,
        text: &str,
        origin: impl Into<String>,
    ) -> Result<(), BookError> {
        let origin = origin.into();
        let procedure = Procedure::from_json_in(text, self).map_err(|error| BookError::Load {
            origin: origin.clone(),
            error,
        })?;
        self.procedures.retain(|(p, _)| p.id() != procedure.id());
        self.procedures.push((procedure, origin));
        Ok(())
    }

    /// Every procedure held, in the order added.
    pub fn procedures(&self) -> impl Iterator<Item = &Procedure> {
        self.procedures.iter().map(|(p, _)| p)
    }

    /// The procedure with this id, or an error listing those held.
    pub fn procedure(&self, id: &str) -> Result<&Procedure, BookError> {
        self.procedures().find(|p| p.id() == id).ok_or_else(|| {
            let known: Vec<&str> = self.procedures().map(Procedure::id).collect();
            BookError::Unknown {
                pointer: String::new(),
                id: id.to_string(),
                known: known.join("`, `"),
                hint: suggestion(id, known.iter().copied()),
            }
        })
    }

    /// Evaluates a case naming a procedure (`"procedure": "<id>"`) to an assessment.
    pub fn assess(&self, case: &Case) -> Result<Assessment, EvaluateError> {
        case.check()?;
        let id = case.procedure.as_deref().unwrap_or_default();
        let procedure = self.procedure(id).map_err(|e| match e {
            BookError::Unknown {
                id, known, hint, ..
            } => BookError::Unknown {
                pointer: "/procedure".to_string(),
                id,
                known,
                hint,
            },
            e => e,
        })?;
        Ok(procedure.evaluate(case)?)
    }
}

impl Procedure {
    /// Loads and validates a procedure file whose rule sets resolve among the embedded packs.
    pub fn from_json(text: &str) -> Result<Procedure, LoadError> {
        Procedure::from_json_in(text, crate::book::packs::embedded_book())
    }

    /// Loads and validates a procedure file whose rule sets resolve through `book` (the
    /// newest version of each).
    pub fn from_json_in(text: &str, book: &RuleBook) -> Result<Procedure, LoadError> {
        Procedure::load(text, &|id: &str| book.select(Some(id), None).ok().cloned())
    }

    /// One of the procedures embedded in the library, by id.
    pub fn embedded(id: &str) -> Option<Procedure> {
        crate::book::packs::embedded_book()
            .procedure(id)
            .ok()
            .cloned()
    }
}
