//! Every error kind's chain: each layer's `Display` says only itself and hands the cause to
//! `source()`, so printing the chain (anyhow's `{:#}`, `runtime::call::report`) shows each
//! message once; a send's cause is reqwest's own error, downcastable, down to the io error.

use std::error::Error as _;
use std::time::Duration;

use vodspec::huaweicloud;
use vodspec::runtime::{self, CallConfig, SendError, WaitError, WaitPolicy, call::report};
use vodspec_testing::{FakeVendor, Reply};

/// The messages of `e` and of each cause under it.
fn chain(e: &(dyn std::error::Error + 'static)) -> Vec<String> {
    let mut out = vec![e.to_string()];
    let mut cur = e.source();
    while let Some(c) = cur {
        out.push(c.to_string());
        cur = c.source();
    }
    out
}

/// No layer repeats the one under it, and the report holds each message once.
fn each_once(e: &(dyn std::error::Error + 'static)) -> Vec<String> {
    let layers = chain(e);
    for pair in layers.windows(2) {
        assert!(
            !pair[0].contains(&pair[1]),
            "`{}` repeats its cause `{}`",
            pair[0],
            pair[1]
        );
    }
    let all = report(e);
    for l in &layers {
        assert_eq!(all.matches(l.as_str()).count(), 1, "`{l}` in `{all}`");
    }
    layers
}

async fn fake() -> (FakeVendor, huaweicloud::Client) {
    let fake = FakeVendor::start(&huaweicloud::API).await;
    let client =
        huaweicloud::Client::new(huaweicloud::Credentials::from_lookup(fake.env()).unwrap())
            .with_base_url(fake.base_url());
    (fake, client)
}

#[tokio::test]
async fn build_credentials_service_and_decode_errors_print_each_layer_once() {
    let (fake, client) = fake().await;
    let e = client.create_thumbnails_task().send().await.unwrap_err();
    let layers = each_once(&e);
    assert_eq!(layers[0], "the request was refused before sending");
    assert!(layers[1].contains("`input` is required"), "{layers:?}");

    let nobody = huaweicloud::Client::new(huaweicloud::Credentials::new("p", "cn-north-4"))
        .with_base_url(fake.base_url());
    let e = nobody.list_thumbnails_task().send().await.unwrap_err();
    let layers = each_once(&e);
    assert_eq!(layers[0], "the credentials cannot sign");
    assert!(matches!(e, runtime::Error::Credentials(_)));

    fake.on("list-thumbnails-task")
        .reply(Reply::row("invalid_request_parameter"))
        .reply(Reply::Malformed);
    let e = client.list_thumbnails_task().send().await.unwrap_err();
    let layers = each_once(&e);
    assert_eq!(
        layers[..1],
        ["the vendor answered with an error".to_owned()]
    );
    assert!(
        layers[1].contains("Invalid request parameter."),
        "{layers:?}"
    );
    let e = client.list_thumbnails_task().send().await.unwrap_err();
    let layers = each_once(&e);
    assert_eq!(layers[0], "the response could not be decoded");
    assert_eq!(layers.len(), 2, "{layers:?}");
}

#[tokio::test]
async fn a_send_error_keeps_its_cause_down_to_the_io_error() {
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap()
    };
    let client = huaweicloud::Client::new(
        huaweicloud::Credentials::new("p", "cn-north-4")
            .with_access_key("ak")
            .with_secret_key("sk"),
    )
    .with_base_url(format!("http://{closed}"));
    let e = client
        .list_thumbnails_task()
        .send_with(CallConfig::default().max_attempts(1))
        .await
        .unwrap_err();
    let layers = each_once(&e);
    assert_eq!(layers[0], "sending the request failed");
    assert_eq!(layers[1], "no response after 1 attempt(s)");
    let runtime::Error::Send(send) = &e else {
        panic!("{e:?}")
    };
    let cause = send.source().expect("the transport's cause");
    let reqwest = cause
        .downcast_ref::<reqwest::Error>()
        .expect("reqwest's own error");
    assert!(reqwest.is_connect(), "{reqwest:?}");
    let mut io = None;
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(cause);
    while let Some(c) = cur {
        if let Some(i) = c.downcast_ref::<std::io::Error>() {
            io = Some(i.kind());
        }
        cur = c.source();
    }
    assert_eq!(
        io,
        Some(std::io::ErrorKind::ConnectionRefused),
        "{layers:?}"
    );

    let (fake, client) = fake().await;
    fake.on("list-thumbnails-task")
        .reply(Reply::Example.after(Duration::from_millis(500)));
    let e = client
        .list_thumbnails_task()
        .send_with(
            CallConfig::default()
                .max_attempts(1)
                .timeout(Duration::from_millis(50)),
        )
        .await
        .unwrap_err();
    each_once(&e);
    let runtime::Error::Send(timeout @ SendError::Timeout { .. }) = &e else {
        panic!("{e:?}")
    };
    let cause = timeout.source().expect("the timeout's cause");
    assert!(cause.downcast_ref::<reqwest::Error>().unwrap().is_timeout());

    let bad = client.clone().with_base_url("not a url");
    let e = bad.list_thumbnails_task().send().await.unwrap_err();
    let layers = each_once(&e);
    assert_eq!(layers[1], "the base URL is unusable");
    assert_eq!(layers.len(), 3, "{layers:?}");
}

#[tokio::test]
async fn wait_errors_hand_on_the_poll_error() {
    let (fake, client) = fake().await;
    let policy = WaitPolicy {
        min_delay: Duration::from_millis(5),
        ..WaitPolicy::default()
    };
    fake.on("list-thumbnails-task")
        .reply(Reply::row("invalid_request_parameter"));
    let e = client
        .list_thumbnails_task()
        .task_id("7684")
        .wait_with(&policy)
        .await
        .unwrap_err();
    assert!(matches!(e, WaitError::Call(_)), "{e:?}");
    let layers = each_once(&e);
    assert_eq!(
        layers[..2],
        [
            "polling failed".to_owned(),
            "the vendor answered with an error".to_owned()
        ]
    );

    fake.on("list-thumbnails-task")
        .reply(Reply::state("FAILED"));
    let e = client
        .list_thumbnails_task()
        .task_id("7684")
        .wait_with(&policy)
        .await
        .unwrap_err();
    let layers = each_once(&e);
    assert!(layers[0].starts_with("the task failed"), "{layers:?}");
}
