//! A request as an operation describes it, before the vendor's signing: method, path, query,
//! headers, body, and the auth slots the signer fills.

use std::fmt;

use super::redact;

/// HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// DELETE
    Delete,
}

impl Method {
    /// The method's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

/// Where a value goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// A path placeholder.
    Path,
    /// The query string.
    Query,
    /// A header.
    Header,
    /// The body.
    Body,
}

/// A param the auth scheme fills at send time (Polyv `ptime`/`sign`, Huawei `X-Sdk-Date`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuthSlot {
    /// Wire name.
    pub wire: &'static str,
    /// Where it goes.
    pub location: Location,
    /// The slot (`time`, `sign`, `date`, …).
    pub slot: &'static str,
}

/// A request body.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// No body.
    None,
    /// `application/x-www-form-urlencoded`, in param order.
    Form(Vec<(&'static str, String)>),
    /// `application/json`.
    Json(serde_json::Map<String, serde_json::Value>),
}

/// One operation's request, caller params and credentials filled in. `Debug` shows `***` for
/// the values of [`sensitive`](Self::sensitive) params.
#[derive(Clone, PartialEq)]
pub struct RequestParts {
    /// The operation's kebab-case name.
    pub operation: &'static str,
    /// HTTP method.
    pub method: Method,
    /// Path template from the spec (`/v1/{project_id}/thumbnails`).
    pub path_template: &'static str,
    /// Path param values by placeholder.
    pub path_params: Vec<(&'static str, String)>,
    /// Query pairs in param order (a list param repeats its key).
    pub query: Vec<(&'static str, String)>,
    /// Headers the operation sets.
    pub headers: Vec<(&'static str, String)>,
    /// The body.
    pub body: Body,
    /// Params the auth scheme fills.
    pub auth_slots: Vec<AuthSlot>,
    /// Sending it twice does no more than sending it once (it may be retried after it
    /// reached the server).
    pub idempotent: bool,
    /// Wire names whose values are never printed (sensitive params, sensitive credentials).
    pub sensitive: Vec<&'static str>,
    /// The documented rate limits it counts against: the vendor's, the operation's.
    pub rate_limits: Vec<&'static crate::rate_limit::RateLimitDesc>,
}

impl fmt::Debug for RequestParts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hide = &self.sensitive;
        let body: &dyn fmt::Debug = &match &self.body {
            Body::None => String::from("None"),
            Body::Form(pairs) => format!("Form({:?})", redact::pairs(pairs, hide)),
            Body::Json(map) => format!("Json({})", redact::json_object(map, hide)),
        };
        f.debug_struct("RequestParts")
            .field("operation", &self.operation)
            .field("method", &self.method)
            .field("path_template", &self.path_template)
            .field("path_params", &redact::pairs(&self.path_params, hide))
            .field("query", &redact::pairs(&self.query, hide))
            .field("headers", &redact::pairs(&self.headers, hide))
            .field("body", body)
            .field("auth_slots", &self.auth_slots)
            .field("idempotent", &self.idempotent)
            .finish()
    }
}

impl RequestParts {
    /// Starts a request.
    pub fn new(operation: &'static str, method: Method, path_template: &'static str) -> Self {
        RequestParts {
            operation,
            method,
            path_template,
            path_params: Vec::new(),
            query: Vec::new(),
            headers: Vec::new(),
            body: Body::None,
            auth_slots: Vec::new(),
            idempotent: method != Method::Post,
            sensitive: Vec::new(),
            rate_limits: Vec::new(),
        }
    }

    /// The path with each placeholder replaced by its percent-encoded value.
    pub fn path(&self) -> String {
        self.render_path(false)
    }

    /// The path as logs and `Debug` show it: a sensitive path param's value is `***`.
    pub fn shown_path(&self) -> String {
        self.render_path(true)
    }

    fn render_path(&self, hide: bool) -> String {
        let mut out = String::with_capacity(self.path_template.len() + 32);
        let mut rest = self.path_template;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            out.push_str(&rest[..open]);
            let name = &rest[open + 1..open + close];
            match self.path_params.iter().find(|(k, _)| *k == name) {
                Some((k, _))
                    if hide && self.sensitive.iter().any(|s| s.eq_ignore_ascii_case(k)) =>
                {
                    out.push_str("***");
                }
                Some((_, v)) => out.extend(crate::percent::encode(v)),
                None => out.push_str(&rest[open..=open + close]),
            }
            rest = &rest[open + close + 1..];
        }
        out.push_str(rest);
        out
    }

    /// Refuses a path param, the caller's or a credential's, that is `.`, `..` or empty
    /// (checked after the interceptors, which may set them, and before signing).
    pub fn check_path(&self) -> Result<(), crate::error::BuildError> {
        let mut c = crate::error::Checker::new(self.operation);
        for (name, v) in &self.path_params {
            if !is_path_segment(v) {
                c.fail(name, crate::error::ViolationKind::NotPathSegment);
            }
        }
        c.finish(Some(()))
    }

    /// Adds a form field, starting a form body if there is none.
    pub fn form(&mut self, name: &'static str, value: String) {
        match &mut self.body {
            Body::Form(fields) => fields.push((name, value)),
            _ => self.body = Body::Form(vec![(name, value)]),
        }
    }

    /// Adds a JSON body field, starting a JSON body if there is none.
    pub fn json(&mut self, name: &'static str, value: serde_json::Value) {
        match &mut self.body {
            Body::Json(map) => {
                map.insert(name.to_owned(), value);
            }
            _ => {
                let mut map = serde_json::Map::new();
                map.insert(name.to_owned(), value);
                self.body = Body::Json(map);
            }
        }
    }
}

/// What a path param can be: anything but `.`, `..` and nothing, which URL normalisation
/// would turn into another path (percent-encoding keeps every other value one segment).
pub fn is_path_segment(s: &str) -> bool {
    !matches!(s, "" | "." | "..")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_values_are_encoded_per_segment() {
        let mut p = RequestParts::new("op", Method::Get, "/v1/{project_id}/thumbnails/{x}");
        p.path_params.push(("project_id", "a/b c".into()));
        p.path_params.push(("x", "任务~1".into()));
        assert_eq!(p.path(), "/v1/a%2Fb%20c/thumbnails/%E4%BB%BB%E5%8A%A1~1");
    }

    #[test]
    fn body_fields_accumulate() {
        let mut p = RequestParts::new("op", Method::Post, "/x");
        p.form("a", "1".into());
        p.form("b", "2".into());
        assert_eq!(
            p.body,
            Body::Form(vec![("a", "1".into()), ("b", "2".into())])
        );
    }
}
