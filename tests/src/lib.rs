//! Shared helpers for vodspec's integration tests.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

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

pub mod arbitrary_spec;
pub mod harness;
pub mod raw_server;
pub mod scratch_crate;
pub mod spec_tree;
pub mod tools;

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

/// A `Write` into a shared buffer, for capturing log output.
#[derive(Clone, Default)]
pub struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    /// What was written so far, as text.
    pub fn contents(&self) -> String {
        let bytes = self
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

impl std::io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
