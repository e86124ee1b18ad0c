//! Writing generated files into an output crate without ever losing data.
//!
//! The generator owns exactly the files under `<out>/src/` that start with [`HEADER`]. A plan is computed first and applied only
//! when nothing is in the way: a file the generator would write that lacks the header is a
//! conflict, and then nothing is written. Each write goes to a temporary file that is renamed
//! into place; a file whose content is unchanged is not touched, so cargo does not rebuild.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::emit::{GeneratedFile, HEADER};

/// The first line of the block of a crate's `Cargo.toml` that `gen` keeps in step with the
/// spec tree: one feature per vendor, all on by default.
pub const FEATURES_BEGIN: &str =
    "# @generated vendor features: `cargo xtask gen` keeps these in step with the specs.";
/// The block's last line.
pub const FEATURES_END: &str = "# @end generated vendor features";

/// The vendor-features block for `vendors` (sorted), markers included.
pub fn features_block(vendors: &[&str]) -> String {
    let quoted: Vec<String> = vendors.iter().map(|v| format!("\"{v}\"")).collect();
    let mut s = format!("{FEATURES_BEGIN}\ndefault = [{}]\n", quoted.join(", "));
    for v in vendors {
        s.push_str(&format!("{v} = []\n"));
    }
    s.push_str(FEATURES_END);
    s
}

/// `manifest` with its vendor-features block replaced by the one for `vendors`; an error when
/// the manifest has no (or a broken) block, saying what to add.
pub fn update_features(manifest: &str, vendors: &[&str]) -> Result<String, String> {
    let block = features_block(vendors);
    let (Some(begin), Some(end)) = (manifest.find(FEATURES_BEGIN), manifest.find(FEATURES_END))
    else {
        return Err(format!(
            "Cargo.toml has no vendor-features block; put these lines under [features]:\n{block}"
        ));
    };
    if end < begin {
        return Err("Cargo.toml's vendor-features markers are out of order".into());
    }
    Ok(format!(
        "{}{block}{}",
        &manifest[..begin],
        &manifest[end + FEATURES_END.len()..]
    ))
}

/// The vendors a set of generated files has (`src/<vendor>/mod.rs`), sorted.
pub fn vendors_of(files: &[GeneratedFile]) -> Vec<&str> {
    let mut v: Vec<&str> = files
        .iter()
        .filter_map(|f| f.path.strip_prefix("src/")?.strip_suffix("/mod.rs"))
        .filter(|v| !v.contains('/'))
        .collect();
    v.sort_unstable();
    v
}

/// What `gen` would do to an output crate.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// Files to create or overwrite, with their new contents.
    pub write: Vec<(PathBuf, String)>,
    /// Owned files whose contents are already right.
    pub unchanged: Vec<PathBuf>,
    /// Owned files no spec produces any more.
    pub remove: Vec<PathBuf>,
    /// Files the generator would write that it does not own (no header): never overwritten.
    pub conflicts: Vec<PathBuf>,
}

impl Plan {
    /// Nothing to write or remove.
    pub fn is_fresh(&self) -> bool {
        self.write.is_empty() && self.remove.is_empty() && self.conflicts.is_empty()
    }
}

fn owned(path: &Path) -> bool {
    fs::read(path).is_ok_and(|b| b.starts_with(HEADER.as_bytes()))
}

/// Every owned `.rs` file under `<out>/src`.
fn owned_files(out: &Path) -> io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut dirs = vec![out.join("src")];
    while let Some(dir) = dirs.pop() {
        if !dir.is_dir() {
            continue;
        }
        for entry in fs::read_dir(&dir)? {
            let p = entry?.path();
            if p.is_dir() {
                dirs.push(p);
            } else if p.extension().is_some_and(|e| e == "rs") && owned(&p) {
                found.push(p);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// Compares `files` with what `<out>` holds.
pub fn plan(out: &Path, files: &[GeneratedFile]) -> io::Result<Plan> {
    let mut plan = Plan::default();
    let mut wanted = std::collections::HashSet::new();
    for f in files {
        let path = out.join(&f.path);
        wanted.insert(path.clone());
        match fs::read(&path) {
            Ok(have) if have == f.contents.as_bytes() => plan.unchanged.push(path),
            Ok(have) if !have.starts_with(HEADER.as_bytes()) => plan.conflicts.push(path),
            Ok(_) => plan.write.push((path, f.contents.clone())),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                plan.write.push((path, f.contents.clone()))
            }
            Err(e) => return Err(e),
        }
    }
    for p in owned_files(out)? {
        if !wanted.contains(&p) {
            plan.remove.push(p);
        }
    }
    Ok(plan)
}

/// Applies a plan with no conflicts. Writes are atomic per file (temporary file, then rename).
pub fn apply(plan: &Plan) -> io::Result<()> {
    if !plan.conflicts.is_empty() {
        return Err(io::Error::other(format!(
            "refusing to overwrite files without the @generated header: {}",
            plan.conflicts
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    for (path, contents) in &plan.write {
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir)?;
        }
        let tmp = path.with_extension("rs.vodspec-tmp");
        fs::write(&tmp, contents)?;
        fs::rename(&tmp, path)?;
    }
    for path in &plan.remove {
        fs::remove_file(path)?;
        // Drop the folder a removed vendor leaves behind, if nothing else is in it.
        if let Some(dir) = path.parent() {
            let _ = fs::remove_dir(dir);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_features_block_follows_the_vendors() {
        let old = format!("[features]\n{}\ncli = []\n", features_block(&["a"]));
        let new = update_features(&old, &["a", "b"]).unwrap();
        assert_eq!(
            new,
            format!("[features]\n{}\ncli = []\n", features_block(&["a", "b"]))
        );
        assert!(
            new.contains("default = [\"a\", \"b\"]\na = []\nb = []\n"),
            "{new}"
        );
        assert_eq!(update_features(&new, &["a", "b"]).unwrap(), new);
        let missing = update_features("[features]\n", &["a"]).unwrap_err();
        assert!(missing.contains("default = [\"a\"]"), "{missing}");
    }
}
