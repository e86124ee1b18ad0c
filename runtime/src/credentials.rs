//! A vendor's credentials — the fields (`CredentialDesc`), their values (`CredentialValues`,
//! read from the environment only by `from_lookup`) — and where a client's credentials come
//! from, asked before every call: fixed values, the
//! environment, or a provider of credentials that expire (Huawei IAM tokens live 24 hours;
//! temporary AK/SK come with a security token), cached and refreshed ahead of expiry, one
//! refresh for any number of concurrent callers.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use std::fmt;

use crate::error::CredentialsError;
use crate::secret::Secret;

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

/// A credential field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CredentialDesc {
    /// Spec name (`secret_key`).
    pub name: &'static str,
    /// The environment variable it is read from.
    pub env: &'static str,
    /// Never printed.
    pub sensitive: bool,
    /// May be unset (some auth scheme does without it).
    pub optional: bool,
}

/// Credential values by name, as the engine reads them. `Debug` never prints a sensitive one.
#[derive(Clone, PartialEq, Eq)]
pub struct CredentialValues {
    fields: &'static [CredentialDesc],
    values: Vec<Option<Secret>>,
}

impl CredentialValues {
    /// Values for `fields`, in their order (`None` for an unset optional one).
    pub fn new(fields: &'static [CredentialDesc], values: Vec<Option<Secret>>) -> Self {
        CredentialValues { fields, values }
    }

    /// Reads each field's environment variable through `lookup`; empty counts as unset.
    pub fn from_lookup(
        fields: &'static [CredentialDesc],
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, CredentialsError> {
        let mut values = Vec::with_capacity(fields.len());
        for f in fields {
            let v = lookup(f.env).filter(|v| !v.is_empty());
            if v.is_none() && !f.optional {
                return Err(CredentialsError::Missing { var: f.env });
            }
            values.push(v.map(Secret::from));
        }
        Ok(CredentialValues { fields, values })
    }

    /// The values in field order (`None` for an unset optional one).
    pub fn into_values(self) -> Vec<Option<Secret>> {
        self.values
    }

    /// The field `name`'s value, when set.
    pub fn secret(&self, name: &str) -> Option<&Secret> {
        let i = self.fields.iter().position(|f| f.name == name)?;
        self.values.get(i)?.as_ref()
    }

    /// The field `name`'s value as text, when set.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.secret(name).map(Secret::expose)
    }
}

impl fmt::Debug for CredentialValues {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("Credentials");
        for (d, v) in self.fields.iter().zip(&self.values) {
            match v {
                Some(v) if !d.sensitive => s.field(d.name, &v.expose()),
                Some(v) => s.field(d.name, v),
                None => s.field(d.name, &None::<()>),
            };
        }
        s.finish()
    }
}

/// A field of a generated `Credentials`: text or a secret, optional or not. Reading the
/// environment is [`CredentialValues::from_lookup`]'s alone; a generated `Credentials` takes its
/// values apart with this.
pub trait CredentialField: Sized {
    /// The field from the value [`CredentialValues`] holds for it (set, for a required field).
    fn from_value(value: Option<Secret>) -> Self;
    /// The value [`CredentialValues`] holds for the field.
    fn to_value(&self) -> Option<Secret>;
    /// The next field's value of `values` (in field order).
    fn take(values: &mut impl Iterator<Item = Option<Secret>>) -> Self {
        Self::from_value(values.next().flatten())
    }
}

impl CredentialField for String {
    fn from_value(value: Option<Secret>) -> Self {
        value.map(|v| v.expose().to_owned()).unwrap_or_default()
    }
    fn to_value(&self) -> Option<Secret> {
        Some(Secret::from(self.as_str()))
    }
}

impl CredentialField for Secret {
    fn from_value(value: Option<Secret>) -> Self {
        value.unwrap_or_default()
    }
    fn to_value(&self) -> Option<Secret> {
        Some(self.clone())
    }
}

impl<T: CredentialField> CredentialField for Option<T> {
    fn from_value(value: Option<Secret>) -> Self {
        value.map(|v| T::from_value(Some(v)))
    }
    fn to_value(&self) -> Option<Secret> {
        self.as_ref().and_then(T::to_value)
    }
}
