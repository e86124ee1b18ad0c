//! `cargo xtask docs` against a loopback server that serves doc pages with the chrome real ones
//! have (navigation, a sidebar, scripts, a cookie banner), built around content taken from the
//! Huawei seed page: what `fetch` writes, that chrome does not matter, what `watch` says of a
//! changed page, and that an unreachable page is reported on its own while the others report.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use vodspec_pages::cli::{Output, run};

const CONTENT: &str = include_str!("pages/list-thumbnails-task.content.html");

/// The content inside one arrangement of a real page's chrome.
fn page(content: &str, arrangement: u8) -> String {
    let nav = r#"<nav class="top"><a href="/">Huawei Cloud</a> <a href="/docs">Documentation</a><ul><li>Products</li><li>Solutions</li></ul></nav>"#;
    let sidebar = r#"<aside class="sidebar"><ul><li><a href="/docs/x">Creating a Snapshot Task</a></li><li><a href="/docs/x">Querying Snapshot Tasks</a></li></ul></aside>"#;
    let banner = r#"<div id="cookie-banner" class="cookie-notice"><p>We use cookies to improve your experience.</p><button>Accept</button></div>"#;
    let scripts = r#"<script>window.dataLayer = [{"page": "mpc_04_0036"}];</script><style>.x{color:red}</style>"#;
    let footer = r#"<footer><p>© 2025 Huawei Cloud. All rights reserved.</p><table><tr><td>Legal</td></tr></table></footer>"#;
    let crumbs = r#"<div class="breadcrumb">Help Center &gt; Media Processing Center &gt; API Reference</div>"#;
    let main = format!(
        r#"<main><div class="content">{crumbs}{content}<div class="feedback">Was this helpful?</div></div></main>"#
    );
    let body = match arrangement {
        0 => format!("{nav}{sidebar}{main}{banner}{footer}"),
        _ => format!("{banner}{scripts}{footer}{main}{sidebar}{nav}"),
    };
    format!(
        "<!DOCTYPE html><html><head><title>Querying Snapshot Tasks</title>{scripts}</head><body>{body}</body></html>"
    )
}

/// What the server answers for a path.
#[derive(Clone)]
enum Serve {
    Html(String),
    Json,
    Hang,
}

/// A loopback server answering each path as `routes` says (404 otherwise).
fn server(routes: Vec<(&'static str, Serve)>) -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut s) = stream else { continue };
            let routes = routes.clone();
            let log = log.clone();
            std::thread::spawn(move || {
                let mut buf = [0u8; 4096];
                let n = s.read(&mut buf).unwrap_or(0);
                let head = String::from_utf8_lossy(&buf[..n]).into_owned();
                let path = head.split(' ').nth(1).unwrap_or("/").to_owned();
                log.lock().unwrap().push(head);
                let answer = routes
                    .iter()
                    .find(|(p, _)| *p == path)
                    .map(|(_, a)| a.clone());
                let (status, kind, body) = match answer {
                    Some(Serve::Html(h)) => ("200 OK", "text/html; charset=utf-8", h),
                    Some(Serve::Json) => ("200 OK", "application/json", "{}".to_owned()),
                    Some(Serve::Hang) => {
                        std::thread::sleep(Duration::from_secs(5));
                        return;
                    }
                    None => ("404 Not Found", "text/html", "<p>gone</p>".to_owned()),
                };
                let _ = write!(
                    s,
                    "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
            });
        }
    });
    (base, seen)
}

/// A copy of the seed specs to write snapshots into.
fn specs(tag: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../specs");
    let dir = std::env::temp_dir().join(format!("vodspec-pages-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    copy(&root, &dir);
    dir
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy(&e.path(), &to.join(e.file_name()));
        } else if e.path().extension().is_some_and(|x| x == "yaml") {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

const LIST: &str = "https://support.huaweicloud.com/intl/en-us/api-mpc/mpc_04_0036.html";

/// `docs fetch` of the Huawei listing's page from `mirror` (`PREFIX=URL-or-folder`).
fn fetch_list(specs: &Path, mirror: &str) -> Output {
    docs(
        specs,
        &[
            "--operation",
            "list-thumbnails-task",
            "fetch",
            "--mirror",
            mirror,
        ],
    )
}

fn docs(specs: &Path, args: &[&str]) -> Output {
    let mut all = vec![
        "docs".to_owned(),
        "--specs".to_owned(),
        specs.display().to_string(),
    ];
    all.extend(args.iter().map(|s| (*s).to_owned()));
    run(all)
}

fn snapshot_of(specs: &Path) -> String {
    std::fs::read_to_string(specs.join("huaweicloud/mpc/list-thumbnails-task.page.txt")).unwrap()
}

const EXPECTED: &str = "\
Querying Snapshot Tasks
Updated on 2025-03-20 GMT+08:00
Function
This API is used to query one or more snapshot tasks. The task results will be returned, including the status, input, and output.
URI
GET /v1/{project_id}/thumbnails
|= Parameter | Mandatory | Type | Description |
| project_id | Yes | String | Project ID. For details about how to obtain the project ID, see Obtaining a Project ID. |
|= Parameter | Mandatory | Type | Description |
| task_id | No | Array of strings | Task ID. A maximum of 10 task IDs can be queried at a time. |
| status | No | String | Task status. Possible values: • WAITING: pending • PROCESSING: running • SUCCEEDED: completed • FAILED: failed • CANCELED: deleted |
| page | No | Integer | Page number. Default value: 0 |
| size | No | Integer | Number of records on each page. The value ranges from 1 to 100. Default value: 10 |
Response Parameters
|= Parameter | Type | Description |
| task_array | Array of ThumbTask objects | Query results |
| is_truncated | Integer | Whether the query results are truncated. |
| total | Integer | Total number of queried snapshot tasks |
Error Codes
|= Error Code | Description |
| MPC.10202 | Invalid request parameter. |
| MPC.10212 | Operation failed. |
";

#[test]
fn fetch_writes_the_pages_content_whatever_the_chrome() {
    for arrangement in [0, 1] {
        let (base, seen) = server(vec![("/p.html", Serve::Html(page(CONTENT, arrangement)))]);
        let tree = specs(&format!("fetch-{arrangement}"));
        let out = fetch_list(&tree, &format!("{LIST}={base}/p.html"));
        assert_eq!(out.code, 0, "{out:?}");
        let snap = snapshot_of(&tree);
        let (head, body) = snap.split_once("\n\n").unwrap();
        assert!(
            head.starts_with(&format!("# page: {LIST}\n# made: fetched ")),
            "{head}"
        );
        assert_eq!(body, EXPECTED, "arrangement {arrangement}");
        // Politely: one request, naming vodspec.
        let asked = seen.lock().unwrap().clone();
        assert_eq!(asked.len(), 1);
        assert!(
            asked[0]
                .to_lowercase()
                .contains("user-agent: vodspec-docs/"),
            "{}",
            asked[0]
        );
        let _ = std::fs::remove_dir_all(&tree);
    }
}

#[test]
fn watch_names_each_changed_term_and_the_new_date() {
    let tree = specs("watch");
    let (base, _) = server(vec![("/p.html", Serve::Html(page(CONTENT, 0)))]);
    let mirror = format!("{LIST}={base}/p.html");
    let args = ["--operation", "list-thumbnails-task"];
    assert_eq!(fetch_list(&tree, &mirror).code, 0);
    let watch = |mirror: &str| {
        docs(
            &tree,
            &[
                &args[..],
                &["watch", "--mirror", mirror, "--format", "text"],
            ]
            .concat(),
        )
    };
    let same = watch(&mirror);
    assert_eq!(same.code, 0, "{same:?}");
    assert!(
        same.stdout
            .contains("huaweicloud/list-thumbnails-task: unchanged"),
        "{}",
        same.stdout
    );

    let changed = CONTENT
        .replace(
            "<li>CANCELED: deleted</li>",
            "<li>CANCELED: deleted</li><li>PAUSED: paused</li>",
        )
        .replace("<tr><td>MPC.10212</td><td>Operation failed.</td></tr>", "")
        .replace("Updated on 2025-03-20", "Updated on 2026-11-30");
    let (base2, _) = server(vec![("/p.html", Serve::Html(page(&changed, 1)))]);
    let mirror2 = format!("{LIST}={base2}/p.html");
    let out = watch(&mirror2);
    assert_eq!(out.code, 1, "{out:?}");
    for says in [
        "huaweicloud/list-thumbnails-task: changed",
        "terms added: PAUSED",
        "terms removed: MPC.10212",
        "last updated: 2025-03-20 → 2026-11-30",
        "+ Updated on 2026-11-30 GMT+08:00",
    ] {
        assert!(out.stdout.contains(says), "{says}:\n{}", out.stdout);
    }
    // `--update` takes the new page as the snapshot; then nothing has changed.
    assert_eq!(
        docs(
            &tree,
            &[&args[..], &["watch", "--mirror", &mirror2, "--update"]].concat()
        )
        .code,
        1
    );
    assert!(snapshot_of(&tree).contains("PAUSED: paused"));
    assert_eq!(
        docs(
            &tree,
            &[&args[..], &["watch", "--mirror", &mirror2]].concat()
        )
        .code,
        0
    );
    let _ = std::fs::remove_dir_all(&tree);
}

#[test]
fn an_unreachable_page_is_reported_alone_and_the_others_still_report() {
    let tree = specs("unreachable");
    let (base, _) = server(vec![
        ("/p.html", Serve::Html(page(CONTENT, 0))),
        ("/slow.html", Serve::Hang),
        ("/json", Serve::Json),
    ]);
    let list = format!("{LIST}={base}/p.html");
    assert_eq!(fetch_list(&tree, &list).code, 0);
    let create = format!(
        "https://support.huaweicloud.com/intl/en-us/api-mpc/mpc_04_0034.html={base}/slow.html"
    );
    let delete =
        format!("https://support.huaweicloud.com/intl/ja-jp/api-mpc/mpc_04_0035.html={base}/json");
    let rest = format!("https://={base}/missing/");
    let out = docs(
        &tree,
        &[
            "--vendor",
            "huaweicloud",
            "watch",
            "--format",
            "text",
            "--timeout",
            "0.5",
            "--mirror",
            &list,
            "--mirror",
            &create,
            "--mirror",
            &delete,
            "--mirror",
            &rest,
        ],
    );
    // No page changed: exit 0; each unreachable one says why.
    assert_eq!(out.code, 0, "{out:?}");
    assert!(
        out.stdout.contains("list-thumbnails-task: unchanged"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("create-thumbnails-task: no snapshot"),
        "{}",
        out.stdout
    );
    let gone = docs(
        &tree,
        &[
            "--operation",
            "list-thumbnails-task",
            "watch",
            "--format",
            "text",
            "--mirror",
            &format!("{LIST}={base}/missing"),
        ],
    );
    assert!(
        gone.stdout
            .contains("list-thumbnails-task: unreachable: HTTP 404"),
        "{}",
        gone.stdout
    );
    // Without snapshots in the way: a timeout, a non-HTML answer and a 404, each in its words.
    let out = docs(
        &tree,
        &[
            "--vendor",
            "huaweicloud",
            "fetch",
            "--timeout",
            "0.5",
            "--mirror",
            &create,
            "--mirror",
            &delete,
            "--mirror",
            &format!("{LIST}={base}/missing"),
        ],
    );
    assert_eq!(out.code, 1, "{out:?}");
    for says in [
        "create-thumbnails-task: no answer within 0.5 s",
        "delete-thumbnails-task: not an HTML page (content type `application/json`)",
        "list-thumbnails-task: HTTP 404",
    ] {
        assert!(out.stderr.contains(says), "{says}:\n{}", out.stderr);
    }
    let _ = std::fs::remove_dir_all(&tree);
}

#[test]
fn a_saved_page_in_a_folder_serves_as_well() {
    let tree = specs("folder");
    let saved = tree.join("saved");
    std::fs::create_dir_all(saved.join("api-mpc")).unwrap();
    std::fs::write(saved.join("api-mpc/mpc_04_0036.html"), page(CONTENT, 1)).unwrap();
    let mirror = format!(
        "https://support.huaweicloud.com/intl/en-us/={}",
        saved.display()
    );
    let out = fetch_list(&tree, &mirror);
    assert_eq!(out.code, 0, "{out:?}");
    assert!(snapshot_of(&tree).ends_with(EXPECTED));
    let bad = docs(&tree, &["fetch", "--mirror", "nothing"]);
    assert_eq!(bad.code, 2, "{bad:?}");
    let _ = std::fs::remove_dir_all(&tree);
}

/// `check` on the checked-in tree passes; on the fetched page with a param taken out of the
/// spec, it names the param, and `--fail-on missing` exits 1.
#[test]
fn check_passes_on_the_seeds_and_names_a_param_the_spec_lost() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../specs");
    let seeds = docs(
        &root,
        &["check", "--format", "text", "--fail-on", "missing"],
    );
    assert_eq!(seeds.code, 0, "{}{}", seeds.stdout, seeds.stderr);
    assert_eq!(
        seeds.stdout.matches("agrees with its page").count(),
        11,
        "{}",
        seeds.stdout
    );

    let tree = specs("check");
    let (base, _) = server(vec![("/p.html", Serve::Html(page(CONTENT, 0)))]);
    let mirror = format!("{LIST}={base}/p.html");
    let one = ["--operation", "list-thumbnails-task"];
    assert_eq!(
        docs(&tree, &[&one[..], &["fetch", "--mirror", &mirror]].concat()).code,
        0
    );
    let spec = tree.join("huaweicloud/mpc/list-thumbnails-task.yaml");
    let text = std::fs::read_to_string(&spec).unwrap();
    let dropped = text.replacen(
        "  page:\n    in: query\n    type: i32\n",
        "  pagex:\n    in: query\n    type: i32\n",
        1,
    );
    assert_ne!(text, dropped);
    std::fs::write(&spec, dropped).unwrap();
    let out = docs(
        &tree,
        &[
            &one[..],
            &["check", "--format", "json", "--fail-on", "missing"],
        ]
        .concat(),
    );
    assert_eq!(out.code, 1, "{out:?}");
    let report: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(
        report[0]["missing"],
        serde_json::json!(["page"]),
        "{report:#}"
    );
    let unexplained = report[0]["unexplained"].as_array().unwrap();
    assert!(
        unexplained.contains(&serde_json::json!("pagex")),
        "{report:#}"
    );
    // An error message the page does not show as the spec writes it.
    let text = std::fs::read_to_string(&spec).unwrap();
    std::fs::write(
        &spec,
        text.replacen(
            "message: Operation failed.",
            "message: Operation failed!",
            1,
        ),
    )
    .unwrap();
    let out = docs(&tree, &[&one[..], &["check", "--format", "json"]].concat());
    let report: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let unexplained = report[0]["unexplained"].as_array().unwrap();
    assert!(
        unexplained.contains(&serde_json::json!("Operation failed!")),
        "{report:#}"
    );
    assert!(
        !unexplained.contains(&serde_json::json!("MPC.10212")),
        "{report:#}"
    );
    let _ = std::fs::remove_dir_all(&tree);
}

/// Every checked-in snapshot, rendered back into a page (a paragraph per line, its table rows a
/// table) inside the chrome, is what `fetch` writes again: the extraction is stable on every
/// vendor's text, Chinese and all.
#[test]
fn every_snapshot_round_trips_through_a_page() {
    let tree = specs("round-trip");
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../specs");
    let mut routes = Vec::new();
    let mut mirrors = Vec::new();
    let mut expected = Vec::new();
    for (i, rel) in snapshots(&root).iter().enumerate() {
        let text = std::fs::read_to_string(root.join(rel)).unwrap();
        let snap = vodspec_pages::snapshot::Snapshot::parse(&text).unwrap();
        let path: &'static str = Box::leak(format!("/{i}.html").into_boxed_str());
        routes.push((
            path,
            Serve::Html(page(&html_of(&snap.lines), (i % 2) as u8)),
        ));
        mirrors.push(snap.url.clone());
        expected.push((rel.clone(), snap.lines));
    }
    let (base, _) = server(routes);
    let mut args = vec!["fetch".to_owned()];
    for (i, url) in mirrors.iter().enumerate() {
        args.extend(["--mirror".to_owned(), format!("{url}={base}/{i}.html")]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = docs(&tree, &args);
    assert_eq!(out.code, 0, "{out:?}");
    assert_eq!(expected.len(), 11);
    for (rel, lines) in expected {
        let again = std::fs::read_to_string(tree.join(&rel)).unwrap();
        let again = vodspec_pages::snapshot::Snapshot::parse(&again).unwrap();
        assert_eq!(again.lines, lines, "{rel}");
    }
    let _ = std::fs::remove_dir_all(&tree);
}

/// The snapshots under `root`, relative to it.
fn snapshots(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    for vendor in std::fs::read_dir(root).unwrap().flatten() {
        for service in std::fs::read_dir(vendor.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            for f in std::fs::read_dir(service.path())
                .into_iter()
                .flatten()
                .flatten()
            {
                let name = f.file_name().to_string_lossy().into_owned();
                if name.ends_with(".page.txt") {
                    out.push(format!(
                        "{}/{}/{name}",
                        vendor.file_name().to_string_lossy(),
                        service.file_name().to_string_lossy()
                    ));
                }
            }
        }
    }
    out.sort();
    out
}

/// Lines as HTML: a table row line as a row of a table, anything else a paragraph.
fn html_of(lines: &[String]) -> String {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let mut html = String::new();
    let mut in_table = false;
    for l in lines {
        match vodspec_pages::snapshot::row(l) {
            Some((header, cells)) => {
                if !in_table {
                    html.push_str("<table>");
                    in_table = true;
                }
                let tag = if header { "th" } else { "td" };
                html.push_str("<tr>");
                for c in cells {
                    html.push_str(&format!("<{tag}>{}</{tag}>", esc(&c).replace('|', "\\|")));
                }
                html.push_str("</tr>");
            }
            None => {
                if in_table {
                    html.push_str("</table>");
                    in_table = false;
                }
                html.push_str(&format!("<p>{}</p>", esc(l)));
            }
        }
    }
    if in_table {
        html.push_str("</table>");
    }
    html
}
