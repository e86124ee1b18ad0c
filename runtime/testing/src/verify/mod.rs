//! Signature checks as each vendor's gateway makes them, written from the vendors' rules
//! independently of the runtime's signers (and tested against the same vendor vectors), so a
//! mistake cannot hide by being made the same way on both sides. One file per auth scheme,
//! found by the scheme's spec name; a new scheme in the runtime needs its verifier here.

mod huawei;
mod polyv;
mod ws3;

pub use huawei::huawei_expected_signature;
pub use polyv::polyv_expected_sign;
pub use ws3::ws3_expected_signature;

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use vodspec_runtime::Code;

/// A request as the fake received it, for a verifier.
#[derive(Debug, Clone, Copy)]
pub struct Incoming<'a> {
    /// `GET`, `POST`.
    pub method: &'a str,
    /// The path, as sent.
    pub path: &'a str,
    /// The raw query string, without `?`.
    pub query: &'a str,
    /// Headers, names lower-case, in the order received.
    pub headers: &'a [(String, String)],
    /// The body.
    pub body: &'a [u8],
    /// The params the request carries (query pairs, or the form body's), decoded.
    pub params: &'a [(String, String)],
}

impl Incoming<'_> {
    /// The first value of header `name` (lower-case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The first value of param `name`.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Why a request was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// It carries none of the scheme's credentials or signature.
    Missing,
    /// Its timestamp cannot be read.
    BadTimestamp,
    /// Its timestamp is outside the vendor's window.
    Stale,
    /// The signature does not match.
    BadSignature,
    /// A credential (key id, account id, token) the fake does not know.
    UnknownCredential,
    /// The same signed request came before.
    Replayed,
}

/// What the vendor answers a refused request with: an HTTP status when the vendor documents
/// one (else the envelope's), and the code and message its envelope carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// HTTP status.
    pub status: Option<u16>,
    /// The vendor's code.
    pub code: Code,
    /// The vendor's message.
    pub message: String,
}

/// A verified request: what makes it unique, for schemes that refuse replays.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Verified {
    /// The signature, when the scheme refuses a second request with the same one.
    pub replay_key: Option<String>,
}

/// One auth scheme's gateway checks.
pub trait Verifier: Sync {
    /// The scheme's spec name.
    fn scheme(&self) -> &'static str;
    /// Whether the request is signed (or authenticated) with this scheme at all.
    fn applies(&self, request: &Incoming<'_>) -> bool;
    /// Checks the request against `keys`, the credentials the vendor's `uses` lists in the
    /// scheme's role order, at `now` (Unix seconds) with the vendor's clock-skew window.
    fn verify(
        &self,
        request: &Incoming<'_>,
        keys: &[&str],
        now: i64,
        max_skew_secs: Option<u64>,
    ) -> Result<Verified, Why>;
    /// The vendor's answer for `why` (the closest documented one where the vendor documents
    /// none).
    fn rejection(&self, why: Why) -> Rejection;
}

/// Every verifier, by scheme.
static VERIFIERS: &[&dyn Verifier] = &[
    &polyv::PolyvSha1Sign,
    &ws3::Ws3HmacSha256,
    &huawei::HuaweiSdkHmacSha256,
    &huawei::HuaweiToken,
];

/// The verifier of the scheme the spec names `scheme`.
pub fn verifier(scheme: &str) -> Option<&'static dyn Verifier> {
    VERIFIERS.iter().copied().find(|v| v.scheme() == scheme)
}

pub(crate) fn hmac_hex(key: &str, msg: &str) -> String {
    let mut m = Hmac::<Sha256>::new_from_slice(key.as_bytes()).expect("any key length");
    m.update(msg.as_bytes());
    hex::encode(m.finalize().into_bytes())
}

pub(crate) fn sha256_hex(b: &[u8]) -> String {
    hex::encode(Sha256::digest(b))
}

/// The key at `i` of the role order (empty when the vendor lists fewer).
pub(crate) fn key<'a>(keys: &[&'a str], i: usize) -> &'a str {
    keys.get(i).copied().unwrap_or("")
}

/// Whether `t` is within `max_skew_secs` of `now` (no window: any time).
pub(crate) fn fresh(now: i64, t: i64, max_skew_secs: Option<u64>) -> bool {
    max_skew_secs.is_none_or(|w| now.abs_diff(t) <= w)
}
