//! Response envelopes: the [`vodspec_envelope`] crate, which the generator shares to check the
//! doc's example bodies the way the runtime decodes responses.

pub use vodspec_envelope::{
    CodeMessageData, DecodeError, EXCERPT_CHARS, Envelope, PlainWithErrorObject, Split,
};
