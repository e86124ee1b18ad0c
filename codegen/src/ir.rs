//! The IR: a validated spec tree with every Rust name decided and every type resolved. Emit reads
//! names from here and never derives one itself.
//!
//! Lowering runs only on a tree that passed validation, with the types validation resolved, so it
//! has nothing left to check: where a lookup "cannot fail" it falls back to a harmless default
//! instead of panicking.

use std::collections::HashSet;

use indexmap::IndexMap;

use crate::load::{OperationFile, SpecTree, VendorTree};
use crate::names;
use crate::spec::{
    self, AuthScheme, BodyEncoding, EnumWire, Envelope, ErrorCode, Format, Lenient, ListStyle,
    Method, ParamLocation, RateLimit, Source,
};
use crate::type_expr::{Prim, TypeExpr};
use crate::validate::Resolved;

/// What lowering needs to know of the crate the code goes into.
#[derive(Debug, Clone)]
pub struct Options {
    /// The crate's Rust name (`vodspec`), for the doc examples, which are compiled from outside
    /// it.
    pub crate_name: String,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            crate_name: "vodspec".into(),
        }
    }
}

/// The whole tree.
#[derive(Debug)]
pub struct Ir {
    /// Vendors, sorted by id.
    pub vendors: Vec<Vendor>,
    /// See [`Options::crate_name`].
    pub crate_name: String,
}

/// One vendor: a module, a feature, a client.
#[derive(Debug)]
pub struct Vendor {
    /// Spec id and cargo feature (`polyv`).
    pub id: String,
    /// Module name.
    pub module: String,
    /// `polyv/vendor.yaml`.
    pub spec_file: String,
    /// Product name.
    pub title: String,
    /// Module docs.
    pub doc: Option<String>,
    /// Pages the vendor file was written from.
    pub sources: Vec<Source>,
    /// Base URL, possibly with `{region}`.
    pub base_url: String,
    /// Region id → override URL.
    pub regions: Vec<(String, Option<String>)>,
    /// Credential fields.
    pub credentials: Vec<Credential>,
    /// Auth schemes, default first.
    pub auth: Vec<Auth>,
    /// The envelope.
    pub envelope: Envelope,
    /// Vendor-wide rate limit.
    pub rate_limit: Option<RateLimit>,
    /// Operations, sorted by name.
    pub operations: Vec<Operation>,
    /// The vendor-wide error catalog.
    pub errors: Vec<ErrorRow>,
    /// Doc discrepancies.
    pub notes: Vec<String>,
}

/// A credential field.
#[derive(Debug)]
pub struct Credential {
    /// Spec name (`secret_key`).
    pub name: String,
    /// Rust field name.
    pub ident: String,
    /// Environment variable.
    pub env: String,
    /// Never printed.
    pub sensitive: bool,
    /// May be unset.
    pub optional: bool,
    /// Docs.
    pub doc: Option<String>,
}

/// One operation: a module, a client method, a builder, an error enum.
#[derive(Debug)]
pub struct Operation {
    /// kebab-case name (`get-snapshot-task-status`), the CLI subcommand.
    pub name: String,
    /// Module and client-method name.
    pub ident: String,
    /// `GetSnapshotTaskStatus`: the operation's marker type, and the prefix of its other types.
    pub prefix: String,
    /// The builder type.
    pub request_ident: String,
    /// The builder's state.
    pub input_ident: String,
    /// The error type.
    pub error_ident: String,
    /// The error-kind enum.
    pub kind_ident: String,
    /// `polyv/vod/get-snapshot-task-status.yaml`.
    pub spec_file: String,
    /// Page title.
    pub summary: String,
    /// Description.
    pub doc: Option<String>,
    /// The doc page.
    pub source: Source,
    /// HTTP method.
    pub method: Method,
    /// Other accepted methods.
    pub also_accepts: Vec<Method>,
    /// May be retried after it reached the server.
    pub idempotent: bool,
    /// Path template.
    pub path: String,
    /// Body encoding.
    pub body: Option<BodyEncoding>,
    /// Params in the doc's order.
    pub params: Vec<Param>,
    /// `at_least_one_of` rules, as param indices.
    pub rules: Vec<(Vec<usize>, Option<String>)>,
    /// The response data type.
    pub response: Ty,
    /// Models in the doc's order.
    pub models: Vec<Model>,
    /// Enums in the doc's order.
    pub enums: Vec<Enum>,
    /// Error rows: this endpoint's, then the vendor's.
    pub errors: Vec<ErrorRow>,
    /// The waiter.
    pub waiter: Option<Waiter>,
    /// Pagination.
    pub pagination: Option<Pagination>,
    /// Endpoint rate limit.
    pub rate_limit: Option<RateLimit>,
    /// The doc's examples.
    pub examples: Vec<Example>,
    /// Doc discrepancies.
    pub notes: Vec<String>,
    /// Deprecation text.
    pub deprecated: Option<String>,
}

/// A resolved type.
#[derive(Debug, Clone, PartialEq)]
pub enum Ty {
    /// A scalar.
    Prim(Prim),
    /// A model of this operation.
    Model(String),
    /// An enum of this operation.
    Enum(String, EnumWire),
    /// May be absent.
    Optional(Box<Ty>),
    /// May be null.
    Nullable(Box<Ty>),
    /// A list.
    List(Box<Ty>),
    /// A string-keyed map.
    Map(Box<Ty>),
}

impl Ty {
    /// Under `optional<>`/`nullable<>`.
    pub fn core(&self) -> &Ty {
        match self {
            Ty::Optional(t) | Ty::Nullable(t) => t.core(),
            t => t,
        }
    }
}

/// Where a client-filled param's value comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum Fill {
    /// A credential field, by Rust field name.
    Credential(String),
    /// An auth slot the signer fills.
    Auth(String),
}

/// A request param.
#[derive(Debug)]
pub struct Param {
    /// Wire name.
    pub wire: String,
    /// Builder method and field name.
    pub ident: String,
    /// The CLI flag, without `--` (kebab-case from the wire name).
    pub cli_flag: String,
    /// Where it goes.
    pub location: ParamLocation,
    /// Its type.
    pub ty: Ty,
    /// Must be set by the caller (never true for client-filled params).
    pub required: bool,
    /// Filled by the client.
    pub fill: Option<Fill>,
    /// Docs.
    pub doc: Option<String>,
    /// Server-side default.
    pub default: Option<serde_json::Value>,
    /// Length limits.
    pub min_length: Option<u64>,
    /// Length limits.
    pub max_length: Option<u64>,
    /// Range.
    pub minimum: Option<i64>,
    /// Range.
    pub maximum: Option<i64>,
    /// List limit.
    pub max_items: Option<u64>,
    /// Textual format.
    pub format: Option<Format>,
    /// List encoding.
    pub style: ListStyle,
    /// Never printed.
    pub sensitive: bool,
    /// Deprecation text.
    pub deprecated: Option<String>,
}

/// A response model.
#[derive(Debug)]
pub struct Model {
    /// Rust name.
    pub ident: String,
    /// Spec name.
    pub name: String,
    /// Docs.
    pub doc: Option<String>,
    /// Fields in the doc's order.
    pub fields: Vec<Field>,
}

/// A model field.
#[derive(Debug)]
pub struct Field {
    /// Wire name.
    pub wire: String,
    /// Rust name.
    pub ident: String,
    /// Type.
    pub ty: Ty,
    /// Docs.
    pub doc: Option<String>,
    /// Lenient decoder.
    pub lenient: Option<Lenient>,
    /// Textual format.
    pub format: Option<Format>,
    /// Never printed.
    pub sensitive: bool,
    /// Deprecation text.
    pub deprecated: Option<String>,
}

/// An open enum.
#[derive(Debug)]
pub struct Enum {
    /// Rust name.
    pub ident: String,
    /// Docs.
    pub doc: Option<String>,
    /// Wire type.
    pub wire: EnumWire,
    /// Known values in the doc's order.
    pub variants: Vec<Variant>,
    /// The sibling field the meanings depend on (wire name).
    pub depends_on: Option<String>,
}

/// A known enum value.
#[derive(Debug)]
pub struct Variant {
    /// Wire value (text of the integer for int enums).
    pub wire: String,
    /// Rust name.
    pub ident: String,
    /// Meaning.
    pub doc: Option<String>,
    /// Meanings by the depends_on field's value.
    pub meanings: Vec<(String, String)>,
    /// Only seen in an example.
    pub undocumented: bool,
    /// Deprecation text.
    pub deprecated: Option<String>,
}

/// An error-table row, a variant of the operation's error enum.
#[derive(Debug, Clone)]
pub struct ErrorRow {
    /// Spec name.
    pub name: String,
    /// Variant name.
    pub ident: String,
    /// Code to match.
    pub code: Option<ErrorCode>,
    /// Message to match.
    pub message: Option<String>,
    /// HTTP status, where documented.
    pub http_status: Option<u16>,
    /// Meaning.
    pub doc: Option<String>,
    /// A signature or timestamp error.
    pub auth: bool,
    /// From the vendor-wide catalog.
    pub vendor_wide: bool,
}

/// One step of a response path.
#[derive(Debug, Clone)]
pub struct Step {
    /// Field name in Rust.
    pub ident: String,
    /// Field name on the wire.
    pub wire: String,
    /// The field is optional (an `Option`).
    pub optional: bool,
    /// `[]`: each element of the list.
    pub each: bool,
}

/// An auth scheme of a vendor.
#[derive(Debug)]
pub struct Auth {
    /// The runtime's scheme.
    pub scheme: AuthScheme,
    /// The Rust names of the credentials it uses, in the scheme's role order.
    pub uses: Vec<String>,
    /// How far the vendor lets a request's timestamp be from its clock.
    pub max_clock_skew_seconds: Option<u32>,
}

/// A path as the wire spells it: `task_array[].status`.
pub fn wire_path(steps: &[Step]) -> String {
    let segs: Vec<String> = steps
        .iter()
        .map(|s| format!("{}{}", s.wire, if s.each { "[]" } else { "" }))
        .collect();
    segs.join(".")
}

/// A waiter over an enum at a response path.
#[derive(Debug)]
pub struct Waiter {
    /// Path to the enum.
    pub path: Vec<Step>,
    /// The enum's Rust name.
    pub enum_ident: String,
    /// Success variants.
    pub success: Vec<String>,
    /// Failure variants.
    pub failure: Vec<String>,
    /// Pending variants.
    pub pending: Vec<String>,
    /// Error rows (spec names) that say where the task is.
    pub errors: Vec<(String, spec::ErrorState)>,
    /// The request's list param (wire name) naming the tasks, and the path to each one's id.
    pub ids: Option<(String, Vec<Step>)>,
    /// Docs.
    pub doc: Option<String>,
}

/// Page-number pagination.
#[derive(Debug)]
pub struct Pagination {
    /// Page param's Rust name.
    pub page_param: String,
    /// Size param's Rust name.
    pub size_param: String,
    /// First page number.
    pub first_page: i64,
    /// Path to the items.
    pub items: Vec<Step>,
    /// Path to the truncated flag.
    pub truncated: Option<Vec<Step>>,
    /// Path to the total.
    pub total: Option<Vec<Step>>,
}

/// One of the doc's examples.
#[derive(Debug)]
pub struct Example {
    /// Test name.
    pub ident: String,
    /// Caption.
    pub doc: Option<String>,
    /// The request, verbatim.
    pub request: Option<String>,
    /// HTTP status.
    pub status: Option<u16>,
    /// The error variant it shows.
    pub error: Option<String>,
    /// The body, verbatim.
    pub body: String,
}

/// A Rust identifier for `s`, escaping keywords: raw where Rust allows it, else a `_` suffix.
pub fn escape(s: String) -> String {
    if names::is_non_raw_keyword(&s) {
        format!("{s}_")
    } else if names::is_keyword(&s) {
        format!("r#{s}")
    } else {
        s
    }
}

/// The types generated for every operation beside its marker (named `prefix` itself): the
/// builder, its input, the error and the error kind, in that order. A spec type must not take
/// any of them, nor the marker's name.
fn generated_types(prefix: &str) -> [String; 4] {
    ["Request", "Input", "Error", "ErrorKind"].map(|s| format!("{prefix}{s}"))
}

/// Type names the generated code uses unqualified, which a spec type must not shadow.
const PRELUDE: &[&str] = &[
    "String", "Vec", "Option", "Result", "Box", "Some", "None", "Ok", "Err",
];

/// Lowers a validated tree.
pub(crate) fn lower(tree: &SpecTree, resolved: &[Vec<Resolved>], options: &Options) -> Ir {
    let mut vendors = Vec::new();
    for (vt, rs) in tree.vendors.iter().zip(resolved) {
        if let Some(v) = lower_vendor(vt, rs) {
            vendors.push(v);
        }
    }
    vendors.sort_by(|a, b| a.id.cmp(&b.id));
    Ir {
        vendors,
        crate_name: options.crate_name.replace('-', "_"),
    }
}

fn lower_vendor(vt: &VendorTree, resolved: &[Resolved]) -> Option<Vendor> {
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
    Some(Vendor {
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

/// Rust names of one operation's types, decided together so they cannot collide.
struct TypeNames {
    by_spec: IndexMap<String, String>,
}

impl TypeNames {
    fn new(op: &spec::OperationSpec, prefix: &str) -> Self {
        let reserved: HashSet<String> = generated_types(prefix)
            .into_iter()
            .chain([prefix.to_owned()])
            .collect();
        let mut taken = HashSet::new();
        let mut by_spec = IndexMap::new();
        for (name, def) in &op.types {
            let mut ident = def.name.clone().unwrap_or_else(|| names::camel(name));
            if PRELUDE.contains(&ident.as_str()) {
                ident.push_str("Type");
            }
            if reserved.contains(&ident) {
                ident.push_str("Model");
            }
            if names::is_keyword(&ident) {
                ident.push('_');
            }
            // Validation rejects spec-level collisions; this only separates a suffixed name
            // from one that happened to be spelled that way already.
            while !taken.insert(ident.clone()) {
                ident.push('_');
            }
            by_spec.insert(name.clone(), ident);
        }
        TypeNames { by_spec }
    }

    fn ty(&self, op: &spec::OperationSpec, t: &TypeExpr) -> Ty {
        match t {
            TypeExpr::Prim(p) => Ty::Prim(*p),
            TypeExpr::Named(n) => {
                let ident = self.by_spec.get(n).cloned().unwrap_or_else(|| n.clone());
                match op.types.get(n).and_then(|d| d.enum_type) {
                    Some(w) => Ty::Enum(ident, w),
                    None => Ty::Model(ident),
                }
            }
            TypeExpr::Optional(t) => Ty::Optional(Box::new(self.ty(op, t))),
            TypeExpr::Nullable(t) => Ty::Nullable(Box::new(self.ty(op, t))),
            TypeExpr::List(t) => Ty::List(Box::new(self.ty(op, t))),
            TypeExpr::Map(t) => Ty::Map(Box::new(self.ty(op, t))),
        }
    }
}

/// Flags every CLI operation may have, which a param's flag must not take.
const CLI_FLAGS: &[&str] = &["base-url", "wait", "max-wait", "all", "help", "version"];

fn cli_flag(wire: &str, taken: &mut HashSet<String>) -> String {
    let mut flag = heck::ToKebabCase::to_kebab_case(names::snake(wire).as_str());
    if CLI_FLAGS.contains(&flag.as_str()) {
        flag.push_str("-param");
    }
    while !taken.insert(flag.clone()) {
        flag.push('_');
    }
    flag
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
                min_length: p.min_length,
                max_length: p.max_length,
                minimum: p.minimum,
                maximum: p.maximum,
                max_items: p.max_items,
                format: p.format,
                style: p.style.unwrap_or(ListStyle::Repeat),
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
                        ident: escape(f.name.clone().unwrap_or_else(|| names::snake(wire))),
                        ty: r
                            .fields
                            .get(&(name.clone(), wire.clone()))
                            .map_or(fallback.clone(), |t| tn.ty(op, t)),
                        doc: with_remark(&f.doc, &f.remark),
                        lenient: f.lenient,
                        format: f.format,
                        sensitive: f.sensitive,
                        deprecated: f.deprecated.clone(),
                    })
                    .collect(),
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

    let response = r
        .response
        .as_ref()
        .map_or(fallback.clone(), |t| tn.ty(op, t));
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
            ident: escape(field.name.clone().unwrap_or_else(|| names::snake(name))),
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
