//! Rank 4: renderings of a determination.

pub(crate) mod text;
