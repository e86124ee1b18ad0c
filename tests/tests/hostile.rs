//! Hardening, round two: hostile answers and hostile settings, each against a raw loopback
//! server that answers what no honest vendor would.

#[path = "support/capture.rs"]
mod capture;

use std::time::Duration;

use futures_util::StreamExt;
use vodspec::huaweicloud;
use vodspec::runtime;
use vodspec_tests::raw_server::{Answer, RawServer};

fn huawei(base_url: &str) -> huaweicloud::Client {
    huaweicloud::Client::new(
        huaweicloud::Credentials::new("p-1", "cn-north-4")
            .with_access_key("ak")
            .with_secret_key("sk"),
    )
    .with_base_url(base_url)
}

/// The vendor ignores the page param and sends neither a truncated flag nor a total: the
/// listing still ends, after `max_pages`, with an error that says why.
#[tokio::test]
async fn a_listing_without_flags_that_never_ends_stops_at_the_page_cap() {
    let server = RawServer::start([127, 0, 0, 1], |_, _| {
        Answer::json(r#"{"task_array":[{"task_id":"1","status":"WAITING"}]}"#)
    });
    let request = huawei(&server.base_url()).list_thumbnails_task().size(1);
    let pages: Vec<_> = tokio::time::timeout(
        Duration::from_secs(30),
        request.pages_with(5).collect::<Vec<_>>(),
    )
    .await
    .expect("the listing ends");
    assert_eq!(pages.len(), 6, "five pages, then the error");
    match &pages[5] {
        Err(runtime::Error::Pagination { pages: 5, reason }) => {
            assert!(
                reason.contains("neither a truncated flag nor a total"),
                "{reason}"
            )
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(server.connections(), 5);
}

/// The same region through the library: the call fails before anything is sent, and with the
/// check undone the request would have gone to 127.0.0.2.
#[tokio::test]
async fn a_region_carrying_a_host_is_a_credentials_error_and_sends_nothing() {
    let server = RawServer::start([127, 0, 0, 2], |_, _| Answer::json("{}"));
    let region = format!("x@{}/#", server.addr);
    let client = huaweicloud::Client::new(
        huaweicloud::Credentials::new("p-1", region.clone())
            .with_access_key("ak")
            .with_secret_key("sk"),
    );
    let e = client.list_thumbnails_task().send().await.unwrap_err();
    assert!(
        matches!(
            &e,
            runtime::Error::Credentials(runtime::CredentialsError::BadEndpoint { value, .. }) if *value == region
        ),
        "{e:?}"
    );
    assert_eq!(server.connections(), 0);
    // What the region would have made of the endpoint: the server's own address.
    let template = huaweicloud::VENDOR.base_url.replace("{region}", &region);
    let url = reqwest::Url::parse(&template).unwrap();
    assert_eq!(url.host_str(), Some("127.0.0.2"));
}

/// A 429 whose `Retry-After` is the largest number HTTP can carry, with the cap raised to match:
/// the wait is arithmetic that saturates, never a panic. With a deadline the call gives up at
/// once; without one it waits, and keeps waiting.
#[tokio::test]
async fn a_huge_retry_after_under_a_raised_cap_never_panics() {
    let busy = "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 18446744073709551615\r\nContent-Length: 4\r\nConnection: close\r\n\r\nbusy";
    let server = RawServer::start([127, 0, 0, 1], move |_, _| {
        Answer::Bytes(busy.as_bytes().to_vec())
    });
    let config = runtime::Config::default()
        .max_attempts(3)
        .max_retry_after(Duration::MAX)
        .initial_backoff(Duration::from_millis(1));
    let with_deadline = huawei(&server.base_url())
        .with_config(config.clone().deadline(Some(Duration::from_secs(5))));
    let e = with_deadline
        .list_thumbnails_task()
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(
            e,
            runtime::Error::Send(runtime::SendError::Timeout { attempts: 1, .. })
        ),
        "{e:?}"
    );
    assert_eq!(server.connections(), 1);

    let without = huawei(&server.base_url()).with_config(config);
    let call = tokio::spawn(async move { without.list_thumbnails_task().send().await });
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(!call.is_finished(), "still waiting as asked, not panicked");
    call.abort();
    assert_eq!(server.connections(), 2);
}

/// A project id of `..` would make `/v1/../thumbnails` address another resource after URL
/// normalisation, under a signature over the path as written: refused, nothing sent.
#[tokio::test]
async fn a_dot_dot_path_param_is_an_input_error_and_sends_nothing() {
    let server = RawServer::start([127, 0, 0, 1], |_, _| Answer::json("{}"));
    for bad in ["..", ".", ""] {
        let mut creds = huaweicloud::Credentials::new("p", "cn-north-4")
            .with_access_key("ak")
            .with_secret_key("sk");
        creds.project_id = bad.to_owned();
        let client = huaweicloud::Client::new(creds).with_base_url(server.base_url());
        let request = client.list_thumbnails_task();
        for e in [
            request.send().await.unwrap_err(),
            runtime::Error::Build(request.prepare().unwrap_err()),
        ] {
            match e {
                runtime::Error::Build(b) => assert!(
                    b.violations.iter().any(|v| v.path == "project_id"
                        && v.kind == runtime::ViolationKind::NotPathSegment),
                    "{bad:?}: {b}"
                ),
                other => panic!("{bad:?}: {other:?}"),
            }
        }
    }
    assert_eq!(server.connections(), 0);
}

/// The rate limiter on real calls: every page and every retry attempt takes a slot, so a
/// listing and a retried call take at least as long as the limit allows, and the wait shows in
/// tracing. (The exact spreading is the runtime's paused-clock test.)
#[tokio::test]
async fn pages_and_retries_wait_for_a_slot_under_the_rate_limit() {
    let (captured, _guard) = capture::logs(tracing::Level::INFO);

    let limit = |requests, ms| runtime::RateLimit::Custom {
        requests,
        per: Duration::from_millis(ms),
    };
    let pages = RawServer::start([127, 0, 0, 1], |_, _| {
        Answer::json(r#"{"task_array":[{"task_id":"1"}],"is_truncated":1,"total":99}"#)
    });
    let client =
        huawei(&pages.base_url()).with_config(runtime::Config::default().rate_limit(limit(2, 300)));
    let started = std::time::Instant::now();
    let got: Vec<_> = client
        .list_thumbnails_task()
        .size(1)
        .pages_with(5)
        .collect()
        .await;
    assert!(got.iter().take(5).all(Result::is_ok), "{got:?}");
    // Two pages now, two at 300 ms, the fifth at 600 ms.
    assert!(
        started.elapsed() >= Duration::from_millis(600),
        "{:?}",
        started.elapsed()
    );

    let busy = RawServer::start([127, 0, 0, 1], |n, _| {
        if n < 3 {
            Answer::status(503, "text/plain", "busy")
        } else {
            Answer::json(r#"{"task_array":[]}"#)
        }
    });
    let client = huawei(&busy.base_url()).with_config(
        runtime::Config::default()
            .max_attempts(4)
            .initial_backoff(Duration::from_millis(1))
            .max_backoff(Duration::from_millis(1))
            .rate_limit(limit(1, 200)),
    );
    let started = std::time::Instant::now();
    client.list_thumbnails_task().send().await.unwrap();
    assert_eq!(busy.connections(), 4);
    assert!(
        started.elapsed() >= Duration::from_millis(600),
        "{:?}",
        started.elapsed()
    );
    assert!(
        captured
            .contents()
            .contains("waiting for a slot under the vendor's rate limit")
    );
}

/// What is on by default: the limits whose breach the vendor punishes (Polyv blocks the IP for
/// five minutes), not the others; and `Off` turns even those off.
#[test]
fn the_default_keeps_to_the_limits_the_vendor_punishes() {
    use vodspec::{haplat, polyv};
    let polyv = polyv::VENDOR.rate_limit.expect("polyv documents one");
    let huawei = huaweicloud::VENDOR
        .rate_limit
        .expect("huawei documents one");
    let pull = <haplat::pull_video::PullVideo as runtime::Operation>::DESC
        .rate_limit
        .expect("the task APIs document one");
    assert_eq!((polyv.requests, polyv.per_seconds), (1500, 10));
    assert_eq!((huawei.requests, huawei.per_seconds), (100, 60));
    assert_eq!((pull.requests, pull.per_seconds), (300, 300));
    let default = runtime::Config::default().rate_limit;
    assert!(default.applies(polyv));
    assert!(!default.applies(huawei) && !default.applies(pull));
    assert!(runtime::RateLimit::Documented.applies(pull));
    assert!(!runtime::RateLimit::Off.applies(polyv));
}

/// A body that says one field twice, `WAITING` then `SUCCEEDED`: a gateway keeping the first
/// and the client keeping the last would disagree about the task, so the client refuses it.
#[tokio::test]
async fn a_repeated_field_is_a_decode_error_naming_it() {
    let server = RawServer::start([127, 0, 0, 1], |_, _| {
        Answer::json(r#"{"task_array":[{"task_id":"1","status":"WAITING","status":"SUCCEEDED"}]}"#)
    });
    let e = huawei(&server.base_url())
        .list_thumbnails_task()
        .send()
        .await
        .unwrap_err();
    match e {
        runtime::Error::Decode(d) => {
            assert!(d.reason.contains("duplicate field `status`"), "{d}");
            assert!(d.reason.contains("task_array[0]"), "{d}");
        }
        other => panic!("{other:?}"),
    }
}
