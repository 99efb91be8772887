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

mod bits;
mod book;
mod case;
mod citations;
mod condition;
mod counterfactual;
mod date;
mod determination;
mod diagram;
mod doc;
mod embed;
mod evaluate;
mod fast;
mod fingerprint;
mod json;
mod limits;
mod load_error;
mod model;
mod packs;
mod pointer;
mod presupposition;
mod record;
mod render;
mod replay;
mod ruleset;
mod scenario;
mod schema;
mod suggest;
mod text;
mod unknowns;
mod validate;

pub use book::{BookError, EvaluateError, RuleBook};
pub use case::{Case, CaseError, Facts};
pub use determination::{
    AnswerOutcomes, Branch, CaseSplit, Change, Combine, Counterfactual, Determination, FactStatus,
    Kleene, MissingFact, NodeKind, Options, Provision, Question, RaisedNote, RuleSetRef, TraceNode,
    UNDETERMINED,
};
pub use doc::{
    FactDoc, FactType, NoteDoc, OutcomeDoc, PresuppositionDoc, ProvisionDoc, RuleDoc, RuleSetDoc,
    SourceDoc,
};
pub use embed::{
    ABI_VERSION, EmbedError, EmbedOptions, EmbedProblem, ErrorCode, JsonEngine, RENDER_FORMATS,
    ReplayDifference, ReplayReport, SCHEMAS,
};
pub use fingerprint::digest;
pub use limits::Limits;
pub use load_error::{LoadError, Problem};
pub use packs::embedded_rule_files;
pub use record::{Engine, RECORD_FORMAT, Record};
pub use replay::{Difference, Replayed, Verdict, replay};
pub use ruleset::RuleSet;
pub use scenario::{
    Coverage, Expectation, ScenarioDoc, ScenarioResult, SuiteDoc, SuiteReport, Unreachable,
    decisive_provisions, run_scenario_dir, run_suite,
};
pub use schema::{case_schema, determination_schema, record_schema, rules_schema};
pub use text::{Cites, Json, Text};
