//! Rust values to Python objects, through serde, with no JSON text in between.
//!
//! The objects are what `json.loads` makes of the value's JSON: `dict` for structs and maps,
//! `list` for sequences and tuples, `str`, `int`, `float`, `bool` and `None`. A
//! determination is about a thousand of them, so the cost is in making each one; two things
//! make it cheaper than a general-purpose serializer:
//!
//! - Struct field names are `&'static str`: each becomes one Python `str`, made once per
//!   process and reused as the key of every dict that has that field (its hash computed
//!   once too).
//! - Each dict is filled as its fields come, with no intermediate vectors.
//! - String values repeat: a determination is mostly the rule set's own text (ids,
//!   wording, citations, quoted provisions), about 180 strings a case but only about a
//!   hundred distinct across 4,096 cases. A `str` is immutable, so one made for a value is
//!   kept (up to [`MAX_CACHED_STRINGS`] of them, each at most [`MAX_CACHED_STRING_BYTES`])
//!   and handed out again, found by its content.
//!
//! Containers are made afresh on every call: a caller may change the dict it is given, and
//! nothing it does can reach another call's result.

use std::fmt;
use std::sync::Mutex;

use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyList, PyString};
use rustc_hash::FxHashMap;
use serde::ser::{self, Serialize};

/// Most string values kept for reuse: the rule sets' own text fits many times over; a
/// server that sees many distinct answers or references fills it once and then makes the
/// rest afresh.
pub(crate) const MAX_CACHED_STRINGS: usize = 8192;

/// Longest string value kept for reuse, in bytes (the longest quoted provision is under 1 KB).
pub(crate) const MAX_CACHED_STRING_BYTES: usize = 4096;

/// The `str`s kept between calls.
#[derive(Default)]
struct Keys {
    /// Struct field and variant names, by the address and length of the `&'static str`.
    names: FxHashMap<(usize, usize), Py<PyString>>,
    /// String values, by content.
    strings: FxHashMap<Box<str>, Py<PyString>>,
}

static KEYS: Mutex<Option<Keys>> = Mutex::new(None);

/// A Rust value as Python objects.
pub(crate) fn to_python<'py, T: Serialize + ?Sized>(
    py: Python<'py>,
    value: &T,
) -> Result<Bound<'py, PyAny>> {
    // `try_lock`, never `lock`: making objects can run a garbage collection, whose
    // finalizers may switch threads; a thread waiting here for the lock would then hold
    // the GIL that the holder needs. A thread that finds the lock taken uses keys of its own.
    match KEYS.try_lock() {
        Ok(mut guard) => {
            let keys = guard.get_or_insert_with(Keys::default);
            value.serialize(Serializer { py, keys })
        }
        Err(_) => {
            let mut keys = Keys::default();
            value.serialize(Serializer {
                py,
                keys: &mut keys,
            })
        }
    }
}

/// A value that could not be made into Python objects.
#[derive(Debug)]
pub(crate) enum ToPythonError {
    Python(PyErr),
    Custom(String),
}

impl fmt::Display for ToPythonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ToPythonError::Python(e) => write!(f, "{e}"),
            ToPythonError::Custom(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for ToPythonError {}

impl ser::Error for ToPythonError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        ToPythonError::Custom(msg.to_string())
    }
}

impl From<PyErr> for ToPythonError {
    fn from(e: PyErr) -> Self {
        ToPythonError::Python(e)
    }
}

type Result<T> = std::result::Result<T, ToPythonError>;

fn key<'py>(py: Python<'py>, keys: &mut Keys, name: &'static str) -> Bound<'py, PyString> {
    keys.names
        .entry((name.as_ptr() as usize, name.len()))
        .or_insert_with(|| PyString::intern(py, name).unbind())
        .bind(py)
        .clone()
}

struct Serializer<'k, 'py> {
    py: Python<'py>,
    keys: &'k mut Keys,
}

impl<'k, 'py> Serializer<'k, 'py> {
    fn int<T>(self, v: T) -> Result<Bound<'py, PyAny>>
    where
        T: IntoPyObject<'py, Output = Bound<'py, PyInt>>,
        T::Error: Into<PyErr>,
    {
        v.into_pyobject(self.py)
            .map(Bound::into_any)
            .map_err(|e| ToPythonError::Python(e.into()))
    }
}

impl<'k, 'py> ser::Serializer for Serializer<'k, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = ToPythonError;
    type SerializeSeq = Seq<'k, 'py>;
    type SerializeTuple = Seq<'k, 'py>;
    type SerializeTupleStruct = Seq<'k, 'py>;
    type SerializeTupleVariant = Variant<'py, Seq<'k, 'py>>;
    type SerializeMap = Map<'k, 'py>;
    type SerializeStruct = Struct<'k, 'py>;
    type SerializeStructVariant = Variant<'py, Struct<'k, 'py>>;

    fn serialize_bool(self, v: bool) -> Result<Self::Ok> {
        Ok(PyBool::new(self.py, v).to_owned().into_any())
    }
    fn serialize_i8(self, v: i8) -> Result<Self::Ok> {
        self.int(v)
    }
    fn serialize_i16(self, v: i16) -> Result<Self::Ok> {
        self.int(v)
    }
    fn serialize_i32(self, v: i32) -> Result<Self::Ok> {
        self.int(v)
    }
    fn serialize_i64(self, v: i64) -> Result<Self::Ok> {
        self.int(v)
    }
    fn serialize_i128(self, v: i128) -> Result<Self::Ok> {
        self.int(v)
    }
    fn serialize_u8(self, v: u8) -> Result<Self::Ok> {
        self.int(v)
    }
    fn serialize_u16(self, v: u16) -> Result<Self::Ok> {
        self.int(v)
    }
    fn serialize_u32(self, v: u32) -> Result<Self::Ok> {
        self.int(v)
    }
    fn serialize_u64(self, v: u64) -> Result<Self::Ok> {
        self.int(v)
    }
    fn serialize_u128(self, v: u128) -> Result<Self::Ok> {
        self.int(v)
    }
    fn serialize_f32(self, v: f32) -> Result<Self::Ok> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<Self::Ok> {
        // JSON has no NaN or infinity: serde_json writes them as `null`.
        if v.is_finite() {
            Ok(PyFloat::new(self.py, v).into_any())
        } else {
            Ok(self.py.None().into_bound(self.py))
        }
    }
    fn serialize_char(self, v: char) -> Result<Self::Ok> {
        let mut buf = [0u8; 4];
        self.serialize_str(v.encode_utf8(&mut buf))
    }
    fn serialize_str(self, v: &str) -> Result<Self::Ok> {
        if v.len() > MAX_CACHED_STRING_BYTES {
            return Ok(PyString::new(self.py, v).into_any());
        }
        let strings = &mut self.keys.strings;
        if let Some(s) = strings.get(v) {
            return Ok(s.bind(self.py).clone().into_any());
        }
        let s = PyString::new(self.py, v);
        if strings.len() < MAX_CACHED_STRINGS {
            strings.insert(v.into(), s.clone().unbind());
        }
        Ok(s.into_any())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Self::Ok> {
        // As serde_json writes bytes: a list of numbers.
        let items: Vec<u8> = v.to_vec();
        Ok(PyList::new(self.py, items)?.into_any())
    }
    fn serialize_none(self) -> Result<Self::Ok> {
        Ok(self.py.None().into_bound(self.py))
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Self::Ok> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Self::Ok> {
        Ok(self.py.None().into_bound(self.py))
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<Self::Ok> {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<Self::Ok> {
        // The variant's name is static: one `str` per process, like the keys.
        Ok(key(self.py, self.keys, variant).into_any())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<Self::Ok> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Self::Ok> {
        let py = self.py;
        let k = key(py, self.keys, variant);
        let inner = value.serialize(Serializer {
            py,
            keys: self.keys,
        })?;
        let dict = PyDict::new(py);
        dict.set_item(k, inner)?;
        Ok(dict.into_any())
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Self::SerializeSeq> {
        Ok(Seq {
            py: self.py,
            keys: self.keys,
            items: Vec::with_capacity(len.unwrap_or(0)),
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Self::SerializeTuple> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        let py = self.py;
        let k = key(py, self.keys, variant);
        Ok(Variant {
            key: k,
            inner: Seq {
                py,
                keys: self.keys,
                items: Vec::with_capacity(len),
            },
        })
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap> {
        Ok(Map {
            py: self.py,
            keys: self.keys,
            dict: PyDict::new(self.py),
            key: None,
        })
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeStruct> {
        Ok(Struct {
            py: self.py,
            keys: self.keys,
            dict: PyDict::new(self.py),
        })
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant> {
        let py = self.py;
        let k = key(py, self.keys, variant);
        Ok(Variant {
            key: k,
            inner: Struct {
                py,
                keys: self.keys,
                dict: PyDict::new(py),
            },
        })
    }
}

struct Seq<'k, 'py> {
    py: Python<'py>,
    keys: &'k mut Keys,
    items: Vec<Bound<'py, PyAny>>,
}

impl<'py> Seq<'_, 'py> {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        let item = value.serialize(Serializer {
            py: self.py,
            keys: self.keys,
        })?;
        self.items.push(item);
        Ok(())
    }
    fn finish(self) -> Result<Bound<'py, PyAny>> {
        Ok(PyList::new(self.py, self.items)?.into_any())
    }
}

impl<'py> ser::SerializeSeq for Seq<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = ToPythonError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.push(value)
    }
    fn end(self) -> Result<Self::Ok> {
        self.finish()
    }
}

impl<'py> ser::SerializeTuple for Seq<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = ToPythonError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.push(value)
    }
    fn end(self) -> Result<Self::Ok> {
        self.finish()
    }
}

impl<'py> ser::SerializeTupleStruct for Seq<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = ToPythonError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.push(value)
    }
    fn end(self) -> Result<Self::Ok> {
        self.finish()
    }
}

struct Map<'k, 'py> {
    py: Python<'py>,
    keys: &'k mut Keys,
    dict: Bound<'py, PyDict>,
    key: Option<Bound<'py, PyAny>>,
}

impl<'py> ser::SerializeMap for Map<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = ToPythonError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<()> {
        let k = key.serialize(Serializer {
            py: self.py,
            keys: self.keys,
        })?;
        // JSON object keys are strings; serde_json writes a number key as its text.
        let k = if k.cast::<PyString>().is_ok() {
            k
        } else {
            k.str()?.into_any()
        };
        self.key = Some(k);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        let Some(k) = self.key.take() else {
            return Err(ser::Error::custom("a map value without its key"));
        };
        let v = value.serialize(Serializer {
            py: self.py,
            keys: self.keys,
        })?;
        self.dict.set_item(k, v)?;
        Ok(())
    }
    fn end(self) -> Result<Self::Ok> {
        Ok(self.dict.into_any())
    }
}

struct Struct<'k, 'py> {
    py: Python<'py>,
    keys: &'k mut Keys,
    dict: Bound<'py, PyDict>,
}

impl<'py> Struct<'_, 'py> {
    fn field<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) -> Result<()> {
        let k = key(self.py, self.keys, name);
        let v = value.serialize(Serializer {
            py: self.py,
            keys: self.keys,
        })?;
        self.dict.set_item(k, v)?;
        Ok(())
    }
}

impl<'py> ser::SerializeStruct for Struct<'_, 'py> {
    type Ok = Bound<'py, PyAny>;
    type Error = ToPythonError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<()> {
        self.field(name, value)
    }
    fn end(self) -> Result<Self::Ok> {
        Ok(self.dict.into_any())
    }
}

/// An enum variant with content: `{"Variant": content}`, as serde_json writes it.
struct Variant<'py, I> {
    key: Bound<'py, PyString>,
    inner: I,
}

impl<'py> ser::SerializeTupleVariant for Variant<'py, Seq<'_, 'py>> {
    type Ok = Bound<'py, PyAny>;
    type Error = ToPythonError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.inner.push(value)
    }
    fn end(self) -> Result<Self::Ok> {
        let py = self.inner.py;
        let dict = PyDict::new(py);
        let key = self.key;
        dict.set_item(key, self.inner.finish()?)?;
        Ok(dict.into_any())
    }
}

impl<'py> ser::SerializeStructVariant for Variant<'py, Struct<'_, 'py>> {
    type Ok = Bound<'py, PyAny>;
    type Error = ToPythonError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<()> {
        self.inner.field(name, value)
    }
    fn end(self) -> Result<Self::Ok> {
        let py = self.inner.py;
        let dict = PyDict::new(py);
        dict.set_item(self.key, self.inner.dict)?;
        Ok(dict.into_any())
    }
}
