//! An operation and a vendor compared as wholes: endpoints, retries, error rows, waiters,
//! pagination, auth, envelope, credentials and text.

use crate::ir::{self, Operation, Ty, Vendor};

use super::{
    Cx, Rule, code, deprecated_changed, enums, models, params, sensitive_changed, shown,
    text_changed, ty_name,
};

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

pub(super) fn errors(cx: &mut Cx<'_>, kind: &str, old: &[ir::ErrorRow], new: &[ir::ErrorRow]) {
    for r in old {
        let item = if kind.is_empty() {
            vendor_row(cx, &r.ident)
        } else {
            cx.path(&format!("{kind}::{}", r.ident))
        };
        match new.iter().find(|n| n.name == r.name) {
            None => cx.push(
                Rule::ErrorRowRemoved,
                item,
                format!("error row `{}` removed", r.name),
            ),
            Some(n) => {
                if n.code != r.code {
                    cx.push(
                        Rule::ErrorCodeChanged,
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
                        Rule::ErrorMatchChanged,
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
            Rule::ErrorRowAdded,
            item,
            format!("new error row `{}` (code {})", n.name, code(&n.code)),
        );
    }
}

fn waiter_and_paging(cx: &mut Cx<'_>, old: &Operation, new: &Operation) {
    let item = cx.path(&old.prefix);
    match (&old.waiter, &new.waiter) {
        (Some(_), None) => cx.push(
            Rule::WaiterRemoved,
            item.clone(),
            "the waiter (`wait`) is gone".into(),
        ),
        (None, Some(_)) => cx.push(
            Rule::WaiterAdded,
            item.clone(),
            "new waiter (`wait`)".into(),
        ),
        (Some(a), Some(b)) => {
            if a.success != b.success || a.failure != b.failure {
                cx.push(
                    Rule::WaiterStatesChanged,
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
                    Rule::WaiterChanged,
                    item.clone(),
                    "the waiter reads its states differently".into(),
                );
            }
        }
        (None, None) => {}
    }
    let creates = |c: &ir::Creates| (c.waiter.clone(), c.param.clone(), ir::wire_path(&c.id));
    match (&old.creates, &new.creates) {
        (Some(_), None) => cx.push(
            Rule::CreatesRemoved,
            item.clone(),
            "`waiter()` is gone: the create names no operation that waits for its task".into(),
        ),
        (None, Some(c)) => cx.push(
            Rule::CreatesAdded,
            item.clone(),
            format!("new `waiter()`: `{}` waits for the task", c.waiter),
        ),
        (Some(a), Some(b)) if creates(a) != creates(b) => cx.push(
            Rule::CreatesChanged,
            item.clone(),
            format!(
                "the task is waited for by `{}` (`{}`) now, not `{}` (`{}`)",
                b.waiter, b.param, a.waiter, a.param
            ),
        ),
        _ => {}
    }
    match (&old.pagination, &new.pagination) {
        (Some(_), None) => cx.push(
            Rule::PaginationRemoved,
            item,
            "`pages` and `items` are gone".into(),
        ),
        (None, Some(_)) => cx.push(
            Rule::PaginationAdded,
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
                    Rule::PaginationChanged,
                    item,
                    "the listing pages differently".into(),
                );
            }
        }
        (None, None) => {}
    }
}

fn callback(cx: &mut Cx<'_>, old: &Operation, new: &Operation) {
    // The payload's type is in the client method's signature; the rest is only on the wire.
    let shape = |c: &ir::Callback| {
        format!(
            "{} {:?} {:?} {:?} {:?}",
            c.url_param, c.encoding, c.scheme, c.param, c.over
        )
    };
    match (&old.callback, &new.callback) {
        (Some(c), None) => {
            let item = cx.path(&old.prefix);
            cx.push(
                Rule::CallbackRemoved,
                item,
                format!("the callback is gone, and the client's `{}`", c.method),
            );
        }
        (None, Some(c)) => {
            let item = cx.path(&new.prefix);
            cx.push(
                Rule::CallbackAdded,
                item,
                format!("new callback through `{}`", c.url_param),
            );
        }
        (Some(a), Some(b)) => {
            let item = cx.path(&new.prefix);
            if shape(a) != shape(b) {
                cx.push(
                    Rule::CallbackChanged,
                    item.clone(),
                    format!("`{}` → `{}`", shape(a), shape(b)),
                );
            }
            if a.payload != b.payload {
                cx.push(
                    Rule::CallbackPayloadChanged,
                    item.clone(),
                    format!(
                        "the payload: `{}` → `{}`",
                        ty_name(&a.payload),
                        ty_name(&b.payload)
                    ),
                );
            }
            text_changed(cx, item.clone(), "the callback's doc", &a.doc, &b.doc);
            text_changed(
                cx,
                item.clone(),
                "the callback signature's doc",
                &a.signature_doc,
                &b.signature_doc,
            );
            if a.example != b.example {
                cx.push(
                    Rule::Examples,
                    item,
                    "the callback's example changed".into(),
                );
            }
        }
        (None, None) => {}
    }
}

/// A vendor's or an operation's documented rate limit.
fn rate_limit(
    cx: &mut Cx<'_>,
    item: String,
    old: &Option<crate::spec::RateLimit>,
    new: &Option<crate::spec::RateLimit>,
) {
    if old != new {
        cx.push(
            Rule::RateLimitChanged,
            item,
            format!("the documented rate limit: {old:?} → {new:?}"),
        );
    }
}

pub(super) fn operation(cx: &mut Cx<'_>, old: &Operation, new: &Operation) {
    if old.method != new.method || old.path != new.path {
        let item = cx.path(&old.prefix);
        cx.push(
            Rule::EndpointChanged,
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
    if old.service != new.service {
        let item = cx.path("");
        cx.push(
            Rule::ServiceChanged,
            item,
            format!(
                "`{}` compiles under feature `{}` now, not `{}`",
                new.name, new.feature, old.feature
            ),
        );
    }
    if old.response != new.response {
        let body = |t: &Option<Ty>| t.as_ref().map_or_else(|| "no body".to_owned(), ty_name);
        let item = cx.path(&old.prefix);
        cx.push(
            Rule::ResponseChanged,
            item,
            format!(
                "the success's data: {} → {}",
                body(&old.response),
                body(&new.response)
            ),
        );
    }
    if old.idempotent != new.idempotent {
        let item = cx.path(&old.prefix);
        cx.push(
            Rule::RetriesChanged,
            item,
            format!(
                "idempotent: {} → {} (what is retried)",
                old.idempotent, new.idempotent
            ),
        );
    }
    callback(cx, old, new);
    if old.cancels != new.cancels {
        let item = cx.path(&new.prefix);
        cx.push(
            Rule::CancelsChanged,
            item,
            format!("cancels: {:?} → {:?}", old.cancels, new.cancels),
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
    rate_limit(cx, item.clone(), &old.rate_limit, &new.rate_limit);
    deprecated_changed(
        cx,
        item.clone(),
        "the operation",
        &old.deprecated,
        &new.deprecated,
    );
    text_changed(cx, item.clone(), "the operation's doc", &old.doc, &new.doc);
    if old.summary != new.summary {
        cx.push(Rule::Docs, item.clone(), "the summary changed".into());
    }
    let ex = |o: &Operation| {
        o.examples
            .iter()
            .map(|e| (e.ident.clone(), e.body.clone()))
            .collect::<Vec<_>>()
    };
    if ex(old) != ex(new) {
        cx.push(
            Rule::Examples,
            item.clone(),
            "the doc's examples changed".into(),
        );
    }
    if old.notes != new.notes {
        cx.push(Rule::Notes, item.clone(), "the notes changed".into());
    }
    if old.source.url != new.source.url || old.source.updated != new.source.updated {
        cx.push(
            Rule::Sources,
            item,
            "the doc page or its date changed".into(),
        );
    }
}

pub(super) fn vendor(cx: &mut Cx<'_>, old: &Vendor, new: &Vendor) {
    let item = cx.path("VENDOR");
    if old.layout != new.layout {
        cx.push(
            Rule::CratesChanged,
            item.clone(),
            format!("`crates: {}` → `{}`", old.layout.name(), new.layout.name()),
        );
    }
    if old.base_url != new.base_url || old.regions != new.regions {
        cx.push(
            Rule::BaseUrlChanged,
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
            Rule::AuthChanged,
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
            Rule::EnvelopeChanged,
            item.clone(),
            "the response envelope changed".into(),
        );
    }
    for c in &old.credentials {
        if !new.credentials.iter().any(|n| n.name == c.name) {
            let item = cx.path(&format!("Credentials::{}", c.ident));
            cx.push(
                Rule::CredentialRemoved,
                item,
                format!("credential `{}` removed", c.name),
            );
        }
    }
    for n in &new.credentials {
        match old.credentials.iter().find(|c| c.name == n.name) {
            None => {
                let item = cx.path(&format!("Credentials::{}", n.ident));
                let rule = if n.optional {
                    Rule::CredentialAdded
                } else {
                    Rule::CredentialAddedRequired
                };
                cx.push(
                    rule,
                    item,
                    format!("new credential `{}` (from `{}`)", n.name, n.env),
                );
            }
            Some(c) if c.env != n.env => {
                let item = cx.path(&format!("Credentials::{}", n.ident));
                cx.push(
                    Rule::CredentialEnvChanged,
                    item,
                    format!("`{}` is read from `{}` now, not `{}`", n.name, n.env, c.env),
                );
            }
            _ => {}
        }
    }
    for c in &old.credentials {
        if let Some(n) = new.credentials.iter().find(|n| n.name == c.name) {
            let item = cx.path(&format!("Credentials::{}", n.ident));
            let what = format!("credential `{}`", n.name);
            sensitive_changed(cx, item.clone(), &what, c.sensitive, n.sensitive);
            text_changed(cx, item, &format!("{what}'s doc"), &c.doc, &n.doc);
        }
    }
    let own = |v: &Vendor| v.errors.clone();
    errors(cx, "", &own(old), &own(new));
    rate_limit(cx, item.clone(), &old.rate_limit, &new.rate_limit);
    text_changed(cx, item.clone(), "the vendor's doc", &old.doc, &new.doc);
    if old.title != new.title {
        cx.push(Rule::Docs, item.clone(), "the product name changed".into());
    }
    let pages = |v: &Vendor| {
        v.sources
            .iter()
            .map(|s| (s.url.clone(), s.updated.clone()))
            .collect::<Vec<_>>()
    };
    if pages(old) != pages(new) {
        cx.push(
            Rule::Sources,
            item.clone(),
            "the vendor's doc pages or their dates changed".into(),
        );
    }
    if old.notes != new.notes {
        cx.push(Rule::Notes, item, "the vendor's notes changed".into());
    }
}
