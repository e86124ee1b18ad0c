//! The redaction sweep: every public type that can hold a credential, a token, a signature or
//! a sensitive param or field is formatted (`Debug`, `Display`) for every vendor and scheme and
//! the fixture crate, with the tracing output of full calls and the command line's stdout and
//! stderr, and none of those values may appear, whatever their length.

#[path = "support/capture.rs"]
mod capture;

use std::time::SystemTime;

use vodspec::runtime::{Config, wire};
use vodspec::{haplat, huaweicloud, polyv};
use vodspec_testing::{FakeVendor, Received, Reply};

/// What a request carried that must never print: the signature or token it was sent with.
fn signatures(r: &Received) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(a) = r.header("authorization") {
        out.extend(a.split("Signature=").nth(1).map(str::to_owned));
    }
    out.extend(r.header("x-auth-token").map(str::to_owned));
    out.extend(r.param("sign").map(str::to_owned));
    out
}

/// Gives each of the fake's sensitive credentials a short value (four characters), so that
/// the sweep holds secrets of any length: a redaction that only looked for long values, or a
/// check that skipped short ones, would fail here.
fn short_secrets(fake: &FakeVendor) {
    let vendor = fake.api().vendor;
    for (i, c) in vendor.credentials.iter().enumerate() {
        if c.sensitive {
            fake.set_credential(c.name, format!("{}{i}~", &vendor.id[..2]));
        }
    }
}

/// The command line against the fake, with the fake's credentials: its stdout and stderr, after
/// checking its exit code.
async fn cli(
    fake: &FakeVendor,
    vendors: &[vodspec::runtime::cli::CliVendor],
    args: &[&str],
    code: u8,
) -> String {
    let mut argv = vec!["vodspec", fake.api().vendor.id];
    argv.extend(args);
    argv.extend(["--base-url", fake.base_url()]);
    let out = vodspec::runtime::cli::run_with(argv, vendors, fake.env()).await;
    assert_eq!(out.code, code, "{args:?}: {out:?}");
    format!("{:?} {:?}", out.stdout, out.stderr)
}

fn secrets_of(fake: &FakeVendor) -> Vec<String> {
    let v = fake.api().vendor;
    v.credentials
        .iter()
        .filter(|c| c.sensitive)
        .filter_map(|c| fake.credential(c.name))
        .collect()
}

fn fixture_cli() -> &'static [vodspec::runtime::cli::CliVendor] {
    vodspec_fixture_client::CLI_VENDORS
}

#[tokio::test]
async fn no_secret_token_signature_or_sensitive_param_is_ever_printed() {
    let (captured, _guard) = capture::logs(tracing::Level::TRACE);
    let cfg = Config::default()
        .max_attempts(2)
        .initial_backoff(std::time::Duration::from_millis(1));
    let mut shown = Vec::new();
    let mut hidden = Vec::new();

    let fake = FakeVendor::start(&polyv::API).await;
    short_secrets(&fake);
    let creds = polyv::Credentials::from_lookup(fake.env()).unwrap();
    let client = polyv::Client::new(creds.clone())
        .with_base_url(fake.base_url())
        .with_config(cfg.clone());
    let request = client.get_snapshot_task_status().task_id("2036");
    let parts = request.prepare().unwrap();
    let signer = client.inner().signer().unwrap();
    let w = wire::assemble(&parts, fake.base_url(), &signer, "t", SystemTime::now()).unwrap();
    fake.on("get-snapshot-task-status")
        .reply(Reply::Gateway(503))
        .reply(Reply::row("task_not_found"));
    let err = request.send().await.unwrap_err();
    let ok = request.send().await.unwrap();
    let op = ["get-snapshot-task-status", "--task-id", "2036"];
    shown.push(cli(&fake, vodspec::CLI_VENDORS, &op, 0).await);
    fake.on(op[0]).reply(Reply::row("task_not_found"));
    shown.push(cli(&fake, vodspec::CLI_VENDORS, &op, 3).await);
    shown.push(format!(
        "{creds:?} {client:?} {request:?} {parts:?} {w:?} {signer:?} {err:?} {err} {ok:?} {:?}",
        client.inner().core()
    ));
    hidden.extend(secrets_of(&fake));
    hidden.extend(fake.received().iter().flat_map(signatures));
    hidden.extend(
        w.url
            .split("sign=")
            .nth(1)
            .map(|s| s.split('&').next().unwrap().to_owned()),
    );

    let fake = FakeVendor::start(&haplat::API).await;
    short_secrets(&fake);
    let creds = haplat::Credentials::from_lookup(fake.env()).unwrap();
    let client = haplat::Client::new(creds.clone())
        .with_base_url(fake.base_url())
        .with_config(cfg.clone());
    let request = client.video_concat_query().trans_no("t");
    let parts = request.prepare().unwrap();
    let signer = client.inner().signer().unwrap();
    let w = wire::assemble(&parts, fake.base_url(), &signer, "t", SystemTime::now()).unwrap();
    let ok = request.send().await.unwrap();
    fake.on("video-concat-query")
        .reply(Reply::row("trans_no_not_found"));
    let err = request.send().await.unwrap_err();
    fake.on("video-concat-query")
        .reply(Reply::row("trans_no_not_found"));
    for (n, code) in [("c1", 3), ("c2", 0)] {
        let op = ["video-concat-query", "--trans-no", n];
        shown.push(cli(&fake, vodspec::CLI_VENDORS, &op, code).await);
    }
    shown.push(format!(
        "{creds:?} {client:#?} {request:?} {parts:?} {w:?} {signer:?} {err:?} {err} {ok:?}"
    ));
    hidden.extend(secrets_of(&fake));
    hidden.extend(fake.received().iter().flat_map(signatures));
    hidden.extend(
        w.headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case("authorization"))
            .map(|(_, v)| v.clone()),
    );

    for unset in [&[][..], &["access_key", "secret_key"][..]] {
        let fake = FakeVendor::start(&huaweicloud::API).await;
        short_secrets(&fake);
        let creds = huaweicloud::Credentials::from_lookup(fake.env_without(unset)).unwrap();
        let client = huaweicloud::Client::new(creds.clone())
            .with_base_url(fake.base_url())
            .with_config(cfg.clone());
        let request = client.list_thumbnails_task().task_id("7684");
        let parts = request.prepare().unwrap();
        let signer = client.inner().signer().unwrap();
        let w = wire::assemble(&parts, fake.base_url(), &signer, "t", SystemTime::now()).unwrap();
        let ok = request.send().await.unwrap();
        fake.on("list-thumbnails-task")
            .reply(Reply::row("operation_failed"));
        let err = request.send().await.unwrap_err();
        let op = ["list-thumbnails-task", "--task-id", "7684"];
        let env = fake.env_without(unset);
        let mut argv = vec!["vodspec", "huaweicloud"];
        argv.extend(op);
        argv.extend(["--base-url", fake.base_url()]);
        let out = vodspec::runtime::cli::run_with(argv, vodspec::CLI_VENDORS, env).await;
        assert_eq!(out.code, 0, "{out:?}");
        shown.push(format!("{:?} {:?}", out.stdout, out.stderr));
        shown.push(format!(
            "{creds:?} {client:?} {request:?} {parts:?} {w:?} {signer:?} {err:?} {err} {ok:?}"
        ));
        hidden.extend(secrets_of(&fake));
        hidden.extend(fake.received().iter().flat_map(signatures));
        hidden.extend(fake.credential("token"));
    }

    // The fixture's sensitive header param and sensitive response field, set by the user and
    // sent by the vendor, through the same formatting, logs and command line.
    {
        use vodspec_fixture_client::fixture;
        use vodspec_fixture_client::fixture::r#match::MatchKind;
        let fake = FakeVendor::start(&fixture::API).await;
        short_secrets(&fake);
        let creds = fixture::Credentials::from_lookup(fake.env()).unwrap();
        let client = fixture::Client::new(creds.clone())
            .with_base_url(fake.base_url())
            .with_config(cfg.clone());
        let request = client
            .r#match()
            .crate_("c")
            .r#type(MatchKind::Crate)
            .n2fa("2f!");
        let parts = request.prepare().unwrap();
        let ok = request.send().await.unwrap();
        assert_eq!(ok.secret.as_deref(), Some("s3cret"), "the field came back");
        let mut made = (*ok).clone();
        made.secret = Some("m4de!".into());
        fake.on("match").reply(Reply::row("not_found"));
        let err = request.send().await.unwrap_err();
        assert_eq!(
            fake.last().unwrap().header("2fa"),
            Some("2f!"),
            "the param went out"
        );
        let op = ["match", "--crate", "c2", "--type", "crate", "--n2fa", "2f!"];
        let out = cli(&fake, fixture_cli(), &op, 0).await;
        // The command line prints the data it was asked for, sensitive fields included (as
        // a cloud's CLI prints the key it was asked to create); nothing else that is secret.
        assert!(out.contains("s3cret"), "{out}");
        shown.push(out.replace("s3cret", "<the field asked for>"));
        shown.push(format!(
            "{creds:?} {client:?} {request:?} {parts:?} {err:?} {err} {ok:?} {made:?}"
        ));
        hidden.extend(secrets_of(&fake));
        hidden.extend(fake.received().iter().flat_map(signatures));
        hidden.extend(["2f!", "s3cret", "m4de!"].map(String::from));
    }

    let logs = captured.contents();
    assert!(
        logs.contains("vodspec.request") && logs.contains("retrying"),
        "{logs}"
    );
    hidden.sort();
    hidden.dedup();
    assert!(hidden.iter().all(|h| !h.is_empty()), "{hidden:?}");
    assert!(
        hidden.iter().filter(|h| h.len() <= 5).count() >= 8,
        "short secrets of every vendor: {hidden:?}"
    );
    assert!(
        hidden.len() >= 16,
        "secrets, signatures and tokens of every scheme: {hidden:?}"
    );
    let shown = shown.join("\n");
    for h in &hidden {
        assert!(!shown.contains(h.as_str()), "`{h}` printed in:\n{shown}");
        assert!(!logs.contains(h.as_str()), "`{h}` in the logs:\n{logs}");
    }
    assert!(shown.contains("***"), "redacted values show as ***");
}

/// A request whose sensitive values sit where the first sweep did not look: a path param, and
/// a JSON key nested in the body in another case. Sent to a raw server (which sees them), they
/// never show in the tracing output, `RequestParts`' or `WireRequest`'s `Debug`.
#[tokio::test]
async fn a_sensitive_path_param_and_nested_json_keys_never_print() {
    use vodspec::runtime::{Body, Method, RequestParts, Sign, Signer, Transport};
    use vodspec_tests::raw_server::{Answer, RawServer};

    #[derive(Debug)]
    struct NoAuth;
    impl Sign for NoAuth {
        fn scheme(&self) -> &'static str {
            "none"
        }
    }

    let (captured, _guard) = capture::logs(tracing::Level::TRACE);

    let server = RawServer::start([127, 0, 0, 1], |_, _| Answer::json("{}"));
    let mut parts = RequestParts::new("probe", Method::Post, "/v1/{token}/tasks");
    parts.path_params.push(("token", "p4th-s3cret".into()));
    parts.sensitive = vec!["token", "apikey"];
    let serde_json::Value::Object(body) =
        serde_json::json!({"task": {"ApiKey": "k3y-s3cret", "n": 1}})
    else {
        unreachable!()
    };
    parts.body = Body::Json(body);
    let signer = Signer::new(NoAuth);
    Transport::new(Config::default())
        .send(&parts, &server.base_url(), &signer, None)
        .await
        .unwrap();
    let w = wire::assemble(&parts, &server.base_url(), &signer, "t", SystemTime::now()).unwrap();
    let sent = server.requests().concat();
    assert!(sent.contains("/v1/p4th-s3cret/tasks") && sent.contains("k3y-s3cret"));
    let shown = [captured.contents(), format!("{parts:?}"), format!("{w:?}")].concat();
    for secret in ["p4th-s3cret", "k3y-s3cret"] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    assert!(shown.contains("/v1/***/tasks"), "{shown}");
}

/// A response whose sensitive field does not fit: neither the decode error's message nor its
/// body excerpt carries the value, whole body or cut.
#[test]
fn a_decode_error_never_shows_a_sensitive_response_field() {
    use vodspec_fixture_client::fixture::r#match::Match;
    let bodies = [
        // The secret is a number where text belongs: serde's message would quote it.
        r#"{"type":"a","taskId":1,"ratio":0.5,"secret":31337000}"#,
        // The secret is text in the wrong shape of body: the excerpt would show it.
        r#"{"type":"a","taskId":"x","ratio":0.5,"SECRET":"s3cr3t-v4lue"}"#,
        // Cut inside the secret.
        r#"{"type":"a","secret":"s3cr3t-v4l"#,
    ];
    for body in bodies {
        let e = match vodspec::runtime::engine::decode_example::<Match>(200, body) {
            Err(vodspec::runtime::Error::Decode(e)) => e,
            other => panic!("{body}: {other:?}"),
        };
        let shown = format!("{e} {e:?}");
        for secret in ["31337000", "s3cr3t-v4l"] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
        assert!(e.excerpt.contains("\"***\""), "{}", e.excerpt);
    }
}
