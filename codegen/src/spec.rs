//! The spec format: what a spec author writes, one struct per YAML node.
//!
//! These types are the single source of truth for the format: the loader deserializes into them
//! (`deny_unknown_fields` everywhere, so a typo is an error), and `cargo xtask schema` derives
//! `specs/spec.schema.json` from them. `specs/README.md` documents them key by key.
//!
//! Maps are `IndexMap`s so that the order of the doc (params, fields, enum values, error rows) is
//! kept and the output stays deterministic. No `flatten` and no `untagged` here: both would hide
//! the precise message a spec author needs. Shorthand forms get small hand-written `Deserialize`s.

use std::borrow::Cow;
use std::fmt;

use indexmap::IndexMap;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

/// `specs/<vendor>/vendor.yaml`: what every endpoint of one vendor shares.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VendorSpec {
    /// Vendor id; must equal the folder name (`polyv`, `haplat`, `huaweicloud`).
    pub vendor: String,
    /// Human-readable product name, in the vendor's own words.
    pub title: String,
    /// What this vendor's API is; becomes the vendor module's rustdoc.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// Pages this file was written from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
    /// Base URL of the API. May contain `{region}`, filled from the region credential.
    pub base_url: String,
    /// Regions the vendor serves, keyed by region id; an entry may override the base URL.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub regions: IndexMap<String, Region>,
    /// Credential fields a client is built from, keyed by name (snake_case).
    pub credentials: IndexMap<String, Credential>,
    /// Auth schemes the vendor accepts, by runtime name; the first is the default.
    pub auth: Vec<Auth>,
    /// How a response body is wrapped and how an error is recognised.
    pub envelope: Envelope,
    /// Documented request-rate limit that applies to every endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_limit: Option<RateLimit>,
    /// Vendor-wide error catalog, keyed by a stable snake_case name.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub errors: IndexMap<String, ErrorRow>,
    /// Where the vendor's pages contradict themselves or leave something out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// A documentation page a spec was written from.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The page's address.
    pub url: String,
    /// The page's own "last updated" text, verbatim (it is not always a date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
}

/// One region of a regional vendor.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Region {
    /// Replaces the vendor's `base_url` for this region (Huawei `cn-north-1`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
    /// Why this region differs, or what it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
}

/// A credential field, e.g. an access key.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Credential {
    /// Environment variable `from_env()` reads it from.
    pub env: String,
    /// A secret: never printed by `Debug`/`Display`, never logged.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sensitive: bool,
    /// May be left unset (for example a token used instead of a key pair).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub optional: bool,
    /// What it is and where the user finds it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
}

/// An auth scheme, implemented once in the runtime and selected here by name.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Auth {
    /// The runtime scheme.
    pub scheme: AuthScheme,
    /// How far the request's timestamp may be from the server's clock, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_clock_skew_seconds: Option<u32>,
    /// Credential fields the scheme signs with, by the names in `credentials`.
    pub uses: Vec<String>,
    /// What the vendor says of the scheme.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// Pages the rule comes from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
}

/// The auth schemes the runtime implements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum AuthScheme {
    /// Polyv: `sign` = upper-hex SHA-1 over sorted `k=v&…` + secret key, with `ptime` in ms.
    PolyvSha1Sign,
    /// haplat / CDNetworks: `X-WS-AccessKey`, `X-WS-Timestamp` and a WS3-HMAC-SHA256 `Authorization`.
    Ws3HmacSha256,
    /// Huawei Cloud APIG AK/SK signing (`SDK-HMAC-SHA256`, `X-Sdk-Date`).
    HuaweiSdkHmacSha256,
    /// Huawei Cloud IAM token in `X-Auth-Token`.
    HuaweiToken,
}

impl AuthScheme {
    /// The `auth.<slot>` values a parameter can be filled from under this scheme.
    pub fn slots(self) -> &'static [&'static str] {
        match self {
            AuthScheme::PolyvSha1Sign => &["time", "sign"],
            AuthScheme::Ws3HmacSha256 => &["access_key", "timestamp", "authorization"],
            AuthScheme::HuaweiSdkHmacSha256 => &["authorization", "date", "project_id"],
            AuthScheme::HuaweiToken => &["token"],
        }
    }

    /// What the scheme signs with, in the order `uses` lists the credentials.
    pub fn credential_roles(self) -> &'static [&'static str] {
        match self {
            AuthScheme::PolyvSha1Sign => &["secret_key"],
            AuthScheme::Ws3HmacSha256 => &["access_key", "secret_key"],
            AuthScheme::HuaweiSdkHmacSha256 => &["access_key", "secret_key", "project_id"],
            AuthScheme::HuaweiToken => &["token"],
        }
    }

    /// Whether the runtime's signer reads the `auth.<slot>` params of an operation (Polyv's
    /// `ptime`/`sign` go where the spec puts them); the other schemes add their own headers.
    pub fn runtime_reads_slots(self) -> bool {
        matches!(self, AuthScheme::PolyvSha1Sign)
    }

    /// The runtime's implementation: the module under `vodspec_runtime::auth` and the type.
    pub fn runtime_type(self) -> (&'static str, &'static str) {
        match self {
            AuthScheme::PolyvSha1Sign => ("polyv", "PolyvSha1Sign"),
            AuthScheme::Ws3HmacSha256 => ("ws3", "Ws3HmacSha256"),
            AuthScheme::HuaweiSdkHmacSha256 => ("huawei", "HuaweiSdkHmacSha256"),
            AuthScheme::HuaweiToken => ("huawei_token", "HuaweiToken"),
        }
    }

    /// The name a spec uses for the scheme.
    pub fn name(self) -> &'static str {
        match self {
            AuthScheme::PolyvSha1Sign => "polyv-sha1-sign",
            AuthScheme::Ws3HmacSha256 => "ws3-hmac-sha256",
            AuthScheme::HuaweiSdkHmacSha256 => "huawei-sdk-hmac-sha256",
            AuthScheme::HuaweiToken => "huawei-token",
        }
    }
}

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

/// A documented rate limit.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RateLimit {
    /// Requests allowed per window.
    pub requests: u32,
    /// Window length in seconds.
    pub per_seconds: u32,
    /// Who the limit is counted for.
    pub scope: RateLimitScope,
    /// How long the vendor blocks a caller that exceeded it, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub block_seconds: Option<u32>,
    /// Where the numbers come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
}

/// Who a rate limit is counted for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RateLimitScope {
    /// Each client IP address.
    ClientIp,
    /// Each account.
    User,
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

/// `specs/<vendor>/<service>/<operation>.yaml`: one documented endpoint. The operation's name is
/// the file name (kebab-case), its service the folder.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OperationSpec {
    /// The doc page this spec is written from.
    pub source: Source,
    /// The page's title, in its own language.
    pub summary: String,
    /// What the operation does; becomes the method's rustdoc.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// Method, path template and body encoding.
    pub http: Http,
    /// Request parameters keyed by wire name, in the doc's order.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub params: IndexMap<String, Param>,
    /// Rules over several params ("at least one of").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub param_rules: Vec<ParamRule>,
    /// Type of the response data (inside the envelope), as a type expression.
    pub response: String,
    /// Named models and enums this operation uses, in the doc's order.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub types: IndexMap<String, TypeDef>,
    /// This endpoint's own error table, keyed by a stable snake_case name.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub errors: IndexMap<String, ErrorRow>,
    /// How to poll a long-running task until it ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waiter: Option<Waiter>,
    /// Page-number pagination.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pagination: Option<Pagination>,
    /// A rate limit specific to this endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_limit: Option<RateLimit>,
    /// The doc's examples, verbatim.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<Example>,
    /// The page's request examples in code (a Java snippet, a curl line), verbatim, for
    /// reviewers comparing the spec with the page; nothing is generated from them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub request_examples: Vec<RequestExample>,
    /// Where the page contradicts itself or leaves something out, and what the spec does about it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// The endpoint is deprecated; the text says what to use instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<String>,
}

/// How the request goes on the wire.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Http {
    /// The method the client uses.
    pub method: Method,
    /// Other methods the doc says the endpoint accepts.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub also_accepts: Vec<Method>,
    /// Path template; each `{name}` is a param with `in: path`.
    pub path: String,
    /// How `in: body` params are encoded (`form` or `json`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<BodyEncoding>,
    /// Sending the request twice does no more than sending it once, so it may be retried after
    /// it reached the server. Default: every method but POST.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idempotent: Option<bool>,
}

/// HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// DELETE
    Delete,
}

impl Method {
    /// The method's name on the wire.
    pub fn name(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

/// Body encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum BodyEncoding {
    /// `application/x-www-form-urlencoded; charset=utf-8`
    Form,
    /// `application/json; charset=utf-8`
    Json,
}

/// A request parameter.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Param {
    /// Where the param goes.
    #[serde(rename = "in")]
    pub location: ParamLocation,
    /// Type expression (`string`, `i64`, `list<string>`, an enum name…).
    #[serde(rename = "type")]
    pub ty: String,
    /// The caller must set it. Path params are always required.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    /// Filled by the client, not the caller: `credentials.<field>` or `auth.<slot>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// The doc's description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// The spec author's remark (never the vendor's words, which `doc` keeps verbatim); the
    /// generated docs mark it as vodspec's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remark: Option<String>,
    /// Value the server assumes when the param is absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<serde_json::Value>,
    /// Constraints checked before the request is sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u64>,
    /// Maximum length in characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    /// Smallest allowed value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum: Option<i64>,
    /// Largest allowed value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum: Option<i64>,
    /// Most items a list may hold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_items: Option<u64>,
    /// The value's textual format.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<Format>,
    /// How a list goes on the wire.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub style: Option<ListStyle>,
    /// Rust name, where the wire name converts badly.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Never printed or logged.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sensitive: bool,
    /// Deprecated; the text says what to use instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecated: Option<String>,
}

/// Where a param goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ParamLocation {
    /// A `{placeholder}` in the path template.
    Path,
    /// The query string.
    Query,
    /// A request header.
    Header,
    /// The body, encoded as `http.body` says.
    Body,
}

/// Textual formats the doc states.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// Unix time in milliseconds (13 digits).
    UnixMs,
    /// Unix time in seconds.
    UnixSeconds,
    /// `yyyymmddhhmmss`, UTC.
    Yyyymmddhhmmss,
    /// A URL.
    Url,
}

/// How a list param goes on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ListStyle {
    /// `k=a&k=b` (the default).
    Repeat,
    /// `k=a,b`
    Comma,
}

/// A rule over several params.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ParamRule {
    /// At least one of these params must be set.
    pub at_least_one_of: Vec<String>,
    /// The doc's words for the rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
}

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

/// A waiter: which values at `path` of the response end the task.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Waiter {
    /// Path in the response type to an enum, e.g. `status` or `task_array[].status`.
    pub path: String,
    /// Values meaning the task succeeded.
    pub success: Vec<WireValue>,
    /// Values meaning the task failed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failure: Vec<WireValue>,
    /// Values meaning the task is still running.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pending: Vec<WireValue>,
    /// Error rows (the endpoint's or the vendor's, by name) that say where the task is, as
    /// Smithy's `errorType` acceptor does: `pending` (poll again) or `failure` (the task failed).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub errors: IndexMap<String, ErrorState>,
    /// For an answer listing several tasks: the request's list param naming the tasks waited
    /// for and the path to each task's id, so a requested task missing from the answer counts as
    /// pending and an unrequested one is ignored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ids: Option<WaiterIds>,
    /// Anything a user should know about waiting on this task.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
}

/// What an error row means to a waiter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorState {
    /// The task is still running: poll again.
    Pending,
    /// The task failed.
    Failure,
}

/// Which tasks a waiter over several waits for.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WaiterIds {
    /// The request's list param naming the tasks.
    pub param: String,
    /// Path in the response to each task's id, crossing the same list as the waiter's path.
    pub path: String,
}

/// Page-number pagination.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Pagination {
    /// The page-number param.
    pub page_param: String,
    /// The page-size param.
    pub size_param: String,
    /// Number of the first page.
    #[serde(default)]
    pub first_page: i64,
    /// Path in the response to the list of items.
    pub items: String,
    /// Path in the response to the "more results" flag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub truncated: Option<String>,
    /// Path in the response to the total item count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<String>,
}

/// One of the page's request examples in code.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RequestExample {
    /// Its language (`java`, `curl`).
    pub language: String,
    /// The caption on the page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// The code, verbatim.
    pub code: String,
}

/// The HTTP status of an example whose doc gives none: the generated descriptor decodes it with
/// this status and validation splits it with the same.
pub const DEFAULT_EXAMPLE_STATUS: u16 = 200;

/// One of the doc's examples.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Example {
    /// A stable snake_case name (becomes the generated decode test's name).
    pub name: String,
    /// The doc's caption.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// The example request, verbatim (URL or curl).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<String>,
    /// HTTP status of the response, where the doc gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// For an error example, the error row it shows (an endpoint or vendor row name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The response body as the doc prints it: JSON text, verbatim, envelope included.
    pub body: String,
}

/// A JSON Schema that validates both kinds of spec file: a file with a `vendor` key is a vendor
/// file, any other an operation file.
pub fn json_schema() -> serde_json::Value {
    let mut generator = SchemaGenerator::default();
    let vendor = generator.subschema_for::<VendorSpec>();
    let operation = generator.subschema_for::<OperationSpec>();
    let defs = generator.take_definitions(true);
    serde_json::json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://vodspec.invalid/spec.schema.json",
        "title": "vodspec spec file",
        "description": "A vodspec vendor file (has `vendor`) or operation file. Generated by `cargo xtask schema` from codegen/src/spec.rs; do not edit.",
        "if": { "type": "object", "required": ["vendor"] },
        "then": vendor,
        "else": operation,
        "$defs": defs,
    })
}
