//! Paths into the response: what the waiter and the pagination read, and the fields the doc
//! promises.

use std::collections::HashMap;

use crate::diag::YamlPath;
use crate::spec::{EnumWire, OperationSpec, ParamLocation, VendorSpec};
use crate::type_expr::{Prim, TypeExpr};

use super::{Cx, Resolved, did_you_mean};

/// Walks a dotted path (`task_array[].status`) through the response type; the type at its end.
/// `Err(None)`: the path crosses a type that did not resolve, which is reported already.
pub(super) fn walk(
    op: &OperationSpec,
    r: &Resolved,
    path: &str,
) -> Result<TypeExpr, Option<String>> {
    let mut cur = r.response.clone().ok_or(None)?;
    for seg in path.split('.') {
        let (name, each) = match seg.strip_suffix("[]") {
            Some(n) => (n, true),
            None => (seg, false),
        };
        let TypeExpr::Named(tname) = cur.core() else {
            return Err(Some(format!(
                "`{seg}`: `{cur}` is not a model, so it has no field `{name}`"
            )));
        };
        let Some(fields) = op.types.get(tname).and_then(|d| d.fields.as_ref()) else {
            return Err(Some(format!("`{seg}`: `{tname}` is not a model")));
        };
        if !fields.contains_key(name) {
            return Err(Some(format!(
                "`{tname}` has no field `{name}`{}",
                did_you_mean(name, fields.keys().map(String::as_str))
            )));
        }
        let ft = r
            .fields
            .get(&(tname.clone(), name.to_owned()))
            .ok_or(None)?
            .clone();
        cur = if each {
            match ft.core() {
                TypeExpr::List(inner) => (**inner).clone(),
                _ => {
                    return Err(Some(format!(
                        "`{name}[]`: `{tname}.{name}` is `{ft}`, not a list"
                    )));
                }
            }
        } else {
            ft
        };
    }
    Ok(cur)
}

/// The types a response or a callback's payload reaches, in the spec's order.
fn response_models<'a>(op: &'a OperationSpec, r: &Resolved) -> Vec<&'a str> {
    // A callback's payload is decoded like a response, so it is held to the same promises.
    r.reached(op, r.response.iter().chain(&r.callback))
}

/// Every field a response model demands has its evidence (`promised`), and only those.
pub(super) fn check_promises(cx: &mut Cx, op: &OperationSpec, r: &Resolved) {
    if r.incomplete {
        return;
    }
    for tname in response_models(op, r) {
        let Some(fields) = &op.types[tname].fields else {
            continue;
        };
        for (fname, field) in fields {
            let Some(t) = r.fields.get(&(tname.to_owned(), fname.clone())) else {
                continue;
            };
            let optional = matches!(t, TypeExpr::Optional(_) | TypeExpr::Nullable(_));
            let fp = YamlPath::root()
                .key("types")
                .key(tname)
                .key("fields")
                .key(fname);
            match (optional, &field.promised) {
                (false, None) => cx.err(
                    &fp.key("type"),
                    "promised-fields",
                    format!(
                        "`{tname}.{fname}` is a required `{t}`, but nothing says the response always carries it: write `optional<{t}>`, or give the evidence (the doc's Required column, the vendor's SDK) in `promised`"
                    ),
                ),
                // A `nullable<>` field decodes when absent too, so it cannot be promised.
                (true, Some(_)) => {
                    let wrapper = match t {
                        TypeExpr::Nullable(_) => "nullable<>",
                        _ => "optional<>",
                    };
                    cx.err(
                        &fp.key("promised"),
                        "promised-fields",
                        format!("`{tname}.{fname}` is `{t}`, which may be absent, yet `promised`: drop `{wrapper}`, or drop `promised`"),
                    );
                }
                _ => {}
            }
        }
    }
}

pub(super) fn check_waiter(
    cx: &mut Cx,
    vendor: Option<&VendorSpec>,
    op: &OperationSpec,
    r: &Resolved,
) {
    let Some(w) = &op.waiter else { return };
    let wp = YamlPath::root().key("waiter");
    if r.response.is_none() {
        if op.response.is_none() {
            cx.err(
                &wp,
                "valid-waiter",
                "a waiter reads the task's state from the response, and this operation has no `response`",
            );
        }
        return;
    }
    let values = match walk(op, r, &w.path) {
        Err(None) => return,
        Err(Some(e)) => return cx.err(&wp.key("path"), "valid-waiter", e),
        Ok(t) => match t.core() {
            TypeExpr::Named(n) if op.types.get(n).is_some_and(|d| d.enum_type.is_some()) => {
                op.types[n].values.clone().unwrap_or_default()
            }
            other => {
                return cx.err(&wp.key("path"), "valid-waiter", format!("`{}` ends in `{other}`; a waiter path must end in an enum so its states can be checked", w.path));
            }
        },
    };
    if w.success.is_empty() {
        cx.err(
            &wp.key("success"),
            "valid-waiter",
            "a waiter needs at least one success value",
        );
    }
    let mut seen: HashMap<&str, &str> = HashMap::new();
    for (list, vals) in [
        ("success", &w.success),
        ("failure", &w.failure),
        ("pending", &w.pending),
    ] {
        for (i, v) in vals.iter().enumerate() {
            let v = &v.0;
            let vp = wp.key(list).index(i);
            if !values.contains_key(v) {
                cx.err(
                    &vp,
                    "valid-waiter",
                    format!(
                        "`{v}` is not a value of the enum at `{}` (values: {}){}",
                        w.path,
                        values.keys().cloned().collect::<Vec<_>>().join(", "),
                        did_you_mean(v, values.keys().map(String::as_str))
                    ),
                );
            }
            if let Some(other) = seen.insert(v, list) {
                cx.err(
                    &vp,
                    "valid-waiter",
                    format!("`{v}` is in both `{other}` and `{list}`"),
                );
            }
        }
    }
    // Unclassified values are reported only when nothing in the file was before them (a
    // misspelt or colliding value would be reported twice).
    let quiet = cx.out.iter().any(|d| d.file == cx.file);
    for v in values
        .keys()
        .filter(|v| !quiet && !seen.contains_key(v.as_str()))
    {
        cx.err(
            &wp,
            "valid-waiter",
            format!(
                "the value `{v}` of the enum at `{}` is in none of `success`, `failure` and `pending`; a waiter would poll a task in that state until its maximum wait: say what it means",
                w.path
            ),
        );
    }
    for row in w.errors.keys() {
        let known =
            op.errors.contains_key(row) || vendor.is_some_and(|v| v.errors.contains_key(row));
        if !known {
            let all = op
                .errors
                .keys()
                .chain(vendor.into_iter().flat_map(|v| v.errors.keys()))
                .map(String::as_str);
            cx.err(
                &wp.key("errors").key(row),
                "valid-waiter",
                format!(
                    "no error row `{row}` in this operation or its vendor{}",
                    did_you_mean(row, all)
                ),
            );
        }
    }
    if let Some(ids) = &w.ids {
        let ip = wp.key("ids");
        match (op.params.get(&ids.param), r.params.get(&ids.param)) {
            (None, _) => cx.err(
                &ip.key("param"),
                "valid-waiter",
                format!(
                    "no param `{}`{}",
                    ids.param,
                    did_you_mean(&ids.param, op.params.keys().map(String::as_str))
                ),
            ),
            (Some(_), Some(t)) if !matches!(t.core(), TypeExpr::List(_)) => cx.err(
                &ip.key("param"),
                "valid-waiter",
                format!(
                    "`{}` is `{t}`; the tasks waited for are a list param",
                    ids.param
                ),
            ),
            _ => {}
        }
        let list_of = |p: &str| p.split_once("[]").map(|(head, _)| head.to_owned());
        match walk(op, r, &ids.path) {
            Err(Some(e)) => cx.err(&ip.key("path"), "valid-waiter", e),
            Err(None) => {}
            Ok(_) if list_of(&ids.path).is_none() || list_of(&ids.path) != list_of(&w.path) => {
                cx.err(
                    &ip.key("path"),
                    "valid-waiter",
                    format!(
                        "`{}` must cross the same list as the waiter's path `{}`, so each id has its state",
                        ids.path, w.path
                    ),
                )
            }
            Ok(_) => {}
        }
    }
}

pub(super) fn check_pagination(cx: &mut Cx, op: &OperationSpec, r: &Resolved) {
    let Some(pg) = &op.pagination else { return };
    let pp = YamlPath::root().key("pagination");
    for (key, name) in [
        ("page_param", &pg.page_param),
        ("size_param", &pg.size_param),
    ] {
        match (op.params.get(name), r.params.get(name)) {
            (None, _) => cx.err(
                &pp.key(key),
                "valid-pagination",
                format!(
                    "no param `{name}`{}",
                    did_you_mean(name, op.params.keys().map(String::as_str))
                ),
            ),
            (Some(p), Some(t)) => {
                if !matches!(t.core(), TypeExpr::Prim(x) if x.is_integer()) {
                    cx.err(
                        &pp.key(key),
                        "valid-pagination",
                        format!("`{name}` is `{t}`; page params are integers"),
                    );
                }
                if p.location != ParamLocation::Query && p.location != ParamLocation::Body {
                    cx.err(
                        &pp.key(key),
                        "valid-pagination",
                        format!("`{name}` must be a query or body param"),
                    );
                }
            }
            _ => {}
        }
    }
    if r.response.is_none() {
        if op.response.is_none() {
            cx.err(
                &YamlPath::root().key("pagination"),
                "valid-pagination",
                "pagination reads the items from the response, and this operation has no `response`",
            );
        }
        return;
    }
    match walk(op, r, &pg.items) {
        Err(None) => {}
        Err(Some(e)) => cx.err(&pp.key("items"), "valid-pagination", e),
        Ok(t) if !matches!(t.core(), TypeExpr::List(_)) => cx.err(
            &pp.key("items"),
            "valid-pagination",
            format!("`{}` is `{t}`, not a list", pg.items),
        ),
        Ok(_) => {}
    }
    for (key, path) in [("truncated", &pg.truncated), ("total", &pg.total)] {
        let Some(path) = path else { continue };
        match walk(op, r, path) {
            Err(None) => {}
            Err(Some(e)) => cx.err(&pp.key(key), "valid-pagination", e),
            Ok(t) => {
                let ok = match t.core() {
                    TypeExpr::Prim(p) => p.is_integer() || (*p == Prim::Bool && key == "truncated"),
                    TypeExpr::Named(n) => {
                        key == "truncated"
                            && op
                                .types
                                .get(n)
                                .is_some_and(|d| d.enum_type == Some(EnumWire::Int))
                    }
                    _ => false,
                };
                if !ok {
                    cx.err(
                        &pp.key(key),
                        "valid-pagination",
                        format!(
                            "`{path}` is `{t}`; `{key}` must be an integer{}",
                            if key == "truncated" {
                                ", bool or integer enum"
                            } else {
                                ""
                            }
                        ),
                    );
                }
            }
        }
    }
    if pg.truncated.is_none() && pg.total.is_none() {
        cx.err(
            &pp,
            "valid-pagination",
            "set `truncated` or `total` (or both) so a paginator knows when to stop",
        );
    }
}
