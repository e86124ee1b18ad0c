//! The rules of an operation's types: definitions, fields, leniency, formats, enums, unused types.

use std::collections::{HashMap, HashSet};

use indexmap::IndexMap;

use crate::diag::YamlPath;
use crate::names;
use crate::spec::{EnumWire, Format, Lenient, OperationSpec, TypeDef};
use crate::type_expr::{Prim, TypeExpr};

use super::{Cx, Resolved, did_you_mean};

pub(super) fn check_type_defs(cx: &mut Cx, op: &OperationSpec, r: &Resolved) {
    let tpath = YamlPath::root().key("types");
    let mut type_names: HashMap<String, &str> = HashMap::new();
    for (tname, def) in &op.types {
        let p = tpath.key(tname);
        let rust = def.name.clone().unwrap_or_else(|| names::camel(tname));
        if let Some(n) = &def.name {
            if !names::is_identifier(n) || names::camel(n) != *n {
                cx.err(
                    &p.key("name"),
                    "type-def",
                    format!(
                        "`{n}` is not an UpperCamelCase Rust identifier; write `{}`",
                        names::camel(n)
                    ),
                );
            }
        } else if !tname.chars().next().is_some_and(|c| c.is_ascii_uppercase()) {
            cx.err_at_key(
                &p,
                "type-def",
                format!(
                    "type names are UpperCamelCase; write `{}`",
                    names::camel(tname)
                ),
            );
        }
        if let Some(other) = type_names.insert(rust.clone(), tname) {
            cx.err_at_key(
                &p,
                "no-case-collisions",
                format!(
                    "types `{other}` and `{tname}` both become `{rust}`; rename one or set `name`"
                ),
            );
        }
        match (&def.fields, def.enum_type) {
            (Some(_), Some(_)) => cx.err(
                &p,
                "type-def",
                "a type is a model (`fields`) or an enum (`enum` + `values`), not both",
            ),
            (None, None) => cx.err(
                &p,
                "type-def",
                "a type needs `fields` (a model) or `enum: string|int` with `values` (an enum)",
            ),
            (Some(fields), None) => {
                if def.values.is_some() {
                    cx.err(
                        &p.key("values"),
                        "type-def",
                        "`values` belongs to enums; add `enum: string|int` or remove it",
                    );
                }
                if def.depends_on.is_some() {
                    cx.err(
                        &p.key("depends_on"),
                        "depends-on",
                        "`depends_on` belongs to enums",
                    );
                }
                check_fields(cx, &p, tname, fields, r);
            }
            (None, Some(wire)) => check_enum(cx, &p, op, tname, def, wire, r),
        }
    }
}

fn check_fields(
    cx: &mut Cx,
    p: &YamlPath,
    tname: &str,
    fields: &IndexMap<String, crate::spec::Field>,
    r: &Resolved,
) {
    let mut rust_names: HashMap<String, &str> = HashMap::new();
    for (fname, f) in fields {
        let fp = p.key("fields").key(fname);
        let rust = f.name.clone().unwrap_or_else(|| names::snake(fname));
        if let Some(n) = &f.name
            && !names::is_identifier(n)
        {
            cx.err(
                &fp.key("name"),
                "no-case-collisions",
                format!("`{n}` is not a Rust identifier"),
            );
        }
        if let Some(other) = rust_names.insert(rust.clone(), fname) {
            cx.err_at_key(&fp, "no-case-collisions", format!("fields `{other}` and `{fname}` of `{tname}` both become `{rust}`; set `name` on one"));
        }
        let Some(t) = r.fields.get(&(tname.to_owned(), fname.clone())) else {
            continue;
        };
        if let Some(l) = f.lenient {
            check_lenient(cx, &fp.key("lenient"), l, t);
        }
        if let Some(fmt) = f.format {
            check_format(cx, &fp.key("format"), fmt, t);
        }
    }
}

/// The runtime's lenient decoders take a scalar field, optionally `optional<>`.
fn check_lenient(cx: &mut Cx, p: &YamlPath, l: Lenient, t: &TypeExpr) {
    let (optional, inner) = match t {
        TypeExpr::Optional(inner) => (true, inner.as_ref()),
        other => (false, other),
    };
    let fits = match l {
        Lenient::NumberAsString => matches!(inner, TypeExpr::Prim(Prim::String)),
        Lenient::StringAsNumber => matches!(inner, TypeExpr::Prim(p) if p.is_integer()),
        Lenient::EmptyStringAsAbsent => {
            optional && matches!(inner, TypeExpr::Prim(_) | TypeExpr::Named(_))
        }
    };
    if !fits {
        let want = match l {
            Lenient::NumberAsString => "a `string` or `optional<string>` field",
            Lenient::StringAsNumber => "an integer or `optional<integer>` field",
            Lenient::EmptyStringAsAbsent => "an `optional<T>` field of a scalar or named type",
        };
        cx.err(
            p,
            "lenient",
            format!("`{}` applies to {want}, not `{t}`", l.name()),
        );
    }
}

pub(super) fn check_format(cx: &mut Cx, p: &YamlPath, f: Format, t: &TypeExpr) {
    let core = t.core();
    let is_int = matches!(core, TypeExpr::Prim(p) if p.is_integer());
    let is_str = matches!(core, TypeExpr::Prim(Prim::String));
    let ok = match f {
        Format::UnixMs | Format::UnixSeconds | Format::Yyyymmddhhmmss => is_int || is_str,
        Format::Url => is_str,
    };
    if !ok {
        cx.err(
            p,
            "format",
            format!("format `{f:?}` does not apply to `{t}`"),
        );
    }
}

fn enum_key_ok(wire: EnumWire, key: &str) -> bool {
    match wire {
        EnumWire::String => true,
        EnumWire::Int => key.parse::<i64>().is_ok(),
    }
}

/// The model fields (type name, field name) whose type mentions `tname` at their core.
fn uses_of<'a>(
    op: &'a OperationSpec,
    r: &'a Resolved,
    tname: &str,
) -> Vec<(&'a str, &'a IndexMap<String, crate::spec::Field>)> {
    let mut v = Vec::new();
    for (mname, def) in &op.types {
        let Some(fields) = &def.fields else { continue };
        let uses = fields.keys().any(|f| {
            r.fields
                .get(&(mname.clone(), f.clone()))
                .is_some_and(|t| matches!(t.leaf(), TypeExpr::Named(n) if n == tname))
        });
        if uses {
            v.push((mname.as_str(), fields));
        }
    }
    v
}

fn check_enum(
    cx: &mut Cx,
    p: &YamlPath,
    op: &OperationSpec,
    tname: &str,
    def: &TypeDef,
    wire: EnumWire,
    r: &Resolved,
) {
    let Some(values) = &def.values else {
        cx.err(
            p,
            "type-def",
            "an enum needs `values`: a map from wire value to its meaning, in the doc's order",
        );
        return;
    };
    if values.is_empty() {
        cx.err(&p.key("values"), "type-def", "an enum needs at least one value; if the doc lists none, use a plain type and say so in `notes`");
    }
    // The values the depends_on field can take, when it is itself an enum.
    let mut dep_values: Option<Vec<String>> = None;
    if let Some(dep) = &def.depends_on {
        let dp = p.key("depends_on");
        let users = uses_of(op, r, tname);
        if users.is_empty() {
            cx.err(
                &dp,
                "depends-on",
                format!("no model uses `{tname}`, so `depends_on: {dep}` names no sibling field"),
            );
        }
        for (mname, fields) in users {
            match fields.get(dep) {
                None => cx.err(&dp, "depends-on", format!("model `{mname}` uses `{tname}` but has no field `{dep}`; `depends_on` names a sibling field{}", did_you_mean(dep, fields.keys().map(String::as_str)))),
                Some(_) => {
                    if let Some(TypeExpr::Named(dn)) = r.fields.get(&(mname.to_owned(), dep.clone())).map(|t| t.core())
                        && let Some(dvals) = op.types.get(dn).and_then(|d| d.values.as_ref())
                    {
                        dep_values = Some(dvals.keys().cloned().collect());
                    }
                }
            }
        }
    }
    let mut variants: HashMap<String, &str> = HashMap::new();
    let mut ints: HashMap<i64, &str> = HashMap::new();
    for (key, val) in values {
        let vp = p.key("values").key(key);
        if !enum_key_ok(wire, key) {
            cx.err_at_key(
                &vp,
                "enum-value",
                format!("`{key}` is not an integer, but this enum is `enum: int`"),
            );
        }
        if wire == EnumWire::Int
            && let Ok(i) = key.parse::<i64>()
            && let Some(other) = ints.insert(i, key)
        {
            cx.err_at_key(
                &vp,
                "enum-value",
                format!("`{key}` and `{other}` are the same integer"),
            );
        }
        if let Some(n) = &val.name
            && !names::is_identifier(n)
        {
            cx.err(
                &vp.key("name"),
                "enum-value",
                format!("`{n}` is not a Rust identifier"),
            );
        }
        let variant = names::variant(val.name.as_deref().unwrap_or(key));
        if variant == "Unknown" {
            cx.err_at_key(&vp, "no-case-collisions", "`Unknown` is the variant that keeps values the spec does not list; set `name` to something else");
        } else if let Some(other) = variants.insert(variant.clone(), key) {
            cx.err_at_key(&vp, "no-case-collisions", format!("values `{other}` and `{key}` both become variant `{variant}`; set `name` on one"));
        }
        match (&val.meanings, &def.depends_on) {
            (Some(_), None) => cx.err(
                &vp.key("meanings"),
                "depends-on",
                "`meanings` needs the enum's `depends_on` field",
            ),
            (Some(m), Some(dep)) => {
                if let Some(dv) = &dep_values {
                    for k in m.keys() {
                        if !dv.contains(k) {
                            cx.err_at_key(
                                &vp.key("meanings").key(k),
                                "depends-on",
                                format!(
                                    "`{k}` is not a value of `{dep}` (values: {})",
                                    dv.join(", ")
                                ),
                            );
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

pub(super) fn check_unused_types(cx: &mut Cx, op: &OperationSpec, r: &Resolved) {
    if r.incomplete {
        return;
    }
    let mut reached: HashSet<String> = HashSet::new();
    let mut todo: Vec<String> = Vec::new();
    let push =
        |t: &TypeExpr, todo: &mut Vec<String>| t.for_each_named(&mut |n| todo.push(n.to_owned()));
    for t in r.response.iter().chain(&r.callback) {
        push(t, &mut todo);
    }
    for t in r.params.values() {
        push(t, &mut todo);
    }
    while let Some(n) = todo.pop() {
        if !reached.insert(n.clone()) {
            continue;
        }
        if let Some(fields) = op.types.get(&n).and_then(|d| d.fields.as_ref()) {
            for f in fields.keys() {
                if let Some(t) = r.fields.get(&(n.clone(), f.clone())) {
                    push(t, &mut todo);
                }
            }
        }
    }
    for tname in op.types.keys() {
        if !reached.contains(tname) {
            cx.err_at_key(&YamlPath::root().key("types").key(tname), "unused-type", format!("type `{tname}` is not reachable from `response`, `callback` or any param; remove it or use it"));
        }
    }
}
