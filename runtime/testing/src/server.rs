//! The fake: a loopback HTTP server playing one vendor from its [`VendorApi`] tables.

use std::collections::{HashMap, HashSet, VecDeque};
use std::fmt;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming as Body;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use vodspec_runtime::{AuthDesc, BodyKind, OperationDesc, Source, VendorApi};

use crate::received::{Received, decode_params, decode_values, pairs};
use crate::reply::{Rendered, Reply, render};
use crate::route::{Route, route};
use crate::tasks::{Delivery, Tasks, deliver};
use crate::verify::{self, Incoming, Rejection, Verifier, Why};

type Responder = Arc<dyn Fn(&Received) -> Option<Reply> + Send + Sync>;

#[derive(Default)]
struct OpScript {
    queue: VecDeque<Reply>,
    default: Option<Reply>,
    responder: Option<Responder>,
}

struct State {
    api: &'static VendorApi,
    credentials: Mutex<Vec<(&'static str, String)>>,
    scripts: Mutex<HashMap<&'static str, OpScript>>,
    verifiers: Vec<(&'static dyn Verifier, &'static AuthDesc)>,
    received: Mutex<Vec<Received>>,
    clock_offset_secs: AtomicI64,
    seen: Mutex<HashSet<String>>,
    requests: AtomicU64,
    tasks: Mutex<Tasks>,
    deliveries: Mutex<Vec<Delivery>>,
}

/// Locks, carrying on after a test thread panicked while holding the lock.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl State {
    fn now(&self) -> i64 {
        let real = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        real + self.clock_offset_secs.load(Ordering::SeqCst)
    }

    fn credential(&self, name: &str) -> Option<String> {
        lock(&self.credentials)
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.clone())
    }
}

/// Why a fake did not start.
#[derive(Debug)]
pub enum StartError {
    /// The address could not be listened on.
    Listen(SocketAddr, std::io::Error),
    /// The vendor uses an auth scheme the kit has no verifier for.
    NoVerifier {
        /// The vendor's id.
        vendor: &'static str,
        /// The scheme's spec name.
        scheme: &'static str,
    },
}

impl fmt::Display for StartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StartError::Listen(at, e) => write!(f, "cannot listen on {at}: {e}"),
            StartError::NoVerifier { vendor, scheme } => write!(
                f,
                "vendor `{vendor}` uses auth scheme `{scheme}`, which the kit cannot verify; \
                 add its verifier to vodspec-testing's `verify` module"
            ),
        }
    }
}

impl std::error::Error for StartError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StartError::Listen(_, e) => Some(e),
            StartError::NoVerifier { .. } => None,
        }
    }
}

/// A fake vendor server on 127.0.0.1, playing one vendor from its generated tables: it routes
/// each request to its operation, verifies it as the vendor's gateway does, records it and
/// answers with the operation's script (the doc's success example unless told otherwise).
/// Stops when dropped.
pub struct FakeVendor {
    base_url: String,
    state: Arc<State>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FakeVendor {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl fmt::Debug for FakeVendor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FakeVendor")
            .field("vendor", &self.state.api.vendor.id)
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

/// The value a fake gives a credential: the vendor's first region for the region credential,
/// else a recognisable made-up one.
fn made_up(api: &VendorApi, name: &'static str) -> String {
    let v = api.vendor;
    match v.regions.first() {
        Some((region, _)) if v.region_credential == Some(name) => (*region).to_owned(),
        _ => format!("fake-{}-{}-0001", v.id, name.replace('_', "-")),
    }
}

impl FakeVendor {
    /// Starts a fake of `api` on a free port of 127.0.0.1. Panics when it cannot start (a test
    /// cannot go on without it); [`bind`](Self::bind) returns the error instead.
    pub async fn start(api: &'static VendorApi) -> FakeVendor {
        match Self::bind(api, 0).await {
            Ok(f) => f,
            Err(e) => panic!("vodspec-testing: {e}"),
        }
    }

    /// Starts a fake of `api` on `port` of 127.0.0.1 (0: any free port). Refuses a vendor
    /// with an auth scheme the kit cannot verify, rather than accept whatever is sent.
    pub async fn bind(api: &'static VendorApi, port: u16) -> Result<FakeVendor, StartError> {
        let verifiers = api
            .vendor
            .auth
            .iter()
            .map(|a| match verify::verifier(a.scheme.name()) {
                Some(v) => Ok((v, a)),
                None => Err(StartError::NoVerifier {
                    vendor: api.vendor.id,
                    scheme: a.scheme.name(),
                }),
            })
            .collect::<Result<Vec<_>, _>>()?;
        let at = SocketAddr::from(([127, 0, 0, 1], port));
        let listen = |e| StartError::Listen(at, e);
        let listener = tokio::net::TcpListener::bind(at).await.map_err(listen)?;
        let addr = listener.local_addr().map_err(listen)?;
        let state = Arc::new(State {
            api,
            verifiers,
            credentials: Mutex::new(
                api.vendor
                    .credentials
                    .iter()
                    .map(|c| (c.name, made_up(api, c.name)))
                    .collect(),
            ),
            scripts: Mutex::new(HashMap::new()),
            received: Mutex::new(Vec::new()),
            clock_offset_secs: AtomicI64::new(0),
            seen: Mutex::new(HashSet::new()),
            requests: AtomicU64::new(0),
            tasks: Mutex::new(Tasks::default()),
            deliveries: Mutex::new(Vec::new()),
        });
        let task = tokio::spawn(serve(listener, state.clone()));
        Ok(FakeVendor {
            base_url: format!("http://{addr}"),
            state,
            task,
        })
    }

    /// `http://127.0.0.1:PORT`: give it to a client's `with_base_url`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The vendor it plays.
    pub fn api(&self) -> &'static VendorApi {
        self.state.api
    }

    /// The fake's value of the credential `name` (spec name, `secret_key`).
    pub fn credential(&self, name: &str) -> Option<String> {
        self.state.credential(name)
    }

    /// Makes the fake expect `value` for the credential `name` from now on.
    pub fn set_credential(&self, name: &str, value: impl Into<String>) {
        let mut creds = lock(&self.state.credentials);
        if let Some(slot) = creds.iter_mut().find(|(n, _)| *n == name) {
            slot.1 = value.into();
        }
    }

    /// The credentials as environment variables (`POLYV_SECRET_KEY` → value), for a generated
    /// `Credentials::from_lookup`.
    pub fn env(&self) -> impl Fn(&str) -> Option<String> + '_ {
        self.env_without(&[])
    }

    /// Like [`env`](Self::env), leaving the credentials `unset` (spec names) out: to pick
    /// another of the vendor's auth schemes, or to test a missing one.
    pub fn env_without<'a>(&'a self, unset: &'a [&'a str]) -> impl Fn(&str) -> Option<String> + 'a {
        move |var| {
            let c = self
                .state
                .api
                .vendor
                .credentials
                .iter()
                .find(|c| c.env == var)?;
            if unset.contains(&c.name) {
                return None;
            }
            self.credential(c.name)
        }
    }

    /// The credentials' environment variables and values, in the spec's order.
    pub fn env_vars(&self) -> Vec<(&'static str, String)> {
        let lookup = self.env();
        self.state
            .api
            .vendor
            .credentials
            .iter()
            .filter_map(|c| Some((c.env, lookup(c.env)?)))
            .collect()
    }

    /// The script of operation `name` (its spec name, `list-thumbnails-task`). Panics on a name
    /// the vendor does not have, listing the ones it has.
    pub fn on(&self, name: &str) -> Script<'_> {
        let ops = self.state.api.operations;
        match ops.iter().find(|o| o.name == name) {
            Some(op) => Script {
                state: &self.state,
                op,
            },
            None => panic!(
                "vodspec-testing: {} has no operation `{name}` (it has: {})",
                self.state.api.vendor.id,
                ops.iter().map(|o| o.name).collect::<Vec<_>>().join(", ")
            ),
        }
    }

    /// Every request received so far, refused ones included, in order.
    pub fn received(&self) -> Vec<Received> {
        lock(&self.state.received).clone()
    }

    /// How many requests arrived.
    pub fn hits(&self) -> usize {
        lock(&self.state.received).len()
    }

    /// The last request received.
    pub fn last(&self) -> Option<Received> {
        lock(&self.state.received).last().cloned()
    }

    /// Every callback delivered so far, in order, with the receiving server's answer.
    pub fn callbacks(&self) -> Vec<Delivery> {
        lock(&self.state.deliveries).clone()
    }

    /// Every task the fake's creates started (and no cancel removed), with the state it was
    /// last reported in.
    pub fn tasks(&self) -> Vec<(String, String)> {
        lock(&self.state.tasks).states(self.state.api)
    }

    /// Moves the fake's clock by `secs`, to make a client's timestamps look stale.
    pub fn set_clock_offset(&self, secs: i64) {
        self.state.clock_offset_secs.store(secs, Ordering::SeqCst);
    }
}

/// The replies of one operation.
pub struct Script<'a> {
    state: &'a State,
    op: &'static OperationDesc,
}

impl Script<'_> {
    fn edit(&self, f: impl FnOnce(&mut OpScript)) -> &Self {
        f(lock(&self.state.scripts).entry(self.op.name).or_default());
        self
    }

    fn checked(&self, reply: Reply) -> Reply {
        if let Err(why) = reply.check(self.op) {
            panic!("vodspec-testing: {why}");
        }
        reply
    }

    /// Answers the next request with `reply` (after those queued before it).
    pub fn reply(&self, reply: Reply) -> &Self {
        let reply = self.checked(reply);
        self.edit(|s| s.queue.push_back(reply))
    }

    /// Queues `replies`, in order.
    pub fn replies(&self, replies: impl IntoIterator<Item = Reply>) -> &Self {
        for r in replies {
            self.reply(r);
        }
        self
    }

    /// What to answer once the queue is used up (the doc's success example, unless set).
    pub fn otherwise(&self, reply: Reply) -> &Self {
        let reply = self.checked(reply);
        self.edit(|s| s.default = Some(reply))
    }

    /// A task's life, by wire state: each request answers the next state; the last one stays.
    pub fn lifecycle(&self, states: &[&str]) -> &Self {
        if let Some((last, steps)) = states.split_last() {
            self.replies(steps.iter().map(|s| Reply::state(*s)));
            self.otherwise(Reply::state(*last));
        }
        self
    }

    /// The states (wire values) the tasks this waiter's operation reports go through, one per
    /// report; the last one stays. Unset: its pending states, then its first success.
    pub fn task_lifecycle(&self, states: &[&str]) -> &Self {
        lock(&self.state.tasks).set_lifecycle(self.op.name, states);
        self
    }

    /// Answers every request with a page of a listing of `total` items.
    pub fn listing(&self, total: usize) -> &Self {
        self.otherwise(Reply::page(total))
    }

    /// Decides each answer from the request; `None` falls through to the queue.
    pub fn respond_with(
        &self,
        f: impl Fn(&Received) -> Option<Reply> + Send + Sync + 'static,
    ) -> &Self {
        self.edit(|s| s.responder = Some(Arc::new(f)))
    }

    /// Clears the queue, the default and the responder.
    pub fn reset(&self) -> &Self {
        self.edit(|s| *s = OpScript::default())
    }
}

async fn serve(listener: tokio::net::TcpListener, state: Arc<State>) {
    // Dropping the set (the fake stopped) ends every open connection.
    let mut connections = tokio::task::JoinSet::new();
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                tokio::time::sleep(std::time::Duration::from_millis(10)).await;
                continue;
            }
        };
        let st = state.clone();
        connections.spawn(async move {
            let svc = hyper::service::service_fn(move |req| handle(st.clone(), req));
            let _ = hyper::server::conn::http1::Builder::new()
                .serve_connection(TokioIo::new(stream), svc)
                .await;
        });
        while connections.try_join_next().is_some() {}
    }
}

/// Returned by the service to make hyper close the connection unanswered.
#[derive(Debug)]
struct Dropped;

impl fmt::Display for Dropped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("connection dropped by the script")
    }
}

impl std::error::Error for Dropped {}

fn respond(
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
) -> Response<Full<Bytes>> {
    let mut r = Response::new(Full::new(Bytes::from(body)));
    *r.status_mut() =
        hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    for (k, v) in headers {
        if let Ok(v) = hyper::header::HeaderValue::from_str(&v) {
            r.headers_mut().append(k, v);
        }
    }
    r
}

/// Verifies as the vendor: the credential-filled params carry the fake's credentials, and the
/// first of the vendor's schemes the request uses accepts it.
fn check(
    st: &State,
    op: &OperationDesc,
    incoming: &Incoming<'_>,
    params: &[(&'static str, String)],
) -> (Option<&'static str>, Result<(), (Why, Rejection)>) {
    let schemes = &st.verifiers;
    let Some(&(first, _)) = schemes.first() else {
        return (None, Ok(()));
    };
    let used = schemes.iter().find(|(v, _)| v.applies(incoming));
    let (verifier, auth) = match used {
        Some(&(v, a)) => (v, a),
        None => return (None, Err((Why::Missing, first.rejection(Why::Missing)))),
    };
    let refuse = |why: Why| (Some(verifier.scheme()), Err((why, verifier.rejection(why))));
    for p in op.params {
        let Source::Credential(name) = p.source else {
            continue;
        };
        let sent = params.iter().find(|(k, _)| *k == p.wire).map(|(_, v)| v);
        if let (Some(sent), Some(want)) = (sent, st.credential(name))
            && *sent != want
        {
            return refuse(Why::UnknownCredential);
        }
    }
    let keys: Vec<String> = auth
        .uses
        .iter()
        .map(|u| st.credential(u).unwrap_or_default())
        .collect();
    let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
    match verifier.verify(incoming, &keys, st.now(), auth.max_clock_skew_seconds) {
        Err(why) => refuse(why),
        Ok(v) => {
            let fresh = v.replay_key.is_none_or(|k| lock(&st.seen).insert(k));
            if fresh {
                (Some(verifier.scheme()), Ok(()))
            } else {
                refuse(Why::Replayed)
            }
        }
    }
}

/// Answers, with the vendor's request-id header on every answer.
async fn handle(st: Arc<State>, req: Request<Body>) -> Result<Response<Full<Bytes>>, Dropped> {
    let n = st.requests.fetch_add(1, Ordering::SeqCst) + 1;
    let id = st
        .api
        .vendor
        .request_id_header
        .map(|h| (h, format!("fake-{}-{n:06}", st.api.vendor.id)));
    let mut response = answer(st, req, id.as_ref().map(|(_, v)| v.clone())).await?;
    if let Some((h, v)) = id
        && let (Ok(h), Ok(v)) = (
            hyper::header::HeaderName::from_bytes(h.as_bytes()),
            hyper::header::HeaderValue::from_str(&v),
        )
    {
        response.headers_mut().insert(h, v);
    }
    Ok(response)
}

async fn answer(
    st: Arc<State>,
    req: Request<Body>,
    request_id: Option<String>,
) -> Result<Response<Full<Bytes>>, Dropped> {
    let (parts, body) = req.into_parts();
    let body = match body.collect().await {
        Ok(b) => b.to_bytes().to_vec(),
        Err(_) => return Err(Dropped),
    };
    let method = parts.method.as_str().to_owned();
    let path = parts.uri.path().to_owned();
    let query = parts.uri.query().unwrap_or("").to_owned();
    let headers: Vec<(String, String)> = parts
        .headers
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_owned(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let mut received = Received {
        operation: None,
        method,
        path,
        query,
        headers,
        body,
        params: Vec::new(),
        values: Vec::new(),
        scheme: None,
        rejected: None,
        request_id,
    };
    let envelope = st.api.vendor.envelope;
    let (op, path_values) = match route(st.api.operations, &received.method, &received.path) {
        Route::Found(op, values) => (op, values),
        other => {
            let status = if matches!(other, Route::WrongMethod) {
                405
            } else {
                404
            };
            lock(&st.received).push(received);
            let (_, body) = envelope.error_body(
                &vodspec_runtime::Code::Int(i64::from(status)),
                "no such operation on this fake",
            );
            return Ok(respond(
                status,
                vec![("content-type", "application/json".into())],
                body.into_bytes(),
            ));
        }
    };
    received.operation = Some(op.name);
    let query_pairs = pairs(received.query.as_bytes());
    let form = if op.body == BodyKind::Form {
        pairs(&received.body)
    } else {
        Vec::new()
    };
    let json = if op.body == BodyKind::Json {
        serde_json::from_slice::<serde_json::Value>(&received.body).ok()
    } else {
        None
    };
    received.params = decode_params(
        op,
        &path_values,
        &query_pairs,
        &form,
        json.as_ref(),
        &received.headers,
    );
    received.values = decode_values(op, &form, json.as_ref());
    let signed_params = if op.body == BodyKind::Form && received.method == "POST" {
        &form
    } else {
        &query_pairs
    };
    let incoming = Incoming {
        method: &received.method,
        path: &received.path,
        query: &received.query,
        headers: &received.headers,
        body: &received.body,
        params: signed_params,
    };
    let (scheme, verdict) = check(&st, op, &incoming, &received.params);
    received.scheme = scheme;
    if let Err((why, rejection)) = verdict {
        received.rejected = Some(why);
        lock(&st.received).push(received);
        let (status, body) = envelope.error_body(&rejection.code, &rejection.message);
        let status = rejection.status.unwrap_or(status);
        return Ok(respond(
            status,
            vec![("content-type", "application/json;charset=UTF-8".into())],
            body.into_bytes(),
        ));
    }
    lock(&st.received).push(received.clone());
    let scripted = lock(&st.scripts)
        .get(op.name)
        .is_some_and(|s| !s.queue.is_empty() || s.default.is_some() || s.responder.is_some());
    if !scripted {
        let credential = |name: &str| st.credential(name);
        let played = lock(&st.tasks).play(st.api, envelope, op, &received, &credential);
        if let Some((rendered, outgoing)) = played {
            for call in outgoing {
                let delivery = deliver(call).await;
                lock(&st.deliveries).push(delivery);
            }
            return match rendered {
                Rendered::Response(status, headers, body) => Ok(respond(status, headers, body)),
                Rendered::Drop => Err(Dropped),
            };
        }
    }
    let reply = {
        let responder = lock(&st.scripts)
            .get(op.name)
            .and_then(|s| s.responder.clone());
        let from_fn = responder.and_then(|f| f(&received));
        from_fn.unwrap_or_else(|| {
            let mut scripts = lock(&st.scripts);
            let s = scripts.entry(op.name).or_default();
            s.queue
                .pop_front()
                .or_else(|| s.default.clone())
                .unwrap_or(Reply::Example)
        })
    };
    let mut inner = &reply;
    while let Reply::Delay(d, next) = inner {
        tokio::time::sleep(*d).await;
        inner = next;
    }
    match render(inner, op, envelope, &received) {
        Rendered::Response(status, headers, body) => Ok(respond(status, headers, body)),
        Rendered::Drop => Err(Dropped),
    }
}
