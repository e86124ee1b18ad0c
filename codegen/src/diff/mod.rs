//! What a spec change does to the users of the generated crate: two lowered trees compared by
//! vendor, operation, param, field, enum value, error row, waiter, pagination, auth, envelope and
//! base URL — never by text lines — each change classified and named by the Rust item it
//! affects.

use serde::Serialize;

use crate::ir::{Ir, Operation, Ty};

mod net;
mod render;
mod request;
mod response;
mod rules;
mod scopes;

use net::{crate_facts, operation_facts, unclassified, vendor_facts};
pub use render::{bump, changelog, counts, markdown, text};
use request::params;
use response::{enums, models};
pub use rules::{Bump, Class, Rule, Shows, rules_markdown};
use scopes::{operation, vendor};

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
    /// How many changes the vendor's own scope reported (they come first).
    vendor_found: usize,
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

    fn push(&mut self, rule: Rule, item: String, what: String) {
        self.out.push(Change {
            class: rule.class(),
            rule: rule.name(),
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

fn text_changed(
    cx: &mut Cx<'_>,
    item: String,
    what: &str,
    old: &Option<String>,
    new: &Option<String>,
) {
    if old != new {
        cx.push(Rule::Docs, item, format!("{what} changed"));
    }
}

/// A param, field or credential redacted now, or no longer.
fn sensitive_changed(cx: &mut Cx<'_>, item: String, what: &str, old: bool, new: bool) {
    if old != new {
        let now = if new {
            "is redacted now"
        } else {
            "is no longer redacted"
        };
        cx.push(Rule::SensitiveChanged, item, format!("{what} {now}"));
    }
}

/// An item deprecated now, or no longer; a changed deprecation note is a doc change.
fn deprecated_changed(
    cx: &mut Cx<'_>,
    item: String,
    what: &str,
    old: &Option<String>,
    new: &Option<String>,
) {
    match (old, new) {
        (None, Some(_)) => cx.push(
            Rule::DeprecatedChanged,
            item,
            format!("{what} is deprecated now"),
        ),
        (Some(_), None) => cx.push(
            Rule::DeprecatedChanged,
            item,
            format!("{what} is no longer deprecated"),
        ),
        _ => text_changed(cx, item, &format!("{what}'s deprecation note"), old, new),
    }
}

/// Every change from `old` to `new`, breaking first, then by vendor and operation.
pub fn diff(old: &Ir, new: &Ir) -> Vec<Change> {
    let krate = new.crate_name.as_str();
    let mut out = Vec::new();
    for ov in &old.vendors {
        let Some(nv) = new.vendors.iter().find(|v| v.id == ov.id) else {
            out.push(Change {
                class: Rule::VendorRemoved.class(),
                rule: Rule::VendorRemoved.name(),
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
            vendor_found: 0,
        };
        vendor(&mut cx, ov, nv);
        let item = cx.path("VENDOR");
        unclassified(&mut cx, 0, item, &vendor_facts(ov), &vendor_facts(nv));
        cx.vendor_found = cx.out.len();
        for oo in &ov.operations {
            match nv.operations.iter().find(|o| o.name == oo.name) {
                None => {
                    cx.op = Some(oo);
                    let item = cx.path("");
                    cx.push(
                        Rule::OperationRemoved,
                        item,
                        format!("operation `{}` removed", oo.name),
                    );
                }
                Some(no) => {
                    cx.op = Some(no);
                    let before = cx.out.len();
                    if no.ident != oo.ident || no.prefix != oo.prefix {
                        let item = cx.path(&oo.prefix);
                        cx.push(
                            Rule::RustNameChanged,
                            item,
                            format!("`{}`'s Rust names changed", oo.name),
                        );
                    }
                    operation(&mut cx, oo, no);
                    let item = cx.path("");
                    unclassified(
                        &mut cx,
                        before,
                        item,
                        &operation_facts(oo),
                        &operation_facts(no),
                    );
                }
            }
        }
        for no in &nv.operations {
            if !ov.operations.iter().any(|o| o.name == no.name) {
                cx.op = Some(no);
                let item = cx.path("");
                cx.push(
                    Rule::OperationAdded,
                    item,
                    format!("new operation `{}`", no.name),
                );
            }
        }
        out.extend(cx.out);
    }
    let mut cx = Cx {
        out: Vec::new(),
        krate,
        vendor: "",
        module: "",
        op: None,
        first_op: None,
        vendor_found: 0,
    };
    unclassified(
        &mut cx,
        0,
        krate.to_owned(),
        &crate_facts(old),
        &crate_facts(new),
    );
    out.extend(cx.out);
    for nv in &new.vendors {
        if !old.vendors.iter().any(|v| v.id == nv.id) {
            out.push(Change {
                class: Rule::VendorAdded.class(),
                rule: Rule::VendorAdded.name(),
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
