//! A param's value as the engine reads it, from any typed input, and an input's redacting `Debug`.

use crate::enums::{EnumTable, Open};

use super::{Object, OperationDesc};

/// A param's value as the engine reads it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// Not set.
    Absent,
    /// Text.
    Text(&'a str),
    /// An integer.
    Int(i64),
    /// An integer past `i64`.
    UInt(u64),
    /// A number.
    Float(f64),
    /// A boolean.
    Bool(bool),
    /// A list.
    List(Vec<Value<'a>>),
    /// Any JSON.
    Json(&'a serde_json::Value),
    /// A request model.
    Object(Object<'a>),
}

impl<'a> Value<'a> {
    pub(crate) fn is_set(&self) -> bool {
        match self {
            Value::Absent => false,
            Value::List(l) => !l.is_empty(),
            _ => true,
        }
    }

    /// Calls `f` on every model value in it: itself, or a list's items.
    pub(crate) fn each_object(&self, f: &mut impl FnMut(&Object<'a>)) {
        match self {
            Value::Object(o) => f(o),
            Value::List(items) => items.iter().for_each(|i| i.each_object(f)),
            _ => {}
        }
    }

    /// The value as wire text (a list is its items joined by `,`, a model its JSON).
    pub fn text(&self) -> String {
        match self {
            Value::Absent => String::new(),
            Value::Text(s) => (*s).to_owned(),
            Value::Int(i) => i.to_string(),
            Value::UInt(i) => i.to_string(),
            Value::Float(f) => f.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::List(l) => l.iter().map(Value::text).collect::<Vec<_>>().join(","),
            Value::Json(j) => j.to_string(),
            Value::Object(o) => o.json().to_string(),
        }
    }

    /// The value as JSON.
    pub fn json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            Value::Absent => J::Null,
            Value::Text(s) => J::String((*s).to_owned()),
            Value::Int(i) => J::from(*i),
            Value::UInt(i) => J::from(*i),
            Value::Float(f) => J::from(*f),
            Value::Bool(b) => J::Bool(*b),
            Value::List(l) => J::Array(l.iter().map(Value::json).collect()),
            Value::Json(j) => (*j).clone(),
            Value::Object(o) => o.json(),
        }
    }
}

/// A typed value the engine can read.
#[doc(hidden)]
pub trait ToValue {
    /// The value.
    fn to_value(&self) -> Value<'_>;
}

impl ToValue for String {
    fn to_value(&self) -> Value<'_> {
        Value::Text(self)
    }
}

macro_rules! int_value {
    ($($t:ty),*) => {$(
        impl ToValue for $t {
            fn to_value(&self) -> Value<'_> {
                Value::Int(i64::from(*self))
            }
        }
    )*};
}
int_value!(i32, i64, u32);

impl ToValue for u64 {
    fn to_value(&self) -> Value<'_> {
        i64::try_from(*self).map_or(Value::UInt(*self), Value::Int)
    }
}

impl ToValue for f64 {
    fn to_value(&self) -> Value<'_> {
        Value::Float(*self)
    }
}

impl ToValue for bool {
    fn to_value(&self) -> Value<'_> {
        Value::Bool(*self)
    }
}

impl ToValue for serde_json::Value {
    fn to_value(&self) -> Value<'_> {
        Value::Json(self)
    }
}

impl<T: ToValue> ToValue for Option<T> {
    fn to_value(&self) -> Value<'_> {
        self.as_ref().map_or(Value::Absent, ToValue::to_value)
    }
}

impl<T: ToValue> ToValue for Vec<T> {
    fn to_value(&self) -> Value<'_> {
        Value::List(self.iter().map(ToValue::to_value).collect())
    }
}

impl<E: EnumTable> ToValue for Open<E> {
    fn to_value(&self) -> Value<'_> {
        match self.wire() {
            crate::enums::Wire::Str(s) => Value::Text(s),
            crate::enums::Wire::Int(i) => Value::Int(i),
        }
    }
}

/// `Debug` of an input by its descriptor: wire names and values, sensitive ones redacted.
#[doc(hidden)]
pub fn debug_values(
    f: &mut std::fmt::Formatter<'_>,
    desc: &OperationDesc,
    values: &[Value<'_>],
) -> std::fmt::Result {
    let mut s = f.debug_struct(desc.name);
    for (p, v) in desc.caller_params().zip(values) {
        if p.sensitive && v.is_set() {
            s.field(p.wire, &"***");
        } else {
            s.field(p.wire, v);
        }
    }
    s.finish()
}
