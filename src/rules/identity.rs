//! A rule set's identity as a determination quotes it, and the reserved outcome id.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::wire::text::Text;

/// The outcome of a determination whose facts leave more than one outcome possible.
pub const UNDETERMINED: &str = "undetermined";

/// The rule set a determination came from.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleSetRef {
    /// Rule set id.
    pub id: Text,
    /// Rule text version.
    pub version: Text,
    /// The rule text's fingerprint (see [`crate::RuleSet::fingerprint`]).
    pub fingerprint: Text,
}
