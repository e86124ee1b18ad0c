//! End to end: each generated client against its loopback fake vendor server, which verifies
//! signatures and timestamps as the vendor does.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};
use vodspec::runtime::{self, Config, DecodeError, SendError};
use vodspec::{haplat, huaweicloud, polyv};
use vodspec_tests::fakes::{FakeServer, Reply, Vendor, keys};

/// The four seed operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Snapshot,
    Pull,
    Concat,
    Thumbnails,
}

const ALL: [Op; 4] = [Op::Snapshot, Op::Pull, Op::Concat, Op::Thumbnails];

impl Op {
    fn vendor(self) -> Vendor {
        match self {
            Op::Snapshot => Vendor::Polyv,
            Op::Pull | Op::Concat => Vendor::Haplat,
            Op::Thumbnails => Vendor::Huawei,
        }
    }

    fn spec(self) -> &'static str {
        match self {
            Op::Snapshot => "polyv/vod/get-snapshot-task-status.yaml",
            Op::Pull => "haplat/vod/pull-video-query.yaml",
            Op::Concat => "haplat/vod/video-concat-query.yaml",
            Op::Thumbnails => "huaweicloud/mpc/list-thumbnails-task.yaml",
        }
    }

    fn vendor_spec(self) -> &'static str {
        match self.vendor() {
            Vendor::Polyv => "polyv/vendor.yaml",
            Vendor::Haplat => "haplat/vendor.yaml",
            Vendor::Huawei => "huaweicloud/vendor.yaml",
        }
    }
}

/// What a call came back with, in one shape for every operation.
#[derive(Debug)]
enum Got {
    Ok(Value),
    /// A service error: the matched row's spec name (`None` for `Unhandled`) and its `Display`.
    Row(Option<&'static str>, String),
    Decode(DecodeError),
    Send(SendError),
    Other(#[allow(dead_code, reason = "shown in failure messages")] String),
}

macro_rules! got {
    ($r:expr) => {
        match $r {
            Ok(v) => Got::Ok(serde_json::to_value(&v).unwrap()),
            Err(runtime::Error::Service(e)) => Got::Row(e.row(), e.to_string()),
            Err(runtime::Error::Decode(d)) => Got::Decode(d),
            Err(runtime::Error::Send(s)) => Got::Send(s),
            Err(other) => Got::Other(other.to_string()),
        }
    };
}

fn config(attempts: u32) -> Config {
    Config {
        connect_timeout: Duration::from_secs(2),
        timeout: Duration::from_millis(1500),
        max_attempts: attempts,
        initial_backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(50),
        ..Config::default()
    }
}

async fn call_with(op: Op, fake: &FakeServer, cfg: Config, secret_ok: bool) -> Got {
    let secret = |good: &str| {
        if secret_ok {
            good.to_owned()
        } else {
            format!("{good}-wrong")
        }
    };
    match op {
        Op::Snapshot => {
            let c = polyv::Client::new(polyv::Credentials::new(
                keys::POLYV_USER_ID,
                secret(keys::POLYV_SECRET_KEY),
            ))
            .with_base_url(&fake.base_url)
            .with_config(cfg);
            got!(c.get_snapshot_task_status().task_id("2036").send().await)
        }
        Op::Pull | Op::Concat => {
            let c = haplat::Client::new(haplat::Credentials::new(
                keys::HAPLAT_ACCESS_KEY,
                secret(keys::HAPLAT_SECRET_KEY),
            ))
            .with_base_url(&fake.base_url)
            .with_config(cfg);
            if op == Op::Pull {
                got!(
                    c.pull_video_query()
                        .task_id("983af870015e10001885297a00000000")
                        .send()
                        .await
                )
            } else {
                got!(
                    c.video_concat_query()
                        .trans_no("0251168101641000f4cf4da800000000")
                        .send()
                        .await
                )
            }
        }
        Op::Thumbnails => {
            let c = huaweicloud::Client::new(
                huaweicloud::Credentials::new(keys::HUAWEI_PROJECT_ID, "cn-north-4")
                    .with_access_key(keys::HUAWEI_AK)
                    .with_secret_key(secret(keys::HUAWEI_SK)),
            )
            .with_base_url(&fake.base_url)
            .with_config(cfg);
            got!(c.list_thumbnails_task().task_id("7684").send().await)
        }
    }
}

async fn call(op: Op, fake: &FakeServer, attempts: u32) -> Got {
    call_with(op, fake, config(attempts), true).await
}

fn spec(rel: &str) -> Value {
    let text = std::fs::read_to_string(vodspec_tests::specs_dir().join(rel)).unwrap();
    vodspec_codegen::yaml::to_json(&text).unwrap()
}

/// The doc example's data, as the generated model re-encodes it.
fn example_data(op: Op) -> Value {
    let body: Value =
        serde_json::from_str(&vodspec_tests::fakes::example_body(op.spec(), "success")).unwrap();
    match op.vendor() {
        Vendor::Huawei => body,
        _ => body["data"].clone(),
    }
}

/// The fields of `want` are all in `got` with equal values (the model re-encodes numbers it
/// decoded leniently as strings, and omits absent optional fields).
fn assert_covers(op: Op, got: &Value, want: &Value, at: &str) {
    match (got, want) {
        (Value::Object(g), Value::Object(w)) => {
            for (k, wv) in w {
                let gv = g
                    .get(k)
                    .unwrap_or_else(|| panic!("{op:?}: {at}.{k} missing in {got}"));
                assert_covers(op, gv, wv, &format!("{at}.{k}"));
            }
        }
        (Value::Array(g), Value::Array(w)) => {
            assert_eq!(g.len(), w.len(), "{op:?}: {at}");
            for (i, (gv, wv)) in g.iter().zip(w).enumerate() {
                assert_covers(op, gv, wv, &format!("{at}[{i}]"));
            }
        }
        (Value::String(g), Value::Number(w)) => assert_eq!(g, &w.to_string(), "{op:?}: {at}"),
        (Value::Number(g), Value::Number(w)) => assert_eq!(g.as_f64(), w.as_f64(), "{op:?}: {at}"),
        (g, w) => assert_eq!(g, w, "{op:?}: {at}"),
    }
}

#[tokio::test]
async fn happy_path_decodes_to_the_docs_example() {
    for op in ALL {
        let fake = FakeServer::start(op.vendor()).await;
        match call(op, &fake, 1).await {
            Got::Ok(v) => assert_covers(op, &v, &example_data(op), "data"),
            other => panic!("{op:?}: {other:?}"),
        }
        assert_eq!(fake.hits(), 1);
    }
}

/// The body a vendor sends for an error row.
fn row_reply(op: Op, row: &Value) -> Reply {
    match op.vendor() {
        Vendor::Polyv => Reply::Json(
            200,
            json!({"code": row["code"], "status": "error", "message": row["message"], "data": ""}).to_string(),
        ),
        Vendor::Haplat => Reply::Json(
            200,
            json!({"code": row["code"], "message": row["message"].as_str().unwrap_or("documented error"), "data": null}).to_string(),
        ),
        Vendor::Huawei => Reply::Json(
            row["http_status"].as_u64().unwrap_or(400) as u16,
            json!({"error_code": row["code"], "error_msg": row["message"].as_str().unwrap_or("documented error")}).to_string(),
        ),
    }
}

#[tokio::test]
async fn every_error_row_comes_back_as_its_own_variant_and_is_not_retried() {
    for op in ALL {
        let mut rows: Vec<(String, Value)> = Vec::new();
        for rel in [op.spec(), op.vendor_spec()] {
            if let Some(errors) = spec(rel)["errors"].as_object() {
                rows.extend(errors.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
        }
        assert!(!rows.is_empty() || op == Op::Pull, "{op:?} has rows");
        for (name, row) in rows {
            let fake = FakeServer::start(op.vendor()).await;
            fake.script([row_reply(op, &row)]);
            match call(op, &fake, 3).await {
                Got::Row(Some(got), _) => assert_eq!(got, name, "{op:?}"),
                other => panic!("{op:?} row {name}: {other:?}"),
            }
            assert_eq!(
                fake.hits(),
                1,
                "{op:?} row {name}: a business error is never retried"
            );
        }
    }
}

#[tokio::test]
async fn a_wrong_secret_is_rejected_as_the_vendors_signature_error() {
    for op in ALL {
        let fake = FakeServer::start(op.vendor()).await;
        let got = call_with(op, &fake, config(3), false).await;
        match (op.vendor(), &got) {
            (Vendor::Polyv, Got::Row(Some("sign_wrong"), _)) => {}
            (Vendor::Huawei, Got::Row(Some("signature_invalid"), _)) => {}
            // haplat documents no code for this; it arrives unclassified, with the fake's message.
            (Vendor::Haplat, Got::Row(None, msg)) if msg.contains("signature mismatch") => {}
            _ => panic!("{op:?}: {got:?}"),
        }
        assert_eq!(fake.hits(), 1, "{op:?}: a signature error is not retried");
    }
}

#[tokio::test]
async fn a_stale_timestamp_is_rejected() {
    for op in ALL {
        let fake = FakeServer::start(op.vendor()).await;
        // The vendor's clock runs ahead of ours by more than its window (3, 5, 15 minutes).
        fake.set_clock_offset(20 * 60);
        let got = call(op, &fake, 1).await;
        match (op.vendor(), &got) {
            (Vendor::Polyv, Got::Row(Some("ptime_too_old"), _)) => {}
            (Vendor::Huawei, Got::Row(Some("signature_expired"), _)) => {}
            (Vendor::Haplat, Got::Row(None, msg)) if msg.contains("5-minute window") => {}
            _ => panic!("{op:?}: {got:?}"),
        }
    }
}

fn big_body(op: Op) -> Vec<u8> {
    let filler = "x".repeat(10 * 1024 * 1024);
    let v = match op.vendor() {
        Vendor::Huawei => json!({"task_array": [], "is_truncated": 0, "total": filler}),
        _ => json!({"code": 200, "status": "success", "message": "success", "data": filler}),
    };
    v.to_string().into_bytes()
}

#[tokio::test]
async fn malformed_answers_are_typed_errors_with_status_and_excerpt() {
    for op in ALL {
        let html = b"<html><body><h1>502 Bad Gateway</h1></body></html>".to_vec();
        let cases: Vec<(&str, Reply)> = vec![
            ("html 502", Reply::Raw(502, "text/html", html)),
            ("empty", Reply::Raw(200, "application/json", Vec::new())),
            ("truncated", Reply::Raw(200, "application/json", br#"{"code": 200, "data": {"taskId"#.to_vec())),
            ("wrong types", match op.vendor() {
                Vendor::Huawei => Reply::Json(200, r#"{"task_array": "none", "is_truncated": "no", "total": []}"#.into()),
                _ => Reply::Json(200, r#"{"code": 200, "status": "success", "message": "ok", "data": {"items": 5, "snapshots": {}, "status": []}}"#.into()),
            }),
            ("10 MB", Reply::Raw(200, "application/json", big_body(op))),
        ];
        for (what, reply) in cases {
            let fake = FakeServer::start(op.vendor()).await;
            fake.script([reply]);
            let got = call(op, &fake, 1).await;
            match (&got, what, op.vendor()) {
                // Huawei's gateway: any 5xx body is an error response, as the vendor SDK reads it.
                (Got::Row(None, msg), "html 502", Vendor::Huawei) => {
                    assert!(msg.contains("502"), "{msg}")
                }
                (Got::Decode(d), _, _) => {
                    assert!(
                        d.excerpt.chars().count() <= 201,
                        "{op:?} {what}: excerpt is bounded"
                    );
                    assert!(!d.reason.is_empty());
                    let want_status = if what == "html 502" { 502 } else { 200 };
                    assert_eq!(d.http_status, want_status, "{op:?} {what}");
                    if what == "html 502" {
                        assert!(d.excerpt.starts_with("<html>"), "{op:?}: {d}");
                    }
                }
                _ => panic!("{op:?} {what}: {got:?}"),
            }
        }
    }
}

#[tokio::test]
async fn a_stalled_server_trips_the_timeout() {
    for op in ALL {
        let fake = FakeServer::start(op.vendor()).await;
        fake.script([Reply::Stall(Duration::from_secs(5))]);
        let cfg = Config {
            timeout: Duration::from_millis(300),
            ..config(1)
        };
        let started = std::time::Instant::now();
        match call_with(op, &fake, cfg, true).await {
            Got::Send(SendError::Timeout { after, attempts: 1 }) => {
                assert_eq!(after, Duration::from_millis(300))
            }
            other => panic!("{op:?}: {other:?}"),
        }
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "{op:?}: gave up promptly"
        );
    }
}

#[tokio::test]
async fn a_503_then_200_succeeds_after_one_retry() {
    for op in ALL {
        let fake = FakeServer::start(op.vendor()).await;
        fake.script([
            Reply::Json(503, r#"{"message":"busy"}"#.into()),
            Reply::Example,
        ]);
        match call(op, &fake, 3).await {
            Got::Ok(v) => assert_covers(op, &v, &example_data(op), "data"),
            other => panic!("{op:?}: {other:?}"),
        }
        assert_eq!(
            fake.hits(),
            2,
            "{op:?}: one retry, re-signed (the fake would refuse a replay)"
        );
    }
}

#[tokio::test]
async fn retries_stop_at_max_attempts_and_hand_back_the_last_answer() {
    let fake = FakeServer::start(Vendor::Polyv).await;
    fake.script(std::iter::repeat_n(
        Reply::Raw(503, "text/plain", b"overloaded".to_vec()),
        5,
    ));
    match call(Op::Snapshot, &fake, 3).await {
        Got::Decode(d) => assert_eq!((d.http_status, d.excerpt.as_str()), (503, "overloaded")),
        other => panic!("{other:?}"),
    }
    assert_eq!(fake.hits(), 3);
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error_after_every_attempt() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let c = polyv::Client::new(polyv::Credentials::new("u", "s"))
        .with_base_url(format!("http://{addr}"))
        .with_config(config(2));
    match c.get_snapshot_task_status().task_id("1").send().await {
        Err(runtime::Error::Send(SendError::Transport { attempts: 2, .. })) => {}
        other => panic!("{other:?}"),
    }
}

/// A `Write` into a shared buffer, for capturing log output.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn secrets_never_appear_in_debug_display_or_logs() {
    let captured = Captured::default();
    let sink = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || sink.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let mut shown = String::new();
    for op in ALL {
        let fake = FakeServer::start(op.vendor()).await;
        fake.script([Reply::Json(503, "{}".into())]);
        let got = call_with(op, &fake, config(2), true).await;
        shown.push_str(&format!("{got:?}\n"));
        let wrong = call_with(op, &fake, config(1), false).await;
        shown.push_str(&format!("{wrong:?}\n"));
    }
    let polyv = polyv::Client::new(polyv::Credentials::new(
        keys::POLYV_USER_ID,
        keys::POLYV_SECRET_KEY,
    ));
    let haplat = haplat::Client::new(haplat::Credentials::new(
        keys::HAPLAT_ACCESS_KEY,
        keys::HAPLAT_SECRET_KEY,
    ));
    let huawei = huaweicloud::Client::new(
        huaweicloud::Credentials::new(keys::HUAWEI_PROJECT_ID, "cn-north-4")
            .with_access_key(keys::HUAWEI_AK)
            .with_secret_key(keys::HUAWEI_SK)
            .with_token(keys::HUAWEI_TOKEN),
    );
    shown.push_str(&format!(
        "{polyv:?} {haplat:#?} {huawei:?} {:?} {:?} {:?} {}",
        polyv.inner().signer(),
        haplat.inner().signer(),
        huawei.inner().signer(),
        polyv
            .get_snapshot_task_status()
            .task_id("1")
            .build()
            .unwrap_err_or_input()
    ));
    let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("vodspec.request"),
        "spans were captured: {logs}"
    );
    assert!(logs.contains("retrying"), "{logs}");
    for secret in [
        keys::POLYV_SECRET_KEY,
        keys::HAPLAT_SECRET_KEY,
        keys::HUAWEI_SK,
        keys::HUAWEI_TOKEN,
    ] {
        assert!(!logs.contains(secret), "a secret in the logs");
        assert!(
            !shown.contains(secret),
            "a secret in Debug/Display: {shown}"
        );
    }
}

/// Shows a build result either way, for the secrets check.
trait ShowEither {
    fn unwrap_err_or_input(self) -> String;
}

impl<T: std::fmt::Debug, E: std::fmt::Display> ShowEither for Result<T, E> {
    fn unwrap_err_or_input(self) -> String {
        match self {
            Ok(v) => format!("{v:?}"),
            Err(e) => e.to_string(),
        }
    }
}

#[tokio::test]
async fn huawei_token_auth_is_accepted() {
    let fake = FakeServer::start(Vendor::Huawei).await;
    let c = huaweicloud::Client::new(
        huaweicloud::Credentials::new(keys::HUAWEI_PROJECT_ID, "cn-north-4")
            .with_token(keys::HUAWEI_TOKEN),
    )
    .with_base_url(&fake.base_url)
    .with_config(config(1));
    let r = c
        .list_thumbnails_task()
        .task_id("7684")
        .send()
        .await
        .unwrap();
    assert_eq!(r.task_array[0].task_id, "7684");
    let sent = fake.last_request().unwrap();
    assert!(
        sent.headers
            .iter()
            .any(|(k, v)| k == "x-auth-token" && v == keys::HUAWEI_TOKEN)
    );
    assert!(!sent.headers.iter().any(|(k, _)| k == "authorization"));
    let none = huaweicloud::Client::new(huaweicloud::Credentials::new("p", "cn-north-4"));
    match none.list_thumbnails_task().send().await {
        Err(runtime::Error::Credentials(e)) => {
            assert!(e.to_string().contains("HUAWEICLOUD_SDK_TOKEN"), "{e}")
        }
        other => panic!("{other:?}"),
    }
}
