//! What a response carried besides its data: the HTTP status, the vendor's request id and the
//! headers, on every success ([`Response`]) and on every error that had a response.

use std::ops::Deref;

pub use vodspec_envelope::ResponseMeta;

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
