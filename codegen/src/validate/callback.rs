//! A callback: the URL param it answers to, its payload, its encoding and its signature rule.

use crate::diag::YamlPath;
use crate::examples::Types;
use crate::spec::{CallbackScheme, OperationSpec, SignPart, VendorSpec};
use crate::type_expr::{Prim, TypeExpr};

use super::{Cx, Resolved, did_you_mean};

pub(super) fn check_callback(
    cx: &mut Cx,
    vendor: Option<&VendorSpec>,
    op: &OperationSpec,
    r: &Resolved,
) {
    let Some(c) = &op.callback else { return };
    let cp = YamlPath::root().key("callback");
    match op.params.get(&c.url_param) {
        None => cx.err(
            &cp.key("url_param"),
            "valid-callback",
            format!(
                "no param `{}` to carry the callback URL{}",
                c.url_param,
                did_you_mean(&c.url_param, op.params.keys().map(String::as_str))
            ),
        ),
        Some(p)
            if p.from.is_some()
                || !matches!(
                    r.params.get(&c.url_param),
                    Some(TypeExpr::Prim(Prim::String))
                ) =>
        {
            cx.err(
                &cp.key("url_param"),
                "valid-callback",
                format!(
                    "`{}` must be a `string` param the caller sets: it is the URL the vendor calls",
                    c.url_param
                ),
            )
        }
        Some(_) => {}
    }
    let sp = cp.key("signature");
    let sig = &c.signature;
    match sig.scheme {
        CallbackScheme::None => {
            if sig.param.is_some() || !sig.over.is_empty() {
                cx.err(
                    &sp,
                    "valid-callback",
                    "`scheme: none` verifies nothing: drop `param` and `over`",
                );
            }
            if sig.doc.as_deref().is_none_or(|d| d.trim().is_empty()) {
                cx.err(
                    &sp,
                    "valid-callback",
                    "`scheme: none` needs a `doc` saying why nothing is verified (what the vendor's pages show)",
                );
            }
        }
        CallbackScheme::Md5Hex => {
            if sig.param.is_none() {
                cx.err(
                    &sp,
                    "valid-callback",
                    "`md5-hex` needs `param`: the callback URL's query param carrying the signature",
                );
            }
            if sig.over.is_empty() {
                cx.err(
                    &sp,
                    "valid-callback",
                    "`md5-hex` needs `over`: what is hashed (`text:…`, `payload.<field>`, `credentials.<name>`)",
                );
            }
            let payload_fields = r.callback.as_ref().and_then(|t| match t.core() {
                TypeExpr::Named(n) => op.types.get(n).and_then(|d| d.fields.as_ref()),
                _ => None,
            });
            for (i, part) in sig.parts().into_iter().enumerate() {
                let ip = sp.key("over").index(i);
                match part {
                    Err(o) => cx.err(
                        &ip,
                        "valid-callback",
                        format!("`{o}` is none of `text:<literal>`, `payload.<field>`, `credentials.<name>`"),
                    ),
                    Ok(SignPart::Payload(f)) => match payload_fields {
                        Some(fields) if fields.contains_key(f) => {}
                        Some(fields) => cx.err(
                            &ip,
                            "valid-callback",
                            format!(
                                "the payload has no field `{f}`{}",
                                did_you_mean(f, fields.keys().map(String::as_str))
                            ),
                        ),
                        None => cx.err(
                            &ip,
                            "valid-callback",
                            "a `payload.` part needs a payload model with that field",
                        ),
                    },
                    Ok(SignPart::Credential(n)) => {
                        if let Some(v) = vendor
                            && !v.credentials.contains_key(n)
                        {
                            cx.err(
                                &ip,
                                "valid-callback",
                                format!(
                                    "no credential `{n}` in the vendor file{}",
                                    did_you_mean(n, v.credentials.keys().map(String::as_str))
                                ),
                            );
                        }
                    }
                    Ok(SignPart::Text(_)) => {}
                }
            }
        }
    }
    if let (Some(ex), Some(t)) = (&c.example, &r.callback) {
        let ep = cp.key("example");
        match serde_json::from_str::<serde_json::Value>(ex) {
            Err(e) => cx.err(
                &ep,
                "valid-example",
                format!("the example is not JSON: {e}"),
            ),
            Ok(v) => {
                let types = Types {
                    defs: &op.types,
                    fields: &r.fields,
                };
                let mut errs = Vec::new();
                types.check(&v, t, None, "payload", &mut errs);
                for e in errs {
                    cx.err(&ep, "valid-example", e);
                }
            }
        }
    }
}
