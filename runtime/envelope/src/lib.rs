//! vodspec-envelope: how a vendor's response wraps its data or its error, with no IO. The
//! runtime decodes every response through it and the generator checks the doc's example bodies
//! through it, so an envelope rule lives here once. A spec selects an envelope by name; one
//! type per envelope, one file each, behind [`Envelope`].

#![warn(missing_docs)]
#![forbid(unsafe_code)]

use std::borrow::Cow;
use std::fmt;

mod code;
mod plain;

pub use code::CodeMessageData;
pub use plain::PlainWithErrorObject;

/// A vendor error code: integer (`400`, `1601`) or text (`MPC.10212`), as a response carries it
/// and as an error row documents it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Code {
    /// An integer code.
    Int(i64),
    /// A text code.
    Str(Cow<'static, str>),
}

impl Code {
    /// A text code from a static string (a descriptor's).
    pub const fn text(s: &'static str) -> Code {
        Code::Str(Cow::Borrowed(s))
    }

    /// Whether a response's code is this documented one. Vendors are loose about the JSON type
    /// of a code, so `"400"` and `400` are the same code.
    pub fn matches(&self, got: &Code) -> bool {
        match (self, got) {
            (Code::Int(a), Code::Int(b)) => a == b,
            (Code::Str(a), Code::Str(b)) => a == b,
            (Code::Int(a), Code::Str(b)) => b.parse() == Ok(*a),
            (Code::Str(a), Code::Int(b)) => a.parse() == Ok(*b),
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Code::Int(i) => write!(f, "{i}"),
            Code::Str(s) => f.write_str(s),
        }
    }
}

/// What every vendor error response carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceErrorMeta {
    /// The vendor's code.
    pub code: Code,
    /// The vendor's message, verbatim.
    pub message: String,
    /// HTTP status of the response.
    pub http_status: u16,
    /// The vendor's request id, when it sends one.
    pub request_id: Option<String>,
}

/// A response's metadata: what it carried besides its data.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct ResponseMeta {
    /// HTTP status.
    pub status: u16,
    /// The vendor's request id (its request-id header), when it sent one.
    pub request_id: Option<String>,
    /// Every response header, names lower-case, in the order received.
    pub headers: Vec<(String, String)>,
    /// How many attempts the call took.
    pub attempts: u32,
}

impl ResponseMeta {
    /// Metadata of a response with `status`.
    pub fn new(status: u16) -> Self {
        ResponseMeta {
            status,
            ..ResponseMeta::default()
        }
    }

    /// The vendor's request id, for a support ticket.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The first value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A vendor's envelope: splits a response into the range of the body that holds the data, or
/// the error it carries. The data itself is decoded once, by the engine, straight into the model.
pub trait Envelope: Sync + fmt::Debug {
    /// Splits a response.
    fn split(
        &self,
        http_status: u16,
        request_id: Option<String>,
        body: &[u8],
    ) -> Result<Split, DecodeError>;

    /// The inverse for an error, as the vendor would answer it (a test server's reply): the
    /// HTTP status the vendor uses when no row documents one, and the body.
    fn error_body(&self, code: &Code, message: &str) -> (u16, String);

    /// The inverse for a success carrying `data` (a test server's reply to an operation whose
    /// doc shows no success example): the HTTP status and the body.
    fn success_body(&self, data: &serde_json::Value) -> (u16, String);

    /// What a documented example body leaves out of this envelope or gets wrong in it, beyond
    /// what [`split`](Self::split) refuses: the keys the envelope always carries, what an error
    /// puts in `data`. `error` says whether [`split`](Self::split) found an error.
    fn example_problems(&self, body: &serde_json::Value, error: bool) -> Vec<String>;
}

/// What a response turned out to be.
#[derive(Debug, Clone, PartialEq)]
pub enum Split {
    /// The data to decode into the operation's response type: this range of the body.
    Data(std::ops::Range<usize>),
    /// A success without data (`data` absent or `null`).
    Null,
    /// An error response, to classify by the operation's error table.
    Error(ServiceErrorMeta),
}

/// A response that is neither the documented data nor a documented error shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// HTTP status of the response.
    pub http_status: u16,
    /// What did not fit.
    pub reason: String,
    /// The start of the body (at most [`EXCERPT_CHARS`] characters), for diagnosis.
    pub excerpt: String,
    /// Status, request id and headers of the response, once the engine has them.
    pub response: Option<ResponseMeta>,
}

/// How much of a bad body a [`DecodeError`] keeps.
pub const EXCERPT_CHARS: usize = 200;

impl DecodeError {
    /// A decode error for `body`, keeping an excerpt of it.
    pub fn new(http_status: u16, reason: impl Into<String>, body: &[u8]) -> Self {
        let text = String::from_utf8_lossy(body);
        let mut excerpt: String = text.chars().take(EXCERPT_CHARS).collect();
        if text.chars().nth(EXCERPT_CHARS).is_some() {
            excerpt.push('…');
        }
        DecodeError {
            http_status,
            reason: reason.into(),
            excerpt,
            response: None,
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "cannot decode the HTTP {} response: {}; body starts {:?}",
            self.http_status, self.reason, self.excerpt
        )
    }
}

impl std::error::Error for DecodeError {}

/// A JSON value's kind, for messages.
pub fn kind(v: &serde_json::Value) -> &'static str {
    use serde_json::Value;
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_f64() => "a fractional number",
        Value::Number(_) => "an integer",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

pub(crate) fn not_empty(http_status: u16, body: &[u8]) -> Result<(), DecodeError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(DecodeError::new(http_status, "the body is empty", body));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLYV: CodeMessageData = CodeMessageData {
        success_code: 200,
        status_field: true,
        error_data: Some("\"\""),
    };

    #[test]
    fn code_envelopes_split_data_from_errors() {
        let ok = POLYV.split(
            200,
            None,
            br#"{"code":200,"status":"success","message":"success","data":{"a":1}}"#,
        );
        assert_eq!(ok, Ok(Split::Data(58..65)));
        let err = POLYV.split(
            200,
            Some("r1".into()),
            br#"{"code":400,"status":"error","message":"task not found","data":""}"#,
        );
        assert_eq!(
            err,
            Ok(Split::Error(ServiceErrorMeta {
                code: Code::Int(400),
                message: "task not found".into(),
                http_status: 200,
                request_id: Some("r1".into()),
            }))
        );
    }

    #[test]
    fn error_bodies_split_back_into_their_code_and_message() {
        let plain = PlainWithErrorObject;
        for (env, code) in [
            (&POLYV as &dyn Envelope, Code::Int(400)),
            (&plain, Code::text("APIGW.0301")),
        ] {
            let (status, body) = env.error_body(&code, "the sign is not right.");
            let Ok(Split::Error(meta)) = env.split(status, None, body.as_bytes()) else {
                panic!("{body}")
            };
            assert_eq!(
                (meta.code, meta.message.as_str()),
                (code, "the sign is not right.")
            );
        }
        let (_, body) = POLYV.error_body(&Code::Int(400), "x");
        assert_eq!(
            body,
            r#"{"code":400,"status":"error","message":"x","data":""}"#
        );
    }

    #[test]
    fn malformed_bodies_are_decode_errors_with_an_excerpt() {
        let html = b"<html><body><h1>502 Bad Gateway</h1></body></html>";
        let e = POLYV.split(502, None, html).unwrap_err();
        assert_eq!(e.http_status, 502);
        assert!(e.excerpt.starts_with("<html>"));
        assert!(e.to_string().contains("not JSON"), "{e}");
        assert!(
            POLYV
                .split(200, None, b"")
                .unwrap_err()
                .reason
                .contains("empty")
        );
        assert!(
            POLYV
                .split(200, None, br#"{"code":"200"}"#)
                .unwrap_err()
                .reason
                .contains("integer `code`")
        );
        let big = vec![b'x'; 10_000];
        let e = POLYV.split(200, None, &big).unwrap_err();
        assert_eq!(e.excerpt.chars().count(), EXCERPT_CHARS + 1);
    }

    #[test]
    fn plain_envelope_reads_the_error_object() {
        let env = PlainWithErrorObject;
        let e = env.split(
            400,
            Some("req-9".into()),
            br#"{"error_code":"MPC.10212","error_msg":"Operation failed."}"#,
        );
        assert_eq!(
            e,
            Ok(Split::Error(ServiceErrorMeta {
                code: Code::text("MPC.10212"),
                message: "Operation failed.".into(),
                http_status: 400,
                request_id: Some("req-9".into()),
            }))
        );
        let Ok(Split::Error(m)) = env.split(502, None, b"<html>bad gateway</html>") else {
            panic!()
        };
        assert_eq!(m.code, Code::Str("HTTP 502".into()));
        assert_eq!(m.message, "<html>bad gateway</html>");
    }
}
