//! The request loop, written once: a generated builder is a [`Request`] of its operation, and
//! `build`, `prepare`, `send`, `wait`, `pages` and `items` live here. The generic methods are thin
//! shims; checking, assembly, signing, sending and splitting the envelope are non-generic
//! functions over the operation's descriptor, compiled once for every operation.

use std::fmt;
use std::future::Future;

use futures_util::{Stream, StreamExt};

use super::call::{Error, ServiceError};
use super::envelope::{DecodeError, Split};
use super::error::BuildError;
use super::op::{self, Input, Operation, OperationDesc, Value, WaiterDesc};
use super::paginate::{self, PageInfo};
use super::request::RequestParts;
use super::response::Response;
use super::transport::RawResponse;
use super::vendor::{Client, ClientCore};
use super::waiter::{self, TaskState, WaitError, WaitPolicy};

/// A request of operation `O`: the client it goes through and its input so far.
#[must_use = "a request does nothing until it is sent"]
pub struct Request<O: Operation> {
    client: Client,
    /// The params set so far.
    pub input: O::Input,
}

impl<O: Operation> Clone for Request<O> {
    fn clone(&self) -> Self {
        Request {
            client: self.client.clone(),
            input: self.input.clone(),
        }
    }
}

impl<O: Operation> fmt::Debug for Request<O> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        op::debug_values(f, O::DESC, &self.input.values())
    }
}

/// What a call of `O` returns.
pub type Result<O> = std::result::Result<
    Response<<O as Operation>::Output>,
    Error<ServiceError<<O as Operation>::Kind>>,
>;

/// What [`decode_body`] gives: the model alone.
pub type Decoded<O> =
    std::result::Result<<O as Operation>::Output, Error<ServiceError<<O as Operation>::Kind>>>;

// A param's setter must not shadow these methods: `vodspec_codegen::names::REQUEST_ITEMS`
// lists them (and those of the `impl`s below).
impl<O: Operation> Request<O> {
    /// A request with no params set.
    pub fn new(client: Client) -> Self {
        Request {
            client,
            input: O::Input::default(),
        }
    }

    /// The request with `set` applied to its input (what a generated setter does).
    pub fn with(mut self, set: impl FnOnce(&mut O::Input)) -> Self {
        set(&mut self.input);
        self
    }

    /// The client this request is sent with.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Checks every param against the spec: the validated input, or every violation found.
    pub fn build(&self) -> std::result::Result<O::Input, BuildError> {
        op::check(O::DESC, &self.input.values())?;
        Ok(self.input.clone())
    }

    /// The checked request's wire parts with the client's credentials filled in; what is left
    /// is the vendor's signing.
    pub fn prepare(&self) -> std::result::Result<RequestParts, BuildError> {
        prepare(O::DESC, &self.input.values(), self.client.core())
    }

    /// Checks, signs and sends the request (retrying what is safe to retry) and decodes the
    /// vendor's answer into the documented model or the operation's classified error.
    ///
    /// The future owns what it needs (the checked input and a handle to the client), so it
    /// can be spawned or joined with others, and the builder stays usable.
    pub fn send(&self) -> impl Future<Output = Result<O>> + Send + use<O> {
        self.call(None)
    }

    /// [`send`](Self::send) with this call's own timeout, retries or deadline
    /// ([`CallConfig`](super::transport::CallConfig)) layered on the client's config; the
    /// client's HTTP client, connections, user agent and other settings are kept.
    pub fn send_with(
        &self,
        call: super::transport::CallConfig,
    ) -> impl Future<Output = Result<O>> + Send + use<O> {
        self.call(Some(call))
    }

    fn call(
        &self,
        call: Option<super::transport::CallConfig>,
    ) -> impl Future<Output = Result<O>> + Send + use<O> {
        let checked = op::check(O::DESC, &self.input.values());
        let input = self.input.clone();
        let client = self.client.clone();
        async move {
            checked.map_err(Error::Build)?;
            let core = client.core();
            // Asked for every call: a provider's credentials may have been refreshed.
            let credentials = core
                .current_credentials()
                .await
                .map_err(Error::Credentials)?;
            let mut parts = op::parts(O::DESC, &input.values(), &credentials);
            core.transport.interceptors().before_signing(&mut parts);
            parts.check_path().map_err(Error::Build)?;
            let signer = core
                .vendor
                .signer(&credentials)
                .map_err(Error::Credentials)?;
            let base_url = core
                .base_url
                .as_deref()
                .map_err(|e| Error::Credentials(e.clone()))?;
            let transport = call.map(|c| core.transport.for_call(&c));
            let raw = transport
                .as_ref()
                .unwrap_or(&core.transport)
                .send(&parts, base_url, &signer, core.vendor.request_id_header)
                .await
                .map_err(Error::Send)?;
            decode::<O>(raw)
        }
    }
}

fn prepare(
    desc: &OperationDesc,
    values: &[Value<'_>],
    core: &ClientCore,
) -> std::result::Result<RequestParts, BuildError> {
    op::check(desc, values)?;
    let parts = op::parts(desc, values, &core.credentials);
    parts.check_path()?;
    Ok(parts)
}

/// Decodes a response of `O` through its vendor's envelope.
#[allow(
    clippy::result_large_err,
    reason = "the call's error, as `send` returns it"
)]
pub fn decode<O: Operation>(raw: RawResponse) -> Result<O> {
    let meta = raw.meta();
    match decode_body::<O>(raw.status, raw.request_id, &raw.body) {
        Ok(output) => Ok(Response::new(output, meta)),
        Err(Error::Service(mut e)) => {
            e.response = meta;
            Err(Error::Service(e))
        }
        Err(Error::Decode(mut d)) => {
            d.response = Some(meta);
            Err(Error::Decode(d))
        }
        Err(other) => Err(other),
    }
}

/// Decodes a body `O` received with `status` (and the vendor's request id, if it sent one).
#[allow(
    clippy::result_large_err,
    reason = "the call's error, as `send` returns it"
)]
pub fn decode_body<O: Operation>(
    status: u16,
    request_id: Option<String>,
    body: &[u8],
) -> Decoded<O> {
    let hidden = O::DESC.sensitive_response;
    match decode_data::<O>(status, request_id, body) {
        // The excerpt is taken again from the body with the sensitive values cleared.
        Err(Error::Decode(mut d)) if !hidden.is_empty() => {
            let text = crate::redact::json_text(&String::from_utf8_lossy(body), hidden);
            d.excerpt = DecodeError::new(status, "", text.as_bytes()).excerpt;
            Err(Error::Decode(d))
        }
        other => other,
    }
}

#[allow(
    clippy::result_large_err,
    reason = "the call's error, as `send` returns it"
)]
fn decode_data<O: Operation>(status: u16, request_id: Option<String>, body: &[u8]) -> Decoded<O> {
    let desc = O::DESC;
    // On failure only, the data is decoded again to learn where: tracking the path on every
    // decode would slow the common case.
    let misfit = |data: &[u8], e: serde_json::Error| {
        let path = match serde_path_to_error::deserialize::<_, O::Output>(
            &mut serde_json::Deserializer::from_slice(data),
        ) {
            Err(e) => e.path().to_string(),
            Ok(_) => String::new(),
        };
        Error::Decode(misfit(status, body, &e, &path, desc.sensitive_response))
    };
    // What the data is when there is none: `()` for an empty success, else whatever `null`
    // decodes to (an `Option`), or the model's error.
    let none = || serde_json::from_slice(b"null").map_err(|e| misfit(b"null", e));
    let success = (200..300).contains(&status);
    if desc.empty_success && success && body.iter().all(u8::is_ascii_whitespace) {
        return none();
    }
    match desc
        .vendor
        .envelope
        .split(status, request_id, body)
        .map_err(Error::Decode)?
    {
        Split::Data(_) | Split::Null if desc.empty_success => none(),
        Split::Data(range) => {
            let data = &body[range];
            serde_json::from_slice(data).map_err(|e| misfit(data, e))
        }
        Split::Null => none(),
        Split::Error(meta) => Err(Error::Service(ServiceError::classify(desc, meta, body))),
    }
}

fn misfit(
    status: u16,
    body: &[u8],
    e: &serde_json::Error,
    path: &str,
    hidden: &[&str],
) -> DecodeError {
    // serde's message quotes the value that did not fit ("invalid type: string \"…\"").
    let sensitive = path
        .split(['.', '['])
        .any(|seg| hidden.iter().any(|h| h.eq_ignore_ascii_case(seg)));
    let reason = if e.is_syntax() || e.is_eof() {
        format!("the body is not JSON ({e})")
    } else if sensitive {
        format!(
            "the data does not fit the documented model at `{path}` (a sensitive field: its value is not shown)"
        )
    } else if path.is_empty() || path == "." {
        format!("the data does not fit the documented model ({e})")
    } else {
        format!("the data does not fit the documented model at `{path}` ({e})")
    };
    DecodeError::new(status, reason, body)
}

/// Decodes a body as if `O` had received it with `status`, for the doc's examples.
#[allow(
    clippy::result_large_err,
    reason = "the call's error, as `send` returns it"
)]
pub fn decode_example<O: Operation>(status: u16, body: &str) -> Decoded<O> {
    decode_body::<O>(status, None, body.as_bytes())
}

/// Checks each of the doc's examples of `O` (its descriptor's) as `send` would decode it: a
/// success decodes into the model, an error is classified as its row. Panics with the example's
/// body on a mismatch (for generated tests).
#[doc(hidden)]
pub fn check_examples<O: Operation>() {
    for ex in O::DESC.examples {
        match (decode_example::<O>(ex.status, ex.body), ex.row) {
            (Ok(_), None) => {}
            (Err(Error::Service(e)), Some(row)) if e.row() == Some(row) => {}
            (got, want) => panic!(
                "{} example {:?}: HTTP {} (row {want:?}) gave {got:?}\nbody: {}",
                O::DESC.name,
                ex.name,
                ex.status,
                ex.body
            ),
        }
    }
}

/// An operation that reports a task ([`OperationDesc::waiter`] says what each state means):
/// the typed reading of its path.
pub trait Waiter: Operation {
    /// The states at the waiter's path (one per task where the path crosses a list).
    fn states(output: &Self::Output) -> Vec<String>;
    /// The tasks' ids, in the order of [`states`](Self::states), where the waiter names the
    /// tasks it waits for ([`WaiterDesc::ids`]).
    fn ids(_output: &Self::Output) -> Vec<String> {
        Vec::new()
    }
}

/// How a waiter reads a response of `O` to a request with `input`: where the waiter names the
/// tasks it waits for and the request lists some, each requested task counts (missing from
/// the answer: pending) and no other does.
pub fn task_state<O: Waiter>(input: &O::Input, output: &O::Output) -> TaskState {
    let states = O::states(output);
    let Some(w) = O::DESC.waiter else {
        return TaskState::Unknown(states.join(","));
    };
    let requested = w
        .ids
        .map(|(param, _)| requested(O::DESC, &input.values(), param));
    match requested {
        Some(wanted) if !wanted.is_empty() => {
            let ids = O::ids(output);
            waiter::combine(wanted.iter().map(|id| {
                match ids.iter().position(|x| x == id).and_then(|i| states.get(i)) {
                    Some(s) => classify(s, w),
                    None => TaskState::Pending,
                }
            }))
        }
        _ => waiter::combine(states.iter().map(|s| classify(s, w))),
    }
}

/// The values the caller gave the list param `wire`.
fn requested(desc: &OperationDesc, values: &[Value<'_>], wire: &str) -> Vec<String> {
    let Some(i) = desc.caller_params().position(|p| p.wire == wire) else {
        return Vec::new();
    };
    match values.get(i) {
        Some(Value::List(items)) => items.iter().map(Value::text).collect(),
        Some(v) if v.is_set() => vec![v.text()],
        _ => Vec::new(),
    }
}

/// What a failed poll of `O` means to its waiter: an error row the spec's waiter names says
/// where the task is; a transient failure means "poll again"; anything else ends the wait.
fn error_verdict<O: Operation>(e: &Error<ServiceError<O::Kind>>) -> waiter::ErrorVerdict {
    use waiter::ErrorVerdict;
    let named = match (e, O::DESC.waiter) {
        (Error::Service(s), Some(w)) => s
            .row()
            .and_then(|row| w.errors.iter().find(|(name, _)| *name == row)),
        _ => None,
    };
    match named {
        Some((_, op::ErrorState::Pending)) => ErrorVerdict::Pending,
        Some((_, op::ErrorState::Failure)) => ErrorVerdict::Failure,
        None if e.is_transient() => ErrorVerdict::Pending,
        None => ErrorVerdict::Fatal,
    }
}

fn classify(s: &str, w: &WaiterDesc) -> TaskState {
    if w.success.contains(&s) {
        TaskState::Success
    } else if w.failure.contains(&s) {
        TaskState::Failure
    } else if w.pending.contains(&s) {
        TaskState::Pending
    } else {
        TaskState::Unknown(s.to_owned())
    }
}

/// A waiter's result.
pub type WaitResult<O> = std::result::Result<
    Response<<O as Operation>::Output>,
    WaitError<Response<<O as Operation>::Output>, ServiceError<<O as Operation>::Kind>>,
>;

impl<O: Waiter> Request<O> {
    /// Sends this request until the task ends, with the default [`WaitPolicy`]: the final
    /// response on success, or an error that carries it on failure. Transient failures keep it
    /// polling; dropping the future stops it. The future owns its request, like
    /// [`send`](Self::send)'s.
    pub fn wait(&self) -> impl Future<Output = WaitResult<O>> + Send + use<O> {
        self.wait_with(&WaitPolicy::default())
    }

    /// [`wait`](Self::wait) with other delays and another maximum wait.
    pub fn wait_with(
        &self,
        policy: &WaitPolicy,
    ) -> impl Future<Output = WaitResult<O>> + Send + use<O> {
        let request = self.clone();
        let policy = policy.clone();
        async move {
            let min_interval = request
                .client
                .signer()
                .map(|s| s.min_retry_interval())
                .unwrap_or_default();
            waiter::wait(
                &policy,
                min_interval,
                || request.send(),
                |response: &Response<O::Output>| task_state::<O>(&request.input, response),
                error_verdict::<O>,
            )
            .await
        }
    }
}

/// An operation that starts a task, which the waiter of another operation of the vendor watches
/// (the spec's `creates`): how the new task's id becomes that operation's input.
pub trait Creates: Operation {
    /// The operation whose waiter watches the new task.
    type Waiter: Waiter;
    /// The waiter's input asking for the task this request (`input`) started, which its answer
    /// (`created`) reports.
    fn waiter_input(
        input: &Self::Input,
        created: &Self::Output,
    ) -> <Self::Waiter as Operation>::Input;
}

impl<O: Creates> Request<O> {
    /// The request of the waiter's operation for the task `created` (this request's answer)
    /// started, on the same client: call `.wait()` on it.
    pub fn waiter(&self, created: &O::Output) -> Request<O::Waiter> {
        Request {
            client: self.client.clone(),
            input: O::waiter_input(&self.input, created),
        }
    }
}

/// A new task's id as text, from a field of any type the engine reads.
#[doc(hidden)]
pub fn id_text<T: op::ToValue + ?Sized>(id: &T) -> Option<String> {
    let v = id.to_value();
    v.is_set().then(|| v.text())
}

/// A page-numbered listing ([`OperationDesc::paging`] names its fields on the wire): the typed
/// reading and writing of its page.
pub trait Paginated: Operation {
    /// One item of a page.
    type Item: Send + 'static;
    /// The page the input asks for.
    fn page(input: &Self::Input) -> Option<i64>;
    /// Asks for `page`.
    fn set_page(input: &mut Self::Input, page: i64);
    /// What a page says about the listing.
    fn info(output: &Self::Output) -> PageInfo;
    /// A page's items.
    fn items(output: Self::Output) -> Vec<Self::Item>;
}

/// A page or an item of a listing of `O`.
pub type PageResult<O, T> = std::result::Result<T, Error<ServiceError<<O as Operation>::Kind>>>;

impl<O: Paginated> Request<O> {
    /// Every page, from the page set on this builder (or the first), until the vendor says
    /// the listing is complete. Bounded: a vendor that keeps saying "truncated" past its own
    /// total, or past [`MAX_PAGES`](paginate::MAX_PAGES), ends the stream with an error.
    ///
    /// The stream owns its request, like [`send`](Self::send)'s future.
    pub fn pages(&self) -> impl Stream<Item = PageResult<O, Response<O::Output>>> + Send + use<O> {
        self.pages_with(paginate::MAX_PAGES)
    }

    /// [`pages`](Self::pages), stopping with an error after `max_pages` pages.
    pub fn pages_with(
        &self,
        max_pages: u32,
    ) -> impl Stream<Item = PageResult<O, Response<O::Output>>> + Send + use<O> {
        let first = O::page(&self.input)
            .or(O::DESC.paging.map(|p| p.first_page))
            .unwrap_or(0);
        let this = self.clone();
        paginate::pages(
            first,
            max_pages,
            move |page| {
                let mut request = this.clone();
                O::set_page(&mut request.input, page);
                request.send()
            },
            |response: &Response<O::Output>| O::info(response),
        )
    }

    /// Every item of every page, in order.
    pub fn items(&self) -> impl Stream<Item = PageResult<O, O::Item>> + Send + use<O> {
        self.pages().flat_map(|page| {
            let items: Vec<PageResult<O, O::Item>> = match page {
                Ok(response) => O::items(response.into_output())
                    .into_iter()
                    .map(Ok)
                    .collect(),
                Err(e) => vec![Err(e)],
            };
            futures_util::stream::iter(items)
        })
    }
}
