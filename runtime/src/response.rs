//! What a response carried besides its data: the HTTP status, the vendor's request id and the
//! headers, on every success ([`Response`]) and on every error that had a response.

use std::ops::Deref;

/// A response's metadata.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct ResponseMeta {
    /// HTTP status.
    pub status: u16,
    /// The vendor's request id (its request-id header), when it sent one.
    pub request_id: Option<String>,
    /// Every response header, names lower-case, in the order received.
    pub headers: Vec<(String, String)>,
    /// How many attempts the call took.
    pub attempts: u32,
}

impl ResponseMeta {
    /// Metadata of a response with `status`.
    pub fn new(status: u16) -> Self {
        ResponseMeta {
            status,
            ..ResponseMeta::default()
        }
    }

    /// The vendor's request id, for a support ticket.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The first value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A decoded answer and its [`ResponseMeta`]. Derefs to the model, so fields read as on the
/// model itself; [`into_output`](Self::into_output) takes the model out.
#[derive(Debug, Clone, PartialEq)]
pub struct Response<T> {
    output: T,
    meta: ResponseMeta,
}

impl<T> Response<T> {
    /// `output` with its metadata.
    pub fn new(output: T, meta: ResponseMeta) -> Self {
        Response { output, meta }
    }

    /// The model.
    pub fn output(&self) -> &T {
        &self.output
    }

    /// The model, without the metadata.
    pub fn into_output(self) -> T {
        self.output
    }

    /// The model and the metadata.
    pub fn into_parts(self) -> (T, ResponseMeta) {
        (self.output, self.meta)
    }

    /// Status, request id and headers.
    pub fn meta(&self) -> &ResponseMeta {
        &self.meta
    }

    /// The vendor's request id.
    pub fn request_id(&self) -> Option<&str> {
        self.meta.request_id()
    }

    /// HTTP status.
    pub fn status(&self) -> u16 {
        self.meta.status
    }
}

impl<T> Deref for Response<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.output
    }
}

impl<T: serde::Serialize> serde::Serialize for Response<T> {
    /// The model alone, as the command line prints it.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.output.serialize(s)
    }
}
