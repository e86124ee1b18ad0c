//! One call of an operation, end to end: what can go wrong, and decoding the response.

use std::fmt;

use super::envelope::DecodeError;
use super::error::{BuildError, CredentialsError, ServiceErrorMeta};
use super::op::{ErrorKind, ErrorRow, OperationDesc};
use super::response::ResponseMeta;
use super::transport::SendError;

/// Everything a call of an operation can fail with; `E` is the operation's error enum.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
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

/// Each layer says only itself; the error it wraps is its `source()`, so a chain printer
/// (anyhow's `{:#}`, [`report`]) shows every message once.
impl<E> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Build(_) => f.write_str("the request was refused before sending"),
            Error::Credentials(_) => f.write_str("the credentials cannot sign"),
            Error::Send(_) => f.write_str("sending the request failed"),
            Error::Decode(_) => f.write_str("the response could not be decoded"),
            Error::Service(_) => f.write_str("the vendor answered with an error"),
            Error::Pagination { pages, reason } => {
                write!(f, "pagination stopped after {pages} pages: {reason}")
            }
        }
    }
}

/// An error and every cause under it, joined by `: ` — each message once.
pub fn report(e: &(dyn std::error::Error + 'static)) -> String {
    let mut out = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        out.push_str(": ");
        out.push_str(&c.to_string());
        cur = c.source();
    }
    out
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

/// What every operation's service error offers, so generic code (waiters, the CLI) can read it.
pub trait OperationError: fmt::Debug + fmt::Display {
    /// Code, message, HTTP status and request id.
    fn meta(&self) -> &ServiceErrorMeta;
    /// The matched row's spec name; `None` when no row matched.
    fn row(&self) -> Option<&'static str>;
    /// Status, request id and headers of the response.
    fn response(&self) -> &ResponseMeta;
}

impl<E: OperationError> Error<E> {
    /// The response's status, request id and headers, for an error that came with a response
    /// (a vendor error, an undecodable answer).
    pub fn response(&self) -> Option<&ResponseMeta> {
        match self {
            Error::Service(e) => Some(e.response()),
            Error::Decode(d) => d.response.as_ref(),
            _ => None,
        }
    }

    /// The vendor's request id, when the error came with one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Service(e) => e.response().request_id().or(e.meta().request_id.as_deref()),
            other => other.response()?.request_id(),
        }
    }

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

/// An error response of an operation, classified by its documented rows: the row's kind `K`
/// (a `Copy` enum generated per operation), the row itself, and what the response carried.
#[derive(Clone, PartialEq, Eq)]
pub struct ServiceError<K> {
    /// The matched row's kind, or the operation's `Unhandled`.
    pub kind: K,
    row: Option<&'static ErrorRow>,
    operation: &'static str,
    /// Code, message, HTTP status and request id.
    pub meta: ServiceErrorMeta,
    /// The response body, verbatim.
    pub body: String,
    /// Status, request id and headers of the response.
    pub response: ResponseMeta,
}

impl<K: ErrorKind> ServiceError<K> {
    /// Classifies an error response by `desc`'s rows, in order.
    pub fn classify(desc: &'static OperationDesc, meta: ServiceErrorMeta, body: &[u8]) -> Self {
        let index = desc.classify(&meta);
        ServiceError {
            kind: index
                .and_then(|i| K::ROWS.get(i).copied())
                .unwrap_or(K::UNHANDLED),
            row: index.and_then(|i| desc.rows().nth(i)),
            operation: desc.name,
            response: ResponseMeta::new(meta.http_status),
            meta,
            body: String::from_utf8_lossy(body).into_owned(),
        }
    }
}

impl<K> ServiceError<K> {
    /// The matched row's spec name; `None` when no row matched.
    pub fn row(&self) -> Option<&'static str> {
        self.row.map(|r| r.name)
    }

    /// What the matched row means (the doc's words).
    pub fn doc(&self) -> Option<&'static str> {
        self.row.map(|r| r.doc)
    }

    /// Code, message, HTTP status and request id.
    pub fn meta(&self) -> &ServiceErrorMeta {
        &self.meta
    }

    /// The vendor's request id, for a support ticket.
    pub fn request_id(&self) -> Option<&str> {
        self.response
            .request_id()
            .or(self.meta.request_id.as_deref())
    }

    /// Whether the vendor rejected the signature or the timestamp.
    pub fn is_auth_error(&self) -> bool {
        self.row.is_some_and(|r| r.auth)
    }
}

impl<K: fmt::Debug> fmt::Debug for ServiceError<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServiceError")
            .field("kind", &self.kind)
            .field("operation", &self.operation)
            .field("meta", &self.meta)
            .finish_non_exhaustive()
    }
}

impl<K> fmt::Display for ServiceError<K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let m = &self.meta;
        match self.row {
            Some(r) => write!(
                f,
                "{}: {} ({}; code {})",
                self.operation, m.message, r.doc, m.code
            ),
            None => write!(
                f,
                "{}: undocumented error (code {}, HTTP {}): {}",
                self.operation, m.code, m.http_status, m.message
            ),
        }
    }
}

impl<K: fmt::Debug> std::error::Error for ServiceError<K> {}

impl<K: fmt::Debug> OperationError for ServiceError<K> {
    fn meta(&self) -> &ServiceErrorMeta {
        &self.meta
    }
    fn row(&self) -> Option<&'static str> {
        ServiceError::row(self)
    }
    fn response(&self) -> &ResponseMeta {
        &self.response
    }
}
