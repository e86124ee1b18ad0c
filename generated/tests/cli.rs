//! The `vodspec` binary, spawned as a user runs it (it lives here, in the `vodspec` package,
//! because only a package's own tests are guaranteed a fresh build of its binary), against the `vodspec-testing` fakes: stdout JSON and
//! exit 0, stderr JSON and exit 3, usage exit 2, transport exit 4, `--wait`, `--all`, `--help`.

use std::process::Output;

use serde_json::Value;
use vodspec_testing::{FakeVendor, Reply};

/// Every vendor's credentials as the fakes expect them (a fake's credentials are the same for
/// every fake of its vendor).
async fn env() -> Vec<(&'static str, String)> {
    let mut all = Vec::new();
    for api in vodspec::APIS {
        all.extend(FakeVendor::start(api).await.env_vars());
    }
    all
}

/// Runs the binary off the async runtime, so the in-process fake keeps serving.
async fn vodspec(args: &[&str], env: &[(&str, String)]) -> Output {
    let args: Vec<String> = args.iter().map(|s| (*s).to_owned()).collect();
    let env: Vec<(String, String)> = env
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect();
    tokio::task::spawn_blocking(move || {
        let mut cmd = assert_cmd::Command::new(env!("CARGO_BIN_EXE_vodspec"));
        cmd.env_clear().args(&args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.output().unwrap()
    })
    .await
    .unwrap()
}

fn stdout_json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}",
            String::from_utf8_lossy(&o.stdout)
        )
    })
}

fn stderr_json(o: &Output) -> Value {
    serde_json::from_slice(&o.stderr).unwrap_or_else(|e| {
        panic!(
            "stderr is not JSON ({e}): {}",
            String::from_utf8_lossy(&o.stderr)
        )
    })
}

#[tokio::test(flavor = "multi_thread")]
async fn every_operation_prints_its_decoded_response() {
    let polyv = FakeVendor::start(&vodspec::polyv::API).await;
    let haplat = FakeVendor::start(&vodspec::haplat::API).await;
    let huawei = FakeVendor::start(&vodspec::huaweicloud::API).await;
    let cases: [(&[&str], &FakeVendor, &str, Value); 4] = [
        (
            &["polyv", "get-snapshot-task-status", "--task-id", "2036"],
            &polyv,
            "/taskId",
            Value::from(2036),
        ),
        (
            &[
                "haplat",
                "pull-video-query",
                "--task-id",
                "983af870015e10001885297a00000000",
            ],
            &haplat,
            "/items/0/pullStatus",
            Value::from("2"),
        ),
        (
            &[
                "haplat",
                "video-concat-query",
                "--trans-no",
                "0251168101641000f4cf4da800000000",
            ],
            &haplat,
            "/status",
            Value::from(2),
        ),
        (
            &["huaweicloud", "list-thumbnails-task", "--task-id", "7684"],
            &huawei,
            "/task_array/0/task_id",
            Value::from("7684"),
        ),
    ];
    for (args, fake, pointer, want) in cases {
        let mut all = args.to_vec();
        all.extend(["--base-url", fake.base_url()]);
        let o = vodspec(&all, &env().await).await;
        assert_eq!(
            o.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert_eq!(stdout_json(&o).pointer(pointer), Some(&want), "{args:?}");
        assert!(o.stderr.is_empty());
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_service_error_is_json_on_stderr_with_exit_3() {
    let fake = FakeVendor::start(&vodspec::haplat::API).await;
    fake.on("video-concat-query")
        .reply(Reply::row("trans_no_not_found"));
    let o = vodspec(
        &[
            "haplat",
            "video-concat-query",
            "--trans-no",
            "nope",
            "--base-url",
            fake.base_url(),
        ],
        &env().await,
    )
    .await;
    assert_eq!(o.status.code(), Some(3));
    assert!(o.stdout.is_empty());
    let e = stderr_json(&o);
    assert_eq!(e["error"], "trans_no_not_found");
    assert_eq!(e["code"], 1603);
    assert_eq!(e["operation"], "video-concat-query");
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_usage_exits_2_with_clap_or_spec_messages() {
    let fake = FakeVendor::start(&vodspec::huaweicloud::API).await;
    let url = fake.base_url();
    let cases: [(&[&str], &str); 7] = [
        (&["polyv", "get-snapshot-task-status"], "--task-id"),
        (&["nosuchvendor"], "unrecognized subcommand"),
        (
            &[
                "polyv",
                "get-snapshot-task-status",
                "--task-id",
                "1",
                "--bogus",
            ],
            "--bogus",
        ),
        (
            &[
                "huaweicloud",
                "list-thumbnails-task",
                "--size",
                "0",
                "--base-url",
                url,
            ],
            "smallest allowed value is 1",
        ),
        (
            &["huaweicloud", "list-thumbnails-task", "--size", "ten"],
            "invalid value",
        ),
        (
            &["haplat", "pull-video-query", "--base-url", url],
            "set at least one of `taskId`, `transNo`",
        ),
        (
            &[
                "huaweicloud",
                "list-thumbnails-task",
                "--x-language",
                "zh\r\nX-Evil: 1",
                "--base-url",
                url,
            ],
            "only visible ASCII",
        ),
    ];
    for (args, says) in cases {
        let o = vodspec(args, &env().await).await;
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
    }
    let o = vodspec(
        &["polyv", "get-snapshot-task-status", "--task-id", "1"],
        &[],
    )
    .await;
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("POLYV_USER_ID is not set"));
    assert_eq!(fake.hits(), 0, "nothing invalid was sent");
}

#[tokio::test(flavor = "multi_thread")]
async fn no_server_is_a_transport_failure_with_exit_4() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let o = vodspec(
        &[
            "polyv",
            "get-snapshot-task-status",
            "--task-id",
            "1",
            "--base-url",
            &url,
        ],
        &env().await,
    )
    .await;
    assert_eq!(o.status.code(), Some(4));
    let e = stderr_json(&o);
    assert_eq!(e["error"], "transport");
    assert!(
        !e["message"].as_str().unwrap().contains("sign="),
        "no signed URL in messages"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn wait_follows_the_task_to_its_end() {
    let fake = FakeVendor::start(&vodspec::polyv::API).await;
    fake.on("get-snapshot-task-status")
        .lifecycle(&["processing", "success"]);
    let o = vodspec(
        &[
            "polyv",
            "get-snapshot-task-status",
            "--task-id",
            "2036",
            "--wait",
            "--base-url",
            fake.base_url(),
        ],
        &env().await,
    )
    .await;
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(stdout_json(&o)["status"], "success");
    assert_eq!(fake.hits(), 2);

    let fake = FakeVendor::start(&vodspec::polyv::API).await;
    fake.on("get-snapshot-task-status").lifecycle(&["fail"]);
    let o = vodspec(
        &[
            "polyv",
            "get-snapshot-task-status",
            "--task-id",
            "2036",
            "--wait",
            "--base-url",
            fake.base_url(),
        ],
        &env().await,
    )
    .await;
    assert_eq!(o.status.code(), Some(3));
    assert_eq!(stderr_json(&o)["error"], "task-failed");

    let fake = FakeVendor::start(&vodspec::polyv::API).await;
    fake.on("get-snapshot-task-status")
        .lifecycle(&["processing"]);
    let o = vodspec(
        &[
            "polyv",
            "get-snapshot-task-status",
            "--task-id",
            "2036",
            "--wait",
            "--max-wait",
            "1s",
            "--base-url",
            fake.base_url(),
        ],
        &env().await,
    )
    .await;
    assert_eq!(o.status.code(), Some(4));
    let e = stderr_json(&o);
    assert_eq!(e["error"], "wait-timeout");
    assert_eq!(e["last"]["status"], "processing");
}

#[tokio::test(flavor = "multi_thread")]
async fn all_follows_pagination_and_repeated_flags_make_a_list() {
    let fake = FakeVendor::start(&vodspec::huaweicloud::API).await;
    let tasks = (0..5)
        .map(|i| serde_json::json!({"task_id": format!("task-{i}"), "status": "SUCCEEDED"}))
        .collect();
    fake.on("list-thumbnails-task").otherwise(Reply::PageOf {
        items: tasks,
        always_truncated: false,
    });
    let o = vodspec(
        &[
            "huaweicloud",
            "list-thumbnails-task",
            "--all",
            "--size",
            "2",
            "--base-url",
            fake.base_url(),
        ],
        &env().await,
    )
    .await;
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let ids: Vec<String> = stdout_json(&o)
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["task_id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(ids, ["task-0", "task-1", "task-2", "task-3", "task-4"]);
    assert_eq!(fake.hits(), 3);

    let o = vodspec(
        &[
            "huaweicloud",
            "list-thumbnails-task",
            "--task-id",
            "7684",
            "--task-id",
            "7685",
            "--base-url",
            fake.base_url(),
        ],
        &env().await,
    )
    .await;
    assert_eq!(o.status.code(), Some(0));
    let last = fake.last().unwrap();
    assert_eq!(last.param_values("task_id"), ["7684", "7685"]);
    assert!(
        last.query.contains("task_id=7684&task_id=7685"),
        "{}",
        last.query
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn help_at_every_level_shows_the_specs_descriptions() {
    let top = vodspec(&["--help"], &[]).await;
    assert_eq!(top.status.code(), Some(0));
    let text = String::from_utf8_lossy(&top.stdout);
    assert!(
        text.contains("polyv") && text.contains("huaweicloud") && text.contains("Exit codes"),
        "{text}"
    );
    let vendor = vodspec(&["huaweicloud", "--help"], &[]).await;
    assert!(String::from_utf8_lossy(&vendor.stdout).contains("Querying Snapshot Tasks"));
    let op = vodspec(&["polyv", "get-snapshot-task-status", "--help"], &[]).await;
    let text = String::from_utf8_lossy(&op.stdout);
    assert!(
        text.contains("查询截图任务状态") && text.contains("任务id") && text.contains("--wait"),
        "{text}"
    );
    let op = vodspec(&["huaweicloud", "list-thumbnails-task", "--help"], &[]).await;
    let text = String::from_utf8_lossy(&op.stdout);
    assert!(
        text.contains("--all") && text.contains("The value ranges from 1 to 100"),
        "{text}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn error_json_carries_the_vendors_request_id() {
    let fake = FakeVendor::start(&vodspec::huaweicloud::API).await;
    let env = env().await;
    for (reply, code) in [(Reply::row("operation_failed"), 3), (Reply::Malformed, 4)] {
        fake.on("list-thumbnails-task").reply(reply);
        let o = vodspec(
            &[
                "huaweicloud",
                "list-thumbnails-task",
                "--base-url",
                fake.base_url(),
            ],
            &env,
        )
        .await;
        assert_eq!(o.status.code(), Some(code));
        let e = stderr_json(&o);
        let sent = fake.last().unwrap().request_id.unwrap();
        assert_eq!(e["request_id"], sent.as_str(), "{e}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn wait_on_a_create_waits_for_the_task_it_created() {
    let fake = FakeVendor::start(&vodspec::polyv::API).await;
    fake.on("get-snapshot-task-status")
        .lifecycle(&["processing", "success"]);
    let o = vodspec(
        &[
            "polyv",
            "add-snapshot-task",
            "--vid",
            "1b448be32303e4922a8f70d6b48220ae_1",
            "--offset-times",
            "5",
            "--offset-times",
            "10",
            "--wait",
            "--base-url",
            fake.base_url(),
        ],
        &env().await,
    )
    .await;
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(stdout_json(&o)["status"], "success");
    let sent = fake.received();
    assert_eq!(sent.len(), 3, "one create, two polls");
    assert_eq!(sent[0].operation, Some("add-snapshot-task"));
    let issued = fake.tasks()[0].0.clone();
    assert!(
        sent[1..]
            .iter()
            .all(|r| r.param("taskId") == Some(issued.as_str()))
    );
}

/// A model param takes a JSON object or `@file.json`; `--wait` on Huawei's create creates the
/// task, then waits for it with list-thumbnails-task.
#[tokio::test(flavor = "multi_thread")]
async fn a_model_param_takes_json_or_a_file_and_a_create_waits() {
    let fake = FakeVendor::start(&vodspec::huaweicloud::API).await;
    let dir = std::env::temp_dir().join(format!("vodspec-cli-model-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let para = dir.join("para.json");
    std::fs::write(&para, r#"{"type": "DOTS", "dots": [5, 10]}"#).unwrap();
    let at_para = format!("@{}", para.display());
    let o = vodspec(
        &[
            "huaweicloud",
            "create-thumbnails-task",
            "--input",
            r#"{"bucket": "b", "location": "region01", "object": "in.ts"}"#,
            "--output",
            r#"{"bucket": "b", "location": "region01", "object": "out"}"#,
            "--thumbnail-para",
            &at_para,
            "--wait",
            "--base-url",
            fake.base_url(),
        ],
        &env().await,
    )
    .await;
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(stdout_json(&o)["task_array"][0]["status"], "SUCCEEDED");
    let sent = fake.received();
    assert_eq!(sent[0].operation, Some("create-thumbnails-task"));
    assert_eq!(
        sent[0].value("thumbnail_para"),
        Some(&serde_json::json!({"type": "DOTS", "dots": [5, 10]}))
    );
    assert!(
        sent[1..]
            .iter()
            .all(|r| r.operation == Some("list-thumbnails-task") && r.verified())
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// Not JSON, not an object, an unknown field, a broken constraint, a missing file: exit 2 and
/// nothing sent.
#[tokio::test(flavor = "multi_thread")]
async fn a_bad_model_param_exits_2_and_sends_nothing() {
    let fake = FakeVendor::start(&vodspec::huaweicloud::API).await;
    let good = r#"{"bucket": "b", "location": "region01", "object": "in.ts"}"#;
    let cases: [(&str, &str); 6] = [
        ("{bucket", "invalid JSON"),
        ("[1, 2]", "expected a JSON object"),
        (
            r#"{"bucket": "b", "location": "region01", "object": "in.ts", "buckett": "x"}"#,
            "unknown field --input.buckett",
        ),
        (
            r#"{"bucket": "", "location": "region01", "object": "in.ts"}"#,
            "`input.bucket` is 0 characters long",
        ),
        (r#"{"bucket": "b"}"#, "missing field `location`"),
        ("@/nonexistent/vodspec/input.json", "cannot read"),
    ];
    for (input, says) in cases {
        let o = vodspec(
            &[
                "huaweicloud",
                "create-thumbnails-task",
                "--input",
                input,
                "--output",
                good,
                "--base-url",
                fake.base_url(),
            ],
            &env().await,
        )
        .await;
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{input}: {stderr}");
        assert!(stderr.contains(says), "{input}: {stderr}");
    }
    assert_eq!(fake.hits(), 0, "nothing was sent");
}

/// A region that carries a host (`x@127.0.0.2:PORT/#`) would send the signed request there:
/// it is a credentials error, exit 2, and the host hears nothing.
#[tokio::test(flavor = "multi_thread")]
async fn a_region_carrying_a_host_exits_2_and_the_host_hears_nothing() {
    let listener = std::net::TcpListener::bind("127.0.0.2:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    listener.set_nonblocking(true).unwrap();
    let mut env = env().await;
    for (k, v) in &mut env {
        if *k == "HUAWEICLOUD_SDK_REGION" {
            *v = format!("x@127.0.0.2:{port}/#");
        }
    }
    let o = vodspec(
        &["huaweicloud", "list-thumbnails-task", "--task-id", "1"],
        &env,
    )
    .await;
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("neither one of the vendor's regions"),
        "{stderr}"
    );
    assert!(
        matches!(listener.accept(), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock),
        "a connection reached 127.0.0.2"
    );
}
