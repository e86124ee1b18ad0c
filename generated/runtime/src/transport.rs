//! Sending: reqwest over rustls, connect and request timeouts, retries with capped exponential
//! backoff and jitter, and a `tracing` span per attempt that never holds a secret.
//!
//! Retried: connection errors, timeouts, HTTP 5xx and 429. Never retried: anything else — in
//! particular a documented business error, which arrives as a 2xx/4xx with the vendor's code.
//! Every attempt is assembled and signed again, so timestamps (`ptime`, `X-WS-Timestamp`,
//! `X-Sdk-Date`) are always fresh.

use std::fmt;
use std::time::{Duration, SystemTime};

use super::auth::Signer;
use super::request::RequestParts;
use super::wire::{self, BaseUrlError};

/// How requests are sent.
#[derive(Debug, Clone, PartialEq, Eq)]
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
        }
    }
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
    /// The body.
    pub body: Vec<u8>,
    /// How many attempts it took.
    pub attempts: u32,
}

/// Sending failed before a response could be read.
#[derive(Debug, Clone, PartialEq, Eq)]
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
        }
    }
}

impl std::error::Error for SendError {}

/// The HTTP client and its configuration. Cheap to clone.
#[derive(Clone)]
pub struct Transport {
    http: Result<reqwest::Client, String>,
    config: Config,
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
    /// A response with a retryable status (5xx, 429): retried while attempts remain, else handed
    /// back, so the caller still decodes the vendor's body.
    RetryStatus(RawResponse),
    /// No response, worth another attempt.
    RetryError(SendError),
    /// No response, and no point retrying.
    Fail(SendError),
}

impl Transport {
    /// A transport with `config`. A TLS backend that fails to start is reported at send time.
    pub fn new(config: Config) -> Self {
        let http = reqwest::Client::builder()
            .connect_timeout(config.connect_timeout)
            .timeout(config.timeout)
            .use_rustls_tls()
            .build()
            .map_err(|e| e.to_string());
        Transport { http, config }
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
        let mut attempt = 1;
        loop {
            let wire = wire::assemble(
                parts,
                base_url,
                signer,
                &self.config.user_agent,
                SystemTime::now(),
            )
            .map_err(SendError::BaseUrl)?;
            let span = tracing::info_span!(
                "vodspec.request",
                operation = parts.operation,
                method = wire.method,
                path = %parts.path(),
                attempt,
                status = tracing::field::Empty,
            );
            let outcome = {
                let _guard = span.enter();
                tracing::debug!(scheme = signer.scheme(), "sending");
                self.attempt(http, wire, request_id_header, attempt).await
            };
            let retry = match outcome {
                Attempt::Done(r) => {
                    span.record("status", r.status);
                    return Ok(r);
                }
                Attempt::RetryStatus(r) if attempt < max => format!("HTTP {}", r.status),
                Attempt::RetryStatus(r) => {
                    span.record("status", r.status);
                    tracing::info!(parent: &span, status = r.status, "out of attempts");
                    return Ok(r);
                }
                Attempt::RetryError(e) if attempt < max => e.to_string(),
                Attempt::RetryError(e) | Attempt::Fail(e) => {
                    tracing::info!(parent: &span, error = %e, "giving up");
                    return Err(e);
                }
            };
            let delay = self
                .config
                .backoff(attempt)
                .max(signer.min_retry_interval());
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
    ) -> Attempt {
        let method =
            reqwest::Method::from_bytes(wire.method.as_bytes()).unwrap_or(reqwest::Method::GET);
        let mut req = http.request(method, &wire.url);
        for (k, v) in &wire.headers {
            req = req.header(k.as_str(), v.as_str());
        }
        let failure = |e: reqwest::Error| {
            // The URL carries the signed query; the span already names the operation and path.
            let e = e.without_url();
            if e.is_timeout() {
                SendError::Timeout {
                    after: self.config.timeout,
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
            Err(e) => return Attempt::RetryError(failure(e)),
        };
        let status = resp.status().as_u16();
        let request_id = request_id_header
            .and_then(|h| resp.headers().get(h))
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
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
                Err(e) => return Attempt::RetryError(failure(e)),
            }
        }
        let r = RawResponse {
            status,
            request_id,
            body,
            attempts: attempt,
        };
        if status >= 500 || status == 429 {
            Attempt::RetryStatus(r)
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
