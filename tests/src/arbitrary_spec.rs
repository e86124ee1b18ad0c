//! Random valid spec trees, for the generator's property tests: one vendor of a few operations,
//! its names drawn from a pool of what is hard to turn into Rust (keywords, names that start with
//! a digit, CJK, names that differ only in case or separators, names of generated items and of
//! prelude types), models nested deep, integer enums with negative values, and the doc's
//! examples drawn from the types so every operation's example test has something to decode.
//!
//! Where two names become the same Rust name the tree sets `name:` on the later one, as a spec
//! writer does when `check` says so; the Rust names are taken from `vodspec_codegen::names`, the
//! one place that decides them. Everything else is left to the generator: a tree this module
//! writes is valid by construction, so `check` refusing one, or its output not compiling, is a
//! bug in the validator, the generator or here.
//!
//! The texts are JSON, which is YAML too.

use std::collections::HashSet;

use fastrand::Rng;
use serde_json::{Map, Value, json};
use vodspec_codegen::names;

/// Field, param and enum-value names: each hard for a reason.
const NAMES: &[&str] = &[
    "type",
    "match",
    "self",
    "Self",
    "crate",
    "super",
    "async",
    "await",
    "dyn",
    "try",
    "gen",
    "union",
    "fn",
    "ref",
    "move",
    "1080p",
    "2fa",
    "0",
    "9lives",
    "状态",
    "任务编号",
    "描述",
    "taskId",
    "task_id",
    "TaskID",
    "task-id",
    "TASK_ID",
    "task.id",
    "a b",
    "value",
    "build",
    "send",
    "new",
    "default",
    "error",
    "kind",
    "request",
    "response",
    "data",
    "code",
    "message",
    "id",
    "_",
    "_id",
    "id_",
    "Ok",
    "None",
    "Some",
    "on",
    "ON",
    "",
];

/// Type names: prelude types, keywords, case twins and generated items' names.
const TYPE_NAMES: &[&str] = &[
    "Self",
    "String",
    "Option",
    "Vec",
    "Result",
    "Box",
    "Item",
    "Item2",
    "Data",
    "Match",
    "MatchError",
    "MatchRequest",
    "Value",
    "Node",
    "Leaf",
    "Error",
    "Client",
    "Response",
];

/// Operation file stems (kebab-case, as the loader requires).
const OPERATIONS: &[&str] = &[
    "match",
    "type",
    "get-self",
    "list-items",
    "list-items2",
    "crate",
    "send",
    "build",
    "new",
    "query",
    "default",
    "self",
    "r-type",
];

/// Header names (HTTP tokens).
const HEADERS: &[&str] = &["x-lang", "X-Request-ID", "2fa", "type", "Self", "x_trace"];

/// Strings for examples and docs.
const TEXTS: &[&str] = &[
    "",
    "ok",
    "任务完成",
    "a \"quoted\" value",
    "line\nbreak",
    "tab\there",
    "emoji 🎬",
    "\\",
    "</script>",
    "#[doc]",
    "*/ /*",
    "{braces}",
];

/// A type of the generated tree.
#[derive(Debug, Clone)]
enum Ty {
    Str,
    I32,
    I64,
    U64,
    Bool,
    F64,
    Json,
    Model(usize),
    Enum(usize),
    List(Box<Ty>),
    Map(Box<Ty>),
}

/// A model's field: its wire name, its type, and whether it is `optional<>` / `nullable<>`.
#[derive(Debug)]
struct FieldG {
    wire: String,
    ty: Ty,
    optional: bool,
    nullable: bool,
    name: Option<String>,
    /// The lenient decoder, whose drift the examples then show.
    lenient: Option<&'static str>,
}

#[derive(Debug)]
struct ModelG {
    spec: String,
    name: Option<String>,
    fields: Vec<FieldG>,
}

#[derive(Debug)]
struct EnumG {
    spec: String,
    name: Option<String>,
    int: bool,
    /// (wire value, `name:` override).
    values: Vec<(String, Option<String>)>,
}

/// Rust names already taken in one scope, and how to make a fresh one.
struct Scope {
    taken: HashSet<String>,
}

impl Scope {
    fn new(reserved: &[&str]) -> Self {
        Scope {
            taken: reserved.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    /// Claims the Rust name `rust(wire)`; when it is taken, the `name:` override a spec writer
    /// would set, spelled as `rust` spells names (fresh under `rust` too).
    fn claim(&mut self, wire: &str, rust: fn(&str) -> String) -> Option<String> {
        let ident = rust(wire);
        if self.taken.insert(ident.clone()) {
            return None;
        }
        let base = rust(wire);
        let sep = if base.contains('_') || base.starts_with(char::is_lowercase) {
            "_"
        } else {
            ""
        };
        (2..)
            .map(|n| rust(&format!("{base}{sep}{n}")))
            .find(|c| self.taken.insert(c.clone()))
    }
}

fn pick<'a>(rng: &mut Rng, pool: &[&'a str]) -> &'a str {
    pool[rng.usize(..pool.len())]
}

/// Distinct wire names from `pool`, `n` at most.
fn distinct<'a>(rng: &mut Rng, pool: &[&'a str], n: usize) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for _ in 0..n * 3 {
        let w = pick(rng, pool);
        if !out.contains(&w) {
            out.push(w);
        }
        if out.len() == n {
            break;
        }
    }
    out
}

/// One operation's types: model 0 is the response; each later model hangs off an earlier one,
/// so models nest as deep as there are of them, and every type is used.
struct Types {
    models: Vec<ModelG>,
    enums: Vec<EnumG>,
}

impl Types {
    fn generate(rng: &mut Rng, prefix: &str) -> Types {
        let n_models = rng.usize(1..=7);
        let n_enums = rng.usize(0..=3);
        let reserved = [format!("{prefix}Request"), format!("{prefix}Error")];
        let reserved: Vec<&str> = reserved.iter().map(String::as_str).collect();
        let mut type_scope = Scope::new(&reserved);
        let spec_names = distinct(rng, TYPE_NAMES, n_models + n_enums);
        let mut spec_names: Vec<String> = spec_names.iter().map(|s| (*s).to_owned()).collect();
        while spec_names.len() < n_models + n_enums {
            spec_names.push(format!("T{}", spec_names.len()));
        }
        let mut models: Vec<ModelG> = Vec::new();
        let mut enums: Vec<EnumG> = Vec::new();
        for (i, spec) in spec_names.iter().enumerate() {
            let name = type_scope.claim(spec, names::camel);
            if i < n_models {
                models.push(ModelG {
                    spec: spec.clone(),
                    name,
                    fields: Vec::new(),
                });
            } else {
                let int = rng.bool();
                let mut scope = Scope::new(&["Unknown"]);
                let values: Vec<String> = if int {
                    let pool = [-2147483648i64, -99, -1, 0, 1, 7, 1000, 2147483647];
                    let mut v: Vec<i64> = (0..rng.usize(1..=5))
                        .map(|_| pool[rng.usize(..pool.len())])
                        .collect();
                    v.sort_unstable();
                    v.dedup();
                    v.iter().map(i64::to_string).collect()
                } else {
                    let n = rng.usize(1..=6);
                    distinct(rng, NAMES, n)
                        .iter()
                        .map(|s| (*s).to_owned())
                        .collect()
                };
                let values = values
                    .into_iter()
                    .map(|w| {
                        let n = scope.claim(&w, names::camel);
                        (w, n)
                    })
                    .collect();
                enums.push(EnumG {
                    spec: spec.clone(),
                    name,
                    int,
                    values,
                });
            }
        }
        let mut t = Types { models, enums };
        // Every later model and every enum is a field of an earlier model.
        let hangs: Vec<Ty> = (1..n_models)
            .map(Ty::Model)
            .chain((0..n_enums).map(Ty::Enum))
            .collect();
        let mut scopes: Vec<Scope> = (0..n_models).map(|_| Scope::new(&[])).collect();
        for ty in hangs {
            let owner = match ty {
                Ty::Model(j) if rng.u8(..3) > 0 => j - 1,
                Ty::Model(j) => rng.usize(..j),
                _ => rng.usize(..n_models),
            };
            let ty = wrapped(rng, ty);
            t.add_field(rng, owner, &mut scopes[owner], ty);
        }
        for (m, scope) in scopes.iter_mut().enumerate() {
            for _ in 0..rng.usize(0..=5) {
                let ty = scalar(rng);
                let ty = wrapped(rng, ty);
                t.add_field(rng, m, scope, ty);
            }
        }
        t
    }

    fn add_field(&mut self, rng: &mut Rng, model: usize, scope: &mut Scope, ty: Ty) {
        let taken: Vec<&str> = self.models[model]
            .fields
            .iter()
            .map(|f| f.wire.as_str())
            .collect();
        let wire = (0..20)
            .map(|_| pick(rng, NAMES))
            .find(|w| !taken.contains(w))
            .map_or_else(|| format!("f{}", taken.len()), str::to_owned);
        let name = scope.claim(&wire, names::snake);
        let optional = rng.u8(..4) > 0;
        let nullable = rng.u8(..5) == 0;
        let lenient = match ty {
            _ if nullable => None,
            Ty::I64 if rng.u8(..3) == 0 => Some("string-as-number"),
            Ty::Str if rng.u8(..4) == 0 => Some("number-as-string"),
            Ty::Str if optional && !nullable && rng.u8(..3) == 0 => Some("empty-string-as-absent"),
            _ => None,
        };
        self.models[model].fields.push(FieldG {
            wire,
            ty,
            optional,
            nullable,
            name,
            lenient,
        });
    }

    /// A field of model 0 by a fixed wire name (the pagination's), when it is free.
    fn add_fixed(&mut self, wire: &str, ty: Ty) -> bool {
        if self.models[0].fields.iter().any(|f| f.wire == wire) {
            return false;
        }
        self.models[0].fields.push(FieldG {
            wire: wire.into(),
            ty,
            optional: true,
            nullable: false,
            name: None,
            lenient: None,
        });
        true
    }

    /// A waiter on an enum field of the response whose name a path can spell: the first value
    /// is success, the others failure or pending in turn.
    fn waiter(&self) -> Option<Value> {
        let (f, e) = self.models[0].fields.iter().find_map(|f| match f.ty {
            Ty::Enum(e)
                if !f.wire.is_empty()
                    && f.wire
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_') =>
            {
                Some((f, &self.enums[e]))
            }
            _ => None,
        })?;
        let value = |w: &str| {
            if e.int {
                json!(w.parse::<i64>().expect("an int enum value"))
            } else {
                json!(w)
            }
        };
        let (mut failure, mut pending) = (Vec::new(), Vec::new());
        for (i, (w, _)) in e.values.iter().enumerate().skip(1) {
            if i % 2 == 1 {
                failure.push(value(w));
            } else {
                pending.push(value(w));
            }
        }
        Some(json!({
            "path": f.wire,
            "success": [value(&e.values[0].0)],
            "failure": failure,
            "pending": pending,
        }))
    }

    fn spec_type(&self, ty: &Ty) -> String {
        match ty {
            Ty::Str => "string".into(),
            Ty::I32 => "i32".into(),
            Ty::I64 => "i64".into(),
            Ty::U64 => "u64".into(),
            Ty::Bool => "bool".into(),
            Ty::F64 => "f64".into(),
            Ty::Json => "json".into(),
            Ty::Model(i) => self.models[*i].spec.clone(),
            Ty::Enum(i) => self.enums[*i].spec.clone(),
            Ty::List(t) => format!("list<{}>", self.spec_type(t)),
            Ty::Map(t) => format!("map<string, {}>", self.spec_type(t)),
        }
    }

    fn field_type(&self, f: &FieldG) -> String {
        let mut t = self.spec_type(&f.ty);
        if f.nullable {
            t = format!("nullable<{t}>");
        }
        if f.optional {
            t = format!("optional<{t}>");
        }
        t
    }

    fn defs(&self, rng: &mut Rng) -> Value {
        let mut out = Map::new();
        for m in &self.models {
            let mut fields = Map::new();
            for f in &m.fields {
                let mut fv = json!({"type": self.field_type(f), "doc": doc(rng)});
                if rng.u8(..10) == 0 {
                    fv["deprecated"] = json!("the vendor says it will go");
                }
                if f.optional && rng.u8(..10) == 0 {
                    fv["sensitive"] = json!(true);
                }
                if !f.optional && !f.nullable {
                    fv["promised"] = json!("required in every example of the doc");
                }
                if let Some(n) = &f.name {
                    fv["name"] = json!(n);
                }
                if let Some(l) = f.lenient {
                    fv["lenient"] = json!(l);
                }
                fields.insert(f.wire.clone(), fv);
            }
            let mut d = json!({"doc": doc(rng), "fields": fields});
            if let Some(n) = &m.name {
                d["name"] = json!(n);
            }
            out.insert(m.spec.clone(), d);
        }
        for e in &self.enums {
            let mut values = Map::new();
            for (w, n) in &e.values {
                let mut v = json!({"doc": doc(rng)});
                if rng.u8(..8) == 0 {
                    v["deprecated"] = json!("no longer sent");
                }
                if let Some(n) = n {
                    v["name"] = json!(n);
                }
                values.insert(w.clone(), v);
            }
            let mut d = json!({
                "doc": doc(rng),
                "enum": if e.int { "int" } else { "string" },
                "values": values,
            });
            if let Some(n) = &e.name {
                d["name"] = json!(n);
            }
            out.insert(e.spec.clone(), d);
        }
        Value::Object(out)
    }

    /// A value of `ty`, as the doc's example would show it.
    fn value(&self, rng: &mut Rng, ty: &Ty) -> Value {
        match ty {
            Ty::Str => json!(pick(rng, TEXTS)),
            Ty::I32 => json!([i32::MIN, -1, 0, 7, i32::MAX][rng.usize(..5)]),
            Ty::I64 => json!([i64::MIN, -99, 0, 1, i64::MAX][rng.usize(..5)]),
            Ty::U64 => json!([0, 1, u64::MAX][rng.usize(..3)]),
            Ty::Bool => json!(rng.bool()),
            Ty::F64 => json!([0.5, -1.25, 0.0, 1e10][rng.usize(..4)]),
            Ty::Json => json!([null, 1, "two", {"k": [true]}])[rng.usize(..4)].take(),
            Ty::Model(i) => {
                let mut obj = Map::new();
                for f in &self.models[*i].fields {
                    if f.optional && rng.u8(..4) == 0 {
                        continue;
                    }
                    let v = match f.lenient {
                        _ if f.nullable && rng.u8(..3) == 0 => Value::Null,
                        Some("string-as-number") if rng.bool() => json!("-12"),
                        Some("number-as-string") if rng.bool() => json!(12.5),
                        Some("empty-string-as-absent") if rng.bool() => json!(""),
                        _ => self.value(rng, &f.ty),
                    };
                    obj.insert(f.wire.clone(), v);
                }
                Value::Object(obj)
            }
            Ty::Enum(i) => {
                let e = &self.enums[*i];
                let (w, _) = &e.values[rng.usize(..e.values.len())];
                if e.int {
                    json!(w.parse::<i64>().expect("an int enum value"))
                } else {
                    json!(w)
                }
            }
            Ty::List(t) => {
                Value::Array((0..rng.usize(0..=2)).map(|_| self.value(rng, t)).collect())
            }
            Ty::Map(t) => {
                json!({"k": self.value(rng, t), "状态": self.value(rng, t)})
            }
        }
    }
}

/// `ty` inside up to three lists and maps (`list<map<string, list<T>>>`).
fn wrapped(rng: &mut Rng, mut ty: Ty) -> Ty {
    for _ in 0..rng.usize(0..=3) {
        ty = match rng.u8(..3) {
            0 => Ty::List(Box::new(ty)),
            1 => Ty::Map(Box::new(ty)),
            _ => break,
        };
    }
    ty
}

fn scalar(rng: &mut Rng) -> Ty {
    match rng.u8(..8) {
        0 => Ty::Str,
        1 => Ty::I32,
        2 => Ty::I64,
        3 => Ty::U64,
        4 => Ty::Bool,
        5 => Ty::F64,
        6 => Ty::Json,
        _ => Ty::List(Box::new(Ty::Str)),
    }
}

fn doc(rng: &mut Rng) -> String {
    format!(
        "{} {}",
        pick(rng, TEXTS),
        pick(rng, &["说明", "A doc.", "`code`", "[link]"])
    )
}

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
enum Envelope {
    CodeMessage,
    CodeStatus,
    Plain,
}

impl Envelope {
    fn spec(self) -> Value {
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

    fn success(self, data: Value) -> Value {
        match self {
            Envelope::CodeMessage => json!({"code": 0, "message": "ok", "data": data}),
            Envelope::CodeStatus => {
                json!({"code": 200, "status": "success", "message": "success", "data": data})
            }
            Envelope::Plain => data,
        }
    }

    /// An error row's spec, by a number that makes its code unique.
    fn row(self, n: i64) -> Value {
        match self {
            Envelope::Plain => json!({"code": format!("R.{n}"), "http_status": 400}),
            _ => json!({"code": n}),
        }
    }

    /// The doc's example of row `n`, and its HTTP status.
    fn failure(self, n: i64) -> (Value, u16) {
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
fn operation(
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

/// A random valid tree of one vendor (`vendor`, a folder name) as (path under `specs/`, text).
pub fn tree(seed: u64, vendor: &str) -> Vec<(String, String)> {
    let mut rng = Rng::with_seed(seed);
    // The vendor-wide row is a variant of every operation's error kind.
    let mut vendor_rows = Scope::new(&["Unhandled"]);
    vendor_rows.claim("type", names::camel);
    let envelope = [Envelope::CodeMessage, Envelope::CodeStatus, Envelope::Plain][rng.usize(..3)];
    let env = |c: &str| format!("{}_{c}", vendor.to_uppercase());
    let scheme = rng.u8(..3);
    let (credentials, auth) = if scheme == 0 {
        (
            json!({
                "access_key": {"env": env("ACCESS_KEY")},
                "secret_key": {"env": env("SECRET_KEY"), "sensitive": true},
            }),
            json!([{"scheme": "ws3-hmac-sha256", "uses": ["access_key", "secret_key"]}]),
        )
    } else if scheme == 1 {
        (
            json!({"token": {"env": env("TOKEN"), "sensitive": true}}),
            json!([{"scheme": "huawei-token", "uses": ["token"]}]),
        )
    } else {
        (
            json!({
                "user_id": {"env": env("USER_ID")},
                "secret_key": {"env": env("SECRET_KEY"), "sensitive": true},
            }),
            json!([{"scheme": "polyv-sha1-sign", "max_clock_skew_seconds": 180, "uses": ["secret_key"]}]),
        )
    };
    let mut vendor_row = envelope.row(7);
    vendor_row["doc"] = json!("类型错误");
    let mut vendor_file = json!({
        "vendor": vendor,
        "title": format!("随机 {vendor}"),
        "doc": "A vendor drawn at random by the generator's property tests.",
        "base_url": "https://api.random.test",
        "credentials": credentials,
        "auth": auth,
        "envelope": envelope.spec(),
        "errors": {"type": vendor_row},
    });
    if rng.bool() {
        vendor_file["base_url"] = json!("https://api.{region}.random.test");
        vendor_file["regions"] = json!({"cn-north-4": {}, "ap-1": {"base_url": "https://ap.random.test", "doc": "亚太"}});
        vendor_file["credentials"]["region"] =
            json!({"env": env("REGION"), "doc": "Picks the endpoint."});
    }
    if rng.bool() {
        vendor_file["rate_limit"] =
            json!({"requests": 100, "per_seconds": 10, "scope": "client-ip", "doc": "限流"});
    }
    let mut files = vec![(
        format!("{vendor}/vendor.yaml"),
        serde_json::to_string_pretty(&vendor_file).expect("JSON prints") + "\n",
    )];
    let mut ops = Vec::new();
    let mut modules = HashSet::new();
    let n_ops = rng.usize(1..=4);
    for stem in distinct(&mut rng, OPERATIONS, n_ops) {
        let module = names::snake(stem);
        if names::CLIENT_ITEMS.contains(&module.as_str()) || !modules.insert(module) {
            continue;
        }
        let service = ["svc", "other"][rng.usize(..2)];
        let mut errors = Scope {
            taken: vendor_rows.taken.clone(),
        };
        let text = operation(&mut rng, stem, &mut errors, envelope, scheme == 2);
        ops.push((format!("{vendor}/{service}/{stem}.yaml"), text));
    }
    ops.sort();
    files.extend(ops);
    files
}
