//! Rank 2: a case's facts bound to a rule set: reading a case (`document`), binding its facts (`facts`), each fact's
//! answer (`answer`), presuppositions applied and the imports' decisions (`known`), the
//! constraints applied: contradictions and forced values (`constrained`), and the
//! prepared assignment the exact outcome reads (`assignment`).
//!
//! Imports only `wire/`, `logic/` and `rules/`: never evaluation, determinations or the
//! book.

pub(crate) mod answer;
pub(crate) mod assignment;
pub(crate) mod constrained;
pub(crate) mod document;
pub(crate) mod facts;
pub(crate) mod known;
pub(crate) mod referral;
