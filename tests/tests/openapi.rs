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
    let tool = vodspec_tests::tools::PROGENITOR;
    let Some(peer) = tool.find() else {
        eprintln!(
            "skipped: cargo-progenitor is not installed ({}, or `cargo xtask tools`)",
            tool.install_command()
        );
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
