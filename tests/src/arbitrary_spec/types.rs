//! An operation's random types: models nested deep inside lists and maps, enums with hard
//! values, and the JSON values that fit them.

use std::collections::HashSet;

use fastrand::Rng;
use serde_json::{Map, Value, json};
use vodspec_codegen::names;

use super::{NAMES, TEXTS, TYPE_NAMES, distinct, pick};

/// A type of the generated tree.
#[derive(Debug, Clone)]
pub(super) enum Ty {
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
pub(super) struct FieldG {
    pub(super) wire: String,
    pub(super) ty: Ty,
    pub(super) optional: bool,
    pub(super) nullable: bool,
    pub(super) name: Option<String>,
    /// The lenient decoder, whose drift the examples then show.
    pub(super) lenient: Option<&'static str>,
}

#[derive(Debug)]
pub(super) struct ModelG {
    pub(super) spec: String,
    pub(super) name: Option<String>,
    pub(super) fields: Vec<FieldG>,
}

#[derive(Debug)]
pub(super) struct EnumG {
    pub(super) spec: String,
    pub(super) name: Option<String>,
    pub(super) int: bool,
    /// (wire value, `name:` override).
    pub(super) values: Vec<(String, Option<String>)>,
}

/// Rust names already taken in one scope, and how to make a fresh one.
pub(super) struct Scope {
    pub(super) taken: HashSet<String>,
}

impl Scope {
    pub(super) fn new(reserved: &[&str]) -> Self {
        Scope {
            taken: reserved.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    /// Claims the Rust name `rust(wire)`; when it is taken, the `name:` override a spec writer
    /// would set, spelled as `rust` spells names (fresh under `rust` too).
    pub(super) fn claim(&mut self, wire: &str, rust: fn(&str) -> String) -> Option<String> {
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

/// One operation's types: model 0 is the response; each later model hangs off an earlier one,
/// so models nest as deep as there are of them, and every type is used.
pub(super) struct Types {
    pub(super) models: Vec<ModelG>,
    pub(super) enums: Vec<EnumG>,
}

impl Types {
    pub(super) fn generate(rng: &mut Rng, prefix: &str) -> Types {
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

    pub(super) fn add_field(&mut self, rng: &mut Rng, model: usize, scope: &mut Scope, ty: Ty) {
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
    pub(super) fn add_fixed(&mut self, wire: &str, ty: Ty) -> bool {
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
    pub(super) fn waiter(&self) -> Option<Value> {
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

    pub(super) fn spec_type(&self, ty: &Ty) -> String {
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

    pub(super) fn field_type(&self, f: &FieldG) -> String {
        let mut t = self.spec_type(&f.ty);
        if f.nullable {
            t = format!("nullable<{t}>");
        }
        if f.optional {
            t = format!("optional<{t}>");
        }
        t
    }

    pub(super) fn defs(&self, rng: &mut Rng) -> Value {
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
    pub(super) fn value(&self, rng: &mut Rng, ty: &Ty) -> Value {
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

pub(super) fn doc(rng: &mut Rng) -> String {
    format!(
        "{} {}",
        pick(rng, TEXTS),
        pick(rng, &["说明", "A doc.", "`code`", "[link]"])
    )
}
