//! Every constraint of a descriptor, checked on the caller's values before anything is sent.

use crate::error::{BuildError, Checker, ViolationKind};
use crate::request::{Location, is_path_segment};

use super::{Limits, OperationDesc, ParamDesc, Value};

/// Checks every constraint of `desc` on `values` (the caller params' values), reporting every
/// violation, each by its path (`thumbnail_para.dots[3]`).
pub fn check(desc: &OperationDesc, values: &[Value<'_>]) -> Result<(), BuildError> {
    let mut c = Checker::new(desc.name);
    let caller: Vec<&ParamDesc> = desc.caller_params().collect();
    for (p, v) in caller.iter().zip(values) {
        if p.location == Location::Header {
            let items = match v {
                Value::List(items) => items.as_slice(),
                one => std::slice::from_ref(one),
            };
            for item in items {
                if let Value::Text(s) = item
                    && !is_header_text(s)
                {
                    c.fail(p.wire, ViolationKind::NotHeaderText);
                }
            }
        }
        if p.location == Location::Path
            && let Value::Text(s) = v
            && !is_path_segment(s)
        {
            c.fail(p.wire, ViolationKind::NotPathSegment);
        }
        check_value(&mut c, p.wire, &p.limits, v);
    }
    for group in desc.at_least_one_of {
        let any = group
            .iter()
            .any(|i| values.get(*i).is_some_and(Value::is_set));
        if !any {
            let wires: Vec<&'static str> = group
                .iter()
                .filter_map(|i| caller.get(*i).map(|p| p.wire))
                .collect();
            c.none_of(wires);
        }
    }
    c.finish(Some(()))
}

/// One value at `path` against its limits; a list's items and a model's fields by their own
/// paths.
fn check_value(c: &mut Checker, path: &str, limits: &Limits, v: &Value<'_>) {
    if limits.required && !v.is_set() {
        c.fail(path, ViolationKind::Missing);
    }
    match v {
        Value::List(items) => {
            if let Some(max) = limits.max_items {
                c.items(path, items.len(), max);
            }
            let each = Limits {
                required: false,
                max_items: None,
                ..*limits
            };
            for (i, item) in items.iter().enumerate() {
                check_value(c, &format!("{path}[{i}]"), &each, item);
            }
        }
        Value::Object(o) => {
            for (f, fv) in o.fields() {
                check_value(c, &format!("{path}.{}", f.wire), &f.limits, fv);
            }
        }
        Value::Text(s) if limits.min_length.is_some() || limits.max_length.is_some() => {
            c.length(path, s, limits.min_length, limits.max_length);
        }
        Value::Int(i) if limits.minimum.is_some() || limits.maximum.is_some() => {
            c.range(path, *i, limits.minimum, limits.maximum);
        }
        _ => {}
    }
}

/// What an HTTP header value can carry: visible ASCII, spaces and tabs.
pub fn is_header_text(s: &str) -> bool {
    s.bytes().all(|b| b == b'\t' || (b' '..=b'~').contains(&b))
}
