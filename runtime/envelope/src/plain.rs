//! `plain-with-error-object` (Huawei): the model itself on 2xx; `{error_code, error_msg}` on
//! 4xx/5xx.

use serde_json::Value;

use super::{DecodeError, Envelope, Split, not_empty};
use crate::{Code, ServiceErrorMeta};

/// The envelope.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlainWithErrorObject;

impl Envelope for PlainWithErrorObject {
    fn split(
        &self,
        http_status: u16,
        request_id: Option<String>,
        body: &[u8],
    ) -> Result<Split, DecodeError> {
        if (200..300).contains(&http_status) {
            not_empty(http_status, body)?;
            return Ok(Split::Data(0..body.len()));
        }
        // As the vendor's SDK does: the documented keys, then the alternatives some
        // gateways use, then the HTTP status and the raw body.
        let v: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
        let pick = |keys: &[&str]| {
            keys.iter()
                .find_map(|k| v.get(*k).and_then(Value::as_str).map(str::to_owned))
        };
        let code = pick(&["error_code", "errorCode", "code"]);
        let message = pick(&["error_msg", "errorMsg", "message"]);
        let request_id = request_id.or_else(|| pick(&["request_id"]));
        Ok(Split::Error(ServiceErrorMeta {
            code: Code::Str(code.unwrap_or_else(|| format!("HTTP {http_status}")).into()),
            message: message.unwrap_or_else(|| DecodeError::new(http_status, "", body).excerpt),
            http_status,
            request_id,
        }))
    }

    fn error_body(&self, code: &Code, message: &str) -> (u16, String) {
        let code = match code {
            Code::Int(n) => n.to_string(),
            Code::Str(s) => s.to_string(),
        };
        let body = serde_json::json!({ "error_code": code, "error_msg": message });
        (400, body.to_string())
    }

    fn success_body(&self, data: &Value) -> (u16, String) {
        (200, data.to_string())
    }

    fn example_problems(&self, _body: &Value, _error: bool) -> Vec<String> {
        // Whatever `split` reads (the documented keys or a gateway's) is the vendor's answer.
        Vec::new()
    }
}
