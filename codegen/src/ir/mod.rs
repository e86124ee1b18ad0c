//! The IR: a validated spec tree with every Rust name decided and every type resolved. Emit reads
//! names from here and never derives one itself.
//!
//! Lowering runs only on a tree that passed validation, with the types validation resolved, so it
//! has nothing left to check: where a lookup "cannot fail" it falls back to a harmless default
//! instead of panicking.

mod lower;
mod naming;

pub(crate) use lower::lower;
pub use naming::escape;
use naming::{TypeNames, cli_flag, generated_types};

use crate::spec::{
    self, AuthScheme, BodyEncoding, CallbackScheme, EnumWire, Envelope, ErrorCode, Format, Lenient,
    Limits, ListStyle, Method, ParamLocation, RateLimit, Source, ValueEncoding,
};
use crate::type_expr::Prim;

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
    /// The layout the spec asks for.
    pub layout: spec::CrateLayout,
    /// The crates of a vendor that asked for a crate per service; `None` keeps the vendor's
    /// code in the output crate (see [`Crates`]).
    pub crates: Option<Crates>,
}

/// A vendor whose spec says `crates: per-service` compiles as a crate per service beside the
/// output crate, so rustc holds one service's code at a time and a build's peak memory follows
/// the largest service, not the vendor. The output crate re-exports each service's operation
/// modules where a one-crate vendor has them and keeps the client, `API` and `CLI`, so the
/// user's paths do not change. The descriptor (`VENDOR`), which every operation names, is a
/// crate of its own that the service crates share.
#[derive(Debug)]
pub struct Crates {
    /// The crate of the vendor's descriptor.
    pub core: SubCrate,
    /// One crate per service, by feature.
    pub services: Vec<SubCrate>,
}

impl Vendor {
    /// The operation whose waiter watches the task `op` creates, if `op` creates one.
    pub fn waiter_of(&self, op: &Operation) -> Option<&Operation> {
        let c = op.creates.as_ref()?;
        self.operations.iter().find(|o| o.name == c.waiter)
    }
}

impl Crates {
    /// The crate of the service whose feature is `feature`.
    pub fn service(&self, feature: &str) -> Option<&SubCrate> {
        self.services.iter().find(|c| c.feature == feature)
    }
}

/// A generated crate beside the output crate (see [`Crates`]).
#[derive(Debug)]
pub struct SubCrate {
    /// The output crate's feature that compiles it: the service's, or the vendor's id for the
    /// descriptor's crate.
    pub feature: String,
    /// Its package name (`vodspec-fixture-plain`).
    pub package: String,
    /// Its Rust name (`vodspec_fixture_plain`).
    pub ident: String,
    /// Its folder, relative to the output crate (`crates/fixture-plain`).
    pub dir: String,
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
    /// The service folder (`vod`).
    pub service: String,
    /// The cargo feature the operation compiles under (`polyv-vod`, see
    /// [`names::service_feature`](crate::names::service_feature)).
    pub feature: String,
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
    /// The response data type; `None`: a success has no body (the output is `()`).
    pub response: Option<Ty>,
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
    /// The task it starts, when it is a create.
    pub creates: Option<Creates>,
    /// The task it cancels, when it is a cancel.
    pub cancels: Option<Cancels>,
    /// What the vendor sends back when the task ends.
    pub callback: Option<Callback>,
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
    /// Constraints checked before sending.
    pub limits: Limits,
    /// Textual format.
    pub format: Option<Format>,
    /// List encoding.
    pub style: ListStyle,
    /// The value's wire form, where it is not the value itself.
    pub encoding: Option<ValueEncoding>,
    /// Never printed.
    pub sensitive: bool,
    /// Deprecation text.
    pub deprecated: Option<String>,
}

/// A model: decoded from responses, and also built by callers when a request param reaches it.
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
    /// A request param reaches it: callers build it, and the engine checks and sends it.
    pub request: bool,
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
    /// Constraints checked before sending (request models only).
    pub limits: Limits,
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

/// What a create starts: the operation whose waiter watches the new task.
#[derive(Debug)]
pub struct Creates {
    /// The waiter's operation, by spec name (its names are in the vendor's IR).
    pub waiter: String,
    /// That operation's param (wire name) that takes the id.
    pub param: String,
    /// Path to the id in this operation's response; empty: the response is the id.
    pub id: Vec<Step>,
    /// The id is this operation's own param (its wire name), not in the response.
    pub id_param: Option<String>,
}

/// What a cancel stops: the tasks another operation's waiter watches.
#[derive(Debug, Clone, PartialEq)]
pub struct Cancels {
    /// The waiter's operation, by spec name.
    pub waiter: String,
    /// This operation's param (wire name) naming the task.
    pub param: String,
    /// The error row (spec name) of a task that has started.
    pub refused: String,
}

/// A create's callback.
#[derive(Debug)]
pub struct Callback {
    /// The vendor client's method that verifies and decodes it (`add_snapshot_task_callback`).
    pub method: String,
    /// The param (wire name) carrying the URL the vendor calls.
    pub url_param: String,
    /// The payload's type.
    pub payload: Ty,
    /// The body's wire form, where it is not the payload's JSON.
    pub encoding: Option<ValueEncoding>,
    /// The signature rule.
    pub scheme: CallbackScheme,
    /// The query param carrying the signature.
    pub param: Option<String>,
    /// What the signature hashes, in order.
    pub over: Vec<SignPart>,
    /// The doc's words for the callback.
    pub doc: Option<String>,
    /// The doc's words for the signature rule.
    pub signature_doc: Option<String>,
    /// The doc's example payload.
    pub example: Option<String>,
}

/// One part of what a callback signature hashes.
#[derive(Debug, Clone, PartialEq)]
pub enum SignPart {
    /// Literal text.
    Text(String),
    /// A payload field, by wire name.
    Payload(String),
    /// A vendor credential, by spec name.
    Credential(String),
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
