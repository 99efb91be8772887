#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

mod audit;
mod book;
mod case;
mod determination;
mod evaluate;
mod logic;
mod render;
mod rules;
mod scenario;
mod schema;
mod wire;

pub use audit::record::{Engine, RECORD_FORMAT, Record};
pub use audit::replay::{Difference, Replayed, Verdict, replay};
pub use book::packs::embedded_rule_files;
pub use book::rule_book::{BookError, EvaluateError, RuleBook};
pub use case::facts::{Case, CaseError, Facts};
pub use determination::document::{
    AnswerOutcomes, Branch, CaseSplit, Change, Combine, Counterfactual, Determination, FactStatus,
    Kleene, MissingFact, NodeKind, Options, Provision, Question, RaisedNote, RuleSetRef, TraceNode,
    UNDETERMINED,
};
pub use rules::doc::{
    FactDoc, FactType, NoteDoc, OutcomeDoc, PresuppositionDoc, ProvisionDoc, RuleDoc, RuleSetDoc,
    SourceDoc,
};
pub use rules::limits::Limits;
pub use rules::load_error::{LoadError, Problem};
pub use rules::ruleset::RuleSet;
pub use scenario::suite::{
    Coverage, Expectation, ScenarioDoc, ScenarioResult, SuiteDoc, SuiteReport, Unreachable,
    decisive_provisions, run_scenario_dir, run_suite,
};
pub use schema::{case_schema, determination_schema, record_schema, rules_schema};
pub use wire::fingerprint::digest;
pub use wire::text::{Cites, Json, Text};
