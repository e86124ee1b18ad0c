//! From a checked request to its wire parts: caller values and credentials filled in, the auth
//! scheme's slots listed for the signer.

use crate::request::{AuthSlot, Location, RequestParts};
use crate::vendor::CredentialValues;

use super::{BodyKind, OperationDesc, ParamDesc, Source, Value, WireEncoding};

/// The wire parts of a checked request: caller values and credentials filled in, the auth
/// scheme's slots listed for the signer.
pub fn parts(
    desc: &OperationDesc,
    values: &[Value<'_>],
    credentials: &CredentialValues,
) -> RequestParts {
    let mut parts = RequestParts::new(desc.name, desc.method, desc.path);
    parts.idempotent = desc.idempotent;
    parts.rate_limits = desc
        .vendor
        .rate_limit
        .into_iter()
        .chain(desc.rate_limit)
        .collect();
    let mut caller = values.iter();
    for p in desc.params {
        let secret_credential = |name: &str| {
            desc.vendor
                .credentials
                .iter()
                .any(|c| c.name == name && c.sensitive)
        };
        if p.sensitive || matches!(p.source, Source::Credential(c) if secret_credential(c)) {
            parts.sensitive.push(p.wire);
        }
        let value = match p.source {
            Source::Caller => {
                let v = caller.next().cloned().unwrap_or(Value::Absent);
                v.each_object(&mut |o| o.sensitive_wires(&mut parts.sensitive));
                v
            }
            Source::Credential(name) => match credentials.get(name) {
                Some(v) => Value::Text(v),
                None => Value::Absent,
            },
            Source::Auth(slot) => {
                let location = match p.location {
                    Location::Header => Location::Header,
                    Location::Body => Location::Body,
                    Location::Query | Location::Path => Location::Query,
                };
                parts.auth_slots.push(AuthSlot {
                    wire: p.wire,
                    location,
                    slot,
                });
                continue;
            }
        };
        push(&mut parts, desc.body, p, value);
    }
    parts
}

pub(super) fn push(parts: &mut RequestParts, body: BodyKind, p: &ParamDesc, value: Value<'_>) {
    if !value.is_set() {
        return;
    }
    if p.encoding == WireEncoding::JsonBase64Url {
        let text = json_base64url(&value.json());
        match p.location {
            Location::Body if body == BodyKind::Json => {
                parts.json(p.wire, serde_json::Value::String(text));
            }
            Location::Body => parts.form(p.wire, text),
            Location::Query => parts.query.push((p.wire, text)),
            Location::Header => parts.headers.push((p.wire, text)),
            Location::Path => parts.path_params.push((p.wire, text)),
        }
        return;
    }
    if p.location == Location::Body && body == BodyKind::Json {
        parts.json(p.wire, value.json());
        return;
    }
    let texts: Vec<String> = match &value {
        Value::List(items) if !p.comma => items.iter().map(Value::text).collect(),
        one => vec![one.text()],
    };
    for text in texts {
        match p.location {
            Location::Path => parts.path_params.push((p.wire, text)),
            Location::Query => parts.query.push((p.wire, text)),
            Location::Header => parts.headers.push((p.wire, text)),
            Location::Body => parts.form(p.wire, text),
        }
    }
}

/// The url-safe base64 (with padding, as haplat's page shows) of a value's JSON text.
pub fn json_base64url(json: &serde_json::Value) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE.encode(json.to_string())
}
