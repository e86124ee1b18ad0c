//! One random operation: its params and rules, the vendor's envelope around its examples, and
//! the file that says it all.

use std::collections::HashSet;

use fastrand::Rng;
use serde_json::{Map, Value, json};
use vodspec_codegen::names;

use super::{HEADERS, NAMES, Scope, TEXTS, Ty, Types, distinct, doc, pick};

/// Params of one operation: path params in the template, then query, header and body ones.
fn params(rng: &mut Rng, post: bool, t: &Types) -> (String, Value) {
    let mut scope = Scope::new(&[]);
    let mut used = HashSet::new();
    let mut out = Map::new();
    let mut path = String::from("/v1");
    for _ in 0..rng.usize(0..=2) {
        let wire = pick(
            rng,
            &["crate", "type", "id", "2fa", "self", "task-id", "Self"],
        );
        if !used.insert(wire.to_owned()) {
            continue;
        }
        path.push_str(&format!("/{{{wire}}}/x"));
        let mut p = json!({"in": "path", "type": "string", "required": true, "doc": "a path part"});
        if let Some(n) = scope.claim(wire, names::snake) {
            p["name"] = json!(n);
        }
        out.insert(wire.to_owned(), p);
    }
    path.push_str("/op");
    for _ in 0..rng.usize(0..=6) {
        let header = rng.u8(..4) == 0;
        let wire = if header {
            pick(rng, HEADERS)
        } else {
            pick(rng, NAMES)
        };
        if wire.is_empty() || !used.insert(wire.to_owned()) {
            continue;
        }
        let mut p = if header {
            json!({"in": "header", "type": "string"})
        } else {
            let location = if post && rng.bool() { "body" } else { "query" };
            let (ty, extra) = match rng.u8(..7) {
                0 => ("string", json!({"max_length": 8, "min_length": 1})),
                1 => ("i32", json!({"minimum": -5, "maximum": 5, "default": -1})),
                2 => ("i64", json!({})),
                3 => ("bool", json!({})),
                4 => ("f64", json!({})),
                5 => ("list<string>", json!({"max_items": 3})),
                _ => match t.enums.first() {
                    Some(e) => (e.spec.as_str(), json!({})),
                    None => ("string", json!({})),
                },
            };
            let mut p = json!({"in": location, "type": ty});
            if let Value::Object(extra) = extra {
                for (k, v) in extra {
                    p[k] = v;
                }
            }
            if ty.starts_with("list") && location == "query" {
                p["style"] = json!(["comma", "repeat"][rng.usize(..2)]);
            }
            p
        };
        p["required"] = json!(rng.u8(..3) == 0);
        p["doc"] = json!(doc(rng));
        if rng.u8(..6) == 0 {
            p["sensitive"] = json!(true);
        }
        if rng.u8(..8) == 0 {
            p["deprecated"] = json!("gone from the doc's latest version");
        }
        if let Some(n) = scope.claim(wire, names::snake) {
            p["name"] = json!(n);
        }
        out.insert(wire.to_owned(), p);
    }
    (path, Value::Object(out))
}

/// `at_least_one_of` over two optional params that are not in the path, when there are two.
fn param_rules(params: &Value) -> Value {
    let optional: Vec<&String> = params
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(_, p)| p["required"] != json!(true) && p["in"] != json!("path"))
        .map(|(k, _)| k)
        .take(2)
        .collect();
    if optional.len() == 2 {
        json!([{"at_least_one_of": optional, "doc": "至少传一个"}])
    } else {
        json!([])
    }
}

/// The runtime's envelopes, each with the bodies the doc would show.
#[derive(Debug, Clone, Copy)]
pub(super) enum Envelope {
    CodeMessage,
    CodeStatus,
    Plain,
}

impl Envelope {
    pub(super) fn spec(self) -> Value {
        match self {
            Envelope::CodeMessage => json!({"scheme": "code-message-data", "success_code": 0}),
            Envelope::CodeStatus => json!({
                "scheme": "code-status-message-data",
                "success_code": 200,
                "error_data": "empty-string",
            }),
            Envelope::Plain => {
                json!({"scheme": "plain-with-error-object", "request_id_header": "X-Request-Id"})
            }
        }
    }

    pub(super) fn success(self, data: Value) -> Value {
        match self {
            Envelope::CodeMessage => json!({"code": 0, "message": "ok", "data": data}),
            Envelope::CodeStatus => {
                json!({"code": 200, "status": "success", "message": "success", "data": data})
            }
            Envelope::Plain => data,
        }
    }

    /// An error row's spec, by a number that makes its code unique.
    pub(super) fn row(self, n: i64) -> Value {
        match self {
            Envelope::Plain => json!({"code": format!("R.{n}"), "http_status": 400}),
            _ => json!({"code": n}),
        }
    }

    /// The doc's example of row `n`, and its HTTP status.
    pub(super) fn failure(self, n: i64) -> (Value, u16) {
        match self {
            Envelope::CodeMessage => (json!({"code": n, "message": "no", "data": null}), 200),
            Envelope::CodeStatus => (
                json!({"code": n, "status": "error", "message": "no", "data": ""}),
                200,
            ),
            Envelope::Plain => (
                json!({"error_code": format!("R.{n}"), "error_msg": "no"}),
                400,
            ),
        }
    }
}

/// The operation file `stem`.
pub(super) fn operation(
    rng: &mut Rng,
    stem: &str,
    errors: &mut Scope,
    envelope: Envelope,
    polyv: bool,
) -> String {
    let prefix = names::camel(stem);
    let mut types = Types::generate(rng, &prefix);
    let post = rng.bool();
    let (path, mut params) = params(rng, post, &types);
    let mut pagination = None;
    if !post
        && rng.u8(..3) == 0
        && params.get("pageNo").is_none()
        && params.get("pageSize").is_none()
        && types.add_fixed(
            "rows",
            Ty::List(Box::new(Ty::Model(types.models.len() - 1))),
        )
        && types.add_fixed("total", Ty::I64)
    {
        for p in ["pageNo", "pageSize"] {
            params[p] = json!({"in": "query", "type": "i32", "minimum": 1, "doc": "分页"});
        }
        pagination = Some(json!({
            "page_param": "pageNo",
            "size_param": "pageSize",
            "first_page": 1,
            "items": "rows",
            "total": "total",
        }));
    }
    let waiter = types.waiter().filter(|_| rng.bool());
    let response = types.models[0].spec.clone();
    let mut http = json!({"method": if post { "POST" } else { "GET" }, "path": path});
    if post {
        // Polyv signs form fields, not a JSON body.
        http["body"] = json!(if polyv {
            "form"
        } else {
            ["json", "form"][rng.usize(..2)]
        });
    }
    if polyv {
        // The signer's slots, and the account id it signs too, where the other params go.
        let at = if post { "body" } else { "query" };
        params["ptime"] = json!({"in": at, "type": "i64", "required": true, "from": "auth.time", "format": "unix-ms"});
        params["sign"] = json!({"in": at, "type": "string", "required": true, "from": "auth.sign"});
        if rng.bool() {
            params["userId"] = json!({"in": at, "type": "string", "from": "credentials.user_id"});
        }
    }
    let mut rows = Map::new();
    let mut examples = Vec::new();
    for (k, row) in distinct(
        rng,
        &[
            "not_found",
            "type",
            "self",
            "bad_request",
            "crate",
            "unknown",
            "r2d2",
        ],
        2,
    )
    .into_iter()
    .enumerate()
    {
        if errors.claim(row, names::camel).is_some() {
            continue; // a vendor row or another of this operation's has the variant
        }
        let code = 40400 + k as i64;
        let mut spec = envelope.row(code);
        spec["doc"] = json!(doc(rng));
        rows.insert(row.to_owned(), spec);
        if k == 0 {
            let (body, status) = envelope.failure(code);
            examples.push(json!({
                "name": "failed",
                "error": row,
                "status": status,
                "body": body.to_string(),
            }));
        }
    }
    for name in ["full", "other"] {
        let data = types.value(rng, &Ty::Model(0));
        examples.push(json!({
            "name": name,
            "body": serde_json::to_string_pretty(&envelope.success(data)).expect("JSON prints"),
        }));
    }
    let mut spec = json!({
        "source": {"url": format!("https://docs.random.test/{stem}")},
        "summary": format!("{} {}", pick(rng, TEXTS).replace('\n', " "), stem),
        "doc": doc(rng),
        "http": http,
        "param_rules": param_rules(&params),
        "params": params,
        "response": response,
        "types": types.defs(rng),
        "errors": rows,
        "examples": examples,
    });
    if let Some(w) = waiter {
        spec["waiter"] = w;
    }
    if let Some(p) = pagination {
        spec["pagination"] = p;
    }
    serde_json::to_string_pretty(&spec).expect("JSON prints") + "\n"
}
