//! The doc's example responses, split by the runtime's own envelope and checked against the
//! operation's error rows and response type.

use std::collections::HashSet;

use serde_json::Value;

use crate::diag::{Diagnostic, YamlPath};
use crate::examples::Types;
use crate::names;
use crate::source_map::block_text_pos;
use crate::spec::{ErrorCode, ErrorRow, Example, OperationSpec, RuntimeEnvelope, VendorSpec};
use vodspec_envelope::Split;

use super::{Cx, Resolved, did_you_mean};

pub(super) fn check_examples(
    cx: &mut Cx,
    vendor: Option<&VendorSpec>,
    op: &OperationSpec,
    r: &Resolved,
) {
    let ep = YamlPath::root().key("examples");
    let mut names = HashSet::new();
    for (i, ex) in op.examples.iter().enumerate() {
        let xp = ep.index(i);
        if !names.insert(&ex.name) {
            cx.err(
                &xp.key("name"),
                "valid-example",
                format!(
                    "two examples are named `{}`; names become test names",
                    ex.name
                ),
            );
        }
        if !names::is_identifier(&ex.name) || names::snake(&ex.name) != ex.name {
            cx.err(
                &xp.key("name"),
                "valid-example",
                format!(
                    "example names are snake_case; write `{}`",
                    names::snake(&ex.name)
                ),
            );
        }
        if ex.body.trim().is_empty() {
            // The one body that is not JSON: a success of an operation without a `response`,
            // which the runtime decodes to `()`.
            let status = ex.status.unwrap_or(crate::spec::DEFAULT_EXAMPLE_STATUS);
            let problem = if op.response.is_some() {
                Some("the body is empty, and this operation documents a `response`")
            } else if ex.error.is_some() || !(200..300).contains(&status) {
                Some("an empty body is a success: no `error:`, and a 2xx status")
            } else {
                None
            };
            if let Some(p) = problem {
                cx.err(&xp.key("body"), "valid-example", p);
            }
            continue;
        }
        let body: Value = match serde_json::from_str(&ex.body) {
            Ok(v) => v,
            Err(e) => {
                let bp = xp.key("body");
                let pos = match cx.map.node(&bp) {
                    Some(n) if n.block => Some(block_text_pos(n.value, e.line(), e.column())),
                    _ => cx.map.locate(&bp),
                };
                cx.out.push(Diagnostic {
                    file: cx.file.to_path_buf(),
                    pos,
                    path: bp,
                    rule: "valid-example",
                    message: format!("body is not valid JSON: {e}"),
                });
                continue;
            }
        };
        let Some(v) = vendor else { continue };
        if let Some(err) = &ex.error
            && !op.errors.contains_key(err)
            && !v.errors.contains_key(err)
        {
            let all = op.errors.keys().chain(v.errors.keys()).map(String::as_str);
            cx.err(
                &xp.key("error"),
                "valid-example",
                format!(
                    "no error row `{err}` in this file or the vendor file{}",
                    did_you_mean(err, all)
                ),
            );
            continue;
        }
        let row = ex
            .error
            .as_ref()
            .and_then(|e| op.errors.get(e).or_else(|| v.errors.get(e)));
        for msg in check_envelope(v, op, r, ex, row, &body) {
            cx.err(&xp.key("body"), "valid-example", msg);
        }
    }
}

/// Checks one example body as the runtime would receive it: split by the vendor's envelope (the
/// runtime's own), then an error against its row and a success against the response type.
fn check_envelope(
    v: &VendorSpec,
    op: &OperationSpec,
    r: &Resolved,
    ex: &Example,
    row: Option<&ErrorRow>,
    body: &Value,
) -> Vec<String> {
    let Some(runtime) = v.envelope.runtime() else {
        return Vec::new(); // the vendor file's missing success_code is reported there
    };
    let envelope = runtime.envelope();
    let status = ex.status.unwrap_or(crate::spec::DEFAULT_EXAMPLE_STATUS);
    let split = match envelope.split(status, None, ex.body.as_bytes()) {
        Ok(split) => split,
        Err(e) => return vec![e.reason],
    };
    let mut errs = envelope.example_problems(body, matches!(split, Split::Error(_)));
    let data = match split {
        Split::Error(meta) => {
            match row {
                None => errs.push(format!(
                    "this is an error response (code {}); name its error row in `error:`",
                    meta.code
                )),
                Some(row) => {
                    if let Some(want) = row.code.as_ref().map(ErrorCode::code)
                        && !want.matches(&meta.code)
                    {
                        errs.push(format!(
                            "the body's code {} does not match the row's {want}",
                            meta.code
                        ));
                    }
                    if let Some(want) = &row.message
                        && *want != meta.message
                    {
                        errs.push(format!(
                            "the body's message {:?} does not match the row's {want:?}",
                            meta.message
                        ));
                    }
                }
            }
            return errs;
        }
        Split::Data(range) => serde_json::from_str(&ex.body[range]).unwrap_or(Value::Null),
        Split::Null => Value::Null,
    };
    if row.is_some() {
        errs.push("`error:` names a row but the body is a success response".into());
        return errs;
    }
    let Some(t) = &r.response else { return errs };
    let types = Types {
        defs: &op.types,
        fields: &r.fields,
    };
    let at = match runtime {
        RuntimeEnvelope::Plain(_) => "body",
        RuntimeEnvelope::Code(_) => "data",
    };
    types.check(&data, t, None, at, &mut errs);
    errs
}
