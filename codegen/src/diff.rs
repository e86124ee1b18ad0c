//! What a spec change does to the users of the generated crate: two lowered trees compared by
//! vendor, operation, param, field, enum value, error row, waiter, pagination, auth, envelope and
//! base URL — never by text lines — each change classified and named by the Rust item it
//! affects.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use serde::Serialize;

use crate::ir::{self, Ir, Operation, Ty, Vendor};

/// How a change lands for users of the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Class {
    /// Code that compiled or worked may not any more.
    Breaking,
    /// Code compiles, but may mean something else (an exhaustive `match`, a default).
    Potential,
    /// Nothing a user's code can notice but new things and text.
    Info,
}

impl Class {
    /// As the report says it.
    pub fn label(self) -> &'static str {
        match self {
            Class::Breaking => "breaking",
            Class::Potential => "potentially breaking",
            Class::Info => "informational",
        }
    }
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Its class.
    pub class: Class,
    /// The rule that classified it (`param-removed`).
    pub rule: &'static str,
    /// The vendor (spec id).
    pub vendor: String,
    /// The operation (spec name), when the change is in one.
    pub operation: Option<String>,
    /// The Rust item it affects (`vodspec::huaweicloud::list_thumbnails_task::ThumbTask::task_id`).
    pub item: String,
    /// What changed, in a sentence.
    pub what: String,
}

struct Cx<'a> {
    out: Vec<Change>,
    krate: &'a str,
    vendor: &'a str,
    module: &'a str,
    op: Option<&'a Operation>,
    first_op: Option<&'a Operation>,
}

impl Cx<'_> {
    fn path(&self, rest: &str) -> String {
        let mut p = format!("{}::{}", self.krate, self.module);
        if let Some(op) = self.op {
            p.push_str("::");
            p.push_str(op.ident.trim_start_matches("r#"));
        }
        if !rest.is_empty() {
            p.push_str("::");
            p.push_str(rest);
        }
        p
    }

    fn push(&mut self, class: Class, rule: &'static str, item: String, what: String) {
        self.out.push(Change {
            class,
            rule,
            vendor: self.vendor.to_owned(),
            operation: self.op.map(|o| o.name.clone()),
            item,
            what,
        });
    }
}

fn ty_name(t: &Ty) -> String {
    match t {
        Ty::Prim(p) => format!("{p:?}").to_lowercase(),
        Ty::Model(m) => m.clone(),
        Ty::Enum(e, _) => e.clone(),
        Ty::Optional(t) => format!("optional<{}>", ty_name(t)),
        Ty::Nullable(t) => format!("nullable<{}>", ty_name(t)),
        Ty::List(t) => format!("list<{}>", ty_name(t)),
        Ty::Map(t) => format!("map<string, {}>", ty_name(t)),
    }
}

/// A bound that moved: stricter is breaking on a request, looser is informational.
fn shown<T: std::fmt::Display>(v: Option<T>) -> String {
    v.map_or_else(|| "none".to_owned(), |v| v.to_string())
}

fn code(c: &Option<crate::spec::ErrorCode>) -> String {
    match c {
        Some(crate::spec::ErrorCode::Int(n)) => n.to_string(),
        Some(crate::spec::ErrorCode::Str(s)) => s.clone(),
        None => "none".into(),
    }
}

fn bound<T: PartialOrd + Copy + std::fmt::Display>(
    cx: &mut Cx<'_>,
    item: &str,
    what: &str,
    old: Option<T>,
    new: Option<T>,
    upper: bool,
) {
    if old == new {
        return;
    }
    let stricter = match (old, new) {
        (None, Some(_)) => true,
        (Some(_), None) => false,
        (Some(a), Some(b)) => (b < a) == upper,
        (None, None) => return,
    };
    let (class, rule) = if stricter {
        (Class::Breaking, "constraint-stricter")
    } else {
        (Class::Info, "constraint-looser")
    };
    let item = cx.path(item);
    cx.push(
        class,
        rule,
        item,
        format!("{what}: {} → {}", shown(old), shown(new)),
    );
}

fn text_changed(
    cx: &mut Cx<'_>,
    item: String,
    what: &str,
    old: &Option<String>,
    new: &Option<String>,
) {
    if old != new {
        cx.push(Class::Info, "docs", item, format!("{what} changed"));
    }
}

/// The enums a request param uses (the others are read from responses only).
fn request_enums(op: &Operation) -> BTreeSet<String> {
    op.params
        .iter()
        .filter_map(|p| match p.ty.core() {
            Ty::Enum(e, _) => Some(e.clone()),
            Ty::List(t) => match t.core() {
                Ty::Enum(e, _) => Some(e.clone()),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

/// The new param that keeps `p`'s Rust name under another wire name, when `p`'s wire name is
/// gone.
fn renamed_param<'a>(old: &Operation, new: &'a Operation, p: &ir::Param) -> Option<&'a ir::Param> {
    if new.params.iter().any(|n| n.wire == p.wire) {
        return None;
    }
    new.params
        .iter()
        .find(|n| n.ident == p.ident && !old.params.iter().any(|o| o.wire == n.wire))
}

fn params(cx: &mut Cx<'_>, old: &Operation, new: &Operation) {
    let req = new.request_ident.clone();
    for p in &old.params {
        if p.fill.is_some() {
            continue;
        }
        let item = format!("{req}::{}", p.ident.trim_start_matches("r#"));
        match new.params.iter().find(|n| n.wire == p.wire) {
            None => {
                let item = cx.path(&item);
                match renamed_param(old, new, p) {
                    // The setter stays; the request carries another name.
                    Some(n) => cx.push(
                        Class::Potential,
                        "param-wire-renamed",
                        item,
                        format!(
                            "param `{}` is sent as `{}` now (same setter)",
                            p.wire, n.wire
                        ),
                    ),
                    None => cx.push(
                        Class::Breaking,
                        "param-removed",
                        item,
                        format!("param `{}` removed", p.wire),
                    ),
                }
            }
            Some(n) => {
                let nitem = format!("{req}::{}", n.ident.trim_start_matches("r#"));
                if n.ident != p.ident {
                    let item = cx.path(&item);
                    cx.push(
                        Class::Breaking,
                        "rust-name-changed",
                        item,
                        format!("the setter of `{}` is `{}` now", p.wire, n.ident),
                    );
                }
                if n.ty != p.ty {
                    let item = cx.path(&nitem);
                    cx.push(
                        Class::Breaking,
                        "type-changed",
                        item,
                        format!("`{}`: `{}` → `{}`", p.wire, ty_name(&p.ty), ty_name(&n.ty)),
                    );
                }
                if n.required != p.required {
                    let (class, rule, what) = if n.required {
                        (Class::Breaking, "param-required", "is required now")
                    } else {
                        (Class::Info, "param-optional", "is optional now")
                    };
                    let item = cx.path(&nitem);
                    cx.push(class, rule, item, format!("`{}` {what}", p.wire));
                }
                bound(
                    cx,
                    &nitem,
                    &format!("`{}` max_length", p.wire),
                    p.max_length,
                    n.max_length,
                    true,
                );
                bound(
                    cx,
                    &nitem,
                    &format!("`{}` min_length", p.wire),
                    p.min_length,
                    n.min_length,
                    false,
                );
                bound(
                    cx,
                    &nitem,
                    &format!("`{}` maximum", p.wire),
                    p.maximum,
                    n.maximum,
                    true,
                );
                bound(
                    cx,
                    &nitem,
                    &format!("`{}` minimum", p.wire),
                    p.minimum,
                    n.minimum,
                    false,
                );
                bound(
                    cx,
                    &nitem,
                    &format!("`{}` max_items", p.wire),
                    p.max_items,
                    n.max_items,
                    true,
                );
                if n.default != p.default {
                    let item = cx.path(&nitem);
                    cx.push(
                        Class::Potential,
                        "default-changed",
                        item,
                        format!(
                            "`{}`'s server default: {} → {}",
                            p.wire,
                            shown(p.default.as_ref()),
                            shown(n.default.as_ref())
                        ),
                    );
                }
                if n.location != p.location {
                    let item = cx.path(&nitem);
                    cx.push(
                        Class::Breaking,
                        "param-moved",
                        item,
                        format!(
                            "`{}` goes in the {:?} now, not the {:?}",
                            p.wire, n.location, p.location
                        ),
                    );
                }
                let item = cx.path(&nitem);
                text_changed(cx, item, &format!("`{}`'s doc", p.wire), &p.doc, &n.doc);
            }
        }
    }
    for n in new.params.iter().filter(|n| n.fill.is_none()) {
        let renamed = old
            .params
            .iter()
            .any(|p| renamed_param(old, new, p).is_some_and(|r| r.wire == n.wire));
        if renamed || old.params.iter().any(|p| p.wire == n.wire) {
            continue;
        }
        let item = cx.path(&format!("{req}::{}", n.ident.trim_start_matches("r#")));
        if n.required {
            cx.push(
                Class::Breaking,
                "param-added-required",
                item,
                format!("new required param `{}`", n.wire),
            );
        } else {
            cx.push(
                Class::Info,
                "param-added",
                item,
                format!("new optional param `{}`", n.wire),
            );
        }
    }
}

fn models(cx: &mut Cx<'_>, old: &Operation, new: &Operation) {
    for m in &old.models {
        let Some(n) = new.models.iter().find(|n| n.name == m.name) else {
            let item = cx.path(&m.ident);
            cx.push(
                Class::Breaking,
                "model-removed",
                item,
                format!("model `{}` removed", m.name),
            );
            continue;
        };
        if n.ident != m.ident {
            let item = cx.path(&m.ident);
            cx.push(
                Class::Breaking,
                "rust-name-changed",
                item,
                format!("model `{}` is `{}` now", m.name, n.ident),
            );
        }
        for f in &m.fields {
            let item = format!("{}::{}", n.ident, f.ident.trim_start_matches("r#"));
            let Some(g) = n.fields.iter().find(|g| g.wire == f.wire) else {
                let item = cx.path(&item);
                let renamed = n
                    .fields
                    .iter()
                    .find(|g| g.ident == f.ident && !m.fields.iter().any(|x| x.wire == g.wire));
                match renamed {
                    // The Rust field stays; it is read from another key.
                    Some(g) => cx.push(
                        Class::Potential,
                        "field-wire-renamed",
                        item,
                        format!(
                            "`{}.{}` is read from `{}` now (same Rust field)",
                            m.name, f.wire, g.wire
                        ),
                    ),
                    None => cx.push(
                        Class::Breaking,
                        "field-removed",
                        item,
                        format!("field `{}.{}` removed", m.name, f.wire),
                    ),
                }
                continue;
            };
            let gitem = cx.path(&format!(
                "{}::{}",
                n.ident,
                g.ident.trim_start_matches("r#")
            ));
            if g.ident != f.ident {
                cx.push(
                    Class::Breaking,
                    "rust-name-changed",
                    gitem.clone(),
                    format!("field `{}.{}` is `{}` in Rust now", m.name, f.wire, g.ident),
                );
            }
            let (fo, go) = (
                matches!(f.ty, Ty::Optional(_)),
                matches!(g.ty, Ty::Optional(_)),
            );
            if f.ty != g.ty {
                let (rule, what) = match (fo, go) {
                    (true, false) if f.ty.core() == g.ty.core() => (
                        "field-required",
                        "is required now: an answer without it no longer decodes",
                    ),
                    (false, true) if f.ty.core() == g.ty.core() => (
                        "field-optional",
                        "is optional now: its Rust type is an `Option`",
                    ),
                    _ => ("type-changed", "changed type"),
                };
                cx.push(
                    Class::Breaking,
                    rule,
                    gitem.clone(),
                    format!(
                        "`{}.{}` {what} (`{}` → `{}`)",
                        m.name,
                        f.wire,
                        ty_name(&f.ty),
                        ty_name(&g.ty)
                    ),
                );
            }
            if f.lenient != g.lenient {
                let (class, rule) = if g.lenient.is_none() {
                    (Class::Breaking, "leniency-lost")
                } else {
                    (Class::Info, "leniency-changed")
                };
                cx.push(
                    class,
                    rule,
                    gitem.clone(),
                    format!(
                        "`{}.{}` lenient: {:?} → {:?}",
                        m.name, f.wire, f.lenient, g.lenient
                    ),
                );
            }
            text_changed(
                cx,
                gitem,
                &format!("`{}.{}`'s doc", m.name, f.wire),
                &f.doc,
                &g.doc,
            );
        }
        for g in &n.fields {
            let renamed = m
                .fields
                .iter()
                .any(|f| f.ident == g.ident && !n.fields.iter().any(|x| x.wire == f.wire));
            if renamed || m.fields.iter().any(|f| f.wire == g.wire) {
                continue;
            }
            let item = cx.path(&format!(
                "{}::{}",
                n.ident,
                g.ident.trim_start_matches("r#")
            ));
            if matches!(g.ty, Ty::Optional(_)) {
                cx.push(
                    Class::Info,
                    "field-added",
                    item,
                    format!("new optional field `{}.{}`", n.name, g.wire),
                );
            } else {
                cx.push(
                    Class::Breaking,
                    "field-added-required",
                    item,
                    format!(
                        "new required field `{}.{}`: an answer without it no longer decodes",
                        n.name, g.wire
                    ),
                );
            }
        }
    }
    for n in &new.models {
        if !old.models.iter().any(|m| m.name == n.name) {
            let item = cx.path(&n.ident);
            cx.push(
                Class::Info,
                "model-added",
                item,
                format!("new model `{}`", n.name),
            );
        }
    }
}

fn enums(cx: &mut Cx<'_>, old: &Operation, new: &Operation) {
    let request = request_enums(new);
    for e in &old.enums {
        let Some(n) = new.enums.iter().find(|n| n.ident == e.ident) else {
            let item = cx.path(&e.ident);
            cx.push(
                Class::Breaking,
                "enum-removed",
                item,
                format!("enum `{}` removed or renamed", e.ident),
            );
            continue;
        };
        for v in &e.variants {
            match n.variants.iter().find(|w| w.wire == v.wire) {
                None => {
                    let item = cx.path(&format!("{}::{}", e.ident, v.ident));
                    cx.push(
                        Class::Breaking,
                        "enum-value-removed",
                        item,
                        format!("value `{}` of `{}` removed", v.wire, e.ident),
                    );
                }
                Some(w) if w.ident != v.ident => {
                    let item = cx.path(&format!("{}::{}", e.ident, v.ident));
                    cx.push(
                        Class::Breaking,
                        "rust-name-changed",
                        item,
                        format!("value `{}` is variant `{}` now", v.wire, w.ident),
                    );
                }
                Some(w) => {
                    let item = cx.path(&format!("{}::{}", e.ident, w.ident));
                    text_changed(
                        cx,
                        item,
                        &format!("value `{}`'s doc", v.wire),
                        &v.doc,
                        &w.doc,
                    );
                }
            }
        }
        for w in &n.variants {
            if e.variants.iter().any(|v| v.wire == w.wire) {
                continue;
            }
            let item = cx.path(&format!("{}::{}", n.ident, w.ident));
            if request.contains(&n.ident) && !response_uses(new, &n.ident) {
                cx.push(
                    Class::Info,
                    "enum-value-added",
                    item,
                    format!("new value `{}` of `{}` (sent only)", w.wire, n.ident),
                );
            } else {
                cx.push(
                    Class::Potential,
                    "enum-value-added-response",
                    item,
                    format!("new value `{}` of `{}` in responses: enums are open, but a `match` may change meaning", w.wire, n.ident),
                );
            }
        }
    }
    for n in &new.enums {
        if !old.enums.iter().any(|e| e.ident == n.ident) {
            let item = cx.path(&n.ident);
            cx.push(
                Class::Info,
                "enum-added",
                item,
                format!("new enum `{}`", n.ident),
            );
        }
    }
}

fn response_uses(op: &Operation, enum_ident: &str) -> bool {
    fn uses(t: &Ty, e: &str) -> bool {
        match t {
            Ty::Enum(x, _) => x == e,
            Ty::Optional(t) | Ty::Nullable(t) | Ty::List(t) | Ty::Map(t) => uses(t, e),
            _ => false,
        }
    }
    op.models
        .iter()
        .flat_map(|m| &m.fields)
        .any(|f| uses(&f.ty, enum_ident))
}

/// A vendor-wide row's variant, in the first operation's error kind (every operation has it).
fn vendor_row(cx: &Cx<'_>, ident: &str) -> String {
    match cx.first_op {
        Some(op) => format!(
            "{}::{}::{}::{}::{ident} (in every operation's error kind)",
            cx.krate,
            cx.module,
            op.ident.trim_start_matches("r#"),
            op.kind_ident
        ),
        None => format!("{}::{}::VENDOR", cx.krate, cx.module),
    }
}

fn errors(cx: &mut Cx<'_>, kind: &str, old: &[ir::ErrorRow], new: &[ir::ErrorRow]) {
    for r in old {
        let item = if kind.is_empty() {
            vendor_row(cx, &r.ident)
        } else {
            cx.path(&format!("{kind}::{}", r.ident))
        };
        match new.iter().find(|n| n.name == r.name) {
            None => cx.push(
                Class::Breaking,
                "error-row-removed",
                item,
                format!("error row `{}` removed", r.name),
            ),
            Some(n) => {
                if n.code != r.code {
                    cx.push(
                        Class::Breaking,
                        "error-code-changed",
                        item.clone(),
                        format!(
                            "row `{}`'s code: {} → {}",
                            r.name,
                            code(&r.code),
                            code(&n.code)
                        ),
                    );
                }
                if n.message != r.message || n.http_status != r.http_status {
                    cx.push(
                        Class::Potential,
                        "error-match-changed",
                        item.clone(),
                        format!(
                            "row `{}` matches on message {}, HTTP {} now (was {}, {})",
                            r.name,
                            shown(n.message.as_deref()),
                            shown(n.http_status),
                            shown(r.message.as_deref()),
                            shown(r.http_status)
                        ),
                    );
                }
                text_changed(cx, item, &format!("row `{}`'s doc", r.name), &r.doc, &n.doc);
            }
        }
    }
    for n in new {
        if old.iter().any(|r| r.name == n.name) {
            continue;
        }
        let item = if kind.is_empty() {
            vendor_row(cx, &n.ident)
        } else {
            cx.path(&format!("{kind}::{}", n.ident))
        };
        cx.push(
            Class::Info,
            "error-row-added",
            item,
            format!("new error row `{}` (code {})", n.name, code(&n.code)),
        );
    }
}

fn waiter_and_paging(cx: &mut Cx<'_>, old: &Operation, new: &Operation) {
    let item = cx.path(&old.prefix);
    match (&old.waiter, &new.waiter) {
        (Some(_), None) => cx.push(
            Class::Breaking,
            "waiter-removed",
            item.clone(),
            "the waiter (`wait`) is gone".into(),
        ),
        (None, Some(_)) => cx.push(
            Class::Info,
            "waiter-added",
            item.clone(),
            "new waiter (`wait`)".into(),
        ),
        (Some(a), Some(b)) => {
            if a.success != b.success || a.failure != b.failure {
                cx.push(
                    Class::Breaking,
                    "waiter-states-changed",
                    item.clone(),
                    format!(
                        "the waiter ends on success {:?} / failure {:?} now (was {:?} / {:?})",
                        b.success, b.failure, a.success, a.failure
                    ),
                );
            }
            let ids = |w: &ir::Waiter| {
                w.ids
                    .as_ref()
                    .map(|(p, steps)| (p.clone(), ir::wire_path(steps)))
            };
            if a.pending != b.pending
                || a.errors != b.errors
                || ir::wire_path(&a.path) != ir::wire_path(&b.path)
                || ids(a) != ids(b)
            {
                cx.push(
                    Class::Potential,
                    "waiter-changed",
                    item.clone(),
                    "the waiter reads its states differently".into(),
                );
            }
        }
        (None, None) => {}
    }
    match (&old.pagination, &new.pagination) {
        (Some(_), None) => cx.push(
            Class::Breaking,
            "pagination-removed",
            item,
            "`pages` and `items` are gone".into(),
        ),
        (None, Some(_)) => cx.push(
            Class::Info,
            "pagination-added",
            item,
            "new `pages` and `items`".into(),
        ),
        (Some(a), Some(b)) => {
            let shape = |p: &ir::Pagination| {
                (
                    p.page_param.clone(),
                    p.size_param.clone(),
                    p.first_page,
                    ir::wire_path(&p.items),
                    p.truncated.as_deref().map(ir::wire_path),
                    p.total.as_deref().map(ir::wire_path),
                )
            };
            if shape(a) != shape(b) {
                cx.push(
                    Class::Potential,
                    "pagination-changed",
                    item,
                    "the listing pages differently".into(),
                );
            }
        }
        (None, None) => {}
    }
}

fn operation(cx: &mut Cx<'_>, old: &Operation, new: &Operation) {
    if old.method != new.method || old.path != new.path {
        let item = cx.path(&old.prefix);
        cx.push(
            Class::Breaking,
            "endpoint-changed",
            item,
            format!(
                "`{} {}` → `{} {}`",
                old.method.name(),
                old.path,
                new.method.name(),
                new.path
            ),
        );
    }
    if old.idempotent != new.idempotent {
        let item = cx.path(&old.prefix);
        cx.push(
            Class::Potential,
            "retries-changed",
            item,
            format!(
                "idempotent: {} → {} (what is retried)",
                old.idempotent, new.idempotent
            ),
        );
    }
    params(cx, old, new);
    models(cx, old, new);
    enums(cx, old, new);
    let own = |o: &Operation| -> Vec<ir::ErrorRow> {
        o.errors
            .iter()
            .filter(|r| !r.vendor_wide)
            .cloned()
            .collect()
    };
    let kind = new.kind_ident.clone();
    errors(cx, &kind, &own(old), &own(new));
    waiter_and_paging(cx, old, new);
    let item = cx.path("");
    text_changed(cx, item.clone(), "the operation's doc", &old.doc, &new.doc);
    if old.summary != new.summary {
        cx.push(
            Class::Info,
            "docs",
            item.clone(),
            "the summary changed".into(),
        );
    }
    let ex = |o: &Operation| {
        o.examples
            .iter()
            .map(|e| (e.ident.clone(), e.body.clone()))
            .collect::<Vec<_>>()
    };
    if ex(old) != ex(new) {
        cx.push(
            Class::Info,
            "examples",
            item.clone(),
            "the doc's examples changed".into(),
        );
    }
    if old.notes != new.notes {
        cx.push(
            Class::Info,
            "notes",
            item.clone(),
            "the notes changed".into(),
        );
    }
    if old.source.url != new.source.url || old.source.updated != new.source.updated {
        cx.push(
            Class::Info,
            "sources",
            item,
            "the doc page or its date changed".into(),
        );
    }
}

fn vendor(cx: &mut Cx<'_>, old: &Vendor, new: &Vendor) {
    let item = cx.path("VENDOR");
    if old.base_url != new.base_url || old.regions != new.regions {
        cx.push(
            Class::Breaking,
            "base-url-changed",
            item.clone(),
            format!(
                "endpoint `{}` → `{}` (or its regions)",
                old.base_url, new.base_url
            ),
        );
    }
    let auth = |v: &Vendor| {
        v.auth
            .iter()
            .map(|a| (a.scheme, a.uses.clone()))
            .collect::<Vec<_>>()
    };
    if auth(old) != auth(new) {
        cx.push(
            Class::Breaking,
            "auth-changed",
            item.clone(),
            "the auth schemes or the credentials they use changed".into(),
        );
    }
    let env = |v: &Vendor| {
        (
            v.envelope.scheme,
            v.envelope.success_code,
            v.envelope.error_data,
        )
    };
    if env(old) != env(new) {
        cx.push(
            Class::Breaking,
            "envelope-changed",
            item.clone(),
            "the response envelope changed".into(),
        );
    }
    for c in &old.credentials {
        if !new.credentials.iter().any(|n| n.name == c.name) {
            let item = cx.path(&format!("Credentials::{}", c.ident));
            cx.push(
                Class::Breaking,
                "credential-removed",
                item,
                format!("credential `{}` removed", c.name),
            );
        }
    }
    for n in &new.credentials {
        match old.credentials.iter().find(|c| c.name == n.name) {
            None => {
                let item = cx.path(&format!("Credentials::{}", n.ident));
                let class = if n.optional {
                    Class::Info
                } else {
                    Class::Breaking
                };
                cx.push(
                    class,
                    "credential-added",
                    item,
                    format!("new credential `{}` (from `{}`)", n.name, n.env),
                );
            }
            Some(c) if c.env != n.env => {
                let item = cx.path(&format!("Credentials::{}", n.ident));
                cx.push(
                    Class::Breaking,
                    "credential-env-changed",
                    item,
                    format!("`{}` is read from `{}` now, not `{}`", n.name, n.env, c.env),
                );
            }
            _ => {}
        }
    }
    let own = |v: &Vendor| v.errors.clone();
    errors(cx, "", &own(old), &own(new));
    text_changed(cx, item.clone(), "the vendor's doc", &old.doc, &new.doc);
    if old.notes != new.notes {
        cx.push(
            Class::Info,
            "notes",
            item,
            "the vendor's notes changed".into(),
        );
    }
}

/// `(field name, its Debug text)` for each field of a struct, destructured exhaustively (bar the
/// `skip`ped ones) so a field added to the IR cannot be left out of the comparison.
macro_rules! facts {
    ($v:expr => $ty:ident { $($f:ident),* $(,)? } $(skip $($s:ident),*)?) => {{
        let $ty { $($f,)* $($($s: _,)*)? } = $v;
        vec![$((stringify!($f), format!("{:?}", $f))),*]
    }};
}

/// Every fact of a vendor but its operations (compared one by one).
fn vendor_facts(v: &Vendor) -> Vec<(&'static str, String)> {
    facts!(v => Vendor {
        id, module, spec_file, title, doc, sources, base_url, regions, credentials, auth,
        envelope, rate_limit, errors, notes,
    } skip operations)
}

/// Every fact of an operation.
fn operation_facts(o: &Operation) -> Vec<(&'static str, String)> {
    facts!(o => Operation {
        name, ident, prefix, request_ident, input_ident, error_ident, kind_ident, spec_file,
        summary, doc, source, method, also_accepts, idempotent, path, body, params, rules,
        response, models, enums, errors, waiter, pagination, rate_limit, examples, notes,
        deprecated,
    })
}

/// The safety net under the rules: when they found nothing in a scope whose facts differ, the
/// change still shows, as potentially breaking, naming the facts. An empty comparison thus
/// always means the same generated crate.
fn unclassified(
    cx: &mut Cx<'_>,
    found_before: usize,
    item: String,
    old: Vec<(&'static str, String)>,
    new: Vec<(&'static str, String)>,
) {
    if cx.out.len() > found_before {
        return;
    }
    let differ: Vec<&str> = old
        .iter()
        .zip(&new)
        .filter(|(o, n)| o.1 != n.1)
        .map(|(o, _)| o.0)
        .collect();
    if !differ.is_empty() {
        cx.push(
            Class::Potential,
            "unclassified",
            item,
            format!(
                "a change no rule classifies, in: {}; read the generated diff",
                differ.join(", ")
            ),
        );
    }
}

/// Every change from `old` to `new`, breaking first, then by vendor and operation.
pub fn diff(old: &Ir, new: &Ir) -> Vec<Change> {
    let krate = new.crate_name.as_str();
    let mut out = Vec::new();
    for ov in &old.vendors {
        let Some(nv) = new.vendors.iter().find(|v| v.id == ov.id) else {
            out.push(Change {
                class: Class::Breaking,
                rule: "vendor-removed",
                vendor: ov.id.clone(),
                operation: None,
                item: format!("{krate}::{}", ov.module),
                what: format!("vendor `{}` removed", ov.id),
            });
            continue;
        };
        let mut cx = Cx {
            out: Vec::new(),
            krate,
            vendor: &nv.id,
            module: &nv.module,
            op: None,
            first_op: nv.operations.first(),
        };
        vendor(&mut cx, ov, nv);
        let item = cx.path("VENDOR");
        unclassified(&mut cx, 0, item, vendor_facts(ov), vendor_facts(nv));
        for oo in &ov.operations {
            match nv.operations.iter().find(|o| o.name == oo.name) {
                None => {
                    cx.op = Some(oo);
                    let item = cx.path("");
                    cx.push(
                        Class::Breaking,
                        "operation-removed",
                        item,
                        format!("operation `{}` removed", oo.name),
                    );
                }
                Some(no) => {
                    cx.op = Some(no);
                    if no.ident != oo.ident || no.prefix != oo.prefix {
                        let item = cx.path(&oo.prefix);
                        cx.push(
                            Class::Breaking,
                            "rust-name-changed",
                            item,
                            format!("`{}`'s Rust names changed", oo.name),
                        );
                    }
                    let before = cx.out.len();
                    operation(&mut cx, oo, no);
                    let item = cx.path("");
                    unclassified(
                        &mut cx,
                        before,
                        item,
                        operation_facts(oo),
                        operation_facts(no),
                    );
                }
            }
        }
        for no in &nv.operations {
            if !ov.operations.iter().any(|o| o.name == no.name) {
                cx.op = Some(no);
                let item = cx.path("");
                cx.push(
                    Class::Info,
                    "operation-added",
                    item,
                    format!("new operation `{}`", no.name),
                );
            }
        }
        out.extend(cx.out);
    }
    for nv in &new.vendors {
        if !old.vendors.iter().any(|v| v.id == nv.id) {
            out.push(Change {
                class: Class::Info,
                rule: "vendor-added",
                vendor: nv.id.clone(),
                operation: None,
                item: format!("{krate}::{}", nv.module),
                what: format!("new vendor `{}`", nv.id),
            });
        }
    }
    out.sort_by(|a, b| (a.class, &a.vendor, &a.operation).cmp(&(b.class, &b.vendor, &b.operation)));
    out
}

/// The counts of each class.
pub fn counts(changes: &[Change]) -> (usize, usize, usize) {
    let n = |c| changes.iter().filter(|x| x.class == c).count();
    (n(Class::Breaking), n(Class::Potential), n(Class::Info))
}

/// The report as Markdown for a pull request: a summary line, the breaking items, a section per
/// vendor and operation for the others, then the generated files and snapshots the change
/// touches.
pub fn markdown(changes: &[Change], touched: &[String]) -> String {
    let (b, p, i) = counts(changes);
    let mut s =
        format!("**Spec changes: {b} breaking, {p} potentially breaking, {i} informational.**\n");
    if changes.is_empty() {
        s.push_str("\nNo change reaches the generated crate.\n");
    }
    let breaking: Vec<&Change> = changes
        .iter()
        .filter(|c| c.class == Class::Breaking)
        .collect();
    if !breaking.is_empty() {
        s.push_str("\n### Breaking\n\n");
        for c in &breaking {
            let _ = writeln!(s, "- `{}`: {}", c.item, c.what);
        }
    }
    // The breaking items are listed above; each section holds the rest.
    let rest: Vec<&Change> = changes
        .iter()
        .filter(|c| c.class != Class::Breaking)
        .collect();
    let mut sections: Vec<(&str, Option<&str>)> = rest
        .iter()
        .map(|c| (c.vendor.as_str(), c.operation.as_deref()))
        .collect();
    sections.dedup();
    let mut seen = BTreeSet::new();
    for (vendor, op) in sections {
        if !seen.insert((vendor, op)) {
            continue;
        }
        match op {
            Some(op) => {
                let _ = write!(s, "\n### {vendor} `{op}`\n\n");
            }
            None => {
                let _ = write!(s, "\n### {vendor} (vendor)\n\n");
            }
        }
        for c in rest
            .iter()
            .filter(|c| c.vendor == vendor && c.operation.as_deref() == op)
        {
            let _ = writeln!(
                s,
                "- **{}** `{}`: {} _({})_",
                c.class.label(),
                c.item,
                c.what,
                c.rule
            );
        }
    }
    if !touched.is_empty() {
        s.push_str("\n### Generated files and snapshots touched\n\n");
        for t in touched {
            let _ = writeln!(s, "- `{t}`");
        }
    }
    s
}

/// The report as plain text, one change a line.
pub fn text(changes: &[Change], touched: &[String]) -> String {
    let (b, p, i) = counts(changes);
    let mut s = format!("{b} breaking, {p} potentially breaking, {i} informational\n");
    for c in changes {
        let op = c.operation.as_deref().unwrap_or("-");
        let _ = writeln!(
            s,
            "{:<20} {} {}: {}: {}",
            c.class.label(),
            c.vendor,
            op,
            c.item,
            c.what
        );
    }
    for t in touched {
        let _ = writeln!(s, "touched {t}");
    }
    s
}
