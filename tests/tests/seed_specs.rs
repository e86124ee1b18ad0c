//! The checked-in seed specs: they load and validate, say what the vendor pages say, and agree with
//! the JSON Schema editors use.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::json;
use vodspec_codegen::load::{OperationFile, SpecTree, VendorTree};
use vodspec_codegen::spec::{
    AuthScheme, EnumWire, EnvelopeScheme, ErrorCode, ErrorData, ListStyle, ParamLocation,
};
use vodspec_codegen::{check, schema_text, yaml};
use vodspec_tests::{bad_specs_dir, specs_dir};

fn tree() -> SpecTree {
    match check(&specs_dir()) {
        Ok(t) => t.tree,
        Err(diags) => panic!(
            "specs/ must validate:\n{}",
            diags
                .iter()
                .map(|d| d.render(&specs_dir()))
                .collect::<Vec<_>>()
                .join("\n")
        ),
    }
}

fn vendor<'a>(t: &'a SpecTree, name: &str) -> &'a VendorTree {
    t.vendors.iter().find(|v| v.name == name).expect(name)
}

fn op<'a>(t: &'a SpecTree, vendor_name: &str, name: &str) -> &'a OperationFile {
    vendor(t, vendor_name)
        .operations
        .iter()
        .find(|o| o.name == name)
        .expect(name)
}

#[test]
fn the_tree_holds_exactly_the_specced_operations() {
    let t = tree();
    let mut ops: Vec<String> = t
        .vendors
        .iter()
        .flat_map(|v| {
            v.operations
                .iter()
                .map(move |o| format!("{} {}/{}", v.name, o.service, o.name))
        })
        .collect();
    ops.sort();
    assert_eq!(
        ops,
        [
            "haplat vod/pull-video",
            "haplat vod/pull-video-query",
            "haplat vod/video-clip",
            "haplat vod/video-clip-query",
            "haplat vod/video-concat",
            "haplat vod/video-concat-query",
            "huaweicloud mpc/create-thumbnails-task",
            "huaweicloud mpc/delete-thumbnails-task",
            "huaweicloud mpc/list-thumbnails-task",
            "polyv vod/add-snapshot-task",
            "polyv vod/get-snapshot-task-status",
        ]
    );
}

#[test]
fn polyv_spec_says_what_the_page_says() {
    let t = tree();
    let v = &vendor(&t, "polyv").vendor.as_ref().unwrap().spec;
    assert_eq!(v.base_url, "https://api.polyv.net");
    assert_eq!(v.auth[0].scheme, AuthScheme::PolyvSha1Sign);
    assert_eq!(v.auth[0].max_clock_skew_seconds, Some(180));
    assert_eq!(v.envelope.scheme, EnvelopeScheme::CodeStatusMessageData);
    assert_eq!(v.envelope.success_code, Some(200));
    assert_eq!(v.envelope.error_data, Some(ErrorData::EmptyString));
    assert!(v.credentials["secret_key"].sensitive);
    assert_eq!(v.credentials["user_id"].env, "POLYV_USER_ID");
    let rl = v.rate_limit.as_ref().unwrap();
    assert_eq!(
        (rl.requests, rl.per_seconds, rl.block_seconds),
        (1500, 10, Some(300))
    );

    let s = &op(&t, "polyv", "get-snapshot-task-status").file.spec;
    assert_eq!(s.http.path, "/v2/video/snapshot/{userid}/getTaskStatus");
    assert_eq!(s.params["userid"].location, ParamLocation::Path);
    assert_eq!(s.params["ptime"].from.as_deref(), Some("auth.time"));
    assert_eq!(s.params["sign"].from.as_deref(), Some("auth.sign"));
    assert!(s.params["taskId"].required);
    let status = &s.types["SnapshotTaskStatus"];
    assert_eq!(status.enum_type, Some(EnumWire::String));
    let values: Vec<_> = status
        .values
        .as_ref()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(values, ["waiting", "processing", "success", "fail"]);
    assert_eq!(
        status.values.as_ref().unwrap()["fail"].doc.as_deref(),
        Some("任务失败")
    );
    assert_eq!(s.errors.len(), 7, "every row of the page's error table");
    assert_eq!(
        s.errors["task_not_found"].message.as_deref(),
        Some("task not found")
    );
    assert_eq!(s.errors["task_not_found"].code, Some(ErrorCode::Int(400)));
    let w = s.waiter.as_ref().unwrap();
    assert_eq!(w.path, "status");
    assert_eq!(w.success[0].0, "success");
    assert_eq!(s.examples.len(), 2);
    assert!(s.examples[1].body.contains(r#""data": """#));
}

#[test]
fn haplat_specs_say_what_the_pages_say() {
    let t = tree();
    let v = &vendor(&t, "haplat").vendor.as_ref().unwrap().spec;
    assert_eq!(v.auth[0].scheme, AuthScheme::Ws3HmacSha256);
    assert_eq!(v.auth[0].max_clock_skew_seconds, Some(300));
    assert_eq!(v.envelope.scheme, EnvelopeScheme::CodeMessageData);

    let concat = &op(&t, "haplat", "video-concat-query").file.spec;
    assert_eq!(concat.params["transNo"].max_length, Some(32));
    assert!(concat.params["transNo"].required);
    let codes: Vec<_> = concat
        .errors
        .values()
        .map(|e| e.code.clone().unwrap())
        .collect();
    assert_eq!(codes, [1560, 1601, 1602, 1603].map(ErrorCode::Int).to_vec());
    let server = concat.types["ServerType"].values.as_ref().unwrap();
    assert!(server["-1"].undocumented, "-1 is only in the example");
    assert!(!server["0"].undocumented);
    let clarity = concat.types["Clarity"].values.as_ref().unwrap();
    assert_eq!(clarity["-99"].name.as_deref(), Some("recorded_file"));
    let ts = &concat.types["TranscodeState"];
    assert_eq!(ts.depends_on.as_deref(), Some("encrypt"));
    let two = &ts.values.as_ref().unwrap()["2"];
    assert_eq!(two.meanings.as_ref().unwrap()["0"], "not transcoded");
    assert_eq!(
        two.meanings.as_ref().unwrap()["1"],
        "non-encrypted transcoding"
    );
    let w = concat.waiter.as_ref().unwrap();
    assert_eq!(
        (
            w.success[0].0.as_str(),
            w.failure[0].0.as_str(),
            w.pending[0].0.as_str()
        ),
        ("2", "3", "1")
    );

    let pull = &op(&t, "haplat", "pull-video-query").file.spec;
    // The old page's status values are cut off; the new API center's page gives them.
    let w = pull.waiter.as_ref().unwrap();
    assert_eq!(
        (w.success[0].0.as_str(), w.pending[0].0.as_str()),
        ("2", "1")
    );
    assert!(w.failure.is_empty(), "the page names no failed state");
    assert_eq!(pull.param_rules[0].at_least_one_of, ["taskId", "transNo"]);
    let item = pull.types["PullItem"].fields.as_ref().unwrap();
    assert_eq!(item["pullStatus"].ty, "optional<string>");
    assert_eq!(
        item["pullStatus"].lenient.map(|l| l.name()),
        Some("number-as-string")
    );
}

#[test]
fn huawei_spec_says_what_the_page_says() {
    let t = tree();
    let v = &vendor(&t, "huaweicloud").vendor.as_ref().unwrap().spec;
    assert_eq!(v.base_url, "https://mpc.{region}.myhuaweicloud.com");
    assert_eq!(
        v.regions["cn-north-1"].base_url.as_deref(),
        Some("https://mts.cn-north-1.myhuaweicloud.com")
    );
    assert!(v.regions["cn-north-4"].base_url.is_none());
    let schemes: Vec<_> = v.auth.iter().map(|a| a.scheme).collect();
    assert_eq!(
        schemes,
        [AuthScheme::HuaweiSdkHmacSha256, AuthScheme::HuaweiToken]
    );
    assert_eq!(v.auth[0].max_clock_skew_seconds, Some(900));
    assert_eq!(
        v.envelope.request_id_header.as_deref(),
        Some("X-Request-Id")
    );
    for (name, env) in [
        ("access_key", "HUAWEICLOUD_SDK_AK"),
        ("secret_key", "HUAWEICLOUD_SDK_SK"),
        ("project_id", "HUAWEICLOUD_SDK_PROJECT_ID"),
        ("region", "HUAWEICLOUD_SDK_REGION"),
        ("token", "HUAWEICLOUD_SDK_TOKEN"),
    ] {
        assert_eq!(v.credentials[name].env, env);
    }

    let s = &op(&t, "huaweicloud", "list-thumbnails-task").file.spec;
    let size = &s.params["size"];
    assert_eq!((size.minimum, size.maximum), (Some(1), Some(100)));
    assert_eq!(size.default, Some(json!(10)));
    assert_eq!(s.params["page"].default, Some(json!(0)));
    assert_eq!(s.params["task_id"].max_items, Some(10));
    assert_eq!(s.params["task_id"].style, Some(ListStyle::Repeat));
    assert!(
        s.params.contains_key("X-Project_Id"),
        "the doc's spelling is kept"
    );
    assert!(s.params["X-Auth-Token"].sensitive);
    let task = s.types["ThumbTask"].fields.as_ref().unwrap();
    assert_eq!(
        task["task_id"].lenient.map(|l| l.name()),
        Some("number-as-string")
    );
    let p = s.pagination.as_ref().unwrap();
    assert_eq!(
        (p.page_param.as_str(), p.size_param.as_str(), p.first_page),
        ("page", "size", 0)
    );
    assert_eq!(p.truncated.as_deref(), Some("is_truncated"));
    let w = s.waiter.as_ref().unwrap();
    assert_eq!(w.path, "task_array[].status");
    let fail: Vec<_> = w.failure.iter().map(|v| v.0.as_str()).collect();
    assert_eq!(fail, ["FAILED", "CANCELED"]);
    assert_eq!(s.examples[1].status, Some(400));
}

#[test]
fn every_known_discrepancy_has_a_note() {
    let t = tree();
    let notes =
        |vendor_name: &str, name: &str| op(&t, vendor_name, name).file.spec.notes.join("\n");
    let pull = notes("haplat", "pull-video-query");
    assert!(pull.contains("`pullStatus` and `cmdStatus` are documented as string"));
    assert!(pull.contains("cut off"));
    let concat = notes("haplat", "video-concat-query");
    assert!(concat.contains("`serverType` is -1"));
    assert!(concat.contains("in bits"));
    let huawei = notes("huaweicloud", "list-thumbnails-task");
    assert!(huawei.contains("`task_id`, `create_time` and `end_time`"));
    assert!(huawei.contains("X-Project_Id"));
    let polyv = notes("polyv", "get-snapshot-task-status");
    assert!(polyv.contains(r#"`data: \"\"`"#) || polyv.contains("`data: \"\"`"));
}

#[test]
fn every_spec_names_its_doc_page() {
    // `updated` holds only the page's own date: editor's words go to `notes` or `remark`.
    let t = tree();
    for v in &t.vendors {
        for o in &v.operations {
            let src = &o.file.spec.source;
            assert!(src.url.starts_with("https://"), "{}: {}", o.name, src.url);
            let says_none = o.file.spec.notes.iter().any(|n| n.contains("with no date"));
            assert!(
                src.updated.is_some() || says_none,
                "{}: the page's \"last updated\" is recorded, or a note says it has none",
                o.name
            );
        }
    }
}

// ------------------------------------------------------------------ the JSON Schema

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            out.extend(yaml_files(&p));
        } else if p.extension().is_some_and(|e| e == "yaml") {
            out.push(p);
        }
    }
    out.sort();
    out
}

#[test]
fn the_checked_in_schema_is_fresh() {
    let have = fs::read_to_string(specs_dir().join("spec.schema.json")).unwrap_or_default();
    assert!(
        have == schema_text(),
        "specs/spec.schema.json is stale; run `cargo xtask schema`"
    );
}

fn schema() -> jsonschema::Validator {
    let s: serde_json::Value = serde_json::from_str(&schema_text()).unwrap();
    jsonschema::validator_for(&s).expect("the schema is a valid JSON Schema")
}

#[test]
fn every_seed_spec_satisfies_the_schema_and_points_editors_at_it() {
    let validator = schema();
    let files = yaml_files(&specs_dir());
    assert_eq!(files.len(), 14);
    for f in files {
        let text = fs::read_to_string(&f).unwrap();
        let first = text.lines().next().unwrap();
        let rel = first
            .strip_prefix("# yaml-language-server: $schema=")
            .unwrap_or_else(|| panic!("{}: first line names the schema", f.display()));
        assert!(
            f.parent().unwrap().join(rel).canonicalize().unwrap()
                == specs_dir().join("spec.schema.json").canonicalize().unwrap(),
            "{}: `{rel}` does not lead to specs/spec.schema.json",
            f.display()
        );
        let value = yaml::to_json(&text).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", f.display());
    }
}

#[test]
fn the_schema_rejects_what_the_loader_rejects() {
    // Unknown keys, unknown enum names and wrong types are caught by the editor too.
    let validator = schema();
    for case in [
        "unknown-key-param",
        "unknown-key-vendor",
        "unknown-param-location",
        "unknown-auth-scheme",
        "wrong-type-bool",
    ] {
        let dir = bad_specs_dir().join(case);
        let rejected = yaml_files(&dir).iter().any(|f| {
            let value = yaml::to_json(&fs::read_to_string(f).unwrap()).unwrap();
            !validator.is_valid(&value)
        });
        assert!(
            rejected,
            "{case}: the schema accepted what the loader rejects"
        );
    }
}

#[test]
fn vendor_text_stays_the_vendors() {
    let t = tree();
    let editorial = ["(sic", "cut off", "seconds into", "(the page", "(The page"];
    let mut docs = Vec::new();
    for v in &t.vendors {
        for o in &v.operations {
            let s = &o.file.spec;
            docs.extend(s.params.values().filter_map(|p| p.doc.clone()));
            for t in s.types.values() {
                docs.extend(t.fields.iter().flatten().filter_map(|(_, f)| f.doc.clone()));
            }
            docs.extend(s.errors.values().filter_map(|r| r.doc.clone()));
        }
    }
    for d in &docs {
        for e in editorial {
            assert!(!d.contains(e), "an editor's remark in vendor text: {d}");
        }
    }
    for v in &t.vendors {
        for (name, row) in &v.vendor.as_ref().unwrap().spec.errors {
            let src = row.source.as_deref().unwrap_or_default();
            assert!(
                src.starts_with("https://"),
                "{}: row {name} names no source",
                v.name
            );
            assert!(
                !src.contains("pypi.org"),
                "{}: row {name}'s source is a package, not a page that shows the code",
                v.name
            );
        }
    }
    let polyv = &op(&t, "polyv", "get-snapshot-task-status").file.spec;
    assert!(
        polyv.params["sign"]
            .doc
            .as_deref()
            .unwrap()
            .contains("严禁保存在客户端直接使用")
    );
    let task = polyv.types["SnapshotTask"].fields.as_ref().unwrap();
    assert!(task["userId"].doc.as_deref().unwrap().contains("获取路径"));
    assert_eq!(polyv.request_examples[0].language, "java");
    assert!(
        polyv.request_examples[0]
            .code
            .contains("VodSignUtil.getSign")
    );
    let huawei = &op(&t, "huaweicloud", "list-thumbnails-task").file.spec;
    let obs = huawei.types["ObsObjInfo"].fields.as_ref().unwrap();
    assert!(
        obs["object"]
            .doc
            .as_deref()
            .unwrap()
            .contains("Incorrect example: [demo.srt")
    );
    assert!(
        obs["file_name"]
            .doc
            .as_deref()
            .unwrap()
            .contains("output_filenames")
    );
}
