//! The generated crate as a user meets it: the doc's examples decode to the values the pages
//! show, enums stay open, builders enforce the spec's constraints, errors classify by row, and
//! secrets never print.

use vodspec::runtime::{
    self, Body, Code, Location, Open, Operation, ServiceErrorMeta, Unknown, ViolationKind,
};
use vodspec::{haplat, huaweicloud, polyv};

fn example(spec_rel: &str, name: &str) -> String {
    // Read the example straight from the spec, so this test and the spec cannot drift apart.
    let text = std::fs::read_to_string(vodspec_tests::specs_dir().join(spec_rel)).unwrap();
    let v = vodspec_codegen::yaml::to_json(&text).unwrap();
    v["examples"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == name)
        .unwrap_or_else(|| panic!("{spec_rel}: no example {name}"))["body"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// A field the doc's example has.
fn some<T>(v: &Option<T>) -> &T {
    v.as_ref().expect("the example has it")
}

/// A success body decoded through `O`'s envelope and types, as `send` decodes it.
fn ok<O: Operation>(body: &str) -> O::Output {
    match runtime::engine::decode_example::<O>(200, body) {
        Ok(v) => v,
        Err(e) => panic!("not data: {e:?}"),
    }
}

#[test]
fn polyv_example_decodes_to_the_pages_values() {
    use polyv::get_snapshot_task_status::{GetSnapshotTaskStatus, SnapshotTaskStatus};
    let body = example("polyv/vod/get-snapshot-task-status.yaml", "success");
    let task = ok::<GetSnapshotTaskStatus>(&body);
    assert_eq!(task.task_id, Some(2036));
    assert_eq!(some(&task.status), &SnapshotTaskStatus::Success);
    assert_eq!(task.create_time, Some(1_617_700_207_000));
    let snapshots = some(&task.snapshots);
    assert_eq!(snapshots.len(), 4);
    assert_eq!(snapshots[3].offset_time, Some(20));
    assert!(some(&snapshots[0].image_url).ends_with("/5.jpg"));
}

#[test]
fn huawei_example_task_id_number_decodes_as_its_text() {
    use huaweicloud::list_thumbnails_task::{ListThumbnailsTask, ThumbTaskStatus, Truncated};
    let body = example("huaweicloud/mpc/list-thumbnails-task.yaml", "success");
    let r = ok::<ListThumbnailsTask>(&body);
    let t = &some(&r.task_array)[0];
    assert_eq!(t.task_id.as_deref(), Some("7684"));
    assert_eq!(t.create_time.as_deref(), Some("20201118121333"));
    assert_eq!(t.end_time.as_deref(), Some("20201118121336"));
    assert_eq!(some(&t.status), &ThumbTaskStatus::Succeeded);
    assert_eq!(t.output_file_name, None);
    assert_eq!(some(&some(&t.input).object), "example-input.ts");
    let pics: Vec<_> = t
        .thumbnail_info
        .iter()
        .flatten()
        .map(|p| some(&p.pic_name).as_str())
        .collect();
    assert_eq!(pics, ["9.jpg", "5.jpg"]);
    assert_eq!(some(&r.is_truncated), &Truncated::Complete);
    assert_eq!(r.total, Some(1));
}

#[test]
fn haplat_examples_decode_with_undocumented_and_negative_values() {
    use haplat::pull_video_query::PullVideoQuery;
    use haplat::video_concat_query::{
        Clarity, ConcatStatus, Encrypt, ServerType, TranscodeState, VideoConcatQuery, VideoSource,
    };
    let body = example("haplat/vod/video-concat-query.yaml", "success");
    let t = ok::<VideoConcatQuery>(&body);
    assert_eq!(some(&t.status), &ConcatStatus::Successful);
    let info = some(&t.video_info);
    let res = &some(&info.video_resolutions)[0];
    assert_eq!(some(&res.server_type), &ServerType::UndocumentedMinusOne);
    assert_eq!(some(&res.server_type).as_i64(), Some(-1));
    assert_eq!(some(&res.clarity), &Clarity::Original);
    assert_eq!(some(&info.encrypt), &Encrypt::Unencrypted);
    assert_eq!(some(&info.transcode_state), &TranscodeState::NotTranscoded);
    assert_eq!(some(&info.video_source_code), &VideoSource::VideoSplicing);
    assert_eq!(some(&info.player_name), "基础播放器");

    let body = example("haplat/vod/pull-video-query.yaml", "success");
    let p = ok::<PullVideoQuery>(&body);
    let item = &some(&p.items)[0];
    assert_eq!(
        some(&item.pull_status),
        "2",
        "documented string, sent as a number"
    );
    assert_eq!(some(&item.cmd_status), "2");
    let files = some(&some(&item.video_info).video_file_list);
    assert_eq!(files[0].server_type, Some(-1));
    assert_eq!(p.timestamp, Some(1_505_803_059_873));
}

#[test]
fn unknown_enum_values_decode_to_unknown_and_round_trip() {
    use haplat::video_concat_query::ServerType;
    use polyv::get_snapshot_task_status::{
        GetSnapshotTaskStatus, SnapshotTask, SnapshotTaskStatus,
    };
    let body = example("polyv/vod/get-snapshot-task-status.yaml", "success");
    let paused = body.replace(r#""status": "success""#, r#""status": "paused""#);
    let task = ok::<GetSnapshotTaskStatus>(&paused);
    let status = some(&task.status);
    assert_eq!(status, &Open::Unknown(Unknown::Str("paused".into())));
    assert!(status.is_unknown());
    assert_eq!(status.as_str(), "paused");
    let back = serde_json::to_value(&task).unwrap();
    assert_eq!(back["status"], "paused");
    let again: SnapshotTask = serde_json::from_value(back).unwrap();
    assert_eq!(again, task, "an unknown value round-trips");
    let failed = body.replace(r#""status": "success""#, r#""status": "fail""#);
    assert_eq!(
        ok::<GetSnapshotTaskStatus>(&failed).status,
        Some(SnapshotTaskStatus::Fail.into())
    );

    assert_eq!(
        Open::<ServerType>::from(42),
        Open::Unknown(Unknown::Int(42))
    );
    assert_eq!(
        serde_json::to_string(&Open::<ServerType>::from(42)).unwrap(),
        "42"
    );
    assert_eq!(
        "1".parse::<Open<ServerType>>().unwrap(),
        ServerType::OriginalVideo
    );
    assert_eq!(Open::<SnapshotTaskStatus>::known().count(), 4);
    assert_eq!(
        Open::from(SnapshotTaskStatus::Processing).to_string(),
        "processing"
    );
}

fn polyv_client() -> polyv::Client {
    polyv::Client::new(polyv::Credentials::new(
        "1b448be323",
        "TESTSECRETKEY0123456789",
    ))
}

fn huawei_client() -> huaweicloud::Client {
    huaweicloud::Client::new(
        huaweicloud::Credentials::new("0a1b2c3d4e5f60718293a4b5c6d7e8f9", "cn-north-4")
            .with_access_key("AKTESTEXAMPLE0000001")
            .with_secret_key("SKtestexample/secret+key=0000000000000"),
    )
}

#[test]
fn builders_check_every_constraint_before_sending() {
    let err = huawei_client()
        .list_thumbnails_task()
        .size(0)
        .build()
        .unwrap_err();
    assert_eq!(
        err.violations[0].kind,
        ViolationKind::BelowMinimum { min: 1, actual: 0 }
    );
    let mut req = huawei_client().list_thumbnails_task().size(101);
    for i in 0..11 {
        req = req.task_id(i.to_string());
    }
    let err = req.build().unwrap_err();
    let kinds: Vec<_> = err
        .violations
        .iter()
        .map(|v| (v.path.as_str(), v.kind.clone()))
        .collect();
    assert_eq!(
        kinds,
        [
            (
                "task_id",
                ViolationKind::TooManyItems {
                    max: 10,
                    actual: 11
                }
            ),
            (
                "size",
                ViolationKind::AboveMaximum {
                    max: 100,
                    actual: 101
                }
            ),
        ]
    );
    assert!(
        err.to_string()
            .contains("`task_id` has 11 values; at most 10 are allowed"),
        "{err}"
    );

    let client = haplat::Client::new(haplat::Credentials::new("ak", "sk"));
    let err = client
        .video_concat_query()
        .trans_no("x".repeat(33))
        .build()
        .unwrap_err();
    assert_eq!(
        err.violations[0].kind,
        ViolationKind::TooLong {
            max: 32,
            actual: 33
        }
    );
    assert!(
        client
            .video_concat_query()
            .trans_no("x".repeat(32))
            .build()
            .is_ok()
    );
    let err = client.video_concat_query().build().unwrap_err();
    assert_eq!(err.violations[0].kind, ViolationKind::Missing);
    let err = client.pull_video_query().build().unwrap_err();
    assert_eq!(
        err.violations[0].kind,
        ViolationKind::NoneOf(vec!["taskId", "transNo"])
    );
    assert!(client.pull_video_query().trans_no("t").build().is_ok());

    let err = polyv_client()
        .get_snapshot_task_status()
        .build()
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid get-snapshot-task-status request: `taskId` is required"
    );
}

#[test]
fn prepared_requests_carry_the_wire_parts() {
    let parts = polyv_client()
        .get_snapshot_task_status()
        .task_id("2036")
        .prepare()
        .unwrap();
    assert_eq!(parts.path(), "/v2/video/snapshot/1b448be323/getTaskStatus");
    assert_eq!(
        parts.query,
        [
            ("userId", "1b448be323".to_owned()),
            ("taskId", "2036".to_owned())
        ]
    );
    let slots: Vec<_> = parts
        .auth_slots
        .iter()
        .map(|s| (s.wire, s.location, s.slot))
        .collect();
    assert_eq!(
        slots,
        [
            ("ptime", Location::Query, "time"),
            ("sign", Location::Query, "sign")
        ]
    );

    let parts = huawei_client()
        .list_thumbnails_task()
        .task_id("7684")
        .task_id("7685")
        .status("SUCCEEDED")
        .page(0)
        .size(10)
        .x_language("en-us")
        .prepare()
        .unwrap();
    assert_eq!(
        parts.path(),
        "/v1/0a1b2c3d4e5f60718293a4b5c6d7e8f9/thumbnails"
    );
    let q: Vec<_> = parts
        .query
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    assert_eq!(
        q,
        [
            "task_id=7684",
            "task_id=7685",
            "status=SUCCEEDED",
            "page=0",
            "size=10"
        ]
    );
    assert_eq!(parts.headers, [("x-language", "en-us".to_owned())]);

    let parts = haplat::Client::new(haplat::Credentials::new("ak", "sk"))
        .video_concat_query()
        .trans_no("0251168101641000f4cf4da800000000")
        .prepare()
        .unwrap();
    assert_eq!(
        parts.body,
        Body::Form(vec![(
            "transNo",
            "0251168101641000f4cf4da800000000".to_owned()
        )])
    );
}

/// An error response of `O`, classified as `send` classifies it.
fn service_error<O: Operation>(status: u16, body: &str) -> runtime::ServiceError<O::Kind> {
    match runtime::engine::decode_example::<O>(status, body) {
        Err(runtime::Error::Service(e)) => e,
        other => panic!("not a service error: {other:?}"),
    }
}

#[test]
fn errors_classify_by_their_documented_row() {
    use polyv::get_snapshot_task_status::{
        GetSnapshotTaskStatus as P, GetSnapshotTaskStatusErrorKind as K,
    };
    let polyv = |code: i64, message: &str| {
        service_error::<P>(
            200,
            &format!(r#"{{"code":{code},"status":"error","message":"{message}","data":""}}"#),
        )
    };
    let e = polyv(400, "task not found");
    assert_eq!(e.kind, K::TaskNotFound);
    assert_eq!(e.row(), Some("task_not_found"));
    assert_eq!(
        e.to_string(),
        "get-snapshot-task-status: task not found (任务不存在; code 400)"
    );
    assert!(polyv(400, "ptime is too old.").is_auth_error());
    assert_eq!(
        polyv(400, "userid is blank.").kind,
        K::UseridBlank,
        "vendor-wide rows are matched too"
    );
    let e = polyv(500, "boom");
    assert_eq!(e.kind, K::Unhandled);
    assert!(e.body.contains(r#""code":500"#), "{}", e.body);
    assert_eq!(
        e.to_string(),
        "get-snapshot-task-status: undocumented error (code 500, HTTP 200): boom"
    );

    use huaweicloud::list_thumbnails_task::{
        ListThumbnailsTask as H, ListThumbnailsTaskErrorKind as HK,
    };
    let e = runtime::ServiceError::<HK>::classify(
        <H as Operation>::DESC,
        ServiceErrorMeta {
            code: Code::Str("MPC.10212".into()),
            message: "Operation failed.".into(),
            http_status: 400,
            request_id: Some("rid".into()),
        },
        b"",
    );
    assert_eq!(e.kind, HK::OperationFailed);
    assert_eq!(e.meta().request_id.as_deref(), Some("rid"));

    use haplat::video_concat_query::{VideoConcatQuery as C, VideoConcatQueryErrorKind as CK};
    let e = service_error::<C>(200, r#"{"code":1603,"message":"anything","data":null}"#);
    assert_eq!(e.kind, CK::TransNoNotFound);
}

#[test]
fn credentials_never_print_secrets() {
    let c = polyv::Credentials::new("1b448be323", "TESTSECRETKEY0123456789");
    let shown = format!(
        "{c:?} {:?} {:?}",
        polyv_client(),
        polyv_client().get_snapshot_task_status()
    );
    assert!(!shown.contains("TESTSECRETKEY"), "{shown}");
    assert!(shown.contains("1b448be323"));
    let h = format!("{:#?}", huawei_client());
    assert!(!h.contains("SKtestexample"), "{h}");
    let env = |k: &str| match k {
        "POLYV_USER_ID" => Some("u".to_owned()),
        "POLYV_SECRET_KEY" => Some(String::new()),
        _ => None,
    };
    let err = polyv::Credentials::from_lookup(env).unwrap_err();
    assert_eq!(
        err.to_string(),
        "environment variable POLYV_SECRET_KEY is not set"
    );
}

#[test]
fn huawei_endpoints_follow_the_region() {
    let vendor = &huaweicloud::VENDOR;
    assert_eq!(
        vendor.base_url_for_region("cn-north-4").unwrap(),
        "https://mpc.cn-north-4.myhuaweicloud.com"
    );
    assert_eq!(
        vendor.base_url_for_region("cn-north-1").unwrap(),
        "https://mts.cn-north-1.myhuaweicloud.com"
    );
    // A region the spec does not list is taken when it is a DNS label, and only then.
    assert_eq!(
        vendor.base_url_for_region("la-north-2").unwrap(),
        "https://mpc.la-north-2.myhuaweicloud.com"
    );
    for bad in [
        "x@127.0.0.2:80/#",
        "a.b",
        "",
        "-x",
        "x-",
        "a b",
        "x/y",
        &"a".repeat(64),
    ] {
        assert!(
            matches!(
                vendor.base_url_for_region(bad),
                Err(runtime::CredentialsError::BadEndpoint {
                    credential: "region",
                    ..
                })
            ),
            "{bad:?}"
        );
    }
    assert_eq!(
        huawei_client().inner().base_url(),
        Ok("https://mpc.cn-north-4.myhuaweicloud.com")
    );
    assert_eq!(
        polyv_client()
            .with_base_url("http://127.0.0.1:9")
            .inner()
            .base_url(),
        Ok("http://127.0.0.1:9")
    );
    assert!(vendor.regions.iter().any(|(r, _)| *r == "ap-southeast-3"));
}

/// The semver promise's other side: what is `#[non_exhaustive]` so that a spec can grow it is
/// still made and matched outside the crate, as a user's code and tests make it.
#[test]
fn non_exhaustive_items_are_made_and_matched_outside_the_crate() {
    use huaweicloud::list_thumbnails_task::{
        ListThumbnailsTaskInput, ObsObjInfo, ThumbTask, ThumbTaskStatus,
    };
    use vodspec::runtime::Open;

    // A response model, for a fake or a test: `new` takes the required fields, setters the rest.
    let task = ThumbTask::new()
        .task_id("2208")
        .status(Open::Known(ThumbTaskStatus::Succeeded))
        .input(ObsObjInfo::new().bucket("in").location("cn-north-4"));
    assert_eq!(task.task_id.as_deref(), Some("2208"));
    assert_eq!(some(&task.input).bucket.as_deref(), Some("in"));
    let decoded: ThumbTask =
        serde_json::from_str(r#"{"task_id":"2208","status":"SUCCEEDED","input":{"bucket":"in","location":"cn-north-4"}}"#)
            .unwrap();
    assert_eq!(decoded, task);

    // An input, from `Default`.
    let mut input = ListThumbnailsTaskInput::default();
    input.page = Some(2);
    assert_eq!(input.page, Some(2));

    // Credentials: the required ones in `new`, the optional ones by `with_`.
    let creds = huaweicloud::Credentials::new("p-1", "cn-north-4").with_token("t");
    assert_eq!(creds.project_id, "p-1");

    // An enum, matched with the arm a new value would take.
    let state = |s: ThumbTaskStatus| match s {
        ThumbTaskStatus::Succeeded => "done",
        ThumbTaskStatus::Failed => "failed",
        _ => "going",
    };
    assert_eq!(state(ThumbTaskStatus::Failed), "failed");
    assert_eq!(state(ThumbTaskStatus::Waiting), "going");
}
