//! Waiters and paginators, against the `vodspec-testing` fakes' task lifecycles and listings.

use std::time::Duration;

use futures_util::StreamExt;
use vodspec::runtime::{self, Config, TaskState, WaitError, WaitPolicy};
use vodspec::{haplat, huaweicloud, polyv};
use vodspec_testing::{FakeVendor, Reply};

fn fast_policy(max_wait_ms: u64) -> WaitPolicy {
    WaitPolicy {
        min_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(40),
        max_wait: Duration::from_millis(max_wait_ms),
    }
}

/// One attempt per poll, so the waiter itself sees transient failures.
fn one_attempt() -> Config {
    Config::default()
        .max_attempts(1)
        .timeout(Duration::from_secs(2))
}

fn polyv_client(fake: &FakeVendor) -> polyv::Client {
    polyv::Client::new(polyv::Credentials::from_lookup(fake.env()).unwrap())
        .with_base_url(fake.base_url())
        .with_config(one_attempt())
}

fn haplat_client(fake: &FakeVendor) -> haplat::Client {
    haplat::Client::new(haplat::Credentials::from_lookup(fake.env()).unwrap())
        .with_base_url(fake.base_url())
        .with_config(one_attempt())
}

fn huawei_client(fake: &FakeVendor) -> huaweicloud::Client {
    huaweicloud::Client::new(huaweicloud::Credentials::from_lookup(fake.env()).unwrap())
        .with_base_url(fake.base_url())
        .with_config(one_attempt())
}

const SNAPSHOT: &str = "get-snapshot-task-status";
const CONCAT: &str = "video-concat-query";
const THUMBNAILS: &str = "list-thumbnails-task";

#[tokio::test]
async fn polyv_waiter_reaches_success_through_the_lifecycle() {
    use polyv::get_snapshot_task_status::SnapshotTaskStatus;
    let fake = FakeVendor::start(&polyv::API).await;
    fake.on(SNAPSHOT)
        .lifecycle(&["waiting", "processing", "processing", "success"]);
    let done = polyv_client(&fake)
        .get_snapshot_task_status()
        .task_id("2036")
        .wait_with(&fast_policy(5_000))
        .await
        .unwrap();
    assert_eq!(done.status, Some(SnapshotTaskStatus::Success.into()));
    assert_eq!(fake.hits(), 4, "one poll per state");
}

#[tokio::test]
async fn polyv_waiter_reports_failure_with_the_final_response() {
    use polyv::get_snapshot_task_status::SnapshotTaskStatus;
    let fake = FakeVendor::start(&polyv::API).await;
    fake.on(SNAPSHOT).lifecycle(&["waiting", "fail"]);
    match polyv_client(&fake)
        .get_snapshot_task_status()
        .task_id("2036")
        .wait_with(&fast_policy(5_000))
        .await
    {
        Err(WaitError::Failed { last, polls }) => {
            assert_eq!(last.status, Some(SnapshotTaskStatus::Fail.into()));
            assert_eq!(polls, 2);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(fake.hits(), 2);
}

/// WS3 polls are at least a second apart (its replay rule), so within half a second there is
/// room for one poll only, however fast or loaded the machine: the count follows from the rule,
/// not the clock.
#[tokio::test]
async fn a_task_that_never_finishes_exceeds_the_max_wait() {
    use haplat::video_concat_query::ConcatStatus;
    let fake = FakeVendor::start(&haplat::API).await;
    fake.on(CONCAT).lifecycle(&["1"]);
    let started = std::time::Instant::now();
    match haplat_client(&fake)
        .video_concat_query()
        .trans_no("t")
        .wait_with(&fast_policy(500))
        .await
    {
        Err(WaitError::TimedOut {
            last: Some(last),
            polls,
            waited,
        }) => {
            assert_eq!(last.status, Some(ConcatStatus::Processing.into()));
            assert_eq!(polls, 1);
            assert_eq!(
                fake.hits(),
                1,
                "the poll reached the server and was accepted"
            );
            assert!(waited <= Duration::from_millis(500));
        }
        other => panic!("{other:?}"),
    }
    assert!(started.elapsed() < Duration::from_secs(4));
}

/// The script decides the number of polls (two pending states, then success); WS3's spacing
/// decides only how long they take, which a loaded machine can lengthen but never shorten.
#[tokio::test]
async fn ws3_polls_follow_the_script_a_second_apart() {
    use haplat::video_concat_query::ConcatStatus;
    let fake = FakeVendor::start(&haplat::API).await;
    fake.on(CONCAT).lifecycle(&["1", "1", "2"]);
    let started = std::time::Instant::now();
    let done = haplat_client(&fake)
        .video_concat_query()
        .trans_no("t")
        .wait_with(&fast_policy(60_000))
        .await
        .unwrap();
    assert_eq!(done.status, Some(ConcatStatus::Successful.into()));
    assert_eq!(fake.hits(), 3, "one poll per state");
    assert!(
        started.elapsed() >= Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn an_unknown_status_is_treated_as_pending() {
    let fake = FakeVendor::start(&polyv::API).await;
    fake.on(SNAPSHOT)
        .lifecycle(&["queued-by-a-new-version", "success"]);
    let done = polyv_client(&fake)
        .get_snapshot_task_status()
        .task_id("2036")
        .wait_with(&fast_policy(5_000))
        .await
        .unwrap();
    assert_eq!(done.status.as_ref().unwrap().as_str(), "success");
    assert_eq!(fake.hits(), 2);
    assert_eq!(
        vodspec::runtime::engine::task_state::<
            polyv::get_snapshot_task_status::GetSnapshotTaskStatus,
        >(
            &Default::default(),
            &serde_json::from_value(serde_json::json!({
                "taskId": 1, "userId": "u", "vid": "v", "status": "queued", "createTime": 0,
                "beginProcessTime": 0, "finishProcessTime": 0, "snapshots": []
            }))
            .unwrap()
        ),
        TaskState::Unknown("queued".into())
    );
}

#[tokio::test]
async fn the_waiter_keeps_polling_through_a_transient_503() {
    let fake = FakeVendor::start(&huaweicloud::API).await;
    fake.on(THUMBNAILS)
        .replies([
            Reply::state("WAITING"),
            Reply::Json(
                503,
                r#"{"error_code":"APIG.0503","error_msg":"busy"}"#.into(),
            ),
        ])
        .otherwise(Reply::state("SUCCEEDED"));
    let done = huawei_client(&fake)
        .list_thumbnails_task()
        .task_id("7684")
        .wait_with(&fast_policy(5_000))
        .await
        .unwrap();
    assert_eq!(
        done.task_array.as_ref().unwrap()[0]
            .status
            .as_ref()
            .unwrap()
            .as_str(),
        "SUCCEEDED"
    );
    assert_eq!(fake.hits(), 3, "waiting, 503, succeeded");
}

#[tokio::test]
async fn huawei_canceled_is_a_failure_and_a_business_error_ends_the_wait() {
    let fake = FakeVendor::start(&huaweicloud::API).await;
    fake.on(THUMBNAILS).lifecycle(&["PROCESSING", "CANCELED"]);
    let r = huawei_client(&fake)
        .list_thumbnails_task()
        .task_id("7684")
        .wait_with(&fast_policy(5_000))
        .await;
    assert!(
        matches!(r, Err(WaitError::Failed { polls: 2, .. })),
        "{r:?}"
    );

    let fake = FakeVendor::start(&huaweicloud::API).await;
    fake.on(THUMBNAILS).reply(Reply::row("operation_failed"));
    match huawei_client(&fake)
        .list_thumbnails_task()
        .task_id("7684")
        .wait_with(&fast_policy(5_000))
        .await
    {
        Err(WaitError::Call(runtime::Error::Service(e))) => {
            assert_eq!(e.row(), Some("operation_failed"))
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(fake.hits(), 1);
}

/// Waits until `hits` polls reached the fake, however slow the machine.
async fn until_hits(fake: &FakeVendor, hits: usize) {
    let give_up = std::time::Instant::now() + Duration::from_secs(20);
    while fake.hits() < hits {
        assert!(std::time::Instant::now() < give_up, "no poll {hits}");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// The wait runs on its own task, so it would go on polling by itself: it stops because the
/// future is dropped (the task aborted), and nothing it started polls on after it.
#[tokio::test]
async fn dropping_the_wait_stops_polling() {
    let fake = FakeVendor::start(&polyv::API).await;
    fake.on(SNAPSHOT).lifecycle(&["processing"]);
    let client = polyv_client(&fake);
    let wait = tokio::spawn(async move {
        let request = client.get_snapshot_task_status().task_id("2036");
        request.wait_with(&fast_policy(60_000)).await
    });
    until_hits(&fake, 2).await;
    // While the future lives, the polls go on.
    let live = fake.hits();
    until_hits(&fake, live + 2).await;
    wait.abort();
    assert!(
        wait.await.unwrap_err().is_cancelled(),
        "the wait never ended"
    );
    // A poll already on the wire may still arrive; then nothing more.
    tokio::time::sleep(Duration::from_millis(100)).await;
    let hits = fake.hits();
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(fake.hits(), hits, "no poll after the future was dropped");
}

#[tokio::test]
async fn three_pages_give_every_item_in_order() {
    let fake = FakeVendor::start(&huaweicloud::API).await;
    let tasks = (0..7)
        .map(|i| serde_json::json!({"task_id": format!("task-{i}"), "status": "SUCCEEDED"}))
        .collect();
    fake.on(THUMBNAILS).otherwise(Reply::PageOf {
        items: tasks,
        always_truncated: false,
    });
    let client = huawei_client(&fake);
    let request = client.list_thumbnails_task().size(3);
    let pages: Vec<_> = request.pages().collect().await;
    assert_eq!(pages.len(), 3);
    let items: Vec<String> = request
        .items()
        .map(|t| t.unwrap().task_id.unwrap())
        .collect()
        .await;
    let want: Vec<String> = (0..7).map(|i| format!("task-{i}")).collect();
    assert_eq!(items, want);
    assert_eq!(fake.hits(), 6, "three pages, twice");
    let last = fake.last().unwrap();
    assert_eq!(
        (last.param("page"), last.param("size")),
        (Some("2"), Some("3"))
    );
}

#[tokio::test]
async fn a_vendor_that_always_says_truncated_stops_at_the_bound_with_an_error() {
    let fake = FakeVendor::start(&huaweicloud::API).await;
    fake.on(THUMBNAILS).otherwise(Reply::Page {
        total: 5,
        always_truncated: true,
    });
    let client = huawei_client(&fake);
    let request = client.list_thumbnails_task().size(2);
    let results: Vec<_> =
        tokio::time::timeout(Duration::from_secs(10), request.pages().collect::<Vec<_>>())
            .await
            .expect("no hang");
    assert_eq!(results.len(), 4, "three pages, then the error");
    assert!(results[..3].iter().all(Result::is_ok));
    match &results[3] {
        Err(runtime::Error::Pagination { pages: 3, reason }) => {
            assert!(reason.contains("after all 5 items"), "{reason}")
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(fake.hits(), 3);
}

#[tokio::test]
async fn haplat_1560_video_is_being_processed_keeps_the_concat_waiter_polling() {
    use haplat::video_concat_query::ConcatStatus;
    let fake = FakeVendor::start(&haplat::API).await;
    fake.on(CONCAT)
        .replies([Reply::row("video_processing"), Reply::state("1")])
        .otherwise(Reply::state("2"));
    let done = haplat_client(&fake)
        .video_concat_query()
        .trans_no("t")
        .wait_with(&fast_policy(10_000))
        .await
        .unwrap();
    assert_eq!(done.status, Some(ConcatStatus::Successful.into()));
    assert_eq!(fake.hits(), 3, "1560, processing, success");
}

#[tokio::test]
async fn the_huawei_waiter_waits_for_every_requested_task_and_ignores_others() {
    let fake = FakeVendor::start(&huaweicloud::API).await;
    let answer = |tasks: &[(&str, &str)]| {
        let tasks: Vec<_> = tasks
            .iter()
            .map(|(id, st)| serde_json::json!({"task_id": id, "status": st}))
            .collect();
        Reply::Json(
            200,
            serde_json::json!({"task_array": tasks, "is_truncated": 0, "total": tasks.len()})
                .to_string(),
        )
    };
    // `b` is missing twice; `c` (not asked for) has failed, which must not end the wait.
    fake.on(THUMBNAILS)
        .replies([
            answer(&[("a", "SUCCEEDED"), ("c", "FAILED")]),
            answer(&[("a", "SUCCEEDED")]),
        ])
        .otherwise(answer(&[
            ("a", "SUCCEEDED"),
            ("b", "SUCCEEDED"),
            ("c", "FAILED"),
        ]));
    let done = huawei_client(&fake)
        .list_thumbnails_task()
        .task_id("a")
        .task_id("b")
        .wait_with(&fast_policy(5_000))
        .await
        .unwrap();
    assert_eq!(done.task_array.as_ref().map(Vec::len), Some(3));
    assert_eq!(fake.hits(), 3);
}

#[tokio::test]
async fn max_wait_bounds_a_poll_in_flight() {
    let fake = FakeVendor::start(&polyv::API).await;
    fake.on(SNAPSHOT)
        .reply(Reply::Example.after(Duration::from_secs(10)));
    let client = polyv::Client::new(polyv::Credentials::from_lookup(fake.env()).unwrap())
        .with_base_url(fake.base_url())
        .with_config(one_attempt().timeout(Duration::from_secs(30)));
    let started = std::time::Instant::now();
    match client
        .get_snapshot_task_status()
        .task_id("2036")
        .wait_with(&fast_policy(400))
        .await
    {
        Err(WaitError::TimedOut {
            last: None,
            polls: 1,
            ..
        }) => {}
        other => panic!("{other:?}"),
    }
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_policy_with_a_zero_delay_is_refused_before_anything_is_sent() {
    let fake = FakeVendor::start(&polyv::API).await;
    for policy in [
        WaitPolicy {
            min_delay: Duration::ZERO,
            ..fast_policy(1_000)
        },
        WaitPolicy {
            max_delay: Duration::ZERO,
            ..fast_policy(1_000)
        },
        fast_policy(0),
    ] {
        let r = polyv_client(&fake)
            .get_snapshot_task_status()
            .task_id("2036")
            .wait_with(&policy)
            .await;
        assert!(matches!(r, Err(WaitError::BadPolicy(_))), "{r:?}");
    }
    assert_eq!(fake.hits(), 0);
}

#[test]
fn error_rows_match_on_every_key_they_give_http_status_included() {
    use vodspec::runtime::{Code, OperationDesc, ServiceErrorMeta};
    let desc: &OperationDesc = huaweicloud::API
        .operations
        .iter()
        .find(|o| o.name == THUMBNAILS)
        .unwrap();
    let meta = |status| ServiceErrorMeta {
        code: Code::Str("MPC.10212".into()),
        message: "Operation failed.".into(),
        http_status: status,
        request_id: None,
    };
    let row = |status| {
        desc.classify(&meta(status))
            .map(|i| desc.rows().nth(i).unwrap().name)
    };
    assert_eq!(row(400), Some("operation_failed"));
    assert_eq!(row(500), None, "the row documents HTTP 400");
}
