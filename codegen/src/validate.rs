//! Semantic checks over a loaded tree. Every rule has a name, every diagnostic says what to fix,
//! and all problems are collected in one run.
//!
//! Rules: `vendor-name`, `base-url`, `credentials`, `auth`, `envelope`, `error-row`,
//! `duplicate-error`, `operation-name`, `path-params-match-template`, `param`, `param-rule`,
//! `type-syntax`, `unresolved-type`, `type-def`, `unused-type`, `optional-placement`,
//! `constraint-applies`, `constraint-contradiction`, `default-invalid`, `lenient`, `format`,
//! `no-case-collisions`, `enum-value`, `depends-on`, `valid-waiter`, `valid-pagination`,
//! `valid-example`, `source`. Loading adds `yaml-syntax`, `spec-shape`, `duplicate-key`,
//! `no-anchors`, `no-tags`, `encoding`, `empty-file`, `file-size`, `file-name`, `tree-layout`,
//! `missing-vendor-file`, `read`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use indexmap::IndexMap;
use serde_json::Value;

use crate::diag::{Diagnostic, YamlPath};
use crate::examples::Types;
use crate::load::{OperationFile, SpecTree, VendorTree};
use crate::names;
use crate::source_map::{SourceMap, block_text_pos};
use crate::spec::{
    EnumWire, EnvelopeScheme, ErrorCode, ErrorRow, Example, Format, Lenient, Method, OperationSpec,
    ParamLocation, RuntimeEnvelope, TypeDef, VendorSpec,
};
use crate::type_expr::{self, Prim, TypeExpr};
use vodspec_envelope::Split;

/// Validates every loaded file of the tree.
pub fn validate(tree: &SpecTree) -> Vec<Diagnostic> {
    validate_resolving(tree).0
}

/// Validates, and hands back each operation's resolved types (per vendor, per operation, in tree
/// order) so lowering does not work them out again.
pub(crate) fn validate_resolving(tree: &SpecTree) -> (Vec<Diagnostic>, Vec<Vec<Resolved>>) {
    let mut out = Vec::new();
    let mut resolved = Vec::new();
    for vt in &tree.vendors {
        if let Some(vf) = &vt.vendor {
            let mut cx = Cx::new(vf.rel.as_path(), &vf.map, &mut out);
            check_vendor(&mut cx, &vt.name, &vf.spec);
        }
        check_operation_names(vt, &mut out);
        let checked = crate::par::map(&vt.operations, |op| {
            let mut d = Vec::new();
            let mut cx = Cx::new(op.file.rel.as_path(), &op.file.map, &mut d);
            let r = check_operation(&mut cx, vt.vendor.as_ref().map(|v| &v.spec), &op.file.spec);
            (r, d)
        });
        let mut ops = Vec::new();
        for (r, d) in checked {
            out.extend(d);
            ops.push(r);
        }
        resolved.push(ops);
    }
    (out, resolved)
}

/// Where diagnostics of one file go.
struct Cx<'a> {
    file: &'a Path,
    map: &'a SourceMap,
    out: &'a mut Vec<Diagnostic>,
}

impl<'a> Cx<'a> {
    fn new(file: &'a Path, map: &'a SourceMap, out: &'a mut Vec<Diagnostic>) -> Self {
        Cx { file, map, out }
    }

    fn err(&mut self, path: &YamlPath, rule: &'static str, message: impl Into<String>) {
        let pos = self.map.locate(path);
        self.out.push(Diagnostic {
            file: self.file.to_path_buf(),
            pos,
            path: path.clone(),
            rule,
            message: message.into(),
        });
    }

    /// A diagnostic at the key of a mapping entry (for "this name…" problems).
    fn err_at_key(&mut self, path: &YamlPath, rule: &'static str, message: impl Into<String>) {
        let pos = self
            .map
            .node(path)
            .and_then(|n| n.key)
            .or_else(|| self.map.locate(path));
        self.out.push(Diagnostic {
            file: self.file.to_path_buf(),
            pos,
            path: path.clone(),
            rule,
            message: message.into(),
        });
    }

    /// Parses a type expression, reporting a syntax error at its exact column.
    fn parse_type(&mut self, path: &YamlPath, src: &str) -> Option<TypeExpr> {
        match type_expr::parse(src) {
            Ok(t) => Some(t),
            Err(e) => {
                let pos = self
                    .map
                    .locate_in_scalar(path, e.offset)
                    .or_else(|| self.map.locate(path));
                self.out.push(Diagnostic {
                    file: self.file.to_path_buf(),
                    pos,
                    path: path.clone(),
                    rule: "type-syntax",
                    message: format!("in type `{src}`: {}", e.message),
                });
                None
            }
        }
    }
}

fn did_you_mean<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    let best = candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(name, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match best {
        Some((_, c)) => format!("; did you mean `{c}`?"),
        None => String::new(),
    }
}

fn check_url(cx: &mut Cx, path: &YamlPath, url: &str) {
    if !(url.starts_with("https://") || url.starts_with("http://")) || url.len() < 10 {
        cx.err(path, "source", format!("`{url}` is not an http(s) URL"));
    }
}

// ---------------------------------------------------------------- vendor

fn check_vendor(cx: &mut Cx, folder: &str, v: &VendorSpec) {
    let root = YamlPath::root();
    if v.vendor != folder {
        cx.err(
            &root.key("vendor"),
            "vendor-name",
            format!(
                "vendor is `{}` but the folder is `{folder}`; they must be the same",
                v.vendor
            ),
        );
    }
    for (i, s) in v.sources.iter().enumerate() {
        check_url(cx, &root.key("sources").index(i).key("url"), &s.url);
    }
    check_base_url(cx, v);

    let cpath = root.key("credentials");
    if v.credentials.is_empty() {
        cx.err(
            &cpath,
            "credentials",
            "a vendor needs at least one credential field",
        );
    }
    for (name, c) in &v.credentials {
        let p = cpath.key(name);
        if !names::is_identifier(name) || names::snake(name) != *name {
            cx.err_at_key(
                &p,
                "credentials",
                format!(
                    "credential names are snake_case identifiers; write `{}`",
                    names::snake(name)
                ),
            );
        }
        if c.env.is_empty()
            || !c
                .env
                .chars()
                .all(|ch| ch.is_ascii_uppercase() || ch.is_ascii_digit() || ch == '_')
        {
            cx.err(
                &p.key("env"),
                "credentials",
                format!(
                    "`{}` is not an environment variable name (A-Z, 0-9, _)",
                    c.env
                ),
            );
        }
    }

    let apath = root.key("auth");
    if v.auth.is_empty() {
        cx.err(&apath, "auth", "a vendor needs at least one auth scheme");
    }
    let mut seen = HashSet::new();
    for (i, a) in v.auth.iter().enumerate() {
        let p = apath.index(i);
        if !seen.insert(a.scheme) {
            cx.err(
                &p.key("scheme"),
                "auth",
                format!("auth scheme `{}` is listed twice", a.scheme.name()),
            );
        }
        let roles = a.scheme.credential_roles();
        if a.uses.len() != roles.len() {
            cx.err(
                &p.key("uses"),
                "auth",
                format!(
                    "`{}` signs with {} credential{} ({}), in that order; `uses` lists {}",
                    a.scheme.name(),
                    roles.len(),
                    if roles.len() == 1 { "" } else { "s" },
                    roles.join(", "),
                    a.uses.len()
                ),
            );
        }
        for (j, u) in a.uses.iter().enumerate() {
            if !v.credentials.contains_key(u) {
                let hint = did_you_mean(u, v.credentials.keys().map(String::as_str));
                cx.err(
                    &p.key("uses").index(j),
                    "credentials",
                    format!("no credential `{u}` in `credentials`{hint}"),
                );
            }
        }
        for (j, s) in a.sources.iter().enumerate() {
            check_url(cx, &p.key("sources").index(j).key("url"), &s.url);
        }
    }

    let epath = root.key("envelope");
    let e = &v.envelope;
    match (e.scheme.integer_codes(), e.success_code) {
        (true, None) => cx.err(
            &epath,
            "envelope",
            "this envelope carries a body `code`; set `success_code` (the code that means success)",
        ),
        (false, Some(_)) => cx.err(
            &epath.key("success_code"),
            "envelope",
            "`plain-with-error-object` has no body code; remove `success_code`",
        ),
        _ => {}
    }
    if e.scheme == EnvelopeScheme::PlainWithErrorObject && e.error_data.is_some() {
        cx.err(
            &epath.key("error_data"),
            "envelope",
            "`plain-with-error-object` has no `data` field; remove `error_data`",
        );
    }
    if let Some(rl) = &v.rate_limit {
        check_rate_limit(cx, &root.key("rate_limit"), rl.requests, rl.per_seconds);
    }
    check_error_table(cx, &root.key("errors"), &v.errors, v.envelope.scheme, None);
}

fn check_base_url(cx: &mut Cx, v: &VendorSpec) {
    let root = YamlPath::root();
    let p = root.key("base_url");
    let url = &v.base_url;
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        cx.err(
            &p,
            "base-url",
            format!("`{url}` must start with https:// or http://"),
        );
    }
    if url.ends_with('/') {
        cx.err(
            &p,
            "base-url",
            "drop the trailing `/`: operation paths start with one",
        );
    }
    let mut placeholders = Vec::new();
    let mut rest = url.as_str();
    while let Some(i) = rest.find('{') {
        match rest[i..].find('}') {
            Some(j) => {
                placeholders.push(&rest[i + 1..i + j]);
                rest = &rest[i + j + 1..];
            }
            None => {
                cx.err(&p, "base-url", "unclosed `{` in base_url");
                break;
            }
        }
    }
    for ph in &placeholders {
        if *ph != "region" {
            cx.err(
                &p,
                "base-url",
                format!(
                    "`{{{ph}}}` is not a known placeholder; base_url may only contain `{{region}}`"
                ),
            );
        }
    }
    let regional = placeholders.contains(&"region");
    if regional && v.regions.is_empty() {
        cx.err(
            &p,
            "base-url",
            "base_url has `{region}` but `regions` lists none; list the regions the vendor serves",
        );
    }
    if regional && !v.credentials.contains_key("region") {
        cx.err(
            &p,
            "base-url",
            "base_url has `{region}`: add a `region` credential the client fills it from",
        );
    }
    if !regional && !v.regions.is_empty() {
        cx.err(
            &root.key("regions"),
            "base-url",
            "`regions` is set but base_url has no `{region}` placeholder",
        );
    }
    for (name, r) in &v.regions {
        if let Some(u) = &r.base_url {
            let rp = root.key("regions").key(name).key("base_url");
            if !(u.starts_with("https://") || u.starts_with("http://")) || u.contains('{') {
                cx.err(
                    &rp,
                    "base-url",
                    format!(
                        "region override `{u}` must be a complete http(s) URL without placeholders"
                    ),
                );
            }
        }
    }
}

fn check_rate_limit(cx: &mut Cx, p: &YamlPath, requests: u32, per: u32) {
    if requests == 0 {
        cx.err(
            &p.key("requests"),
            "constraint-contradiction",
            "a rate limit of 0 requests allows nothing; give the documented number",
        );
    }
    if per == 0 {
        cx.err(
            &p.key("per_seconds"),
            "constraint-contradiction",
            "a window of 0 seconds is meaningless",
        );
    }
}

/// Checks one error table; `vendor` is the vendor-wide table when checking an endpoint's.
fn check_error_table(
    cx: &mut Cx,
    p: &YamlPath,
    rows: &IndexMap<String, ErrorRow>,
    scheme: EnvelopeScheme,
    vendor: Option<&IndexMap<String, ErrorRow>>,
) {
    let mut keys: HashMap<(Option<ErrorCode>, Option<String>), &str> = HashMap::new();
    let mut variants: HashMap<String, &str> = HashMap::new();
    if let Some(v) = vendor {
        for (name, row) in v {
            keys.insert((row.code.clone(), row.message.clone()), name);
            variants.insert(names::variant(name), name);
        }
    }
    for (name, row) in rows {
        let rp = p.key(name);
        if !names::is_identifier(name) || names::snake(name) != *name {
            cx.err_at_key(
                &rp,
                "error-row",
                format!(
                    "error rows are keyed by snake_case names; write `{}`",
                    names::snake(name)
                ),
            );
        }
        let variant = names::variant(name);
        if variant == "Unhandled" {
            cx.err_at_key(
                &rp,
                "no-case-collisions",
                "`unhandled` is reserved for errors no row matches; pick another name",
            );
        } else if let Some(other) = variants.insert(variant.clone(), name) {
            let whose = if vendor.is_some_and(|v| v.contains_key(other)) {
                "vendor row"
            } else {
                "row"
            };
            cx.err_at_key(
                &rp,
                "no-case-collisions",
                format!(
                    "`{name}` and {whose} `{other}` both become variant `{variant}`; rename one"
                ),
            );
        }
        if row.code.is_none() && row.message.is_none() {
            cx.err(
                &rp,
                "error-row",
                "an error row needs a `code`, a `message`, or both, to be recognised by",
            );
        }
        match (&row.code, scheme.integer_codes()) {
            (Some(ErrorCode::Str(s)), true) => cx.err(
                &rp.key("code"),
                "error-row",
                format!("this vendor's envelope has integer codes; `{s}` is text"),
            ),
            (Some(ErrorCode::Int(i)), false) => cx.err(
                &rp.key("code"),
                "error-row",
                format!("this vendor's `error_code` is text; quote it: \"{i}\""),
            ),
            _ => {}
        }
        let key = (row.code.clone(), row.message.clone());
        if let Some(other) = keys.get(&key) {
            if *other != name.as_str() {
                let whose = if vendor.is_some_and(|v| v.contains_key(*other)) {
                    "vendor row"
                } else {
                    "row"
                };
                cx.err_at_key(&rp, "duplicate-error", format!("same code and message as {whose} `{other}`; a response could not tell them apart — keep one"));
            }
        } else {
            keys.insert(key, name);
        }
    }
}

fn check_operation_names(vt: &VendorTree, out: &mut Vec<Diagnostic>) {
    let mut seen: BTreeMap<String, &OperationFile> = BTreeMap::new();
    for op in &vt.operations {
        // About the file as a whole: its name is the operation's.
        let mut report = |message: String| {
            out.push(Diagnostic {
                file: op.file.rel.clone(),
                pos: None,
                path: YamlPath::root(),
                rule: "operation-name",
                message,
            });
        };
        let stem = &op.name;
        let kebab_ok = !stem.is_empty()
            && stem
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && stem.chars().next().is_some_and(|c| c.is_ascii_lowercase())
            && !stem.contains("--")
            && !stem.ends_with('-');
        if !kebab_ok {
            report(format!(
                "operation file names are kebab-case (they become CLI subcommands): rename `{stem}.yaml` to `{}.yaml`",
                heck::ToKebabCase::to_kebab_case(stem.as_str())
            ));
        }
        let rust = names::snake(stem);
        if names::CLIENT_ITEMS.contains(&rust.as_str()) {
            report(format!(
                "`{rust}` is a name every {} client has already (a method, or the command line's `help`); name the file after what the operation does, e.g. `{stem}-task.yaml`",
                vt.name
            ));
        }
        if let Some(first) = seen.get(&rust) {
            report(format!(
                "operation `{stem}` and `{}` both become method `{rust}` on the {} client; rename one",
                first.file.rel.display(),
                vt.name
            ));
        } else {
            seen.insert(rust, op);
        }
    }
}

// ---------------------------------------------------------------- operation

/// What an operation's types resolve to, worked out once and shared by the checks and lowering.
#[derive(Debug)]
pub(crate) struct Resolved {
    /// Some type expression did not parse or resolve (already reported): checks that need the
    /// whole type graph stay quiet rather than repeat the cause.
    pub(crate) incomplete: bool,
    pub(crate) response: Option<TypeExpr>,
    pub(crate) params: IndexMap<String, TypeExpr>,
    pub(crate) fields: HashMap<(String, String), TypeExpr>,
}

fn check_operation(cx: &mut Cx, vendor: Option<&VendorSpec>, op: &OperationSpec) -> Resolved {
    let root = YamlPath::root();
    check_url(cx, &root.key("source").key("url"), &op.source.url);
    let r = resolve_types(cx, op);
    check_type_defs(cx, op, &r);
    check_http_and_params(cx, vendor, op, &r);
    check_unused_types(cx, op, &r);
    if let Some(v) = vendor {
        check_error_table(
            cx,
            &root.key("errors"),
            &op.errors,
            v.envelope.scheme,
            Some(&v.errors),
        );
    }
    if let Some(rl) = &op.rate_limit {
        check_rate_limit(cx, &root.key("rate_limit"), rl.requests, rl.per_seconds);
    }
    check_promises(cx, op, &r);
    check_waiter(cx, vendor, op, &r);
    check_pagination(cx, op, &r);
    check_examples(cx, vendor, op, &r);
    r
}

/// Parses every type expression and checks that each name resolves.
fn resolve_types(cx: &mut Cx, op: &OperationSpec) -> Resolved {
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
    let response = parse(cx, &root.key("response"), &op.response, Ctx::Response);
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
    let incomplete = response.is_none()
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

fn check_type_defs(cx: &mut Cx, op: &OperationSpec, r: &Resolved) {
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

fn check_format(cx: &mut Cx, p: &YamlPath, f: Format, t: &TypeExpr) {
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

fn check_unused_types(cx: &mut Cx, op: &OperationSpec, r: &Resolved) {
    if r.incomplete {
        return;
    }
    let mut reached: HashSet<String> = HashSet::new();
    let mut todo: Vec<String> = Vec::new();
    let push =
        |t: &TypeExpr, todo: &mut Vec<String>| t.for_each_named(&mut |n| todo.push(n.to_owned()));
    if let Some(t) = &r.response {
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
            cx.err_at_key(&YamlPath::root().key("types").key(tname), "unused-type", format!("type `{tname}` is not reachable from `response` or any param; remove it or use it"));
        }
    }
}

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

fn check_http_and_params(
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
    let core = t.core();
    let is_str = matches!(core, TypeExpr::Prim(Prim::String));
    let is_int = matches!(core, TypeExpr::Prim(x) if x.is_integer());
    let is_list = matches!(core, TypeExpr::List(_));
    let applies = |cx: &mut Cx, key: &str, set: bool, ok: bool, what: &str| {
        if set && !ok {
            cx.err(
                &pp.key(key),
                "constraint-applies",
                format!("`{key}` applies to {what}, not `{t}`"),
            );
        }
    };
    applies(cx, "min_length", p.min_length.is_some(), is_str, "strings");
    applies(cx, "max_length", p.max_length.is_some(), is_str, "strings");
    applies(cx, "minimum", p.minimum.is_some(), is_int, "integers");
    applies(cx, "maximum", p.maximum.is_some(), is_int, "integers");
    applies(cx, "max_items", p.max_items.is_some(), is_list, "lists");
    applies(cx, "style", p.style.is_some(), is_list, "lists");
    if let (Some(lo), Some(hi)) = (p.min_length, p.max_length)
        && lo > hi
    {
        cx.err(
            &pp.key("min_length"),
            "constraint-contradiction",
            format!("min_length {lo} is greater than max_length {hi}; no value fits"),
        );
    }
    if let (Some(lo), Some(hi)) = (p.minimum, p.maximum)
        && lo > hi
    {
        cx.err(
            &pp.key("minimum"),
            "constraint-contradiction",
            format!("minimum {lo} is greater than maximum {hi}; no value fits"),
        );
    }
    if p.max_items == Some(0) || p.max_length == Some(0) {
        cx.err(
            pp,
            "constraint-contradiction",
            "a maximum of 0 allows only empty values; remove the param or fix the limit",
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

// ---------------------------------------------------------------- response paths

/// Walks a dotted path (`task_array[].status`) through the response type; the type at its end.
/// `Err(None)`: the path crosses a type that did not resolve, which is reported already.
fn walk(op: &OperationSpec, r: &Resolved, path: &str) -> Result<TypeExpr, Option<String>> {
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

/// The models a response reaches, in the spec's order.
fn response_models<'a>(op: &'a OperationSpec, r: &Resolved) -> Vec<&'a str> {
    let mut seen: Vec<&str> = Vec::new();
    let mut todo: Vec<TypeExpr> = r.response.iter().cloned().collect();
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
            todo.extend(r.fields.get(&(n.clone(), f.clone())).cloned());
        }
    }
    op.types
        .keys()
        .map(String::as_str)
        .filter(|t| seen.contains(t))
        .collect()
}

/// Every field a response model demands has its evidence (`promised`), and only those.
fn check_promises(cx: &mut Cx, op: &OperationSpec, r: &Resolved) {
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

fn check_waiter(cx: &mut Cx, vendor: Option<&VendorSpec>, op: &OperationSpec, r: &Resolved) {
    let Some(w) = &op.waiter else { return };
    let wp = YamlPath::root().key("waiter");
    if r.response.is_none() {
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

fn check_pagination(cx: &mut Cx, op: &OperationSpec, r: &Resolved) {
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

// ---------------------------------------------------------------- examples

fn check_examples(cx: &mut Cx, vendor: Option<&VendorSpec>, op: &OperationSpec, r: &Resolved) {
    let ep = YamlPath::root().key("examples");
    let mut names = HashSet::new();
    for (i, ex) in op.examples.iter().enumerate() {
        let xp = ep.index(i);
        if !names.insert(&ex.name) {
            cx.err(
                &xp.key("name"),
                "valid-example",
                format!(
                    "two examples are named `{}`; names become test names",
                    ex.name
                ),
            );
        }
        if !names::is_identifier(&ex.name) || names::snake(&ex.name) != ex.name {
            cx.err(
                &xp.key("name"),
                "valid-example",
                format!(
                    "example names are snake_case; write `{}`",
                    names::snake(&ex.name)
                ),
            );
        }
        let body: Value = match serde_json::from_str(&ex.body) {
            Ok(v) => v,
            Err(e) => {
                let bp = xp.key("body");
                let pos = match cx.map.node(&bp) {
                    Some(n) if n.block => Some(block_text_pos(n.value, e.line(), e.column())),
                    _ => cx.map.locate(&bp),
                };
                cx.out.push(Diagnostic {
                    file: cx.file.to_path_buf(),
                    pos,
                    path: bp,
                    rule: "valid-example",
                    message: format!("body is not valid JSON: {e}"),
                });
                continue;
            }
        };
        let Some(v) = vendor else { continue };
        if let Some(err) = &ex.error
            && !op.errors.contains_key(err)
            && !v.errors.contains_key(err)
        {
            let all = op.errors.keys().chain(v.errors.keys()).map(String::as_str);
            cx.err(
                &xp.key("error"),
                "valid-example",
                format!(
                    "no error row `{err}` in this file or the vendor file{}",
                    did_you_mean(err, all)
                ),
            );
            continue;
        }
        let row = ex
            .error
            .as_ref()
            .and_then(|e| op.errors.get(e).or_else(|| v.errors.get(e)));
        for msg in check_envelope(v, op, r, ex, row, &body) {
            cx.err(&xp.key("body"), "valid-example", msg);
        }
    }
}

/// Checks one example body as the runtime would receive it: split by the vendor's envelope (the
/// runtime's own), then an error against its row and a success against the response type.
fn check_envelope(
    v: &VendorSpec,
    op: &OperationSpec,
    r: &Resolved,
    ex: &Example,
    row: Option<&ErrorRow>,
    body: &Value,
) -> Vec<String> {
    let Some(runtime) = v.envelope.runtime() else {
        return Vec::new(); // the vendor file's missing success_code is reported there
    };
    let envelope = runtime.envelope();
    let status = ex.status.unwrap_or(crate::spec::DEFAULT_EXAMPLE_STATUS);
    let split = match envelope.split(status, None, ex.body.as_bytes()) {
        Ok(split) => split,
        Err(e) => return vec![e.reason],
    };
    let mut errs = envelope.example_problems(body, matches!(split, Split::Error(_)));
    let data = match split {
        Split::Error(meta) => {
            match row {
                None => errs.push(format!(
                    "this is an error response (code {}); name its error row in `error:`",
                    meta.code
                )),
                Some(row) => {
                    if let Some(want) = row.code.as_ref().map(ErrorCode::code)
                        && !want.matches(&meta.code)
                    {
                        errs.push(format!(
                            "the body's code {} does not match the row's {want}",
                            meta.code
                        ));
                    }
                    if let Some(want) = &row.message
                        && *want != meta.message
                    {
                        errs.push(format!(
                            "the body's message {:?} does not match the row's {want:?}",
                            meta.message
                        ));
                    }
                }
            }
            return errs;
        }
        Split::Data(range) => serde_json::from_str(&ex.body[range]).unwrap_or(Value::Null),
        Split::Null => Value::Null,
    };
    if row.is_some() {
        errs.push("`error:` names a row but the body is a success response".into());
        return errs;
    }
    let Some(t) = &r.response else { return errs };
    let types = Types {
        defs: &op.types,
        fields: &r.fields,
    };
    let at = match runtime {
        RuntimeEnvelope::Plain(_) => "body",
        RuntimeEnvelope::Code(_) => "data",
    };
    types.check(&data, t, None, at, &mut errs);
    errs
}
