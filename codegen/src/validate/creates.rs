//! A create's `creates`: the operation whose waiter watches the new task exists in the vendor,
//! has a waiter and a caller param for the id, and the id is a single scalar of the response.
//! A cancel's `cancels`: the same operation, its own param naming the task, and the error row
//! of a task that has started.

use crate::diag::{Diagnostic, YamlPath};
use crate::load::VendorTree;
use crate::type_expr::{Prim, TypeExpr};

use super::paths::walk;
use super::{Cx, Resolved, did_you_mean};

/// Text or an integer: what an id can be on both sides.
fn id_like(t: &TypeExpr) -> bool {
    matches!(
        t.core(),
        TypeExpr::Prim(Prim::String | Prim::I32 | Prim::I64 | Prim::U32 | Prim::U64)
    )
}

/// Checks every `creates` of a vendor's operations against the operations it names.
pub(super) fn check_creates(vt: &VendorTree, resolved: &[Resolved], out: &mut Vec<Diagnostic>) {
    for (of, r) in vt.operations.iter().zip(resolved) {
        let op = &of.file.spec;
        let Some(c) = &op.creates else { continue };
        let mut cx = Cx::new(of.file.rel.as_path(), &of.file.map, out);
        let cp = YamlPath::root().key("creates");
        match vt.operations.iter().position(|o| o.name == c.waiter) {
            None => {
                let names = vt.operations.iter().map(|o| o.name.as_str());
                cx.err(
                    &cp.key("waiter"),
                    "valid-creates",
                    format!(
                        "no operation `{}` in this vendor{}",
                        c.waiter,
                        did_you_mean(&c.waiter, names)
                    ),
                );
            }
            Some(i) => {
                let target = &vt.operations[i].file.spec;
                if target.waiter.is_none() {
                    cx.err(
                        &cp.key("waiter"),
                        "valid-creates",
                        format!("`{}` has no waiter to watch the new task", c.waiter),
                    );
                }
                match (target.params.get(&c.param), resolved[i].params.get(&c.param)) {
                    (None, _) => cx.err(
                        &cp.key("param"),
                        "valid-creates",
                        format!(
                            "`{}` has no param `{}`{}",
                            c.waiter,
                            c.param,
                            did_you_mean(&c.param, target.params.keys().map(String::as_str))
                        ),
                    ),
                    (Some(p), _) if p.from.is_some() => cx.err(
                        &cp.key("param"),
                        "valid-creates",
                        format!("`{}`'s `{}` is filled by the client, not by the caller", c.waiter, c.param),
                    ),
                    (Some(_), Some(t)) if !id_like(t) && !matches!(t, TypeExpr::List(e) if id_like(e)) => cx.err(
                        &cp.key("param"),
                        "valid-creates",
                        format!("`{}`'s `{}` is `{t}`; an id param is text, an integer, or a list of them", c.waiter, c.param),
                    ),
                    _ => {}
                }
            }
        }
        if let Some(own) = &c.id_param {
            let ip = cp.key("id_param");
            if c.id.is_some() {
                cx.err(&ip, "valid-creates", "the id is either in the response (`id`) or a request param (`id_param`), not both");
            }
            match (op.params.get(own), r.params.get(own)) {
                (None, _) => cx.err(
                    &ip,
                    "valid-creates",
                    format!(
                        "no param `{own}` in this operation{}",
                        did_you_mean(own, op.params.keys().map(String::as_str))
                    ),
                ),
                (Some(p), _) if p.from.is_some() || !p.required => cx.err(
                    &ip,
                    "valid-creates",
                    format!(
                        "`{own}` names the task, so it must be a required param the caller sets"
                    ),
                ),
                (Some(_), Some(t)) if !id_like(t) => cx.err(
                    &ip,
                    "valid-creates",
                    format!("`{own}` is `{t}`; an id is text or an integer"),
                ),
                _ => {}
            }
            continue;
        }
        let id = match (&c.id, &op.response) {
            (_, None) => {
                cx.err(
                    &cp,
                    "valid-creates",
                    "this operation has no `response` to read the new task's id from",
                );
                continue;
            }
            (None, Some(_)) => r.response.clone().ok_or(None),
            (Some(path), Some(_)) if path.contains("[]") => Err(Some(format!(
                "`{path}` crosses a list; a create starts one task"
            ))),
            (Some(path), Some(_)) => walk(op, r, path),
        };
        match id {
            Err(None) => {}
            Err(Some(e)) => cx.err(&cp.key("id"), "valid-creates", e),
            Ok(t) if !id_like(&t) => cx.err(
                &if c.id.is_some() {
                    cp.key("id")
                } else {
                    cp.clone()
                },
                "valid-creates",
                format!("the new task's id is `{t}`; an id is text or an integer"),
            ),
            Ok(_) => {}
        }
    }
}

/// A vendor of `crates: per-service` compiles as a crate per service, and a create that waits
/// through another service's operation makes its crate depend on that one's: two services
/// whose creates wait through each other (or any longer loop) cannot be built.
pub(super) fn check_service_cycles(vt: &VendorTree, out: &mut Vec<Diagnostic>) {
    let layout = vt.vendor.as_ref().map(|v| v.spec.crates);
    if layout != Some(crate::spec::CrateLayout::PerService) {
        return;
    }
    use std::collections::{BTreeMap, BTreeSet};
    let service_of = |name: &str| {
        vt.operations
            .iter()
            .find(|o| o.name == name)
            .map(|o| o.service.as_str())
    };
    let mut edges: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for of in &vt.operations {
        let to = of
            .file
            .spec
            .creates
            .as_ref()
            .and_then(|c| service_of(&c.waiter));
        if let Some(to) = to.filter(|to| *to != of.service) {
            edges.entry(of.service.as_str()).or_default().insert(to);
        }
    }
    let reaches = |from: &str, to: &str| {
        let (mut seen, mut todo) = (BTreeSet::new(), vec![from]);
        while let Some(s) = todo.pop() {
            if s == to {
                return true;
            }
            if seen.insert(s) {
                todo.extend(edges.get(s).into_iter().flatten().copied());
            }
        }
        false
    };
    for of in &vt.operations {
        let Some(c) = &of.file.spec.creates else {
            continue;
        };
        let Some(to) = service_of(&c.waiter).filter(|to| *to != of.service) else {
            continue;
        };
        if reaches(to, &of.service) {
            Cx::new(of.file.rel.as_path(), &of.file.map, out).err(
                &YamlPath::root().key("creates").key("waiter"),
                "valid-creates",
                format!(
                    "`{}` is in service `{to}`, whose creates wait (directly or not) through service `{}`: each service is its own crate, and two crates cannot depend on each other; move one of the operations so the services' creates wait one way only",
                    c.waiter, of.service
                ),
            );
        }
    }
}

/// Checks every `cancels` of a vendor's operations against the operations and rows it names.
pub(super) fn check_cancels(vt: &VendorTree, out: &mut Vec<Diagnostic>) {
    for of in &vt.operations {
        let op = &of.file.spec;
        let Some(c) = &op.cancels else { continue };
        let mut cx = Cx::new(of.file.rel.as_path(), &of.file.map, out);
        let cp = YamlPath::root().key("cancels");
        match vt.operations.iter().find(|o| o.name == c.waiter) {
            None => cx.err(
                &cp.key("waiter"),
                "valid-cancels",
                format!(
                    "no operation `{}` in this vendor{}",
                    c.waiter,
                    did_you_mean(&c.waiter, vt.operations.iter().map(|o| o.name.as_str()))
                ),
            ),
            Some(t) if t.file.spec.waiter.is_none() => cx.err(
                &cp.key("waiter"),
                "valid-cancels",
                format!("`{}` has no waiter watching the tasks", c.waiter),
            ),
            Some(_) => {}
        }
        match op.params.get(&c.param) {
            None => cx.err(
                &cp.key("param"),
                "valid-cancels",
                format!(
                    "no param `{}` in this operation{}",
                    c.param,
                    did_you_mean(&c.param, op.params.keys().map(String::as_str))
                ),
            ),
            Some(p) if p.from.is_some() || !p.required => cx.err(
                &cp.key("param"),
                "valid-cancels",
                format!(
                    "`{}` names the task, so it must be a required param the caller sets",
                    c.param
                ),
            ),
            Some(_) => {}
        }
        let vendor_rows = vt
            .vendor
            .as_ref()
            .map(|v| v.spec.errors.keys().cloned().collect::<Vec<_>>())
            .unwrap_or_default();
        if !op.errors.contains_key(&c.refused) && !vendor_rows.contains(&c.refused) {
            let all = op.errors.keys().chain(&vendor_rows).map(String::as_str);
            cx.err(
                &cp.key("refused"),
                "valid-cancels",
                format!(
                    "no error row `{}` in this file or the vendor file{}",
                    c.refused,
                    did_you_mean(&c.refused, all)
                ),
            );
        }
    }
}
