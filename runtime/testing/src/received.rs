//! What the fake received: each request decoded by its operation's descriptor, with the
//! verifier's verdict.

use vodspec_runtime::{Location, OperationDesc};

use crate::verify::Why;

/// A request as the fake received it, decoded by the operation's descriptor.
#[derive(Debug, Clone)]
pub struct Received {
    /// The operation it addressed (`None`: no operation has its method and path).
    pub operation: Option<&'static str>,
    /// `GET`, `POST`.
    pub method: String,
    /// The path.
    pub path: String,
    /// The raw query string.
    pub query: String,
    /// Headers, names lower-case, in the order received.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
    /// The operation's params as sent, by wire name (a repeated param once per value; the auth
    /// scheme's own params included).
    pub params: Vec<(&'static str, String)>,
    /// The body's params decoded by the descriptor, by wire name: a JSON body's values as sent,
    /// an encoded value (url-safe base64 JSON) decoded, any other form value as text.
    pub values: Vec<(&'static str, serde_json::Value)>,
    /// The auth scheme it was verified with, when it verified.
    pub scheme: Option<&'static str>,
    /// Why the fake refused it, when it did.
    pub rejected: Option<Why>,
    /// The request id the fake answered with, in the vendor's request-id header (for a vendor
    /// that has one).
    pub request_id: Option<String>,
}

impl Received {
    /// The first value of param `wire`.
    pub fn param(&self, wire: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| *k == wire)
            .map(|(_, v)| v.as_str())
    }

    /// The body param `wire` decoded by the descriptor (see [`values`](Self::values)).
    pub fn value(&self, wire: &str) -> Option<&serde_json::Value> {
        self.values.iter().find(|(k, _)| *k == wire).map(|(_, v)| v)
    }

    /// Every value of param `wire`, in order.
    pub fn param_values(&self, wire: &str) -> Vec<&str> {
        self.params
            .iter()
            .filter(|(k, _)| *k == wire)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The first value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Whether the signature (or token) verified.
    pub fn verified(&self) -> bool {
        self.scheme.is_some() && self.rejected.is_none()
    }
}

pub(crate) fn pairs(s: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(s).into_owned().collect()
}

/// The op's params as sent, by wire name.
pub(crate) fn decode_params(
    op: &OperationDesc,
    path_values: &[(&'static str, String)],
    query: &[(String, String)],
    form: &[(String, String)],
    json: Option<&serde_json::Value>,
    headers: &[(String, String)],
) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    for p in op.params {
        let mut push = |v: &str| {
            if p.comma {
                out.extend(v.split(',').map(|x| (p.wire, x.to_owned())));
            } else {
                out.push((p.wire, v.to_owned()));
            }
        };
        match p.location {
            Location::Path => path_values
                .iter()
                .filter(|(k, _)| *k == p.wire)
                .for_each(|(_, v)| push(v)),
            Location::Query => query
                .iter()
                .filter(|(k, _)| k == p.wire)
                .for_each(|(_, v)| push(v)),
            Location::Header => headers
                .iter()
                .filter(|(k, _)| k.eq_ignore_ascii_case(p.wire))
                .for_each(|(_, v)| push(v)),
            Location::Body => match json.and_then(|j| j.get(p.wire)) {
                Some(serde_json::Value::String(s)) => push(s),
                Some(serde_json::Value::Array(items)) => {
                    for i in items {
                        match i {
                            serde_json::Value::String(s) => push(s),
                            other => push(&other.to_string()),
                        }
                    }
                }
                Some(other) => push(&other.to_string()),
                None => form
                    .iter()
                    .filter(|(k, _)| k == p.wire)
                    .for_each(|(_, v)| push(v)),
            },
        }
    }
    out
}

/// The body params decoded by the descriptor: JSON values as sent, url-safe base64 JSON
/// decoded, other form values as text.
pub(crate) fn decode_values(
    op: &OperationDesc,
    form: &[(String, String)],
    json: Option<&serde_json::Value>,
) -> Vec<(&'static str, serde_json::Value)> {
    use base64::Engine as _;
    let mut out = Vec::new();
    for p in op.params.iter().filter(|p| p.location == Location::Body) {
        let raw = match json.and_then(|j| j.get(p.wire)) {
            Some(v) => v.clone(),
            None => match form.iter().find(|(k, _)| k == p.wire) {
                Some((_, v)) => serde_json::Value::String(v.clone()),
                None => continue,
            },
        };
        let value = match (&raw, p.encoding) {
            (serde_json::Value::String(s), vodspec_runtime::op::WireEncoding::JsonBase64Url) => {
                base64::engine::general_purpose::URL_SAFE_NO_PAD
                    .decode(s.trim_end_matches('='))
                    .ok()
                    .and_then(|b| serde_json::from_slice(&b).ok())
                    .unwrap_or(raw)
            }
            _ => raw,
        };
        out.push((p.wire, value));
    }
    out
}
