//! Receiving a vendor's callback: the request the vendor sends to the caller's server when a
//! task ends, verified by the spec's signature rule and only then decoded, whatever HTTP
//! framework the caller runs.

use std::fmt;

use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;

use crate::op::Operation;
use crate::vendor::Client;

/// A callback's wire form, as the spec describes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CallbackDesc {
    /// The create's param carrying the URL the vendor calls.
    pub url_param: &'static str,
    /// How the body carries the payload.
    pub encoding: CallbackEncoding,
    /// How the call is told from a forgery.
    pub signature: CallbackSignature,
    /// The doc's example payload (before any encoding), for a test server to send.
    pub example: Option<&'static str>,
}

/// How a callback's body carries its payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallbackEncoding {
    /// The payload's JSON.
    Json,
    /// The url-safe base64 of the payload's JSON (haplat's notifications), padded or not.
    JsonBase64Url,
}

/// A callback's signature rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CallbackSignature {
    /// The vendor signs nothing its docs show: the payload is decoded as it comes.
    None,
    /// Lowercase hex MD5 of the parts, in the callback URL's query param `param` (Polyv's
    /// snapshot callback: `md5("snapshot" + vid + secretKey)` in `sign`).
    Md5Hex {
        /// The query param.
        param: &'static str,
        /// What is hashed, in order.
        over: &'static [SignPart],
    },
}

/// One part of what a callback signature hashes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignPart {
    /// Literal text.
    Text(&'static str),
    /// A top-level payload field (wire name), as text.
    Payload(&'static str),
    /// A vendor credential, by spec name.
    Credential(&'static str),
}

/// An operation whose task calls back (its descriptor's `callback`): the payload's type.
pub trait Callback: Operation {
    /// What the vendor sends.
    type Payload: DeserializeOwned + fmt::Debug + Send + 'static;
}

/// A callback request as the caller's HTTP server received it.
#[derive(Debug, Clone, Copy)]
pub struct CallbackRequest<'a> {
    /// The raw query string of the URL the vendor called (without `?`), when it had one.
    pub query: Option<&'a str>,
    /// The request's headers.
    pub headers: &'a HeaderMap,
    /// The body, as received.
    pub body: &'a [u8],
}

/// Why a callback was refused. Nothing unverified is decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CallbackError {
    /// The signature is not where the rule says it is.
    MissingSignature {
        /// The query param it belongs in.
        param: &'static str,
    },
    /// The signature does not match the rule's digest.
    BadSignature,
    /// A part the rule hashes is missing: a payload field or a credential.
    MissingPart {
        /// The part (`payload.vid`, `credentials.secret_key`).
        part: String,
    },
    /// The body is not in the callback's encoding (not base64, not JSON).
    Encoding {
        /// What was wrong.
        reason: String,
    },
    /// The verified payload does not fit its type.
    Decode {
        /// What was wrong.
        reason: String,
    },
}

impl fmt::Display for CallbackError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallbackError::MissingSignature { param } => {
                write!(f, "callback has no signature in `{param}`")
            }
            CallbackError::BadSignature => f.write_str("callback signature does not match"),
            CallbackError::MissingPart { part } => {
                write!(f, "callback cannot be verified: `{part}` is missing")
            }
            CallbackError::Encoding { reason } => write!(f, "callback body: {reason}"),
            CallbackError::Decode { reason } => write!(f, "callback payload: {reason}"),
        }
    }
}

impl std::error::Error for CallbackError {}

/// The payload's JSON text, out of the body's encoding.
fn payload_json(desc: &CallbackDesc, body: &[u8]) -> Result<Vec<u8>, CallbackError> {
    match desc.encoding {
        CallbackEncoding::Json => Ok(body.to_vec()),
        CallbackEncoding::JsonBase64Url => {
            use base64::Engine as _;
            let text = std::str::from_utf8(body)
                .map_err(|_| CallbackError::Encoding {
                    reason: "not url-safe base64 (not even text)".into(),
                })?
                .trim()
                .trim_end_matches('=');
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(text)
                .map_err(|e| CallbackError::Encoding {
                    reason: format!("not url-safe base64: {e}"),
                })
        }
    }
}

/// The digest the rule gives for this payload and these credentials.
pub fn expected_signature(
    over: &[SignPart],
    payload: &serde_json::Value,
    credential: impl Fn(&str) -> Option<String>,
) -> Result<String, CallbackError> {
    use md5::Digest as _;
    let mut h = md5::Md5::new();
    for part in over {
        let text = match part {
            SignPart::Text(t) => (*t).to_owned(),
            SignPart::Payload(f) => match payload.get(f) {
                Some(serde_json::Value::String(s)) => s.clone(),
                Some(v @ serde_json::Value::Number(_)) => v.to_string(),
                _ => {
                    return Err(CallbackError::MissingPart {
                        part: format!("payload.{f}"),
                    });
                }
            },
            SignPart::Credential(c) => credential(c).ok_or_else(|| CallbackError::MissingPart {
                part: format!("credentials.{c}"),
            })?,
        };
        h.update(text.as_bytes());
    }
    Ok(hex::encode(h.finalize()))
}

/// Equal without telling by its timing where the first difference is.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// Verifies a callback of `O` by its signature rule with `client`'s credentials, then decodes
/// its payload.
pub fn receive<O: Callback>(
    client: &Client,
    request: &CallbackRequest<'_>,
) -> Result<O::Payload, CallbackError> {
    let Some(desc) = O::DESC.callback else {
        return Err(CallbackError::Encoding {
            reason: format!("{} describes no callback", O::DESC.name),
        });
    };
    let json = payload_json(desc, request.body)?;
    if let CallbackSignature::Md5Hex { param, over } = desc.signature {
        let given = request
            .query
            .and_then(|q| {
                form_urlencoded::parse(q.as_bytes())
                    .find(|(k, _)| k == param)
                    .map(|(_, v)| v.into_owned())
            })
            .filter(|v| !v.is_empty())
            .ok_or(CallbackError::MissingSignature { param })?;
        // Only the parts the rule hashes are read before the signature is checked.
        let untrusted: serde_json::Value =
            serde_json::from_slice(&json).map_err(|e| CallbackError::Encoding {
                reason: format!("not JSON: {e}"),
            })?;
        let credentials = &client.core().credentials;
        let want = expected_signature(over, &untrusted, |c| credentials.get(c).map(str::to_owned))?;
        if !same(&want, &given) {
            return Err(CallbackError::BadSignature);
        }
    }
    serde_json::from_slice(&json).map_err(|e| CallbackError::Decode {
        reason: e.to_string(),
    })
}
