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

use std::fmt;

mod config;
mod raw;
mod retry;

pub use config::{CallConfig, Config};
pub use raw::{RawResponse, SendError};
pub use retry::retry_after;

use crate::auth::replay::ReplayGuard;

/// The HTTP client and its configuration. Cheap to clone; clones share the HTTP client's
/// connections and the record of recently sent requests.
#[derive(Clone)]
pub struct Transport {
    http: Result<reqwest::Client, String>,
    config: Config,
    replay: ReplayGuard,
    interceptors: crate::hooks::Interceptors,
    /// The rate limits' grants: shared by every transport made from this one.
    limiters: std::sync::Arc<crate::rate_limit::Limiters>,
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
            replay: ReplayGuard::default(),
            interceptors: crate::hooks::Interceptors::default(),
            limiters: crate::rate_limit::Limiters::shared(),
        }
    }

    /// A transport with `config` that shares this one's record of sent requests (so a
    /// reconfigured client still never replays a signature).
    pub fn reconfigured(&self, config: Config) -> Self {
        Transport {
            replay: self.replay.clone(),
            interceptors: self.interceptors.clone(),
            limiters: self.limiters.clone(),
            ..Transport::new(config)
        }
    }

    /// This transport for one call with `call` layered on its config: the same HTTP client and
    /// connection pool (nothing is rebuilt), the same record of sent requests.
    pub fn for_call(&self, call: &CallConfig) -> Self {
        Transport {
            http: self.http.clone(),
            config: call.apply(&self.config),
            replay: self.replay.clone(),
            interceptors: self.interceptors.clone(),
            limiters: self.limiters.clone(),
        }
    }

    /// This transport with `i` run on every request it sends (after those added before).
    pub fn with_interceptor(mut self, i: std::sync::Arc<dyn crate::hooks::Interceptor>) -> Self {
        self.interceptors = self.interceptors.with(i);
        self
    }

    /// The interceptors it runs.
    pub fn interceptors(&self) -> &crate::hooks::Interceptors {
        &self.interceptors
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }
}
