//! From an operation's [`RequestParts`] to the exact bytes on the wire: URL, headers and body,
//! signed by the vendor's scheme at a given instant. Pure, so each attempt of a retry is signed
//! afresh and tests can freeze the clock.

use std::time::SystemTime;

use super::auth::{Signer, Signing, form_encode};
use super::redact;
use super::request::{Body, RequestParts};

/// A request ready to send. `Debug` shows `***` for sensitive params and for what the scheme
/// says carries a secret or a signature (its [`Sign::secret_names`](super::Sign::secret_names)),
/// in the query, the headers and the body.
#[derive(Clone, PartialEq, Eq)]
pub struct WireRequest {
    /// `GET`, `POST`.
    pub method: &'static str,
    /// The full URL, query included.
    pub url: String,
    /// Headers in the order they are sent.
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
    /// Names (query keys, headers, body fields) whose values are never printed.
    pub secret: Vec<&'static str>,
    /// The URL's path as `Debug` shows it: sensitive path params as `***`.
    shown_path: String,
}

impl std::fmt::Debug for WireRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let hide = &self.secret;
        let query = self.url.split_once('?').map_or("", |(_, q)| q);
        let query: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect();
        let body: Vec<(String, String)> = form_urlencoded::parse(&self.body).into_owned().collect();
        let json = serde_json::from_slice::<serde_json::Value>(&self.body).ok();
        let mut s = f.debug_struct("WireRequest");
        s.field("method", &self.method)
            .field("path", &self.shown_path)
            .field("query", &redact::pairs(&query, hide))
            .field("headers", &redact::pairs(&self.headers, hide));
        match json {
            Some(serde_json::Value::Object(map)) => {
                s.field("body", &redact::json_object(&map, hide))
            }
            _ if !self.body.is_empty() => s.field("body", &redact::pairs(&body, hide)),
            _ => s.field("body", &""),
        };
        s.finish()
    }
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

/// `host` or `host:port`, exactly as the `Host` header will carry it.
fn host_header(url: &reqwest::Url) -> Option<String> {
    let host = url.host_str()?;
    Some(match url.port() {
        Some(p) => format!("{host}:{p}"),
        None => host.to_owned(),
    })
}

/// `X-Sdk-Date`: `yyyymmddThhmmssZ`, UTC.
pub use super::auth::huawei::sdk_date;

/// Builds and signs the request for `signer` at `now`: the scheme fills its params, the query
/// and body are encoded once, then the scheme adds its headers.
pub fn assemble(
    parts: &RequestParts,
    base_url: &str,
    signer: &Signer,
    user_agent: &str,
    now: SystemTime,
) -> Result<WireRequest, BaseUrlError> {
    let scheme = signer.steps();
    let bad = || BaseUrlError(base_url.to_owned());
    let base = reqwest::Url::parse(base_url.trim_end_matches('/')).map_err(|_| bad())?;
    if !matches!(base.scheme(), "http" | "https") {
        return Err(bad());
    }
    let host = host_header(&base).ok_or_else(bad)?;
    let base_path = base.path().trim_end_matches('/');
    let path = format!("{base_path}{}", parts.path());
    let shown_path = format!("{base_path}{}", parts.shown_path());
    let origin = format!("{}://{host}", base.scheme());

    let mut query: Vec<(&str, String)> = parts.query.iter().map(|(k, v)| (*k, v.clone())).collect();
    let mut form: Vec<(&str, String)> = match &parts.body {
        Body::Form(f) => f.iter().map(|(k, v)| (*k, v.clone())).collect(),
        _ => Vec::new(),
    };
    let content_type = match &parts.body {
        Body::Json(_) => JSON,
        Body::Form(_) => FORM,
        Body::None => scheme.bodyless_content_type(),
    };
    let mut headers: Vec<(String, String)> = vec![("Host".into(), host.clone())];
    if !content_type.is_empty() {
        headers.push(("Content-Type".into(), content_type.into()));
    }
    headers.push(("User-Agent".into(), user_agent.into()));
    for (k, v) in &parts.headers {
        headers.push(((*k).to_owned(), v.clone()));
    }

    scheme.fill(&parts.auth_slots, &mut query, &mut form, now);

    let pairs: Vec<(&str, &str)> = query.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let query_string = scheme.encode_query(&pairs);
    let body = match &parts.body {
        Body::Json(map) => serde_json::to_vec(map).unwrap_or_default(),
        _ => form_encode(
            &form
                .iter()
                .map(|(k, v)| (*k, v.as_str()))
                .collect::<Vec<_>>(),
        )
        .into_bytes(),
    };

    scheme.sign(
        &mut Signing {
            method: parts.method.as_str(),
            path: &path,
            query: &query_string,
            query_pairs: &pairs,
            content_type,
            host: &host,
            body: &body,
            headers: &mut headers,
        },
        now,
    );
    let url = if query_string.is_empty() {
        format!("{origin}{path}")
    } else {
        format!("{origin}{path}?{query_string}")
    };
    let mut secret = parts.sensitive.clone();
    secret.extend_from_slice(scheme.secret_names());
    Ok(WireRequest {
        method: parts.method.as_str(),
        url,
        headers,
        body,
        secret,
        shown_path,
    })
}
