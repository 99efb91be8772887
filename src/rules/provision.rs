//! A provision of the law: the unit every rule, outcome, note and fact cites.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::wire::text::Text;

/// A provision as quoted in a determination.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Provision {
    /// Pinpoint citation.
    pub cite: Text,
    /// Verbatim text.
    pub text: Text,
    /// Where to read it.
    pub url: Text,
}
