//! Type resolution, done once per operation: every type expression parsed, every name resolved,
//! `optional<>` where it may stand. The other checks and lowering read the result.

use std::collections::HashMap;

use indexmap::IndexMap;

use crate::diag::YamlPath;
use crate::spec::OperationSpec;
use crate::type_expr::TypeExpr;

use super::{Cx, did_you_mean};

/// What an operation's types resolve to, worked out once and shared by the checks and lowering.
#[derive(Debug)]
pub(crate) struct Resolved {
    /// Some type expression did not parse or resolve (already reported): checks that need the
    /// whole type graph stay quiet rather than repeat the cause.
    pub(crate) incomplete: bool,
    pub(crate) response: Option<TypeExpr>,
    /// The callback's payload type.
    pub(crate) callback: Option<TypeExpr>,
    pub(crate) params: IndexMap<String, TypeExpr>,
    pub(crate) fields: HashMap<(String, String), TypeExpr>,
}

impl Resolved {
    /// The named types `roots` reach through model fields, in the spec's order.
    pub(crate) fn reached<'a, 'r>(
        &self,
        op: &'a OperationSpec,
        roots: impl IntoIterator<Item = &'r TypeExpr>,
    ) -> Vec<&'a str> {
        let mut seen: Vec<&str> = Vec::new();
        let mut todo: Vec<TypeExpr> = roots.into_iter().cloned().collect();
        while let Some(t) = todo.pop() {
            let TypeExpr::Named(n) = t.leaf().clone() else {
                continue;
            };
            let Some((name, def)) = op.types.get_key_value(&n) else {
                continue;
            };
            if seen.contains(&name.as_str()) {
                continue;
            }
            seen.push(name);
            for f in def.fields.iter().flat_map(|f| f.keys()) {
                todo.extend(self.fields.get(&(n.clone(), f.clone())).cloned());
            }
        }
        op.types
            .keys()
            .map(String::as_str)
            .filter(|t| seen.contains(t))
            .collect()
    }
}

/// Parses every type expression and checks that each name resolves.
pub(super) fn resolve_types(cx: &mut Cx, op: &OperationSpec) -> Resolved {
    let root = YamlPath::root();
    let parse = |cx: &mut Cx, path: &YamlPath, src: &str, ctx: Ctx| -> Option<TypeExpr> {
        let t = cx.parse_type(path, src)?;
        let mut ok = true;
        t.for_each_named(&mut |n| {
            if !op.types.contains_key(n) {
                ok = false;
                let hint = did_you_mean(n, op.types.keys().map(String::as_str));
                let defined = if op.types.is_empty() {
                    " (this file defines no `types`)".to_owned()
                } else {
                    String::new()
                };
                cx.err(path, "unresolved-type", format!("unknown type `{n}`: neither a built-in (string, bool, i32, i64, u32, u64, f64, json) nor a name in `types`{defined}{hint}"));
            }
        });
        check_optional_placement(cx, path, &t, ctx);
        ok.then_some(t)
    };
    let response = op
        .response
        .as_deref()
        .and_then(|src| parse(cx, &root.key("response"), src, Ctx::Response));
    let callback = op.callback.as_ref().and_then(|c| {
        parse(
            cx,
            &root.key("callback").key("payload"),
            &c.payload,
            Ctx::Response,
        )
    });
    let mut params = IndexMap::new();
    for (name, p) in &op.params {
        if let Some(t) = parse(
            cx,
            &root.key("params").key(name).key("type"),
            &p.ty,
            Ctx::Param,
        ) {
            params.insert(name.clone(), t);
        }
    }
    let mut fields = HashMap::new();
    for (tname, def) in &op.types {
        for (fname, f) in def.fields.iter().flatten() {
            let path = root
                .key("types")
                .key(tname)
                .key("fields")
                .key(fname)
                .key("type");
            if let Some(t) = parse(cx, &path, &f.ty, Ctx::Field) {
                fields.insert((tname.clone(), fname.clone()), t);
            }
        }
    }
    let incomplete = response.is_none() != op.response.is_none()
        || callback.is_none() != op.callback.is_none()
        || params.len() != op.params.len()
        || fields.len()
            != op
                .types
                .values()
                .map(|d| d.fields.as_ref().map_or(0, IndexMap::len))
                .sum::<usize>();
    Resolved {
        incomplete,
        response,
        callback,
        params,
        fields,
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Ctx {
    Response,
    Param,
    Field,
}

fn check_optional_placement(cx: &mut Cx, path: &YamlPath, t: &TypeExpr, ctx: Ctx) {
    fn nested_optional(t: &TypeExpr, top: bool) -> bool {
        match t {
            TypeExpr::Optional(inner) => !top || nested_optional(inner, false),
            TypeExpr::Nullable(inner) | TypeExpr::List(inner) | TypeExpr::Map(inner) => {
                nested_optional(inner, false)
            }
            _ => false,
        }
    }
    let top_optional = matches!(t, TypeExpr::Optional(_));
    match ctx {
        Ctx::Param if top_optional => cx.err(path, "optional-placement", "params are optional unless `required: true`; write the type without `optional<>`"),
        Ctx::Response if top_optional => cx.err(path, "optional-placement", "the response data is always present on success; use `nullable<T>` if the vendor sends null"),
        _ if nested_optional(t, true) => cx.err(path, "optional-placement", "`optional<>` only wraps a whole field type (may be absent); inside lists, maps or `nullable` use `nullable<T>`"),
        _ => {}
    }
}
