//! `huawei-sdk-hmac-sha256`: Huawei Cloud API Gateway AK/SK signing, as the vendor's SDK
//! (`huaweicloudsdkcore` `Signer`) computes it.
//!
//! - CanonicalURI: the path URL-decoded, split on `/`, each segment percent-encoded keeping only
//!   RFC 3986 unreserved characters, re-joined, with a trailing `/` added *for signing only*.
//! - CanonicalQueryString: `(key, value)` pairs sorted by key then value (as strings, so `10` <
//!   `9`), each `enc(key)=enc(value)` with the same encoder (space is `%20`), joined by `&`. The
//!   query actually sent is this same canonical string.
//! - CanonicalHeaders: every header whose name has no `_`, lower-cased, sorted, value trimmed,
//!   `name:value\n` each; SignedHeaders lists them joined by `;`.
//! - Payload hash: SHA-256 of the body (of the empty string when there is none), or
//!   `UNSIGNED-PAYLOAD` when `X-Sdk-Content-Sha256` says so.
//! - `Authorization: SDK-HMAC-SHA256 Access=<AK>, SignedHeaders=<…>, Signature=<hex>` over
//!   `SDK-HMAC-SHA256\n<X-Sdk-Date>\n<hex sha256 of the canonical request>`.

use percent_encoding::percent_decode_str;
use sha2::{Digest, Sha256};

use std::time::{SystemTime, UNIX_EPOCH};

use super::hmac_sha256_hex;
use crate::secret::Secret;

/// The algorithm name.
pub const ALGORITHM: &str = "SDK-HMAC-SHA256";

fn enc(s: &str) -> String {
    crate::percent::encode(s).to_string()
}

/// The canonical URI of a path.
pub fn canonical_uri(path: &str) -> String {
    let decoded = percent_decode_str(path).decode_utf8_lossy();
    let mut uri = decoded.split('/').map(enc).collect::<Vec<_>>().join("/");
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

/// The canonical query string; also what goes on the wire.
pub fn canonical_query(pairs: &[(&str, &str)]) -> String {
    let mut sorted: Vec<(&str, &str)> = pairs.to_vec();
    sorted.sort();
    sorted
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The signed headers: lower-cased names without `_`, sorted, values trimmed.
pub fn signed_headers<'a>(headers: &[(&'a str, &'a str)]) -> Vec<(String, &'a str)> {
    let mut v: Vec<(String, &str)> = headers
        .iter()
        .filter(|(k, _)| !k.contains('_'))
        .map(|(k, v)| (k.to_ascii_lowercase(), v.trim()))
        .collect();
    v.sort();
    v
}

/// The `X-Sdk-Content-Sha256` value the SDK adds for a body of `content_type`: a content type
/// other than JSON or BSON is sent with an unsigned payload.
pub fn content_sha256(content_type: &str) -> Option<&'static str> {
    let ct = content_type.trim();
    let hashed =
        ct.is_empty() || ct.starts_with("application/json") || ct.starts_with("application/bson");
    (!hashed).then_some("UNSIGNED-PAYLOAD")
}

/// What is signed.
#[derive(Debug, Clone, Copy)]
pub struct HuaweiRequest<'a> {
    /// `GET`, `POST`.
    pub method: &'a str,
    /// The path as sent (no trailing `/` needed).
    pub path: &'a str,
    /// Query pairs, unencoded.
    pub query: &'a [(&'a str, &'a str)],
    /// Every header that will be sent, `Host` and `X-Sdk-Date` included.
    pub headers: &'a [(&'a str, &'a str)],
    /// The body.
    pub body: &'a [u8],
}

/// The canonical request.
pub fn canonical_request(r: &HuaweiRequest<'_>) -> String {
    let signed = signed_headers(r.headers);
    let unsigned_payload = r.headers.iter().any(|(k, v)| {
        k.eq_ignore_ascii_case("X-Sdk-Content-Sha256") && v.trim() == "UNSIGNED-PAYLOAD"
    });
    // As the SDK: an empty body hashes as empty even when the payload is declared unsigned.
    let payload = if unsigned_payload && !r.body.is_empty() {
        "UNSIGNED-PAYLOAD".to_owned()
    } else {
        hex::encode(Sha256::digest(r.body))
    };
    let mut out = format!(
        "{}\n{}\n{}\n",
        r.method.to_ascii_uppercase(),
        canonical_uri(r.path),
        canonical_query(r.query)
    );
    for (k, v) in &signed {
        out.push_str(k);
        out.push(':');
        out.push_str(v);
        out.push('\n');
    }
    out.push('\n');
    out.push_str(
        &signed
            .iter()
            .map(|(k, _)| k.as_str())
            .collect::<Vec<_>>()
            .join(";"),
    );
    out.push('\n');
    out.push_str(&payload);
    out
}

/// The `Authorization` header value; `date` is the `X-Sdk-Date` value.
pub fn authorization(
    access_key: &str,
    secret_key: &str,
    date: &str,
    r: &HuaweiRequest<'_>,
) -> String {
    let canonical = canonical_request(r);
    let string_to_sign = format!(
        "{ALGORITHM}\n{date}\n{}",
        hex::encode(Sha256::digest(canonical.as_bytes()))
    );
    let signed: Vec<String> = signed_headers(r.headers)
        .into_iter()
        .map(|(k, _)| k)
        .collect();
    format!(
        "{ALGORITHM} Access={access_key}, SignedHeaders={}, Signature={}",
        signed.join(";"),
        hmac_sha256_hex(secret_key.as_bytes(), string_to_sign.as_bytes())
    )
}

/// The scheme: its signer takes the access key, the secret key, then the project id.
#[derive(Debug)]
pub struct HuaweiSdkHmacSha256;

impl super::Scheme for HuaweiSdkHmacSha256 {
    fn name(&self) -> &'static str {
        "huawei-sdk-hmac-sha256"
    }
    fn signer(&self, values: &[&Secret]) -> super::Signer {
        super::Signer::new(Signer {
            access_key: super::credential(values, 0).expose().to_owned(),
            secret_key: super::credential(values, 1),
            project_id: super::credential(values, 2).expose().to_owned(),
            security_token: values.get(3).map(|s| (*s).clone()),
        })
    }

    /// AK, SK and project; the security token of temporary keys is optional.
    fn required(&self) -> usize {
        3
    }
}

struct Signer {
    access_key: String,
    secret_key: Secret,
    project_id: String,
    /// Temporary keys' security token, sent in `X-Security-Token` and signed, as
    /// huaweicloudsdkcore's `Credentials.sign_request` adds it before signing.
    security_token: Option<Secret>,
}

impl super::Sign for Signer {
    fn scheme(&self) -> &'static str {
        "huawei-sdk-hmac-sha256"
    }

    fn secret_names(&self) -> &'static [&'static str] {
        &["authorization", "x-security-token"]
    }

    /// The SDK sends JSON's content type on every request.
    fn bodyless_content_type(&self) -> &'static str {
        "application/json"
    }

    /// The SDK sends the query in the canonical (sorted, encoded) form it signs.
    fn encode_query(&self, pairs: &[(&str, &str)]) -> String {
        canonical_query(pairs)
    }

    fn sign(&self, r: &mut super::Signing<'_>, now: SystemTime) {
        let date = sdk_date(now);
        if let Some(t) = &self.security_token {
            r.headers
                .push(("X-Security-Token".into(), t.expose().to_owned()));
        }
        r.headers
            .push(("X-Project-Id".into(), self.project_id.clone()));
        r.headers.push(("X-Sdk-Date".into(), date.clone()));
        if let Some(v) = content_sha256(r.content_type) {
            r.headers.push(("X-Sdk-Content-Sha256".into(), v.into()));
        }
        let signed: Vec<(&str, &str)> = r
            .headers
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let auth = authorization(
            &self.access_key,
            self.secret_key.expose(),
            &date,
            &HuaweiRequest {
                method: r.method,
                path: r.path,
                query: r.query_pairs,
                headers: &signed,
                body: r.body,
            },
        );
        r.headers.push(("Authorization".into(), auth));
    }

    fn describe(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct(self.scheme())
            .field("access_key", &self.access_key)
            .finish_non_exhaustive()
    }
}

/// `X-Sdk-Date`: `yyyymmddThhmmssZ`, UTC.
pub fn sdk_date(now: SystemTime) -> String {
    let secs = now
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(0))
        .unwrap_or(0);
    let t =
        time::OffsetDateTime::from_unix_timestamp(secs).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    t.format(time::macros::format_description!(
        "[year][month][day]T[hour][minute][second]Z"
    ))
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_documented_example() {
        let r = HuaweiRequest {
            method: "GET",
            path: "/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs",
            query: &[
                ("limit", "2"),
                ("marker", "13551d6b-755d-4757-b956-536f674975c0"),
            ],
            headers: &[
                ("Content-Type", "application/json"),
                ("Host", "service.region.example.com"),
                ("X-Sdk-Date", "20191115T033655Z"),
            ],
            body: b"",
        };
        let c = canonical_request(&r);
        assert_eq!(
            hex::encode(Sha256::digest(c.as_bytes())),
            "b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a"
        );
        assert_eq!(
            authorization(
                "QTWAOYTTINDUT2QVKYUC",
                "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc",
                "20191115T033655Z",
                &r
            ),
            "SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, SignedHeaders=content-type;host;x-sdk-date, Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe"
        );
    }

    #[test]
    fn uri_is_decoded_then_encoded_per_segment_with_a_trailing_slash() {
        assert_eq!(
            canonical_uri("/v1/a%2Fb/x y/任务"),
            "/v1/a/b/x%20y/%E4%BB%BB%E5%8A%A1/"
        );
        assert_eq!(canonical_uri("/v1/p/"), "/v1/p/");
        assert_eq!(canonical_uri("/a~b_c.d-e"), "/a~b_c.d-e/");
    }

    #[test]
    fn query_sorts_by_key_then_value_as_strings_and_encodes_spaces_as_percent_20() {
        let q = canonical_query(&[
            ("task_id", "9"),
            ("task_id", "10"),
            ("b", "x y"),
            ("a", ""),
            ("task_id", "7685"),
        ]);
        assert_eq!(q, "a=&b=x%20y&task_id=10&task_id=7685&task_id=9");
    }

    #[test]
    fn header_values_are_trimmed_and_underscore_names_unsigned() {
        let h = signed_headers(&[
            ("X-Project_Id", "p"),
            ("Host", "  h  "),
            ("X-Sdk-Date", "d"),
        ]);
        assert_eq!(
            h,
            [("host".to_owned(), "h"), ("x-sdk-date".to_owned(), "d")]
        );
    }

    #[test]
    fn unsigned_payload_header_replaces_the_body_hash() {
        let r = HuaweiRequest {
            method: "POST",
            path: "/p",
            query: &[],
            headers: &[("X-Sdk-Content-Sha256", "UNSIGNED-PAYLOAD"), ("Host", "h")],
            body: b"a=1",
        };
        assert!(canonical_request(&r).ends_with("\nUNSIGNED-PAYLOAD"));
    }
}
