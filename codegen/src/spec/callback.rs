//! A create's callback: what the vendor sends to the URL the caller gave it when the task ends.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::ValueEncoding;

/// What the vendor sends back to the caller's server.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Callback {
    /// The request param whose value is the URL the vendor calls (`callbackUrl`, `notifyUrl`).
    pub url_param: String,
    /// The payload's type: a model of this file, or `json`.
    pub payload: String,
    /// The body's wire form, where it is not the payload's JSON itself (haplat: url-safe base64).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<ValueEncoding>,
    /// How the caller tells the vendor's call from a forgery. Required: a vendor that signs
    /// nothing says so with `scheme: none` and why.
    pub signature: CallbackSignature,
    /// The doc's words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// The doc's example payload (before any encoding), verbatim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
}

/// A callback's signature rule, run by the runtime.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CallbackSignature {
    /// The rule.
    pub scheme: CallbackScheme,
    /// Where the signature arrives: a query param of the callback URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub param: Option<String>,
    /// What is hashed, concatenated in order: `text:<literal>`, `payload.<field>` (a field of the
    /// payload) or `credentials.<name>` (a vendor credential).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub over: Vec<String>,
    /// The doc's words for the rule (for `none`: why nothing is verified).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
}

/// The callback signature rules the runtime implements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum CallbackScheme {
    /// Lowercase hex MD5 of the parts (Polyv's snapshot callback).
    Md5Hex,
    /// The vendor signs nothing the docs show.
    None,
}

impl CallbackScheme {
    /// The spec name.
    pub fn name(self) -> &'static str {
        match self {
            CallbackScheme::Md5Hex => "md5-hex",
            CallbackScheme::None => "none",
        }
    }
}

/// One part of what a callback signature hashes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignPart<'a> {
    /// Literal text.
    Text(&'a str),
    /// A payload field (wire name).
    Payload(&'a str),
    /// A vendor credential.
    Credential(&'a str),
}

impl CallbackSignature {
    /// Each `over` entry read, or the entry that is none of the three forms.
    pub fn parts(&self) -> Vec<Result<SignPart<'_>, &str>> {
        self.over
            .iter()
            .map(|o| {
                if let Some(t) = o.strip_prefix("text:") {
                    Ok(SignPart::Text(t))
                } else if let Some(f) = o.strip_prefix("payload.") {
                    Ok(SignPart::Payload(f))
                } else if let Some(c) = o.strip_prefix("credentials.") {
                    Ok(SignPart::Credential(c))
                } else {
                    Err(o.as_str())
                }
            })
            .collect()
    }
}
