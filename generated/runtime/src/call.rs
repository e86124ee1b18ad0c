//! One call of an operation, end to end: what can go wrong, and decoding the response.

use std::fmt;

use serde::de::DeserializeOwned;

use super::envelope::{DecodeError, Envelope, Outcome};
use super::error::{BuildError, CredentialsError, ServiceErrorMeta};
use super::transport::{RawResponse, SendError};

/// Everything a call of an operation can fail with; `E` is the operation's error enum.
#[derive(Debug, Clone, PartialEq)]
pub enum Error<E> {
    /// The request broke the spec's constraints; nothing was sent.
    Build(BuildError),
    /// The client has no credentials for any of the vendor's auth schemes.
    Credentials(CredentialsError),
    /// No usable response (connection, timeout, base URL, oversized body).
    Send(SendError),
    /// A response that is neither the documented data nor a documented error shape.
    Decode(DecodeError),
    /// The vendor answered with an error: a documented row, or `Unhandled`.
    Service(E),
    /// A paginated listing that would not end as the vendor's own counts say it should.
    Pagination {
        /// Pages fetched.
        pages: u32,
        /// What did not add up.
        reason: String,
    },
}

impl<E: fmt::Display> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Build(e) => write!(f, "{e}"),
            Error::Credentials(e) => write!(f, "missing credentials: {e}"),
            Error::Send(e) => write!(f, "{e}"),
            Error::Decode(e) => write!(f, "{e}"),
            Error::Service(e) => write!(f, "{e}"),
            Error::Pagination { pages, reason } => {
                write!(f, "pagination stopped after {pages} pages: {reason}")
            }
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Build(e) => Some(e),
            Error::Credentials(e) => Some(e),
            Error::Send(e) => Some(e),
            Error::Decode(e) => Some(e),
            Error::Service(e) => Some(e),
            Error::Pagination { .. } => None,
        }
    }
}

/// What every generated error enum offers, so generic code (waiters, the CLI) can read it.
pub trait OperationError: fmt::Debug + fmt::Display {
    /// Code, message, HTTP status and request id.
    fn meta(&self) -> &ServiceErrorMeta;
    /// The matched row's spec name; `None` when no row matched.
    fn row(&self) -> Option<&'static str>;
}

impl<E: OperationError> Error<E> {
    /// Whether the same request may succeed later: a timeout, a dropped connection, or a 5xx/429
    /// answer (whether or not its body could be read).
    pub fn is_transient(&self) -> bool {
        match self {
            Error::Send(SendError::Timeout { .. } | SendError::Transport { .. }) => true,
            Error::Decode(d) => d.http_status >= 500 || d.http_status == 429,
            Error::Service(e) => e.meta().http_status >= 500 || e.meta().http_status == 429,
            _ => false,
        }
    }
}

/// Decodes a response through the vendor's envelope: the data into `T`, or the error through
/// `classify` (the operation's documented rows).
pub fn decode<T, E>(
    envelope: Envelope,
    raw: RawResponse,
    classify: impl FnOnce(ServiceErrorMeta, String) -> E,
) -> Result<T, Error<E>>
where
    T: DeserializeOwned,
{
    match envelope
        .split(raw.status, raw.request_id, &raw.body)
        .map_err(Error::Decode)?
    {
        Outcome::Data(data) => serde_json::from_value(data).map_err(|e| {
            Error::Decode(DecodeError::new(
                raw.status,
                format!("the data does not fit the documented model ({e})"),
                &raw.body,
            ))
        }),
        Outcome::Error(meta) => Err(Error::Service(classify(
            meta,
            String::from_utf8_lossy(&raw.body).into_owned(),
        ))),
    }
}
