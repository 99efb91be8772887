//! Reading a rule file: its size, strict JSON, its shape (serde's errors in our words),
//! then validation.

use crate::rules::doc::RuleSetDoc;
use crate::rules::limits::Limits;
use crate::rules::load_error::LoadError;
use crate::rules::ruleset::RuleSet;
use crate::rules::validate::validate;
use crate::wire::json::parse_strict;
use crate::wire::problem::Problem;

impl RuleSet {
    pub(crate) fn load(
        text: &str,
        resolve: crate::rules::validate::imports::Resolver<'_>,
    ) -> Result<RuleSet, LoadError> {
        if text.len() > Limits::MAX_RULE_FILE_BYTES {
            return Err(LoadError::TooLarge {
                found: text.len(),
                limit: Limits::MAX_RULE_FILE_BYTES,
            });
        }
        let value = parse_strict(text).map_err(|e| LoadError::Syntax {
            line: e.line,
            column: e.column,
            message: e.message,
        })?;
        require_objects(&value)?;
        let doc: RuleSetDoc = serde_path_to_error::deserialize(value).map_err(|e| {
            let pointer = pointer_of(e.path());
            LoadError::Shape(Problem::new(
                "invalid_shape",
                pointer,
                rephrase(&e.into_inner().to_string()),
            ))
        })?;
        validate(doc, text.to_string(), resolve)
    }
}

/// serde's shape errors in our style: expected before found, JSON words rather than Rust
/// type names, and a suggestion for a misspelt key or value.
pub(crate) fn rephrase(message: &str) -> String {
    let quoted: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    let hint =
        |input: &str| crate::wire::suggest::suggestion(input, quoted.iter().skip(1).copied());
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = rest
            .split_once(", expected ")
            .unwrap_or((rest, "something else"));
        let found = match found.split(' ').next().unwrap_or("") {
            "string" => "a string",
            "integer" | "floating" => "a number",
            "boolean" => "a boolean",
            "map" => "an object",
            "sequence" => "an array",
            _ => "null",
        };
        let expected = if expected.starts_with("struct") || expected == "a map" {
            "an object"
        } else if expected == "a sequence" {
            "an array"
        } else {
            expected
        };
        return format!("expected {expected}, found {found}");
    }
    if let (Some(rest), Some(input)) = (message.strip_prefix("unknown field "), quoted.first()) {
        let expected = rest.split_once(", ").map_or("", |x| x.1);
        return format!("unknown key `{input}`, {expected}{}", hint(input));
    }
    if let (Some(rest), Some(input)) = (message.strip_prefix("unknown variant "), quoted.first()) {
        let expected = rest.split_once(", ").map_or("", |x| x.1);
        return format!("unknown value `{input}`, {expected}{}", hint(input));
    }
    if let Some(rest) = message.strip_prefix("missing field ") {
        return format!("missing key {rest}");
    }
    message.to_string()
}

/// serde would read a struct from an array, field by field; a rule file's records are
/// objects, so an array where one belongs is reported rather than read positionally.
fn require_objects(value: &serde_json::Value) -> Result<(), LoadError> {
    use serde_json::Value;
    let not_object = |pointer: String, found: &Value| {
        Err(LoadError::Shape(Problem::new(
            "wrong_type",
            pointer,
            format!(
                "expected an object, found {}",
                crate::wire::json::type_name(found)
            ),
        )))
    };
    let Value::Object(top) = value else {
        return not_object(String::new(), value);
    };
    for key in ["source"] {
        if let Some(v @ Value::Array(_)) = top.get(key) {
            return not_object(format!("/{key}"), v);
        }
    }
    for key in ["provisions", "facts", "rules", "outcomes", "notes"] {
        if let Some(Value::Array(items)) = top.get(key) {
            for (i, item) in items.iter().enumerate() {
                if let Value::Array(_) = item {
                    return not_object(format!("/{key}/{i}"), item);
                }
                if let Some(p @ Value::Array(_)) = item.get("presupposes") {
                    return not_object(format!("/{key}/{i}/presupposes"), p);
                }
            }
        }
    }
    Ok(())
}

pub(crate) fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::new();
    for segment in path.iter() {
        match segment {
            Segment::Seq { index } => pointer.push_str(&format!("/{index}")),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                pointer.push('/');
                pointer.push_str(&crate::wire::json::escape_token(key));
            }
            Segment::Unknown => {}
        }
    }
    pointer
}
