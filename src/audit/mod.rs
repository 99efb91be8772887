//! Rank 6: records and replay.

pub(crate) mod record;
pub(crate) mod replay;
