//! The safety net under the rules: every IR fact of the crate, a vendor and an operation,
//! compared, so a change no rule reads is still reported, even beside changes that rules did
//! report in the same operation.
//!
//! A fact has a place (`params[taskId].sensitive`) and a kind (`params.sensitive`, the place
//! without the keys). Each rule says which kinds it reads ([`Rule::reads`]); a fact that differs
//! is unclassified when no rule that fired in its scope (or its vendor's) reads its kind.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{
    Credential, Enum, ErrorRow, Field, Ir, Model, Operation, Param, Variant, Vendor, Waiter,
};

use super::{Cx, Rule};

/// Each fact's place → (its kind, its text).
pub(super) type Facts = BTreeMap<String, (String, String)>;

/// What an element present in a list shows: its facts are compared only when both sides have it.
const PRESENT: &str = "present";

fn join(a: &str, b: &str) -> String {
    if a.is_empty() {
        b.to_owned()
    } else {
        format!("{a}.{b}")
    }
}

/// Puts the fields of a struct, destructured exhaustively so that a field added to the IR
/// cannot be left out, at `$at` with kind `$kind`; the `nested` ones are handed back to the
/// caller, which puts their own facts.
macro_rules! put {
    ($out:expr, $at:expr, $kind:expr, $v:expr => $ty:ident { $($f:ident),* $(,)? }) => {
        put!($out, $at, $kind, $v => $ty { $($f),* } other)
    };
    ($out:expr, $at:expr, $kind:expr, $v:expr => $ty:ident { $($f:ident),* $(,)? }
        nested $($n:ident),*) => {{
        let $ty { $($n,)* .. } = $v;
        put!($out, $at, $kind, $v => $ty { $($f),* } other $($n),*);
        ($($n,)*)
    }};
    ($out:expr, $at:expr, $kind:expr, $v:expr => $ty:ident { $($f:ident),* }
        other $($n:ident),*) => {{
        let $ty { $($f,)* $($n: _,)* } = $v;
        $(
            $out.insert(
                join($at, stringify!($f)),
                (join($kind, stringify!($f)), format!("{:?}", $f)),
            );
        )*
    }};
}

/// Marks the element `key` of the list at `at` present; its place, for its own facts.
fn element(out: &mut Facts, at: &str, kind: &str, key: &str) -> String {
    let place = format!("{at}[{key}]");
    out.insert(place.clone(), (kind.to_owned(), PRESENT.to_owned()));
    place
}

fn error_facts(out: &mut Facts, at: &str, kind: &str, rows: &[ErrorRow]) {
    for r in rows {
        let place = element(out, at, kind, &r.name);
        put!(out, &place, kind, r => ErrorRow {
            name, ident, code, message, http_status, doc, auth, vendor_wide,
        });
    }
}

/// The params the client fills (signatures, credentials) are the vendor's auth as each
/// operation carries it: a kind of their own, read by the vendor's auth and credential rules.
fn param_facts(out: &mut Facts, p: &Param) {
    let kind = if p.fill.is_some() {
        "auth_params"
    } else {
        "params"
    };
    let place = element(out, "params", kind, &p.wire);
    put!(out, &place, kind, p => Param {
        wire, ident, cli_flag, location, ty, required, fill, doc, default, limits, format, style,
        encoding, sensitive, deprecated,
    });
}

fn model_facts(out: &mut Facts, m: &Model) {
    let place = element(out, "models", "models", &m.name);
    let (fields,) =
        put!(out, &place, "models", m => Model { ident, name, doc, request } nested fields);
    let at = format!("{place}.fields");
    for f in fields {
        let place = element(out, &at, "models.fields", &f.wire);
        put!(out, &place, "models.fields", f => Field {
            wire, ident, ty, doc, lenient, format, sensitive, deprecated, limits,
        });
    }
}

fn enum_facts(out: &mut Facts, e: &Enum) {
    let place = element(out, "enums", "enums", &e.ident);
    let (variants,) =
        put!(out, &place, "enums", e => Enum { ident, doc, wire, depends_on } nested variants);
    let at = format!("{place}.variants");
    for v in variants {
        let place = element(out, &at, "enums.variants", &v.wire);
        put!(out, &place, "enums.variants", v => Variant {
            wire, ident, doc, meanings, undocumented, deprecated,
        });
    }
}

fn waiter_facts(out: &mut Facts, w: &Option<Waiter>) {
    if let Some(w) = w {
        out.insert("waiter".into(), ("waiter".into(), PRESENT.into()));
        put!(out, "waiter", "waiter", w => Waiter {
            path, enum_ident, success, failure, pending, errors, ids, doc,
        });
    }
}

/// The crate's own facts (its vendors are compared one by one).
pub(super) fn crate_facts(ir: &Ir) -> Facts {
    let mut out = Facts::new();
    let _vendors = put!(out, "", "", ir => Ir { crate_name } nested vendors);
    out
}

/// Every fact of a vendor but its operations (compared one by one).
pub(super) fn vendor_facts(v: &Vendor) -> Facts {
    let mut out = Facts::new();
    // `crates` follows from the layout, the operations' features and the crate's name, all
    // compared.
    let (credentials, errors, _operations, _crates) = put!(out, "", "", v => Vendor {
        id, module, spec_file, title, doc, sources, base_url, regions, auth, envelope,
        rate_limit, notes, layout,
    } nested credentials, errors, operations, crates);
    for c in credentials {
        let place = element(&mut out, "credentials", "credentials", &c.name);
        put!(out, &place, "credentials", c => Credential {
            name, ident, env, sensitive, optional, doc,
        });
    }
    error_facts(&mut out, "errors", "errors", errors);
    out
}

/// Every fact of an operation. The vendor's own error rows each operation carries are the
/// vendor's facts, compared there.
pub(super) fn operation_facts(o: &Operation) -> Facts {
    let mut out = Facts::new();
    let (params, models, enums, errors, waiter) = put!(out, "", "", o => Operation {
        name, ident, prefix, request_ident, input_ident, error_ident, kind_ident, spec_file,
        service, feature, summary, doc, source, method, also_accepts, idempotent, path, body, rules, response,
        pagination, creates, cancels, callback, rate_limit, examples, notes, deprecated,
    } nested params, models, enums, errors, waiter);
    for p in params {
        param_facts(&mut out, p);
    }
    for m in models {
        model_facts(&mut out, m);
    }
    for e in enums {
        enum_facts(&mut out, e);
    }
    let own: Vec<ErrorRow> = errors.iter().filter(|r| !r.vendor_wide).cloned().collect();
    error_facts(&mut out, "errors", "errors", &own);
    waiter_facts(&mut out, waiter);
    out
}

/// The places whose facts differ, with their kinds. A fact inside an element one side lacks is
/// not compared: the element's presence says it.
pub(super) fn differing(old: &Facts, new: &Facts) -> Vec<(String, String)> {
    let places: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    let mut out = Vec::new();
    for place in places {
        let (o, n) = (old.get(place), new.get(place));
        let (kind, present_in_one) = match (o, n) {
            (Some(a), Some(b)) if a == b => continue,
            (Some(a), Some(_)) => (&a.0, false),
            (Some(a), None) | (None, Some(a)) => (&a.0, true),
            (None, None) => continue,
        };
        let element = place.ends_with(']') || place == "waiter";
        if present_in_one && (!element || in_absent(place, old, new)) {
            continue;
        }
        out.push((place.clone(), kind.clone()));
    }
    out
}

/// Whether `place` is inside an element that one side lacks (`models[A].fields[b]` when
/// model `A` is new): the element's own presence says it.
fn in_absent(place: &str, old: &Facts, new: &Facts) -> bool {
    place[..place.len() - 1]
        .match_indices(']')
        .map(|(i, _)| &place[..=i])
        .any(|outer| !(old.contains_key(outer) && new.contains_key(outer)))
}

/// Whether a rule that reads `read` reads facts of `kind` (`auth_params.*`: all of them).
fn reads(read: &str, kind: &str) -> bool {
    match read.strip_suffix('*') {
        Some(prefix) => kind.starts_with(prefix) || Some(kind) == prefix.strip_suffix('.'),
        None => read == kind,
    }
}

/// The safety net: each fact of a scope that differs and that no rule fired since `found_before`
/// reads is reported, as potentially breaking, naming the places. An empty comparison thus
/// always means the same generated crate.
pub(super) fn unclassified(
    cx: &mut Cx<'_>,
    found_before: usize,
    item: String,
    old: &Facts,
    new: &Facts,
) {
    // The vendor's own changes reach into each operation (its auth params, say).
    let scope = cx.out[..cx.vendor_found.min(found_before)]
        .iter()
        .chain(&cx.out[found_before..]);
    let fired: BTreeSet<&str> = scope
        .filter_map(|c| Rule::by_name(c.rule))
        .flat_map(|r| r.reads().iter().copied())
        .collect();
    let left: Vec<String> = differing(old, new)
        .into_iter()
        .filter(|(_, kind)| !fired.iter().any(|r| reads(r, kind)))
        .map(|(place, _)| place)
        .collect();
    if !left.is_empty() {
        cx.push(
            Rule::Unclassified,
            item,
            format!(
                "a change no rule classifies, in: {}; read the generated diff",
                left.join(", ")
            ),
        );
    }
}
