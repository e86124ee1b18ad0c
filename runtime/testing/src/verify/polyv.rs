//! `polyv-sha1-sign`: `sign` over the sorted params, `ptime` in milliseconds.

use sha1::{Digest, Sha1};
use vodspec_runtime::Code;

use super::{Incoming, Rejection, Verified, Verifier, Why, fresh, key};

/// Polyv: the `sign` a server expects for the params it received.
pub fn polyv_expected_sign(params: &[(String, String)], secret: &str) -> String {
    let mut kept: Vec<&(String, String)> = params
        .iter()
        .filter(|(k, v)| k != "sign" && !v.is_empty())
        .collect();
    kept.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let joined: Vec<String> = kept.iter().map(|(k, v)| format!("{k}={v}")).collect();
    let plain = format!("{}{}", joined.join("&"), secret);
    hex::encode(Sha1::digest(plain.as_bytes())).to_uppercase()
}

/// The scheme.
pub(super) struct PolyvSha1Sign;

impl Verifier for PolyvSha1Sign {
    fn scheme(&self) -> &'static str {
        "polyv-sha1-sign"
    }

    fn applies(&self, r: &Incoming<'_>) -> bool {
        r.param("sign").is_some() || r.param("ptime").is_some()
    }

    /// `keys`: the secret key.
    fn verify(
        &self,
        r: &Incoming<'_>,
        keys: &[&str],
        now: i64,
        max_skew_secs: Option<u64>,
    ) -> Result<Verified, Why> {
        let Some(sign) = r.param("sign").filter(|s| !s.is_empty()) else {
            return Err(Why::Missing);
        };
        let Some(ptime_ms) = r.param("ptime").and_then(|p| p.parse::<i64>().ok()) else {
            return Err(Why::BadTimestamp);
        };
        if !fresh(now, ptime_ms.div_euclid(1000), max_skew_secs) {
            return Err(if ptime_ms / 1000 > now {
                Why::BadTimestamp
            } else {
                Why::Stale
            });
        }
        if sign != polyv_expected_sign(r.params, key(keys, 0)) {
            return Err(Why::BadSignature);
        }
        Ok(Verified::default())
    }

    /// Polyv answers in its envelope, `code` 400, with these messages.
    fn rejection(&self, why: Why) -> Rejection {
        let message = match why {
            Why::Missing => "sign can not be empty.",
            Why::BadTimestamp => "ptime is illegal.",
            Why::Stale => "ptime is too old.",
            Why::BadSignature | Why::Replayed => "the sign is not right.",
            Why::UnknownCredential => "Could not find user by userid.",
        };
        Rejection {
            status: None,
            code: Code::Int(400),
            message: message.into(),
        }
    }
}
