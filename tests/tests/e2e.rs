//! End to end: each generated client against its `vodspec-testing` fake, which verifies
//! signatures and timestamps as the vendor does.

use std::time::Duration;

use serde_json::{Value, json};
use vodspec::runtime::{self, Config, DecodeError, OperationDesc, SendError, Split, VendorApi};
use vodspec::{haplat, huaweicloud, polyv};
use vodspec_testing::{FakeVendor, Reply};

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
    fn api(self) -> &'static VendorApi {
        match self {
            Op::Snapshot => &polyv::API,
            Op::Pull | Op::Concat => &haplat::API,
            Op::Thumbnails => &huaweicloud::API,
        }
    }

    fn vendor(self) -> &'static str {
        self.api().vendor.id
    }

    fn desc(self) -> &'static OperationDesc {
        let name = match self {
            Op::Snapshot => "get-snapshot-task-status",
            Op::Pull => "pull-video-query",
            Op::Concat => "video-concat-query",
            Op::Thumbnails => "list-thumbnails-task",
        };
        self.api()
            .operations
            .iter()
            .find(|o| o.name == name)
            .unwrap()
    }

    fn name(self) -> &'static str {
        self.desc().name
    }

    async fn fake(self) -> FakeVendor {
        FakeVendor::start(self.api()).await
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
    Config::default()
        .connect_timeout(Duration::from_secs(2))
        .timeout(Duration::from_millis(1500))
        .max_attempts(attempts)
        .initial_backoff(Duration::from_millis(10))
        .max_backoff(Duration::from_millis(50))
}

/// The fake's credentials as environment variables, each sensitive one spoiled unless
/// `secret_ok`.
fn env(fake: &FakeVendor, secret_ok: bool) -> impl Fn(&str) -> Option<String> + '_ {
    move |var| {
        let value = fake.env()(var)?;
        let sensitive = fake
            .api()
            .vendor
            .credentials
            .iter()
            .any(|c| c.env == var && c.sensitive);
        Some(if sensitive && !secret_ok {
            format!("{value}-wrong")
        } else {
            value
        })
    }
}

async fn call_with(op: Op, fake: &FakeVendor, cfg: Config, secret_ok: bool) -> Got {
    let env = env(fake, secret_ok);
    match op {
        Op::Snapshot => {
            let c = polyv::Client::new(polyv::Credentials::from_lookup(env).unwrap())
                .with_base_url(fake.base_url())
                .with_config(cfg);
            got!(c.get_snapshot_task_status().task_id("2036").send().await)
        }
        Op::Pull | Op::Concat => {
            let c = haplat::Client::new(haplat::Credentials::from_lookup(env).unwrap())
                .with_base_url(fake.base_url())
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
            // Every credential set: AK/SK, the vendor's first scheme, signs.
            let c = huaweicloud::Client::new(huaweicloud::Credentials::from_lookup(env).unwrap())
                .with_base_url(fake.base_url())
                .with_config(cfg);
            got!(c.list_thumbnails_task().task_id("7684").send().await)
        }
    }
}

async fn call(op: Op, fake: &FakeVendor, attempts: u32) -> Got {
    call_with(op, fake, config(attempts), true).await
}

/// The doc example's data, as the generated model re-encodes it.
fn example_data(op: Op) -> Value {
    let ex = op.desc().examples.iter().find(|e| e.row.is_none()).unwrap();
    match op
        .api()
        .vendor
        .envelope
        .split(200, None, ex.body.as_bytes())
    {
        Ok(Split::Data(range)) => serde_json::from_str(&ex.body[range]).unwrap(),
        other => panic!("{op:?}: {other:?}"),
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
        let fake = op.fake().await;
        match call(op, &fake, 1).await {
            Got::Ok(v) => assert_covers(op, &v, &example_data(op), "data"),
            other => panic!("{op:?}: {other:?}"),
        }
        assert_eq!(fake.hits(), 1);
        let sent = fake.last().unwrap();
        assert!(sent.verified(), "{op:?}: {sent:?}");
        assert_eq!(sent.operation, Some(op.name()));
    }
}

#[tokio::test]
async fn every_error_row_comes_back_as_its_own_variant_and_is_not_retried() {
    for op in ALL {
        let rows: Vec<&str> = op.desc().rows().map(|r| r.name).collect();
        assert!(!rows.is_empty() || op == Op::Pull, "{op:?} has rows");
        for name in rows {
            let fake = op.fake().await;
            fake.on(op.name()).reply(Reply::row(name));
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
        let fake = op.fake().await;
        let got = call_with(op, &fake, config(3), false).await;
        match (op.vendor(), &got) {
            ("polyv", Got::Row(Some("sign_wrong"), _)) => {}
            ("huaweicloud", Got::Row(Some("signature_invalid"), _)) => {}
            // haplat documents no code for this; it arrives unclassified, with the fake's message.
            ("haplat", Got::Row(None, msg)) if msg.contains("signature mismatch") => {}
            _ => panic!("{op:?}: {got:?}"),
        }
        assert_eq!(fake.hits(), 1, "{op:?}: a signature error is not retried");
    }
}

#[tokio::test]
async fn a_stale_timestamp_is_rejected() {
    for op in ALL {
        let fake = op.fake().await;
        // The vendor's clock runs ahead of ours by more than its window (3, 5, 15 minutes).
        fake.set_clock_offset(20 * 60);
        let got = call(op, &fake, 1).await;
        match (op.vendor(), &got) {
            ("polyv", Got::Row(Some("ptime_too_old"), _)) => {}
            ("huaweicloud", Got::Row(Some("signature_expired"), _)) => {}
            ("haplat", Got::Row(None, msg)) if msg.contains("outside the allowed window") => {}
            _ => panic!("{op:?}: {got:?}"),
        }
    }
}

fn raw(status: u16, content_type: &str, body: Vec<u8>) -> Reply {
    Reply::Raw {
        status,
        content_type: content_type.into(),
        body,
    }
}

fn big_body(op: Op) -> Vec<u8> {
    let filler = "x".repeat(10 * 1024 * 1024);
    let v = match op.vendor() {
        "huaweicloud" => json!({"task_array": [], "is_truncated": 0, "total": filler}),
        _ => json!({"code": 200, "status": "success", "message": "success", "data": filler}),
    };
    v.to_string().into_bytes()
}

#[tokio::test]
async fn malformed_answers_are_typed_errors_with_status_and_excerpt() {
    for op in ALL {
        let html = b"<html><body><h1>502 Bad Gateway</h1></body></html>".to_vec();
        let cases: Vec<(&str, Reply)> = vec![
            ("html 502", raw(502, "text/html", html)),
            ("empty", raw(200, "application/json", Vec::new())),
            ("truncated", raw(200, "application/json", br#"{"code": 200, "data": {"taskId"#.to_vec())),
            ("malformed", Reply::Malformed),
            ("wrong types", match op.vendor() {
                "huaweicloud" => Reply::Json(200, r#"{"task_array": "none", "is_truncated": "no", "total": []}"#.into()),
                _ => Reply::Json(200, r#"{"code": 200, "status": "success", "message": "ok", "data": {"items": 5, "snapshots": {}, "status": []}}"#.into()),
            }),
            ("10 MB", raw(200, "application/json", big_body(op))),
        ];
        for (what, reply) in cases {
            let fake = op.fake().await;
            fake.on(op.name()).reply(reply);
            let got = call(op, &fake, 1).await;
            match (&got, what, op.vendor()) {
                // Huawei's gateway: any 5xx body is an error response, as the vendor SDK reads it.
                (Got::Row(None, msg), "html 502", "huaweicloud") => {
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
        let fake = op.fake().await;
        fake.on(op.name())
            .reply(Reply::Example.after(Duration::from_secs(5)));
        let cfg = config(1).timeout(Duration::from_millis(300));
        let started = std::time::Instant::now();
        match call_with(op, &fake, cfg, true).await {
            Got::Send(SendError::Timeout {
                after, attempts: 1, ..
            }) => {
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
        let fake = op.fake().await;
        fake.on(op.name()).replies([
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
    let fake = Op::Snapshot.fake().await;
    fake.on(Op::Snapshot.name()).replies(std::iter::repeat_n(
        raw(503, "text/plain", b"overloaded".to_vec()),
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

#[tokio::test]
async fn huawei_token_auth_is_accepted() {
    let fake = Op::Thumbnails.fake().await;
    let token_only = fake.env_without(&["access_key", "secret_key"]);
    let c = huaweicloud::Client::new(huaweicloud::Credentials::from_lookup(token_only).unwrap())
        .with_base_url(fake.base_url())
        .with_config(config(1));
    let r = c
        .list_thumbnails_task()
        .task_id("7684")
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.task_array.as_ref().unwrap()[0].task_id.as_deref(),
        Some("7684")
    );
    let sent = fake.last().unwrap();
    assert_eq!(sent.scheme, Some("huawei-token"));
    assert_eq!(
        sent.header("x-auth-token"),
        fake.credential("token").as_deref()
    );
    assert_eq!(sent.header("authorization"), None);
    let none = huaweicloud::Client::new(huaweicloud::Credentials::new("p", "cn-north-4"));
    match none.list_thumbnails_task().send().await {
        Err(runtime::Error::Credentials(e)) => {
            assert!(e.to_string().contains("HUAWEICLOUD_SDK_TOKEN"), "{e}")
        }
        other => panic!("{other:?}"),
    }
}

/// Huawei's cancel answers a success with no body: `send()` gives a `Response<()>` with the
/// status, a body the doc does not describe changes nothing, and an error is still the
/// vendor's error.
#[tokio::test]
async fn a_success_without_a_body_is_unit() {
    let fake = FakeVendor::start(&huaweicloud::API).await;
    let client =
        huaweicloud::Client::new(huaweicloud::Credentials::from_lookup(fake.env()).unwrap())
            .with_base_url(fake.base_url());
    let cancel = || client.delete_thumbnails_task().task_id("7684");

    let done = cancel().send().await.unwrap();
    assert_eq!(done.status(), 204);
    let () = done.into_output();

    fake.on("delete-thumbnails-task")
        .reply(Reply::Json(200, r#"{"task_id":"7684"}"#.into()))
        .reply(Reply::row("invalid_request_parameter"));
    assert_eq!(cancel().send().await.unwrap().status(), 200);
    match cancel().send().await {
        Err(runtime::Error::Service(e)) => {
            assert_eq!(e.row(), Some("invalid_request_parameter"));
        }
        other => panic!("{other:?}"),
    }

    // `task_id` is required: without it nothing is sent.
    assert!(matches!(
        client.delete_thumbnails_task().send().await,
        Err(runtime::Error::Build(_))
    ));
    let sent = fake.received();
    assert_eq!(sent.len(), 3);
    for r in &sent {
        assert!(r.verified(), "{r:?}");
        assert_eq!(r.method, "DELETE");
        assert_eq!(r.param("task_id"), Some("7684"));
    }
}

/// Polyv's addTask answers with the new task's id as `data`: the output is that scalar. The
/// request is a signed form (a task is created once: a 503 is not retried).
#[tokio::test]
async fn a_scalar_data_is_the_output() {
    let fake = FakeVendor::start(&polyv::API).await;
    let client = polyv::Client::new(polyv::Credentials::from_lookup(fake.env()).unwrap())
        .with_base_url(fake.base_url());
    let add = || {
        client
            .add_snapshot_task()
            .vid("1b448be32303e4922a8f70d6b48220ae_1")
            .offset_times("5")
            .offset_times("10")
            .offset_times("15")
            .offset_times("20")
            .width("300")
    };
    let id: i64 = add().send().await.unwrap().into_output();
    let started: Vec<String> = fake.tasks().into_iter().map(|(id, _)| id).collect();
    assert_eq!(
        started,
        [id.to_string()],
        "the data is the id the fake issued"
    );

    fake.on("add-snapshot-task")
        .reply(Reply::Gateway(503))
        .reply(Reply::row("ptime_too_old"));
    let gateway = add().send().await.unwrap_err();
    assert_eq!(
        gateway.response().map(|m| m.status),
        Some(503),
        "{gateway:?}"
    );
    match add().send().await {
        Err(runtime::Error::Service(e)) => assert_eq!(e.row(), Some("ptime_too_old")),
        other => panic!("{other:?}"),
    }
    let sent = fake.received();
    assert_eq!(sent.len(), 3, "the 503 was not retried");
    for r in &sent {
        assert!(r.verified(), "{r:?}");
        assert_eq!(r.method, "POST");
        assert_eq!(r.param_values("offsetTimes"), ["5", "10", "15", "20"]);
        let form = String::from_utf8_lossy(&r.body);
        assert!(form.contains("offsetTimes=5%2C10%2C15%2C20"), "{form}");
        assert_eq!(r.param("width"), Some("300"));
        assert_eq!(r.param("vid"), Some("1b448be32303e4922a8f70d6b48220ae_1"));
    }
}

/// Snapshot this video, wait, get the images: the create's answer names the task, and one call
/// after `send()` waits for it with the query's waiter, which asks for that task.
#[tokio::test]
async fn a_created_task_is_waited_for_by_its_id() {
    let fake = FakeVendor::start(&polyv::API).await;
    fake.on("get-snapshot-task-status")
        .lifecycle(&["waiting", "processing", "success"]);
    let client = polyv::Client::new(polyv::Credentials::from_lookup(fake.env()).unwrap())
        .with_base_url(fake.base_url());
    let add = client
        .add_snapshot_task()
        .vid("1b448be32303e4922a8f70d6b48220ae_1")
        .offset_times("5")
        .offset_times("10");
    let created = add.send().await.unwrap();
    let id = created.output().to_string();
    let policy = runtime::WaitPolicy {
        min_delay: Duration::from_millis(5),
        ..runtime::WaitPolicy::default()
    };
    let done = add.waiter(&created).wait_with(&policy).await.unwrap();
    assert_eq!(done.snapshots.as_ref().map(Vec::len), Some(4));
    let sent = fake.received();
    let polls: Vec<_> = sent
        .iter()
        .filter(|r| r.operation == Some("get-snapshot-task-status"))
        .collect();
    assert_eq!(polls.len(), 3);
    assert!(
        polls
            .iter()
            .all(|r| r.verified() && r.param("taskId") == Some(id.as_str()))
    );
}
