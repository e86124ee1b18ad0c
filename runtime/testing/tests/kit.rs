//! The kit itself: every vendor's fake verifies as its vendor does, answers every kind of
//! scripted reply on the wire, and records what it received. Requests are signed by the
//! generated clients' own engine and sent raw (redirects not followed), so each test sees
//! exactly what the fake answered.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime};

use serde_json::Value;
use vodspec::runtime::{Code, Split, VendorApi, wire};
use vodspec::{haplat, huaweicloud, polyv};
use vodspec_testing::{FakeVendor, Reply, Why};

/// One operation of each vendor, with the params a valid request needs.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Case {
    Polyv,
    Haplat,
    Huawei,
}

const CASES: [Case; 3] = [Case::Polyv, Case::Haplat, Case::Huawei];

impl Case {
    fn api(self) -> &'static VendorApi {
        match self {
            Case::Polyv => &polyv::API,
            Case::Haplat => &haplat::API,
            Case::Huawei => &huaweicloud::API,
        }
    }

    fn op(self) -> &'static str {
        match self {
            Case::Polyv => "get-snapshot-task-status",
            Case::Haplat => "video-concat-query",
            Case::Huawei => "list-thumbnails-task",
        }
    }

    async fn fake(self) -> FakeVendor {
        FakeVendor::start(self.api()).await
    }

    /// The request as the generated client would send it, signed with `env`'s credentials.
    fn signed_with(
        self,
        fake: &FakeVendor,
        env: impl Fn(&str) -> Option<String>,
    ) -> wire::WireRequest {
        let at = SystemTime::now();
        let (parts, signer) = match self {
            Case::Polyv => {
                let c = polyv::Client::new(polyv::Credentials::from_lookup(env).unwrap());
                let r = c.get_snapshot_task_status().task_id("2036");
                (r.prepare().unwrap(), c.inner().signer().unwrap())
            }
            Case::Haplat => {
                // WS3 refuses a second identical signature, and it changes only each second:
                // each request asks for another task.
                static N: AtomicUsize = AtomicUsize::new(1);
                let n = N.fetch_add(1, Ordering::Relaxed);
                let c = haplat::Client::new(haplat::Credentials::from_lookup(env).unwrap());
                let r = c.video_concat_query().trans_no(format!("t-{n}"));
                (r.prepare().unwrap(), c.inner().signer().unwrap())
            }
            Case::Huawei => {
                let c =
                    huaweicloud::Client::new(huaweicloud::Credentials::from_lookup(env).unwrap());
                let r = c.list_thumbnails_task().task_id("7684").size(2);
                (r.prepare().unwrap(), c.inner().signer().unwrap())
            }
        };
        wire::assemble(&parts, fake.base_url(), &signer, "vodspec-testing", at).unwrap()
    }

    fn signed(self, fake: &FakeVendor) -> wire::WireRequest {
        self.signed_with(fake, fake.env())
    }
}

struct Answer {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: String,
}

async fn send(w: &wire::WireRequest) -> Result<Answer, reqwest::Error> {
    let http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let method = reqwest::Method::from_bytes(w.method.as_bytes()).unwrap();
    let mut rb = http.request(method, &w.url).body(w.body.clone());
    for (k, v) in &w.headers {
        if !k.eq_ignore_ascii_case("host") {
            rb = rb.header(k, v);
        }
    }
    let r = rb.send().await?;
    let status = r.status().as_u16();
    let headers = r.headers().clone();
    let body = r.text().await?;
    Ok(Answer {
        status,
        headers,
        body,
    })
}

/// The data of an answer, through the vendor's envelope.
fn data(case: Case, a: &Answer) -> Value {
    match case
        .api()
        .vendor
        .envelope
        .split(a.status, None, a.body.as_bytes())
    {
        Ok(Split::Data(r)) => serde_json::from_str(&a.body[r]).unwrap(),
        other => panic!("{case:?}: {other:?} for {}", a.body),
    }
}

/// The error code and message of an answer, through the vendor's envelope.
fn error(case: Case, a: &Answer) -> (Code, String) {
    match case
        .api()
        .vendor
        .envelope
        .split(a.status, None, a.body.as_bytes())
    {
        Ok(Split::Error(m)) => (m.code, m.message),
        other => panic!("{case:?}: {other:?} for {}", a.body),
    }
}

#[tokio::test]
async fn a_signed_request_gets_the_docs_example_and_is_recorded_decoded() {
    for case in CASES {
        let fake = case.fake().await;
        let a = send(&case.signed(&fake)).await.unwrap();
        assert_eq!(a.status, 200, "{case:?}: {}", a.body);
        let desc = case
            .api()
            .operations
            .iter()
            .find(|o| o.name == case.op())
            .unwrap();
        let example = desc.examples.iter().find(|e| e.row.is_none()).unwrap();
        assert_eq!(a.body, example.body, "{case:?}");
        let got = fake.last().unwrap();
        assert!(got.verified(), "{case:?}: {got:?}");
        assert_eq!(got.operation, Some(case.op()));
        assert_eq!(got.scheme, Some(case.api().vendor.auth[0].scheme.name()));
        let (wire, value) = match case {
            Case::Polyv => ("taskId", "2036"),
            Case::Haplat => ("transNo", "t-"),
            Case::Huawei => ("task_id", "7684"),
        };
        assert!(
            got.param(wire).unwrap().starts_with(value),
            "{case:?}: {:?}",
            got.params
        );
    }
}

#[tokio::test]
async fn refusals_are_the_vendors_own_errors() {
    for case in CASES {
        let fake = case.fake().await;
        let vendor = case.api().vendor;
        let spoiled = |var: &str| {
            let v = fake.env()(var)?;
            let secret = vendor
                .credentials
                .iter()
                .any(|c| c.env == var && c.sensitive);
            Some(if secret { format!("{v}x") } else { v })
        };
        let wrong = send(&case.signed_with(&fake, spoiled)).await.unwrap();
        assert_eq!(
            fake.last().unwrap().rejected,
            Some(Why::BadSignature),
            "{case:?}"
        );
        let (code, message) = error(case, &wrong);
        match case {
            Case::Polyv => assert_eq!(
                (code, message.as_str()),
                (Code::Int(400), "the sign is not right.")
            ),
            Case::Haplat => assert_eq!((wrong.status, code), (401, Code::Int(401))),
            Case::Huawei => assert_eq!((wrong.status, code), (401, Code::Str("APIGW.0301".into()))),
        }

        fake.set_clock_offset(20 * 60);
        let stale = send(&case.signed(&fake)).await.unwrap();
        assert_eq!(fake.last().unwrap().rejected, Some(Why::Stale), "{case:?}");
        let (code, _) = error(case, &stale);
        if case == Case::Huawei {
            assert_eq!(code, Code::Str("APIG.0303".into()));
        }
        fake.set_clock_offset(0);

        // A param changed after signing.
        let mut tampered = case.signed(&fake);
        tampered.url = tampered.url.replace("2036", "2037").replace("7684", "7685");
        if case == Case::Haplat {
            tampered.body = String::from_utf8(tampered.body)
                .unwrap()
                .replace("t-", "x-")
                .into_bytes();
        }
        send(&tampered).await.unwrap();
        assert_eq!(
            fake.last().unwrap().rejected,
            Some(Why::BadSignature),
            "{case:?}"
        );

        // No signature at all.
        let mut bare = case.signed(&fake);
        bare.headers.retain(|(k, _)| {
            !["authorization", "x-ws-accesskey", "x-auth-token"]
                .contains(&k.to_ascii_lowercase().as_str())
        });
        bare.url = bare.url.split("&sign=").next().unwrap().to_owned();
        send(&bare).await.unwrap();
        assert_eq!(
            fake.last().unwrap().rejected,
            Some(Why::Missing),
            "{case:?}"
        );
    }
}

#[tokio::test]
async fn credentials_the_fake_does_not_know_and_replays_are_refused() {
    let fake = Case::Polyv.fake().await;
    let other_user = |var: &str| match var {
        "POLYV_USER_ID" => Some("someone-else".to_owned()),
        v => fake.env()(v),
    };
    let a = send(&Case::Polyv.signed_with(&fake, other_user))
        .await
        .unwrap();
    assert_eq!(fake.last().unwrap().rejected, Some(Why::UnknownCredential));
    assert_eq!(error(Case::Polyv, &a).1, "Could not find user by userid.");

    let fake = Case::Huawei.fake().await;
    let token_only = fake.env_without(&["access_key", "secret_key"]);
    let w = Case::Huawei.signed_with(&fake, &token_only);
    assert_eq!(send(&w).await.unwrap().status, 200);
    assert_eq!(fake.last().unwrap().scheme, Some("huawei-token"));
    fake.set_credential("token", "rotated");
    assert_eq!(send(&w).await.unwrap().status, 401);
    assert_eq!(fake.last().unwrap().rejected, Some(Why::UnknownCredential));

    // WS3 refuses a signature it has seen; the others do not say they do.
    let fake = Case::Haplat.fake().await;
    let w = Case::Haplat.signed(&fake);
    assert_eq!(send(&w).await.unwrap().status, 200);
    assert_eq!(
        send(&w).await.unwrap().status,
        401,
        "the same request again"
    );
    assert_eq!(fake.last().unwrap().rejected, Some(Why::Replayed));
    let fake = Case::Polyv.fake().await;
    let w = Case::Polyv.signed(&fake);
    assert_eq!(send(&w).await.unwrap().status, 200);
    assert_eq!(send(&w).await.unwrap().status, 200);
}

#[tokio::test]
async fn every_fault_kind_reaches_the_wire() {
    for case in CASES {
        let fake = case.fake().await;
        let on = fake.on(case.op());

        on.reply(Reply::Gateway(503));
        let a = send(&case.signed(&fake)).await.unwrap();
        assert_eq!(a.status, 503);
        assert!(a.body.starts_with("<html>"), "{case:?}");

        on.reply(Reply::TooManyRequests {
            retry_after_secs: 3,
        });
        let a = send(&case.signed(&fake)).await.unwrap();
        assert_eq!(a.status, 429, "{case:?}: {}", a.body);
        assert_eq!(a.headers["retry-after"].to_str().unwrap(), "3");

        on.reply(Reply::Malformed);
        let a = send(&case.signed(&fake)).await.unwrap();
        assert_eq!(a.status, 200);
        assert!(
            serde_json::from_str::<Value>(&a.body).is_err(),
            "{case:?}: {}",
            a.body
        );

        on.reply(Reply::Drop);
        assert!(
            send(&case.signed(&fake)).await.is_err(),
            "{case:?}: the connection closed"
        );

        on.reply(Reply::Redirect("http://127.0.0.2:9/elsewhere".into()));
        let a = send(&case.signed(&fake)).await.unwrap();
        assert_eq!(
            (a.status, a.headers["location"].to_str().unwrap()),
            (302, "http://127.0.0.2:9/elsewhere")
        );

        on.reply(Reply::Example.after(Duration::from_millis(300)));
        let started = Instant::now();
        assert_eq!(send(&case.signed(&fake)).await.unwrap().status, 200);
        assert!(started.elapsed() >= Duration::from_millis(300));

        on.reply(Reply::Raw {
            status: 418,
            content_type: "text/plain".into(),
            body: b"teapot".to_vec(),
        });
        let a = send(&case.signed(&fake)).await.unwrap();
        assert_eq!((a.status, a.body.as_str()), (418, "teapot"));

        assert_eq!(
            send(&case.signed(&fake)).await.unwrap().status,
            200,
            "{case:?}: the queue is used up"
        );
        assert_eq!(fake.hits(), 8);
        assert!(fake.received().iter().all(|r| r.verified()));
    }
}

#[tokio::test]
async fn every_error_row_renders_as_the_vendor_sends_it() {
    for case in CASES {
        let fake = case.fake().await;
        let desc = case
            .api()
            .operations
            .iter()
            .find(|o| o.name == case.op())
            .unwrap();
        for row in desc.rows() {
            fake.on(case.op()).reply(Reply::row(row.name));
            let a = send(&case.signed(&fake)).await.unwrap();
            let (code, message) = error(case, &a);
            let meta = vodspec::runtime::ServiceErrorMeta {
                code,
                message,
                http_status: a.status,
                request_id: None,
            };
            assert_eq!(
                desc.rows().find(|r| r.matches(&meta)).map(|r| r.name),
                Some(row.name),
                "{case:?}: {}",
                a.body
            );
        }
    }
}

#[tokio::test]
async fn task_states_go_where_the_waiter_reads_them() {
    for case in CASES {
        let fake = case.fake().await;
        let desc = case
            .api()
            .operations
            .iter()
            .find(|o| o.name == case.op())
            .unwrap();
        let w = desc.waiter.unwrap();
        let states: Vec<&str> = w.pending.iter().chain(w.success).copied().collect();
        fake.on(case.op()).lifecycle(&states);
        for want in states.iter().chain([states.last().unwrap()]) {
            let d = data(case, &send(&case.signed(&fake)).await.unwrap());
            let got = match case {
                Case::Huawei => d["task_array"][0]["status"].clone(),
                _ => d["status"].clone(),
            };
            let got = got
                .as_str()
                .map(str::to_owned)
                .unwrap_or_else(|| got.to_string());
            assert_eq!(&got, want, "{case:?}");
        }
    }
    // haplat's states are integers on the wire, as in the doc's example.
    let fake = Case::Haplat.fake().await;
    fake.on(Case::Haplat.op()).reply(Reply::state("3"));
    let d = data(
        Case::Haplat,
        &send(&Case::Haplat.signed(&fake)).await.unwrap(),
    );
    assert_eq!(d["status"], Value::from(3));
}

#[tokio::test]
async fn listings_page_by_the_requests_params() {
    let fake = Case::Huawei.fake().await;
    fake.on(Case::Huawei.op()).listing(5);
    // The request asks for size 2 and no page: the spec's first page.
    let d = data(
        Case::Huawei,
        &send(&Case::Huawei.signed(&fake)).await.unwrap(),
    );
    assert_eq!(
        (
            d["task_array"].as_array().unwrap().len(),
            &d["is_truncated"],
            &d["total"]
        ),
        (2, &Value::from(1), &Value::from(5))
    );
    let items: Vec<Value> = (0..3)
        .map(|i| serde_json::json!({"task_id": i, "status": "SUCCEEDED"}))
        .collect();
    fake.on(Case::Huawei.op()).otherwise(Reply::PageOf {
        items,
        always_truncated: false,
    });
    let d = data(
        Case::Huawei,
        &send(&Case::Huawei.signed(&fake)).await.unwrap(),
    );
    assert_eq!(d["task_array"][1]["task_id"], Value::from(1));
}

#[tokio::test]
async fn a_function_can_answer_from_the_request() {
    let fake = Case::Polyv.fake().await;
    fake.on(Case::Polyv.op()).respond_with(|r| {
        (r.param("taskId") == Some("2036")).then(|| Reply::row("task_not_found"))
    });
    let a = send(&Case::Polyv.signed(&fake)).await.unwrap();
    assert_eq!(error(Case::Polyv, &a).0, Code::Int(400));
}

#[tokio::test]
async fn unknown_routes_are_404_and_wrong_methods_405() {
    let fake = Case::Huawei.fake().await;
    let mut w = Case::Huawei.signed(&fake);
    w.url = format!("{}/v1/nope", fake.base_url());
    assert_eq!(send(&w).await.unwrap().status, 404);
    let mut w = Case::Huawei.signed(&fake);
    w.method = "PUT";
    assert_eq!(send(&w).await.unwrap().status, 405);
    assert_eq!(fake.received()[1].operation, None);
}

#[tokio::test]
#[should_panic(expected = "has no operation `nope`")]
async fn scripting_an_operation_the_vendor_lacks_says_which_it_has() {
    Case::Polyv.fake().await.on("nope");
}

#[tokio::test]
#[should_panic(expected = "has no error row `nope`")]
async fn scripting_a_row_the_operation_lacks_says_which_it_has() {
    let fake = Case::Polyv.fake().await;
    fake.on(Case::Polyv.op()).reply(Reply::row("nope"));
}

/// Huawei's request re-signed over `signed` alone (a correct signature over those headers).
fn huawei_resigned(fake: &FakeVendor, signed: &[&str]) -> wire::WireRequest {
    let mut w = Case::Huawei.signed(fake);
    let url = w.url.strip_prefix("http://").unwrap();
    let host = url.split('/').next().unwrap().to_owned();
    let (path, query) = url[host.len()..].split_once('?').unwrap();
    let query: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    let header = |name: &str| match name {
        "host" => Some(host.clone()),
        _ => w
            .headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone()),
    };
    let secret = fake.credential("secret_key").unwrap();
    let signature = vodspec_testing::verify::huawei_expected_signature(
        &secret, w.method, path, &query, signed, header, &w.body,
    )
    .unwrap();
    let access = fake.credential("access_key").unwrap();
    let auth = format!(
        "SDK-HMAC-SHA256 Access={access}, SignedHeaders={}, Signature={signature}",
        signed.join(";")
    );
    for (k, v) in &mut w.headers {
        if k.eq_ignore_ascii_case("authorization") {
            *v = auth.clone();
        }
    }
    w
}

/// The signing guide makes `X-Sdk-Date` a header that must be signed, and the SDK always signs
/// `host` too: a signature that leaves either out is refused even when it is right over what
/// it lists, and one over exactly those two passes.
#[tokio::test]
async fn huawei_refuses_a_signature_that_leaves_out_the_date_or_the_host() {
    let fake = Case::Huawei.fake().await;
    for (signed, refused) in [
        (&["host"][..], true),
        (&["x-sdk-date"][..], true),
        (&["content-type", "x-project-id"][..], true),
        (&["host", "x-sdk-date"][..], false),
    ] {
        let a = send(&huawei_resigned(&fake, signed)).await.unwrap();
        let got = fake.last().unwrap();
        if refused {
            assert_eq!(got.rejected, Some(Why::BadSignature), "{signed:?}");
            assert_eq!(a.status, 401, "{signed:?}");
        } else {
            assert_eq!(a.status, 200, "{signed:?}: {}", a.body);
            assert!(got.verified(), "{signed:?}");
        }
    }
}

/// A scheme the kit has no verifier for.
#[derive(Debug)]
struct Unverifiable;

impl vodspec::runtime::Sign for Unverifiable {
    fn scheme(&self) -> &'static str {
        "made-up-hmac"
    }
}

impl vodspec::runtime::Scheme for Unverifiable {
    fn name(&self) -> &'static str {
        "made-up-hmac"
    }
    fn signer(&self, _: &[&vodspec::runtime::Secret]) -> vodspec::runtime::Signer {
        vodspec::runtime::Signer::new(Unverifiable)
    }
}

/// A fake that cannot verify one of its vendor's schemes would answer every request as if it
/// were signed: it refuses to start instead, naming the scheme.
#[tokio::test]
async fn a_vendor_with_a_scheme_the_kit_cannot_verify_is_refused() {
    use vodspec::runtime::{AuthDesc, VendorDesc};
    let polyv = Case::Polyv.api();
    let auth: &'static [AuthDesc] = Box::leak(Box::new([
        polyv.vendor.auth[0],
        AuthDesc {
            scheme: &Unverifiable,
            uses: &[],
            max_clock_skew_seconds: None,
        },
    ]));
    let vendor: &'static VendorDesc = Box::leak(Box::new(VendorDesc {
        auth,
        ..*polyv.vendor
    }));
    let api: &'static VendorApi = Box::leak(Box::new(VendorApi {
        vendor,
        operations: polyv.operations,
    }));
    let Err(e) = FakeVendor::bind(api, 0).await else {
        panic!("a fake started for a scheme it cannot verify");
    };
    assert!(
        matches!(
            e,
            vodspec_testing::StartError::NoVerifier {
                vendor: "polyv",
                scheme: "made-up-hmac"
            }
        ),
        "{e:?}"
    );
    assert!(e.to_string().contains("`made-up-hmac`"), "{e}");
    // The same vendor with its own schemes alone starts.
    assert!(FakeVendor::bind(polyv, 0).await.is_ok());
}
