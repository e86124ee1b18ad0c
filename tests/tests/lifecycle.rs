//! The other half of every task API, end to end against the kit: create, wait, cancel, and the
//! vendors' callbacks received by a server of the test's own, verified and decoded by the
//! generated clients.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use serde_json::json;
use vodspec::huaweicloud::create_thumbnails_task::{ObsObjInfo, ThumbnailPara, ThumbnailType};
use vodspec::runtime::{self, CallbackError, CallbackRequest, ViolationKind, WaitPolicy};
use vodspec::{haplat, huaweicloud, polyv};
use vodspec_testing::FakeVendor;

fn fast() -> WaitPolicy {
    WaitPolicy {
        min_delay: Duration::from_millis(5),
        ..WaitPolicy::default()
    }
}

/// A request a callback server received.
#[derive(Debug, Clone)]
struct Got {
    query: Option<String>,
    headers: HeaderMap,
    body: Bytes,
}

impl Got {
    fn request(&self) -> CallbackRequest<'_> {
        CallbackRequest {
            query: self.query.as_deref(),
            headers: &self.headers,
            body: &self.body,
        }
    }
}

/// An axum server on loopback recording every callback; its URL.
async fn callback_server() -> (String, Arc<Mutex<Vec<Got>>>) {
    let got: Arc<Mutex<Vec<Got>>> = Arc::default();
    async fn record(
        State(got): State<Arc<Mutex<Vec<Got>>>>,
        RawQuery(query): RawQuery,
        headers: HeaderMap,
        body: Bytes,
    ) -> &'static str {
        got.lock().unwrap().push(Got {
            query,
            headers,
            body,
        });
        "ok"
    }
    let app = axum::Router::new()
        .route("/hook", axum::routing::post(record))
        .with_state(got.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, got)
}

fn huawei(fake: &FakeVendor) -> huaweicloud::Client {
    huaweicloud::Client::new(huaweicloud::Credentials::from_lookup(fake.env()).unwrap())
        .with_base_url(fake.base_url())
}

fn obs(object: &str) -> ObsObjInfo {
    ObsObjInfo::new("example-bucket", "region01", object)
}

/// A new snapshot task's id.
async fn start(client: &huaweicloud::Client) -> String {
    let created = client
        .create_thumbnails_task()
        .input(obs("in.ts"))
        .output(obs("out"))
        .send()
        .await
        .unwrap();
    created.task_id.clone().unwrap()
}

#[tokio::test]
async fn huawei_create_wait_success() {
    let fake = FakeVendor::start(&huaweicloud::API).await;
    let client = huawei(&fake);
    let create = client
        .create_thumbnails_task()
        .input(obs("example-input.ts"))
        .output(obs("example-output/example-path"))
        .thumbnail_para(
            ThumbnailPara::new()
                .r#type(ThumbnailType::Dots)
                .dots(vec![5, 10])
                .max_length(480),
        );
    let created = create.send().await.unwrap();
    let id = created.task_id.clone().unwrap();
    let done = create.waiter(&created).wait_with(&fast()).await.unwrap();
    let task = &done.task_array.as_ref().unwrap()[0];
    assert_eq!(task.task_id.as_deref(), Some(id.as_str()));
    assert_eq!(fake.tasks(), [(id.clone(), "SUCCEEDED".to_owned())]);

    let sent = fake.received();
    let post = &sent[0];
    assert!(post.verified(), "the JSON body is signed: {post:?}");
    let body: serde_json::Value = serde_json::from_slice(&post.body).unwrap();
    assert_eq!(
        body,
        json!({
            "input": {"bucket": "example-bucket", "location": "region01", "object": "example-input.ts"},
            "output": {"bucket": "example-bucket", "location": "region01", "object": "example-output/example-path"},
            "thumbnail_para": {"type": "DOTS", "dots": [5, 10], "max_length": 480}
        }),
        "absent fields are left out, never sent as null"
    );
    assert_eq!(post.value("thumbnail_para"), Some(&body["thumbnail_para"]));
    let polls: Vec<_> = sent
        .iter()
        .filter(|r| r.operation == Some("list-thumbnails-task"))
        .collect();
    assert_eq!(polls.len(), 3, "WAITING, PROCESSING, SUCCEEDED");
    assert!(
        polls
            .iter()
            .all(|r| r.verified() && r.param("task_id") == Some(id.as_str()))
    );
}

#[tokio::test]
async fn huawei_cancel_of_a_queued_task_removes_it() {
    let fake = FakeVendor::start(&huaweicloud::API).await;
    let client = huawei(&fake);
    let id = start(&client).await;
    let () = client
        .delete_thumbnails_task()
        .task_id(id.as_str())
        .send()
        .await
        .unwrap()
        .into_output();
    assert!(fake.tasks().is_empty(), "{:?}", fake.tasks());
}

#[tokio::test]
async fn huawei_cancel_of_a_started_task_is_refused() {
    let fake = FakeVendor::start(&huaweicloud::API).await;
    let client = huawei(&fake);
    let id = start(&client).await;
    for _ in 0..2 {
        client
            .list_thumbnails_task()
            .task_id(id.as_str())
            .send()
            .await
            .unwrap();
    }
    assert_eq!(fake.tasks(), [(id.clone(), "PROCESSING".to_owned())]);
    match client
        .delete_thumbnails_task()
        .task_id(id.as_str())
        .send()
        .await
    {
        Err(runtime::Error::Service(e)) => {
            assert_eq!(e.row(), Some("invalid_request_parameter"), "{e}");
            assert_eq!(e.meta().http_status, 400);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(fake.tasks().len(), 1, "a refused cancel leaves the task");
}

#[tokio::test]
async fn request_model_violations_come_together_each_with_its_path() {
    let fake = FakeVendor::start(&huaweicloud::API).await;
    let client = huawei(&fake);
    let err = client
        .create_thumbnails_task()
        .input(ObsObjInfo::new("", "region01", "in.ts"))
        .thumbnail_para(
            ThumbnailPara::new()
                .dots(vec![1, 2, 3, -4, 5, 6, 7, 8, 9, 10, 11])
                .width(50),
        )
        .send()
        .await
        .unwrap_err();
    let runtime::Error::Build(b) = err else {
        panic!("{err:?}")
    };
    let got: Vec<(&str, ViolationKind)> = b
        .violations
        .iter()
        .map(|v| (v.path.as_str(), v.kind.clone()))
        .collect();
    assert_eq!(
        got,
        [
            (
                "input.bucket",
                ViolationKind::TooShort { min: 1, actual: 0 }
            ),
            ("output", ViolationKind::Missing),
            (
                "thumbnail_para.dots",
                ViolationKind::TooManyItems {
                    max: 10,
                    actual: 11
                }
            ),
            (
                "thumbnail_para.dots[3]",
                ViolationKind::BelowMinimum { min: 0, actual: -4 }
            ),
            (
                "thumbnail_para.width",
                ViolationKind::BelowMinimum {
                    min: 97,
                    actual: 50
                }
            ),
        ]
    );
    assert!(
        b.to_string().contains("`thumbnail_para.dots[3]` is -4"),
        "{b}"
    );
    assert_eq!(fake.hits(), 0, "nothing was sent");
}

#[tokio::test]
async fn haplat_fetch_of_two_files_waited_to_the_end_and_notified() {
    let fake = FakeVendor::start(&haplat::API).await;
    let (url, got) = callback_server().await;
    let client = haplat::Client::new(haplat::Credentials::from_lookup(fake.env()).unwrap())
        .with_base_url(fake.base_url());
    let file = haplat::pull_video::PullVideoFile::new;
    let pull = client
        .pull_video()
        .file_list(file("https://example.com/a.mp4").file_name("a.mp4"))
        .file_list(file("https://example.com/b.mp4").md5("0123456789abcdef"))
        .notify_url(url.as_str());
    let created = pull.send().await.unwrap();
    let done = pull.waiter(&created).wait_with(&fast()).await.unwrap();
    assert_eq!(done.status.as_ref().and_then(|s| s.as_i64()), Some(2));

    let post = &fake.received()[0];
    assert!(post.verified(), "{post:?}");
    let form = String::from_utf8_lossy(&post.body).into_owned();
    let sent = form_urlencoded::parse(form.as_bytes())
        .find(|(k, _)| k == "fileList")
        .map(|(_, v)| v.into_owned())
        .unwrap();
    assert!(
        sent.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_=".contains(&b)),
        "url-safe base64: {sent}"
    );
    assert_eq!(
        post.value("fileList"),
        Some(&json!([
            {"fileName": "a.mp4", "fetchUrl": "https://example.com/a.mp4"},
            {"fetchUrl": "https://example.com/b.mp4", "md5": "0123456789abcdef"}
        ])),
        "the typed list, as JSON, url-safe base64 encoded"
    );

    let deliveries = fake.callbacks();
    assert_eq!(deliveries.len(), 1, "one notification when the task ended");
    assert_eq!(deliveries[0].answer, Ok(200));
    let got = got.lock().unwrap().clone();
    assert_eq!(got.len(), 1);
    let payload = client.pull_video_callback(&got[0].request()).unwrap();
    assert_eq!(payload["status"], json!(2));
    assert_eq!(payload["taskId"].as_str(), created.task_id.as_deref());

    let garbage = CallbackRequest {
        query: None,
        headers: &HeaderMap::new(),
        body: b"{not base64}",
    };
    assert!(matches!(
        client.pull_video_callback(&garbage),
        Err(CallbackError::Encoding { .. })
    ));
}

#[tokio::test]
async fn polyv_add_then_the_signed_callback_verifies_and_a_tampered_one_does_not() {
    let fake = FakeVendor::start(&polyv::API).await;
    let (url, got) = callback_server().await;
    let client = polyv::Client::new(polyv::Credentials::from_lookup(fake.env()).unwrap())
        .with_base_url(fake.base_url());
    let add = client
        .add_snapshot_task()
        .vid("e6b23c6f51350f106556806a576b1942_e")
        .offset_times("12")
        .callback_url(url.as_str());
    let created = add.send().await.unwrap();
    add.waiter(&created).wait_with(&fast()).await.unwrap();
    assert_eq!(fake.callbacks().len(), 1);
    let got = got.lock().unwrap().clone();
    let payload = client
        .add_snapshot_task_callback(&got[0].request())
        .unwrap();
    assert_eq!(
        payload.vid.as_deref(),
        Some("e6b23c6f51350f106556806a576b1942_e")
    );
    assert_eq!(payload.task_id, Some(*created.output()));
    assert!(got[0].query.as_deref().unwrap().starts_with("sign="));

    // Another video in the body: the signature no longer matches, and nothing is decoded.
    let tampered = String::from_utf8_lossy(&got[0].body).replace("_e\"", "_f\"");
    let bad = CallbackRequest {
        body: tampered.as_bytes(),
        ..got[0].request()
    };
    assert_eq!(
        client.add_snapshot_task_callback(&bad).unwrap_err(),
        CallbackError::BadSignature
    );
    let unsigned = CallbackRequest {
        query: None,
        ..got[0].request()
    };
    assert_eq!(
        client.add_snapshot_task_callback(&unsigned).unwrap_err(),
        CallbackError::MissingSignature { param: "sign" }
    );
    // Signed with another account's key.
    let other = polyv::Client::new(polyv::Credentials::new("someone", "another-key"));
    assert_eq!(
        other
            .add_snapshot_task_callback(&got[0].request())
            .unwrap_err(),
        CallbackError::BadSignature
    );
}

/// The page's worked example: `vid="e6b23c6f51350f106556806a576b1942_e"` and the key give
/// `3adb60893894d422d00ed2efae8c41f3`, but only with the key spelled `testkey`; the page writes
/// `testKey`, whose digest is `afebccbcb017de62db2cd5724cb69505`.
#[test]
fn polyv_callback_vector_from_the_page() {
    let vid = "e6b23c6f51350f106556806a576b1942_e";
    let body = format!(r#"{{"taskId":123,"vid":"{vid}","status":"success","snapshots":[]}}"#);
    let headers = HeaderMap::new();
    for (key, sign, ok) in [
        ("testkey", "3adb60893894d422d00ed2efae8c41f3", true),
        ("testKey", "afebccbcb017de62db2cd5724cb69505", true),
        ("testKey", "3adb60893894d422d00ed2efae8c41f3", false),
    ] {
        let client = polyv::Client::new(polyv::Credentials::new("1b448be323", key));
        let query = format!("sign={sign}");
        let got = client.add_snapshot_task_callback(&CallbackRequest {
            query: Some(&query),
            headers: &headers,
            body: body.as_bytes(),
        });
        assert_eq!(got.is_ok(), ok, "{key} {sign}: {got:?}");
    }
}

/// haplat's splice and trim tasks are named by the caller's own `transNo`, which the queries
/// take: the create's waiter asks for exactly that.
#[tokio::test]
async fn haplat_concat_and_clip_are_waited_for_by_their_trans_no() {
    let fake = FakeVendor::start(&haplat::API).await;
    let client = haplat::Client::new(haplat::Credentials::from_lookup(fake.env()).unwrap())
        .with_base_url(fake.base_url());
    let concat = client
        .video_concat()
        .trans_no("concat-0001")
        .video_ids("DB7830C077D1CF9B9155892819DB8B29")
        .video_ids("DB7830C077D1CF9B9155892819DB8B30")
        .filename("joined");
    let created = concat.send().await.unwrap();
    let done = concat.waiter(&created).wait_with(&fast()).await.unwrap();
    assert_eq!(done.status.as_ref().and_then(|s| s.as_i64()), Some(2));

    let clip = client
        .video_clip()
        .trans_no("clip-0001")
        .video_id("DB7830C077D1CF9B9155892819DB8B29")
        .seek_start(10)
        .duration(20)
        .filename("cut")
        .sampling_rate(44100);
    let created = clip.send().await.unwrap();
    let done = clip.waiter(&created).wait_with(&fast()).await.unwrap();
    assert_eq!(done.status.as_ref().and_then(|s| s.as_i64()), Some(2));

    let sent = fake.received();
    assert!(sent.iter().all(|r| r.verified()), "{sent:?}");
    let asked = |op: &str| -> Vec<Option<String>> {
        sent.iter()
            .filter(|r| r.operation == Some(op))
            .map(|r| r.param("transNo").map(str::to_owned))
            .collect()
    };
    assert!(
        asked("video-concat-query")
            .iter()
            .all(|t| t.as_deref() == Some("concat-0001"))
    );
    assert!(
        asked("video-clip-query")
            .iter()
            .all(|t| t.as_deref() == Some("clip-0001"))
    );
    assert_eq!(
        asked("video-clip-query").len(),
        2,
        "processing, then successful"
    );
    let clip_post = sent
        .iter()
        .find(|r| r.operation == Some("video-clip"))
        .unwrap();
    assert_eq!(clip_post.param("tassamplingRatekId"), Some("44100"));
    let concat_post = sent
        .iter()
        .find(|r| r.operation == Some("video-concat"))
        .unwrap();
    assert!(
        String::from_utf8_lossy(&concat_post.body).contains(
            "videoIds=DB7830C077D1CF9B9155892819DB8B29%2CDB7830C077D1CF9B9155892819DB8B30"
        )
    );
}
