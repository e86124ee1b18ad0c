//! What the response side changed: models, their fields, enums and their values.

use std::collections::BTreeSet;

use crate::ir::{Operation, Ty};

use super::request::limits;
use super::{Cx, Rule, deprecated_changed, sensitive_changed, text_changed, ty_name};

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

pub(super) fn models(cx: &mut Cx<'_>, old: &Operation, new: &Operation) {
    for m in &old.models {
        let Some(n) = new.models.iter().find(|n| n.name == m.name) else {
            let item = cx.path(&m.ident);
            cx.push(
                Rule::ModelRemoved,
                item,
                format!("model `{}` removed", m.name),
            );
            continue;
        };
        let mitem = cx.path(&n.ident);
        text_changed(
            cx,
            mitem,
            &format!("model `{}`'s doc", m.name),
            &m.doc,
            &n.doc,
        );
        if n.ident != m.ident {
            let item = cx.path(&m.ident);
            cx.push(
                Rule::RustNameChanged,
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
                        Rule::FieldWireRenamed,
                        item,
                        format!(
                            "`{}.{}` is read from `{}` now (same Rust field)",
                            m.name, f.wire, g.wire
                        ),
                    ),
                    None => cx.push(
                        Rule::FieldRemoved,
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
                    Rule::RustNameChanged,
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
                        Rule::FieldRequired,
                        "is required now: an answer without it no longer decodes",
                    ),
                    (false, true) if f.ty.core() == g.ty.core() => (
                        Rule::FieldOptional,
                        "is optional now: its Rust type is an `Option`",
                    ),
                    _ => (Rule::TypeChanged, "changed type"),
                };
                cx.push(
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
                let rule = if g.lenient.is_none() {
                    Rule::LeniencyLost
                } else {
                    Rule::LeniencyChanged
                };
                cx.push(
                    rule,
                    gitem.clone(),
                    format!(
                        "`{}.{}` lenient: {:?} → {:?}",
                        m.name, f.wire, f.lenient, g.lenient
                    ),
                );
            }
            let what = format!("`{}.{}`", m.name, f.wire);
            sensitive_changed(cx, gitem.clone(), &what, f.sensitive, g.sensitive);
            deprecated_changed(cx, gitem.clone(), &what, &f.deprecated, &g.deprecated);
            if m.request || n.request {
                let field = format!("{}::{}", n.ident, g.ident.trim_start_matches("r#"));
                let what = format!("`{}.{}`", m.name, f.wire);
                limits(cx, &field, &what, &f.limits, &g.limits);
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
                    Rule::FieldAdded,
                    item,
                    format!("new optional field `{}.{}`", n.name, g.wire),
                );
            } else {
                cx.push(
                    Rule::FieldAddedRequired,
                    item,
                    if n.request {
                        format!(
                            "new required field `{}.{}`: `{}::new` takes it now",
                            n.name, g.wire, n.ident
                        )
                    } else {
                        format!(
                            "new required field `{}.{}`: an answer without it no longer decodes",
                            n.name, g.wire
                        )
                    },
                );
            }
        }
    }
    for n in &new.models {
        if !old.models.iter().any(|m| m.name == n.name) {
            let item = cx.path(&n.ident);
            cx.push(Rule::ModelAdded, item, format!("new model `{}`", n.name));
        }
    }
}

pub(super) fn enums(cx: &mut Cx<'_>, old: &Operation, new: &Operation) {
    let request = request_enums(new);
    for e in &old.enums {
        let Some(n) = new.enums.iter().find(|n| n.ident == e.ident) else {
            let item = cx.path(&e.ident);
            cx.push(
                Rule::EnumRemoved,
                item,
                format!("enum `{}` removed or renamed", e.ident),
            );
            continue;
        };
        let eitem = cx.path(&n.ident);
        text_changed(
            cx,
            eitem,
            &format!("enum `{}`'s doc", e.ident),
            &e.doc,
            &n.doc,
        );
        for v in &e.variants {
            match n.variants.iter().find(|w| w.wire == v.wire) {
                None => {
                    let item = cx.path(&format!("{}::{}", e.ident, v.ident));
                    cx.push(
                        Rule::EnumValueRemoved,
                        item,
                        format!("value `{}` of `{}` removed", v.wire, e.ident),
                    );
                }
                Some(w) if w.ident != v.ident => {
                    let item = cx.path(&format!("{}::{}", e.ident, v.ident));
                    cx.push(
                        Rule::RustNameChanged,
                        item,
                        format!("value `{}` is variant `{}` now", v.wire, w.ident),
                    );
                }
                Some(w) => {
                    let item = cx.path(&format!("{}::{}", e.ident, w.ident));
                    let what = format!("value `{}`", v.wire);
                    deprecated_changed(cx, item.clone(), &what, &v.deprecated, &w.deprecated);
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
                    Rule::EnumValueAdded,
                    item,
                    format!("new value `{}` of `{}` (sent only)", w.wire, n.ident),
                );
            } else {
                cx.push(
                    Rule::EnumValueAddedResponse,
                    item,
                    format!("new value `{}` of `{}` in responses: enums are open, but a `match` may change meaning", w.wire, n.ident),
                );
            }
        }
    }
    for n in &new.enums {
        if !old.enums.iter().any(|e| e.ident == n.ident) {
            let item = cx.path(&n.ident);
            cx.push(Rule::EnumAdded, item, format!("new enum `{}`", n.ident));
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
