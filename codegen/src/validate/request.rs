//! The rules of typed request bodies: which models a request carries, how a model param reaches
//! the wire, what a wire encoding applies to, and the constraints of request-model fields.

use crate::diag::YamlPath;
use crate::spec::{BodyEncoding, OperationSpec, ParamLocation};
use crate::type_expr::{Prim, TypeExpr};

use super::params::check_limits;
use super::{Cx, Resolved};

/// The types a request's params reach, in the spec's order.
pub(crate) fn request_models<'a>(op: &'a OperationSpec, r: &Resolved) -> Vec<&'a str> {
    r.reached(op, r.params.values())
}

fn is_model(op: &OperationSpec, t: &TypeExpr) -> bool {
    matches!(t.leaf(), TypeExpr::Named(n) if op.types.get(n).is_some_and(|d| d.fields.is_some()))
}

pub(super) fn check_request_models(cx: &mut Cx, op: &OperationSpec, r: &Resolved) {
    let root = YamlPath::root();
    for (name, p) in &op.params {
        let Some(t) = r.params.get(name) else {
            continue;
        };
        let pp = root.key("params").key(name);
        let json_body =
            p.location == ParamLocation::Body && op.http.body == Some(BodyEncoding::Json);
        if let Some(e) = p.encoding {
            let structured = matches!(
                t.core(),
                TypeExpr::List(_) | TypeExpr::Map(_) | TypeExpr::Prim(Prim::Json)
            ) || is_model(op, t.core());
            if !structured {
                cx.err(
                    &pp.key("encoding"),
                    "encoding-applies",
                    format!(
                        "`{}` writes a value's JSON; it applies to a model, a list, a map or `json`, not `{t}`",
                        e.name()
                    ),
                );
            }
            if p.location == ParamLocation::Path {
                cx.err(
                    &pp.key("encoding"),
                    "encoding-applies",
                    "a path param cannot carry an encoded value; put it in the query or the body",
                );
            }
            if p.from.is_some() {
                cx.err(
                    &pp.key("encoding"),
                    "encoding-applies",
                    "a param the client fills (`from`) is sent as it is; drop `encoding`",
                );
            }
        } else if is_model(op, t) && !json_body {
            cx.err(
                &pp.key("type"),
                "request-model",
                format!(
                    "`{t}` is a model: it goes in a JSON body (`in: body` with `http.body: json`), or on the wire as its JSON with `encoding: base64url-json`"
                ),
            );
        }
    }
    let models = request_models(op, r);
    for (tname, def) in &op.types {
        let Some(fields) = &def.fields else { continue };
        let in_request = models.contains(&tname.as_str());
        for (fname, f) in fields {
            let fp = root.key("types").key(tname).key("fields").key(fname);
            let Some(t) = r.fields.get(&(tname.clone(), fname.clone())) else {
                continue;
            };
            let limits = f.limits();
            if limits.any() && !in_request {
                cx.err(
                    &fp,
                    "constraint-applies",
                    format!(
                        "constraints are checked before a request is sent, and `{tname}` is in no request param; drop them"
                    ),
                );
            }
            if !in_request {
                continue;
            }
            check_limits(cx, &fp, &limits, t);
            let unsendable = match t {
                TypeExpr::Nullable(_) => Some(
                    "`nullable<>`: a request field is required, or `optional<>` and left out when unset",
                ),
                _ if matches!(t.core(), TypeExpr::Map(_)) => Some(
                    "a map: a request model's fields are scalars, enums, models or lists of them",
                ),
                _ => None,
            };
            if let Some(why) = unsendable {
                cx.err(
                    &fp.key("type"),
                    "request-model",
                    format!("`{tname}` is sent in a request, so `{fname}` cannot be {why}"),
                );
            }
        }
    }
}
