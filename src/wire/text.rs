//! Text and JSON values shared between a rule set and the determinations it makes.
//!
//! A determination quotes the rule set at every step: ids, wordings, citations, tests.
//! Copying each string into every determination was most of the cost of making one, so
//! the rule set holds them once and a determination shares them: cloning is a reference
//! count, and the JSON is the same as for owned strings.

use std::borrow::{Borrow, Cow};
use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Immutable text, cheap to clone, compared and serialized as a plain string.
///
/// ```
/// use safeguarding_rules::Text;
/// let id = Text::from("mandatory");
/// assert_eq!(id, "mandatory");
/// assert_eq!(id.len(), 9);
/// assert_eq!(serde_json::to_string(&id).unwrap(), r#""mandatory""#);
/// ```
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Text(Arc<str>);

impl Text {
    /// The text as a string slice.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for Text {
    fn default() -> Text {
        Text::from("")
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text(Arc::from(s))
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text(Arc::from(s))
    }
}

impl From<&String> for Text {
    fn from(s: &String) -> Text {
        Text(Arc::from(s.as_str()))
    }
}

impl From<Text> for String {
    fn from(t: Text) -> String {
        t.0.to_string()
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<Text> for str {
    fn eq(&self, other: &Text) -> bool {
        self == &*other.0
    }
}

impl PartialEq<Text> for &str {
    fn eq(&self, other: &Text) -> bool {
        *self == &*other.0
    }
}

impl PartialEq<Text> for String {
    fn eq(&self, other: &Text) -> bool {
        **self == *other.0
    }
}

/// An immutable JSON value, cheap to clone, serialized as the value itself: the tests and
/// fact values a trace shows, written once by the rule set.
///
/// ```
/// use safeguarding_rules::Json;
/// use serde_json::json;
/// let test = Json::from(json!({"is": "died"}));
/// assert_eq!(test, json!({"is": "died"}));
/// assert_eq!(test["is"], "died");
/// ```
#[derive(Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Json(Arc<Value>);

impl Json {
    /// The value.
    pub fn value(&self) -> &Value {
        &self.0
    }
}

impl Deref for Json {
    type Target = Value;
    fn deref(&self) -> &Value {
        &self.0
    }
}

impl AsRef<Value> for Json {
    fn as_ref(&self) -> &Value {
        &self.0
    }
}

impl fmt::Debug for Json {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for Json {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl From<Value> for Json {
    fn from(v: Value) -> Json {
        Json(Arc::new(v))
    }
}

impl From<Json> for Value {
    fn from(j: Json) -> Value {
        Arc::unwrap_or_clone(j.0)
    }
}

impl PartialEq<Value> for Json {
    fn eq(&self, other: &Value) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<Json> for Value {
    fn eq(&self, other: &Json) -> bool {
        *self == *other.0
    }
}

// In the schemas, exactly what they stand for: a string, and any JSON value.
impl JsonSchema for Text {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        String::schema_name()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        String::json_schema(generator)
    }
}

impl JsonSchema for Json {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> Cow<'static, str> {
        Value::schema_name()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        Value::json_schema(generator)
    }
}

/// Citations: provision ids, shared with the rule set.
pub type Cites = Arc<[Text]>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_compares_and_serializes_as_a_string() {
        let t = Text::from("a");
        assert_eq!(t, "a");
        assert_eq!("a", t);
        assert_eq!(t, String::from("a"));
        let mut sorted = vec![Text::from("b"), Text::from("a")];
        sorted.sort();
        assert_eq!(sorted, ["a", "b"]);
        let back: Text = serde_json::from_str(r#""a""#).unwrap();
        assert_eq!(back, t);
        let cites: Cites = serde_json::from_str(r#"["x", "y"]"#).unwrap();
        assert_eq!(serde_json::to_string(&cites).unwrap(), r#"["x","y"]"#);
    }
}
