//! Each vendor's specs as an OpenAPI document (3.1, or 3.0.3 for tools that read only 3.0), from
//! the lowered tree: operations, params with their constraints and styles, schemas, enums with
//! `x-enum-descriptions`, error responses, the doc's examples, security schemes, servers per
//! region, and `x-vodspec-*` extensions for what OpenAPI cannot say (leniency, waiters,
//! pagination, envelope, error rows, idempotency).

use serde_json::{Map, Value, json};

use crate::ir::{self, Enum, Ir, Model, Operation, Ty, Vendor};
use crate::spec::{
    AuthScheme, BodyEncoding, EnumWire, EnvelopeScheme, ErrorCode, Limits, ParamLocation,
};
use crate::type_expr::Prim;

/// Which OpenAPI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// 3.1.0 (JSON Schema 2020-12).
    V31,
    /// 3.0.3.
    V30,
}

/// One document per vendor: `(file name, text)`.
pub fn documents(ir: &Ir, version: Version) -> Vec<(String, String)> {
    ir.vendors
        .iter()
        .map(|v| {
            let mut text = serde_json::to_string_pretty(&document(v, version))
                .expect("a JSON value serializes");
            text.push('\n');
            (format!("{}.json", v.id), text)
        })
        .collect()
}

/// Schema names are unique per document: an operation's own types are prefixed with its
/// Rust prefix (`ListThumbnailsTask.ThumbTask` would not be a valid name).
fn schema_name(op: &Operation, ident: &str) -> String {
    format!("{}_{}", op.prefix, ident)
}

fn reference(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn prim(p: Prim) -> Value {
    match p {
        Prim::String => json!({"type": "string"}),
        Prim::Bool => json!({"type": "boolean"}),
        Prim::I32 => json!({"type": "integer", "format": "int32"}),
        Prim::I64 => json!({"type": "integer", "format": "int64"}),
        Prim::U32 => json!({"type": "integer", "format": "int32", "minimum": 0}),
        Prim::U64 => json!({"type": "integer", "format": "int64", "minimum": 0}),
        Prim::F64 => json!({"type": "number", "format": "double"}),
        Prim::Json => json!({}),
    }
}

fn nullable(inner: Value, version: Version) -> Value {
    match version {
        Version::V31 => json!({"anyOf": [inner, {"type": "null"}]}),
        Version::V30 => json!({"allOf": [inner], "nullable": true}),
    }
}

fn schema(op: &Operation, t: &Ty, version: Version) -> Value {
    match t {
        Ty::Prim(p) => prim(*p),
        Ty::Model(m) | Ty::Enum(m, _) => reference(&schema_name(op, m)),
        Ty::Optional(t) => schema(op, t, version),
        Ty::Nullable(t) => nullable(schema(op, t, version), version),
        Ty::List(t) => json!({"type": "array", "items": schema(op, t, version)}),
        Ty::Map(t) => json!({"type": "object", "additionalProperties": schema(op, t, version)}),
    }
}

/// A value's constraints on its schema: the scalar ones on a list's items.
fn constrain(s: &mut Value, l: &Limits) {
    let Value::Object(o) = s else { return };
    if let Some(n) = l.max_items {
        o.insert("maxItems".into(), json!(n));
    }
    let item = match o.get_mut("items") {
        Some(Value::Object(i)) => i,
        _ => o,
    };
    for (key, v) in [
        ("minLength", l.min_length.map(Value::from)),
        ("maxLength", l.max_length.map(Value::from)),
        ("minimum", l.minimum.map(Value::from)),
        ("maximum", l.maximum.map(Value::from)),
    ] {
        if let Some(v) = v {
            item.insert(key.into(), v);
        }
    }
}

/// A value sent as the url-safe base64 of its JSON: a string whose decoded content is `inner`.
fn encoded(inner: Value, e: crate::spec::ValueEncoding, version: Version) -> Value {
    let mut out = json!({"type": "string", "x-vodspec-encoding": e.name()});
    match version {
        Version::V31 => {
            out["contentEncoding"] = json!("base64url");
            out["contentMediaType"] = json!("application/json");
            out["contentSchema"] = inner;
        }
        Version::V30 => out["x-vodspec-decoded"] = inner,
    }
    out
}

fn describe(obj: &mut Map<String, Value>, doc: &Option<String>) {
    if let Some(d) = doc {
        obj.insert("description".into(), Value::from(d.trim()));
    }
}

fn model_schema(op: &Operation, m: &Model, version: Version) -> Value {
    let mut props = Map::new();
    let mut required = Vec::new();
    for f in &m.fields {
        let mut s = schema(op, &f.ty, version);
        if let Some(l) = f.lenient {
            // What the wire may carry instead of the documented type.
            let other = match l {
                crate::spec::Lenient::NumberAsString => json!({"type": "number"}),
                crate::spec::Lenient::StringAsNumber => {
                    json!({"type": "string", "pattern": "^-?[0-9]+$"})
                }
                crate::spec::Lenient::EmptyStringAsAbsent => {
                    json!({"type": "string", "enum": [""]})
                }
            };
            s = json!({"anyOf": [s, other], "x-vodspec-lenient": l.name()});
        }
        if let (Value::Object(o), Some(fmt)) = (&mut s, f.format) {
            o.insert(
                "x-vodspec-format".into(),
                json!(format!("{fmt:?}").to_lowercase()),
            );
        }
        if m.request {
            constrain(&mut s, &f.limits);
        }
        // A description beside `$ref` is ignored in 3.0: wrap it.
        if s.get("$ref").is_some() && f.doc.is_some() {
            s = json!({"allOf": [s]});
        }
        if let Value::Object(o) = &mut s {
            describe(o, &f.doc);
            if f.sensitive {
                o.insert("x-vodspec-sensitive".into(), json!(true));
            }
        }
        if !matches!(f.ty, Ty::Optional(_)) {
            required.push(f.wire.clone());
        }
        props.insert(f.wire.clone(), s);
    }
    let mut out = Map::new();
    out.insert("type".into(), json!("object"));
    out.insert("title".into(), json!(m.ident));
    describe(&mut out, &m.doc);
    out.insert("properties".into(), Value::Object(props));
    if !required.is_empty() {
        out.insert("required".into(), json!(required));
    }
    Value::Object(out)
}

fn enum_schema(e: &Enum) -> Value {
    let values: Vec<Value> = e
        .variants
        .iter()
        .map(|v| match e.wire {
            EnumWire::Int => v
                .wire
                .parse::<i64>()
                .map(Value::from)
                .unwrap_or_else(|_| json!(v.wire)),
            EnumWire::String => json!(v.wire),
        })
        .collect();
    let ty = match e.wire {
        EnumWire::Int => "integer",
        EnumWire::String => "string",
    };
    let mut out = Map::new();
    out.insert("type".into(), json!(ty));
    out.insert("title".into(), json!(e.ident));
    describe(&mut out, &e.doc);
    out.insert("enum".into(), Value::Array(values));
    out.insert(
        "x-enum-varnames".into(),
        json!(
            e.variants
                .iter()
                .map(|v| v.ident.clone())
                .collect::<Vec<_>>()
        ),
    );
    out.insert(
        "x-enum-descriptions".into(),
        json!(
            e.variants
                .iter()
                .map(|v| v.doc.clone().unwrap_or_default())
                .collect::<Vec<_>>()
        ),
    );
    // Unknown values decode too: the enum documents, it does not restrict.
    out.insert("x-vodspec-open".into(), json!(true));
    Value::Object(out)
}

/// The body schema of a success, the envelope around the data.
fn envelope(v: &Vendor, data: Value) -> Value {
    match v.envelope.scheme {
        EnvelopeScheme::PlainWithErrorObject => data,
        scheme => {
            let mut props = Map::new();
            props.insert("code".into(), json!({"type": "integer"}));
            if scheme == EnvelopeScheme::CodeStatusMessageData {
                props.insert("status".into(), json!({"type": "string"}));
            }
            props.insert("message".into(), json!({"type": "string"}));
            props.insert("data".into(), data);
            json!({"type": "object", "properties": props, "required": ["code"]})
        }
    }
}

fn error_schema(v: &Vendor) -> Value {
    match v.envelope.scheme {
        EnvelopeScheme::PlainWithErrorObject => json!({
            "type": "object",
            "properties": {"error_code": {"type": "string"}, "error_msg": {"type": "string"}},
        }),
        _ => envelope(v, json!({})),
    }
}

/// The one error body schema every error response of a vendor refers to.
const ERROR_SCHEMA: &str = "ErrorBody";

fn code_value(c: &Option<ErrorCode>) -> Value {
    match c {
        Some(ErrorCode::Int(n)) => json!(n),
        Some(ErrorCode::Str(s)) => json!(s),
        None => Value::Null,
    }
}

fn row(r: &ir::ErrorRow) -> Value {
    json!({
        "name": r.name,
        "code": code_value(&r.code),
        "message": r.message,
        "http_status": r.http_status,
        "description": r.doc,
        "auth": r.auth,
    })
}

fn parameter(op: &Operation, p: &ir::Param, version: Version) -> Option<Value> {
    if matches!(p.fill, Some(ir::Fill::Auth(_))) {
        return None; // the security scheme says how it is filled
    }
    let location = match p.location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Body => return None,
    };
    let mut s = schema(op, &p.ty, version);
    constrain(&mut s, &p.limits);
    if let (Value::Object(o), Some(d)) = (&mut s, &p.default) {
        o.insert("default".into(), d.clone());
    }
    let mut out = Map::new();
    out.insert("name".into(), json!(p.wire));
    out.insert("in".into(), json!(location));
    out.insert(
        "required".into(),
        json!(p.required || p.location == ParamLocation::Path),
    );
    describe(&mut out, &p.doc);
    if matches!(p.ty.core(), Ty::List(_)) {
        let comma = p.style == crate::spec::ListStyle::Comma;
        out.insert(
            "style".into(),
            json!(if location == "query" {
                "form"
            } else {
                "simple"
            }),
        );
        out.insert("explode".into(), json!(!comma));
    }
    out.insert("schema".into(), s);
    if let Some(ir::Fill::Credential(c)) = &p.fill {
        out.insert("x-vodspec-from".into(), json!(format!("credentials.{c}")));
    }
    if p.sensitive {
        out.insert("x-vodspec-sensitive".into(), json!(true));
    }
    Some(Value::Object(out))
}

fn request_body(op: &Operation, version: Version) -> Option<Value> {
    let body: Vec<&ir::Param> = op
        .params
        .iter()
        .filter(|p| p.location == ParamLocation::Body && !matches!(p.fill, Some(ir::Fill::Auth(_))))
        .collect();
    if body.is_empty() {
        return None;
    }
    let mut props = Map::new();
    let mut required = Vec::new();
    for p in &body {
        let mut s = schema(op, &p.ty, version);
        constrain(&mut s, &p.limits);
        if let Some(e) = p.encoding {
            s = encoded(s, e, version);
        }
        if let Value::Object(o) = &mut s {
            describe(o, &p.doc);
        }
        props.insert(p.wire.clone(), s);
        if p.required {
            required.push(p.wire.clone());
        }
    }
    let media = match op.body {
        Some(BodyEncoding::Json) => "application/json",
        _ => "application/x-www-form-urlencoded",
    };
    let mut body_schema = json!({"type": "object", "properties": props});
    if !required.is_empty() {
        body_schema["required"] = json!(required);
    }
    Some(json!({
        "required": !required.is_empty(),
        "content": {media: {"schema": body_schema}},
    }))
}

/// OpenAPI `callbacks`: what the vendor POSTs to the URL in the request's `url_param`.
fn callback(op: &Operation, c: &ir::Callback, version: Version) -> Value {
    let payload = schema(op, &c.payload, version);
    let (media, body) = match c.encoding {
        Some(e) => ("text/plain", encoded(payload, e, version)),
        None => ("application/json", payload),
    };
    let mut content = json!({"schema": body});
    if let Some(ex) = c
        .example
        .as_deref()
        .and_then(|e| serde_json::from_str::<Value>(e).ok())
    {
        content["example"] = ex;
    }
    let signature = match c.scheme {
        crate::spec::CallbackScheme::None => {
            json!({"scheme": "none", "description": c.signature_doc})
        }
        crate::spec::CallbackScheme::Md5Hex => json!({
            "scheme": c.scheme.name(),
            "param": c.param,
            "over": c.over.iter().map(|p| match p {
                ir::SignPart::Text(t) => format!("text:{t}"),
                ir::SignPart::Payload(f) => format!("payload.{f}"),
                ir::SignPart::Credential(n) => format!("credentials.{n}"),
            }).collect::<Vec<_>>(),
            "description": c.signature_doc,
        }),
    };
    let mut post = json!({
        "requestBody": {"required": true, "content": {media: content}},
        "responses": {"200": {"description": "The callback was received."}},
        "x-vodspec-signature": signature,
    });
    if let Some(d) = &c.doc {
        post["description"] = json!(d.trim());
    }
    if let Some(param) = &c.param {
        post["parameters"] = json!([{
            "name": param,
            "in": "query",
            "required": true,
            "description": "The callback's signature.",
            "schema": {"type": "string"},
        }]);
    }
    let expression = format!("{{$request.body#/{}}}", c.url_param);
    json!({ c.method.clone(): { expression: { "post": post } } })
}

fn examples_for(op: &Operation, error: bool) -> Map<String, Value> {
    let mut out = Map::new();
    for ex in op.examples.iter().filter(|e| e.error.is_some() == error) {
        if let Ok(v) = serde_json::from_str::<Value>(&ex.body) {
            let mut e = Map::new();
            if let Some(d) = &ex.doc {
                e.insert("summary".into(), json!(d));
            }
            e.insert("value".into(), v);
            out.insert(ex.ident.clone(), Value::Object(e));
        }
    }
    out
}

fn operation(v: &Vendor, op: &Operation, version: Version) -> Value {
    let mut out = Map::new();
    out.insert(
        "operationId".into(),
        json!(op.ident.trim_start_matches("r#")),
    );
    out.insert("summary".into(), json!(op.summary));
    describe(&mut out, &op.doc);
    out.insert("externalDocs".into(), json!({"url": op.source.url}));
    let params: Vec<Value> = op
        .params
        .iter()
        .filter_map(|p| parameter(op, p, version))
        .collect();
    if !params.is_empty() {
        out.insert("parameters".into(), Value::Array(params));
    }
    if let Some(b) = request_body(op, version) {
        out.insert("requestBody".into(), b);
    }
    let mut responses = Map::new();
    match &op.response {
        Some(t) => {
            let mut ok = json!({
                "description": "The documented answer.",
                "content": {"application/json": {"schema": envelope(v, schema(op, t, version))}},
            });
            let ex = examples_for(op, false);
            if !ex.is_empty() {
                ok["content"]["application/json"]["examples"] = Value::Object(ex);
            }
            responses.insert("200".into(), ok);
        }
        None => {
            // No body the doc describes: the status of its success example, else 200.
            let status = op
                .examples
                .iter()
                .find(|e| e.error.is_none())
                .and_then(|e| e.status)
                .unwrap_or(200);
            let ok = match v.envelope.scheme {
                EnvelopeScheme::PlainWithErrorObject => json!({"description": "Done; no body."}),
                _ => json!({
                    "description": "Done; the envelope carries no data.",
                    "content": {"application/json": {"schema": envelope(v, json!({}))}},
                }),
            };
            responses.insert(status.to_string(), ok);
        }
    }
    let rows: Vec<&ir::ErrorRow> = op.errors.iter().collect();
    let mut statuses: Vec<u16> = rows
        .iter()
        .filter_map(|r| r.http_status)
        .filter(|s| *s != 200)
        .collect();
    statuses.sort_unstable();
    statuses.dedup();
    let err_examples = examples_for(op, true);
    for s in statuses {
        let names: Vec<&str> = rows
            .iter()
            .filter(|r| r.http_status == Some(s))
            .map(|r| r.name.as_str())
            .collect();
        let mut r = json!({
            "description": format!("Error rows: {}.", names.join(", ")),
            "content": {"application/json": {"schema": reference(ERROR_SCHEMA)}},
        });
        let mine: Map<String, Value> = op
            .examples
            .iter()
            .filter(|e| e.status == Some(s))
            .filter_map(|e| {
                err_examples
                    .get(&e.ident)
                    .map(|x| (e.ident.clone(), x.clone()))
            })
            .collect();
        if !mine.is_empty() {
            r["content"]["application/json"]["examples"] = Value::Object(mine);
        }
        responses.insert(s.to_string(), r);
    }
    // Ranges rather than `default`, which some generators read as a second success type.
    for range in ["4XX", "5XX"] {
        responses.insert(
            range.into(),
            json!({
                "description": "Any other error: the envelope's error shape (see x-vodspec-errors).",
                "content": {"application/json": {"schema": reference(ERROR_SCHEMA)}},
            }),
        );
    }
    out.insert("responses".into(), Value::Object(responses));
    out.insert(
        "x-vodspec-errors".into(),
        Value::Array(rows.iter().map(|r| row(r)).collect()),
    );
    out.insert("x-vodspec-idempotent".into(), json!(op.idempotent));
    if let Some(w) = &op.waiter {
        let wires = |vals: &[String]| -> Vec<String> {
            let e = op.enums.iter().find(|e| e.ident == w.enum_ident);
            vals.iter()
                .filter_map(|x| {
                    e?.variants
                        .iter()
                        .find(|y| &y.ident == x)
                        .map(|y| y.wire.clone())
                })
                .collect()
        };
        out.insert(
            "x-vodspec-waiter".into(),
            json!({
                "path": ir::wire_path(&w.path),
                "success": wires(&w.success),
                "failure": wires(&w.failure),
                "pending": wires(&w.pending),
                "errors": w.errors.iter().map(|(r, s)| json!({"row": r, "state": format!("{s:?}").to_lowercase()})).collect::<Vec<_>>(),
                "ids": w.ids.as_ref().map(|(p, steps)| json!({"param": p, "path": ir::wire_path(steps)})),
            }),
        );
    }
    if let Some(pg) = &op.pagination {
        let wire = |ident: &str| {
            op.params
                .iter()
                .find(|p| p.ident == ident)
                .map_or(ident.to_owned(), |p| p.wire.clone())
        };
        out.insert(
            "x-vodspec-pagination".into(),
            json!({
                "page_param": wire(&pg.page_param),
                "size_param": wire(&pg.size_param),
                "first_page": pg.first_page,
                "items": ir::wire_path(&pg.items),
                "truncated": pg.truncated.as_deref().map(ir::wire_path),
                "total": pg.total.as_deref().map(ir::wire_path),
            }),
        );
    }
    if let Some(c) = &op.creates {
        // The id path is empty when the response data is the id itself.
        out.insert(
            "x-vodspec-creates".into(),
            json!({
                "waiter": c.waiter,
                "param": c.param,
                "id": (!c.id.is_empty()).then(|| ir::wire_path(&c.id)),
                "id_param": c.id_param,
            }),
        );
    }
    if let Some(c) = &op.cancels {
        out.insert(
            "x-vodspec-cancels".into(),
            json!({"waiter": c.waiter, "param": c.param, "refused": c.refused}),
        );
    }
    if let Some(c) = &op.callback {
        out.insert("callbacks".into(), callback(op, c, version));
    }
    if op.deprecated.is_some() {
        out.insert("deprecated".into(), json!(true));
    }
    let security: Vec<Value> = v
        .auth
        .iter()
        .map(|a| json!({a.scheme.name(): []}))
        .collect();
    out.insert("security".into(), Value::Array(security));
    Value::Object(out)
}

fn security_scheme(a: &ir::Auth) -> Value {
    let (location, name) = match a.scheme {
        AuthScheme::PolyvSha1Sign => ("query", "sign"),
        AuthScheme::HuaweiToken => ("header", "X-Auth-Token"),
        AuthScheme::Ws3HmacSha256 | AuthScheme::HuaweiSdkHmacSha256 => ("header", "Authorization"),
    };
    json!({
        "type": "apiKey",
        "in": location,
        "name": name,
        "description": format!("The `{}` scheme, signed by the vodspec runtime.", a.scheme.name()),
        "x-vodspec-scheme": a.scheme.name(),
        "x-vodspec-uses": a.uses,
        "x-vodspec-max-clock-skew-seconds": a.max_clock_skew_seconds,
    })
}

fn servers(v: &Vendor) -> Value {
    let mut out = Vec::new();
    if v.base_url.contains("{region}") {
        let templated: Vec<&str> = v
            .regions
            .iter()
            .filter(|(_, own)| own.is_none())
            .map(|(r, _)| r.as_str())
            .collect();
        let default = templated.first().copied().unwrap_or("");
        out.push(json!({
            "url": v.base_url,
            "variables": {"region": {"default": default, "enum": templated}},
        }));
        for (r, own) in &v.regions {
            if let Some(url) = own {
                out.push(json!({"url": url, "description": format!("region {r}")}));
            }
        }
    } else {
        out.push(json!({"url": v.base_url}));
    }
    Value::Array(out)
}

fn document(v: &Vendor, version: Version) -> Value {
    let mut paths = Map::new();
    let mut schemas = Map::new();
    for op in &v.operations {
        let entry = paths.entry(op.path.clone()).or_insert_with(|| json!({}));
        entry[op.method.name().to_lowercase()] = operation(v, op, version);
        for m in &op.models {
            schemas.insert(schema_name(op, &m.ident), model_schema(op, m, version));
        }
        for e in &op.enums {
            schemas.insert(schema_name(op, &e.ident), enum_schema(e));
        }
    }
    schemas.insert(ERROR_SCHEMA.into(), error_schema(v));
    let security: Map<String, Value> = v
        .auth
        .iter()
        .map(|a| (a.scheme.name().to_owned(), security_scheme(a)))
        .collect();
    json!({
        "openapi": match version { Version::V31 => "3.1.0", Version::V30 => "3.0.3" },
        "info": {
            "title": v.title,
            "version": "vodspec",
            "description": v.doc.as_deref().unwrap_or(&v.title).trim(),
        },
        "servers": servers(v),
        "paths": paths,
        "components": {"schemas": schemas, "securitySchemes": security},
        "x-vodspec-envelope": {
            "scheme": serde_json::to_value(v.envelope.scheme).unwrap_or(Value::Null),
            "success_code": v.envelope.success_code,
            "request_id_header": v.envelope.request_id_header,
        },
        "x-vodspec-errors": v.errors.iter().map(row).collect::<Vec<_>>(),
    })
}
