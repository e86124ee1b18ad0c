//! `huawei-token`: an IAM user token in `X-Auth-Token`, instead of AK/SK signing.

use crate::secret::Secret;

/// The scheme: its signer takes the token.
#[derive(Debug)]
pub struct HuaweiToken;

impl super::Scheme for HuaweiToken {
    fn name(&self) -> &'static str {
        "huawei-token"
    }
    fn signer(&self, values: &[&Secret]) -> super::Signer {
        super::Signer::new(Signer {
            token: super::credential(values, 0),
        })
    }
}

struct Signer {
    token: Secret,
}

impl super::Sign for Signer {
    fn scheme(&self) -> &'static str {
        "huawei-token"
    }

    fn secret_names(&self) -> &'static [&'static str] {
        &["x-auth-token"]
    }

    /// As the SDK: JSON's content type on every request, the query in canonical form.
    fn bodyless_content_type(&self) -> &'static str {
        "application/json"
    }

    fn encode_query(&self, pairs: &[(&str, &str)]) -> String {
        super::huawei::canonical_query(pairs)
    }

    fn sign(&self, r: &mut super::Signing<'_>, _now: std::time::SystemTime) {
        r.headers
            .push(("X-Auth-Token".into(), self.token.expose().to_owned()));
    }
}
