//! A vendor as data: endpoint, credentials, auth schemes and envelope, read by the engine and the
//! command line. A generated vendor module holds one [`VendorDesc`]; nothing here names a vendor.

use std::sync::Arc;

use super::auth::{Scheme, Signer};
use super::envelope::Envelope;
use super::error::CredentialsError;
use super::secret::Secret;

pub use super::credentials::{CredentialDesc, CredentialField, CredentialValues};
use super::transport::{Config, Transport};

/// Everything the engine knows about a vendor.
#[derive(Debug)]
pub struct VendorDesc {
    /// Spec id, module and cargo feature (`polyv`).
    pub id: &'static str,
    /// Product name.
    pub title: &'static str,
    /// The endpoint, possibly a template with `{region}`.
    pub base_url: &'static str,
    /// Regions the spec lists, with each one's own endpoint where it has one.
    pub regions: &'static [(&'static str, Option<&'static str>)],
    /// The credential that picks the region, when the endpoint is a template.
    pub region_credential: Option<&'static str>,
    /// Credential fields, in the spec's order.
    pub credentials: &'static [CredentialDesc],
    /// Auth schemes, default first.
    pub auth: &'static [AuthDesc],
    /// How responses are wrapped and errors recognised.
    pub envelope: &'static dyn Envelope,
    /// The response header that carries the vendor's request id.
    pub request_id_header: Option<&'static str>,
    /// The vendor-wide error catalog, matched after an operation's own rows.
    pub errors: &'static [super::op::ErrorRow],
    /// The vendor-wide rate limit, where the vendor documents one.
    pub rate_limit: Option<&'static crate::rate_limit::RateLimitDesc>,
}

/// A vendor with its operations: everything a tool needs to speak (or play) the vendor, from
/// the generated tables alone.
#[derive(Debug)]
pub struct VendorApi {
    /// The vendor.
    pub vendor: &'static VendorDesc,
    /// Every operation's descriptor, in the spec tree's order.
    pub operations: &'static [&'static super::op::OperationDesc],
}

impl AuthDesc {
    /// `uses` split into the credentials the scheme needs and the optional ones after them.
    pub fn split_uses(&self) -> (&'static [&'static str], &'static [&'static str]) {
        self.uses
            .split_at(self.scheme.required().min(self.uses.len()))
    }
}

/// An auth scheme and the credentials it signs with, in the scheme's role order.
#[derive(Debug, Clone, Copy)]
pub struct AuthDesc {
    /// The scheme.
    pub scheme: &'static dyn Scheme,
    /// Credential names, in the order [`Scheme::signer`] takes them.
    pub uses: &'static [&'static str],
    /// How far from the vendor's clock a signed timestamp may be.
    pub max_clock_skew_seconds: Option<u64>,
}

/// 1 to 63 ASCII letters, digits and `-`, not starting or ending with `-`.
fn is_dns_label(s: &str) -> bool {
    (1..=63).contains(&s.len())
        && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

impl VendorDesc {
    /// The endpoint for `region`: its own where it has one, else the template filled in. A
    /// region the spec does not list must be a DNS label, so that it cannot carry a host, a
    /// port or a path into the endpoint.
    pub fn base_url_for_region(&self, region: &str) -> Result<String, CredentialsError> {
        match self.regions.iter().find(|(id, _)| *id == region) {
            Some((_, Some(url))) => Ok((*url).to_owned()),
            Some((_, None)) => Ok(self.base_url.replace("{region}", region)),
            None if is_dns_label(region) => Ok(self.base_url.replace("{region}", region)),
            None => Err(CredentialsError::BadEndpoint {
                credential: self.region_credential.unwrap_or("region"),
                value: region.to_owned(),
            }),
        }
    }

    /// The endpoint for these credentials.
    pub fn base_url(&self, credentials: &CredentialValues) -> Result<String, CredentialsError> {
        match self.region_credential.and_then(|c| credentials.get(c)) {
            Some(region) => self.base_url_for_region(region),
            None => Ok(self.base_url.to_owned()),
        }
    }

    /// The environment variables each auth scheme needs, for messages and the command line.
    pub fn scheme_needs(&self) -> Vec<String> {
        self.auth
            .iter()
            .map(|a| {
                let vars: Vec<&str> = a
                    .split_uses()
                    .0
                    .iter()
                    .filter_map(|u| self.credentials.iter().find(|c| c.name == *u))
                    .map(|c| c.env)
                    .collect();
                format!("{} ({})", a.scheme.name(), vars.join(", "))
            })
            .collect()
    }

    /// The signer of the first auth scheme, in the spec's order, whose credentials are all set.
    pub fn signer(&self, credentials: &CredentialValues) -> Result<Signer, CredentialsError> {
        for a in self.auth {
            let (needed, optional) = a.split_uses();
            let values: Option<Vec<&Secret>> =
                needed.iter().map(|u| credentials.secret(u)).collect();
            if let Some(mut values) = values {
                // Optional credentials follow in order, as far as they are set.
                values.extend(optional.iter().map_while(|u| credentials.secret(u)));
                return Ok(a.scheme.signer(&values));
            }
        }
        Err(CredentialsError::NoScheme {
            needs: self.scheme_needs(),
        })
    }
}

/// What every request of a client shares, behind one `Arc`: the vendor, its credentials, the
/// endpoint and the transport.
#[derive(Debug)]
pub struct ClientCore {
    /// The vendor.
    pub vendor: &'static VendorDesc,
    /// The credentials.
    pub credentials: CredentialValues,
    /// The endpoint requests go to, or why the credentials name none (every call then fails
    /// with it, before anything is sent).
    pub base_url: Result<String, CredentialsError>,
    /// How requests are sent.
    pub transport: Transport,
    /// Where each call's credentials come from, when not [`credentials`](Self::credentials)
    /// (which then only picks the endpoint).
    pub provider: Option<Arc<dyn crate::credentials::CredentialsProvider>>,
}

impl std::fmt::Debug for dyn crate::credentials::CredentialsProvider {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CredentialsProvider")
    }
}

impl ClientCore {
    /// The credentials to sign a call with: the provider's, or the fixed ones.
    pub async fn current_credentials(&self) -> Result<CredentialValues, CredentialsError> {
        match &self.provider {
            Some(p) => p.provide().await,
            None => Ok(self.credentials.clone()),
        }
    }
}

/// A client of one vendor: cheap to clone, shared by every request it makes.
#[derive(Debug, Clone)]
pub struct Client(Arc<ClientCore>);

impl Client {
    /// A client for the vendor's endpoint with the default timeouts and retries.
    pub fn new(vendor: &'static VendorDesc, credentials: CredentialValues) -> Self {
        Client(Arc::new(ClientCore {
            base_url: vendor.base_url(&credentials),
            vendor,
            credentials,
            transport: Transport::default(),
            provider: None,
        }))
    }

    fn edit(self, f: impl FnOnce(&mut ClientCore)) -> Self {
        let mut core = Arc::try_unwrap(self.0).unwrap_or_else(|shared| ClientCore {
            vendor: shared.vendor,
            credentials: shared.credentials.clone(),
            base_url: shared.base_url.clone(),
            transport: shared.transport.clone(),
            provider: shared.provider.clone(),
        });
        f(&mut core);
        Client(Arc::new(core))
    }

    /// Uses other timeouts, retries or user agent.
    pub fn with_config(self, config: Config) -> Self {
        self.edit(|c| c.transport = c.transport.reconfigured(config))
    }

    /// Asks `provider` for the credentials of every call (a token that expires, temporary
    /// keys); the credentials given to [`new`](Self::new) still pick the endpoint.
    pub fn with_credentials_provider(
        self,
        provider: impl crate::credentials::CredentialsProvider,
    ) -> Self {
        let p: Arc<dyn crate::credentials::CredentialsProvider> = Arc::new(provider);
        self.edit(|c| c.provider = Some(p))
    }

    /// Runs `i` on every request of this client: before signing, and after each attempt's
    /// response (see [`Interceptor`](crate::hooks::Interceptor)).
    pub fn with_interceptor(self, i: impl crate::hooks::Interceptor) -> Self {
        let i: std::sync::Arc<dyn crate::hooks::Interceptor> = std::sync::Arc::new(i);
        self.edit(|c| c.transport = c.transport.clone().with_interceptor(i))
    }

    /// Sends to another endpoint (a proxy, a test server) instead.
    pub fn with_base_url(self, base_url: impl Into<String>) -> Self {
        let url = base_url.into();
        self.edit(|c| c.base_url = Ok(url))
    }

    /// The endpoint requests go to, or why the credentials name none.
    pub fn base_url(&self) -> Result<&str, &CredentialsError> {
        self.0.base_url.as_deref()
    }

    /// What the client shares with its requests.
    pub fn core(&self) -> &ClientCore {
        &self.0
    }

    /// The signer of the first auth scheme whose credentials are set.
    pub fn signer(&self) -> Result<Signer, CredentialsError> {
        self.0.vendor.signer(&self.0.credentials)
    }
}
