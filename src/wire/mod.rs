//! Rank 0: JSON text and shared text.

pub(crate) mod date;
pub(crate) mod fingerprint;
pub(crate) mod json;
pub(crate) mod pointer;
pub(crate) mod problem;
pub(crate) mod suggest;
pub(crate) mod text;
