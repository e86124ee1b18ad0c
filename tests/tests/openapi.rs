//! The OpenAPI exports: the checked-in 3.1 documents are fresh, every document (3.1 and 3.0)
//! passes a real OpenAPI validator, each doc example validates against its exported response
//! schema, and progenitor accepts the 3.0 exports.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use vodspec_codegen::ir::Options;
use vodspec_codegen::openapi::{self, Version};
use vodspec_tests::{specs_dir, workspace_root};

fn documents(version: Version) -> Vec<(String, String)> {
    let ir = vodspec_codegen::check(&specs_dir())
        .unwrap()
        .lower(&Options::default());
    openapi::documents(&ir, version)
}

fn scratch(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("vodspec-openapi-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn the_checked_in_documents_are_fresh() {
    let dir = workspace_root().join("generated/openapi");
    for (name, text) in documents(Version::V31) {
        let on_disk = std::fs::read_to_string(dir.join(&name)).unwrap_or_default();
        assert!(
            on_disk == text,
            "generated/openapi/{name} is stale: run `cargo xtask gen`"
        );
    }
}

/// Whether `python3 -m openapi_spec_validator` is installed (`.ci/run` installs it, and sets
/// `VODSPEC_REQUIRE_OPENAPI_VALIDATOR` so that it cannot be skipped there).
fn validator() -> bool {
    let found = Command::new("python3")
        .args(["-c", "import openapi_spec_validator"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        assert!(
            std::env::var_os("VODSPEC_REQUIRE_OPENAPI_VALIDATOR").is_none(),
            "openapi-spec-validator is required here: pip install openapi-spec-validator==0.9.0"
        );
        eprintln!(
            "skipped: openapi-spec-validator is not installed (pip install openapi-spec-validator==0.9.0)"
        );
    }
    found
}

#[test]
fn every_document_passes_a_real_openapi_validator() {
    if !validator() {
        return;
    }
    for (version, tag) in [(Version::V31, "3.1"), (Version::V30, "3.0")] {
        let dir = scratch(tag);
        for (name, text) in documents(version) {
            let path = dir.join(&name);
            std::fs::write(&path, &text).unwrap();
            let out = Command::new("python3")
                .args(["-m", "openapi_spec_validator"])
                .arg(&path)
                .output()
                .unwrap();
            let said = String::from_utf8_lossy(&out.stdout);
            assert!(
                out.status.success() && said.contains("OK"),
                "{tag} {name}: {said}{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// A JSON pointer token, as a URI fragment carries it.
fn token(s: &str) -> String {
    s.replace('~', "~0")
        .replace('/', "~1")
        .replace('{', "%7B")
        .replace('}', "%7D")
}

#[test]
fn each_doc_example_validates_against_its_exported_response_schema() {
    let mut checked = 0;
    for (name, text) in documents(Version::V31) {
        let doc: Value = serde_json::from_str(&text).unwrap();
        for (path, item) in doc["paths"].as_object().unwrap() {
            for (method, op) in item.as_object().unwrap() {
                for (status, response) in op["responses"].as_object().unwrap() {
                    let media = &response["content"]["application/json"];
                    let Some(examples) = media["examples"].as_object() else {
                        continue;
                    };
                    // The whole document as the schema's root, so `#/components/...` resolves;
                    // its other keys are unknown keywords, which JSON Schema ignores.
                    let mut root = doc.clone();
                    root["$ref"] = Value::from(format!(
                        "#/paths/{}/{method}/responses/{status}/content/application~1json/schema",
                        token(path)
                    ));
                    let schema = jsonschema::validator_for(&root).unwrap();
                    for (ex, v) in examples {
                        let errors: Vec<String> = schema
                            .iter_errors(&v["value"])
                            .map(|e| e.to_string())
                            .collect();
                        assert!(
                            errors.is_empty(),
                            "{name} {method} {path} {status} example {ex}: {errors:?}"
                        );
                        checked += 1;
                    }
                }
            }
        }
    }
    assert!(checked >= 5, "{checked} examples");
}

#[test]
fn progenitor_accepts_the_3_0_exports() {
    let Some(peer) = vodspec_tests::tools::PROGENITOR.for_test() else {
        return;
    };
    let dir = scratch("progenitor");
    for (name, text) in documents(Version::V30) {
        let doc = dir.join(&name);
        std::fs::write(&doc, &text).unwrap();
        let out_dir: &Path = &dir.join(name.trim_end_matches(".json"));
        let out = Command::new(&peer)
            .arg("progenitor")
            .arg("-i")
            .arg(&doc)
            .arg("-o")
            .arg(out_dir)
            .args(["-n", "exported", "-v", "0.1.0"])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out_dir.join("src/lib.rs").exists(),
            "{name}: progenitor wrote a crate"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn doc(version: Version, vendor: &str) -> Value {
    let (_, text) = documents(version)
        .into_iter()
        .find(|(n, _)| n == &format!("{vendor}.json"))
        .unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Request bodies carry their models with the constraints checked before sending, an encoded
/// value says what it decodes to, and each callback is an OpenAPI `callbacks` entry with its
/// payload schema and signature rule.
#[test]
fn request_bodies_and_callbacks_are_exported() {
    let hw = doc(Version::V31, "huaweicloud");
    let create = &hw["paths"]["/v1/{project_id}/thumbnails"]["post"];
    let body = &create["requestBody"]["content"]["application/json"]["schema"];
    assert_eq!(body["required"], serde_json::json!(["input", "output"]));
    assert_eq!(
        body["properties"]["thumbnail_para"]["$ref"],
        "#/components/schemas/CreateThumbnailsTask_ThumbnailPara"
    );
    let para = &hw["components"]["schemas"]["CreateThumbnailsTask_ThumbnailPara"];
    assert_eq!(para["properties"]["dots"]["maxItems"], 10);
    assert_eq!(para["properties"]["dots"]["items"]["minimum"], 0);
    assert_eq!(para["properties"]["width"]["minimum"], 97);
    let obs = &hw["components"]["schemas"]["CreateThumbnailsTask_ObsObjInfo"];
    assert_eq!(obs["properties"]["bucket"]["minLength"], 1);
    assert_eq!(
        obs["required"],
        serde_json::json!(["bucket", "location", "object"])
    );
    let cancel = &hw["paths"]["/v1/{project_id}/thumbnails"]["delete"];
    assert_eq!(
        cancel["x-vodspec-cancels"]["refused"],
        "invalid_request_parameter"
    );

    for version in [Version::V31, Version::V30] {
        let hp = doc(version, "haplat");
        let pull = &hp["paths"]["/vod/videoManage/pullVideo"]["post"];
        let file_list = &pull["requestBody"]["content"]["application/x-www-form-urlencoded"]["schema"]
            ["properties"]["fileList"];
        assert_eq!(file_list["type"], "string");
        assert_eq!(file_list["x-vodspec-encoding"], "base64url-json");
        let decoded = match version {
            Version::V31 => &file_list["contentSchema"],
            Version::V30 => &file_list["x-vodspec-decoded"],
        };
        assert_eq!(decoded["maxItems"], 50);
        let notify =
            &pull["callbacks"]["pull_video_callback"]["{$request.body#/notifyUrl}"]["post"];
        assert!(notify["requestBody"]["content"]["text/plain"].is_object());
        assert_eq!(notify["x-vodspec-signature"]["scheme"], "none");
    }

    let pv = doc(Version::V31, "polyv");
    let add = &pv["paths"]["/v2/video/snapshot/{userid}/addTask"]["post"];
    let cb =
        &add["callbacks"]["add_snapshot_task_callback"]["{$request.body#/callbackUrl}"]["post"];
    assert_eq!(
        cb["requestBody"]["content"]["application/json"]["schema"]["$ref"],
        "#/components/schemas/AddSnapshotTask_SnapshotCallback"
    );
    assert_eq!(cb["parameters"][0]["name"], "sign");
    assert_eq!(
        cb["x-vodspec-signature"]["over"],
        serde_json::json!(["text:snapshot", "payload.vid", "credentials.secret_key"])
    );
}
