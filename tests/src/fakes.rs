//! Local fake vendor servers: real HTTP servers on 127.0.0.1 that verify each request the way
//! the vendor does (signature, timestamp window) and answer with the doc's example, a scripted
//! reply (an error-table row, a fault), or a stall. They count requests and keep the last one.

use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicI64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};

use crate::verify;

/// Test credentials (the shared vectors' own).
pub mod keys {
    /// Polyv account id.
    pub const POLYV_USER_ID: &str = "1b448be323";
    /// Polyv secret key.
    pub const POLYV_SECRET_KEY: &str = "TESTSECRETKEY0123456789";
    /// haplat AccessKey.
    pub const HAPLAT_ACCESS_KEY: &str = "WSAKTESTEXAMPLE0000001";
    /// haplat SecretKey.
    pub const HAPLAT_SECRET_KEY: &str = "WSSKtestexample0000000000000000000";
    /// Huawei AK.
    pub const HUAWEI_AK: &str = "AKTESTEXAMPLE0000001";
    /// Huawei SK.
    pub const HUAWEI_SK: &str = "SKtestexample/secret+key=0000000000000";
    /// Huawei project id.
    pub const HUAWEI_PROJECT_ID: &str = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    /// Huawei IAM token.
    pub const HUAWEI_TOKEN: &str = "MIItest-iam-token-0001";
}

/// Which vendor a fake plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vendor {
    /// Polyv VOD.
    Polyv,
    /// haplat cloudv.
    Haplat,
    /// Huawei Cloud MPC.
    Huawei,
}

/// One scripted answer.
#[derive(Debug, Clone)]
pub enum Reply {
    /// The doc's success example for the requested operation.
    Example,
    /// A JSON body with a status.
    Json(u16, String),
    /// Any body, content type and status.
    Raw(u16, &'static str, Vec<u8>),
    /// Wait, then answer with the example.
    Stall(Duration),
    /// The example with the task's status set to this wire value (a step of a lifecycle).
    WithStatus(String),
    /// Huawei: a listing of `total` tasks, paged by the request's `page` and `size`; with
    /// `always_truncated`, every page claims there is more.
    Listing {
        /// Tasks in all.
        total: usize,
        /// Lie about `is_truncated`.
        always_truncated: bool,
    },
}

/// A request as the fake received it.
#[derive(Debug, Clone)]
pub struct Recorded {
    /// Method.
    pub method: String,
    /// Path.
    pub path: String,
    /// Raw query string.
    pub query: String,
    /// Headers, names lower-case.
    pub headers: Vec<(String, String)>,
    /// Body.
    pub body: Vec<u8>,
}

struct FakeState {
    vendor: Vendor,
    script: Mutex<VecDeque<Reply>>,
    default: Mutex<Reply>,
    hits: AtomicUsize,
    clock_offset_secs: AtomicI64,
    last: Mutex<Option<Recorded>>,
    seen_ws3: Mutex<Vec<String>>,
    /// Huawei: answer requests without `task_id` with a listing of this many tasks.
    listing: Mutex<Option<usize>>,
}

/// A running fake; stops when dropped.
pub struct FakeServer {
    /// `http://127.0.0.1:PORT`.
    pub base_url: String,
    state: Arc<FakeState>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FakeServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl FakeServer {
    /// Starts a fake on a free loopback port.
    pub async fn start(vendor: Vendor) -> FakeServer {
        Self::start_on(vendor, 0).await.expect("bind 127.0.0.1")
    }

    /// Starts a fake on `port` of 127.0.0.1 (0: any free port).
    pub async fn start_on(vendor: Vendor, port: u16) -> std::io::Result<FakeServer> {
        let listener =
            tokio::net::TcpListener::bind(SocketAddr::from(([127, 0, 0, 1], port))).await?;
        let addr = listener.local_addr()?;
        let state = Arc::new(FakeState {
            vendor,
            script: Mutex::new(VecDeque::new()),
            default: Mutex::new(Reply::Example),
            hits: AtomicUsize::new(0),
            clock_offset_secs: AtomicI64::new(0),
            last: Mutex::new(None),
            seen_ws3: Mutex::new(Vec::new()),
            listing: Mutex::new(None),
        });
        let app = Router::new().fallback(handle).with_state(state.clone());
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        Ok(FakeServer {
            base_url: format!("http://{addr}"),
            state,
            task,
        })
    }

    /// Queues replies, answered in order before falling back to the example.
    pub fn script(&self, replies: impl IntoIterator<Item = Reply>) {
        self.state.script.lock().unwrap().extend(replies);
    }

    /// What to answer once the script is used up (the example, unless set).
    pub fn set_default(&self, reply: Reply) {
        *self.state.default.lock().unwrap() = reply;
    }

    /// Scripts a task's life: each poll answers the next status; the last one sticks.
    pub fn lifecycle(&self, statuses: &[&str]) {
        if let Some((last, steps)) = statuses.split_last() {
            self.script(steps.iter().map(|s| Reply::WithStatus((*s).to_owned())));
            self.set_default(Reply::WithStatus((*last).to_owned()));
        }
    }

    /// Huawei: requests without `task_id` get a listing of `total` tasks (the others keep their
    /// script), so one fake serves both `--wait` on a task and `--all` over the listing.
    pub fn serve_listing(&self, total: usize) {
        *self.state.listing.lock().unwrap() = Some(total);
    }

    /// Requests received so far, rejected ones included.
    pub fn hits(&self) -> usize {
        self.state.hits.load(Ordering::SeqCst)
    }

    /// Moves the fake's clock, to make a client's timestamps look stale.
    pub fn set_clock_offset(&self, secs: i64) {
        self.state.clock_offset_secs.store(secs, Ordering::SeqCst);
    }

    /// The last request received.
    pub fn last_request(&self) -> Option<Recorded> {
        self.state.last.lock().unwrap().clone()
    }
}

/// The doc's example body named `name` in the spec at `specs/<spec_rel>`.
pub fn example_body(spec_rel: &str, name: &str) -> String {
    let text = std::fs::read_to_string(crate::specs_dir().join(spec_rel)).expect("spec exists");
    let v = vodspec_codegen::yaml::to_json(&text).expect("spec is YAML");
    v["examples"]
        .as_array()
        .and_then(|a| a.iter().find(|e| e["name"] == name))
        .and_then(|e| e["body"].as_str())
        .unwrap_or_else(|| panic!("{spec_rel}: no example {name}"))
        .to_owned()
}

fn json(status: u16, body: String) -> Response {
    (
        StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        [(header::CONTENT_TYPE, "application/json;charset=UTF-8")],
        body,
    )
        .into_response()
}

fn now_secs(st: &FakeState) -> i64 {
    let real = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
        .as_secs() as i64;
    real + st.clock_offset_secs.load(Ordering::SeqCst)
}

/// A refused request: status and JSON body.
struct Rejection(u16, String);

fn polyv_error(message: &str) -> Rejection {
    Rejection(
        400,
        serde_json::json!({"code": 400, "status": "error", "message": message, "data": ""})
            .to_string(),
    )
}

/// The doc's success example for a path, or `None` when the fake does not serve it.
fn example_for(vendor: Vendor, path: &str) -> Option<String> {
    let rel = match vendor {
        Vendor::Polyv if path.ends_with("/getTaskStatus") => {
            "polyv/vod/get-snapshot-task-status.yaml"
        }
        Vendor::Haplat if path == "/vod/videoManage/pullVideoQuery" => {
            "haplat/vod/pull-video-query.yaml"
        }
        Vendor::Haplat if path == "/vod/videoManage/videoConcatQuery" => {
            "haplat/vod/video-concat-query.yaml"
        }
        Vendor::Huawei if path.ends_with("/thumbnails") => {
            "huaweicloud/mpc/list-thumbnails-task.yaml"
        }
        _ => return None,
    };
    Some(example_body(rel, "success"))
}

fn header_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// Polyv's checks: sign present, ptime in its 3-minute window, sign right, user known.
fn verify_polyv(st: &FakeState, method: &Method, uri: &Uri, body: &[u8]) -> Result<(), Rejection> {
    let source = if method == Method::POST {
        body
    } else {
        uri.query().unwrap_or("").as_bytes()
    };
    let params: Vec<(String, String)> = form_urlencoded::parse(source).into_owned().collect();
    let get = |k: &str| params.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
    let Some(sign) = get("sign").filter(|s| !s.is_empty()) else {
        return Err(polyv_error("sign can not be empty."));
    };
    let Some(ptime) = get("ptime").and_then(|p| p.parse::<i64>().ok()) else {
        return Err(polyv_error("ptime is illegal."));
    };
    let now_ms = now_secs(st) * 1000;
    if now_ms - ptime > 180_000 {
        return Err(polyv_error("ptime is too old."));
    }
    if ptime - now_ms > 180_000 {
        return Err(polyv_error("ptime is illegal."));
    }
    if sign != verify::polyv_expected_sign(&params, keys::POLYV_SECRET_KEY) {
        return Err(polyv_error("the sign is not right."));
    }
    if !uri.path().contains(&format!("/{}/", keys::POLYV_USER_ID)) {
        return Err(polyv_error("Could not find user by userid."));
    }
    Ok(())
}

/// haplat's checks. The vendor's codes for these failures are not documented; the fake answers
/// HTTP 401 with envelope code 401 and says why.
fn verify_haplat(
    st: &FakeState,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(), Rejection> {
    let fail = |why: &str| {
        Rejection(
            401,
            serde_json::json!({"code": 401, "message": why, "data": null}).to_string(),
        )
    };
    let ak = header_value(headers, "x-ws-accesskey").unwrap_or_default();
    let ts = header_value(headers, "x-ws-timestamp").unwrap_or_default();
    let auth = header_value(headers, "authorization").unwrap_or_default();
    if ak != keys::HAPLAT_ACCESS_KEY {
        return Err(fail("unknown X-WS-AccessKey"));
    }
    let Ok(t) = ts.parse::<i64>() else {
        return Err(fail("bad X-WS-Timestamp"));
    };
    if (now_secs(st) - t).abs() > 300 {
        return Err(fail("X-WS-Timestamp outside the 5-minute window"));
    }
    let expected = verify::ws3_expected_signature(
        keys::HAPLAT_SECRET_KEY,
        method.as_str(),
        uri.path(),
        uri.query().unwrap_or(""),
        &header_value(headers, "content-type").unwrap_or_default(),
        &header_value(headers, "host").unwrap_or_default(),
        body,
        &ts,
    );
    let want = format!(
        "WS3-HMAC-SHA256 Credential={ak}, SignedHeaders=content-type;host, Signature={expected}"
    );
    if auth != want {
        return Err(fail("signature mismatch"));
    }
    let mut seen = st.seen_ws3.lock().unwrap();
    if seen.contains(&auth) {
        return Err(fail("replayed request"));
    }
    seen.push(auth);
    Ok(())
}

fn huawei_error(status: u16, code: &str, msg: &str) -> Rejection {
    Rejection(
        status,
        serde_json::json!({"error_code": code, "error_msg": msg}).to_string(),
    )
}

/// Huawei API Gateway's checks: the token, or the AK/SK signature over the headers the
/// `Authorization` lists and the 15-minute `X-Sdk-Date` window.
fn verify_huawei(
    st: &FakeState,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(), Rejection> {
    let bad_sig = || {
        huawei_error(
            401,
            "APIGW.0301",
            "Incorrect IAM authentication information: verify aksk signature fail",
        )
    };
    let Some(auth) = header_value(headers, "authorization") else {
        return match header_value(headers, "x-auth-token") {
            Some(t) if t == keys::HUAWEI_TOKEN => Ok(()),
            _ => Err(huawei_error(
                401,
                "APIGW.0301",
                "Incorrect IAM authentication information: token invalid",
            )),
        };
    };
    let Some(rest) = auth.strip_prefix("SDK-HMAC-SHA256 ") else {
        return Err(bad_sig());
    };
    let field = |name: &str| {
        rest.split(", ")
            .find_map(|p| p.strip_prefix(name).and_then(|v| v.strip_prefix('=')))
            .map(str::to_owned)
    };
    let (Some(access), Some(signed), Some(signature)) =
        (field("Access"), field("SignedHeaders"), field("Signature"))
    else {
        return Err(bad_sig());
    };
    if access != keys::HUAWEI_AK {
        return Err(bad_sig());
    }
    let date = header_value(headers, "x-sdk-date").unwrap_or_default();
    let format = time::macros::format_description!("[year][month][day]T[hour][minute][second]Z");
    let Ok(t) = time::PrimitiveDateTime::parse(&date, format) else {
        return Err(bad_sig());
    };
    if (now_secs(st) - t.assume_utc().unix_timestamp()).abs() > 15 * 60 {
        return Err(huawei_error(
            401,
            "APIG.0303",
            "Incorrect app authentication information: signature expired",
        ));
    }
    let query: Vec<(String, String)> = form_urlencoded::parse(uri.query().unwrap_or("").as_bytes())
        .into_owned()
        .collect();
    let names: Vec<&str> = signed.split(';').collect();
    let expected = verify::huawei_expected_signature(
        keys::HUAWEI_SK,
        method.as_str(),
        uri.path(),
        &query,
        &names,
        |h| header_value(headers, h),
        body,
    );
    if expected.as_deref() != Some(signature.as_str()) {
        return Err(bad_sig());
    }
    Ok(())
}

/// The example with the task status replaced, where each vendor keeps it.
fn with_status(vendor: Vendor, example: &str, status: &str) -> String {
    let mut v: serde_json::Value = serde_json::from_str(example).expect("examples are JSON");
    let value = match status.parse::<i64>() {
        Ok(n) => serde_json::Value::from(n),
        Err(_) => serde_json::Value::from(status),
    };
    match vendor {
        Vendor::Polyv | Vendor::Haplat => v["data"]["status"] = value,
        Vendor::Huawei => {
            for task in v["task_array"].as_array_mut().into_iter().flatten() {
                task["status"] = value.clone();
            }
        }
    }
    v.to_string()
}

/// A Huawei listing page of `total` generated tasks, `task-0`, `task-1`, ….
fn listing_page(uri: &Uri, total: usize, always_truncated: bool) -> String {
    let q: Vec<(String, String)> = form_urlencoded::parse(uri.query().unwrap_or("").as_bytes())
        .into_owned()
        .collect();
    let get = |k: &str, d: usize| {
        q.iter()
            .find(|(n, _)| n == k)
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(d)
    };
    let (page, size) = (get("page", 0), get("size", 10).max(1));
    let start = (page * size).min(total);
    let end = (start + size).min(total);
    let tasks: Vec<serde_json::Value> = (start..end)
        .map(|i| serde_json::json!({"task_id": format!("task-{i}"), "status": "SUCCEEDED"}))
        .collect();
    let truncated = always_truncated || end < total;
    serde_json::json!({"task_array": tasks, "is_truncated": i32::from(truncated), "total": total})
        .to_string()
}

async fn handle(
    State(st): State<Arc<FakeState>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    st.hits.fetch_add(1, Ordering::SeqCst);
    *st.last.lock().unwrap() = Some(Recorded {
        method: method.to_string(),
        path: uri.path().to_owned(),
        query: uri.query().unwrap_or("").to_owned(),
        headers: headers
            .iter()
            .map(|(k, v)| (k.as_str().to_owned(), v.to_str().unwrap_or("").to_owned()))
            .collect(),
        body: body.to_vec(),
    });
    let Some(example) = example_for(st.vendor, uri.path()) else {
        return json(
            404,
            r#"{"message":"no such operation on this fake"}"#.into(),
        );
    };
    let verdict = match st.vendor {
        Vendor::Polyv => verify_polyv(&st, &method, &uri, &body),
        Vendor::Haplat => verify_haplat(&st, &method, &uri, &headers, &body),
        Vendor::Huawei => verify_huawei(&st, &method, &uri, &headers, &body),
    };
    if let Err(Rejection(status, body)) = verdict {
        return json(status, body);
    }
    let listing = *st.listing.lock().unwrap();
    if let Some(total) = listing.filter(|_| !uri.query().unwrap_or("").contains("task_id=")) {
        return json(200, listing_page(&uri, total, false));
    }
    let scripted = st.script.lock().unwrap().pop_front();
    let reply = scripted.unwrap_or_else(|| st.default.lock().unwrap().clone());
    match reply {
        Reply::WithStatus(status) => json(200, with_status(st.vendor, &example, &status)),
        Reply::Listing {
            total,
            always_truncated,
        } => json(200, listing_page(&uri, total, always_truncated)),
        Reply::Example => json(200, example),
        Reply::Json(status, body) => json(status, body),
        Reply::Raw(status, content_type, body) => (
            StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            [(header::CONTENT_TYPE, content_type)],
            body,
        )
            .into_response(),
        Reply::Stall(d) => {
            tokio::time::sleep(d).await;
            json(200, example)
        }
    }
}
