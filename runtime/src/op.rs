//! What a generated operation is to the engine: its typed input, output and error kind, and a
//! static descriptor (params, error rows, auth slots) that the engine reads to check, assemble,
//! sign, send, classify and decode. Everything heavy here is non-generic: it runs on the
//! descriptor and on the input's values, so it is compiled once for every operation.

use serde::de::DeserializeOwned;

use super::enums::{EnumTable, Known, KnownValues, Open};
use super::error::{BuildError, Checker, Code, ViolationKind};
use super::request::{AuthSlot, Location, Method, RequestParts};
use super::vendor::{CredentialValues, VendorDesc};

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
    /// Must be set.
    pub required: bool,
    /// A list (repeated flag, repeated or comma-joined on the wire).
    pub list: bool,
    /// A list goes as `k=a,b` rather than `k=a&k=b`.
    pub comma: bool,
    /// Never printed.
    pub sensitive: bool,
    /// Length limits, in characters.
    pub min_length: Option<u64>,
    /// Length limits, in characters.
    pub max_length: Option<u64>,
    /// Range.
    pub minimum: Option<i64>,
    /// Range.
    pub maximum: Option<i64>,
    /// List limit.
    pub max_items: Option<u64>,
    /// What the server assumes when the param is not sent, as text.
    pub server_default: Option<&'static str>,
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
            required: false,
            list: false,
            comma: false,
            sensitive: false,
            min_length: None,
            max_length: None,
            minimum: None,
            maximum: None,
            max_items: None,
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
        self.required = true;
        self
    }

    /// A list, with at most `max_items` values.
    pub const fn list(mut self, max_items: Option<u64>) -> Self {
        self.list = true;
        self.max_items = max_items;
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
        self.min_length = min;
        self.max_length = max;
        self
    }

    /// Range limits.
    pub const fn range(mut self, min: Option<i64>, max: Option<i64>) -> Self {
        self.minimum = min;
        self.maximum = max;
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
    pub fn matches(&self, meta: &super::error::ServiceErrorMeta) -> bool {
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
    pub fn classify(&self, meta: &super::error::ServiceErrorMeta) -> Option<usize> {
        self.rows().position(|r| r.matches(meta))
    }
}

/// A param's value as the engine reads it.
#[derive(Debug, Clone, PartialEq)]
pub enum Value<'a> {
    /// Not set.
    Absent,
    /// Text.
    Text(&'a str),
    /// An integer.
    Int(i64),
    /// An integer past `i64`.
    UInt(u64),
    /// A number.
    Float(f64),
    /// A boolean.
    Bool(bool),
    /// A list.
    List(Vec<Value<'a>>),
    /// Any JSON.
    Json(&'a serde_json::Value),
}

impl Value<'_> {
    pub(crate) fn is_set(&self) -> bool {
        match self {
            Value::Absent => false,
            Value::List(l) => !l.is_empty(),
            _ => true,
        }
    }

    /// The value as wire text (a list is its items joined by `,`).
    pub fn text(&self) -> String {
        match self {
            Value::Absent => String::new(),
            Value::Text(s) => (*s).to_owned(),
            Value::Int(i) => i.to_string(),
            Value::UInt(i) => i.to_string(),
            Value::Float(f) => f.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::List(l) => l.iter().map(Value::text).collect::<Vec<_>>().join(","),
            Value::Json(j) => j.to_string(),
        }
    }

    /// The value as JSON.
    pub fn json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            Value::Absent => J::Null,
            Value::Text(s) => J::String((*s).to_owned()),
            Value::Int(i) => J::from(*i),
            Value::UInt(i) => J::from(*i),
            Value::Float(f) => J::from(*f),
            Value::Bool(b) => J::Bool(*b),
            Value::List(l) => J::Array(l.iter().map(Value::json).collect()),
            Value::Json(j) => (*j).clone(),
        }
    }
}

/// A typed value the engine can read.
#[doc(hidden)]
pub trait ToValue {
    /// The value.
    fn to_value(&self) -> Value<'_>;
}

impl ToValue for String {
    fn to_value(&self) -> Value<'_> {
        Value::Text(self)
    }
}

macro_rules! int_value {
    ($($t:ty),*) => {$(
        impl ToValue for $t {
            fn to_value(&self) -> Value<'_> {
                Value::Int(i64::from(*self))
            }
        }
    )*};
}
int_value!(i32, i64, u32);

impl ToValue for u64 {
    fn to_value(&self) -> Value<'_> {
        i64::try_from(*self).map_or(Value::UInt(*self), Value::Int)
    }
}

impl ToValue for f64 {
    fn to_value(&self) -> Value<'_> {
        Value::Float(*self)
    }
}

impl ToValue for bool {
    fn to_value(&self) -> Value<'_> {
        Value::Bool(*self)
    }
}

impl ToValue for serde_json::Value {
    fn to_value(&self) -> Value<'_> {
        Value::Json(self)
    }
}

impl<T: ToValue> ToValue for Option<T> {
    fn to_value(&self) -> Value<'_> {
        self.as_ref().map_or(Value::Absent, ToValue::to_value)
    }
}

impl<T: ToValue> ToValue for Vec<T> {
    fn to_value(&self) -> Value<'_> {
        Value::List(self.iter().map(ToValue::to_value).collect())
    }
}

impl<E: EnumTable> ToValue for Open<E> {
    fn to_value(&self) -> Value<'_> {
        match self.wire() {
            super::enums::Wire::Str(s) => Value::Text(s),
            super::enums::Wire::Int(i) => Value::Int(i),
        }
    }
}

/// Checks every constraint of `desc` on `values` (the caller params' values), reporting every
/// violation.
pub fn check(desc: &OperationDesc, values: &[Value<'_>]) -> Result<(), BuildError> {
    let mut c = Checker::new(desc.name);
    let caller: Vec<&ParamDesc> = desc.caller_params().collect();
    for (p, v) in caller.iter().zip(values) {
        if p.required && !v.is_set() {
            c.fail(p.wire, ViolationKind::Missing);
        }
        if let (Some(max), Value::List(items)) = (p.max_items, v) {
            c.items(p.wire, items.len(), max);
        }
        let items = match v {
            Value::List(items) => items.as_slice(),
            one => std::slice::from_ref(one),
        };
        for item in items {
            if p.location == Location::Header
                && let Value::Text(s) = item
                && !is_header_text(s)
            {
                c.fail(p.wire, ViolationKind::NotHeaderText);
            }
            match item {
                Value::Text(s) if p.min_length.is_some() || p.max_length.is_some() => {
                    c.length(p.wire, s, p.min_length, p.max_length);
                }
                Value::Int(i) if p.minimum.is_some() || p.maximum.is_some() => {
                    c.range(p.wire, *i, p.minimum, p.maximum);
                }
                _ => {}
            }
        }
    }
    for group in desc.at_least_one_of {
        let any = group
            .iter()
            .any(|i| values.get(*i).is_some_and(Value::is_set));
        if !any {
            let wires: Vec<&'static str> = group
                .iter()
                .filter_map(|i| caller.get(*i).map(|p| p.wire))
                .collect();
            c.none_of(wires);
        }
    }
    c.finish(Some(()))
}

/// What an HTTP header value can carry: visible ASCII, spaces and tabs.
pub fn is_header_text(s: &str) -> bool {
    s.bytes().all(|b| b == b'\t' || (b' '..=b'~').contains(&b))
}

/// The wire parts of a checked request: caller values and credentials filled in, the auth
/// scheme's slots listed for the signer.
pub fn parts(
    desc: &OperationDesc,
    values: &[Value<'_>],
    credentials: &CredentialValues,
) -> RequestParts {
    let mut parts = RequestParts::new(desc.name, desc.method, desc.path);
    parts.idempotent = desc.idempotent;
    let mut caller = values.iter();
    for p in desc.params {
        let secret_credential = |name: &str| {
            desc.vendor
                .credentials
                .iter()
                .any(|c| c.name == name && c.sensitive)
        };
        if p.sensitive || matches!(p.source, Source::Credential(c) if secret_credential(c)) {
            parts.sensitive.push(p.wire);
        }
        let value = match p.source {
            Source::Caller => caller.next().cloned().unwrap_or(Value::Absent),
            Source::Credential(name) => match credentials.get(name) {
                Some(v) => Value::Text(v),
                None => Value::Absent,
            },
            Source::Auth(slot) => {
                let location = match p.location {
                    Location::Header => Location::Header,
                    Location::Body => Location::Body,
                    Location::Query | Location::Path => Location::Query,
                };
                parts.auth_slots.push(AuthSlot {
                    wire: p.wire,
                    location,
                    slot,
                });
                continue;
            }
        };
        push(&mut parts, desc.body, p, value);
    }
    parts
}

fn push(parts: &mut RequestParts, body: BodyKind, p: &ParamDesc, value: Value<'_>) {
    if !value.is_set() {
        return;
    }
    if p.location == Location::Body && body == BodyKind::Json {
        parts.json(p.wire, value.json());
        return;
    }
    let texts: Vec<String> = match &value {
        Value::List(items) if !p.comma => items.iter().map(Value::text).collect(),
        one => vec![one.text()],
    };
    for text in texts {
        match p.location {
            Location::Path => parts.path_params.push((p.wire, text)),
            Location::Query => parts.query.push((p.wire, text)),
            Location::Header => parts.headers.push((p.wire, text)),
            Location::Body => parts.form(p.wire, text),
        }
    }
}

/// `Debug` of an input by its descriptor: wire names and values, sensitive ones redacted.
#[doc(hidden)]
pub fn debug_values(
    f: &mut std::fmt::Formatter<'_>,
    desc: &OperationDesc,
    values: &[Value<'_>],
) -> std::fmt::Result {
    let mut s = f.debug_struct(desc.name);
    for (p, v) in desc.caller_params().zip(values) {
        if p.sensitive && v.is_set() {
            s.field(p.wire, &"***");
        } else {
            s.field(p.wire, v);
        }
    }
    s.finish()
}
