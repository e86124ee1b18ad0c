//! Shared helpers for vodspec's integration tests.

use std::path::PathBuf;

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ lives in the workspace")
        .to_path_buf()
}

/// The checked-in spec tree.
pub fn specs_dir() -> PathBuf {
    workspace_root().join("specs")
}

/// The corpus of bad spec trees, one folder a case.
pub fn bad_specs_dir() -> PathBuf {
    workspace_root().join("tests").join("bad-specs")
}

/// The hard-case spec tree the fixture crate is generated from.
pub fn fixture_specs_dir() -> PathBuf {
    workspace_root().join("tests").join("fixture-specs")
}

/// The crate generated from [`fixture_specs_dir`].
pub fn fixture_crate_dir() -> PathBuf {
    workspace_root().join("tests").join("fixture-client")
}

/// The doc's example body named `name` in the spec at `specs/<spec_rel>`.
pub fn example_body(spec_rel: &str, name: &str) -> String {
    let text = std::fs::read_to_string(specs_dir().join(spec_rel)).expect("spec exists");
    let v = vodspec_codegen::yaml::to_json(&text).expect("spec is YAML");
    v["examples"]
        .as_array()
        .and_then(|a| a.iter().find(|e| e["name"] == name))
        .and_then(|e| e["body"].as_str())
        .unwrap_or_else(|| panic!("{spec_rel}: no example {name}"))
        .to_owned()
}
