//! Rank 6: records of determinations (`record`) and of assessments (`assessment_record`,
//! format 2), their replay (`replay`), and the report's tally (`tally`) and its figures
//! (`figures`).
//!
//! Imports only lower ranks: never scenarios.

pub(crate) mod assessment_record;
pub(crate) mod figures;
pub(crate) mod record;
pub(crate) mod replay;
pub(crate) mod tally;
pub(crate) mod verdict;
