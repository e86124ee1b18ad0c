//! `codegen::diff`: one spec edit per classification rule, each applied to a copy of the seed
//! specs, must land in its class with its Rust item named; and the markdown report of a
//! realistic multi-change edit is locked by a snapshot.

use std::path::{Path, PathBuf};

use vodspec_codegen::diff::{self, Change, Class};
use vodspec_codegen::ir::{Ir, Options};
use vodspec_tests::specs_dir;

const H: &str = "huaweicloud/mpc/list-thumbnails-task.yaml";
const HV: &str = "huaweicloud/vendor.yaml";
const D: &str = "huaweicloud/mpc/delete-thumbnails-task.yaml";
const P: &str = "polyv/vod/get-snapshot-task-status.yaml";
const PA: &str = "polyv/vod/add-snapshot-task.yaml";
const PV: &str = "polyv/vendor.yaml";
const C: &str = "haplat/vod/video-concat-query.yaml";
const Q: &str = "haplat/vod/pull-video-query.yaml";

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

/// A scratch copy of the seed specs, removed when dropped.
struct Tree(PathBuf);

impl Tree {
    fn new(tag: &str) -> Tree {
        let dir =
            std::env::temp_dir().join(format!("vodspec-spec-diff-{}-{tag}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        copy_dir(&specs_dir(), &dir);
        Tree(dir)
    }

    /// Replaces the first `from` in `rel` by `to` (`from` must be there).
    fn edit(&self, rel: &str, from: &str, to: &str) {
        let p = self.0.join(rel);
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.contains(from), "{rel} lacks {from:?}");
        std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
    }

    fn ir(&self) -> Ir {
        match vodspec_codegen::check_lowerable(&self.0) {
            Ok((v, _)) => v.lower(&Options::default()),
            Err(d) => panic!(
                "{}: {:#?}",
                self.0.display(),
                d.iter().map(|d| d.render(&self.0)).collect::<Vec<_>>()
            ),
        }
    }
}

impl Drop for Tree {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

type Edit = (&'static str, &'static str, &'static str);

/// One rule's case: edits to the seeds, whether the diff runs backwards (the edited tree as the
/// base), and the change that must come out.
struct Case {
    rule: &'static str,
    edits: &'static [Edit],
    reverse: bool,
    class: Class,
    item: &'static str,
}

const fn case(
    rule: &'static str,
    edits: &'static [Edit],
    class: Class,
    item: &'static str,
) -> Case {
    Case {
        rule,
        edits,
        reverse: false,
        class,
        item,
    }
}

const fn back(
    rule: &'static str,
    edits: &'static [Edit],
    class: Class,
    item: &'static str,
) -> Case {
    Case {
        rule,
        edits,
        reverse: true,
        class,
        item,
    }
}

use Class::{Breaking, Info, Potential};

const CASES: &[Case] = &[
    case(
        "creates-removed",
        &[(
            PA,
            "creates:\n  waiter: get-snapshot-task-status\n  param: taskId\n",
            "",
        )],
        Breaking,
        "vodspec::polyv::add_snapshot_task::AddSnapshotTask",
    ),
    back(
        "creates-added",
        &[(
            PA,
            "creates:\n  waiter: get-snapshot-task-status\n  param: taskId\n",
            "",
        )],
        Info,
        "vodspec::polyv::add_snapshot_task::AddSnapshotTask",
    ),
    case(
        "response-changed",
        &[(Q, "response: PullTask\n", "response: nullable<PullTask>\n")],
        Breaking,
        "vodspec::haplat::pull_video_query",
    ),
    case(
        "param-removed",
        &[(
            H,
            "  status:\n    in: query\n    type: ThumbTaskStatus\n    doc: Task status.\n",
            "",
        )],
        Breaking,
        "vodspec::huaweicloud::list_thumbnails_task::ListThumbnailsTaskRequest::status",
    ),
    case(
        "param-wire-renamed",
        &[(H, "  end_time:\n    in: query", "  endTime:\n    in: query")],
        Potential,
        "ListThumbnailsTaskRequest::end_time",
    ),
    case(
        "field-wire-renamed",
        &[(H, "      user_data:\n", "      userData:\n")],
        Potential,
        "ThumbTask::user_data",
    ),
    case(
        "param-required",
        &[(
            H,
            "  start_time:\n    in: query\n    type: string\n",
            "  start_time:\n    in: query\n    type: string\n    required: true\n",
        )],
        Breaking,
        "ListThumbnailsTaskRequest::start_time",
    ),
    case(
        "param-optional",
        &[(
            P,
            "  taskId:\n    in: query\n    type: string\n    required: true\n",
            "  taskId:\n    in: query\n    type: string\n",
        )],
        Info,
        "GetSnapshotTaskStatusRequest::task_id",
    ),
    case(
        "param-added",
        &[(
            H,
            "  X-Auth-Token:\n",
            "  x-trace:\n    in: header\n    type: string\n    doc: Trace id.\n  X-Auth-Token:\n",
        )],
        Info,
        "ListThumbnailsTaskRequest::x_trace",
    ),
    case(
        "param-added-required",
        &[(
            H,
            "  X-Auth-Token:\n",
            "  x-trace:\n    in: header\n    type: string\n    required: true\n  X-Auth-Token:\n",
        )],
        Breaking,
        "ListThumbnailsTaskRequest::x_trace",
    ),
    case(
        "type-changed",
        &[(
            H,
            "  page:\n    in: query\n    type: i32\n",
            "  page:\n    in: query\n    type: i64\n",
        )],
        Breaking,
        "ListThumbnailsTaskRequest::page",
    ),
    case(
        "constraint-stricter",
        &[(H, "    maximum: 100\n", "    maximum: 50\n")],
        Breaking,
        "ListThumbnailsTaskRequest::size",
    ),
    case(
        "constraint-stricter",
        &[(H, "    minimum: 1\n", "    minimum: 5\n")],
        Breaking,
        "ListThumbnailsTaskRequest::size",
    ),
    case(
        "constraint-stricter",
        &[(H, "    max_items: 10\n", "    max_items: 5\n")],
        Breaking,
        "ListThumbnailsTaskRequest::task_id",
    ),
    case(
        "constraint-stricter",
        &[(
            P,
            "    required: true\n    doc: 任务id",
            "    required: true\n    max_length: 16\n    doc: 任务id",
        )],
        Breaking,
        "GetSnapshotTaskStatusRequest::task_id",
    ),
    case(
        "constraint-looser",
        &[(H, "    maximum: 100\n", "    maximum: 200\n")],
        Info,
        "ListThumbnailsTaskRequest::size",
    ),
    case(
        "default-changed",
        &[(H, "    default: 10\n", "    default: 20\n")],
        Potential,
        "ListThumbnailsTaskRequest::size",
    ),
    case(
        "field-removed",
        &[(
            H,
            "      user_data:\n        type: optional<string>\n        doc: User data\n",
            "",
        )],
        Breaking,
        "ThumbTask::user_data",
    ),
    case(
        "field-added",
        &[(
            H,
            "      pic_name:\n",
            "      pic_size:\n        type: optional<i64>\n      pic_name:\n",
        )],
        Info,
        "PicInfo::pic_size",
    ),
    case(
        "field-added-required",
        &[
            (
                H,
                "      pic_name:\n",
                "      pic_size:\n        type: i64\n        promised: the SDK\n      pic_name:\n",
            ),
            (
                H,
                "\"pic_name\" : \"9.jpg\"",
                "\"pic_name\" : \"9.jpg\", \"pic_size\" : 1",
            ),
            (
                H,
                "\"pic_name\" : \"5.jpg\"",
                "\"pic_name\" : \"5.jpg\", \"pic_size\" : 2",
            ),
        ],
        Breaking,
        "PicInfo::pic_size",
    ),
    case(
        "field-required",
        &[(
            H,
            "      bucket:\n        type: optional<string>\n",
            "      bucket:\n        type: string\n        promised: the SDK\n",
        )],
        Breaking,
        "ObsObjInfo::bucket",
    ),
    back(
        "field-optional",
        &[(
            H,
            "      bucket:\n        type: optional<string>\n",
            "      bucket:\n        type: string\n        promised: the SDK\n",
        )],
        Breaking,
        "ObsObjInfo::bucket",
    ),
    case(
        "type-changed",
        &[(
            H,
            "      total:\n        type: optional<i32>\n",
            "      total:\n        type: optional<i64>\n",
        )],
        Breaking,
        "ListThumbnailsTaskResponse::total",
    ),
    back(
        "leniency-lost",
        &[(
            H,
            "      bucket:\n        type: optional<string>\n",
            "      bucket:\n        type: optional<string>\n        lenient: number-as-string\n",
        )],
        Breaking,
        "ObsObjInfo::bucket",
    ),
    case(
        "leniency-changed",
        &[(
            H,
            "      bucket:\n        type: optional<string>\n",
            "      bucket:\n        type: optional<string>\n        lenient: number-as-string\n",
        )],
        Info,
        "ObsObjInfo::bucket",
    ),
    case(
        "model-added",
        &[
            (
                H,
                "      pic_name:\n",
                "      size:\n        type: optional<PicSize>\n      pic_name:\n",
            ),
            (
                H,
                "errors:\n  operation_failed:",
                "  PicSize:\n    fields:\n      bytes:\n        type: optional<i64>\nerrors:\n  operation_failed:",
            ),
        ],
        Info,
        "list_thumbnails_task::PicSize",
    ),
    case(
        "enum-value-removed",
        &[
            (H, "      CANCELED: deleted\n", ""),
            (H, "    - FAILED\n    - CANCELED\n", "    - FAILED\n"),
        ],
        Breaking,
        "ThumbTaskStatus::Canceled",
    ),
    case(
        "enum-value-added-response",
        &[
            (
                H,
                "      CANCELED: deleted\n",
                "      CANCELED: deleted\n      PAUSED: paused\n",
            ),
            (
                H,
                "    - WAITING\n    - PROCESSING\n",
                "    - WAITING\n    - PROCESSING\n    - PAUSED\n",
            ),
        ],
        Potential,
        "ThumbTaskStatus::Paused",
    ),
    case(
        "error-row-removed",
        &[(
            HV,
            "  invalid_request_parameter:\n    code: MPC.10202\n    message: Invalid request parameter.\n    http_status: 400\n    doc: A request parameter is invalid.\n    source: https://support.huaweicloud.com/api-mpc/mpc_04_0058.html\n",
            "",
        )],
        Breaking,
        "ErrorKind::InvalidRequestParameter",
    ),
    case(
        "error-code-changed",
        &[(HV, "    code: MPC.10202\n", "    code: MPC.10203\n")],
        Breaking,
        "ErrorKind::InvalidRequestParameter",
    ),
    case(
        "error-match-changed",
        &[(
            HV,
            "    message: Invalid request parameter.\n    http_status: 400\n",
            "    message: Invalid request parameter.\n    http_status: 422\n",
        )],
        Potential,
        "ErrorKind::InvalidRequestParameter",
    ),
    case(
        "error-row-added",
        &[(
            H,
            "errors:\n  operation_failed:",
            "errors:\n  task_limit:\n    code: MPC.10220\n    http_status: 400\n    doc: Too many tasks.\n  operation_failed:",
        )],
        Info,
        "ListThumbnailsTaskErrorKind::TaskLimit",
    ),
    case(
        "waiter-states-changed",
        &[(
            H,
            "    - FAILED\n    - CANCELED\n  pending:\n",
            "    - FAILED\n  pending:\n    - CANCELED\n",
        )],
        Breaking,
        "list_thumbnails_task::ListThumbnailsTask",
    ),
    case(
        "waiter-changed",
        &[(
            H,
            "  ids:\n    param: task_id\n    path: task_array[].task_id\n",
            "",
        )],
        Potential,
        "list_thumbnails_task::ListThumbnailsTask",
    ),
    case(
        "pagination-removed",
        &[(
            H,
            "pagination:\n  page_param: page\n  size_param: size\n  first_page: 0\n  items: task_array\n  truncated: is_truncated\n  total: total\n",
            "",
        )],
        Breaking,
        "list_thumbnails_task::ListThumbnailsTask",
    ),
    case(
        "pagination-changed",
        &[(H, "  first_page: 0\n", "  first_page: 1\n")],
        Potential,
        "list_thumbnails_task::ListThumbnailsTask",
    ),
    case(
        "endpoint-changed",
        &[(
            H,
            "  path: /v1/{project_id}/thumbnails\n",
            "  path: /v2/{project_id}/thumbnails\n",
        )],
        Breaking,
        "list_thumbnails_task::ListThumbnailsTask",
    ),
    case(
        "retries-changed",
        &[(C, "  idempotent: true\n", "  idempotent: false\n")],
        Potential,
        "video_concat_query::VideoConcatQuery",
    ),
    case(
        "base-url-changed",
        &[(
            PV,
            "base_url: https://api.polyv.net\n",
            "base_url: https://api2.polyv.net\n",
        )],
        Breaking,
        "vodspec::polyv::VENDOR",
    ),
    case(
        "auth-changed",
        &[
            (
                HV,
                "  - scheme: huawei-token\n    uses:\n      - token\n    doc: The IAM token in `X-Auth-Token`, instead of AK/SK signing.\n",
                "",
            ),
            (
                H,
                "  X-Auth-Token:\n    in: header\n    type: string\n    from: auth.token\n    sensitive: true\n    doc: |\n      User token.\n      The token can be obtained by calling the IAM API used to obtain a user token.\n      The value of X-Subject-Token in the response header is the user token.\n",
                "",
            ),
            (
                D,
                "  X-Auth-Token:\n    in: header\n    type: string\n    from: auth.token\n    sensitive: true\n    doc: |\n      User token\n      The token can be obtained by calling the IAM API used to obtain a user token. The value of X-Subject-Token in the response header is the user token.\n",
                "",
            ),
        ],
        Breaking,
        "vodspec::huaweicloud::VENDOR",
    ),
    case(
        "envelope-changed",
        &[(PV, "  error_data: empty-string\n", "")],
        Breaking,
        "vodspec::polyv::VENDOR",
    ),
    case(
        "operation-added",
        &[],
        Info,
        "vodspec::polyv::get_snapshot_task_status_copy",
    ),
    case(
        "docs",
        &[(
            H,
            "summary: Querying Snapshot Tasks\n",
            "summary: Querying snapshot tasks\n",
        )],
        Info,
        "vodspec::huaweicloud::list_thumbnails_task",
    ),
    case(
        "docs",
        &[(
            H,
            "        doc: Snapshot file name\n",
            "        doc: Snapshot file name.\n",
        )],
        Info,
        "PicInfo::pic_name",
    ),
    // No rule reads the request-id header; the safety net still reports the change.
    case(
        "unclassified",
        &[(
            HV,
            "  request_id_header: X-Request-Id\n",
            "  request_id_header: X-Req-Id\n",
        )],
        Potential,
        "vodspec::huaweicloud::VENDOR",
    ),
    case(
        "notes",
        &[(H, "notes:\n", "notes:\n  - \"A new note.\"\n")],
        Info,
        "vodspec::huaweicloud::list_thumbnails_task",
    ),
    case(
        "examples",
        &[(
            H,
            "          \"pic_name\" : \"9.jpg\"",
            "          \"pic_name\" : \"8.jpg\"",
        )],
        Info,
        "vodspec::huaweicloud::list_thumbnails_task",
    ),
];

fn run(c: &Case) -> Vec<Change> {
    let (base, edited) = (Tree::new("base"), Tree::new(c.rule));
    for (rel, from, to) in c.edits {
        edited.edit(rel, from, to);
    }
    if c.rule == "operation-added" {
        std::fs::copy(
            edited.0.join(P),
            edited
                .0
                .join("polyv/vod/get-snapshot-task-status-copy.yaml"),
        )
        .unwrap();
    }
    let (old, new) = (base.ir(), edited.ir());
    if c.reverse {
        diff::diff(&new, &old)
    } else {
        diff::diff(&old, &new)
    }
}

#[test]
fn every_rule_lands_in_its_class_with_its_rust_item() {
    let mut rules = std::collections::BTreeSet::new();
    for c in CASES {
        let changes = run(c);
        let hit = changes
            .iter()
            .find(|x| x.rule == c.rule && x.item.contains(c.item));
        match hit {
            Some(x) => assert_eq!(x.class, c.class, "{}: {x:?}", c.rule),
            None => panic!(
                "{}: no `{}` change naming `{}` in {changes:#?}",
                c.rule, c.rule, c.item
            ),
        }
        rules.insert(c.rule);
    }
    assert!(
        CASES.len() >= 30 && rules.len() >= 30,
        "{} cases, {} rules",
        CASES.len(),
        rules.len()
    );
}

#[test]
fn the_same_tree_has_no_changes() {
    let t = Tree::new("same");
    assert_eq!(diff::diff(&t.ir(), &t.ir()), Vec::<Change>::new());
}

#[test]
fn a_realistic_vendor_change_reads_well_in_a_pull_request() {
    let (base, edited) = (Tree::new("pr-base"), Tree::new("pr"));
    // The vendor renames a field, adds an enum value, tightens a max length and adds an error code.
    edited.edit(H, "      user_data:\n", "      userData:\n");
    edited.edit(
        H,
        "      CANCELED: deleted\n",
        "      CANCELED: deleted\n      PAUSED: paused\n",
    );
    edited.edit(
        H,
        "    - WAITING\n    - PROCESSING\n",
        "    - WAITING\n    - PROCESSING\n    - PAUSED\n",
    );
    edited.edit(
        P,
        "    required: true\n    doc: 任务id",
        "    required: true\n    max_length: 16\n    doc: 任务id",
    );
    edited.edit(H, "errors:\n  operation_failed:", "errors:\n  task_limit:\n    code: MPC.10220\n    http_status: 400\n    doc: Too many tasks.\n  operation_failed:");
    let changes = diff::diff(&base.ir(), &edited.ir());
    insta::assert_snapshot!(diff::markdown(&changes, &[]));
}

/// The rules without a case above: each is a whole-item addition or removal, or a name change,
/// whose class follows from the table alone. A new rule needs a case or a place here.
const WITHOUT_A_CASE: &[&str] = &[
    "vendor-removed",
    "operation-removed",
    "rust-name-changed",
    "param-moved",
    "model-removed",
    "enum-removed",
    "waiter-removed",
    "credential-removed",
    "credential-added-required",
    "credential-env-changed",
    "creates-changed",
    "vendor-added",
    "enum-added",
    "enum-value-added",
    "waiter-added",
    "pagination-added",
    "credential-added",
    "sources",
];

#[test]
fn every_rule_of_the_table_has_a_case_or_says_why_not() {
    let cased: std::collections::BTreeSet<&str> = CASES.iter().map(|c| c.rule).collect();
    let names: Vec<&str> = diff::Rule::ALL.iter().map(|r| r.name()).collect();
    for c in &cased {
        assert!(names.contains(c), "case `{c}` names no rule of the table");
    }
    let missing: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| !cased.contains(n))
        .collect();
    assert_eq!(missing, WITHOUT_A_CASE);
    // Each case's expected class is the table's.
    for c in CASES {
        let rule = diff::Rule::ALL.iter().find(|r| r.name() == c.rule).unwrap();
        assert_eq!(rule.class(), c.class, "{}", c.rule);
    }
}

/// The rule table in `specs/README.md` is the code's; a stale copy is rewritten and the test fails
/// (run it again to pass).
#[test]
fn the_rule_table_in_the_docs_is_fresh() {
    let path = vodspec_tests::workspace_root().join("specs/README.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let (start, end) = ("<!-- diff-rules:start -->\n", "<!-- diff-rules:end -->");
    let (Some(a), Some(b)) = (text.find(start), text.find(end)) else {
        panic!("specs/README.md has no diff-rules block");
    };
    let fresh = format!(
        "{}{start}{}{}",
        &text[..a],
        diff::rules_markdown(),
        &text[b..]
    );
    if fresh != text {
        std::fs::write(&path, fresh).unwrap();
        panic!("specs/README.md's rule table was stale and is rewritten; run the test again");
    }
}
