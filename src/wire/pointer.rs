//! JSON pointers that are written out only when a problem needs one: reading a valid rule
//! file visits every node, and formatting each node's pointer was a tenth of loading.

use std::fmt;

use crate::wire::json::escape_token;

/// A JSON pointer as a chain of steps from one already written out.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Pointer<'a> {
    /// A pointer written out.
    Written(&'a str),
    /// A key (unescaped) below another pointer.
    Key(&'a Pointer<'a>, &'a str),
    /// An array index below another pointer.
    Index(&'a Pointer<'a>, usize),
}

impl<'a> Pointer<'a> {
    /// The pointer to `key` below this one.
    pub(crate) fn key(&'a self, key: &'a str) -> Pointer<'a> {
        Pointer::Key(self, key)
    }

    /// The pointer to item `index` below this one.
    pub(crate) fn index(&'a self, index: usize) -> Pointer<'a> {
        Pointer::Index(self, index)
    }
}

impl fmt::Display for Pointer<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Pointer::Written(s) => f.write_str(s),
            Pointer::Key(parent, key) => write!(f, "{parent}/{}", escape_token(key)),
            Pointer::Index(parent, i) => write!(f, "{parent}/{i}"),
        }
    }
}

impl From<Pointer<'_>> for String {
    fn from(p: Pointer<'_>) -> String {
        p.to_string()
    }
}

impl From<&Pointer<'_>> for String {
    fn from(p: &Pointer<'_>) -> String {
        p.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_escaped_steps() {
        let root = Pointer::Written("/rules/3");
        let condition = root.key("condition");
        let all = condition.key("a/b~c");
        assert_eq!(all.index(2).to_string(), "/rules/3/condition/a~1b~0c/2");
    }
}
