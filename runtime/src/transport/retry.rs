//! The retry loop: which failures are retried, after how long, within what deadline.

use std::time::{Duration, Instant, SystemTime};

use tracing::Instrument;

use super::raw::Cause;
use super::{RawResponse, SendError, Transport};
use crate::auth::Signer;
use crate::request::RequestParts;
use crate::wire;

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

impl Transport {
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
            cause: None,
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
            // A slot under the rate limits first, so the request is signed when it leaves.
            self.wait_for_slot(parts, left(Instant::now()), attempt)
                .await?;
            let wire = self
                .replay
                .assemble(parts, base_url, signer, &self.config.user_agent)
                .await
                .map_err(SendError::BaseUrl)?;
            let timeout = match left(Instant::now()) {
                Some(Duration::ZERO) => {
                    return Err(SendError::Timeout {
                        after: self.config.deadline.unwrap_or_default(),
                        attempts: attempt - 1,
                        cause: None,
                    });
                }
                Some(rest) => rest.min(self.config.timeout),
                None => self.config.timeout,
            };
            let span = tracing::info_span!(
                "vodspec.request",
                operation = parts.operation,
                method = wire.method,
                path = %parts.shown_path(),
                attempt,
                status = tracing::field::Empty,
            );
            tracing::debug!(parent: &span, scheme = signer.scheme(), "sending");
            // What never prints: the request's sensitive names and the scheme's own.
            let hidden = wire.secret.clone();
            let outcome = self
                .attempt(http, wire, request_id_header, attempt, timeout)
                .instrument(span.clone())
                .await;
            if let Attempt::Done(r) | Attempt::RetryStatus(r, _) = &outcome {
                self.interceptors
                    .after_attempt(&crate::hooks::AttemptResponse {
                        operation: parts.operation,
                        attempt,
                        status: r.status,
                        headers: &r.headers,
                        body: &r.body,
                        hidden: &hidden,
                    });
            }
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
            // What is left once the delay is over, without adding to an `Instant`: a wire
            // `Retry-After` under a raised cap can be more than an `Instant` holds.
            if left(Instant::now()).map(|rest| rest.saturating_sub(delay)) == Some(Duration::ZERO) {
                tracing::info!(parent: &span, reason = %retry, "no time left for a retry");
                return Err(SendError::Timeout {
                    after: self.config.deadline.unwrap_or_default(),
                    attempts: attempt,
                    cause: None,
                });
            }
            tracing::info!(parent: &span, reason = %retry, ?delay, "retrying");
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }

    /// Waits for a slot under the rate limits `parts` is under (those the config applies); a
    /// wait longer than the deadline leaves is a timeout now, not later.
    async fn wait_for_slot(
        &self,
        parts: &RequestParts,
        left: Option<Duration>,
        attempt: u32,
    ) -> Result<(), SendError> {
        let now = tokio::time::Instant::now();
        let at = self
            .limiters
            .reserve(&parts.rate_limits, self.config.rate_limit, now);
        let wait = at.saturating_duration_since(now);
        if wait.is_zero() {
            return Ok(());
        }
        if left.is_some_and(|l| l <= wait) {
            return Err(SendError::Timeout {
                after: self.config.deadline.unwrap_or_default(),
                attempts: attempt - 1,
                cause: None,
            });
        }
        tracing::info!(
            operation = parts.operation,
            attempt,
            ?wait,
            "waiting for a slot under the vendor's rate limit"
        );
        tokio::time::sleep_until(at).await;
        Ok(())
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
                    cause: Some(Cause::new(e)),
                }
            } else {
                SendError::Transport {
                    message: crate::call::report(&e),
                    attempts: attempt,
                    cause: Some(Cause::new(e)),
                }
            }
        };
        let mut resp = match req.body(wire.body).send().await {
            Ok(r) => r,
            Err(e) if e.is_builder() => {
                let e = e.without_url();
                return Attempt::Fail(SendError::Unsendable {
                    message: crate::call::report(&e),
                    cause: Some(Cause::new(e)),
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
