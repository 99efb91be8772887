//! Rank 6: records of determinations (`record`) and their replay (`replay`).
//!
//! Imports only lower ranks: never scenarios.

pub(crate) mod record;
pub(crate) mod replay;
