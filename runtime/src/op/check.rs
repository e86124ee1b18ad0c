//! Every constraint of a descriptor, checked on the caller's values before anything is sent.

use crate::error::{BuildError, Checker, ViolationKind};
use crate::request::Location;

use super::{OperationDesc, ParamDesc, Value};

/// Checks every constraint of `desc` on `values` (the caller params' values), reporting every
/// violation.
pub fn check(desc: &OperationDesc, values: &[Value<'_>]) -> Result<(), BuildError> {
    let mut c = Checker::new(desc.name);
    let caller: Vec<&ParamDesc> = desc.caller_params().collect();
    for (p, v) in caller.iter().zip(values) {
        if p.required && !v.is_set() {
            c.fail(p.wire, ViolationKind::Missing);
        }
        if let (Some(max), Value::List(items)) = (p.max_items, v) {
            c.items(p.wire, items.len(), max);
        }
        let items = match v {
            Value::List(items) => items.as_slice(),
            one => std::slice::from_ref(one),
        };
        for item in items {
            if p.location == Location::Header
                && let Value::Text(s) = item
                && !is_header_text(s)
            {
                c.fail(p.wire, ViolationKind::NotHeaderText);
            }
            match item {
                Value::Text(s) if p.min_length.is_some() || p.max_length.is_some() => {
                    c.length(p.wire, s, p.min_length, p.max_length);
                }
                Value::Int(i) if p.minimum.is_some() || p.maximum.is_some() => {
                    c.range(p.wire, *i, p.minimum, p.maximum);
                }
                _ => {}
            }
        }
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

/// What an HTTP header value can carry: visible ASCII, spaces and tabs.
pub fn is_header_text(s: &str) -> bool {
    s.bytes().all(|b| b == b'\t' || (b' '..=b'~').contains(&b))
}
