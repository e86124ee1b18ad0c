//! An operation file's request side: the HTTP method and path, and its params.

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{
    Callback, Cancels, Creates, ErrorRow, Example, Pagination, RateLimit, RequestExample, Source,
    TypeDef, Waiter,
};

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
    /// Type of the response data (inside the envelope), as a type expression. Absent: a success
    /// has no body the doc describes (Huawei's cancel), and the client returns `()`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<String>,
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
    /// The operation starts a task that another operation's waiter watches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creates: Option<Creates>,
    /// The operation cancels a task that another operation's waiter watches.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancels: Option<Cancels>,
    /// What the vendor sends to the caller's server when the task this operation starts ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub callback: Option<Callback>,
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
    /// The value's wire form, where it is not the value itself (haplat's `fileList`: the JSON
    /// of a typed list, url-safe base64 encoded).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<ValueEncoding>,
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

impl Param {
    /// Its constraints.
    pub fn limits(&self) -> super::Limits {
        super::Limits {
            min_length: self.min_length,
            max_length: self.max_length,
            minimum: self.minimum,
            maximum: self.maximum,
            max_items: self.max_items,
        }
    }
}

/// A value's wire form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ValueEncoding {
    /// The JSON text of the typed value, url-safe base64 encoded (with `=` padding).
    Base64urlJson,
}

impl ValueEncoding {
    /// The spec name.
    pub fn name(self) -> &'static str {
        match self {
            ValueEncoding::Base64urlJson => "base64url-json",
        }
    }
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
