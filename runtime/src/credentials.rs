//! Where a client's credentials come from, asked before every call: fixed values, the
//! environment, or a provider of credentials that expire (Huawei IAM tokens live 24 hours;
//! temporary AK/SK come with a security token), cached and refreshed ahead of expiry, one
//! refresh for any number of concurrent callers.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use crate::error::CredentialsError;
use crate::vendor::{CredentialDesc, CredentialValues};

/// What a provider's future gives.
pub type Provided<'a> =
    Pin<Box<dyn Future<Output = Result<CredentialValues, CredentialsError>> + Send + 'a>>;

/// Gives the credentials to sign the next call with.
pub trait CredentialsProvider: Send + Sync + 'static {
    /// The credentials for a call about to be sent.
    fn provide(&self) -> Provided<'_>;
}

/// The same values for every call.
#[derive(Debug, Clone)]
pub struct StaticCredentials(pub CredentialValues);

impl CredentialsProvider for StaticCredentials {
    fn provide(&self) -> Provided<'_> {
        let v = self.0.clone();
        Box::pin(async move { Ok(v) })
    }
}

/// The vendor's environment variables, read afresh for every call.
#[derive(Debug, Clone, Copy)]
pub struct EnvCredentials(pub &'static [CredentialDesc]);

impl CredentialsProvider for EnvCredentials {
    fn provide(&self) -> Provided<'_> {
        let fields = self.0;
        Box::pin(async move { CredentialValues::from_lookup(fields, |v| std::env::var(v).ok()) })
    }
}

/// Credentials that stop working at `expires_at`.
#[derive(Debug, Clone)]
pub struct Expiring {
    /// The values.
    pub values: CredentialValues,
    /// When they stop working.
    pub expires_at: SystemTime,
}

type Refresh = Arc<
    dyn Fn() -> Pin<Box<dyn Future<Output = Result<Expiring, CredentialsError>> + Send>>
        + Send
        + Sync,
>;

/// Caches what `refresh` gives, and refreshes when the cached credentials expire within
/// `ahead`. Concurrent callers that find them stale wait for one refresh and share its result.
pub struct CachingCredentials {
    refresh: Refresh,
    ahead: Duration,
    cached: tokio::sync::Mutex<Option<Expiring>>,
}

impl std::fmt::Debug for CachingCredentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CachingCredentials")
            .field("ahead", &self.ahead)
            .finish_non_exhaustive()
    }
}

impl CachingCredentials {
    /// Refreshes with `refresh` (an IAM token request, an STS call) `ahead` of expiry.
    pub fn new<F, Fut>(ahead: Duration, refresh: F) -> Self
    where
        F: Fn() -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<Expiring, CredentialsError>> + Send + 'static,
    {
        CachingCredentials {
            refresh: Arc::new(move || Box::pin(refresh())),
            ahead,
            cached: tokio::sync::Mutex::new(None),
        }
    }
}

impl CredentialsProvider for CachingCredentials {
    fn provide(&self) -> Provided<'_> {
        Box::pin(async move {
            // Held across the refresh: whoever comes meanwhile waits for its result.
            let mut cached = self.cached.lock().await;
            let fresh = cached.as_ref().is_some_and(|c| {
                c.expires_at
                    .duration_since(SystemTime::now())
                    .is_ok_and(|left| left > self.ahead)
            });
            match cached.as_ref() {
                Some(c) if fresh => Ok(c.values.clone()),
                _ => {
                    let new = (self.refresh)().await?;
                    let values = new.values.clone();
                    *cached = Some(new);
                    Ok(values)
                }
            }
        })
    }
}
