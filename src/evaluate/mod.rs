//! Rank 3: facts to a determination.

pub(crate) mod counterfactual;
pub(crate) mod evaluate_run;
pub(crate) mod unknowns;
