//! Rank 2: a case's facts bound to a rule set.

pub(crate) mod answer;
pub(crate) mod facts;
pub(crate) mod fast;
pub(crate) mod known;
