//! Does a JSON value fit a spec type? Used for the doc's examples and for `default`s, with the
//! leniency the spec declares, so a spec cannot describe a model its own doc does not fit.

use std::collections::HashMap;
use std::fmt::Write;

use indexmap::IndexMap;
use serde_json::Value;

use crate::spec::{EnumWire, Lenient, TypeDef};
use crate::type_expr::{Prim, TypeExpr};

/// The types of one operation, with every field type already parsed.
pub(crate) struct Types<'a> {
    pub defs: &'a IndexMap<String, TypeDef>,
    /// `(type name, field wire name)` → parsed type; fields whose type did not parse are absent.
    pub fields: &'a HashMap<(String, String), TypeExpr>,
}

pub(crate) use vodspec_envelope::kind;

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s
    }
}

/// Parses an integer from a JSON number, or from a string when `lenient` allows it.
fn as_int(v: &Value, lenient: Option<Lenient>) -> Option<i128> {
    match v {
        Value::Number(n) => n
            .as_i64()
            .map(i128::from)
            .or_else(|| n.as_u64().map(i128::from)),
        Value::String(s) if lenient == Some(Lenient::StringAsNumber) => s.trim().parse().ok(),
        _ => None,
    }
}

impl Types<'_> {
    /// Checks `v` against `t`; appends one message per mismatch, each starting with its JSON path.
    pub fn check(
        &self,
        v: &Value,
        t: &TypeExpr,
        lenient: Option<Lenient>,
        at: &str,
        errs: &mut Vec<String>,
    ) {
        let mut fail = |msg: String| errs.push(format!("{at}: {msg}"));
        match t {
            TypeExpr::Optional(inner) => {
                if lenient == Some(Lenient::EmptyStringAsAbsent) && v.as_str() == Some("") {
                    return;
                }
                self.check(v, inner, lenient, at, errs)
            }
            TypeExpr::Nullable(inner) => {
                if !v.is_null() {
                    self.check(v, inner, lenient, at, errs)
                }
            }
            TypeExpr::List(inner) => match v.as_array() {
                Some(items) => {
                    for (i, item) in items.iter().enumerate() {
                        self.check(item, inner, lenient, &format!("{at}[{i}]"), errs);
                    }
                }
                None => fail(format!("expected a list, found {}", kind(v))),
            },
            TypeExpr::Map(inner) => match v.as_object() {
                Some(obj) => {
                    for (k, item) in obj {
                        self.check(item, inner, lenient, &format!("{at}.{k}"), errs);
                    }
                }
                None => fail(format!("expected an object, found {}", kind(v))),
            },
            TypeExpr::Prim(p) => {
                if let Some(m) = prim_mismatch(v, *p, lenient) {
                    fail(m)
                }
            }
            TypeExpr::Named(name) => {
                let Some(def) = self.defs.get(name) else {
                    return; // reported as unresolved-type
                };
                if let Some(wire) = def.enum_type {
                    if let Some(m) = enum_mismatch(v, name, def, wire, lenient) {
                        fail(m)
                    }
                } else if let Some(fields) = &def.fields {
                    let Some(obj) = v.as_object() else {
                        return fail(format!("expected a `{name}` object, found {}", kind(v)));
                    };
                    for (fname, field) in fields {
                        let Some(ft) = self.fields.get(&(name.clone(), fname.clone())) else {
                            continue;
                        };
                        match obj.get(fname) {
                            Some(fv) => self.check(fv, ft, field.lenient, &format!("{at}.{fname}"), errs),
                            None if !matches!(ft, TypeExpr::Optional(_)) => errs.push(format!(
                                "{at}: required field `{fname}` of `{name}` is missing; if the vendor may omit it, make its type `optional<{ft}>`"
                            )),
                            None => {}
                        }
                    }
                    for key in obj.keys() {
                        if !fields.contains_key(key) {
                            errs.push(format!(
                                "{at}.{key}: `{name}` has no field `{key}`; add it to the model (the doc's example shows it)"
                            ));
                        }
                    }
                }
            }
        }
    }
}

fn prim_mismatch(v: &Value, p: Prim, lenient: Option<Lenient>) -> Option<String> {
    let ok = match p {
        Prim::Json => true,
        Prim::Bool => v.is_boolean(),
        Prim::F64 => v.is_number(),
        Prim::String => {
            v.is_string() || (v.is_number() && lenient == Some(Lenient::NumberAsString))
        }
        _ => {
            let (lo, hi) = p.int_range()?;
            return match as_int(v, lenient) {
                Some(i) if i < lo || i > hi => Some(format!("{i} does not fit in {}", p.name())),
                Some(_) => None,
                None => Some(format!(
                    "expected {} ({}), found {} {}{}",
                    "an integer",
                    p.name(),
                    kind(v),
                    short(v),
                    if v.is_string() {
                        "; if the vendor sends digits as text, declare `lenient: string-as-number`"
                    } else {
                        ""
                    }
                )),
            };
        }
    };
    if ok {
        return None;
    }
    let hint = if p == Prim::String && v.is_number() {
        "; if the doc says string but the vendor sends a number, declare `lenient: number-as-string`"
    } else {
        ""
    };
    Some(format!(
        "expected {}, found {} {}{hint}",
        p.name(),
        kind(v),
        short(v)
    ))
}

fn enum_mismatch(
    v: &Value,
    name: &str,
    def: &TypeDef,
    wire: EnumWire,
    lenient: Option<Lenient>,
) -> Option<String> {
    let values = def.values.as_ref()?;
    let found = match wire {
        EnumWire::String => match v {
            Value::String(s) => s.clone(),
            Value::Number(n) if lenient == Some(Lenient::NumberAsString) => n.to_string(),
            _ => {
                return Some(format!(
                    "expected a string value of enum `{name}`, found {} {}",
                    kind(v),
                    short(v)
                ));
            }
        },
        EnumWire::Int => match as_int(v, lenient) {
            Some(i) => i.to_string(),
            None => {
                return Some(format!(
                    "expected an integer value of enum `{name}`, found {} {}",
                    kind(v),
                    short(v)
                ));
            }
        },
    };
    let known = values.keys().any(|k| match wire {
        EnumWire::String => *k == found,
        EnumWire::Int => {
            k.trim().parse::<i128>().ok().map(|i| i.to_string()) == Some(found.clone())
        }
    });
    if known {
        return None;
    }
    let mut listed = String::new();
    for (i, k) in values.keys().enumerate() {
        let _ = write!(listed, "{}{k}", if i > 0 { ", " } else { "" });
    }
    Some(format!(
        "`{found}` is not a value of enum `{name}` (values: {listed}); if the doc's example shows a value its table leaves out, add it with `undocumented: true` and a note"
    ))
}
