//! What the fake received: each request decoded by its operation's descriptor, with the
//! verifier's verdict.

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
