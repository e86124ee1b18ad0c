//! How requests are sent: timeouts, attempts, backoff, caps; set with the builder-style setters.

use std::time::Duration;

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
    /// Which documented rate limits calls wait for (by default, those the vendor punishes
    /// going over); every attempt, poll and page takes a slot.
    pub rate_limit: crate::rate_limit::RateLimit,
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
            rate_limit: crate::rate_limit::RateLimit::default(),
        }
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
    /// Sets [`rate_limit`](Config::rate_limit).
    rate_limit: crate::rate_limit::RateLimit,
}

impl Config {
    /// The delay before retry number `retry` (1-based).
    pub fn backoff(&self, retry: u32) -> Duration {
        crate::backoff::delay(self.initial_backoff, self.max_backoff, retry)
    }
}

/// Settings for one call, layered on the client's [`Config`]: what is set here wins for that
/// call, everything else (the HTTP client and its connections, the user agent, backoff, caps) is
/// the client's. `CallConfig::default().timeout(..).max_attempts(..)`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CallConfig {
    /// Overrides [`Config::timeout`].
    pub timeout: Option<Duration>,
    /// Overrides [`Config::max_attempts`].
    pub max_attempts: Option<u32>,
    /// Overrides [`Config::deadline`].
    pub deadline: Option<Duration>,
}

impl CallConfig {
    /// This call's per-attempt timeout.
    #[must_use]
    pub fn timeout(mut self, value: Duration) -> Self {
        self.timeout = Some(value);
        self
    }

    /// This call's attempts in all (1 = no retry).
    #[must_use]
    pub fn max_attempts(mut self, value: u32) -> Self {
        self.max_attempts = Some(value);
        self
    }

    /// This call's limit on every attempt and wait together.
    #[must_use]
    pub fn deadline(mut self, value: Duration) -> Self {
        self.deadline = Some(value);
        self
    }

    /// `base` with this call's settings on top.
    pub fn apply(&self, base: &Config) -> Config {
        let mut c = base.clone();
        if let Some(t) = self.timeout {
            c.timeout = t;
        }
        if let Some(n) = self.max_attempts {
            c.max_attempts = n;
        }
        if let Some(d) = self.deadline {
            c.deadline = Some(d);
        }
        c
    }
}
