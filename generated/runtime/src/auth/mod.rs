//! Auth schemes, each implemented once and selected by name in a vendor spec.

pub mod huawei;
pub mod polyv;
pub mod ws3;

use std::fmt;

use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::secret::Secret;

/// Lower-case hex HMAC-SHA256.
pub(crate) fn hmac_sha256_hex(key: &[u8], msg: &[u8]) -> String {
    let mut mac =
        <Hmac<Sha256> as Mac>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(msg);
    hex::encode(mac.finalize().into_bytes())
}

/// An auth scheme, as a vendor spec names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// `polyv-sha1-sign`.
    PolyvSha1Sign,
    /// `ws3-hmac-sha256`.
    Ws3HmacSha256,
    /// `huawei-sdk-hmac-sha256`.
    HuaweiSdkHmacSha256,
    /// `huawei-token`.
    HuaweiToken,
}

impl Scheme {
    /// The scheme's spec name.
    pub fn name(self) -> &'static str {
        match self {
            Scheme::PolyvSha1Sign => "polyv-sha1-sign",
            Scheme::Ws3HmacSha256 => "ws3-hmac-sha256",
            Scheme::HuaweiSdkHmacSha256 => "huawei-sdk-hmac-sha256",
            Scheme::HuaweiToken => "huawei-token",
        }
    }

    /// The signer with `values`: the credentials a vendor's `uses` lists, in the scheme's role
    /// order (secret key; access key, secret key; access key, secret key, project id; token).
    pub fn signer(self, values: &[&Secret]) -> Signer {
        let at = |i: usize| values.get(i).map_or_else(Secret::default, |s| (*s).clone());
        let text = |i: usize| at(i).expose().to_owned();
        match self {
            Scheme::PolyvSha1Sign => Signer::PolyvSha1Sign { secret_key: at(0) },
            Scheme::Ws3HmacSha256 => Signer::Ws3HmacSha256 {
                access_key: text(0),
                secret_key: at(1),
            },
            Scheme::HuaweiSdkHmacSha256 => Signer::HuaweiSdkHmacSha256 {
                access_key: text(0),
                secret_key: at(1),
                project_id: text(2),
            },
            Scheme::HuaweiToken => Signer::HuaweiToken { token: at(0) },
        }
    }
}

/// A scheme with the credentials it signs with. `Debug` never prints a secret.
#[derive(Clone, PartialEq, Eq)]
pub enum Signer {
    /// `polyv-sha1-sign`.
    PolyvSha1Sign {
        /// The account's secret key.
        secret_key: Secret,
    },
    /// `ws3-hmac-sha256`.
    Ws3HmacSha256 {
        /// `X-WS-AccessKey`.
        access_key: String,
        /// The HMAC key.
        secret_key: Secret,
    },
    /// `huawei-sdk-hmac-sha256`.
    HuaweiSdkHmacSha256 {
        /// AK.
        access_key: String,
        /// SK.
        secret_key: Secret,
        /// Sent as `X-Project-Id`.
        project_id: String,
    },
    /// `huawei-token`.
    HuaweiToken {
        /// Sent as `X-Auth-Token`.
        token: Secret,
    },
}

impl Signer {
    /// The shortest wait before a retry. WS3 timestamps have one-second resolution and the vendor
    /// rejects a timestamp and signature it has seen within five minutes, so a retry in the same
    /// second would be refused as a replay.
    pub fn min_retry_interval(&self) -> std::time::Duration {
        match self {
            Signer::Ws3HmacSha256 { .. } => std::time::Duration::from_secs(1),
            _ => std::time::Duration::ZERO,
        }
    }

    /// The scheme's spec name.
    pub fn scheme(&self) -> &'static str {
        match self {
            Signer::PolyvSha1Sign { .. } => "polyv-sha1-sign",
            Signer::Ws3HmacSha256 { .. } => "ws3-hmac-sha256",
            Signer::HuaweiSdkHmacSha256 { .. } => "huawei-sdk-hmac-sha256",
            Signer::HuaweiToken { .. } => "huawei-token",
        }
    }
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Signer::Ws3HmacSha256 { access_key, .. }
            | Signer::HuaweiSdkHmacSha256 { access_key, .. } => f
                .debug_struct(self.scheme())
                .field("access_key", access_key)
                .finish_non_exhaustive(),
            _ => f.debug_struct(self.scheme()).finish_non_exhaustive(),
        }
    }
}
