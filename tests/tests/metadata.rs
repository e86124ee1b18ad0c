//! Status, request id and headers on every successful response and every error that came with
//! a response, through the generated clients against the `vodspec-testing` fakes (which answer
//! with the vendor's request-id header).

use std::time::Duration;

use futures_util::StreamExt;
use vodspec::runtime::{self, Config, WaitError, WaitPolicy};
use vodspec::{haplat, huaweicloud, polyv};
use vodspec_testing::{FakeVendor, Reply};

fn huawei(fake: &FakeVendor) -> huaweicloud::Client {
    huaweicloud::Client::new(huaweicloud::Credentials::from_lookup(fake.env()).unwrap())
        .with_base_url(fake.base_url())
        .with_config(Config::default().max_attempts(1))
}

fn sent_id(fake: &FakeVendor) -> Option<String> {
    fake.last().unwrap().request_id
}

#[tokio::test]
async fn a_success_carries_status_request_id_and_headers() {
    let fake = FakeVendor::start(&huaweicloud::API).await;
    let r = huawei(&fake)
        .list_thumbnails_task()
        .task_id("7684")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.request_id().is_some());
    assert_eq!(r.request_id(), sent_id(&fake).as_deref());
    assert_eq!(
        r.meta().header("Content-Type"),
        Some("application/json;charset=UTF-8")
    );
    assert_eq!(r.meta().attempts, 1);
    assert_eq!(
        r.task_array.as_ref().unwrap()[0].task_id.as_deref(),
        Some("7684"),
        "the model is one deref away"
    );

    let fake = FakeVendor::start(&haplat::API).await;
    let c = haplat::Client::new(haplat::Credentials::from_lookup(fake.env()).unwrap())
        .with_base_url(fake.base_url());
    let r = c.pull_video_query().task_id("t").send().await.unwrap();
    assert_eq!(r.request_id(), sent_id(&fake).as_deref());

    // Polyv documents no request-id header: status and headers only.
    let fake = FakeVendor::start(&polyv::API).await;
    let c = polyv::Client::new(polyv::Credentials::from_lookup(fake.env()).unwrap())
        .with_base_url(fake.base_url());
    let r = c
        .get_snapshot_task_status()
        .task_id("2036")
        .send()
        .await
        .unwrap();
    assert_eq!((r.status(), r.request_id()), (200, None));
    assert!(r.meta().header("content-length").is_some());
}

#[tokio::test]
async fn every_error_with_a_response_carries_its_request_id() {
    let fake = FakeVendor::start(&huaweicloud::API).await;
    let client = huawei(&fake);
    for reply in [
        Reply::row("operation_failed"),
        Reply::Malformed,
        Reply::Gateway(502),
    ] {
        fake.on("list-thumbnails-task").reply(reply.clone());
        let e = client.list_thumbnails_task().send().await.unwrap_err();
        assert!(
            matches!(e, runtime::Error::Service(_) | runtime::Error::Decode(_)),
            "{e:?}"
        );
        assert_eq!(
            e.request_id(),
            sent_id(&fake).as_deref(),
            "{reply:?}: {e:?}"
        );
        assert_eq!(
            e.response().map(|m| m.status),
            Some(match reply {
                Reply::Malformed => 200,
                Reply::Gateway(s) => s,
                _ => 400,
            })
        );
        if let runtime::Error::Service(s) = &e {
            assert_eq!(s.request_id(), e.request_id());
        }
    }
    // A refused signature is a vendor error too.
    fake.set_clock_offset(3600);
    let e = client.list_thumbnails_task().send().await.unwrap_err();
    assert_eq!(e.request_id(), sent_id(&fake).as_deref());
    fake.set_clock_offset(0);

    // No response, no request id.
    fake.on("list-thumbnails-task").reply(Reply::Drop);
    let e = client.list_thumbnails_task().send().await.unwrap_err();
    assert!(matches!(e, runtime::Error::Send(_)), "{e:?}");
    assert_eq!(e.request_id(), None);
}

#[tokio::test]
async fn waits_and_pages_carry_it_too() {
    let fake = FakeVendor::start(&huaweicloud::API).await;
    fake.on("list-thumbnails-task")
        .lifecycle(&["WAITING", "FAILED"]);
    let policy = WaitPolicy {
        min_delay: Duration::from_millis(10),
        ..WaitPolicy::default()
    };
    match huawei(&fake)
        .list_thumbnails_task()
        .task_id("7684")
        .wait_with(&policy)
        .await
    {
        Err(WaitError::Failed { last, polls: 2 }) => {
            assert_eq!(last.request_id(), sent_id(&fake).as_deref())
        }
        other => panic!("{other:?}"),
    }
    fake.on("list-thumbnails-task").reset().listing(3);
    let client = huawei(&fake);
    let request = client.list_thumbnails_task().size(2);
    let pages: Vec<_> = request.pages().collect().await;
    assert_eq!(pages.len(), 2);
    assert_eq!(
        pages[1].as_ref().unwrap().request_id(),
        sent_id(&fake).as_deref()
    );
}
