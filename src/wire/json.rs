//! Strict JSON reading shared by rule files and cases: duplicate keys are errors, not
//! silent overwrites, and every syntax error carries its line and column.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::map::Entry;
use serde_json::{Map, Value};

/// Deepest JSON nesting serde_json accepts in any document (its own recursion limit).
pub(crate) const MAX_JSON_DEPTH: usize = 128;

/// A JSON text that could not be read, with its position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Parses `text` into a [`Value`], rejecting duplicate object keys.
///
/// serde_json's own recursion limit (128 levels) bounds nesting, so hostile input such as
/// 100,000 open brackets is an error rather than a stack overflow.
pub(crate) fn parse_strict(text: &str) -> Result<Value, SyntaxError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = StrictValue
        .deserialize(&mut de)
        .and_then(|v| de.end().map(|()| v));
    value.map_err(|e| {
        let message = if text.trim().is_empty() {
            "expected a JSON value, found an empty document".to_string()
        } else if text.starts_with('\u{feff}') {
            "unexpected byte order mark at the start of the document; save it as UTF-8 without one"
                .to_string()
        } else {
            rephrase(&strip_position(&e.to_string()))
        };
        SyntaxError {
            line: e.line().max(1),
            column: e.column().max(1),
            message: crate::wire::problem::tidy(&message),
        }
    })
}

/// serde_json's messages in our style: lowercase words, expected before found.
fn rephrase(message: &str) -> String {
    match message {
        "EOF while parsing a value"
        | "EOF while parsing a list"
        | "EOF while parsing an object"
        | "EOF while parsing a string" => {
            format!(
                "unexpected end of input {}",
                message.trim_start_matches("EOF ")
            )
        }
        "expected ident" => "expected `true`, `false` or `null`".to_string(),
        "expected value" => "expected a JSON value".to_string(),
        "recursion limit exceeded" => {
            format!("nested deeper than the limit of {} levels", MAX_JSON_DEPTH)
        }
        "trailing characters" => "unexpected text after the end of the document".to_string(),
        "key must be a string" => "expected a key in double quotes".to_string(),
        other => other.replace("EOF", "end of input"),
    }
}

/// serde_json appends " at line L column C"; the position is reported separately.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

struct StrictValue;

impl<'de> DeserializeSeed<'de> for StrictValue {
    type Value = Value;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(StrictVisitor)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(StrictValue)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            // One lookup per key: the entry finds a duplicate and holds the slot.
            match object.entry(key) {
                Entry::Occupied(seen) => {
                    return Err(de::Error::custom(format_args!(
                        "duplicate key `{}`",
                        seen.key()
                    )));
                }
                Entry::Vacant(slot) => {
                    slot.insert(map.next_value_seed(StrictValue)?);
                }
            }
        }
        Ok(Value::Object(object))
    }
}

/// Escapes one reference token of a JSON pointer (RFC 6901).
pub(crate) fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// The JSON type of a value, as error messages name it.
pub(crate) fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A short rendering of a value for an error message, cut to keep messages on one line.
pub(crate) fn show(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 40 {
        let cut: String = text.chars().take(37).collect();
        format!("{cut}...")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicate_keys_are_errors_with_position() {
        let e = parse_strict("{\n \"a\": 1,\n \"a\": 2}").unwrap_err();
        assert_eq!(e.message, "duplicate key `a`");
        assert_eq!(e.line, 3);
    }

    #[test]
    fn deep_nesting_is_an_error() {
        let text = "[".repeat(100_000);
        let e = parse_strict(&text).unwrap_err();
        assert!(
            e.message.contains("nested deeper than the limit"),
            "{}",
            e.message
        );
    }

    #[test]
    fn trailing_text_is_an_error() {
        assert!(parse_strict("{} x").is_err());
    }
}
