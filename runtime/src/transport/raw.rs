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

/// What a failed send was caused by (reqwest's error, and through its own `source()` hyper's,
/// the io error, the TLS error): reachable with [`std::error::Error::source`] and
/// downcastable to `reqwest::Error`. Two causes are equal when they read the same.
#[derive(Clone)]
pub struct Cause(std::sync::Arc<dyn std::error::Error + Send + Sync + 'static>);

impl Cause {
    /// Wraps an error.
    pub fn new(e: impl std::error::Error + Send + Sync + 'static) -> Self {
        Cause(std::sync::Arc::new(e))
    }

    /// The error itself.
    pub fn get(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        &*self.0
    }
}

impl fmt::Debug for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl PartialEq for Cause {
    fn eq(&self, other: &Self) -> bool {
        self.0.to_string() == other.0.to_string()
    }
}

impl Eq for Cause {}

/// Sending failed before a response could be read.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SendError {
    /// The base URL is unusable.
    BaseUrl(BaseUrlError),
    /// No response: connection refused, reset, TLS failure… (after every attempt).
    Transport {
        /// What the last attempt saw, its whole chain in one line (for logs and the command
        /// line; `source()` gives the chain itself).
        message: String,
        /// Attempts made.
        attempts: u32,
        /// The last attempt's error.
        cause: Option<Cause>,
    },
    /// No complete response within the timeout (after every attempt).
    Timeout {
        /// The per-attempt limit.
        after: Duration,
        /// Attempts made.
        attempts: u32,
        /// The last attempt's error.
        cause: Option<Cause>,
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
        /// Why, in one line.
        message: String,
        /// The HTTP library's error.
        cause: Option<Cause>,
    },
}

impl fmt::Display for SendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SendError::BaseUrl(_) => f.write_str("the base URL is unusable"),
            SendError::Transport {
                message,
                attempts,
                cause,
            } => {
                write!(f, "no response after {attempts} attempt(s)")?;
                // Without a cause to hand on, the message is this layer's own.
                match cause {
                    Some(_) => Ok(()),
                    None => write!(f, ": {message}"),
                }
            }
            SendError::Timeout {
                after, attempts, ..
            } => {
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
            SendError::Unsendable { message, cause } => {
                f.write_str("the request cannot be sent")?;
                match cause {
                    Some(_) => Ok(()),
                    None => write!(f, ": {message}"),
                }
            }
        }
    }
}

impl std::error::Error for SendError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SendError::BaseUrl(e) => Some(e),
            SendError::Transport { cause, .. }
            | SendError::Timeout { cause, .. }
            | SendError::Unsendable { cause, .. } => cause
                .as_ref()
                .map(|c| c.get() as &(dyn std::error::Error + 'static)),
            SendError::BodyTooLarge { .. } | SendError::Redirect { .. } => None,
        }
    }
}

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
