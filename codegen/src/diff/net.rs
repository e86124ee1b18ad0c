//! The safety net under the rules: every IR fact of a vendor and an operation, compared, so a
//! change no rule reads is still reported.

use crate::ir::{Operation, Vendor};

use super::{Cx, Rule};

/// `(field name, its Debug text)` for each field of a struct, destructured exhaustively (bar the
/// `skip`ped ones) so a field added to the IR cannot be left out of the comparison.
macro_rules! facts {
    ($v:expr => $ty:ident { $($f:ident),* $(,)? } $(skip $($s:ident),*)?) => {{
        let $ty { $($f,)* $($($s: _,)*)? } = $v;
        vec![$((stringify!($f), format!("{:?}", $f))),*]
    }};
}

/// Every fact of a vendor but its operations (compared one by one).
pub(super) fn vendor_facts(v: &Vendor) -> Vec<(&'static str, String)> {
    facts!(v => Vendor {
        id, module, spec_file, title, doc, sources, base_url, regions, credentials, auth,
        envelope, rate_limit, errors, notes,
    } skip operations)
}

/// Every fact of an operation.
pub(super) fn operation_facts(o: &Operation) -> Vec<(&'static str, String)> {
    facts!(o => Operation {
        name, ident, prefix, request_ident, input_ident, error_ident, kind_ident, spec_file,
        summary, doc, source, method, also_accepts, idempotent, path, body, params, rules,
        response, models, enums, errors, waiter, pagination, creates, cancels, callback,
        rate_limit, examples,
        notes,
        deprecated,
    })
}

/// The safety net under the rules: when they found nothing in a scope whose facts differ, the
/// change still shows, as potentially breaking, naming the facts. An empty comparison thus
/// always means the same generated crate.
pub(super) fn unclassified(
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
            Rule::Unclassified,
            item,
            format!(
                "a change no rule classifies, in: {}; read the generated diff",
                differ.join(", ")
            ),
        );
    }
}
