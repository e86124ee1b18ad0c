//! Sending: reqwest over rustls, connect and request timeouts, retries with capped exponential
//! backoff and jitter, and a `tracing` span per attempt that never holds a secret.
//!
//! Retried, for an idempotent operation: connection errors, timeouts, resets, HTTP 5xx and 429
//! (after `Retry-After` when the answer gives one, up to a cap). A non-idempotent operation is
//! retried only when the request surely never reached the server (the connection was never
//! made). Never retried: a documented business error (a 2xx/4xx with the vendor's code), a
//! redirect (never followed: a signed request is not sent to another URL, and no credential
//! header reaches another host), a request that cannot be sent (a bad header value). Every
//! attempt is assembled and signed again, so timestamps (`ptime`, `X-WS-Timestamp`,
//! `X-Sdk-Date`) are always fresh; for a scheme that refuses replays, a client never sends the
//! same signed bytes twice.

use std::collections::VecDeque;
use std::fmt;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime};

use super::auth::Signer;
use super::request::RequestParts;
use super::wire::{self, BaseUrlError};

use tracing::Instrument;

/// How requests are sent. Start from [`Config::default`] and change what you need with the
/// setters (`Config::default().timeout(..).max_attempts(..)`); new settings may be added.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Config {
    /// Limit on establishing a connection.
    pub connect_timeout: Duration,
    /// Limit on one attempt, from sending to the end of the body.
    pub timeout: Duration,
    /// Attempts in all (1 = no retry).
    pub max_attempts: u32,
    /// Delay before the first retry; doubled for each further one.
    pub initial_backoff: Duration,
    /// Cap on a single delay.
    pub max_backoff: Duration,
    /// A larger response body is refused rather than read into memory.
    pub max_body_bytes: usize,
    /// `User-Agent`.
    pub user_agent: String,
    /// The longest `Retry-After` waited out; an answer asking for longer is handed back.
    pub max_retry_after: Duration,
    /// A limit on the whole call, every attempt and wait included (`None`: only the per-attempt
    /// timeout and `max_attempts` bound it).
    pub deadline: Option<Duration>,
    /// Your own HTTP client (proxies, CA roots, connection pools); `None`: one built from this
    /// config. Build it with `redirect(reqwest::redirect::Policy::none())`: a signed request must
    /// not follow a redirect, and a client that follows them would carry credential headers to
    /// wherever the vendor points. The per-attempt timeout is applied to each request either way.
    pub http_client: Option<reqwest::Client>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            connect_timeout: Duration::from_secs(5),
            timeout: Duration::from_secs(30),
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(5),
            max_body_bytes: 16 * 1024 * 1024,
            user_agent: concat!("vodspec/", env!("CARGO_PKG_VERSION")).to_owned(),
            max_retry_after: Duration::from_secs(30),
            deadline: None,
            http_client: None,
        }
    }
}

impl RawResponse {
    /// Its status, request id, headers and attempts.
    pub fn meta(&self) -> super::ResponseMeta {
        let mut m = super::ResponseMeta::new(self.status);
        m.request_id = self.request_id.clone();
        m.headers = self.headers.clone();
        m.attempts = self.attempts;
        m
    }
}

macro_rules! setters {
    ($($(#[$doc:meta])* $name:ident: $ty:ty),* $(,)?) => {
        impl Config {
            $(
                $(#[$doc])*
                #[must_use]
                pub fn $name(mut self, value: $ty) -> Self {
                    self.$name = value;
                    self
                }
            )*
        }
    };
}

setters! {
    /// Sets [`connect_timeout`](Config::connect_timeout).
    connect_timeout: Duration,
    /// Sets [`timeout`](Config::timeout).
    timeout: Duration,
    /// Sets [`max_attempts`](Config::max_attempts).
    max_attempts: u32,
    /// Sets [`initial_backoff`](Config::initial_backoff).
    initial_backoff: Duration,
    /// Sets [`max_backoff`](Config::max_backoff).
    max_backoff: Duration,
    /// Sets [`max_body_bytes`](Config::max_body_bytes).
    max_body_bytes: usize,
    /// Sets [`user_agent`](Config::user_agent).
    user_agent: String,
    /// Sets [`max_retry_after`](Config::max_retry_after).
    max_retry_after: Duration,
    /// Sets [`deadline`](Config::deadline).
    deadline: Option<Duration>,
    /// Sets [`http_client`](Config::http_client).
    http_client: Option<reqwest::Client>,
}

impl Config {
    /// The delay before retry number `retry` (1-based).
    pub fn backoff(&self, retry: u32) -> Duration {
        super::backoff::delay(self.initial_backoff, self.max_backoff, retry)
    }
}

/// A response as received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawResponse {
    /// HTTP status.
    pub status: u16,
    /// The vendor's request id header, when present.
    pub request_id: Option<String>,
    /// Every header, names lower-case, in the order received.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
    /// How many attempts it took.
    pub attempts: u32,
}

/// Sending failed before a response could be read.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SendError {
    /// The base URL is unusable.
    BaseUrl(BaseUrlError),
    /// No response: connection refused, reset, TLS failure… (after every attempt).
    Transport {
        /// What the last attempt saw.
        message: String,
        /// Attempts made.
        attempts: u32,
    },
    /// No complete response within the timeout (after every attempt).
    Timeout {
        /// The per-attempt limit.
        after: Duration,
        /// Attempts made.
        attempts: u32,
    },
    /// The body is larger than `max_body_bytes`.
    BodyTooLarge {
        /// HTTP status.
        status: u16,
        /// The limit.
        limit: usize,
    },
    /// The vendor answered with a redirect, which a signed request does not follow.
    Redirect {
        /// HTTP status (301, 302, 307, …).
        status: u16,
        /// The `Location` it pointed to.
        location: Option<String>,
    },
    /// The request cannot be put on the wire (a header value with a line break, say); nothing
    /// was sent.
    Unsendable {
        /// Why.
        message: String,
    },
}

impl fmt::Display for SendError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SendError::BaseUrl(e) => write!(f, "{e}"),
            SendError::Transport { message, attempts } => {
                write!(f, "no response after {attempts} attempt(s): {message}")
            }
            SendError::Timeout { after, attempts } => {
                write!(
                    f,
                    "timed out after {after:?} on each of {attempts} attempt(s)"
                )
            }
            SendError::BodyTooLarge { status, limit } => {
                write!(
                    f,
                    "the HTTP {status} response body exceeds the {limit}-byte limit"
                )
            }
            SendError::Redirect { status, location } => {
                write!(
                    f,
                    "the vendor answered HTTP {status}, a redirect to {}; signed requests are not redirected",
                    location.as_deref().unwrap_or("nowhere")
                )
            }
            SendError::Unsendable { message } => write!(f, "the request cannot be sent: {message}"),
        }
    }
}

impl std::error::Error for SendError {}

/// The HTTP client and its configuration. Cheap to clone; clones share the HTTP client's
/// connections and the record of recently sent requests.
#[derive(Clone)]
pub struct Transport {
    http: Result<reqwest::Client, String>,
    config: Config,
    sent: Arc<Mutex<VecDeque<(u64, Instant)>>>,
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transport")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl Default for Transport {
    fn default() -> Self {
        Transport::new(Config::default())
    }
}

enum Attempt {
    /// A response to hand back.
    Done(RawResponse),
    /// A response with a retryable status (5xx, 429), and its `Retry-After`: retried while
    /// attempts remain and the operation is idempotent, else handed back, so the caller still
    /// decodes the vendor's body.
    RetryStatus(RawResponse, Option<Duration>),
    /// No response, worth another attempt; `reached` when the request may have reached the
    /// server (anything but a failed connect).
    RetryError(SendError, bool),
    /// No response, and no point retrying.
    Fail(SendError),
}

/// How long a `Retry-After` value asks to wait: delay-seconds or an HTTP date.
pub fn retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let v = value.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(v).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// How long a request signed under a scheme that refuses replays is remembered: longer than
/// the one-second resolution of its timestamp.
const REPLAY_MEMORY: Duration = Duration::from_secs(2);

impl Transport {
    /// A transport with `config`. A TLS backend that fails to start is reported at send time.
    pub fn new(config: Config) -> Self {
        let http = match &config.http_client {
            Some(c) => Ok(c.clone()),
            None => reqwest::Client::builder()
                .connect_timeout(config.connect_timeout)
                .redirect(reqwest::redirect::Policy::none())
                .use_rustls_tls()
                .build()
                .map_err(|e| e.to_string()),
        };
        Transport {
            http,
            config,
            sent: Arc::default(),
        }
    }

    /// A transport with `config` that shares this one's record of sent requests (so a
    /// reconfigured client still never replays a signature).
    pub fn reconfigured(&self, config: Config) -> Self {
        Transport {
            sent: self.sent.clone(),
            ..Transport::new(config)
        }
    }

    /// Whether `wire` was sent in the last [`REPLAY_MEMORY`]; if not, it is now remembered.
    fn first_time(&self, wire: &wire::WireRequest) -> bool {
        let mut h = DefaultHasher::new();
        (wire.method, &wire.url, &wire.headers, &wire.body).hash(&mut h);
        let key = h.finish();
        let now = Instant::now();
        let mut sent = self.sent.lock().unwrap_or_else(PoisonError::into_inner);
        while sent
            .front()
            .is_some_and(|(_, at)| now.duration_since(*at) > REPLAY_MEMORY)
        {
            sent.pop_front();
        }
        if sent.iter().any(|(k, _)| *k == key) {
            return false;
        }
        sent.push_back((key, now));
        true
    }

    /// The request, assembled and signed now; under a scheme that refuses replays, a request
    /// whose signed bytes this client already sent waits for the next second and is signed
    /// again.
    async fn assemble(
        &self,
        parts: &RequestParts,
        base_url: &str,
        signer: &Signer,
    ) -> Result<wire::WireRequest, SendError> {
        loop {
            let now = SystemTime::now();
            let wire = wire::assemble(parts, base_url, signer, &self.config.user_agent, now)
                .map_err(SendError::BaseUrl)?;
            if !signer.steps().refuses_replays() || self.first_time(&wire) {
                return Ok(wire);
            }
            let into_second = now
                .duration_since(SystemTime::UNIX_EPOCH)
                .unwrap_or_default()
                .subsec_nanos();
            let to_next = Duration::from_nanos(u64::from(1_000_000_000 - into_second));
            tracing::debug!(
                ?to_next,
                "same signed request this second; waiting for the next"
            );
            tokio::time::sleep(to_next + Duration::from_millis(1)).await;
        }
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Sends `parts`, signing each attempt with `signer`, retrying what is worth retrying.
    pub async fn send(
        &self,
        parts: &RequestParts,
        base_url: &str,
        signer: &Signer,
        request_id_header: Option<&str>,
    ) -> Result<RawResponse, SendError> {
        let http = self.http.as_ref().map_err(|e| SendError::Transport {
            message: format!("the HTTP client could not start: {e}"),
            attempts: 0,
        })?;
        let max = self.config.max_attempts.max(1);
        let started = Instant::now();
        let left = |now: Instant| {
            self.config
                .deadline
                .map(|d| d.saturating_sub(now.duration_since(started)))
        };
        let mut attempt = 1;
        loop {
            let wire = self.assemble(parts, base_url, signer).await?;
            let timeout = match left(Instant::now()) {
                Some(Duration::ZERO) => {
                    return Err(SendError::Timeout {
                        after: self.config.deadline.unwrap_or_default(),
                        attempts: attempt - 1,
                    });
                }
                Some(rest) => rest.min(self.config.timeout),
                None => self.config.timeout,
            };
            let span = tracing::info_span!(
                "vodspec.request",
                operation = parts.operation,
                method = wire.method,
                path = %parts.path(),
                attempt,
                status = tracing::field::Empty,
            );
            tracing::debug!(parent: &span, scheme = signer.scheme(), "sending");
            let outcome = self
                .attempt(http, wire, request_id_header, attempt, timeout)
                .instrument(span.clone())
                .await;
            let more = attempt < max;
            let (retry, wait) = match outcome {
                Attempt::Done(r) => {
                    span.record("status", r.status);
                    return Ok(r);
                }
                Attempt::RetryStatus(r, after)
                    if more
                        && parts.idempotent
                        && after.is_none_or(|a| a <= self.config.max_retry_after) =>
                {
                    (format!("HTTP {}", r.status), after)
                }
                Attempt::RetryStatus(r, _) => {
                    span.record("status", r.status);
                    tracing::info!(parent: &span, status = r.status, "not retried");
                    return Ok(r);
                }
                Attempt::RetryError(e, reached) if more && (parts.idempotent || !reached) => {
                    (e.to_string(), None)
                }
                Attempt::RetryError(e, _) | Attempt::Fail(e) => {
                    tracing::info!(parent: &span, error = %e, "giving up");
                    return Err(e);
                }
            };
            let delay = self
                .config
                .backoff(attempt)
                .max(wait.unwrap_or_default())
                .max(signer.min_retry_interval());
            if left(Instant::now() + delay) == Some(Duration::ZERO) {
                tracing::info!(parent: &span, reason = %retry, "no time left for a retry");
                return Err(SendError::Timeout {
                    after: self.config.deadline.unwrap_or_default(),
                    attempts: attempt,
                });
            }
            tracing::info!(parent: &span, reason = %retry, ?delay, "retrying");
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }

    async fn attempt(
        &self,
        http: &reqwest::Client,
        wire: wire::WireRequest,
        request_id_header: Option<&str>,
        attempt: u32,
        timeout: Duration,
    ) -> Attempt {
        let method =
            reqwest::Method::from_bytes(wire.method.as_bytes()).unwrap_or(reqwest::Method::GET);
        let mut req = http.request(method, &wire.url).timeout(timeout);
        for (k, v) in &wire.headers {
            req = req.header(k.as_str(), v.as_str());
        }
        let failure = |e: reqwest::Error| {
            // The URL carries the signed query; the span already names the operation and path.
            let e = e.without_url();
            if e.is_timeout() {
                SendError::Timeout {
                    after: timeout,
                    attempts: attempt,
                }
            } else {
                SendError::Transport {
                    message: error_chain(&e),
                    attempts: attempt,
                }
            }
        };
        let mut resp = match req.body(wire.body).send().await {
            Ok(r) => r,
            Err(e) if e.is_builder() => {
                return Attempt::Fail(SendError::Unsendable {
                    message: error_chain(&e.without_url()),
                });
            }
            Err(e) => {
                let reached = !e.is_connect();
                return Attempt::RetryError(failure(e), reached);
            }
        };
        let status = resp.status().as_u16();
        if (300..400).contains(&status) {
            let location = resp
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            return Attempt::Fail(SendError::Redirect { status, location });
        }
        let wait = resp
            .headers()
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| retry_after(v, SystemTime::now()));
        let request_id = request_id_header
            .and_then(|h| resp.headers().get(h))
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let headers = resp
            .headers()
            .iter()
            .map(|(k, v)| {
                let v = String::from_utf8_lossy(v.as_bytes()).into_owned();
                (k.as_str().to_owned(), v)
            })
            .collect();
        let mut body = Vec::new();
        loop {
            match resp.chunk().await {
                Ok(Some(chunk)) => {
                    if body.len() + chunk.len() > self.config.max_body_bytes {
                        return Attempt::Fail(SendError::BodyTooLarge {
                            status,
                            limit: self.config.max_body_bytes,
                        });
                    }
                    body.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) => return Attempt::RetryError(failure(e), true),
            }
        }
        let r = RawResponse {
            status,
            request_id,
            headers,
            body,
            attempts: attempt,
        };
        if status >= 500 || status == 429 {
            Attempt::RetryStatus(r, wait)
        } else {
            Attempt::Done(r)
        }
    }
}

fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut src = e.source();
    while let Some(inner) = src {
        s.push_str(": ");
        s.push_str(&inner.to_string());
        src = inner.source();
    }
    s
}
