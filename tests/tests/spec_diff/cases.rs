//! The cases of `spec_diff.rs`: one or more spec edits per classification rule, each with the
//! change that must come out.

// Two tests include this file, and each reads its own part of it.
#![allow(dead_code)]

use vodspec_codegen::diff::Class;

#[path = "case.rs"]
mod case;
pub use case::*;

#[path = "cases_marks.rs"]
mod cases_marks;

use Class::{Breaking, Info, Potential};

/// Every case: the ones below, then the request's shape and marks (`cases_marks.rs`).
pub static CASES: std::sync::LazyLock<Vec<Case>> =
    std::sync::LazyLock::new(|| [FIRST, cases_marks::MARKS].concat());

const FIRST: &[Case] = &[
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
        "callback-removed",
        &[(
            PV2,
            "callback:\n  url_param: notifyUrl\n  encoding: base64url-json\n  payload: json\n  doc: The notification content is encoded in url_safe_base64.\n  signature:\n    scheme: none\n    doc: Cloud VoD's pages show no signature on notifications (\"This url does not need to be encrypted\").\n",
            "",
        )],
        Breaking,
        "vodspec::haplat::pull_video::PullVideo",
    ),
    back(
        "callback-added",
        &[(
            PV2,
            "callback:\n  url_param: notifyUrl\n  encoding: base64url-json\n  payload: json\n  doc: The notification content is encoded in url_safe_base64.\n  signature:\n    scheme: none\n    doc: Cloud VoD's pages show no signature on notifications (\"This url does not need to be encrypted\").\n",
            "",
        )],
        Info,
        "vodspec::haplat::pull_video::PullVideo",
    ),
    // A new required field of a request model: its `new` takes it.
    case(
        "field-added-required",
        &[(
            CT,
            "      file_name:\n        type: optional<string>\n",
            "      storage_class:\n        type: string\n        promised: the SDK sets it\n      file_name:\n        type: optional<string>\n",
        )],
        Breaking,
        "ObsObjInfo::storage_class",
    ),
    case(
        "cancels-changed",
        &[(
            D,
            "  refused: invalid_request_parameter\n",
            "  refused: signature_invalid\n",
        )],
        Info,
        "vodspec::huaweicloud::delete_thumbnails_task::DeleteThumbnailsTask",
    ),
    case(
        "callback-payload-changed",
        &[(PV2, "  payload: json\n", "  payload: map<string, json>\n")],
        Breaking,
        "vodspec::haplat::pull_video::PullVideo",
    ),
    case(
        "callback-changed",
        &[(PA, "      - text:snapshot\n", "      - text:snap\n")],
        Breaking,
        "vodspec::polyv::add_snapshot_task::AddSnapshotTask",
    ),
    case(
        "encoding-changed",
        &[(
            PA,
            "    style: comma\n",
            "    style: comma\n    encoding: base64url-json\n",
        )],
        Breaking,
        "vodspec::polyv::add_snapshot_task::AddSnapshotTaskRequest::offset_times",
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
    )
    .also(&["examples"]),
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
    )
    .also(&["field-added"]),
    case(
        "enum-value-removed",
        &[
            (H, "      CANCELED: deleted\n", ""),
            (H, "    - FAILED\n    - CANCELED\n", "    - FAILED\n"),
        ],
        Breaking,
        "ThumbTaskStatus::Canceled",
    )
    .also(&["waiter-states-changed"]),
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
    )
    .also(&["waiter-changed"]),
    case(
        "error-row-removed",
        &[
            (
                HV,
                "  invalid_request_parameter:\n    code: MPC.10202\n    message: Invalid request parameter.\n    http_status: 400\n    doc: A request parameter is invalid.\n    source: https://support.huaweicloud.com/api-mpc/mpc_04_0058.html\n",
                "",
            ),
            // The cancel's refusal names the row, so it names another.
            (
                D,
                "  refused: invalid_request_parameter\n",
                "  refused: signature_invalid\n",
            ),
        ],
        Breaking,
        "ErrorKind::InvalidRequestParameter",
    )
    .also(&["cancels-changed"]),
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
    )
    .also(&["waiter-changed"]),
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
        &[(H, LIST_PAGINATION, "")],
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
            (
                CT,
                "  X-Auth-Token:\n    in: header\n    type: string\n    from: auth.token\n    sensitive: true\n    doc: User token. The token is obtained by calling the IAM API used to obtain a user token. The token is the value of X-Subject-Token in the response header.\n",
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
    )
    .copying(P, P_COPY),
    back(
        "operation-removed",
        &[],
        Breaking,
        "vodspec::polyv::get_snapshot_task_status_copy",
    )
    .copying(P, P_COPY),
    case("vendor-removed", &[], Breaking, "vodspec::polyv").removing("polyv"),
    back("vendor-added", &[], Info, "vodspec::polyv").removing("polyv"),
    case(
        "rust-name-changed",
        &[(
            P,
            "  taskId:\n    in: query\n",
            "  taskId:\n    name: task\n    in: query\n",
        )],
        Breaking,
        "GetSnapshotTaskStatusRequest::task_id",
    ),
    // The setter stays; the value goes in a header: only the wire changes.
    case(
        "param-moved",
        &[(
            H,
            "  start_time:\n    in: query\n",
            "  start_time:\n    in: header\n",
        )],
        Breaking,
        "ListThumbnailsTaskRequest::start_time",
    ),
    case(
        "model-removed",
        &[
            (
                P,
                "type: optional<list<Snapshot>>",
                "type: optional<list<json>>",
            ),
            (P, SNAPSHOT_MODEL, ""),
        ],
        Breaking,
        "get_snapshot_task_status::Snapshot",
    )
    .also(&["type-changed"]),
    case(
        "enum-removed",
        NO_THUMBNAIL_TYPE,
        Breaking,
        "create_thumbnails_task::ThumbnailType",
    )
    .also(&["type-changed"]),
    back(
        "enum-added",
        NO_THUMBNAIL_TYPE,
        Info,
        "create_thumbnails_task::ThumbnailType",
    )
    .also(&["type-changed"]),
    // An enum only sent: it is `#[non_exhaustive]`, so no user's `match` breaks.
    case(
        "enum-value-added",
        &[(VC, "      mp4: mp4\n", "      mp4: mp4\n      avi: avi\n")],
        Info,
        "ClipSuffix::Avi",
    ),
    case(
        "waiter-removed",
        NO_PULL_WAITER,
        Breaking,
        "pull_video_query::PullVideoQuery",
    )
    .also(&["creates-removed"]),
    back(
        "waiter-added",
        NO_PULL_WAITER,
        Info,
        "pull_video_query::PullVideoQuery",
    )
    .also(&["creates-added"]),
    back(
        "pagination-added",
        &[(H, LIST_PAGINATION, "")],
        Info,
        "list_thumbnails_task::ListThumbnailsTask",
    ),
    case(
        "credential-removed",
        NO_SECURITY_TOKEN,
        Breaking,
        "huaweicloud::Credentials::security_token",
    )
    .also(&["auth-changed"]),
    back(
        "credential-added",
        NO_SECURITY_TOKEN,
        Info,
        "huaweicloud::Credentials::security_token",
    )
    .also(&["auth-changed"]),
    case(
        "credential-added-required",
        &[(
            HV,
            "  token:\n    env: HUAWEICLOUD_SDK_TOKEN\n",
            "  domain:\n    env: HUAWEICLOUD_SDK_DOMAIN\n    doc: The account's domain.\n  token:\n    env: HUAWEICLOUD_SDK_TOKEN\n",
        )],
        Breaking,
        "huaweicloud::Credentials::domain",
    ),
    case(
        "credential-env-changed",
        &[(HV, "env: HUAWEICLOUD_SDK_REGION", "env: HUAWEICLOUD_REGION")],
        Breaking,
        "huaweicloud::Credentials::region",
    ),
    case(
        "creates-changed",
        &[(
            CT,
            "  param: task_id\n  id: task_id\n",
            "  param: task_id\n  id: status\n",
        )],
        Potential,
        "create_thumbnails_task::CreateThumbnailsTask",
    ),
    case(
        "sources",
        &[(
            CT,
            "  updated: \"2025-12-01\"\n",
            "  updated: \"2025-12-02\"\n",
        )],
        Info,
        "create_thumbnails_task",
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

/// The rules without a case above: none, since every rule's class is also checked against
/// what cargo-semver-checks finds in the crates generated before and after (tests/semver.rs).
pub const WITHOUT_A_CASE: &[&str] = &[];
