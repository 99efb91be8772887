//! Content hashes that bind a determination to the exact rule text and case behind it:
//! `sha256:` and 64 lowercase hex digits of SHA-256 over the RFC 8785 (JSON
//! Canonicalization Scheme) form of a JSON value, so reformatting, reordering keys or
//! changing whitespace leave it unchanged.

use std::fmt::Write;

use serde_json::Value;
use sha2::{Digest, Sha256};

/// `sha256:` and the hex SHA-256 of the value's RFC 8785 canonical form.
///
/// ```
/// use serde_json::json;
/// let a = safeguarding_rules::digest(&json!({"b": 1, "a": [true, null]}));
/// let b = safeguarding_rules::digest(&serde_json::from_str(r#"{ "a" : [true,null], "b":1 }"#).unwrap());
/// assert_eq!(a, b);
/// assert!(a.starts_with("sha256:") && a.len() == 7 + 64);
/// ```
pub fn digest(value: &Value) -> String {
    // Canonicalizing a `Value` cannot fail: its keys are strings and its numbers finite.
    let canonical = serde_json_canonicalizer::to_vec(value).unwrap_or_default();
    let hash = Sha256::digest(&canonical);
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256:");
    for byte in hash.iter() {
        let _ = write!(out, "{byte:02x}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_a_known_sha256() {
        // RFC 8785 form of {} is "{}"; SHA-256("{}") is well known.
        assert_eq!(
            digest(&serde_json::json!({})),
            "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
        );
    }
}
