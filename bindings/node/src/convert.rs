//! The boundary between JS values and Rust values, written against N-API directly.
//!
//! In: [`JsArg`] reads any JS value; [`JsArg::to_value`] turns plain objects, arrays,
//! strings, finite numbers, booleans and `null` into a `serde_json::Value`, refusing
//! nesting deeper than [`MAX_DEPTH`] before it recurses, so no input can overflow the stack.
//! Out: [`to_js`] is a `serde::Serializer` that builds JS values straight from a Rust value
//! (`JSON.parse` of the same value's JSON gives an equal object), with no JSON text between.

use std::cell::RefCell;
use std::ffi::c_char;
use std::ptr;

use napi::bindgen_prelude::{
    FromNapiValue, Status, ToNapiValue, TypeName, ValidateNapiValue, ValueType,
};
use napi::sys;
use rustc_hash::FxHashMap;
use safeguarding_rules::{EmbedError, EmbedProblem, ErrorCode, Limits};
use serde::ser::{self, Serialize};
use serde_json::{Map, Number, Value};

/// How deep a case object may nest: the same limit as the JSON text reader's.
pub const MAX_DEPTH: usize = 128;

const OK: sys::napi_status = sys::Status::napi_ok;

/// The JS type of a value, with arrays told apart from other objects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Undefined,
    Null,
    Boolean,
    Number,
    String,
    Symbol,
    Object,
    Array,
    Function,
    External,
    BigInt,
}

impl Kind {
    /// As an error message names it.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Undefined => "undefined",
            Kind::Null => "null",
            Kind::Boolean => "a boolean",
            Kind::Number => "a number",
            Kind::String => "a string",
            Kind::Symbol => "a symbol",
            Kind::Object => "an object",
            Kind::Array => "an array",
            Kind::Function => "a function",
            Kind::External => "an external value",
            Kind::BigInt => "a bigint",
        }
    }
}

/// Why a JS value could not be read; the path is collected innermost first, on the way out.
pub struct ConvertError {
    reversed_path: Vec<String>,
    kind: &'static str,
    message: String,
}

impl ConvertError {
    fn new(kind: &'static str, message: String) -> ConvertError {
        ConvertError {
            reversed_path: Vec::new(),
            kind,
            message,
        }
    }

    fn at(mut self, segment: String) -> ConvertError {
        // The size limit is the whole document's, not a place in it.
        if self.kind != "too_large" {
            self.reversed_path.push(segment);
        }
        self
    }

    /// The error as the embedding layer's, with a JSON pointer to where it was met.
    pub fn into_error(self, code: ErrorCode) -> EmbedError {
        let pointer: String = self
            .reversed_path
            .iter()
            .rev()
            .map(|s| format!("/{}", escape_token(s)))
            .collect();
        let message = if pointer.is_empty() {
            self.message.clone()
        } else {
            format!("{pointer}: {}", self.message)
        };
        EmbedError {
            code,
            message,
            problems: vec![EmbedProblem {
                pointer,
                code: self.kind.to_string(),
                message: self.message,
            }],
        }
    }
}

/// A JSON pointer token (RFC 6901): `~` as `~0`, `/` as `~1`.
pub fn escape_token(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

fn status(code: sys::napi_status, what: &str) -> Result<(), ConvertError> {
    if code == OK {
        Ok(())
    } else {
        Err(ConvertError::new(
            "invalid_value",
            format!("could not read the value ({what}: status {code})"),
        ))
    }
}

/// Any JS value an exported function was given (a missing argument is `undefined`).
#[derive(Clone, Copy)]
pub struct JsArg {
    env: sys::napi_env,
    value: sys::napi_value,
}

impl FromNapiValue for JsArg {
    unsafe fn from_napi_value(env: sys::napi_env, value: sys::napi_value) -> napi::Result<Self> {
        Ok(JsArg { env, value })
    }
}

impl TypeName for JsArg {
    fn type_name() -> &'static str {
        "unknown"
    }

    fn value_type() -> ValueType {
        ValueType::Unknown
    }
}

impl ValidateNapiValue for JsArg {}

impl JsArg {
    /// The value's JS type.
    pub fn kind(&self) -> Kind {
        let mut t = 0;
        if unsafe { sys::napi_typeof(self.env, self.value, &mut t) } != OK {
            return Kind::Undefined;
        }
        match t {
            sys::ValueType::napi_undefined => Kind::Undefined,
            sys::ValueType::napi_null => Kind::Null,
            sys::ValueType::napi_boolean => Kind::Boolean,
            sys::ValueType::napi_number => Kind::Number,
            sys::ValueType::napi_string => Kind::String,
            sys::ValueType::napi_symbol => Kind::Symbol,
            sys::ValueType::napi_function => Kind::Function,
            sys::ValueType::napi_external => Kind::External,
            sys::ValueType::napi_bigint => Kind::BigInt,
            _ => {
                let mut is_array = false;
                unsafe { sys::napi_is_array(self.env, self.value, &mut is_array) };
                if is_array { Kind::Array } else { Kind::Object }
            }
        }
    }

    /// A string's text (lone surrogates become U+FFFD); call only on a string.
    pub fn string(&self) -> String {
        self.string_of_len(self.utf8_len())
    }

    /// A string's length in UTF-8 bytes; call only on a string.
    fn utf8_len(&self) -> usize {
        let mut len = 0usize;
        unsafe {
            sys::napi_get_value_string_utf8(self.env, self.value, ptr::null_mut(), 0, &mut len)
        };
        len
    }

    fn string_of_len(&self, len: usize) -> String {
        let mut buf: Vec<u8> = Vec::with_capacity(len + 1);
        let mut written = 0usize;
        unsafe {
            sys::napi_get_value_string_utf8(
                self.env,
                self.value,
                buf.as_mut_ptr() as *mut c_char,
                len + 1,
                &mut written,
            );
            buf.set_len(written.min(len));
        }
        // N-API writes UTF-8; a truncation mid-character cannot happen with the full length.
        String::from_utf8(buf)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
    }

    /// A boolean's value; call only on a boolean.
    pub fn boolean(&self) -> bool {
        let mut b = false;
        unsafe { sys::napi_get_value_bool(self.env, self.value, &mut b) };
        b
    }

    fn number(&self) -> f64 {
        let mut n = 0.0;
        unsafe { sys::napi_get_value_double(self.env, self.value, &mut n) };
        n
    }

    /// An array's elements; call only on an array.
    pub fn elements(&self) -> Vec<JsArg> {
        let mut len = 0u32;
        unsafe { sys::napi_get_array_length(self.env, self.value, &mut len) };
        let mut out = Vec::with_capacity(len as usize);
        for i in 0..len {
            let mut v = ptr::null_mut();
            if unsafe { sys::napi_get_element(self.env, self.value, i, &mut v) } == OK {
                out.push(JsArg {
                    env: self.env,
                    value: v,
                });
            }
        }
        out
    }

    /// An object's own enumerable string-keyed properties, in `Object.keys` order.
    /// Each key's bytes are taken from `budget` before it is copied.
    pub fn entries(&self, budget: &mut usize) -> Result<Vec<(String, JsArg)>, ConvertError> {
        let env = self.env;
        let mut keys = ptr::null_mut();
        status(
            unsafe {
                sys::napi_get_all_property_names(
                    env,
                    self.value,
                    sys::KeyCollectionMode::own_only,
                    sys::KeyFilter::enumerable | sys::KeyFilter::skip_symbols,
                    sys::KeyConversion::numbers_to_strings,
                    &mut keys,
                )
            },
            "property names",
        )?;
        let keys = JsArg { env, value: keys };
        let mut out = Vec::new();
        for key in keys.elements() {
            let mut v = ptr::null_mut();
            let len = key.utf8_len();
            *budget = budget
                .checked_sub(len.saturating_add(4))
                .ok_or_else(too_large)?;
            let name = key.string_of_len(len);
            status(
                unsafe { sys::napi_get_property(env, self.value, key.value, &mut v) },
                "property",
            )
            .map_err(|e| e.at(name.clone()))?;
            out.push((name, JsArg { env, value: v }));
        }
        Ok(out)
    }

    /// The value as JSON: plain objects, arrays, strings, finite numbers, booleans and
    /// `null`. As `JSON.stringify` does, a property that is `undefined` is left out and an
    /// `undefined` element is `null`; functions, symbols, bigints and non-finite numbers are
    /// errors. Nesting deeper than [`MAX_DEPTH`] is an error, found before recursing.
    ///
    /// The value's size as JSON text is held to [`Limits::MAX_CASE_BYTES`], as a case's text
    /// is, counted before each string is copied: a huge string is refused, not read.
    pub fn to_value(self) -> Result<Value, ConvertError> {
        let mut budget = Limits::MAX_CASE_BYTES;
        self.value_at(0, &mut budget)
    }

    fn value_at(&self, depth: usize, budget: &mut usize) -> Result<Value, ConvertError> {
        // A lower bound of the value's JSON size: quotes and brackets, no escapes.
        let spend = |budget: &mut usize, n: usize| -> Result<(), ConvertError> {
            *budget = budget.checked_sub(n).ok_or_else(too_large)?;
            Ok(())
        };
        match self.kind() {
            Kind::Null => spend(budget, 4).map(|_| Value::Null),
            Kind::Boolean => spend(budget, 4).map(|_| Value::Bool(self.boolean())),
            Kind::String => {
                let len = self.utf8_len();
                spend(budget, len.saturating_add(2))?;
                Ok(Value::String(self.string_of_len(len)))
            }
            Kind::Number => spend(budget, 1).and_then(|_| number(self.number())),
            Kind::Array => {
                if depth >= MAX_DEPTH {
                    return Err(too_deep());
                }
                spend(budget, 2)?;
                let elements = self.elements();
                let mut out = Vec::with_capacity(elements.len());
                for (i, e) in elements.iter().enumerate() {
                    let v = match e.kind() {
                        Kind::Undefined => Value::Null,
                        _ => e
                            .value_at(depth + 1, budget)
                            .map_err(|err| err.at(i.to_string()))?,
                    };
                    spend(budget, 1)?;
                    out.push(v);
                }
                Ok(Value::Array(out))
            }
            Kind::Object => {
                if depth >= MAX_DEPTH {
                    return Err(too_deep());
                }
                spend(budget, 2)?;
                let mut out = Map::new();
                for (key, v) in self.entries(budget)? {
                    if v.kind() == Kind::Undefined {
                        continue;
                    }
                    let value = v
                        .value_at(depth + 1, budget)
                        .map_err(|err| err.at(key.clone()))?;
                    out.insert(key, value);
                }
                Ok(Value::Object(out))
            }
            other => Err(ConvertError::new(
                "invalid_value",
                format!("expected a JSON value, found {}", other.name()),
            )),
        }
    }
}

fn too_large() -> ConvertError {
    ConvertError::new(
        "too_large",
        format!(
            "case: over the limit of {} bytes as JSON",
            Limits::MAX_CASE_BYTES
        ),
    )
}

fn too_deep() -> ConvertError {
    ConvertError::new(
        "too_deep",
        format!("nesting deeper than {MAX_DEPTH} levels"),
    )
}

fn number(n: f64) -> Result<Value, ConvertError> {
    if !n.is_finite() {
        return Err(ConvertError::new(
            "invalid_value",
            format!("expected a finite number, found `{n}`"),
        ));
    }
    const LIMIT: f64 = 9_223_372_036_854_775_808.0; // 2^63
    if n.fract() == 0.0 && n.abs() < LIMIT {
        return Ok(if n < 0.0 {
            Value::from(n as i64)
        } else {
            Value::from(n as u64)
        });
    }
    Ok(Number::from_f64(n)
        .map(Value::Number)
        .unwrap_or(Value::Null))
}

/// A JS value built in Rust, returned as it is.
pub struct JsOut(sys::napi_value);

impl ToNapiValue for JsOut {
    unsafe fn to_napi_value(_env: sys::napi_env, val: Self) -> napi::Result<sys::napi_value> {
        Ok(val.0)
    }
}

impl TypeName for JsOut {
    fn type_name() -> &'static str {
        "unknown"
    }

    fn value_type() -> ValueType {
        ValueType::Unknown
    }
}

/// Builds the JS value of a Rust value: what `JSON.parse` gives for its JSON.
///
/// Each object is made with one `napi_define_properties` call; property names, and strings
/// met more than once, are made once per call and reused.
pub unsafe fn to_js<T: Serialize + ?Sized>(env: sys::napi_env, value: &T) -> napi::Result<JsOut> {
    unsafe { to_js_shaped(env, value, None) }
}

/// As [`to_js`]; with `shapes`, each struct is made by one call of a JS function that
/// returns an object literal of its fields (V8 then builds it whole, in its final shape,
/// rather than adding one property at a time).
pub unsafe fn to_js_shaped<T: Serialize + ?Sized>(
    env: sys::napi_env,
    value: &T,
    shapes: Option<&Shapes>,
) -> napi::Result<JsOut> {
    let cache = Cache::default();
    value
        .serialize(Ser {
            env,
            cache: &cache,
            shapes,
        })
        .map(JsOut)
        .map_err(|e| napi::Error::new(Status::GenericFailure, e.0))
}

/// A JS string of Rust text (Latin-1 when ASCII: a copy, with no UTF-8 decoding).
pub unsafe fn js_string(env: sys::napi_env, text: &str) -> napi::Result<JsOut> {
    let cache = Cache::default();
    Ser {
        env,
        cache: &cache,
        shapes: None,
    }
    .new_string(text)
    .map(JsOut)
    .map_err(|e| napi::Error::new(Status::GenericFailure, e.0))
}

/// JS strings already made in this call (valid within its handle scope).
#[derive(Default)]
struct Cache {
    /// Field names, by the address of their `&'static str`.
    names: RefCell<FxHashMap<(usize, usize), sys::napi_value>>,
    /// Short string values and map keys, by content.
    strings: RefCell<FxHashMap<Box<str>, sys::napi_value>>,
}

/// Strings up to this length are looked up before they are made.
const CACHED_STRING_BYTES: usize = 512;

/// Throws an embedding error as a JS `Error` with `.code` and `.problems`.
pub unsafe fn throw_embed_error(env: sys::napi_env, error: &EmbedError) {
    let cache = Cache::default();
    let ser = Ser {
        env,
        cache: &cache,
        shapes: None,
    };
    let build = || -> Result<sys::napi_value, SerError> {
        let code = ser.string(error.code.as_str())?;
        let message = ser.string(&error.message)?;
        let mut err = ptr::null_mut();
        ser.check(unsafe { sys::napi_create_error(env, code, message, &mut err) })?;
        let problems = error.problems.serialize(ser)?;
        let key = ser.string("problems")?;
        ser.check(unsafe { sys::napi_set_property(env, err, key, problems) })?;
        Ok(err)
    };
    if let Ok(err) = build() {
        unsafe { sys::napi_throw(env, err) };
    } else {
        let text = std::ffi::CString::new(error.message.replace('\0', " ")).unwrap_or_default();
        unsafe { sys::napi_throw_error(env, c"internal_error".as_ptr(), text.as_ptr()) };
    }
}

/// A failure to build a JS value.
#[derive(Debug)]
pub struct SerError(String);

impl std::fmt::Display for SerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SerError {}

impl ser::Error for SerError {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        SerError(msg.to_string())
    }
}

#[derive(Clone, Copy)]
struct Ser<'c> {
    env: sys::napi_env,
    cache: &'c Cache,
    shapes: Option<&'c Shapes>,
}

/// One JS function per struct shape (its field names in order), made once and kept by the
/// engine that uses it: `(a0, a1, …) => ({"k0": a0, "k1": a1, …})`.
#[derive(Default)]
pub struct Shapes {
    factories: RefCell<FxHashMap<Vec<(usize, usize)>, sys::napi_ref>>,
    /// Set when the host refuses to compile functions (`--disallow-code-generation-from-strings`).
    refused: std::cell::Cell<bool>,
}

impl Shapes {
    /// Deletes the references to the factories; call from the owner's finalizer.
    pub unsafe fn release(&self, env: sys::napi_env) {
        for (_, r) in self.factories.borrow_mut().drain() {
            unsafe { sys::napi_delete_reference(env, r) };
        }
    }

    /// The factory for these field names, or `None` when none can be made.
    fn factory(&self, ser: Ser<'_>, names: &[&'static str]) -> Option<sys::napi_value> {
        if self.refused.get() {
            return None;
        }
        let env = ser.env;
        let key: Vec<(usize, usize)> = names
            .iter()
            .map(|n| (n.as_ptr() as usize, n.len()))
            .collect();
        if let Some(r) = self.factories.borrow().get(&key) {
            let mut f = ptr::null_mut();
            if unsafe { sys::napi_get_reference_value(env, *r, &mut f) } == OK && !f.is_null() {
                return Some(f);
            }
            return None;
        }
        let params: Vec<String> = (0..names.len()).map(|i| format!("a{i}")).collect();
        let fields: Vec<String> = names
            .iter()
            .enumerate()
            .map(|(i, n)| format!("{}:a{i}", serde_json::to_string(n).unwrap_or_default()))
            .collect();
        let body = format!("return {{{}}};", fields.join(","));
        let made = (|| -> Result<sys::napi_value, SerError> {
            let mut global = ptr::null_mut();
            ser.check(unsafe { sys::napi_get_global(env, &mut global) })?;
            let mut function = ptr::null_mut();
            ser.check(unsafe {
                sys::napi_get_named_property(env, global, c"Function".as_ptr(), &mut function)
            })?;
            let args = [ser.new_string(&params.join(","))?, ser.new_string(&body)?];
            let mut f = ptr::null_mut();
            ser.check(unsafe { sys::napi_new_instance(env, function, 2, args.as_ptr(), &mut f) })?;
            Ok(f)
        })();
        match made {
            Ok(f) => {
                let mut r = ptr::null_mut();
                if unsafe { sys::napi_create_reference(env, f, 1, &mut r) } == OK {
                    self.factories.borrow_mut().insert(key, r);
                }
                Some(f)
            }
            Err(_) => {
                let mut pending = false;
                unsafe { sys::napi_is_exception_pending(env, &mut pending) };
                if pending {
                    let mut e = ptr::null_mut();
                    unsafe { sys::napi_get_and_clear_last_exception(env, &mut e) };
                }
                self.refused.set(true);
                None
            }
        }
    }
}

const DATA_PROPERTY: sys::napi_property_attributes = sys::PropertyAttributes::writable
    | sys::PropertyAttributes::enumerable
    | sys::PropertyAttributes::configurable;

impl<'c> Ser<'c> {
    fn check(self, code: sys::napi_status) -> Result<(), SerError> {
        if code == OK {
            Ok(())
        } else {
            Err(SerError(format!(
                "could not build a JS value (status {code})"
            )))
        }
    }

    /// A new JS string (Latin-1 when ASCII: a copy, with no UTF-8 decoding).
    fn new_string(self, s: &str) -> Result<sys::napi_value, SerError> {
        let mut v = ptr::null_mut();
        let (p, n) = (s.as_ptr() as *const c_char, s.len() as isize);
        self.check(unsafe {
            if s.is_ascii() {
                sys::napi_create_string_latin1(self.env, p, n, &mut v)
            } else {
                sys::napi_create_string_utf8(self.env, p, n, &mut v)
            }
        })?;
        Ok(v)
    }

    /// A JS string, reused when this call has made it already.
    fn string(self, s: &str) -> Result<sys::napi_value, SerError> {
        if s.len() > CACHED_STRING_BYTES {
            return self.new_string(s);
        }
        if let Some(v) = self.cache.strings.borrow().get(s) {
            return Ok(*v);
        }
        let v = self.new_string(s)?;
        self.cache.strings.borrow_mut().insert(s.into(), v);
        Ok(v)
    }

    /// A field name, made once per call.
    fn name(self, s: &'static str) -> Result<sys::napi_value, SerError> {
        let key = (s.as_ptr() as usize, s.len());
        if let Some(v) = self.cache.names.borrow().get(&key) {
            return Ok(*v);
        }
        let v = self.new_string(s)?;
        self.cache.names.borrow_mut().insert(key, v);
        Ok(v)
    }

    /// A property name from a map key's value: strings as they are, others as JSON writes
    /// them (a number key becomes its text).
    fn key_name(self, key: sys::napi_value) -> Result<sys::napi_value, SerError> {
        let mut t = 0;
        self.check(unsafe { sys::napi_typeof(self.env, key, &mut t) })?;
        if t == sys::ValueType::napi_string {
            return Ok(key);
        }
        let mut v = ptr::null_mut();
        self.check(unsafe { sys::napi_coerce_to_string(self.env, key, &mut v) })?;
        Ok(v)
    }

    fn double(self, n: f64) -> Result<sys::napi_value, SerError> {
        if !n.is_finite() {
            // serde_json writes a non-finite number as `null`.
            return self.null();
        }
        let mut v = ptr::null_mut();
        self.check(unsafe { sys::napi_create_double(self.env, n, &mut v) })?;
        Ok(v)
    }

    fn int(self, n: i64) -> Result<sys::napi_value, SerError> {
        if let Ok(small) = i32::try_from(n) {
            let mut v = ptr::null_mut();
            self.check(unsafe { sys::napi_create_int32(self.env, small, &mut v) })?;
            Ok(v)
        } else {
            self.double(n as f64)
        }
    }

    fn null(self) -> Result<sys::napi_value, SerError> {
        let mut v = ptr::null_mut();
        self.check(unsafe { sys::napi_get_null(self.env, &mut v) })?;
        Ok(v)
    }

    fn object(self) -> Result<sys::napi_value, SerError> {
        let mut v = ptr::null_mut();
        self.check(unsafe { sys::napi_create_object(self.env, &mut v) })?;
        Ok(v)
    }

    fn set(
        self,
        object: sys::napi_value,
        key: sys::napi_value,
        value: sys::napi_value,
    ) -> Result<(), SerError> {
        self.check(unsafe { sys::napi_set_property(self.env, object, key, value) })
    }
}

struct Array<'c> {
    ser: Ser<'c>,
    array: sys::napi_value,
    next: u32,
}

impl Array<'_> {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), SerError> {
        let v = value.serialize(self.ser)?;
        self.ser
            .check(unsafe { sys::napi_set_element(self.ser.env, self.array, self.next, v) })?;
        self.next += 1;
        Ok(())
    }
}

struct Object<'c> {
    ser: Ser<'c>,
    /// Each property as `napi_define_properties` takes it: name and value.
    properties: Vec<sys::napi_property_descriptor>,
    key: Option<sys::napi_value>,
    /// For an enum's struct variant: the variant's name, the key of an outer object.
    variant: Option<&'static str>,
    /// A struct's field names, in order (`None` for a map, whose keys are data).
    names: Option<Vec<&'static str>>,
}

impl Object<'_> {
    fn property(&mut self, name: sys::napi_value, value: sys::napi_value) {
        self.properties.push(sys::napi_property_descriptor {
            utf8name: ptr::null(),
            name,
            method: None,
            getter: None,
            setter: None,
            value,
            attributes: DATA_PROPERTY,
            data: ptr::null_mut(),
        });
    }

    fn field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), SerError> {
        let k = self.ser.name(key)?;
        let v = value.serialize(self.ser)?;
        self.property(k, v);
        if let Some(names) = &mut self.names {
            names.push(key);
        }
        Ok(())
    }

    /// The object by its shape's factory, when there is one.
    fn by_factory(&self) -> Result<Option<sys::napi_value>, SerError> {
        let (Some(shapes), Some(names)) = (self.ser.shapes, &self.names) else {
            return Ok(None);
        };
        if names.is_empty() {
            return Ok(None);
        }
        let Some(f) = shapes.factory(self.ser, names) else {
            return Ok(None);
        };
        let args: Vec<sys::napi_value> = self.properties.iter().map(|p| p.value).collect();
        let mut undefined = ptr::null_mut();
        self.ser
            .check(unsafe { sys::napi_get_undefined(self.ser.env, &mut undefined) })?;
        let mut object = ptr::null_mut();
        self.ser.check(unsafe {
            sys::napi_call_function(
                self.ser.env,
                undefined,
                f,
                args.len(),
                args.as_ptr(),
                &mut object,
            )
        })?;
        Ok(Some(object))
    }

    fn finish(self) -> Result<sys::napi_value, SerError> {
        if let Some(object) = self.by_factory()? {
            return self.wrap(object);
        }
        let object = self.ser.object()?;
        if !self.properties.is_empty() {
            self.ser.check(unsafe {
                sys::napi_define_properties(
                    self.ser.env,
                    object,
                    self.properties.len(),
                    self.properties.as_ptr(),
                )
            })?;
        }
        self.wrap(object)
    }

    fn wrap(&self, object: sys::napi_value) -> Result<sys::napi_value, SerError> {
        match self.variant {
            None => Ok(object),
            Some(variant) => {
                let outer = self.ser.object()?;
                let k = self.ser.name(variant)?;
                self.ser.set(outer, k, object)?;
                Ok(outer)
            }
        }
    }
}

impl<'c> ser::Serializer for Ser<'c> {
    type Ok = sys::napi_value;
    type Error = SerError;
    type SerializeSeq = Array<'c>;
    type SerializeTuple = Array<'c>;
    type SerializeTupleStruct = Array<'c>;
    type SerializeTupleVariant = VariantArray<'c>;
    type SerializeMap = Object<'c>;
    type SerializeStruct = Object<'c>;
    type SerializeStructVariant = Object<'c>;

    fn serialize_bool(self, v: bool) -> Result<Self::Ok, SerError> {
        let mut out = ptr::null_mut();
        self.check(unsafe { sys::napi_get_boolean(self.env, v, &mut out) })?;
        Ok(out)
    }
    fn serialize_i8(self, v: i8) -> Result<Self::Ok, SerError> {
        self.int(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<Self::Ok, SerError> {
        self.int(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<Self::Ok, SerError> {
        self.int(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<Self::Ok, SerError> {
        self.int(v)
    }
    fn serialize_i128(self, v: i128) -> Result<Self::Ok, SerError> {
        self.double(v as f64)
    }
    fn serialize_u8(self, v: u8) -> Result<Self::Ok, SerError> {
        self.int(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<Self::Ok, SerError> {
        self.int(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<Self::Ok, SerError> {
        self.int(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<Self::Ok, SerError> {
        match i64::try_from(v) {
            Ok(n) => self.int(n),
            Err(_) => self.double(v as f64),
        }
    }
    fn serialize_u128(self, v: u128) -> Result<Self::Ok, SerError> {
        self.double(v as f64)
    }
    fn serialize_f32(self, v: f32) -> Result<Self::Ok, SerError> {
        self.double(v.into())
    }
    fn serialize_f64(self, v: f64) -> Result<Self::Ok, SerError> {
        self.double(v)
    }
    fn serialize_char(self, v: char) -> Result<Self::Ok, SerError> {
        self.string(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<Self::Ok, SerError> {
        self.string(v)
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Self::Ok, SerError> {
        let mut seq = ser::Serializer::serialize_seq(self, Some(v.len()))?;
        for b in v {
            seq.push(b)?;
        }
        Ok(seq.array)
    }
    fn serialize_none(self) -> Result<Self::Ok, SerError> {
        self.null()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Self::Ok, SerError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Self::Ok, SerError> {
        self.null()
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Self::Ok, SerError> {
        self.null()
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Self::Ok, SerError> {
        self.string(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Self::Ok, SerError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Self::Ok, SerError> {
        let outer = self.object()?;
        let k = self.name(variant)?;
        let v = value.serialize(self)?;
        self.set(outer, k, v)?;
        Ok(outer)
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Array<'c>, SerError> {
        let mut array = ptr::null_mut();
        self.check(unsafe {
            sys::napi_create_array_with_length(self.env, len.unwrap_or(0), &mut array)
        })?;
        Ok(Array {
            ser: self,
            array,
            next: 0,
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Array<'c>, SerError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Array<'c>, SerError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<VariantArray<'c>, SerError> {
        let outer = self.object()?;
        Ok(VariantArray {
            array: self.serialize_seq(Some(len))?,
            outer,
            variant,
        })
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Object<'c>, SerError> {
        Ok(Object {
            ser: self,
            properties: Vec::with_capacity(len.unwrap_or(0)),
            key: None,
            variant: None,
            names: None,
        })
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Object<'c>, SerError> {
        Ok(Object {
            ser: self,
            properties: Vec::with_capacity(len),
            key: None,
            variant: None,
            names: self.shapes.map(|_| Vec::with_capacity(len)),
        })
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Object<'c>, SerError> {
        Ok(Object {
            ser: self,
            properties: Vec::with_capacity(len),
            key: None,
            variant: Some(variant),
            names: self.shapes.map(|_| Vec::with_capacity(len)),
        })
    }
}

impl ser::SerializeSeq for Array<'_> {
    type Ok = sys::napi_value;
    type Error = SerError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), SerError> {
        self.push(value)
    }
    fn end(self) -> Result<Self::Ok, SerError> {
        Ok(self.array)
    }
}

impl ser::SerializeTuple for Array<'_> {
    type Ok = sys::napi_value;
    type Error = SerError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), SerError> {
        self.push(value)
    }
    fn end(self) -> Result<Self::Ok, SerError> {
        Ok(self.array)
    }
}

impl ser::SerializeTupleStruct for Array<'_> {
    type Ok = sys::napi_value;
    type Error = SerError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), SerError> {
        self.push(value)
    }
    fn end(self) -> Result<Self::Ok, SerError> {
        Ok(self.array)
    }
}

pub struct VariantArray<'c> {
    array: Array<'c>,
    outer: sys::napi_value,
    variant: &'static str,
}

impl ser::SerializeTupleVariant for VariantArray<'_> {
    type Ok = sys::napi_value;
    type Error = SerError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), SerError> {
        self.array.push(value)
    }
    fn end(self) -> Result<Self::Ok, SerError> {
        let ser = self.array.ser;
        let k = ser.name(self.variant)?;
        ser.set(self.outer, k, self.array.array)?;
        Ok(self.outer)
    }
}

impl ser::SerializeMap for Object<'_> {
    type Ok = sys::napi_value;
    type Error = SerError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), SerError> {
        // A key that is not a string (a number, a bool) becomes a property name, as JSON
        // writes it as a string.
        let key = key.serialize(self.ser)?;
        self.key = Some(self.ser.key_name(key)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), SerError> {
        let key = self
            .key
            .take()
            .ok_or_else(|| SerError("a map value without a key".into()))?;
        let v = value.serialize(self.ser)?;
        self.property(key, v);
        Ok(())
    }
    fn end(self) -> Result<Self::Ok, SerError> {
        self.finish()
    }
}

impl ser::SerializeStruct for Object<'_> {
    type Ok = sys::napi_value;
    type Error = SerError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), SerError> {
        self.field(key, value)
    }
    fn end(self) -> Result<Self::Ok, SerError> {
        self.finish()
    }
}

impl ser::SerializeStructVariant for Object<'_> {
    type Ok = sys::napi_value;
    type Error = SerError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), SerError> {
        self.field(key, value)
    }
    fn end(self) -> Result<Self::Ok, SerError> {
        self.finish()
    }
}
