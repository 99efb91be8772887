//! Rank 5: the rule book and the embedded packs.

pub(crate) mod packs;
pub(crate) mod rule_book;
