//! Request models: a typed value the caller builds (Huawei's `ThumbnailPara`, haplat's
//! `PullVideoFile`), read by the engine as a [`Value::Object`] with its descriptor, so checking,
//! JSON and redaction live here once for every model.

use super::Value;

/// The constraints of one value — a param's or a request-model field's — checked before
/// sending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Limits {
    /// Must be set (a list: non-empty).
    pub required: bool,
    /// Length limits, in characters.
    pub min_length: Option<u64>,
    /// Length limits, in characters.
    pub max_length: Option<u64>,
    /// Range.
    pub minimum: Option<i64>,
    /// Range.
    pub maximum: Option<i64>,
    /// List limit.
    pub max_items: Option<u64>,
}

/// A field of a request model as the engine sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldDesc {
    /// Wire name.
    pub wire: &'static str,
    /// Never printed.
    pub sensitive: bool,
    /// What the value must satisfy.
    pub limits: Limits,
}

impl FieldDesc {
    /// A field with no constraints.
    pub const fn new(wire: &'static str) -> Self {
        FieldDesc {
            wire,
            sensitive: false,
            limits: Limits {
                required: false,
                min_length: None,
                max_length: None,
                minimum: None,
                maximum: None,
                max_items: None,
            },
        }
    }

    /// Must be set.
    pub const fn required(mut self) -> Self {
        self.limits.required = true;
        self
    }

    /// Never printed.
    pub const fn sensitive(mut self) -> Self {
        self.sensitive = true;
        self
    }

    /// Length limits.
    pub const fn length(mut self, min: Option<u64>, max: Option<u64>) -> Self {
        self.limits.min_length = min;
        self.limits.max_length = max;
        self
    }

    /// Range limits.
    pub const fn range(mut self, min: Option<i64>, max: Option<i64>) -> Self {
        self.limits.minimum = min;
        self.limits.maximum = max;
        self
    }

    /// List limit.
    pub const fn max_items(mut self, max: u64) -> Self {
        self.limits.max_items = Some(max);
        self
    }
}

/// A request model's fields, in the struct's order.
#[derive(Debug, PartialEq, Eq)]
pub struct ModelDesc {
    /// The Rust type's name (`ThumbnailPara`).
    pub name: &'static str,
    /// Its fields.
    pub fields: &'static [FieldDesc],
}

/// A model value: its descriptor and its fields' values in the descriptor's order.
#[derive(Clone, PartialEq)]
pub struct Object<'a> {
    /// The model.
    pub desc: &'static ModelDesc,
    /// The fields' values ([`Value::Absent`] for an unset optional one).
    pub values: Vec<Value<'a>>,
}

impl<'a> Object<'a> {
    /// Each field with its value.
    pub fn fields(&self) -> impl Iterator<Item = (&'static FieldDesc, &Value<'a>)> {
        self.desc.fields.iter().zip(&self.values)
    }

    /// The JSON object, absent fields left out (never sent as `null`).
    pub fn json(&self) -> serde_json::Value {
        let map = self
            .fields()
            .filter(|(_, v)| !matches!(v, Value::Absent))
            .map(|(f, v)| (f.wire.to_owned(), v.json()))
            .collect();
        serde_json::Value::Object(map)
    }

    /// Every sensitive field's wire name, nested models included.
    pub(crate) fn sensitive_wires(&self, out: &mut Vec<&'static str>) {
        for (f, v) in self.fields() {
            if f.sensitive && !out.contains(&f.wire) {
                out.push(f.wire);
            }
            v.each_object(&mut |o| o.sensitive_wires(out));
        }
    }
}

/// Sensitive fields print as `***`, like sensitive params.
impl std::fmt::Debug for Object<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut s = f.debug_struct(self.desc.name);
        for (field, v) in self.fields() {
            if field.sensitive && !matches!(v, Value::Absent) {
                s.field(field.wire, &"***");
            } else {
                s.field(field.wire, v);
            }
        }
        s.finish()
    }
}
