//! `polyv-sha1-sign`: Polyv VOD's request signature.
//!
//! As the vendor's SDK (`VodSignUtil.getSign`) computes it: take the params that are sent, minus
//! `sign`; drop those whose value is empty; sort by key, case-sensitively; join `key=value` with
//! `&` on the raw (not URL-encoded) values; append the secret key; SHA-1 over the UTF-8 bytes;
//! upper-case hex. `ptime` is the current time in milliseconds, set at each attempt.

use std::time::{SystemTime, UNIX_EPOCH};

use sha1::{Digest, Sha1};

use crate::request::{AuthSlot, Location};
use crate::secret::Secret;

/// The text that is hashed.
pub fn string_to_sign<'a>(
    params: impl IntoIterator<Item = (&'a str, &'a str)>,
    secret_key: &str,
) -> String {
    let mut pairs: Vec<(&str, &str)> = params
        .into_iter()
        .filter(|(k, v)| !v.is_empty() && *k != "sign")
        .collect();
    // Java sorts by UTF-16 code units, Rust by code points: the two agree for every key outside
    // the supplementary planes, which Polyv keys never are.
    pairs.sort_by(|a, b| a.0.cmp(b.0));
    let mut s = String::new();
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            s.push('&');
        }
        s.push_str(k);
        s.push('=');
        s.push_str(v);
    }
    s.push_str(secret_key);
    s
}

/// The `sign` value: 40 upper-case hex characters.
pub fn sign<'a>(params: impl IntoIterator<Item = (&'a str, &'a str)>, secret_key: &str) -> String {
    let digest = Sha1::digest(string_to_sign(params, secret_key).as_bytes());
    hex::encode_upper(digest)
}

/// The scheme: its signer takes the secret key.
#[derive(Debug)]
pub struct PolyvSha1Sign;

impl super::Scheme for PolyvSha1Sign {
    fn name(&self) -> &'static str {
        "polyv-sha1-sign"
    }
    fn signer(&self, values: &[&Secret]) -> super::Signer {
        super::Signer::new(Signer {
            secret_key: super::credential(values, 0),
        })
    }
}

struct Signer {
    secret_key: Secret,
}

impl super::Sign for Signer {
    fn scheme(&self) -> &'static str {
        "polyv-sha1-sign"
    }

    fn secret_names(&self) -> &'static [&'static str] {
        &["sign"]
    }

    /// `ptime`, then `sign` over exactly what is sent where the sign goes (the query, or the
    /// form body).
    fn fill(
        &self,
        slots: &[AuthSlot],
        query: &mut Vec<(&'static str, String)>,
        form: &mut Vec<(&'static str, String)>,
        now: SystemTime,
    ) {
        for slot in slots.iter().filter(|s| s.slot == "time") {
            let ms = now
                .duration_since(UNIX_EPOCH)
                .unwrap_or_default()
                .as_millis()
                .to_string();
            match slot.location {
                Location::Body => form.push((slot.wire, ms)),
                _ => query.push((slot.wire, ms)),
            }
        }
        for slot in slots.iter().filter(|s| s.slot == "sign") {
            let target = if slot.location == Location::Body {
                &mut *form
            } else {
                &mut *query
            };
            let value = sign(
                target.iter().map(|(k, v)| (*k, v.as_str())),
                self.secret_key.expose(),
            );
            target.push((slot.wire, value));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// params, secret key, string to hash, sign.
    type Vector = (
        &'static [(&'static str, &'static str)],
        &'static str,
        &'static str,
        &'static str,
    );

    /// Every vector in the vendor research's `polyv.json` (produced by the vendor's SDK).
    const VECTORS: &[Vector] = &[
        (
            &[("ptime", "1"), ("vid", "test1")],
            "test2",
            "ptime=1&vid=test1test2",
            "C2B1558D697EA3AF4ED2FC90152751860C1E2163",
        ),
        (
            &[
                ("date", "2020-10-13"),
                ("ptime", "1621997347695"),
                ("userid", "1b448be323"),
            ],
            "abc",
            "date=2020-10-13&ptime=1621997347695&userid=1b448be323abc",
            "3CA490D29AB54D97FD61B94443D4AD5D819511D0",
        ),
        (
            &[
                ("userId", "1b448be323"),
                ("ptime", "1617702097746"),
                ("taskId", "2036"),
            ],
            "TESTSECRETKEY0123456789",
            "ptime=1617702097746&taskId=2036&userId=1b448be323TESTSECRETKEY0123456789",
            "9F5AA6B64411C1E5C4D2AD88E0EC5DF67B9EA230",
        ),
        (
            &[("ptime", "1617702097746"), ("taskId", "2036")],
            "TESTSECRETKEY0123456789",
            "ptime=1617702097746&taskId=2036TESTSECRETKEY0123456789",
            "90F5C89DE33B18588CEFD9A1E978BC575CD0BC5E",
        ),
        (
            &[
                ("userId", "1b448be323"),
                ("ptime", "1617702097746"),
                ("taskId", "2036"),
                ("extra", ""),
            ],
            "TESTSECRETKEY0123456789",
            "ptime=1617702097746&taskId=2036&userId=1b448be323TESTSECRETKEY0123456789",
            "9F5AA6B64411C1E5C4D2AD88E0EC5DF67B9EA230",
        ),
        (
            &[
                ("ptime", "1617702097746"),
                ("keyword", "测试 a&b=c"),
                ("userid", "1b448be323"),
            ],
            "TESTSECRETKEY0123456789",
            "keyword=测试 a&b=c&ptime=1617702097746&userid=1b448be323TESTSECRETKEY0123456789",
            "022EFDB2526C5C5607D0ED869368DE6AE36A45C1",
        ),
    ];

    #[test]
    fn matches_every_vendor_vector() {
        for (params, secret, plain, expected) in VECTORS {
            assert_eq!(string_to_sign(params.iter().copied(), secret), *plain);
            assert_eq!(sign(params.iter().copied(), secret), *expected, "{plain}");
        }
    }

    #[test]
    fn keys_sort_case_sensitively_and_sign_is_never_signed() {
        let s = string_to_sign(
            [
                ("alpha", "1"),
                ("Zeta", "2"),
                ("sign", "OLD"),
                ("beta", "3"),
            ],
            "K",
        );
        assert_eq!(s, "Zeta=2&alpha=1&beta=3K");
    }
}
