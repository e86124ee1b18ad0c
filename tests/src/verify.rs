//! The fake servers' own signature checks, written from the vendors' rules independently of the
//! runtime's signers (and tested against the same shared vectors), so a mistake cannot hide by
//! being made the same way on both sides.

use hmac::{Hmac, Mac};
use sha1::Sha1;
use sha2::{Digest, Sha256};

fn hmac_hex(key: &str, msg: &str) -> String {
    let mut m = Hmac::<Sha256>::new_from_slice(key.as_bytes()).expect("any key length");
    m.update(msg.as_bytes());
    hex::encode(m.finalize().into_bytes())
}

fn sha256_hex(b: &[u8]) -> String {
    hex::encode(Sha256::digest(b))
}

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

/// WS3: the signature a server expects (see the runtime's `auth::ws3` for the assumptions).
#[allow(clippy::too_many_arguments)]
pub fn ws3_expected_signature(
    secret: &str,
    method: &str,
    path: &str,
    raw_query: &str,
    content_type: &str,
    host: &str,
    body: &[u8],
    timestamp: &str,
) -> String {
    let query = if method == "POST" { "" } else { raw_query };
    let canonical = [
        method.to_owned(),
        path.to_owned(),
        query.to_owned(),
        format!("content-type:{}", content_type.trim()),
        format!("host:{}", host.trim()),
        String::new(),
        "content-type;host".to_owned(),
        sha256_hex(body),
    ]
    .join("\n");
    hmac_hex(
        secret,
        &format!(
            "WS3-HMAC-SHA256\n{timestamp}\n{}",
            sha256_hex(canonical.as_bytes())
        ),
    )
}

fn huawei_escape(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Huawei: the signature a gateway expects, over the headers the `Authorization` lists, taken
/// from the request as received. `query` holds the decoded pairs as received.
pub fn huawei_expected_signature(
    secret: &str,
    method: &str,
    path: &str,
    query: &[(String, String)],
    signed_headers: &[&str],
    header: impl Fn(&str) -> Option<String>,
    body: &[u8],
) -> Option<String> {
    let decoded = percent_encoding::percent_decode_str(path)
        .decode_utf8_lossy()
        .into_owned();
    let mut uri: Vec<String> = decoded.split('/').map(huawei_escape).collect();
    if uri.last().is_some_and(|s| !s.is_empty()) {
        uri.push(String::new());
    }
    let mut q: Vec<&(String, String)> = query.iter().collect();
    q.sort();
    let qs: Vec<String> = q
        .iter()
        .map(|(k, v)| format!("{}={}", huawei_escape(k), huawei_escape(v)))
        .collect();
    let mut lines = Vec::new();
    for name in signed_headers {
        lines.push(format!("{name}:{}", header(name)?.trim()));
    }
    let payload = match header("x-sdk-content-sha256") {
        Some(v) if v.trim() == "UNSIGNED-PAYLOAD" => "UNSIGNED-PAYLOAD".to_owned(),
        _ => sha256_hex(body),
    };
    let canonical = format!(
        "{method}\n{}\n{}\n{}\n\n{}\n{payload}",
        uri.join("/"),
        qs.join("&"),
        lines.join("\n"),
        signed_headers.join(";")
    );
    let date = header("x-sdk-date")?;
    Some(hmac_hex(
        secret,
        &format!(
            "SDK-HMAC-SHA256\n{date}\n{}",
            sha256_hex(canonical.as_bytes())
        ),
    ))
}
