//! Rank 4: several decisions on one case. The procedure file (`doc`), loading it with its
//! rule sets found through a resolver passed in (`load`), each decision compiled with the
//! procedure's facts and constraints (`augment`), its notes (`notes`), and evaluation to
//! an `Assessment` (`assess`).
//!
//! Imports only lower ranks: never `render/`.

pub(crate) mod assess;
pub(crate) mod augment;
pub(crate) mod doc;
pub(crate) mod load;
pub(crate) mod model;
pub(crate) mod notes;
