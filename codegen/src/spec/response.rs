//! What the doc says of an operation's answers beyond their types: the waiter, the pagination
//! and the doc's own examples.

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::WireValue;

/// A waiter: which values at `path` of the response end the task.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Waiter {
    /// Path in the response type to an enum, e.g. `status` or `task_array[].status`.
    pub path: String,
    /// Values meaning the task succeeded.
    pub success: Vec<WireValue>,
    /// Values meaning the task failed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub failure: Vec<WireValue>,
    /// Values meaning the task is still running.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pending: Vec<WireValue>,
    /// Error rows (the endpoint's or the vendor's, by name) that say where the task is, as
    /// Smithy's `errorType` acceptor does: `pending` (poll again) or `failure` (the task failed).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub errors: IndexMap<String, ErrorState>,
    /// For an answer listing several tasks: the request's list param naming the tasks waited
    /// for and the path to each task's id, so a requested task missing from the answer counts as
    /// pending and an unrequested one is ignored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ids: Option<WaiterIds>,
    /// Anything a user should know about waiting on this task.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
}

/// What an error row means to a waiter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ErrorState {
    /// The task is still running: poll again.
    Pending,
    /// The task failed.
    Failure,
}

/// Which tasks a waiter over several waits for.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WaiterIds {
    /// The request's list param naming the tasks.
    pub param: String,
    /// Path in the response to each task's id, crossing the same list as the waiter's path.
    pub path: String,
}

/// What a create starts: the operation of the same vendor whose waiter watches the new task,
/// and where the new task's id is.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Creates {
    /// The operation (its spec name) whose waiter watches the new task.
    pub waiter: String,
    /// That operation's caller param that takes the task's id.
    pub param: String,
    /// Path in this operation's response to the new task's id; absent when the response data is
    /// the id itself (Polyv's addTask).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// The id is this operation's own request param (haplat's `transNo`, which the caller
    /// chooses), not a field of its response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_param: Option<String>,
}

/// The operation cancels a task that another operation's waiter watches.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cancels {
    /// The operation (its spec name) whose waiter watches the tasks this one cancels.
    pub waiter: String,
    /// This operation's caller param naming the task.
    pub param: String,
    /// The error row (this file's or the vendor's) the vendor answers when the task has started
    /// and can no longer be cancelled.
    pub refused: String,
}

/// Page-number pagination.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Pagination {
    /// The page-number param.
    pub page_param: String,
    /// The page-size param.
    pub size_param: String,
    /// Number of the first page.
    #[serde(default)]
    pub first_page: i64,
    /// Path in the response to the list of items.
    pub items: String,
    /// Path in the response to the "more results" flag.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub truncated: Option<String>,
    /// Path in the response to the total item count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<String>,
}

/// One of the page's request examples in code.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RequestExample {
    /// Its language (`java`, `curl`).
    pub language: String,
    /// The caption on the page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// The code, verbatim.
    pub code: String,
}

/// The HTTP status of an example whose doc gives none: the generated descriptor decodes it with
/// this status and validation splits it with the same.
pub const DEFAULT_EXAMPLE_STATUS: u16 = 200;

/// One of the doc's examples.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Example {
    /// A stable snake_case name (becomes the generated decode test's name).
    pub name: String,
    /// The doc's caption.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doc: Option<String>,
    /// The example request, verbatim (URL or curl).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<String>,
    /// HTTP status of the response, where the doc gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// For an error example, the error row it shows (an endpoint or vendor row name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The response body as the doc prints it: JSON text, verbatim, envelope included.
    pub body: String,
}
