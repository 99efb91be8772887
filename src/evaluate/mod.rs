//! Rank 3: facts to a determination.

pub(crate) mod cited;
pub(crate) mod counterfactual;
pub(crate) mod determine;
pub(crate) mod kleene;
pub(crate) mod split;
pub(crate) mod tracer;
pub(crate) mod unknowns;
