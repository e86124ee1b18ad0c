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
