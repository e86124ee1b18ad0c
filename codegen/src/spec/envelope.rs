//! The envelope and the error rows: how a vendor wraps its answers and what each documented error
//! is; the envelope as the runtime value it becomes.

use std::borrow::Cow;
use std::fmt;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize};

/// The response envelope and how errors are recognised.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Envelope {
    /// The runtime envelope.
    pub scheme: EnvelopeScheme,
    /// The body `code` that means success (for the `code-*` schemes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub success_code: Option<i64>,
    /// What `data` holds when the call failed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_data: Option<ErrorData>,
    /// Response header carrying the vendor's request id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id_header: Option<String>,
    /// What the vendor documents of the envelope.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
}

/// The envelopes the runtime implements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum EnvelopeScheme {
    /// `{code, status, message, data}`; failure is `code != success_code`, whatever the HTTP status.
    CodeStatusMessageData,
    /// `{code, message, data}`; business errors arrive under HTTP 200 with `code != success_code`.
    CodeMessageData,
    /// The plain model on 2xx; `{error_code, error_msg}` on 4xx/5xx.
    PlainWithErrorObject,
}

impl EnvelopeScheme {
    /// Whether error rows carry an integer `code` (else a string `error_code`).
    pub fn integer_codes(self) -> bool {
        !matches!(self, EnvelopeScheme::PlainWithErrorObject)
    }
}

/// A vendor's envelope as the runtime value it becomes: what emit writes into the vendor
/// descriptor, and what validation splits the doc's example bodies with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuntimeEnvelope {
    /// `vodspec_runtime::envelope::CodeMessageData`.
    Code(vodspec_envelope::CodeMessageData),
    /// `vodspec_runtime::envelope::PlainWithErrorObject`.
    Plain(vodspec_envelope::PlainWithErrorObject),
}

impl RuntimeEnvelope {
    /// The envelope, to split bodies with.
    pub fn envelope(&self) -> &dyn vodspec_envelope::Envelope {
        match self {
            RuntimeEnvelope::Code(e) => e,
            RuntimeEnvelope::Plain(e) => e,
        }
    }
}

impl Envelope {
    /// The runtime envelope; `None` while a `code-*` scheme lacks its `success_code` (a
    /// diagnostic of the vendor file).
    pub fn runtime(&self) -> Option<RuntimeEnvelope> {
        let error_data = self.error_data.map(|d| match d {
            ErrorData::EmptyString => "\"\"",
            ErrorData::Null => "null",
        });
        Some(match self.scheme {
            EnvelopeScheme::CodeStatusMessageData | EnvelopeScheme::CodeMessageData => {
                RuntimeEnvelope::Code(vodspec_envelope::CodeMessageData {
                    success_code: self.success_code?,
                    status_field: self.scheme == EnvelopeScheme::CodeStatusMessageData,
                    error_data,
                })
            }
            EnvelopeScheme::PlainWithErrorObject => {
                RuntimeEnvelope::Plain(vodspec_envelope::PlainWithErrorObject)
            }
        })
    }
}

/// What an error response puts where the data would be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorData {
    /// `data: ""` (an empty string, not `null`).
    EmptyString,
    /// `data: null` or absent.
    Null,
}

/// One row of an error table. A response matches the row when every key given here matches.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ErrorRow {
    /// The vendor's error code (integer `code` or string `error_code`, per the envelope).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<ErrorCode>,
    /// The exact message, when the code alone does not tell rows apart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// HTTP status the vendor answers with, where documented.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_status: Option<u16>,
    /// The table's explanation, in the doc's language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// The spec author's remark (never the vendor's words, which `doc` keeps verbatim); the
    /// generated docs mark it as vodspec's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remark: Option<String>,
    /// Where this row comes from when it is not the page the spec is written from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The error is about a bad signature or timestamp (what a retry with a fresh clock may fix).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub auth: bool,
}

/// An error code: an integer (`400`, `1601`) or a string (`MPC.10212`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(untagged)]
pub enum ErrorCode {
    /// Integer code.
    Int(i64),
    /// String code.
    Str(String),
}

impl ErrorCode {
    /// The code as a response carries it, to match with the runtime's rule.
    pub fn code(&self) -> vodspec_envelope::Code {
        match self {
            ErrorCode::Int(i) => vodspec_envelope::Code::Int(*i),
            ErrorCode::Str(s) => vodspec_envelope::Code::Str(s.clone().into()),
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorCode::Int(i) => write!(f, "{i}"),
            ErrorCode::Str(s) => write!(f, "{s:?}"),
        }
    }
}

impl<'de> Deserialize<'de> for ErrorCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = ErrorCode;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an integer error code (1601) or a string one (\"MPC.10212\")")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<ErrorCode, E> {
                Ok(ErrorCode::Int(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<ErrorCode, E> {
                i64::try_from(v)
                    .map(ErrorCode::Int)
                    .map_err(|_| E::custom("error code does not fit in i64"))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ErrorCode, E> {
                Ok(ErrorCode::Str(v.to_owned()))
            }
        }
        d.deserialize_any(V)
    }
}

impl JsonSchema for ErrorCode {
    fn schema_name() -> Cow<'static, str> {
        "ErrorCode".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "The vendor's error code: an integer (1601) or a string (\"MPC.10212\").",
            "type": ["integer", "string"]
        })
    }
}
