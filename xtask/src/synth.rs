//! `cargo xtask synth --endpoints N --out DIR`: a valid spec tree of N operations shaped like
//! `huaweicloud list-thumbnails-task`, and a crate skeleton to generate it into.
//!
//! The shape is the seed spec itself (a path param, 6 query params among them a list with
//! `max_items`, an enum and a range, 5 headers, 4 models, 2 enums, an error row, a waiter,
//! pagination and the page's two examples), so the synthetic tree grows with the real one. Each
//! operation is its own file, and so its own module with its own models; every 100 operations
//! are a service folder of their own, and so a cargo feature; a tree of more than one service
//! asks for a crate per service (`crates: per-service`). `openapi.json` beside it
//! is the same tree as OpenAPI 3.0.3, for a peer generator in the same benchmark run.

use std::path::Path;

const VENDOR: &str = include_str!("../../specs/huaweicloud/vendor.yaml");
const OPERATION: &str = include_str!("../../specs/huaweicloud/mpc/list-thumbnails-task.yaml");
const TEMPLATE_PATH: &str = "path: /v1/{project_id}/thumbnails";

/// The vendor id (and cargo feature) of the synthetic tree.
pub const VENDOR_ID: &str = "synth";

/// Operations per service folder: a tree of N = 1000 has 10 services, each its own feature.
pub const PER_SERVICE: usize = 100;

/// The service folder of operation `i`.
pub fn service(i: usize) -> String {
    format!("svc{:02}", i / PER_SERVICE)
}

/// Writes `<out>/specs/synth/…` and the crate skeleton `<out>/Cargo.toml`, `<out>/src/lib.rs`,
/// with `lock` (the workspace's `Cargo.lock`) so it builds with the same dependency versions and
/// can share their compiled artifacts.
pub fn write(out: &Path, endpoints: usize, runtime_dir: &Path, lock: &Path) -> std::io::Result<()> {
    if !OPERATION.contains(TEMPLATE_PATH) {
        return Err(std::io::Error::other(
            "the list-thumbnails-task seed spec no longer has the path synth rewrites",
        ));
    }
    let specs = out.join("specs").join(VENDOR_ID);
    if specs.exists() {
        std::fs::remove_dir_all(&specs)?;
    }
    std::fs::create_dir_all(&specs)?;
    // A vendor of several services is large: it asks for a crate per service, as a user's
    // would (N = 1000 then builds in the memory of 100 operations).
    let mut vendor = VENDOR.replacen("vendor: huaweicloud", &format!("vendor: {VENDOR_ID}"), 1);
    if endpoints > PER_SERVICE {
        vendor.push_str("crates: per-service\n");
    }
    std::fs::write(specs.join("vendor.yaml"), vendor)?;
    for i in 0..endpoints {
        let text = OPERATION.replacen(
            TEMPLATE_PATH,
            &format!("path: /v1/{{project_id}}/thumbnails{i:04}"),
            1,
        );
        let svc = specs.join(service(i));
        std::fs::create_dir_all(&svc)?;
        std::fs::write(svc.join(format!("list-thumbnails-task-{i:04}.yaml")), text)?;
    }
    let services: Vec<String> = (0..endpoints.max(1))
        .map(service)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let folders: Vec<(&str, &str)> = services.iter().map(|s| (VENDOR_ID, s.as_str())).collect();
    std::fs::create_dir_all(out.join("src"))?;
    for (rel, text) in vodspec_codegen::write::standalone_crate(
        "vodspec-synth",
        runtime_dir,
        &vodspec_codegen::features::Features::of_services(&folders),
        "`cargo xtask synth`",
    ) {
        std::fs::write(out.join(rel), text)?;
    }
    std::fs::copy(lock, out.join("Cargo.lock"))?;
    let doc = openapi(endpoints);
    std::fs::write(
        out.join("openapi.json"),
        serde_json::to_string_pretty(&doc).map_err(std::io::Error::other)?,
    )?;
    Ok(())
}

/// The same N operations as an OpenAPI 3.0.3 document, for a peer generator (progenitor) to
/// generate from in the same benchmark run: the same params with their constraints, headers,
/// models, enums, and the error response, each operation with its own schemas.
pub fn openapi(endpoints: usize) -> serde_json::Value {
    use serde_json::json;
    let mut paths = serde_json::Map::new();
    let mut schemas = serde_json::Map::new();
    schemas.insert(
        "ErrorResponse".into(),
        json!({"type": "object", "properties": {
            "error_code": {"type": "string"}, "error_msg": {"type": "string"}}}),
    );
    let header = |name: &str, doc: &str| {
        json!({"name": name, "in": "header", "required": false, "description": doc,
               "schema": {"type": "string"}})
    };
    for i in 0..endpoints {
        let n = format!("{i:04}");
        let r = |name: &str| json!({"$ref": format!("#/components/schemas/{name}{n}")});
        let op = json!({
            "operationId": format!("list_thumbnails_task_{n}"),
            "summary": "Querying Snapshot Tasks",
            "description": "This API is used to query one or more snapshot tasks.",
            "parameters": [
                {"name": "project_id", "in": "path", "required": true, "description": "Project ID.",
                 "schema": {"type": "string"}},
                {"name": "task_id", "in": "query", "required": false, "explode": true,
                 "description": "Task ID. A maximum of 10 task IDs can be queried at a time.",
                 "schema": {"type": "array", "maxItems": 10, "items": {"type": "string"}}},
                {"name": "status", "in": "query", "required": false, "description": "Task status.",
                 "schema": r("ThumbTaskStatus")},
                {"name": "start_time", "in": "query", "required": false, "description": "Start time.",
                 "schema": {"type": "string"}},
                {"name": "end_time", "in": "query", "required": false, "description": "End time.",
                 "schema": {"type": "string"}},
                {"name": "page", "in": "query", "required": false, "description": "Page number.",
                 "schema": {"type": "integer", "format": "int32", "default": 0}},
                {"name": "size", "in": "query", "required": false, "description": "Records per page.",
                 "schema": {"type": "integer", "format": "int32", "minimum": 1, "maximum": 100, "default": 10}},
                header("X-Auth-Token", "User token."),
                header("Authorization", "Authentication information."),
                header("X-Project_Id", "Project ID."),
                header("X-Sdk-Date", "Time when the request is sent."),
                header("x-language", "Client language."),
            ],
            "responses": {
                "200": {"description": "Snapshot task queried successfully.",
                        "content": {"application/json": {"schema": r("ListThumbnailsTaskResponse")}}},
                "400": {"description": "Failed to query the snapshot task.",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}}}
            }
        });
        paths.insert(
            format!("/v1/{{project_id}}/thumbnails{n}"),
            json!({ "get": op }),
        );
        let obs = json!({"type": "object", "required": ["bucket", "location", "object"], "properties": {
            "bucket": {"type": "string", "description": "OBS bucket name"},
            "location": {"type": "string", "description": "Region where an OBS bucket is located."},
            "object": {"type": "string", "description": "OBS object path."},
            "file_name": {"type": "string", "description": "File name."}}});
        let task = json!({"type": "object", "required": ["task_id", "status"], "properties": {
            "task_id": {"type": "string", "description": "Task ID."},
            "status": r("ThumbTaskStatus"),
            "create_time": {"type": "string", "description": "Start time."},
            "end_time": {"type": "string", "description": "End time."},
            "input": r("ObsObjInfo"),
            "output": r("ObsObjInfo"),
            "output_file_name": {"type": "string", "description": "Name of the generated snapshot file."},
            "user_data": {"type": "string", "description": "User data"},
            "description": {"type": "string", "description": "Snapshot task description."},
            "thumbnail_info": {"type": "array", "items": r("PicInfo")}}});
        for (name, schema) in [
            (
                "ListThumbnailsTaskResponse",
                json!({"type": "object",
                "required": ["task_array", "is_truncated", "total"], "properties": {
                "task_array": {"type": "array", "items": r("ThumbTask"), "description": "Query results"},
                "is_truncated": r("Truncated"),
                "total": {"type": "integer", "format": "int32", "description": "Total number of queried snapshot tasks"}}}),
            ),
            ("ThumbTask", task),
            ("ObsObjInfo", obs),
            (
                "PicInfo",
                json!({"type": "object", "required": ["pic_name"], "properties": {
                "pic_name": {"type": "string", "description": "Snapshot file name"}}}),
            ),
            (
                "ThumbTaskStatus",
                json!({"type": "string", "description": "Task status.",
                "enum": ["WAITING", "PROCESSING", "SUCCEEDED", "FAILED", "CANCELED"]}),
            ),
            (
                "Truncated",
                json!({"type": "integer", "description": "Whether the query results are truncated.",
                "enum": [0, 1]}),
            ),
        ] {
            schemas.insert(format!("{name}{n}"), schema);
        }
    }
    json!({
        "openapi": "3.0.3",
        "info": {"title": "synthetic list-thumbnails", "version": "1.0.0"},
        "paths": paths,
        "components": {"schemas": schemas}
    })
}
