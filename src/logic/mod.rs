//! Rank 0: decision diagrams and bit sets.

pub(crate) mod bits;
pub(crate) mod builder;
pub(crate) mod diagram;
