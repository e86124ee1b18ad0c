//! The pools names and texts are drawn from, and how they are drawn.

use fastrand::Rng;

/// Field, param and enum-value names: each hard for a reason.
pub(super) const NAMES: &[&str] = &[
    "type",
    "match",
    "self",
    "Self",
    "crate",
    "super",
    "async",
    "await",
    "dyn",
    "try",
    "gen",
    "union",
    "fn",
    "ref",
    "move",
    "1080p",
    "2fa",
    "0",
    "9lives",
    "状态",
    "任务编号",
    "描述",
    "taskId",
    "task_id",
    "TaskID",
    "task-id",
    "TASK_ID",
    "task.id",
    "a b",
    "value",
    "build",
    "send",
    "new",
    "default",
    "error",
    "kind",
    "request",
    "response",
    "data",
    "code",
    "message",
    "id",
    "_",
    "_id",
    "id_",
    "Ok",
    "None",
    "Some",
    "on",
    "ON",
    "",
];

/// Type names: prelude types, keywords, case twins and generated items' names.
pub(super) const TYPE_NAMES: &[&str] = &[
    "Self",
    "String",
    "Option",
    "Vec",
    "Result",
    "Box",
    "Item",
    "Item2",
    "Data",
    "Match",
    "MatchError",
    "MatchRequest",
    "Value",
    "Node",
    "Leaf",
    "Error",
    "Client",
    "Response",
];

/// Operation file stems (kebab-case, as the loader requires).
pub(super) const OPERATIONS: &[&str] = &[
    "match",
    "type",
    "get-self",
    "list-items",
    "list-items2",
    "crate",
    "send",
    "build",
    "new",
    "query",
    "default",
    "self",
    "r-type",
];

/// Header names (HTTP tokens).
pub(super) const HEADERS: &[&str] = &["x-lang", "X-Request-ID", "2fa", "type", "Self", "x_trace"];

/// Strings for examples and docs.
pub(super) const TEXTS: &[&str] = &[
    "",
    "ok",
    "任务完成",
    "a \"quoted\" value",
    "line\nbreak",
    "tab\there",
    "emoji 🎬",
    "\\",
    "</script>",
    "#[doc]",
    "*/ /*",
    "{braces}",
];

pub(super) fn pick<'a>(rng: &mut Rng, pool: &[&'a str]) -> &'a str {
    pool[rng.usize(..pool.len())]
}

/// Distinct wire names from `pool`, `n` at most.
pub(super) fn distinct<'a>(rng: &mut Rng, pool: &[&'a str], n: usize) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for _ in 0..n * 3 {
        let w = pick(rng, pool);
        if !out.contains(&w) {
            out.push(w);
        }
        if out.len() == n {
            break;
        }
    }
    out
}
