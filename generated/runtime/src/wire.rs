//! From an operation's [`RequestParts`] to the exact bytes on the wire: URL, headers and body,
//! signed by the vendor's scheme at a given instant. Pure, so each attempt of a retry is signed
//! afresh and tests can freeze the clock.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::auth::{Signer, huawei, polyv, ws3};
use super::request::{Body, Location, RequestParts};

/// A request ready to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WireRequest {
    /// `GET`, `POST`.
    pub method: &'static str,
    /// The full URL, query included.
    pub url: String,
    /// Headers in the order they are sent.
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
}

/// The base URL cannot carry a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrlError(pub String);

impl std::fmt::Display for BaseUrlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "base URL `{}` is not an http(s) URL with a host", self.0)
    }
}

impl std::error::Error for BaseUrlError {}

const FORM: &str = "application/x-www-form-urlencoded; charset=utf-8";
const JSON: &str = "application/json; charset=utf-8";

/// `application/x-www-form-urlencoded` (space as `+`), as the vendors' SDKs encode.
fn form_encode(pairs: &[(&str, &str)]) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs {
        s.append_pair(k, v);
    }
    s.finish()
}

/// `host` or `host:port`, exactly as the `Host` header will carry it.
fn host_header(url: &reqwest::Url) -> Option<String> {
    let host = url.host_str()?;
    Some(match url.port() {
        Some(p) => format!("{host}:{p}"),
        None => host.to_owned(),
    })
}

fn unix(now: SystemTime) -> Duration {
    now.duration_since(UNIX_EPOCH).unwrap_or_default()
}

/// `X-Sdk-Date`: `yyyymmddThhmmssZ`, UTC.
pub fn sdk_date(now: SystemTime) -> String {
    let secs = i64::try_from(unix(now).as_secs()).unwrap_or(0);
    let t =
        time::OffsetDateTime::from_unix_timestamp(secs).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    t.format(time::macros::format_description!(
        "[year][month][day]T[hour][minute][second]Z"
    ))
    .unwrap_or_default()
}

/// Builds and signs the request for `signer` at `now`.
pub fn assemble(
    parts: &RequestParts,
    base_url: &str,
    signer: &Signer,
    user_agent: &str,
    now: SystemTime,
) -> Result<WireRequest, BaseUrlError> {
    let bad = || BaseUrlError(base_url.to_owned());
    let base = reqwest::Url::parse(base_url.trim_end_matches('/')).map_err(|_| bad())?;
    if !matches!(base.scheme(), "http" | "https") {
        return Err(bad());
    }
    let host = host_header(&base).ok_or_else(bad)?;
    let path = format!("{}{}", base.path().trim_end_matches('/'), parts.path());
    let origin = format!("{}://{host}", base.scheme());

    // Params the scheme fills, by slot.
    let mut query: Vec<(&str, String)> = parts.query.iter().map(|(k, v)| (*k, v.clone())).collect();
    let mut form: Vec<(&str, String)> = match &parts.body {
        Body::Form(f) => f.iter().map(|(k, v)| (*k, v.clone())).collect(),
        _ => Vec::new(),
    };
    let mut headers: Vec<(String, String)> = vec![("Host".into(), host.clone())];
    let json_body = match &parts.body {
        Body::Json(map) => Some(serde_json::to_vec(map).unwrap_or_default()),
        _ => None,
    };
    let content_type = match (&parts.body, signer) {
        (Body::Json(_), _) => JSON,
        (Body::Form(_), _) => FORM,
        // WS3 requires a form content type on GET; Huawei's SDK sends JSON's on every request.
        (Body::None, Signer::Ws3HmacSha256 { .. }) => FORM,
        (Body::None, Signer::HuaweiSdkHmacSha256 { .. } | Signer::HuaweiToken { .. }) => {
            "application/json"
        }
        (Body::None, Signer::PolyvSha1Sign { .. }) => "",
    };
    if !content_type.is_empty() {
        headers.push(("Content-Type".into(), content_type.into()));
    }
    headers.push(("User-Agent".into(), user_agent.into()));
    for (k, v) in &parts.headers {
        headers.push(((*k).to_owned(), v.clone()));
    }

    // 1. Params the scheme fills: Polyv's `ptime`, then its `sign` over exactly what is sent
    //    where the sign goes.
    if let Signer::PolyvSha1Sign { secret_key } = signer {
        for slot in parts.auth_slots.iter().filter(|s| s.slot == "time") {
            let ms = unix(now).as_millis().to_string();
            match slot.location {
                Location::Body => form.push((slot.wire, ms)),
                _ => query.push((slot.wire, ms)),
            }
        }
        for slot in parts.auth_slots.iter().filter(|s| s.slot == "sign") {
            let target = if slot.location == Location::Body {
                &mut form
            } else {
                &mut query
            };
            let sign = polyv::sign(
                target.iter().map(|(k, v)| (*k, v.as_str())),
                secret_key.expose(),
            );
            target.push((slot.wire, sign));
        }
    }

    // 2. Encode once. Huawei sends its query in the canonical (sorted, encoded) form it signs.
    let pairs: Vec<(&str, &str)> = query.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let query_string = match signer {
        Signer::HuaweiSdkHmacSha256 { .. } | Signer::HuaweiToken { .. } => {
            huawei::canonical_query(&pairs)
        }
        _ => form_encode(&pairs),
    };
    let body = json_body.unwrap_or_else(|| {
        form_encode(
            &form
                .iter()
                .map(|(k, v)| (*k, v.as_str()))
                .collect::<Vec<_>>(),
        )
        .into_bytes()
    });

    // 3. The scheme's headers.
    match signer {
        Signer::PolyvSha1Sign { .. } => {}
        Signer::Ws3HmacSha256 {
            access_key,
            secret_key,
        } => {
            let timestamp = unix(now).as_secs().to_string();
            let auth = ws3::authorization(
                access_key,
                secret_key.expose(),
                &ws3::Ws3Request {
                    method: parts.method.as_str(),
                    path: &path,
                    query: &query_string,
                    content_type,
                    host: &host,
                    body: &body,
                    timestamp: &timestamp,
                },
            );
            headers.push(("X-WS-AccessKey".into(), access_key.clone()));
            headers.push(("X-WS-Timestamp".into(), timestamp));
            headers.push(("Authorization".into(), auth));
        }
        Signer::HuaweiSdkHmacSha256 {
            access_key,
            secret_key,
            project_id,
        } => {
            let date = sdk_date(now);
            headers.push(("X-Project-Id".into(), project_id.clone()));
            headers.push(("X-Sdk-Date".into(), date.clone()));
            let signed: Vec<(&str, &str)> = headers
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            let auth = huawei::authorization(
                access_key,
                secret_key.expose(),
                &date,
                &huawei::HuaweiRequest {
                    method: parts.method.as_str(),
                    path: &path,
                    query: &pairs,
                    headers: &signed,
                    body: &body,
                },
            );
            headers.push(("Authorization".into(), auth));
        }
        Signer::HuaweiToken { token } => {
            headers.push(("X-Auth-Token".into(), token.expose().to_owned()));
        }
    }
    let url = if query_string.is_empty() {
        format!("{origin}{path}")
    } else {
        format!("{origin}{path}?{query_string}")
    };
    Ok(WireRequest {
        method: parts.method.as_str(),
        url,
        headers,
        body,
    })
}
