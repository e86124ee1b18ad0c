//! Auth schemes, each implemented once and selected by name in a vendor spec.

pub mod huawei;
pub mod huawei_token;
pub mod polyv;
pub(crate) mod replay;
pub mod ws3;

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::request::AuthSlot;
use super::secret::Secret;

/// Lower-case hex HMAC-SHA256.
pub(crate) fn hmac_sha256_hex(key: &[u8], msg: &[u8]) -> String {
    let mut mac =
        <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(msg);
    hex::encode(mac.finalize().into_bytes())
}

/// An auth scheme as a vendor spec names it, selected through the vendor's descriptor: it makes
/// the [`Signer`] for the credentials the vendor's `uses` lists. One type per scheme, one file
/// each; a new scheme is a new implementation, not a new `match` arm.
pub trait Scheme: Sync + fmt::Debug {
    /// The spec's name for it (`polyv-sha1-sign`).
    fn name(&self) -> &'static str;
    /// The signer for `values`: the credentials the vendor's `uses` lists, in the scheme's own
    /// role order (see each scheme).
    fn signer(&self, values: &[&Secret]) -> Signer;

    /// How many of the credentials `uses` lists must be set; the rest are optional (Huawei's
    /// security token of temporary keys) and reach [`signer`](Self::signer) only when set.
    fn required(&self) -> usize {
        usize::MAX
    }
}

/// What wire assembly hands a signer once the query and body are encoded.
pub struct Signing<'a> {
    /// `GET`, `POST`.
    pub method: &'a str,
    /// The path as sent (base path included).
    pub path: &'a str,
    /// The query string as sent, without `?`.
    pub query: &'a str,
    /// The query pairs, unencoded, in the order they were added.
    pub query_pairs: &'a [(&'a str, &'a str)],
    /// The `Content-Type` header value (empty when none is sent).
    pub content_type: &'a str,
    /// The `Host` header value.
    pub host: &'a str,
    /// The body bytes.
    pub body: &'a [u8],
    /// The headers so far, in the order they are sent; a signer adds its own.
    pub headers: &'a mut Vec<(String, String)>,
}

/// A scheme with the credentials it signs with: the steps of wire assembly it takes part in,
/// each with a default that does nothing. `Debug` (through [`Sign::describe`]) never shows a
/// secret.
pub trait Sign: Send + Sync {
    /// The scheme's spec name.
    fn scheme(&self) -> &'static str;

    /// The shortest wait before a retry or the next poll.
    fn min_retry_interval(&self) -> Duration {
        Duration::ZERO
    }

    /// The params and headers the scheme puts a secret or a signature in (compared without
    /// case), never printed.
    fn secret_names(&self) -> &'static [&'static str] {
        &[]
    }
    /// The vendor refuses a second request with the same signature, so a client must never
    /// send the same signed bytes twice.
    fn refuses_replays(&self) -> bool {
        false
    }
    /// The `Content-Type` of a request without a body (empty: none).
    fn bodyless_content_type(&self) -> &'static str {
        ""
    }

    /// Fills the params the scheme owns (the operation's auth slots) before anything is encoded.
    fn fill(
        &self,
        _slots: &[AuthSlot],
        _query: &mut Vec<(&'static str, String)>,
        _form: &mut Vec<(&'static str, String)>,
        _now: SystemTime,
    ) {
    }

    /// The query string as it is sent.
    fn encode_query(&self, pairs: &[(&str, &str)]) -> String {
        form_encode(pairs)
    }

    /// Adds the scheme's headers to the encoded request.
    fn sign(&self, _request: &mut Signing<'_>, _now: SystemTime) {}

    /// What `Debug` shows: the scheme and non-secret credentials only.
    fn describe(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct(self.scheme()).finish_non_exhaustive()
    }
}

/// A scheme with its credentials, ready to sign. Cheap to clone; `Debug` never prints a secret.
#[derive(Clone)]
pub struct Signer(Arc<dyn Sign>);

impl Signer {
    /// A signer of `sign`.
    pub fn new(sign: impl Sign + 'static) -> Self {
        Signer(Arc::new(sign))
    }

    /// The scheme's spec name.
    pub fn scheme(&self) -> &'static str {
        self.0.scheme()
    }

    /// The shortest wait before a retry or the next poll (WS3's replay rule: one second).
    pub fn min_retry_interval(&self) -> Duration {
        self.0.min_retry_interval()
    }

    /// The scheme's steps, for wire assembly.
    pub fn steps(&self) -> &dyn Sign {
        &*self.0
    }
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.describe(f)
    }
}

/// `application/x-www-form-urlencoded` (space as `+`), as the vendors' SDKs encode.
pub fn form_encode(pairs: &[(&str, &str)]) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        s.append_pair(k, v);
    }
    s.finish()
}

/// The credential at `i` of a scheme's role order (empty when the vendor lists fewer).
pub(crate) fn credential(values: &[&Secret], i: usize) -> Secret {
    values.get(i).map_or_else(Secret::default, |s| (*s).clone())
}
