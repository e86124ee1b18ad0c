//! Percent-encoding, once: the vendors' rules and the request path use the same set.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Everything but RFC 3986 unreserved characters (`A-Z a-z 0-9 - _ . ~`) is encoded: a `/` in a
/// path value cannot change the path, and Huawei's canonical request encodes the same way.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// `s` with everything but unreserved characters percent-encoded (UTF-8; space is `%20`).
pub(crate) fn encode(s: &str) -> percent_encoding::PercentEncode<'_> {
    utf8_percent_encode(s, UNRESERVED)
}

#[cfg(test)]
mod tests {
    #[test]
    fn only_unreserved_characters_stay() {
        assert_eq!(
            super::encode("a/b c~-_.任+").to_string(),
            "a%2Fb%20c~-_.%E4%BB%BB%2B"
        );
    }
}
