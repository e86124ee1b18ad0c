//! Lowering a validated tree: each vendor and operation, its types read from validation's
//! `Resolved`, every name decided once.

use std::collections::HashSet;

use crate::load::{OperationFile, SpecTree, VendorTree};
use crate::names;
use crate::spec::{self, EnumWire, ListStyle, Method};
use crate::type_expr::{Prim, TypeExpr};
use crate::validate::Resolved;

use super::{
    Auth, Callback, Cancels, Crates, Creates, Credential, Enum, ErrorRow, Example, Field, Fill, Ir,
    Model, Operation, Options, Pagination, Param, SignPart, Step, SubCrate, Ty, TypeNames, Variant,
    Vendor, Waiter, cli_flag, escape, generated_types,
};

/// Lowers a validated tree.
pub(crate) fn lower(tree: &SpecTree, resolved: &[Vec<Resolved>], options: &Options) -> Ir {
    let crate_name = options.crate_name.replace('-', "_");
    let mut vendors = Vec::new();
    for (vt, rs) in tree.vendors.iter().zip(resolved) {
        if let Some(v) = lower_vendor(vt, rs, &crate_name) {
            vendors.push(v);
        }
    }
    vendors.sort_by(|a, b| a.id.cmp(&b.id));
    Ir {
        vendors,
        crate_name,
    }
}

/// A crate per service when the vendor asks for it (see [`Crates`]).
fn crates(
    crate_name: &str,
    vendor: &str,
    layout: spec::CrateLayout,
    operations: &[Operation],
) -> Option<Crates> {
    let mut features: Vec<&str> = operations.iter().map(|o| o.feature.as_str()).collect();
    features.sort_unstable();
    features.dedup();
    let sub = |feature: &str| {
        let (package, ident, dir) = names::sub_crate(crate_name, feature);
        SubCrate {
            feature: feature.to_owned(),
            package,
            ident,
            dir,
        }
    };
    (layout == spec::CrateLayout::PerService && !features.is_empty()).then(|| Crates {
        core: sub(vendor),
        services: features.into_iter().map(sub).collect(),
    })
}

fn lower_vendor(vt: &VendorTree, resolved: &[Resolved], crate_name: &str) -> Option<Vendor> {
    let vf = vt.vendor.as_ref()?;
    let v = &vf.spec;
    let credentials = v
        .credentials
        .iter()
        .map(|(name, c)| Credential {
            name: name.clone(),
            ident: escape(names::snake(name)),
            env: c.env.clone(),
            sensitive: c.sensitive,
            optional: c.optional,
            doc: c.doc.clone(),
        })
        .collect();
    let pairs: Vec<(&OperationFile, &Resolved)> = vt.operations.iter().zip(resolved).collect();
    let mut operations: Vec<Operation> =
        crate::par::map(&pairs, |(op, r)| lower_operation(v, op, r));
    operations.sort_by(|a, b| a.name.cmp(&b.name));
    let crates = crates(crate_name, &vt.name, v.crates, &operations);
    Some(Vendor {
        layout: v.crates,
        crates,
        id: vt.name.clone(),
        module: escape(names::snake(&vt.name)),
        spec_file: slash_path(&vf.rel),
        title: v.title.clone(),
        doc: v.doc.clone(),
        sources: v.sources.clone(),
        base_url: v.base_url.clone(),
        regions: v
            .regions
            .iter()
            .map(|(k, r)| (k.clone(), r.base_url.clone()))
            .collect(),
        credentials,
        auth: v
            .auth
            .iter()
            .map(|a| Auth {
                scheme: a.scheme,
                uses: a.uses.iter().map(|u| escape(names::snake(u))).collect(),
                max_clock_skew_seconds: a.max_clock_skew_seconds,
            })
            .collect(),
        envelope: v.envelope.clone(),
        rate_limit: v.rate_limit.clone(),
        operations,
        errors: v
            .errors
            .iter()
            .map(|(n, row)| lower_error(n, row, true))
            .collect(),
        notes: v.notes.clone(),
    })
}

fn slash_path(p: &std::path::Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

fn lower_operation(v: &spec::VendorSpec, of: &OperationFile, r: &Resolved) -> Operation {
    let op = &of.file.spec;
    // `self` would make the marker type `Self`, which no escaping can name.
    let mut prefix = names::camel(&of.name);
    if names::is_keyword(&prefix) {
        prefix.push_str("Op");
    }
    let tn = TypeNames::new(op, &prefix);
    let fallback = Ty::Prim(Prim::Json);

    let mut flags = HashSet::new();
    let params: Vec<Param> = op
        .params
        .iter()
        .map(|(wire, p)| {
            let mut ident = p.name.clone().unwrap_or_else(|| names::snake(wire));
            if names::REQUEST_ITEMS.contains(&ident.as_str()) {
                ident.push_str("_param");
            }
            let fill = p.from.as_deref().and_then(|f| match f.split_once('.') {
                Some(("credentials", c)) => Some(Fill::Credential(escape(names::snake(c)))),
                Some(("auth", s)) => Some(Fill::Auth(s.to_owned())),
                _ => None,
            });
            Param {
                wire: wire.clone(),
                cli_flag: cli_flag(wire, &mut flags),
                ident: escape(ident),
                location: p.location,
                ty: r
                    .params
                    .get(wire)
                    .map_or(fallback.clone(), |t| tn.ty(op, t)),
                required: p.required && fill.is_none(),
                fill,
                doc: with_remark(&p.doc, &p.remark),
                default: p.default.clone(),
                limits: p.limits(),
                format: p.format,
                style: p.style.unwrap_or(ListStyle::Repeat),
                encoding: p.encoding,
                sensitive: p.sensitive,
                deprecated: p.deprecated.clone(),
            }
        })
        .collect();

    let rules = op
        .param_rules
        .iter()
        .map(|rule| {
            let idx = rule
                .at_least_one_of
                .iter()
                .filter_map(|n| op.params.get_index_of(n))
                .collect();
            (idx, rule.doc.clone())
        })
        .collect();

    let request_models = crate::validate::request_models(op, r);
    let mut models = Vec::new();
    let mut enums = Vec::new();
    for (name, def) in &op.types {
        let ident = tn.by_spec[name].clone();
        if let Some(fields) = &def.fields {
            models.push(Model {
                ident,
                name: name.clone(),
                doc: def.doc.clone(),
                fields: fields
                    .iter()
                    .map(|(wire, f)| Field {
                        wire: wire.clone(),
                        ident: field_ident(wire, f),
                        ty: r
                            .fields
                            .get(&(name.clone(), wire.clone()))
                            .map_or(fallback.clone(), |t| tn.ty(op, t)),
                        doc: with_remark(&f.doc, &f.remark),
                        lenient: f.lenient,
                        format: f.format,
                        sensitive: f.sensitive,
                        deprecated: f.deprecated.clone(),
                        limits: f.limits(),
                    })
                    .collect(),
                request: request_models.contains(&name.as_str()),
            });
        } else if let (Some(wire), Some(values)) = (def.enum_type, &def.values) {
            enums.push(Enum {
                ident,
                doc: def.doc.clone(),
                wire,
                variants: values
                    .iter()
                    .map(|(w, val)| {
                        let vi = names::variant(val.name.as_deref().unwrap_or(w));
                        Variant {
                            wire: match wire {
                                // `-01`, `+1` and `1` are one integer; emit its canonical text.
                                EnumWire::Int => {
                                    w.trim().parse::<i64>().map_or(w.clone(), |i| i.to_string())
                                }
                                EnumWire::String => w.clone(),
                            },
                            ident: vi,
                            doc: val.doc.clone(),
                            meanings: val
                                .meanings
                                .iter()
                                .flatten()
                                .map(|(k, m)| (k.clone(), m.clone()))
                                .collect(),
                            undocumented: val.undocumented,
                            deprecated: val.deprecated.clone(),
                        }
                    })
                    .collect(),
                depends_on: def.depends_on.clone(),
            });
        }
    }

    let errors = op
        .errors
        .iter()
        .map(|(n, row)| lower_error(n, row, false))
        .chain(v.errors.iter().map(|(n, row)| lower_error(n, row, true)))
        .collect::<Vec<_>>();

    let response = op.response.as_ref().map(|_| {
        r.response
            .as_ref()
            .map_or(fallback.clone(), |t| tn.ty(op, t))
    });
    let steps = |path: &str| lower_path(op, r, &tn, path);
    let variant_of = |enum_ident: &str, wire: &str| -> String {
        enums
            .iter()
            .find(|e| e.ident == enum_ident)
            .and_then(|e| {
                e.variants
                    .iter()
                    .find(|x| x.wire == canonical(e.wire, wire))
            })
            .map_or_else(|| names::variant(wire), |x| x.ident.clone())
    };
    let waiter = op.waiter.as_ref().and_then(|w| {
        let (path, end) = steps(&w.path)?;
        let Ty::Enum(enum_ident, _) = end.core().clone() else {
            return None;
        };
        let map =
            |vals: &[spec::WireValue]| vals.iter().map(|x| variant_of(&enum_ident, &x.0)).collect();
        let ids = match &w.ids {
            // Param keys are wire names.
            Some(i) => Some((i.param.clone(), steps(&i.path)?.0)),
            None => None,
        };
        Some(Waiter {
            success: map(&w.success),
            failure: map(&w.failure),
            pending: map(&w.pending),
            errors: w.errors.iter().map(|(k, v)| (k.clone(), *v)).collect(),
            ids,
            path,
            enum_ident,
            doc: w.doc.clone(),
        })
    });
    let param_ident = |wire: &str| {
        params
            .iter()
            .find(|p| p.wire == wire)
            .map(|p| p.ident.clone())
    };
    let creates = op.creates.as_ref().map(|c| Creates {
        waiter: c.waiter.clone(),
        param: c.param.clone(),
        id: c
            .id
            .as_deref()
            .and_then(|p| steps(p).map(|s| s.0))
            .unwrap_or_default(),
        id_param: c.id_param.clone(),
    });
    let cancels = op.cancels.as_ref().map(|c| Cancels {
        waiter: c.waiter.clone(),
        param: c.param.clone(),
        refused: c.refused.clone(),
    });
    let callback = op.callback.as_ref().map(|c| Callback {
        method: format!("{}_callback", names::snake(&of.name)),
        url_param: c.url_param.clone(),
        payload: r
            .callback
            .as_ref()
            .map_or(fallback.clone(), |t| tn.ty(op, t)),
        encoding: c.encoding,
        scheme: c.signature.scheme,
        param: c.signature.param.clone(),
        over: c
            .signature
            .parts()
            .into_iter()
            .filter_map(Result::ok)
            .map(|p| match p {
                spec::SignPart::Text(t) => SignPart::Text(t.to_owned()),
                spec::SignPart::Payload(f) => SignPart::Payload(f.to_owned()),
                spec::SignPart::Credential(c) => SignPart::Credential(c.to_owned()),
            })
            .collect(),
        doc: c.doc.clone(),
        signature_doc: c.signature.doc.clone(),
        example: c.example.clone(),
    });
    let pagination = op.pagination.as_ref().and_then(|pg| {
        Some(Pagination {
            page_param: param_ident(&pg.page_param)?,
            size_param: param_ident(&pg.size_param)?,
            first_page: pg.first_page,
            items: steps(&pg.items)?.0,
            truncated: pg.truncated.as_deref().and_then(|p| steps(p).map(|s| s.0)),
            total: pg.total.as_deref().and_then(|p| steps(p).map(|s| s.0)),
        })
    });
    let examples = op
        .examples
        .iter()
        .map(|ex| Example {
            ident: escape(names::snake(&ex.name)),
            doc: ex.doc.clone(),
            request: ex.request.clone(),
            status: ex.status,
            error: ex.error.as_ref().map(|e| names::variant(e)),
            body: ex.body.clone(),
        })
        .collect();

    let [request_ident, input_ident, error_ident, kind_ident] = generated_types(&prefix);
    Operation {
        name: of.name.clone(),
        ident: escape(names::snake(&of.name)),
        request_ident,
        input_ident,
        error_ident,
        kind_ident,
        prefix,
        spec_file: slash_path(&of.file.rel),
        service: of.service.clone(),
        feature: names::service_feature(&v.vendor, &of.service),
        summary: op.summary.clone(),
        doc: op.doc.clone(),
        source: op.source.clone(),
        method: op.http.method,
        also_accepts: op.http.also_accepts.clone(),
        idempotent: op.http.idempotent.unwrap_or(op.http.method != Method::Post),
        path: op.http.path.clone(),
        body: op.http.body,
        params,
        rules,
        response,
        models,
        enums,
        errors,
        waiter,
        pagination,
        creates,
        cancels,
        callback,
        rate_limit: op.rate_limit.clone(),
        examples,
        notes: op.notes.clone(),
        deprecated: op.deprecated.clone(),
    }
}

fn canonical(wire: EnumWire, s: &str) -> String {
    match wire {
        EnumWire::Int => s
            .trim()
            .parse::<i64>()
            .map_or(s.to_owned(), |i| i.to_string()),
        EnumWire::String => s.to_owned(),
    }
}

/// The vendor's text, then the spec author's remark, marked as ours.
fn with_remark(doc: &Option<String>, remark: &Option<String>) -> Option<String> {
    match (doc, remark) {
        (d, None) => d.clone(),
        (None, Some(r)) => Some(format!(
            "(vodspec's remark, not the vendor's: {})",
            r.trim()
        )),
        (Some(d), Some(r)) => Some(format!(
            "{}\n(vodspec's remark, not the vendor's: {})",
            d.trim_end(),
            r.trim()
        )),
    }
}

fn lower_error(name: &str, row: &spec::ErrorRow, vendor_wide: bool) -> ErrorRow {
    ErrorRow {
        name: name.to_owned(),
        ident: names::variant(name),
        code: row.code.clone(),
        message: row.message.clone(),
        http_status: row.http_status,
        doc: with_remark(&row.doc, &row.remark),
        auth: row.auth,
        vendor_wide,
    }
}

/// Resolves a response path to Rust steps and the type at its end.
fn lower_path(
    op: &spec::OperationSpec,
    r: &Resolved,
    tn: &TypeNames,
    path: &str,
) -> Option<(Vec<Step>, Ty)> {
    let mut cur = r.response.clone()?;
    let mut steps = Vec::new();
    for seg in path.split('.') {
        let (name, each) = match seg.strip_suffix("[]") {
            Some(n) => (n, true),
            None => (seg, false),
        };
        let TypeExpr::Named(tname) = cur.core() else {
            return None;
        };
        let field = op.types.get(tname)?.fields.as_ref()?.get(name)?;
        let ft = r.fields.get(&(tname.clone(), name.to_owned()))?.clone();
        steps.push(Step {
            ident: field_ident(name, field),
            wire: name.to_owned(),
            optional: matches!(ft, TypeExpr::Optional(_) | TypeExpr::Nullable(_)),
            each,
        });
        cur = if each {
            match ft.core() {
                TypeExpr::List(inner) => (**inner).clone(),
                _ => return None,
            }
        } else {
            ft
        };
    }
    Some((steps, tn.ty(op, &cur)))
}

/// A model field's Rust name: the spec's `name`, else snake_case of the wire name; suffixed
/// where it would shadow what every model has (`names::MODEL_ITEMS`), as a param's setter is.
fn field_ident(wire: &str, f: &spec::Field) -> String {
    let mut ident = f.name.clone().unwrap_or_else(|| names::snake(wire));
    if names::MODEL_ITEMS.contains(&ident.as_str()) {
        ident.push_str("_field");
    }
    escape(ident)
}
