//! The spec diff's cases for where an operation compiles and how its request goes out: its
//! service, a request model's limits, its body's encoding, its `at_least_one_of` groups, its rate limit, and the
//! sensitive and deprecated marks of its params; and a param's format, which no rule reads, so
//! the safety net reports it beside the rule that reports its doc.

use vodspec_codegen::diff::Class::{Breaking, Info, Potential};

use super::case::*;

pub const MARKS: &[Case] = &[
    // A request model's field: its limits are checked before sending, like a param's.
    case(
        "constraint-stricter",
        &[(
            CT,
            "        max_items: 10\n        minimum: 0\n",
            "        max_items: 5\n        minimum: 0\n",
        )],
        Breaking,
        "ThumbnailPara::dots",
    ),
    // A fact no rule reads, beside one a rule reports in the same param: the net still says it.
    case(
        "unclassified",
        &[(
            H,
            "    format: yyyymmddhhmmss\n    doc: |\n      Start time.",
            "    format: unix-seconds\n    doc: |\n      The start time.",
        )],
        Potential,
        "vodspec::huaweicloud::list_thumbnails_task",
    )
    .also(&["docs"]),
    // An operation moved to a service of its own: it compiles under that service's feature.
    case(
        "service-changed",
        &[],
        Breaking,
        "vodspec::polyv::get_snapshot_task_status",
    )
    .copying(P, "polyv/live/get-snapshot-task-status.yaml")
    .removing(P),
    // A body's encoding alone: the params and the signature stay.
    case(
        "body-encoding-changed",
        &[(PA, "  body: form\n", "  body: json\n")],
        Breaking,
        "vodspec::polyv::add_snapshot_task::AddSnapshotTaskRequest",
    ),
    case(
        "at-least-one-of-removed",
        &[(
            Q,
            "param_rules:\n  - at_least_one_of:\n      - taskId\n      - transNo\n    doc: At least one of task ID (taskId) and business ID (transNo) is passed; taskId is used first.\n",
            "",
        )],
        Info,
        "vodspec::haplat::pull_video_query::PullVideoQueryRequest",
    ),
    back(
        "at-least-one-of-added",
        &[(
            Q,
            "param_rules:\n  - at_least_one_of:\n      - taskId\n      - transNo\n    doc: At least one of task ID (taskId) and business ID (transNo) is passed; taskId is used first.\n",
            "",
        )],
        Breaking,
        "vodspec::haplat::pull_video_query::PullVideoQueryRequest",
    ),
    case(
        "rate-limit-changed",
        &[(
            Q,
            "  requests: 300\n  per_seconds: 300\n",
            "  requests: 100\n  per_seconds: 300\n",
        )],
        Potential,
        "vodspec::haplat::pull_video_query",
    ),
    // The vendor's one service in a crate of its own: same paths, another crate's items.
    case(
        "crates-changed",
        &[(HV, "rate_limit:\n", "crates: per-service\nrate_limit:\n")],
        Breaking,
        "vodspec::huaweicloud::VENDOR",
    ),
    case(
        "rate-limit-changed",
        &[(
            HV,
            "  requests: 100\n  per_seconds: 60\n",
            "  requests: 50\n  per_seconds: 60\n",
        )],
        Potential,
        "vodspec::huaweicloud::VENDOR",
    ),
    case(
        "sensitive-changed",
        &[(
            H,
            "  x-language:\n    in: header\n    type: string\n",
            "  x-language:\n    in: header\n    type: string\n    sensitive: true\n",
        )],
        Potential,
        "ListThumbnailsTaskRequest::x_language",
    ),
    case(
        "deprecated-changed",
        &[(
            H,
            "  x-language:\n    in: header\n    type: string\n",
            "  x-language:\n    in: header\n    type: string\n    deprecated: The console's language is used.\n",
        )],
        Info,
        "ListThumbnailsTaskRequest::x_language",
    ),
    // Two changes in one operation: a rule for the summary must not hide the one for the body.
    case(
        "body-encoding-changed",
        &[
            (PA, "  body: form\n", "  body: json\n"),
            (PA, "summary: ", "summary: Now "),
        ],
        Breaking,
        "vodspec::polyv::add_snapshot_task::AddSnapshotTaskRequest",
    )
    .also(&["docs"]),
];
