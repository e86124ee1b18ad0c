//! `code-status-message-data` (Polyv) and `code-message-data` (haplat): `{code, message, data}`,
//! where a `code` other than the success code is an error at any HTTP status (the vendors send
//! business errors under HTTP 200).

use serde_json::Value;
use serde_json::value::RawValue;

use super::{DecodeError, Envelope, Split, not_empty};
use crate::{Code, ServiceErrorMeta};

/// The envelope, with the code that means success.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeMessageData {
    /// The code that means success.
    pub success_code: i64,
    /// The envelope also carries `status` (`"success"` / `"error"`), as Polyv's does.
    pub status_field: bool,
    /// What an error puts in `data`, as JSON (Polyv's `""`), where the vendor documents it; a
    /// test server's error then carries `null`.
    pub error_data: Option<&'static str>,
}

/// The parts of a code envelope the engine reads; `data` is kept as raw text so it is decoded
/// once, straight into the model.
#[derive(serde::Deserialize)]
struct CodeEnvelope<'a> {
    #[serde(borrow)]
    code: Option<&'a RawValue>,
    message: Option<Value>,
    #[serde(borrow)]
    data: Option<&'a RawValue>,
}

/// Where `inner` (a sub-slice of `outer`) starts in `outer`.
fn offset(outer: &[u8], inner: &str) -> usize {
    (inner.as_ptr() as usize).saturating_sub(outer.as_ptr() as usize)
}

impl Envelope for CodeMessageData {
    fn split(
        &self,
        http_status: u16,
        request_id: Option<String>,
        body: &[u8],
    ) -> Result<Split, DecodeError> {
        let success_code = self.success_code;
        not_empty(http_status, body)?;
        let env: CodeEnvelope<'_> = serde_json::from_slice(body).map_err(|e| {
            let reason = if e.is_data() {
                "the envelope is not a JSON object".to_owned()
            } else {
                format!("the body is not JSON ({e})")
            };
            DecodeError::new(http_status, reason, body)
        })?;
        let Some(code) = env.code.and_then(|c| c.get().parse::<i64>().ok()) else {
            return Err(DecodeError::new(
                http_status,
                "the envelope has no integer `code`",
                body,
            ));
        };
        if code == success_code {
            return Ok(match env.data {
                Some(d) if d.get() != "null" => {
                    let start = offset(body, d.get());
                    Split::Data(start..start + d.get().len())
                }
                _ => Split::Null,
            });
        }
        let message = match env.message {
            Some(Value::String(s)) => s,
            _ => String::new(),
        };
        Ok(Split::Error(ServiceErrorMeta {
            code: Code::Int(code),
            message,
            http_status,
            request_id,
        }))
    }

    fn error_body(&self, code: &Code, message: &str) -> (u16, String) {
        let code = match code {
            Code::Int(n) => Value::from(*n),
            Code::Str(s) => Value::from(s.as_ref()),
        };
        let data: Value = self
            .error_data
            .and_then(|d| serde_json::from_str(d).ok())
            .unwrap_or(Value::Null);
        let mut body = serde_json::Map::new();
        body.insert("code".into(), code);
        if self.status_field {
            body.insert("status".into(), Value::from("error"));
        }
        body.insert("message".into(), Value::from(message));
        body.insert("data".into(), data);
        // Business errors come under HTTP 200: the code says what happened.
        (200, Value::Object(body).to_string())
    }

    fn success_body(&self, data: &Value) -> (u16, String) {
        let mut body = serde_json::Map::new();
        body.insert("code".into(), Value::from(self.success_code));
        if self.status_field {
            body.insert("status".into(), Value::from("success"));
        }
        body.insert("message".into(), Value::from("success"));
        body.insert("data".into(), data.clone());
        (200, Value::Object(body).to_string())
    }

    fn example_problems(&self, body: &Value, error: bool) -> Vec<String> {
        let mut out = Vec::new();
        for key in self.keys() {
            if body.get(key).is_none() {
                out.push(format!("envelope field `{key}` is missing"));
            }
        }
        let documented = self
            .error_data
            .and_then(|d| serde_json::from_str::<Value>(d).ok());
        if let (true, Some(want), Some(got)) = (error, documented, body.get("data"))
            && *got != want
        {
            out.push(format!(
                "the vendor file says errors carry `data: {want}`, found {}",
                crate::kind(got)
            ));
        }
        out
    }
}

impl CodeMessageData {
    /// The keys every body of this envelope carries (`data` only on success).
    fn keys(&self) -> impl Iterator<Item = &'static str> {
        ["code", "status", "message"]
            .into_iter()
            .filter(|k| self.status_field || *k != "status")
    }
}
