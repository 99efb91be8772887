//! Rank 6: records of determinations (`record`), their replay (`replay`), and the report's
//! tally (`tally`) and its figures (`figures`).
//!
//! Imports only lower ranks: never scenarios.

pub(crate) mod figures;
pub(crate) mod record;
pub(crate) mod replay;
pub(crate) mod tally;
