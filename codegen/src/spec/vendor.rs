//! `vendor.yaml`: what every endpoint of one vendor shares, and the table of auth schemes.

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Envelope, ErrorRow};

/// `specs/<vendor>/vendor.yaml`: what every endpoint of one vendor shares.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct VendorSpec {
    /// Vendor id; must equal the folder name (`polyv`, `haplat`, `huaweicloud`).
    pub vendor: String,
    /// Human-readable product name, in the vendor's own words.
    pub title: String,
    /// What this vendor's API is; becomes the vendor module's rustdoc.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// Pages this file was written from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
    /// A CSS selector for the content of the vendor's doc pages, where `main`, `article` or the
    /// body would take in too much (`cargo xtask docs`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_selector: Option<String>,
    /// Base URL of the API. May contain `{region}`, filled from the region credential.
    pub base_url: String,
    /// Regions the vendor serves, keyed by region id; an entry may override the base URL.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub regions: IndexMap<String, Region>,
    /// Credential fields a client is built from, keyed by name (snake_case).
    pub credentials: IndexMap<String, Credential>,
    /// Auth schemes the vendor accepts, by runtime name; the first is the default.
    pub auth: Vec<Auth>,
    /// How a response body is wrapped and how an error is recognised.
    pub envelope: Envelope,
    /// Documented request-rate limit that applies to every endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_limit: Option<RateLimit>,
    /// Vendor-wide error catalog, keyed by a stable snake_case name.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub errors: IndexMap<String, ErrorRow>,
    /// Where the vendor's pages contradict themselves or leave something out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// The crates the vendor's code compiles in: `one` (the output crate, the default) or
    /// `per-service`, for a large vendor.
    #[serde(default, skip_serializing_if = "CrateLayout::is_one")]
    pub crates: CrateLayout,
}

/// The crates a vendor's code compiles in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum CrateLayout {
    /// Every module in the output crate.
    #[default]
    One,
    /// A crate per service folder beside the output crate (under its `crates/`), re-exported
    /// at the same paths: rustc holds one service at a time, so a vendor of thousands of
    /// operations builds in the memory of its largest service. A semver check of the output
    /// crate alone does not see into the service crates; check them too.
    PerService,
}

impl CrateLayout {
    fn is_one(&self) -> bool {
        *self == CrateLayout::One
    }

    /// As a spec spells it.
    pub fn name(self) -> &'static str {
        match self {
            CrateLayout::One => "one",
            CrateLayout::PerService => "per-service",
        }
    }
}

/// A documentation page a spec was written from.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The page's address.
    pub url: String,
    /// The page's own "last updated" text, verbatim (it is not always a date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated: Option<String>,
}

/// One region of a regional vendor.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Region {
    /// Replaces the vendor's `base_url` for this region (Huawei `cn-north-1`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
    /// Why this region differs, or what it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
}

/// A credential field, e.g. an access key.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Credential {
    /// Environment variable `from_env()` reads it from.
    pub env: String,
    /// A secret: never printed by `Debug`/`Display`, never logged.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sensitive: bool,
    /// May be left unset (for example a token used instead of a key pair).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub optional: bool,
    /// What it is and where the user finds it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
}

/// An auth scheme, implemented once in the runtime and selected here by name.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Auth {
    /// The runtime scheme.
    pub scheme: AuthScheme,
    /// How far the request's timestamp may be from the server's clock, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_clock_skew_seconds: Option<u32>,
    /// Credential fields the scheme signs with, by the names in `credentials`.
    pub uses: Vec<String>,
    /// What the vendor says of the scheme.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// Pages the rule comes from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
}

/// The auth schemes the runtime implements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum AuthScheme {
    /// Polyv: `sign` = upper-hex SHA-1 over sorted `k=v&…` + secret key, with `ptime` in ms.
    PolyvSha1Sign,
    /// haplat / CDNetworks: `X-WS-AccessKey`, `X-WS-Timestamp` and a WS3-HMAC-SHA256 `Authorization`.
    Ws3HmacSha256,
    /// Huawei Cloud APIG AK/SK signing (`SDK-HMAC-SHA256`, `X-Sdk-Date`).
    HuaweiSdkHmacSha256,
    /// Huawei Cloud IAM token in `X-Auth-Token`.
    HuaweiToken,
}

impl AuthScheme {
    /// The `auth.<slot>` values a parameter can be filled from under this scheme.
    pub fn slots(self) -> &'static [&'static str] {
        match self {
            AuthScheme::PolyvSha1Sign => &["time", "sign"],
            AuthScheme::Ws3HmacSha256 => &["access_key", "timestamp", "authorization"],
            AuthScheme::HuaweiSdkHmacSha256 => &["authorization", "date", "project_id"],
            AuthScheme::HuaweiToken => &["token"],
        }
    }

    /// What the scheme may also sign with when set, after its `credential_roles` in `uses`.
    pub fn optional_roles(self) -> &'static [&'static str] {
        match self {
            AuthScheme::HuaweiSdkHmacSha256 => &["security_token"],
            _ => &[],
        }
    }

    /// What the scheme signs with, in the order `uses` lists the credentials.
    pub fn credential_roles(self) -> &'static [&'static str] {
        match self {
            AuthScheme::PolyvSha1Sign => &["secret_key"],
            AuthScheme::Ws3HmacSha256 => &["access_key", "secret_key"],
            AuthScheme::HuaweiSdkHmacSha256 => &["access_key", "secret_key", "project_id"],
            AuthScheme::HuaweiToken => &["token"],
        }
    }

    /// Whether the runtime's signer reads the `auth.<slot>` params of an operation (Polyv's
    /// `ptime`/`sign` go where the spec puts them); the other schemes add their own headers.
    pub fn runtime_reads_slots(self) -> bool {
        matches!(self, AuthScheme::PolyvSha1Sign)
    }

    /// The runtime's implementation: the module under `vodspec_runtime::auth` and the type.
    pub fn runtime_type(self) -> (&'static str, &'static str) {
        match self {
            AuthScheme::PolyvSha1Sign => ("polyv", "PolyvSha1Sign"),
            AuthScheme::Ws3HmacSha256 => ("ws3", "Ws3HmacSha256"),
            AuthScheme::HuaweiSdkHmacSha256 => ("huawei", "HuaweiSdkHmacSha256"),
            AuthScheme::HuaweiToken => ("huawei_token", "HuaweiToken"),
        }
    }

    /// The name a spec uses for the scheme.
    pub fn name(self) -> &'static str {
        match self {
            AuthScheme::PolyvSha1Sign => "polyv-sha1-sign",
            AuthScheme::Ws3HmacSha256 => "ws3-hmac-sha256",
            AuthScheme::HuaweiSdkHmacSha256 => "huawei-sdk-hmac-sha256",
            AuthScheme::HuaweiToken => "huawei-token",
        }
    }
}

/// A documented rate limit.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RateLimit {
    /// Requests allowed per window.
    pub requests: u32,
    /// Window length in seconds.
    pub per_seconds: u32,
    /// Who the limit is counted for.
    pub scope: RateLimitScope,
    /// How long the vendor blocks a caller that exceeded it, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub block_seconds: Option<u32>,
    /// Where the numbers come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
}

/// Who a rate limit is counted for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum RateLimitScope {
    /// Each client IP address.
    ClientIp,
    /// Each account.
    User,
    /// Each tenant (an account and its users, as Huawei Cloud counts them).
    Tenant,
}

impl RateLimitScope {
    /// As the spec writes it.
    pub fn name(self) -> &'static str {
        match self {
            RateLimitScope::ClientIp => "client-ip",
            RateLimitScope::User => "user",
            RateLimitScope::Tenant => "tenant",
        }
    }
}
