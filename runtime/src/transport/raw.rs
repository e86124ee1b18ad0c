//! What one send gives back: the response as received, or why there is none.

use std::fmt;
use std::time::Duration;

use crate::wire::BaseUrlError;

/// A response as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawResponse {
    /// HTTP status.
    pub status: u16,
    /// The vendor's request id header, when present.
    pub request_id: Option<String>,
    /// Every header, names lower-case, in the order received.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
    /// How many attempts it took.
    pub attempts: u32,
}

/// Sending failed before a response could be read.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SendError {
    /// The base URL is unusable.
    BaseUrl(BaseUrlError),
    /// No response: connection refused, reset, TLS failure… (after every attempt).
    Transport {
        /// What the last attempt saw.
        message: String,
        /// Attempts made.
        attempts: u32,
    },
    /// No complete response within the timeout (after every attempt).
    Timeout {
        /// The per-attempt limit.
        after: Duration,
        /// Attempts made.
        attempts: u32,
    },
    /// The body is larger than `max_body_bytes`.
    BodyTooLarge {
        /// HTTP status.
        status: u16,
        /// The limit.
        limit: usize,
    },
    /// The vendor answered with a redirect, which a signed request does not follow.
    Redirect {
        /// HTTP status (301, 302, 307, …).
        status: u16,
        /// The `Location` it pointed to.
        location: Option<String>,
    },
    /// The request cannot be put on the wire (a header value with a line break, say); nothing
    /// was sent.
    Unsendable {
        /// Why.
        message: String,
    },
}

impl fmt::Display for SendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SendError::BaseUrl(e) => write!(f, "{e}"),
            SendError::Transport { message, attempts } => {
                write!(f, "no response after {attempts} attempt(s): {message}")
            }
            SendError::Timeout { after, attempts } => {
                write!(
                    f,
                    "timed out after {after:?} on each of {attempts} attempt(s)"
                )
            }
            SendError::BodyTooLarge { status, limit } => {
                write!(
                    f,
                    "the HTTP {status} response body exceeds the {limit}-byte limit"
                )
            }
            SendError::Redirect { status, location } => {
                write!(
                    f,
                    "the vendor answered HTTP {status}, a redirect to {}; signed requests are not redirected",
                    location.as_deref().unwrap_or("nowhere")
                )
            }
            SendError::Unsendable { message } => write!(f, "the request cannot be sent: {message}"),
        }
    }
}

impl std::error::Error for SendError {}

impl RawResponse {
    /// Its status, request id, headers and attempts.
    pub fn meta(&self) -> crate::ResponseMeta {
        let mut m = crate::ResponseMeta::new(self.status);
        m.request_id = self.request_id.clone();
        m.headers = self.headers.clone();
        m.attempts = self.attempts;
        m
    }
}
