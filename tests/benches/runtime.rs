//! Runtime figures, each against a peer measured in the same run (`cargo bench -p vodspec-tests
//! --bench runtime`; `cargo xtask bench` runs it too):
//!
//! - decoding: every doc example, and a 100-task Huawei listing, through the envelope and the
//!   generated types, against strict `serde_derive` structs on the same bytes;
//! - signing: assembling and signing one request per scheme;
//! - a full request through a generated client to a loopback server, against the same request
//!   made with bare `reqwest` and `serde_json`.
//!
//! Each figure is the median and min–max over rounds of many iterations; ratios are of medians.

use std::hint::black_box;
use std::time::{Duration, Instant, UNIX_EPOCH};

use serde::Deserialize;
use vodspec::runtime::{self, Operation, wire};
use vodspec::{haplat, huaweicloud, polyv};
use vodspec_tests::example_body;

/// Credentials to sign with (the vendors' vectors' own).
mod keys {
    pub const POLYV_USER_ID: &str = "1b448be323";
    pub const POLYV_SECRET_KEY: &str = "TESTSECRETKEY0123456789";
    pub const HAPLAT_ACCESS_KEY: &str = "WSAKTESTEXAMPLE0000001";
    pub const HAPLAT_SECRET_KEY: &str = "WSSKtestexample0000000000000000000";
    pub const HUAWEI_AK: &str = "AKTESTEXAMPLE0000001";
    pub const HUAWEI_SK: &str = "SKtestexample/secret+key=0000000000000";
    pub const HUAWEI_PROJECT_ID: &str = "0a1b2c3d4e5f60718293a4b5c6d7e8f9";
    pub const HUAWEI_TOKEN: &str = "MIItest-iam-token-0001";
}

const ROUNDS: usize = 15;

/// Nanoseconds per iteration of `f`: median, min, max over [`ROUNDS`] rounds of `iters`.
fn measure(iters: u32, mut f: impl FnMut()) -> (f64, f64, f64) {
    let mut per: Vec<f64> = (0..ROUNDS)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..iters {
                f();
            }
            t.elapsed().as_nanos() as f64 / f64::from(iters)
        })
        .collect();
    per.sort_by(f64::total_cmp);
    (per[ROUNDS / 2], per[0], per[ROUNDS - 1])
}

fn show(label: &str, (m, lo, hi): (f64, f64, f64)) -> f64 {
    let unit = |ns: f64| {
        if ns >= 1e6 {
            format!("{:.2} ms", ns / 1e6)
        } else {
            format!("{:.2} µs", ns / 1e3)
        }
    };
    println!("| {label} | {} ({}–{}) |", unit(m), unit(lo), unit(hi));
    m
}

// Strict peers: what a hand-written client would decode the same bytes into.
#[derive(Deserialize)]
#[allow(dead_code, reason = "decoded, not read")]
struct StrictListing {
    task_array: Vec<StrictTask>,
    is_truncated: i64,
    total: i32,
}

#[derive(Deserialize)]
#[allow(dead_code, reason = "decoded, not read")]
struct StrictTask {
    task_id: u64,
    status: StrictStatus,
    create_time: Option<u64>,
    end_time: Option<u64>,
    input: Option<StrictObs>,
    output: Option<StrictObs>,
    output_file_name: Option<String>,
    user_data: Option<String>,
    description: Option<String>,
    thumbnail_info: Option<Vec<StrictPic>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "UPPERCASE")]
enum StrictStatus {
    Waiting,
    Processing,
    Succeeded,
    Failed,
    Canceled,
}

#[derive(Deserialize)]
#[allow(dead_code, reason = "decoded, not read")]
struct StrictObs {
    bucket: String,
    location: String,
    object: String,
    file_name: Option<String>,
}

#[derive(Deserialize)]
#[allow(dead_code, reason = "decoded, not read")]
struct StrictPic {
    pic_name: String,
}

#[derive(Deserialize)]
#[allow(dead_code, reason = "decoded, not read")]
struct StrictPolyv {
    code: i64,
    status: String,
    message: String,
    data: StrictSnapshotTask,
}

#[derive(Deserialize)]
#[allow(dead_code, reason = "decoded, not read")]
#[serde(rename_all = "camelCase")]
struct StrictSnapshotTask {
    task_id: i64,
    user_id: String,
    vid: String,
    status: String,
    create_time: i64,
    begin_process_time: i64,
    finish_process_time: i64,
    snapshots: Vec<StrictSnapshot>,
}

#[derive(Deserialize)]
#[allow(dead_code, reason = "decoded, not read")]
#[serde(rename_all = "camelCase")]
struct StrictSnapshot {
    image_url: String,
    offset_time: i64,
}

fn listing(tasks: usize) -> String {
    let one = serde_json::from_str::<serde_json::Value>(&example_body(
        "huaweicloud/mpc/list-thumbnails-task.yaml",
        "success",
    ))
    .unwrap()["task_array"][0]
        .clone();
    let array: Vec<serde_json::Value> = (0..tasks)
        .map(|i| {
            let mut t = one.clone();
            t["task_id"] = serde_json::json!(7684 + i);
            t
        })
        .collect();
    serde_json::json!({"task_array": array, "is_truncated": 0, "total": tasks}).to_string()
}

/// Times decoding `body` through `O`'s envelope and generated types.
fn generated<O: Operation>(label: &str, iters: u32, body: &str) -> f64 {
    show(
        &format!("{label}, generated types"),
        measure(iters, || {
            black_box(runtime::engine::decode_example::<O>(200, black_box(body)).unwrap());
        }),
    )
}

/// Times decoding `body` into the strict peer `T`, and prints the ratio to `ours`.
fn strict<T: serde::de::DeserializeOwned>(label: &str, iters: u32, body: &str, ours: f64) {
    let peer = show(
        &format!("{label}, strict serde_derive"),
        measure(iters, || {
            black_box(serde_json::from_slice::<T>(black_box(body.as_bytes())).unwrap());
        }),
    );
    println!("| ratio | **{:.2}×** |", ours / peer);
}

fn decoding() {
    use haplat::pull_video_query::PullVideoQuery;
    use haplat::video_concat_query::VideoConcatQuery;
    use huaweicloud::list_thumbnails_task::ListThumbnailsTask;
    use polyv::get_snapshot_task_status::GetSnapshotTaskStatus;
    println!("\n### Decoding (per body)\n\n| what | time |\n|---|---|");
    let big = listing(100);
    let label = "Huawei 100-task listing";
    let ours = generated::<ListThumbnailsTask>(label, 200, &big);
    strict::<StrictListing>(label, 200, &big, ours);
    let small = example_body("huaweicloud/mpc/list-thumbnails-task.yaml", "success");
    let label = "Huawei doc example";
    let ours = generated::<ListThumbnailsTask>(label, 20_000, &small);
    strict::<StrictListing>(label, 20_000, &small, ours);
    let pv = example_body("polyv/vod/get-snapshot-task-status.yaml", "success");
    let label = "Polyv doc example (code envelope)";
    let ours = generated::<GetSnapshotTaskStatus>(label, 20_000, &pv);
    strict::<StrictPolyv>(label, 20_000, &pv, ours);
    let concat = example_body("haplat/vod/video-concat-query.yaml", "success");
    generated::<VideoConcatQuery>("haplat video-concat-query doc example", 20_000, &concat);
    let pull = example_body("haplat/vod/pull-video-query.yaml", "success");
    generated::<PullVideoQuery>("haplat pull-video-query doc example", 20_000, &pull);
}

fn signing() {
    println!("\n### Assembling and signing one request\n\n| scheme | time |\n|---|---|");
    let at = UNIX_EPOCH + Duration::from_secs(1_605_701_613);
    let p = polyv::Client::new(polyv::Credentials::new(
        keys::POLYV_USER_ID,
        keys::POLYV_SECRET_KEY,
    ));
    let parts = p
        .get_snapshot_task_status()
        .task_id("2036")
        .prepare()
        .unwrap();
    let signer = p.inner().signer().unwrap();
    show(
        "polyv-sha1-sign",
        measure(20_000, || {
            black_box(wire::assemble(&parts, "https://api.polyv.net", &signer, "b", at).unwrap());
        }),
    );
    let h = haplat::Client::new(haplat::Credentials::new(
        keys::HAPLAT_ACCESS_KEY,
        keys::HAPLAT_SECRET_KEY,
    ));
    let parts = h
        .video_concat_query()
        .trans_no("0251168101641000f4cf4da800000000")
        .prepare()
        .unwrap();
    let signer = h.inner().signer().unwrap();
    show(
        "ws3-hmac-sha256",
        measure(20_000, || {
            black_box(wire::assemble(&parts, "https://api.example.com", &signer, "b", at).unwrap());
        }),
    );
    let c = huaweicloud::Client::new(
        huaweicloud::Credentials::new(keys::HUAWEI_PROJECT_ID, "cn-north-4")
            .with_access_key(keys::HUAWEI_AK)
            .with_secret_key(keys::HUAWEI_SK),
    );
    let parts = c
        .list_thumbnails_task()
        .task_id("7684")
        .task_id("7685")
        .page(0)
        .size(10)
        .prepare()
        .unwrap();
    let signer = c.inner().signer().unwrap();
    show(
        "huawei-sdk-hmac-sha256",
        measure(20_000, || {
            black_box(
                wire::assemble(
                    &parts,
                    "https://mpc.cn-north-4.myhuaweicloud.com",
                    &signer,
                    "b",
                    at,
                )
                .unwrap(),
            );
        }),
    );
    let t = huaweicloud::Client::new(
        huaweicloud::Credentials::new(keys::HUAWEI_PROJECT_ID, "cn-north-4")
            .with_token(keys::HUAWEI_TOKEN),
    );
    let signer = t.inner().signer().unwrap();
    show(
        "huawei-token",
        measure(20_000, || {
            black_box(
                wire::assemble(
                    &parts,
                    "https://mpc.cn-north-4.myhuaweicloud.com",
                    &signer,
                    "b",
                    at,
                )
                .unwrap(),
            );
        }),
    );
}

fn requests() {
    use huaweicloud::list_thumbnails_task::ListThumbnailsTask;
    println!(
        "\n### A full request to a loopback server (Huawei listing, 1 task)\n\n| client | time |\n|---|---|"
    );
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let body = example_body("huaweicloud/mpc/list-thumbnails-task.yaml", "success");
    let (url, client) = rt.block_on(async {
        let app = axum::Router::new().fallback(move || {
            let body = body.clone();
            async move { ([("content-type", "application/json")], body) }
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        let client = huaweicloud::Client::new(
            huaweicloud::Credentials::new(keys::HUAWEI_PROJECT_ID, "cn-north-4")
                .with_access_key(keys::HUAWEI_AK)
                .with_secret_key(keys::HUAWEI_SK),
        )
        .with_base_url(&url);
        (url, client)
    });
    let ours = show(
        "generated client: build, sign, send, decode",
        measure(300, || {
            rt.block_on(async {
                black_box(
                    client
                        .list_thumbnails_task()
                        .task_id("7684")
                        .send()
                        .await
                        .unwrap(),
                );
            })
        }),
    );
    let bare = reqwest::Client::new();
    let target = format!(
        "{url}/v1/{}/thumbnails?task_id=7684",
        keys::HUAWEI_PROJECT_ID
    );
    let peer = show(
        "bare reqwest + serde_json (unsigned)",
        measure(300, || {
            rt.block_on(async {
                let bytes = bare
                    .get(&target)
                    .send()
                    .await
                    .unwrap()
                    .bytes()
                    .await
                    .unwrap();
                black_box(serde_json::from_slice::<StrictListing>(&bytes).unwrap());
            })
        }),
    );
    println!("| ratio | **{:.2}×** |", ours / peer);
    let _ = ListThumbnailsTask;
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` would pass nothing else to care about.
    println!("## Runtime benchmarks (median and min–max over {ROUNDS} rounds)");
    decoding();
    signing();
    requests();
}
