//! An operation's named types: models with their fields, enums with their values.

use std::borrow::Cow;
use std::fmt;

use indexmap::IndexMap;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

use super::Format;

/// A named type: exactly one of `fields` (a model) or `enum` (an open enum).
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TypeDef {
    /// The doc's description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// A model's fields keyed by wire name, in the doc's order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<IndexMap<String, Field>>,
    /// An enum's wire type.
    #[serde(default, rename = "enum", skip_serializing_if = "Option::is_none")]
    pub enum_type: Option<EnumWire>,
    /// An enum's values keyed by wire value, in the doc's order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<IndexMap<String, EnumValue>>,
    /// An enum whose meanings depend on a sibling field (haplat `transcodeState` on `encrypt`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub depends_on: Option<String>,
    /// Rust name, where the spec name converts badly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Deprecated; the text says what to use instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<String>,
}

/// An enum's wire type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum EnumWire {
    /// String values.
    String,
    /// Integer values (may be negative).
    Int,
}

/// A model field.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// Type expression; `optional<T>` for a field that may be absent.
    #[serde(rename = "type")]
    pub ty: String,
    /// The doc's description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// The spec author's remark (never the vendor's words, which `doc` keeps verbatim); the
    /// generated docs mark it as vodspec's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remark: Option<String>,
    /// A runtime decoder for where the wire disagrees with the doc's stated type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lenient: Option<Lenient>,
    /// The value's textual format.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<Format>,
    /// What promises that a response always carries this field (the doc's Required or
    /// Mandatory column, the vendor's SDK). A response field without it is `optional<…>`: what
    /// the doc does not promise, the client does not demand.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub promised: Option<String>,
    /// Rust name, where the wire name converts badly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Never printed or logged.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sensitive: bool,
    /// Deprecated; the text says what to use instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<String>,
    /// A request model's field: minimum length in characters, checked before sending.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u64>,
    /// A request model's field: maximum length in characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    /// A request model's field: smallest allowed value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum: Option<i64>,
    /// A request model's field: largest allowed value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum: Option<i64>,
    /// A request model's field: most items a list may hold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u64>,
}

impl Field {
    /// Its constraints.
    pub fn limits(&self) -> Limits {
        Limits {
            min_length: self.min_length,
            max_length: self.max_length,
            minimum: self.minimum,
            maximum: self.maximum,
            max_items: self.max_items,
        }
    }
}

/// The constraints a param or a request-model field may carry, read the same way from both.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Limits {
    /// Minimum length in characters.
    pub min_length: Option<u64>,
    /// Maximum length in characters.
    pub max_length: Option<u64>,
    /// Smallest allowed value.
    pub minimum: Option<i64>,
    /// Largest allowed value.
    pub maximum: Option<i64>,
    /// Most items a list may hold.
    pub max_items: Option<u64>,
}

impl Limits {
    /// Any constraint set.
    pub fn any(&self) -> bool {
        *self != Limits::default()
    }
}

/// Lenient decoders the runtime implements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Lenient {
    /// A string field that may arrive as a JSON number; kept as the number's text.
    NumberAsString,
    /// An integer field that may arrive as a string of digits.
    StringAsNumber,
    /// An optional field where `""` means absent.
    EmptyStringAsAbsent,
}

impl Lenient {
    /// The spec name.
    pub fn name(self) -> &'static str {
        match self {
            Lenient::NumberAsString => "number-as-string",
            Lenient::StringAsNumber => "string-as-number",
            Lenient::EmptyStringAsAbsent => "empty-string-as-absent",
        }
    }
}

/// One enum value. Shorthand: `success: 任务成功` (just the meaning).
#[derive(Debug, Clone, Default, Serialize)]
pub struct EnumValue {
    /// Rust variant name; needed where the wire value is no identifier.
    pub name: Option<String>,
    /// The doc's meaning of the value.
    pub doc: Option<String>,
    /// Meanings keyed by the value of the enum's `depends_on` field.
    pub meanings: Option<IndexMap<String, String>>,
    /// Not in the doc's value list, only seen in its examples.
    pub undocumented: bool,
    /// Deprecated; the text says what to use instead.
    pub deprecated: Option<String>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "EnumValueLong")]
struct EnumValueLong {
    /// Rust variant name; needed where the wire value is no identifier.
    #[serde(default)]
    name: Option<String>,
    /// The doc's meaning of the value.
    #[serde(default)]
    doc: Option<String>,
    /// Meanings keyed by the value of the enum's `depends_on` field.
    #[serde(default)]
    meanings: Option<IndexMap<String, String>>,
    /// Not in the doc's value list, only seen in its examples.
    #[serde(default)]
    undocumented: bool,
    /// Deprecated; the text says what to use instead.
    #[serde(default)]
    deprecated: Option<String>,
}

impl<'de> Deserialize<'de> for EnumValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = EnumValue;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("the value's meaning as text, or a map with name/doc/meanings/undocumented/deprecated")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<EnumValue, E> {
                Ok(EnumValue {
                    doc: Some(v.to_owned()),
                    ..EnumValue::default()
                })
            }
            fn visit_unit<E: de::Error>(self) -> Result<EnumValue, E> {
                Ok(EnumValue::default())
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<EnumValue, A::Error> {
                let long = EnumValueLong::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(EnumValue {
                    name: long.name,
                    doc: long.doc,
                    meanings: long.meanings,
                    undocumented: long.undocumented,
                    deprecated: long.deprecated,
                })
            }
        }
        d.deserialize_any(V)
    }
}

impl JsonSchema for EnumValue {
    fn schema_name() -> Cow<'static, str> {
        "EnumValue".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let long = generator.subschema_for::<EnumValueLong>();
        json_schema!({
            "description": "One enum value: its meaning as text, or the long form.",
            "anyOf": [{ "type": "string" }, { "type": "null" }, long]
        })
    }
}

/// An enum's wire value as a spec names it: `success`, `SUCCEEDED`, or an integer such as `2`.
/// Kept as text, the way enum `values` are keyed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct WireValue(pub String);

impl<'de> Deserialize<'de> for WireValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = WireValue;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an enum value: text or an integer")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<WireValue, E> {
                Ok(WireValue(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<WireValue, E> {
                Ok(WireValue(v.to_string()))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<WireValue, E> {
                Ok(WireValue(v.to_owned()))
            }
        }
        d.deserialize_any(V)
    }
}

impl JsonSchema for WireValue {
    fn schema_name() -> Cow<'static, str> {
        "WireValue".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An enum's wire value: text or an integer.",
            "type": ["string", "integer"]
        })
    }
}
