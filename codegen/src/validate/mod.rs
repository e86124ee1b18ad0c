//! Semantic checks over a loaded tree. Every rule has a name, every diagnostic says what to fix,
//! and all problems are collected in one run.
//!
//! Rules: `vendor-name`, `base-url`, `credentials`, `auth`, `envelope`, `error-row`,
//! `duplicate-error`, `operation-name`, `service-name`, `path-params-match-template`, `param`, `param-rule`,
//! `type-syntax`, `unresolved-type`, `type-def`, `unused-type`, `optional-placement`,
//! `constraint-applies`, `constraint-contradiction`, `request-model`, `encoding-applies`, `default-invalid`, `lenient`, `format`,
//! `no-case-collisions`, `enum-value`, `depends-on`, `valid-waiter`, `valid-pagination`, `valid-creates`, `valid-cancels`, `valid-callback`,
//! `valid-example`, `source`. Loading adds `yaml-syntax`, `spec-shape`, `duplicate-key`,
//! `no-anchors`, `no-tags`, `encoding`, `empty-file`, `file-size`, `file-name`, `tree-layout`,
//! `missing-vendor-file`, `read`.
//!
//! `resolve` works out an operation's types once (lowering reads the result too); the rules then
//! live by what they check: `vendor`, `types`, `params`, `request` (request models,
//! encodings), `paths` (waiter, pagination) and `examples`.

use std::path::Path;

use crate::diag::{Diagnostic, YamlPath};
use crate::load::SpecTree;
use crate::source_map::SourceMap;
use crate::spec::{OperationSpec, VendorSpec};
use crate::type_expr::{self, TypeExpr};

/// Validates every loaded file of the tree.
pub fn validate(tree: &SpecTree) -> Vec<Diagnostic> {
    validate_resolving(tree).0
}

/// Validates, and hands back each operation's resolved types (per vendor, per operation, in tree
/// order) so lowering does not work them out again.
pub(crate) fn validate_resolving(tree: &SpecTree) -> (Vec<Diagnostic>, Vec<Vec<Resolved>>) {
    let mut out = Vec::new();
    let mut resolved = Vec::new();
    check_service_names(tree, &mut out);
    for vt in &tree.vendors {
        if let Some(vf) = &vt.vendor {
            let mut cx = Cx::new(vf.rel.as_path(), &vf.map, &mut out);
            check_vendor(&mut cx, &vt.name, &vf.spec);
        }
        check_operation_names(vt, &mut out);
        let checked = crate::par::map(&vt.operations, |op| {
            let mut d = Vec::new();
            let mut cx = Cx::new(op.file.rel.as_path(), &op.file.map, &mut d);
            let r = check_operation(&mut cx, vt.vendor.as_ref().map(|v| &v.spec), &op.file.spec);
            (r, d)
        });
        let mut ops = Vec::new();
        for (r, d) in checked {
            out.extend(d);
            ops.push(r);
        }
        check_creates(vt, &ops, &mut out);
        check_service_cycles(vt, &mut out);
        check_cancels(vt, &mut out);
        resolved.push(ops);
    }
    (out, resolved)
}

/// Where diagnostics of one file go.
struct Cx<'a> {
    file: &'a Path,
    map: &'a SourceMap,
    out: &'a mut Vec<Diagnostic>,
}

impl<'a> Cx<'a> {
    fn new(file: &'a Path, map: &'a SourceMap, out: &'a mut Vec<Diagnostic>) -> Self {
        Cx { file, map, out }
    }

    fn err(&mut self, path: &YamlPath, rule: &'static str, message: impl Into<String>) {
        let pos = self.map.locate(path);
        self.out.push(Diagnostic {
            file: self.file.to_path_buf(),
            pos,
            path: path.clone(),
            rule,
            message: message.into(),
        });
    }

    /// A diagnostic at the key of a mapping entry (for "this name…" problems).
    fn err_at_key(&mut self, path: &YamlPath, rule: &'static str, message: impl Into<String>) {
        let pos = self
            .map
            .node(path)
            .and_then(|n| n.key)
            .or_else(|| self.map.locate(path));
        self.out.push(Diagnostic {
            file: self.file.to_path_buf(),
            pos,
            path: path.clone(),
            rule,
            message: message.into(),
        });
    }

    /// Parses a type expression, reporting a syntax error at its exact column.
    fn parse_type(&mut self, path: &YamlPath, src: &str) -> Option<TypeExpr> {
        match type_expr::parse(src) {
            Ok(t) => Some(t),
            Err(e) => {
                let pos = self
                    .map
                    .locate_in_scalar(path, e.offset)
                    .or_else(|| self.map.locate(path));
                self.out.push(Diagnostic {
                    file: self.file.to_path_buf(),
                    pos,
                    path: path.clone(),
                    rule: "type-syntax",
                    message: format!("in type `{src}`: {}", e.message),
                });
                None
            }
        }
    }
}

fn did_you_mean<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    let best = candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(name, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match best {
        Some((_, c)) => format!("; did you mean `{c}`?"),
        None => String::new(),
    }
}

fn check_url(cx: &mut Cx, path: &YamlPath, url: &str) {
    if !(url.starts_with("https://") || url.starts_with("http://")) || url.len() < 10 {
        cx.err(path, "source", format!("`{url}` is not an http(s) URL"));
    }
}

mod callback;
mod creates;
mod examples;
mod params;
mod paths;
mod request;
mod resolve;
mod types;
mod vendor;

use callback::check_callback;
use creates::{check_cancels, check_creates, check_service_cycles};
use examples::check_examples;
use params::check_http_and_params;
use paths::{check_pagination, check_promises, check_waiter};
use request::check_request_models;
pub(crate) use request::request_models;
pub(crate) use resolve::Resolved;
use resolve::resolve_types;
use types::{check_format, check_type_defs, check_unused_types};
use vendor::{
    check_error_table, check_operation_names, check_rate_limit, check_service_names, check_vendor,
};

/// Every rule of one operation file, in the order the spec reads.
fn check_operation(cx: &mut Cx, vendor: Option<&VendorSpec>, op: &OperationSpec) -> Resolved {
    let root = YamlPath::root();
    check_url(cx, &root.key("source").key("url"), &op.source.url);
    let r = resolve_types(cx, op);
    check_type_defs(cx, op, &r);
    check_http_and_params(cx, vendor, op, &r);
    check_request_models(cx, op, &r);
    check_callback(cx, vendor, op, &r);
    check_unused_types(cx, op, &r);
    if let Some(v) = vendor {
        check_error_table(
            cx,
            &root.key("errors"),
            &op.errors,
            v.envelope.scheme,
            Some(&v.errors),
        );
    }
    if let Some(rl) = &op.rate_limit {
        check_rate_limit(cx, &root.key("rate_limit"), rl.requests, rl.per_seconds);
    }
    check_promises(cx, op, &r);
    check_waiter(cx, vendor, op, &r);
    check_pagination(cx, op, &r);
    check_examples(cx, vendor, op, &r);
    r
}
