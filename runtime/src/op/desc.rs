//! The descriptors: what an operation is, as static data the engine reads.

use serde::de::DeserializeOwned;

use crate::enums::{EnumTable, Known, KnownValues};
use crate::error::Code;
use crate::request::{Location, Method};
use crate::vendor::VendorDesc;

use super::{Limits, Value};

/// One generated operation: a marker type tying its types to its descriptor.
pub trait Operation: Sized + Send + Sync + 'static {
    /// The validated input (every caller param; `build` checks what the spec demands).
    type Input: Input;
    /// The documented response model.
    type Output: DeserializeOwned + std::fmt::Debug + Send + 'static;
    /// The operation's error kinds: one per documented row, then `Unhandled`.
    type Kind: ErrorKind;
    /// The descriptor.
    const DESC: &'static OperationDesc;
}

/// A generated input: its param values, in the descriptor's caller-param order.
pub trait Input: Clone + Default + Send + Sync + 'static {
    /// The values of the caller params, in [`OperationDesc::params`] order (client-filled params
    /// excluded).
    fn values(&self) -> Vec<Value<'_>>;
}

/// An operation's error kinds, in the order of its descriptor's rows.
pub trait ErrorKind: Copy + Eq + std::fmt::Debug + Send + Sync + 'static {
    /// The kind of each row of [`OperationDesc::errors`], in order.
    const ROWS: &'static [Self];
    /// The kind of an error no row matches.
    const UNHANDLED: Self;
}

/// A param as the engine sees it.
#[derive(Debug, Clone, Copy)]
pub struct ParamDesc {
    /// Wire name.
    pub wire: &'static str,
    /// Where it goes.
    pub location: Location,
    /// Who supplies the value.
    pub source: Source,
    /// The command-line flag, without `--`.
    pub flag: &'static str,
    /// What the value is, for the command line.
    pub kind: FlagKind,
    /// What the value must satisfy.
    pub limits: Limits,
    /// A list (repeated flag, repeated or comma-joined on the wire).
    pub list: bool,
    /// A list goes as `k=a,b` rather than `k=a&k=b`.
    pub comma: bool,
    /// How the value is written on the wire.
    pub encoding: WireEncoding,
    /// Never printed.
    pub sensitive: bool,
    /// What the server assumes when the param is not sent, as text.
    pub server_default: Option<&'static str>,
}

/// How a param's value is written on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WireEncoding {
    /// As it is: text, or JSON in a JSON body.
    Plain,
    /// The JSON text of the typed value, url-safe base64 encoded (haplat's `fileList`).
    JsonBase64Url,
}

/// Who supplies a param's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The caller, through the builder.
    Caller,
    /// A credential field, by spec name.
    Credential(&'static str),
    /// The auth scheme, at signing time, by slot (`time`, `sign`).
    Auth(&'static str),
}

/// What a param's value is, for the command line.
#[derive(Debug, Clone, Copy)]
pub enum FlagKind {
    /// Text.
    Text,
    /// An integer.
    Int,
    /// A number.
    Float,
    /// `true` or `false`.
    Bool,
    /// Any JSON.
    Json,
    /// A request model: its JSON object, given as text or as `@file.json`.
    Model,
    /// One of an enum's values, read from its table (others pass too: enums are open).
    Enum(&'static dyn KnownValues),
}

impl FlagKind {
    /// One of the values of the enum `E`, read from its table.
    pub const fn of<E: EnumTable>() -> FlagKind {
        FlagKind::Enum(&Known::<E>::NEW)
    }
}

impl ParamDesc {
    const fn caller(
        wire: &'static str,
        location: Location,
        flag: &'static str,
        kind: FlagKind,
    ) -> Self {
        ParamDesc {
            wire,
            location,
            source: Source::Caller,
            flag,
            kind,
            limits: Limits::NONE,
            list: false,
            comma: false,
            encoding: WireEncoding::Plain,
            sensitive: false,
            server_default: None,
        }
    }

    /// A caller param in the path, with its command-line flag.
    pub const fn path(wire: &'static str, flag: &'static str, kind: FlagKind) -> Self {
        ParamDesc::caller(wire, Location::Path, flag, kind)
    }

    /// A caller param in the query.
    pub const fn query(wire: &'static str, flag: &'static str, kind: FlagKind) -> Self {
        ParamDesc::caller(wire, Location::Query, flag, kind)
    }

    /// A caller param in a header.
    pub const fn header(wire: &'static str, flag: &'static str, kind: FlagKind) -> Self {
        ParamDesc::caller(wire, Location::Header, flag, kind)
    }

    /// A caller param in the body.
    pub const fn body(wire: &'static str, flag: &'static str, kind: FlagKind) -> Self {
        ParamDesc::caller(wire, Location::Body, flag, kind)
    }

    /// Filled from the credential `name`.
    pub const fn credential(wire: &'static str, location: Location, name: &'static str) -> Self {
        let mut p = ParamDesc::caller(wire, location, wire, FlagKind::Text);
        p.source = Source::Credential(name);
        p
    }

    /// Filled by the auth scheme at signing time (slot `time`, `sign`, …).
    pub const fn auth(wire: &'static str, location: Location, slot: &'static str) -> Self {
        let mut p = ParamDesc::caller(wire, location, wire, FlagKind::Text);
        p.source = Source::Auth(slot);
        p
    }

    /// Required.
    pub const fn required(mut self) -> Self {
        self.limits.required = true;
        self
    }

    /// A list, with at most `max_items` values.
    pub const fn list(mut self, max_items: Option<u64>) -> Self {
        self.list = true;
        self.limits.max_items = max_items;
        self
    }

    /// Sent as the url-safe base64 of its JSON.
    pub const fn json_base64url(mut self) -> Self {
        self.encoding = WireEncoding::JsonBase64Url;
        self
    }

    /// A list sent comma-joined.
    pub const fn comma(mut self) -> Self {
        self.comma = true;
        self
    }

    /// Never printed.
    pub const fn sensitive(mut self) -> Self {
        self.sensitive = true;
        self
    }

    /// What the server assumes when the param is not sent.
    pub const fn server_default(mut self, value: &'static str) -> Self {
        self.server_default = Some(value);
        self
    }

    /// Length limits.
    pub const fn length(mut self, min: Option<u64>, max: Option<u64>) -> Self {
        self.limits = self.limits.length(min, max);
        self
    }

    /// Range limits.
    pub const fn range(mut self, min: Option<i64>, max: Option<i64>) -> Self {
        self.limits = self.limits.range(min, max);
        self
    }
}

/// A documented error row: how it is recognised and what it means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorRow {
    /// Spec name (`task_not_found`).
    pub name: &'static str,
    /// The vendor's code, when the row names one.
    pub code: Option<Code>,
    /// The exact message, when the row names one.
    pub message: Option<&'static str>,
    /// The documented HTTP status.
    pub http_status: Option<u16>,
    /// A signature or timestamp error.
    pub auth: bool,
    /// What it means (the doc's words).
    pub doc: &'static str,
}

impl ErrorRow {
    /// A row recognised by `code` (and nothing else yet), meaning `doc`.
    pub const fn new(name: &'static str, code: Option<Code>, doc: &'static str) -> Self {
        ErrorRow {
            name,
            code,
            message: None,
            http_status: None,
            auth: false,
            doc,
        }
    }

    /// Recognised by this exact message too.
    pub const fn message(mut self, message: &'static str) -> Self {
        self.message = Some(message);
        self
    }

    /// The documented HTTP status.
    pub const fn status(mut self, status: u16) -> Self {
        self.http_status = Some(status);
        self
    }

    /// A signature or timestamp error.
    pub const fn auth(mut self) -> Self {
        self.auth = true;
        self
    }

    /// Whether an error response is this row: code and message where the row names them.
    pub fn matches(&self, meta: &crate::error::ServiceErrorMeta) -> bool {
        self.code.as_ref().is_none_or(|c| c.matches(&meta.code))
            && self.message.is_none_or(|m| m == meta.message)
            && self.http_status.is_none_or(|s| s == meta.http_status)
    }
}

/// A request body's encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyKind {
    /// No body.
    None,
    /// `application/x-www-form-urlencoded`.
    Form,
    /// `application/json`.
    Json,
}

/// Everything the engine knows about an operation.
#[derive(Debug)]
pub struct OperationDesc {
    /// kebab-case name (`list-thumbnails-task`), the CLI subcommand.
    pub name: &'static str,
    /// The page title, for the CLI's help.
    pub summary: &'static str,
    /// The doc page.
    pub doc_url: &'static str,
    /// HTTP method.
    pub method: Method,
    /// Path template (`/v1/{project_id}/thumbnails`).
    pub path: &'static str,
    /// Body encoding.
    pub body: BodyKind,
    /// Sending it twice does no more than sending it once (the spec's `idempotent`, by default
    /// every method but POST): only then is it retried after it may have reached the server.
    pub idempotent: bool,
    /// A success has no body the doc describes: any 2xx that is not a business error decodes to
    /// `()`, whatever it carries.
    pub empty_success: bool,
    /// Params in the doc's order; the caller params' values are [`Input::values`].
    pub params: &'static [ParamDesc],
    /// Command-line help of each caller param, in their order (the spec's doc text).
    pub help: &'static [&'static str],
    /// Groups of caller-param indices of which at least one must be set.
    pub at_least_one_of: &'static [&'static [usize]],
    /// The endpoint's own error rows (the vendor's catalog follows them).
    pub errors: &'static [ErrorRow],
    /// The doc's example responses, envelope included.
    pub examples: &'static [Example],
    /// Where the task state is and what each value means, for an operation that reports a task.
    pub waiter: Option<&'static WaiterDesc>,
    /// How the listing is paged, for a page-numbered one.
    pub paging: Option<&'static PagingDesc>,
    /// The task it starts, for a create.
    pub creates: Option<&'static CreatesDesc>,
    /// The task it cancels, for a cancel.
    pub cancels: Option<&'static CancelsDesc>,
    /// What the vendor sends back to the caller's server when the task ends.
    pub callback: Option<&'static crate::callback::CallbackDesc>,
    /// The wire names of the response models' sensitive fields: a decode error's body excerpt
    /// and message never show their values.
    pub sensitive_response: &'static [&'static str],
    /// The operation's own rate limit, where the vendor documents one (the vendor's also
    /// holds).
    pub rate_limit: Option<&'static crate::rate_limit::RateLimitDesc>,
    /// The vendor.
    pub vendor: &'static VendorDesc,
}

/// One of the doc's example responses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Example {
    /// The spec's name for it (`success`).
    pub name: &'static str,
    /// HTTP status.
    pub status: u16,
    /// The error row it shows (`None` for a success).
    pub row: Option<&'static str>,
    /// The body, verbatim.
    pub body: &'static str,
}

/// A waiter: the task state's path in the response data and what each wire value means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WaiterDesc {
    /// Wire path inside the data (`task_array[].status`: `[]` crosses a list).
    pub path: &'static str,
    /// The wire values that mean success.
    pub success: &'static [&'static str],
    /// The wire values that mean failure.
    pub failure: &'static [&'static str],
    /// The wire values that mean "still running".
    pub pending: &'static [&'static str],
    /// Error rows (by name) that say where the task is.
    pub errors: &'static [(&'static str, ErrorState)],
    /// For an answer listing several tasks: the request's list param naming those waited for,
    /// and the wire path to each task's id.
    pub ids: Option<(&'static str, &'static str)>,
}

/// A create: which operation's waiter watches the task it starts, and where the task's id is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CreatesDesc {
    /// The waiter's operation (its spec name).
    pub waiter: &'static str,
    /// That operation's param taking the id.
    pub param: &'static str,
    /// Where the id is: a wire path in the answer's data (`""`: the data is the id), or this
    /// request's own param.
    pub id: TaskId,
}

/// Where a new task's id is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskId {
    /// At this wire path in the answer's data (`""`: the data itself).
    Data(&'static str),
    /// The request's own param, which the caller chose (haplat's `transNo`).
    Param(&'static str),
}

/// A cancel: the task it stops, named by its param, and the error row the vendor refuses a
/// started task with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CancelsDesc {
    /// The operation whose waiter watches the tasks it cancels.
    pub waiter: &'static str,
    /// This operation's param naming the task.
    pub param: &'static str,
    /// The error row of a task that has started.
    pub refused: &'static str,
}

/// What an error row means to a waiter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorState {
    /// The task is still running: poll again.
    Pending,
    /// The task failed.
    Failure,
}

/// Page-number pagination, in wire names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PagingDesc {
    /// The page-number param.
    pub page_param: &'static str,
    /// The page-size param.
    pub size_param: &'static str,
    /// The first page's number.
    pub first_page: i64,
    /// Wire path of the items list inside the data.
    pub items: &'static str,
    /// Wire path of the "more pages" flag.
    pub truncated: Option<&'static str>,
    /// Wire path of the total count.
    pub total: Option<&'static str>,
}

impl OperationDesc {
    /// The params the caller sets, in [`Input::values`] order.
    pub fn caller_params(&self) -> impl Iterator<Item = &'static ParamDesc> {
        self.params.iter().filter(|p| p.source == Source::Caller)
    }

    /// Every row, in matching order: the endpoint's, then the vendor's catalog.
    pub fn rows(&self) -> impl Iterator<Item = &'static ErrorRow> {
        self.errors.iter().chain(self.vendor.errors)
    }

    /// The index (in [`rows`](Self::rows) order) of the row an error response matches.
    pub fn classify(&self, meta: &crate::error::ServiceErrorMeta) -> Option<usize> {
        self.rows().position(|r| r.matches(meta))
    }
}
