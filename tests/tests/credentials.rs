//! Credentials asked for on every call: fixed, from the environment, or cached and refreshed
//! ahead of expiry with one refresh for many concurrent callers — against the kit, with a
//! Huawei IAM token that expires mid-run.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

use vodspec::huaweicloud::{self, Credentials};
use vodspec::runtime::{self, CachingCredentials, EnvCredentials, Expiring, StaticCredentials};
use vodspec_testing::FakeVendor;

fn token_client(fake: &FakeVendor, token: &str) -> huaweicloud::Client {
    let project = fake.credential("project_id").unwrap();
    let region = fake.credential("region").unwrap();
    huaweicloud::Client::new(Credentials::new(project, region).with_token(token.to_owned()))
        .with_base_url(fake.base_url())
}

#[tokio::test]
async fn a_token_that_expires_mid_run_is_refreshed_once_for_every_caller() {
    let fake = FakeVendor::start(&huaweicloud::API).await;
    fake.set_credential("token", "iam-token-1");
    let (project, region) = (
        fake.credential("project_id").unwrap(),
        fake.credential("region").unwrap(),
    );
    let refreshes = Arc::new(AtomicUsize::new(0));
    let counter = refreshes.clone();
    let provider = CachingCredentials::new(Duration::from_millis(100), move || {
        let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
        let (project, region) = (project.clone(), region.clone());
        async move {
            // A refresh takes a while, so concurrent callers meet it in flight.
            tokio::time::sleep(Duration::from_millis(50)).await;
            Ok(Expiring {
                values: Credentials::new(project, region)
                    .with_token(format!("iam-token-{n}"))
                    .values(),
                expires_at: SystemTime::now() + Duration::from_millis(400),
            })
        }
    });
    let client = token_client(&fake, "never-used").with_credentials_provider(provider);
    let call = || client.list_thumbnails_task().task_id("7684").send();
    call().await.unwrap();
    call().await.unwrap();
    assert_eq!(refreshes.load(Ordering::SeqCst), 1, "cached while fresh");

    // The vendor moves to a new token; the old one expires meanwhile.
    fake.set_credential("token", "iam-token-2");
    tokio::time::sleep(Duration::from_millis(400)).await;
    let calls: Vec<_> = (0..8).map(|_| tokio::spawn(call())).collect();
    for c in calls {
        c.await.unwrap().unwrap();
    }
    assert_eq!(
        refreshes.load(Ordering::SeqCst),
        2,
        "one refresh for eight callers"
    );
    let sent = fake.received();
    assert_eq!(sent.len(), 10);
    assert!(sent.iter().all(|r| r.verified()), "{sent:?}");
    assert_eq!(sent[9].header("x-auth-token"), Some("iam-token-2"));
}

#[tokio::test]
async fn a_failed_refresh_is_a_credentials_error_and_nothing_is_sent() {
    let fake = FakeVendor::start(&huaweicloud::API).await;
    let provider = CachingCredentials::new(Duration::from_secs(1), || async {
        Err(runtime::CredentialsError::Missing {
            var: "HUAWEICLOUD_SDK_TOKEN",
        })
    });
    let client = token_client(&fake, "t").with_credentials_provider(provider);
    let e = client
        .list_thumbnails_task()
        .task_id("7684")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(e, runtime::Error::Credentials(_)), "{e:?}");
    assert_eq!(fake.hits(), 0);
}

#[tokio::test]
async fn static_and_environment_providers() {
    let fake = FakeVendor::start(&huaweicloud::API).await;
    let good = Credentials::from_lookup(fake.env()).unwrap();
    let client =
        token_client(&fake, "wrong").with_credentials_provider(StaticCredentials(good.values()));
    client
        .list_thumbnails_task()
        .task_id("7684")
        .send()
        .await
        .unwrap();
    assert!(fake.last().unwrap().verified());

    // The environment provider reads the variables for each call, not the client's own
    // credentials: with none set (CI), the call cannot sign and nothing is sent; on a machine
    // that sets them, the request carries theirs.
    let env = token_client(&fake, "wrong")
        .with_credentials_provider(EnvCredentials(huaweicloud::VENDOR.credentials));
    let before = fake.hits();
    match env.list_thumbnails_task().task_id("7684").send().await {
        Err(runtime::Error::Credentials(_)) => assert_eq!(fake.hits(), before),
        _ => assert_ne!(
            fake.last().unwrap().header("x-auth-token"),
            Some("wrong"),
            "the environment's credentials, not the client's"
        ),
    }
}
