//! Rank 3: facts to a determination: the determination itself (`determine`), Kleene
//! logic (`kleene`), the trace (`tracer`), the case split (`split`), missing facts and
//! the next question (`unknowns`), counterfactuals (`counterfactual`) and the provisions
//! cited (`cited`).
//!
//! Imports only lower ranks: never renderings, the book, records or scenarios.

pub(crate) mod cited;
pub(crate) mod counterfactual;
pub(crate) mod determine;
pub(crate) mod kleene;
pub(crate) mod split;
pub(crate) mod tracer;
pub(crate) mod unknowns;
