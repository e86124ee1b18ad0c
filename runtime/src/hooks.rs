//! Interceptors a client carries: one runs on a request's parts before they are signed (to add
//! or change headers and params, which are then signed with the rest), one sees each attempt's
//! response. What they are shown prints through the same redaction as the runtime's own
//! `Debug` and tracing.

use std::fmt;
use std::sync::Arc;

use crate::redact;
use crate::request::RequestParts;

/// A hook on every request of a client. Both methods default to doing nothing.
pub trait Interceptor: Send + Sync + 'static {
    /// Before signing, once per call: add or change headers and params. Every attempt signs
    /// the parts as they are after this. `parts`' `Debug` shows secrets as `***`.
    fn before_signing(&self, parts: &mut RequestParts) {
        let _ = parts;
    }

    /// After each attempt that got a response (a retried 503 too), before it is decoded.
    fn after_attempt(&self, response: &AttemptResponse<'_>) {
        let _ = response;
    }
}

/// One attempt's response, as an interceptor sees it.
pub struct AttemptResponse<'a> {
    /// The operation (`list-thumbnails-task`).
    pub operation: &'static str,
    /// Which attempt (1-based).
    pub attempt: u32,
    /// HTTP status.
    pub status: u16,
    /// Headers, names lower-case, as received.
    pub headers: &'a [(String, String)],
    /// The body, as received.
    pub body: &'a [u8],
    /// Names whose values never print (the request's sensitive params and credentials, the
    /// auth scheme's signature and secret names).
    pub(crate) hidden: &'a [&'static str],
}

/// Headers and a JSON body's top-level fields of hidden names print as `***`; any other body
/// prints as its length.
impl fmt::Debug for AttemptResponse<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let body = match serde_json::from_slice::<serde_json::Value>(self.body) {
            Ok(serde_json::Value::Object(map)) => redact::json_object(&map, self.hidden),
            _ => format!("<{} bytes>", self.body.len()),
        };
        f.debug_struct("AttemptResponse")
            .field("operation", &self.operation)
            .field("attempt", &self.attempt)
            .field("status", &self.status)
            .field("headers", &redact::pairs(self.headers, self.hidden))
            .field("body", &body)
            .finish()
    }
}

/// A client's interceptors, in the order they were added.
#[derive(Clone, Default)]
pub struct Interceptors(Vec<Arc<dyn Interceptor>>);

impl Interceptors {
    /// With `i` added last.
    pub fn with(mut self, i: Arc<dyn Interceptor>) -> Self {
        self.0.push(i);
        self
    }

    /// Runs every `before_signing`, in order.
    pub fn before_signing(&self, parts: &mut RequestParts) {
        for i in &self.0 {
            i.before_signing(parts);
        }
    }

    /// Runs every `after_attempt`, in order.
    pub fn after_attempt(&self, response: &AttemptResponse<'_>) {
        for i in &self.0 {
            i.after_attempt(response);
        }
    }
}

impl fmt::Debug for Interceptors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Interceptors({})", self.0.len())
    }
}
