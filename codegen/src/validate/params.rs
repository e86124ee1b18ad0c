//! The rules of the request: method, path template, params, where their values come from, and
//! their constraints.

use std::collections::{HashMap, HashSet};

use crate::diag::YamlPath;
use crate::examples::Types;
use crate::names;
use crate::spec::{Limits, Method, OperationSpec, ParamLocation, VendorSpec};
use crate::type_expr::{Prim, TypeExpr};

use super::{Cx, Resolved, check_format, did_you_mean};

fn path_placeholders(cx: &mut Cx, p: &YamlPath, path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = path;
    loop {
        let open = rest.find('{');
        let close = rest.find('}');
        match (open, close) {
            (None, None) => break,
            (Some(i), Some(j)) if i < j => {
                let name = &rest[i + 1..j];
                if name.is_empty() || name.contains('{') {
                    cx.err(
                        p,
                        "path-params-match-template",
                        format!("bad placeholder `{{{name}}}` in the path"),
                    );
                } else {
                    out.push(name.to_owned());
                }
                rest = &rest[j + 1..];
            }
            _ => {
                cx.err(
                    p,
                    "path-params-match-template",
                    "unbalanced `{`/`}` in the path template",
                );
                break;
            }
        }
    }
    out
}

pub(super) fn check_http_and_params(
    cx: &mut Cx,
    vendor: Option<&VendorSpec>,
    op: &OperationSpec,
    r: &Resolved,
) {
    let root = YamlPath::root();
    let hp = root.key("http");
    if !op.http.path.starts_with('/') {
        cx.err(
            &hp.key("path"),
            "path-params-match-template",
            "the path must start with `/`",
        );
    }
    if op.http.method == Method::Get && op.http.body.is_some() {
        cx.err(
            &hp.key("body"),
            "param",
            "a GET request has no body; remove `body` or use POST",
        );
    }
    let placeholders = path_placeholders(cx, &hp.key("path"), &op.http.path);
    for ph in &placeholders {
        match op.params.get(ph) {
            Some(p) if p.location == ParamLocation::Path => {}
            Some(_) => cx.err(
                &root.key("params").key(ph).key("in"),
                "path-params-match-template",
                format!("`{{{ph}}}` is in the path template, so param `{ph}` must be `in: path`"),
            ),
            None => cx.err(
                &hp.key("path"),
                "path-params-match-template",
                format!(
                    "the path has `{{{ph}}}` but no param `{ph}` with `in: path`; add it{}",
                    did_you_mean(ph, op.params.keys().map(String::as_str))
                ),
            ),
        }
    }
    let mut rust_names: HashMap<String, &str> = HashMap::new();
    for (name, p) in &op.params {
        let pp = root.key("params").key(name);
        if p.location == ParamLocation::Path && !placeholders.contains(name) {
            cx.err(
                &pp.key("in"),
                "path-params-match-template",
                format!("param `{name}` is `in: path` but the path template has no `{{{name}}}`"),
            );
        }
        if p.location == ParamLocation::Body && op.http.body.is_none() {
            cx.err(
                &pp.key("in"),
                "param",
                "an `in: body` param needs `http.body: form|json`",
            );
        }
        if p.location == ParamLocation::Header
            && !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+.^_`|~-".contains(c))
        {
            cx.err_at_key(
                &pp,
                "param",
                format!("`{name}` is not a valid HTTP header name"),
            );
        }
        let rust = p.name.clone().unwrap_or_else(|| names::snake(name));
        if let Some(n) = &p.name
            && !names::is_identifier(n)
        {
            cx.err(
                &pp.key("name"),
                "no-case-collisions",
                format!("`{n}` is not a Rust identifier"),
            );
        }
        if let Some(other) = rust_names.insert(rust.clone(), name) {
            cx.err_at_key(
                &pp,
                "no-case-collisions",
                format!("params `{other}` and `{name}` both become `{rust}`; set `name` on one"),
            );
        }
        if let Some(from) = &p.from {
            check_from(cx, &pp.key("from"), vendor, from);
            if p.default.is_some() {
                cx.err(
                    &pp.key("default"),
                    "param",
                    "a param filled by the client (`from`) has no default",
                );
            }
        }
        let Some(t) = r.params.get(name) else {
            continue;
        };
        check_param_constraints(cx, &pp, p, t, op);
    }
    for (i, rule) in op.param_rules.iter().enumerate() {
        let rp = root.key("param_rules").index(i).key("at_least_one_of");
        if rule.at_least_one_of.len() < 2 {
            cx.err(
                &rp,
                "param-rule",
                "`at_least_one_of` needs two or more params; for one, set `required: true`",
            );
        }
        let mut seen = HashSet::new();
        for (j, n) in rule.at_least_one_of.iter().enumerate() {
            if !seen.insert(n) {
                cx.err(&rp.index(j), "param-rule", format!("`{n}` is listed twice"));
            }
            match op.params.get(n) {
                None => cx.err(
                    &rp.index(j),
                    "param-rule",
                    format!(
                        "no param `{n}`{}",
                        did_you_mean(n, op.params.keys().map(String::as_str))
                    ),
                ),
                Some(p) if p.required => cx.err(
                    &rp.index(j),
                    "param-rule",
                    format!(
                        "`{n}` is `required: true`, so the rule always holds; drop one or the other"
                    ),
                ),
                Some(_) => {}
            }
        }
    }
}

fn check_from(cx: &mut Cx, p: &YamlPath, vendor: Option<&VendorSpec>, from: &str) {
    let Some(v) = vendor else { return };
    match from.split_once('.') {
        Some(("credentials", c)) => {
            if !v.credentials.contains_key(c) {
                cx.err(
                    p,
                    "param",
                    format!(
                        "no credential `{c}` in the vendor file{}",
                        did_you_mean(c, v.credentials.keys().map(String::as_str))
                    ),
                );
            }
        }
        Some(("auth", slot)) => {
            if !v.auth.iter().any(|a| a.scheme.slots().contains(&slot)) {
                let all: Vec<&str> = v
                    .auth
                    .iter()
                    .flat_map(|a| a.scheme.slots().iter().copied())
                    .collect();
                cx.err(
                    p,
                    "param",
                    format!(
                        "none of the vendor's auth schemes fills `{slot}` (they fill: {}){}",
                        all.join(", "),
                        did_you_mean(slot, all.iter().copied())
                    ),
                );
            }
        }
        _ => cx.err(
            p,
            "param",
            format!("`from: {from}` must be `credentials.<field>` or `auth.<slot>`"),
        ),
    }
}

fn check_param_constraints(
    cx: &mut Cx,
    pp: &YamlPath,
    p: &crate::spec::Param,
    t: &TypeExpr,
    op: &OperationSpec,
) {
    check_limits(cx, pp, &p.limits(), t);
    if p.style.is_some() && !matches!(t.core(), TypeExpr::List(_)) {
        cx.err(
            &pp.key("style"),
            "constraint-applies",
            format!("`style` applies to lists, not `{t}`"),
        );
    }
    if let Some(f) = p.format {
        check_format(cx, &pp.key("format"), f, t);
    }
    if let Some(d) = &p.default {
        let types = Types {
            defs: &op.types,
            fields: &HashMap::new(),
        };
        let mut errs = Vec::new();
        types.check(d, t, None, "default", &mut errs);
        for e in errs {
            cx.err(&pp.key("default"), "default-invalid", e);
        }
        if let Some(i) = d.as_i64()
            && (p.minimum.is_some_and(|lo| i < lo) || p.maximum.is_some_and(|hi| i > hi))
        {
            cx.err(
                &pp.key("default"),
                "default-invalid",
                format!(
                    "default {i} is outside {}..={}",
                    p.minimum.map_or("".into(), |v| v.to_string()),
                    p.maximum.map_or("".into(), |v| v.to_string())
                ),
            );
        }
        if let Some(s) = d.as_str() {
            let n = s.chars().count() as u64;
            if p.max_length.is_some_and(|m| n > m) || p.min_length.is_some_and(|m| n < m) {
                cx.err(
                    &pp.key("default"),
                    "default-invalid",
                    format!("default is {n} characters, outside the length limits"),
                );
            }
        }
    }
}

/// The constraints of a param or a request-model field (at `pp`) against its type, and against
/// each other.
pub(super) fn check_limits(cx: &mut Cx, pp: &YamlPath, l: &Limits, t: &TypeExpr) {
    let core = t.core();
    let is_str = matches!(core, TypeExpr::Prim(Prim::String));
    let is_int = matches!(core, TypeExpr::Prim(x) if x.is_integer());
    let is_list = matches!(core, TypeExpr::List(_));
    // A list's items are checked one by one against the scalar limits.
    let item = match core {
        TypeExpr::List(i) => i.core(),
        other => other,
    };
    let item_str = matches!(item, TypeExpr::Prim(Prim::String));
    let item_int = matches!(item, TypeExpr::Prim(x) if x.is_integer());
    let applies = |cx: &mut Cx, key: &str, set: bool, ok: bool, what: &str| {
        if set && !ok {
            cx.err(
                &pp.key(key),
                "constraint-applies",
                format!("`{key}` applies to {what}, not `{t}`"),
            );
        }
    };
    let strings = is_str || item_str;
    let ints = is_int || item_int;
    applies(cx, "min_length", l.min_length.is_some(), strings, "strings");
    applies(cx, "max_length", l.max_length.is_some(), strings, "strings");
    applies(cx, "minimum", l.minimum.is_some(), ints, "integers");
    applies(cx, "maximum", l.maximum.is_some(), ints, "integers");
    applies(cx, "max_items", l.max_items.is_some(), is_list, "lists");
    if let (Some(lo), Some(hi)) = (l.min_length, l.max_length)
        && lo > hi
    {
        cx.err(
            &pp.key("min_length"),
            "constraint-contradiction",
            format!("min_length {lo} is greater than max_length {hi}; no value fits"),
        );
    }
    if let (Some(lo), Some(hi)) = (l.minimum, l.maximum)
        && lo > hi
    {
        cx.err(
            &pp.key("minimum"),
            "constraint-contradiction",
            format!("minimum {lo} is greater than maximum {hi}; no value fits"),
        );
    }
    if l.max_items == Some(0) || l.max_length == Some(0) {
        cx.err(
            pp,
            "constraint-contradiction",
            "a maximum of 0 allows only empty values; remove it or fix the limit",
        );
    }
}
