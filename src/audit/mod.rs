//! Rank 6: records of determinations (`record`) and of assessments (`assessment_record`,
//! format 2), and their replay (`replay`).
//!
//! Imports only lower ranks: never scenarios.

pub(crate) mod assessment_record;
pub(crate) mod record;
pub(crate) mod replay;
pub(crate) mod verdict;
