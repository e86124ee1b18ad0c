//! What the request side of an operation changed: its params and their constraints.

use std::collections::BTreeSet;

use crate::ir::{self, Operation};
use crate::spec::Limits;

use super::{Cx, Rule, deprecated_changed, sensitive_changed, shown, text_changed, ty_name};

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
    let rule = if stricter {
        Rule::ConstraintStricter
    } else {
        Rule::ConstraintLooser
    };
    let item = cx.path(item);
    cx.push(
        rule,
        item,
        format!("{what}: {} → {}", shown(old), shown(new)),
    );
}

/// Each of a value's limits (a param's, a request-model field's) that moved, as stricter or
/// looser; `what` names the value (`` `size` ``).
pub(super) fn limits(cx: &mut Cx<'_>, item: &str, what: &str, old: &Limits, new: &Limits) {
    let w = |k: &str| format!("{what} {k}");
    bound(
        cx,
        item,
        &w("max_length"),
        old.max_length,
        new.max_length,
        true,
    );
    bound(
        cx,
        item,
        &w("min_length"),
        old.min_length,
        new.min_length,
        false,
    );
    bound(cx, item, &w("maximum"), old.maximum, new.maximum, true);
    bound(cx, item, &w("minimum"), old.minimum, new.minimum, false);
    bound(
        cx,
        item,
        &w("max_items"),
        old.max_items,
        new.max_items,
        true,
    );
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

/// The body's encoding, and the `at_least_one_of` groups (by the params' wire names, so that
/// reordering the params moves no group).
pub(super) fn body_and_groups(cx: &mut Cx<'_>, old: &Operation, new: &Operation) {
    let item = cx.path(&new.request_ident);
    if old.body != new.body {
        cx.push(
            Rule::BodyEncodingChanged,
            item.clone(),
            format!("the body: {:?} → {:?}", old.body, new.body),
        );
    }
    let groups = |o: &Operation| -> BTreeSet<Vec<String>> {
        o.rules
            .iter()
            .map(|(members, _)| {
                let mut wires: Vec<String> =
                    members.iter().map(|i| o.params[*i].wire.clone()).collect();
                wires.sort();
                wires
            })
            .collect()
    };
    let (before, after) = (groups(old), groups(new));
    for g in after.difference(&before) {
        cx.push(
            Rule::AtLeastOneOfAdded,
            item.clone(),
            format!("at least one of {} must be set now", g.join(", ")),
        );
    }
    for g in before.difference(&after) {
        cx.push(
            Rule::AtLeastOneOfRemoved,
            item.clone(),
            format!("at least one of {} no longer needs to be set", g.join(", ")),
        );
    }
}

pub(super) fn params(cx: &mut Cx<'_>, old: &Operation, new: &Operation) {
    body_and_groups(cx, old, new);
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
                        Rule::ParamWireRenamed,
                        item,
                        format!(
                            "param `{}` is sent as `{}` now (same setter)",
                            p.wire, n.wire
                        ),
                    ),
                    None => cx.push(
                        Rule::ParamRemoved,
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
                        Rule::RustNameChanged,
                        item,
                        format!("the setter of `{}` is `{}` now", p.wire, n.ident),
                    );
                }
                if n.ty != p.ty {
                    let item = cx.path(&nitem);
                    cx.push(
                        Rule::TypeChanged,
                        item,
                        format!("`{}`: `{}` → `{}`", p.wire, ty_name(&p.ty), ty_name(&n.ty)),
                    );
                }
                if n.required != p.required {
                    let (rule, what) = if n.required {
                        (Rule::ParamRequired, "is required now")
                    } else {
                        (Rule::ParamOptional, "is optional now")
                    };
                    let item = cx.path(&nitem);
                    cx.push(rule, item, format!("`{}` {what}", p.wire));
                }
                limits(cx, &nitem, &format!("`{}`", p.wire), &p.limits, &n.limits);
                if n.default != p.default {
                    let item = cx.path(&nitem);
                    cx.push(
                        Rule::DefaultChanged,
                        item,
                        format!(
                            "`{}`'s server default: {} → {}",
                            p.wire,
                            shown(p.default.as_ref()),
                            shown(n.default.as_ref())
                        ),
                    );
                }
                if n.encoding != p.encoding {
                    let item = cx.path(&nitem);
                    let name =
                        |e: Option<crate::spec::ValueEncoding>| e.map_or("plain", |e| e.name());
                    cx.push(
                        Rule::EncodingChanged,
                        item,
                        format!(
                            "`{}` is sent {} now (was {})",
                            p.wire,
                            name(n.encoding),
                            name(p.encoding)
                        ),
                    );
                }
                if n.style != p.style {
                    let item = cx.path(&nitem);
                    cx.push(
                        Rule::EncodingChanged,
                        item,
                        format!(
                            "`{}`'s list goes {:?} now (was {:?})",
                            p.wire, n.style, p.style
                        ),
                    );
                }
                let item = cx.path(&nitem);
                let what = format!("`{}`", p.wire);
                sensitive_changed(cx, item.clone(), &what, p.sensitive, n.sensitive);
                deprecated_changed(cx, item, &what, &p.deprecated, &n.deprecated);
                if n.location != p.location {
                    let item = cx.path(&nitem);
                    cx.push(
                        Rule::ParamMoved,
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
                Rule::ParamAddedRequired,
                item,
                format!("new required param `{}`", n.wire),
            );
        } else {
            cx.push(
                Rule::ParamAdded,
                item,
                format!("new optional param `{}`", n.wire),
            );
        }
    }
}
