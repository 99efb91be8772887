//! Rank 0: JSON text and what every later stage shares about it: strict reading and its
//! depth limit (`json`), JSON pointers (`pointer`), positioned one-line problems
//! (`problem`), calendar dates (`date`), "did you mean" (`suggest`), the canonical form
//! and its hash (`fingerprint`) and shared text (`text`: `Text`, `Cites`, `Json`).
//!
//! Imports nothing from the crate outside this folder.

pub(crate) mod date;
pub(crate) mod fingerprint;
pub(crate) mod json;
pub(crate) mod pointer;
pub(crate) mod problem;
pub(crate) mod suggest;
pub(crate) mod text;
