//! Error bodies as the vendors' pages show them, typed in here by hand (whitespace, key order and
//! all) rather than rendered from the specs' error tables as the kit's rows are: a client that
//! only understood its own rendering would pass the kit's round trips and fail these.

use vodspec::runtime::{self, Code};
use vodspec::{haplat, huaweicloud, polyv};
use vodspec_testing::{FakeVendor, Reply};

/// What the generated client made of the body: the row it matched, and the code and message it
/// read.
fn row<T: std::fmt::Debug, K: std::fmt::Debug>(
    r: Result<T, runtime::Error<runtime::ServiceError<K>>>,
) -> (Option<&'static str>, Code, String) {
    match r {
        Err(runtime::Error::Service(e)) => {
            let m = e.meta();
            (e.row(), m.code.clone(), m.message.clone())
        }
        other => panic!("not a service error: {other:?}"),
    }
}

/// `get-snapshot-task-status.page.txt`, "异常示例 / 任务不存在" (the page gives no HTTP status:
/// both a 200 and a 400 carry it).
#[tokio::test]
async fn polyv_task_not_found_as_the_page_shows_it() {
    const PAGE: &str = "{\n\"code\": 400,\n\"status\": \"error\",\n\"message\": \"task not found\",\n\"data\": \"\"\n}";
    let fake = FakeVendor::start(&polyv::API).await;
    let client = polyv::Client::new(polyv::Credentials::from_lookup(fake.env()).unwrap())
        .with_base_url(fake.base_url());
    for status in [200, 400] {
        fake.on("get-snapshot-task-status")
            .reply(Reply::Json(status, PAGE.into()));
        let got = row(client
            .get_snapshot_task_status()
            .task_id("2036")
            .send()
            .await);
        assert_eq!(
            got,
            (
                Some("task_not_found"),
                Code::Int(400),
                "task not found".into()
            ),
            "HTTP {status}"
        );
    }
}

/// `list-thumbnails-task.page.txt`, "Status code: 400 / Failed to query the snapshot task.",
/// with the page's spaces before the colons.
#[tokio::test]
async fn huawei_operation_failed_as_the_page_shows_it() {
    const PAGE: &str =
        "{\n\"error_code\" : \"MPC.10212\",\n\"error_msg\" : \"Operation failed.\"\n}";
    let fake = FakeVendor::start(&huaweicloud::API).await;
    let client =
        huaweicloud::Client::new(huaweicloud::Credentials::from_lookup(fake.env()).unwrap())
            .with_base_url(fake.base_url());
    fake.on("list-thumbnails-task")
        .reply(Reply::Json(400, PAGE.into()));
    let got = row(client.list_thumbnails_task().task_id("7684").send().await);
    assert_eq!(
        got,
        (
            Some("operation_failed"),
            Code::Str("MPC.10212".into()),
            "Operation failed.".into()
        )
    );
}

/// haplat's pages show no error body. This one is written in the shape of the page's own
/// output example (`video-concat-query.page.txt`: `code`, `data`, `message` in that order),
/// under HTTP 200 as the API center's error tables say, with a row of the page's error table
/// ("1602 TRANSNO is illegal"); then with no `data` at all.
#[tokio::test]
async fn haplat_transno_illegal_in_the_pages_envelope() {
    let bodies = [
        "{\n\"code\": 1602,\n\"data\": null,\n\"message\": \"TRANSNO is illegal\"\n}",
        "{\n\"code\": 1602,\n\"message\": \"TRANSNO is illegal\"\n}",
    ];
    let fake = FakeVendor::start(&haplat::API).await;
    let client = haplat::Client::new(haplat::Credentials::from_lookup(fake.env()).unwrap())
        .with_base_url(fake.base_url());
    for (i, body) in bodies.into_iter().enumerate() {
        fake.on("video-concat-query")
            .reply(Reply::Json(200, body.into()));
        // WS3 refuses a repeated signature: each request asks for another task.
        let trans_no = format!("t{i}");
        let got = row(client.video_concat_query().trans_no(trans_no).send().await);
        assert_eq!(
            got,
            (
                Some("trans_no_illegal"),
                Code::Int(1602),
                "TRANSNO is illegal".into()
            ),
            "{body}"
        );
    }
}
