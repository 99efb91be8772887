#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![deny(clippy::too_many_lines)]
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
mod embed;
mod evaluate;
mod logic;
mod procedure;
mod render;
mod rules;
mod scenario;
mod schema;
mod wire;

pub use audit::assessment_record::{ASSESSMENT_RECORD_FORMAT, AssessmentRecord};
pub use audit::record::{Engine, RECORD_FORMAT, Record};
pub use audit::replay::{Difference, Replayed, Verdict, replay};
// Reports: learning across cases.
pub use audit::tally::{CaseRow, Tally};
pub use book::packs::{embedded_procedure_files, embedded_rule_files};
pub use book::rule_book::{BookError, EvaluateError, RuleBook};
pub use case::document::{Case, CaseError};
pub use case::facts::Facts;
pub use case::referral::Referral;
pub use determination::assessment::{
    Assessment, Decided, DecisionResult, ProcedureMissingFact, ProcedureQuestion, ProcedureRef,
    RuleSetId,
};
pub use determination::decisive::decisive_provisions;
pub use determination::document::{
    AnswerOutcomes, Branch, CaseSplit, Change, Combine, Counterfactual, Determination, FactStatus,
    Kleene, MissingFact, NodeKind, Options, Question, RaisedNote, TraceNode,
};
pub use determination::report::{
    AnswerCount, DecisionFigures, FactCount, Figures, MonthFigures, NoteCount, OutcomeCount,
    Period, ProcedureFigures, ReasonCount, RecordCounts, ReferralFigures, Report, RuleSetFigures,
    SCOPE, Settling,
};
pub use embed::{
    ABI_VERSION, EmbedError, EmbedOptions, EmbedProblem, ErrorCode, JsonEngine, RENDER_FORMATS,
    ReplayDifference, ReplayReport, SCHEMAS,
};
pub use procedure::doc::{DecisionDoc, ProcedureDoc, ProcedureKind};
pub use procedure::load::Procedure;
pub use render::assessment_reasons::AssessmentReasons;
pub use render::record::RecordOfReasons;
pub use rules::doc::{
    ConstraintDoc, FactDoc, FactType, NoteDoc, OutcomeDoc, PresuppositionDoc, ProvisionDoc,
    RuleDoc, RuleSetDoc, SourceDoc,
};
pub use rules::identity::{RuleSetRef, UNDETERMINED};
pub use rules::limits::Limits;
pub use rules::load_error::LoadError;
pub use rules::provision::Provision;
pub use rules::ruleset::RuleSet;
pub use scenario::common::{
    Coverage, Expectation, ScenarioResult, SuiteDoc, SuiteReport, Unreachable,
};
pub use scenario::suite::{ScenarioDoc, run_scenario_dir, run_suite};
pub use schema::{
    assessment_record_schema, assessment_schema, case_schema, determination_schema,
    procedure_schema, record_schema, report_schema, rules_schema, scenario_schema, suite_schema,
};
pub use wire::fingerprint::digest;
pub use wire::problem::Problem;
pub use wire::text::{Cites, Json, Text};
