//! Reading a spec tree: `<root>/<vendor>/vendor.yaml` and `<root>/<vendor>/<service>/<op>.yaml`.
//!
//! Every file that can be read and parsed is kept, and every one that cannot becomes a
//! diagnostic, so one run reports all problems. Nothing here panics on any input.

use std::fs;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::diag::{Diagnostic, Pos, YamlPath};
use crate::source_map::SourceMap;
use crate::spec::{OperationSpec, VendorSpec};
use crate::yaml;

/// A spec file bigger than this is surely not a hand-written spec.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// One parsed file with what is needed to locate diagnostics in it.
#[derive(Debug)]
pub struct SpecFile<T> {
    /// Path relative to the spec root.
    pub rel: PathBuf,
    /// YAML path → position index, holding the file's text ([`SourceMap::text`]).
    pub map: SourceMap,
    /// The parsed spec.
    pub spec: T,
}

/// One operation file.
#[derive(Debug)]
pub struct OperationFile {
    /// The service folder (`vod`, `mpc`).
    pub service: String,
    /// The operation name: the file stem, kebab-case (`get-snapshot-task-status`).
    pub name: String,
    /// The parsed file.
    pub file: SpecFile<OperationSpec>,
}

/// One vendor folder.
#[derive(Debug)]
pub struct VendorTree {
    /// The folder name.
    pub name: String,
    /// `vendor.yaml`, when it exists and parsed.
    pub vendor: Option<SpecFile<VendorSpec>>,
    /// Operation files that parsed, sorted by path.
    pub operations: Vec<OperationFile>,
}

/// A loaded spec tree.
#[derive(Debug)]
pub struct SpecTree {
    /// Vendor folders, sorted by name.
    pub vendors: Vec<VendorTree>,
}

fn file_diag(rel: &Path, rule: &'static str, message: impl Into<String>) -> Diagnostic {
    Diagnostic {
        file: rel.to_path_buf(),
        pos: None,
        path: YamlPath::root(),
        rule,
        message: message.into(),
    }
}

/// Sorted entries of a directory, or a diagnostic.
fn entries(dir: &Path, rel: &Path, out: &mut Vec<Diagnostic>) -> Vec<(String, PathBuf)> {
    let rd = match fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(e) => {
            out.push(file_diag(
                rel,
                "read",
                format!("cannot read directory: {e}"),
            ));
            return Vec::new();
        }
    };
    let mut v = Vec::new();
    for entry in rd {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                out.push(file_diag(
                    rel,
                    "read",
                    format!("cannot read directory: {e}"),
                ));
                continue;
            }
        };
        match entry.file_name().into_string() {
            Ok(name) => v.push((name, entry.path())),
            Err(name) => out.push(file_diag(
                &rel.join(&name),
                "file-name",
                "file name is not valid UTF-8; rename it",
            )),
        }
    }
    v.sort();
    v
}

fn is_yaml_name(name: &str) -> bool {
    name.ends_with(".yaml") || name.ends_with(".yml")
}

/// Loads every spec file under `root`. Returns what loaded and the problems found on the way.
pub fn load_tree(root: &Path) -> (SpecTree, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut vendors = Vec::new();
    if !root.is_dir() {
        diags.push(file_diag(
            Path::new(""),
            "read",
            "spec root is not a directory; pass --specs DIR pointing at a folder of vendor folders",
        ));
        return (SpecTree { vendors }, diags);
    }
    for (name, path) in entries(root, Path::new(""), &mut diags) {
        let rel = PathBuf::from(&name);
        if path.is_dir() {
            if name.starts_with('.') {
                continue;
            }
            vendors.push(load_vendor(&name, &path, &mut diags));
        } else if is_yaml_name(&name) {
            diags.push(file_diag(
                &rel,
                "tree-layout",
                "spec files live in a vendor folder: move it to <vendor>/vendor.yaml or <vendor>/<service>/<operation>.yaml",
            ));
        }
    }
    if vendors.is_empty() && diags.is_empty() {
        diags.push(file_diag(
            Path::new(""),
            "tree-layout",
            "no vendor folders found; a spec tree holds <vendor>/vendor.yaml and <vendor>/<service>/<operation>.yaml",
        ));
    }
    (SpecTree { vendors }, diags)
}

fn load_vendor(name: &str, dir: &Path, diags: &mut Vec<Diagnostic>) -> VendorTree {
    let vrel = PathBuf::from(name);
    let mut vendor = None;
    let mut op_files = Vec::new();
    let mut saw_vendor_file = false;
    for (entry, path) in entries(dir, &vrel, diags) {
        let rel = vrel.join(&entry);
        if path.is_dir() {
            if entry.starts_with('.') {
                continue;
            }
            for (op_entry, op_path) in entries(&path, &rel, diags) {
                let op_rel = rel.join(&op_entry);
                if op_path.is_dir() {
                    if !op_entry.starts_with('.') {
                        diags.push(file_diag(
                            &op_rel,
                            "tree-layout",
                            "folders nest two deep at most: <vendor>/<service>/<operation>.yaml",
                        ));
                    }
                    continue;
                }
                if !is_yaml_name(&op_entry) {
                    continue;
                }
                let Some(stem) = op_entry.strip_suffix(".yaml") else {
                    diags.push(file_diag(
                        &op_rel,
                        "file-name",
                        "spec files end in `.yaml`, not `.yml`; rename it",
                    ));
                    continue;
                };
                op_files.push((entry.clone(), stem.to_owned(), op_path, op_rel));
            }
        } else if entry == "vendor.yaml" {
            saw_vendor_file = true;
            vendor = load_file::<VendorSpec>(&path, &rel, diags);
        } else if is_yaml_name(&entry) {
            diags.push(file_diag(
                &rel,
                "tree-layout",
                "only vendor.yaml sits directly in a vendor folder; put operations in a service folder: <vendor>/<service>/<operation>.yaml",
            ));
        }
    }
    // Each file parses on its own; the order (and so every diagnostic) is the sequential one.
    let parsed = crate::par::map(&op_files, |(_, _, path, rel)| {
        let mut d = Vec::new();
        let file = load_file::<OperationSpec>(path, rel, &mut d);
        (file, d)
    });
    let mut operations = Vec::new();
    for ((service, name, _, _), (file, d)) in op_files.into_iter().zip(parsed) {
        diags.extend(d);
        if let Some(file) = file {
            operations.push(OperationFile {
                service,
                name,
                file,
            });
        }
    }
    if !saw_vendor_file {
        diags.push(file_diag(
            &vrel.join("vendor.yaml"),
            "missing-vendor-file",
            "every vendor folder needs a vendor.yaml (base URL, credentials, auth, envelope)",
        ));
    }
    VendorTree {
        name: name.to_owned(),
        vendor,
        operations,
    }
}

/// Reads and parses one file; on failure records why and returns `None`.
pub fn load_file<T: DeserializeOwned>(
    path: &Path,
    rel: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Option<SpecFile<T>> {
    match fs::metadata(path) {
        Ok(m) if m.len() > MAX_FILE_BYTES => {
            diags.push(file_diag(
                rel,
                "file-size",
                format!(
                    "file is {} bytes; a spec file may be at most {MAX_FILE_BYTES} bytes — split it or remove what is not the vendor's doc",
                    m.len()
                ),
            ));
            return None;
        }
        Ok(_) => {}
        Err(e) => {
            diags.push(file_diag(rel, "read", format!("cannot read file: {e}")));
            return None;
        }
    }
    let bytes = match fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            diags.push(file_diag(rel, "read", format!("cannot read file: {e}")));
            return None;
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
            let col = valid.iter().rev().take_while(|b| **b != b'\n').count() + 1;
            diags.push(Diagnostic {
                pos: Some(Pos { line, col }),
                ..file_diag(rel, "encoding", "file is not valid UTF-8; save it as UTF-8")
            });
            return None;
        }
    };
    parse_text(text, rel, diags)
}

/// Parses the text of one file.
pub fn parse_text<T: DeserializeOwned>(
    text: String,
    rel: &Path,
    diags: &mut Vec<Diagnostic>,
) -> Option<SpecFile<T>> {
    if text.trim().is_empty()
        || text
            .lines()
            .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        diags.push(file_diag(
            rel,
            "empty-file",
            "file has no content; write the spec or delete the file",
        ));
        return None;
    }
    let map = SourceMap::build_owned(text);
    let text = map.text();
    if !map.issues.is_empty() {
        for i in &map.issues {
            diags.push(Diagnostic {
                file: rel.to_path_buf(),
                pos: Some(i.pos),
                path: i.path.clone(),
                rule: i.rule,
                message: i.message.clone(),
            });
        }
        return None;
    }
    match yaml::from_str::<T>(text) {
        Ok(spec) => Some(SpecFile {
            rel: rel.to_path_buf(),
            map,
            spec,
        }),
        Err(e) => {
            let pos = e.pos.or_else(|| map.locate(&e.path));
            diags.push(Diagnostic {
                file: rel.to_path_buf(),
                pos,
                path: e.path,
                rule: "spec-shape",
                message: e.message,
            });
            None
        }
    }
}
