//! Interceptors: what one adds before signing is signed (the fakes verify it), one sees every
//! attempt's response, and what they are shown prints redacted.

use std::sync::{Arc, Mutex};

use vodspec::runtime::{AttemptResponse, Interceptor, RequestParts};
use vodspec::{huaweicloud, polyv};
use vodspec_testing::{FakeVendor, Reply};

#[derive(Default)]
struct Recorder {
    before: Mutex<Vec<String>>,
    after: Mutex<Vec<(u32, u16, usize, String)>>,
}

struct Tag(Arc<Recorder>);

impl Interceptor for Tag {
    fn before_signing(&self, parts: &mut RequestParts) {
        parts.headers.push(("X-Trace-Id", "trace-0001".to_owned()));
        parts.query.push(("trace", "on".to_owned()));
        self.0.before.lock().unwrap().push(format!("{parts:?}"));
    }

    fn after_attempt(&self, r: &AttemptResponse<'_>) {
        self.0
            .after
            .lock()
            .unwrap()
            .push((r.attempt, r.status, r.body.len(), format!("{r:?}")));
    }
}

#[tokio::test]
async fn what_an_interceptor_adds_is_signed_and_every_attempt_is_seen() {
    let fake = FakeVendor::start(&huaweicloud::API).await;
    let seen = Arc::new(Recorder::default());
    let client =
        huaweicloud::Client::new(huaweicloud::Credentials::from_lookup(fake.env()).unwrap())
            .with_base_url(fake.base_url())
            .with_interceptor(Tag(seen.clone()));
    fake.on("list-thumbnails-task").reply(Reply::Gateway(503));
    client
        .list_thumbnails_task()
        .task_id("7684")
        .send()
        .await
        .unwrap();
    let sent = fake.received();
    assert_eq!(sent.len(), 2);
    for r in &sent {
        assert!(
            r.verified(),
            "signed with the interceptor's additions: {r:?}"
        );
        assert_eq!(r.header("x-trace-id"), Some("trace-0001"));
        assert!(r.query.contains("trace=on"), "{}", r.query);
        let auth = r.header("authorization").unwrap();
        assert!(auth.contains("x-trace-id"), "the header is signed: {auth}");
    }
    let after = seen.after.lock().unwrap().clone();
    assert_eq!(
        after.iter().map(|a| (a.0, a.1)).collect::<Vec<_>>(),
        [(1, 503), (2, 200)]
    );
    assert!(after[1].2 > 0, "the body bytes are shown");
    assert_eq!(seen.before.lock().unwrap().len(), 1, "once per call");
    let secret = fake.credential("secret_key").unwrap();
    for shown in seen.before.lock().unwrap().iter() {
        assert!(!shown.contains(&secret), "{shown}");
    }
}

#[tokio::test]
async fn polyv_signs_a_param_an_interceptor_adds_and_responses_print_redacted() {
    let fake = FakeVendor::start(&polyv::API).await;
    let seen = Arc::new(Recorder::default());
    let client = polyv::Client::new(polyv::Credentials::from_lookup(fake.env()).unwrap())
        .with_base_url(fake.base_url())
        .with_interceptor(Tag(seen.clone()));
    client
        .get_snapshot_task_status()
        .task_id("2036")
        .send()
        .await
        .unwrap();
    let r = fake.last().unwrap();
    assert!(r.verified(), "the added param is in the sign: {r:?}");
    assert_eq!(r.param("trace"), None, "not an operation param");
    assert!(r.query.contains("trace=on"));

    // A body with a field named like a sensitive param prints it as `***`.
    fake.on("get-snapshot-task-status").reply(Reply::Json(
        200,
        r#"{"code":200,"status":"success","message":"ok","data":null,"sign":"LEAKED-SIGNATURE"}"#
            .into(),
    ));
    let _ = client
        .get_snapshot_task_status()
        .task_id("2036")
        .send()
        .await;
    let after = seen.after.lock().unwrap().clone();
    let shown = &after.last().unwrap().3;
    assert!(!shown.contains("LEAKED-SIGNATURE"), "{shown}");
    assert!(shown.contains(r#"\"sign\":\"***\""#), "{shown}");
}
