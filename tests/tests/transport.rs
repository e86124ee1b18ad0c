//! What is retried and what is not, redirects, `Retry-After`, the deadline, input HTTP cannot
//! carry and WS3's replay rule — against raw loopback servers that behave as gateways do, and
//! against the `vodspec-testing` fakes.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use vodspec::runtime::{
    self, Config, Method, RequestParts, SendError, Sign, Signer, Transport, ViolationKind,
};
use vodspec::{haplat, huaweicloud, polyv};
use vodspec_testing::{FakeVendor, Reply};
use vodspec_tests::raw_server::{Answer, RawServer};

/// What a raw server does with each connection.
#[derive(Clone, Copy)]
enum Behaviour {
    /// Reads the request, then closes without a word.
    Reset,
    /// Reads the request, then says nothing for a long time.
    Hang,
    /// Answers 429 with this `Retry-After`.
    TooMany(&'static str),
    /// Answers 302 to this location.
    Redirect(&'static str),
}

/// A raw HTTP server on `ip`, counting connections.
fn raw_server(ip: [u8; 4], b: Behaviour) -> (SocketAddr, RawServer) {
    let server = RawServer::start(ip, move |_, _| {
        match b {
        Behaviour::Reset => Answer::Reset,
        Behaviour::Hang => Answer::Hang(Duration::from_secs(10)),
        Behaviour::TooMany(after) => Answer::Bytes(
            format!(
                "HTTP/1.1 429 Too Many Requests\r\nRetry-After: {after}\r\nContent-Length: 4\r\nConnection: close\r\n\r\nbusy"
            )
            .into_bytes(),
        ),
        Behaviour::Redirect(to) => Answer::Bytes(
            format!(
                "HTTP/1.1 302 Found\r\nLocation: {to}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            )
            .into_bytes(),
        ),
    }
    });
    (server.addr, server)
}

#[derive(Debug)]
struct NoAuth;

impl Sign for NoAuth {
    fn scheme(&self) -> &'static str {
        "none"
    }
}

fn config(attempts: u32) -> Config {
    Config::default()
        .timeout(Duration::from_millis(300))
        .max_attempts(attempts)
        .initial_backoff(Duration::from_millis(10))
        .max_backoff(Duration::from_millis(20))
}

async fn send(
    cfg: Config,
    addr: SocketAddr,
    method: Method,
    idempotent: bool,
) -> Result<u16, SendError> {
    let mut parts = RequestParts::new("probe", method, "/probe");
    parts.idempotent = idempotent;
    Transport::new(cfg)
        .send(
            &parts,
            &format!("http://{addr}"),
            &Signer::new(NoAuth),
            None,
        )
        .await
        .map(|r| r.status)
}

#[tokio::test]
async fn resets_and_timeouts_are_retried_only_for_idempotent_operations() {
    for (behaviour, what) in [(Behaviour::Reset, "reset"), (Behaviour::Hang, "timeout")] {
        for (method, idempotent, want) in [
            (Method::Get, true, 3),
            (Method::Post, true, 3),
            (Method::Post, false, 1),
        ] {
            let (addr, count) = raw_server([127, 0, 0, 1], behaviour);
            let r = send(config(3), addr, method, idempotent).await;
            // A reset is a transport error and a hang a timeout, each after the attempts made.
            let attempts = match (behaviour, &r) {
                (Behaviour::Reset, Err(SendError::Transport { attempts, .. })) => *attempts,
                (Behaviour::Hang, Err(SendError::Timeout { attempts, .. })) => *attempts,
                _ => panic!("{what}: {r:?}"),
            };
            assert_eq!(attempts as usize, want, "{what}: {r:?}");
            assert_eq!(
                count.connections(),
                want,
                "{what}, {method:?}, idempotent {idempotent}"
            );
        }
    }
}

#[tokio::test]
async fn a_refused_connection_is_retried_even_when_not_idempotent() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    match send(config(3), addr, Method::Post, false).await {
        Err(SendError::Transport { attempts: 3, .. }) => {}
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn retry_after_is_waited_out_up_to_the_cap() {
    let (addr, count) = raw_server([127, 0, 0, 1], Behaviour::TooMany("1"));
    let started = Instant::now();
    assert_eq!(send(config(2), addr, Method::Get, true).await.unwrap(), 429);
    assert_eq!(count.connections(), 2);
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "waited {:?}",
        started.elapsed()
    );

    // Longer than the cap: handed back at once, for the caller to see.
    let (addr, count) = raw_server([127, 0, 0, 1], Behaviour::TooMany("300"));
    let started = Instant::now();
    assert_eq!(send(config(3), addr, Method::Get, true).await.unwrap(), 429);
    assert_eq!(count.connections(), 1);
    assert!(started.elapsed() < Duration::from_secs(1));

    // An HTTP date in the past means now; a non-idempotent 429 is not retried.
    let (addr, count) = raw_server(
        [127, 0, 0, 1],
        Behaviour::TooMany("Sun, 06 Nov 1994 08:49:37 GMT"),
    );
    assert_eq!(send(config(2), addr, Method::Get, true).await.unwrap(), 429);
    assert_eq!(count.connections(), 2);
    let (addr, count) = raw_server([127, 0, 0, 1], Behaviour::TooMany("1"));
    assert_eq!(
        send(config(3), addr, Method::Post, false).await.unwrap(),
        429
    );
    assert_eq!(count.connections(), 1);
    assert_eq!(
        runtime::transport::retry_after(
            "Sun, 06 Nov 1994 08:49:37 GMT",
            std::time::SystemTime::now()
        ),
        Some(Duration::ZERO)
    );
    assert_eq!(
        runtime::transport::retry_after("soon", std::time::SystemTime::now()),
        None
    );
}

#[tokio::test]
async fn the_deadline_bounds_every_attempt_together() {
    let (addr, count) = raw_server([127, 0, 0, 1], Behaviour::Hang);
    let cfg = config(5)
        .timeout(Duration::from_secs(5))
        .deadline(Some(Duration::from_millis(400)));
    let started = Instant::now();
    match send(cfg, addr, Method::Get, true).await {
        Err(SendError::Timeout { .. }) => {}
        other => panic!("{other:?}"),
    }
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(count.connections(), 1);
}

#[tokio::test]
async fn a_redirect_to_another_host_is_not_followed_and_carries_no_token_there() {
    let (other, reached) = raw_server([127, 0, 0, 2], Behaviour::Hang);
    let elsewhere = format!("http://{other}/v1/stolen");
    let fake = FakeVendor::start(&huaweicloud::API).await;
    fake.on("list-thumbnails-task")
        .reply(Reply::Redirect(elsewhere.clone()));
    let token_only = fake.env_without(&["access_key", "secret_key"]);
    let client =
        huaweicloud::Client::new(huaweicloud::Credentials::from_lookup(token_only).unwrap())
            .with_base_url(fake.base_url())
            .with_config(config(3));
    match client.list_thumbnails_task().task_id("1").send().await {
        Err(runtime::Error::Send(SendError::Redirect {
            status: 302,
            location,
        })) => {
            assert_eq!(location.as_deref(), Some(elsewhere.as_str()))
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(fake.hits(), 1, "a redirect is not retried");
    assert_eq!(fake.last().unwrap().scheme, Some("huawei-token"));
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(reached.connections(), 0, "nothing reached 127.0.0.2");

    // The same from a raw gateway.
    let (addr, _) = raw_server([127, 0, 0, 1], Behaviour::Redirect("http://127.0.0.2:9/x"));
    match send(config(3), addr, Method::Get, true).await {
        Err(SendError::Redirect { status: 302, .. }) => {}
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_header_value_http_cannot_carry_is_a_build_error_and_nothing_is_sent() {
    let fake = FakeVendor::start(&huaweicloud::API).await;
    let client =
        huaweicloud::Client::new(huaweicloud::Credentials::from_lookup(fake.env()).unwrap())
            .with_base_url(fake.base_url());
    for bad in ["zh\r\nX-Evil: 1", "zh\n", "中文"] {
        match client.list_thumbnails_task().x_language(bad).send().await {
            Err(runtime::Error::Build(e)) => {
                assert_eq!(
                    e.violations[0].kind,
                    ViolationKind::NotHeaderText,
                    "{bad:?}"
                );
                assert!(e.to_string().contains("x-language"), "{e}");
            }
            other => panic!("{bad:?}: {other:?}"),
        }
    }
    assert_eq!(fake.hits(), 0);
}

#[tokio::test]
async fn concurrent_identical_ws3_calls_are_never_replays() {
    let fake = FakeVendor::start(&haplat::API).await;
    let client = haplat::Client::new(haplat::Credentials::from_lookup(fake.env()).unwrap())
        .with_base_url(fake.base_url())
        .with_config(Config::default().max_attempts(1));
    let calls = (0..3).map(|_| {
        let c = client.clone();
        async move { c.video_concat_query().trans_no("same").send().await }
    });
    let results = futures_util::future::join_all(calls).await;
    for r in &results {
        assert!(r.is_ok(), "{r:?}");
    }
    assert_eq!(fake.hits(), 3);
    assert!(fake.received().iter().all(|r| r.verified()));
}

#[tokio::test]
async fn polyv_and_huawei_reads_retry_a_503_haplat_queries_too() {
    // The haplat queries are POSTs that the spec declares idempotent.
    let fake = FakeVendor::start(&haplat::API).await;
    fake.on("pull-video-query").reply(Reply::Gateway(503));
    let client = haplat::Client::new(haplat::Credentials::from_lookup(fake.env()).unwrap())
        .with_base_url(fake.base_url())
        .with_config(config(3));
    client.pull_video_query().task_id("t").send().await.unwrap();
    assert_eq!(fake.hits(), 2);
    let fake = FakeVendor::start(&polyv::API).await;
    fake.on("get-snapshot-task-status")
        .reply(Reply::TooManyRequests {
            retry_after_secs: 1,
        });
    let client = polyv::Client::new(polyv::Credentials::from_lookup(fake.env()).unwrap())
        .with_base_url(fake.base_url())
        .with_config(config(3));
    let started = Instant::now();
    client
        .get_snapshot_task_status()
        .task_id("2036")
        .send()
        .await
        .unwrap();
    assert!(started.elapsed() >= Duration::from_secs(1));
    assert_eq!(fake.hits(), 2);
}

#[tokio::test]
async fn your_own_http_client_and_per_request_settings() {
    let fake = FakeVendor::start(&huaweicloud::API).await;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-proxy-tag", "mine".parse().unwrap());
    let mine = reqwest::Client::builder()
        .default_headers(headers)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let client =
        huaweicloud::Client::new(huaweicloud::Credentials::from_lookup(fake.env()).unwrap())
            .with_base_url(fake.base_url())
            .with_config(
                config(3)
                    .http_client(Some(mine))
                    .user_agent("my-app/1.0".to_owned()),
            );
    let request = client.list_thumbnails_task().task_id("7684");
    request.send().await.unwrap();
    assert_eq!(fake.last().unwrap().header("x-proxy-tag"), Some("mine"));

    // Three attempts by the client's config; one for this call alone, which still goes through
    // the client's own HTTP client (its default header) with the client's user agent.
    fake.on("list-thumbnails-task").reply(Reply::Gateway(503));
    let e = request
        .send_with(runtime::CallConfig::default().max_attempts(1))
        .await
        .unwrap_err();
    assert_eq!(e.response().map(|m| m.status), Some(503));
    assert_eq!(fake.hits(), 2);
    let last = fake.last().unwrap();
    assert_eq!(last.header("x-proxy-tag"), Some("mine"));
    assert_eq!(last.header("user-agent"), Some("my-app/1.0"));
    // And the client's own setting is back for the next call.
    fake.on("list-thumbnails-task")
        .reply(Reply::Gateway(503))
        .reply(Reply::Gateway(503));
    request.send().await.unwrap();
    assert_eq!(fake.hits(), 5, "two 503s retried, then the example");
}

#[tokio::test]
async fn the_page_cap_is_settable_and_wait_errors_have_sources() {
    use futures_util::StreamExt;
    let fake = FakeVendor::start(&huaweicloud::API).await;
    fake.on("list-thumbnails-task").otherwise(Reply::Page {
        total: 100,
        always_truncated: true,
    });
    let client =
        huaweicloud::Client::new(huaweicloud::Credentials::from_lookup(fake.env()).unwrap())
            .with_base_url(fake.base_url());
    let request = client.list_thumbnails_task().size(1);
    let pages: Vec<_> = request.pages_with(2).collect().await;
    assert_eq!(pages.len(), 3, "two pages, then the error");
    assert!(
        matches!(pages[2], Err(runtime::Error::Pagination { pages: 2, .. })),
        "{:?}",
        pages[2]
    );

    fake.on("list-thumbnails-task")
        .reset()
        .reply(Reply::row("operation_failed"));
    let policy = runtime::WaitPolicy {
        min_delay: Duration::from_millis(10),
        ..runtime::WaitPolicy::default()
    };
    let e = request.wait_with(&policy).await.unwrap_err();
    let source = std::error::Error::source(&e).expect("the poll's error");
    assert_eq!(source.to_string(), "the vendor answered with an error");
    let all = runtime::call::report(&e);
    assert!(all.contains("Operation failed"), "{all}");
}
