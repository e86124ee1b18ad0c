//! A scratch copy of a spec tree that tests edit (the spec diff's cases, the semver check's
//! corpus), removed when dropped.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use vodspec_codegen::ir::{Ir, Options};

/// Copies `from` into `to`, folders and all.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}

/// A scratch copy of the seed specs.
pub struct Tree(pub PathBuf);

impl Tree {
    /// A copy of `specs/`, in a folder of its own (tests run at once).
    pub fn new(tag: &str) -> Tree {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!(
            "vodspec-spec-tree-{}-{n}-{tag}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        copy_dir(&crate::specs_dir(), &dir);
        Tree(dir)
    }

    /// Replaces the first `from` in `rel` by `to` (`from` must be there).
    pub fn edit(&self, rel: &str, from: &str, to: &str) {
        let p = self.0.join(rel);
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(text.contains(from), "{rel} lacks {from:?}");
        std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
    }

    /// Copies the file `from` to `to`, both in the tree (`to`'s folder made when new).
    pub fn copy(&self, from: &str, to: &str) {
        let to = self.0.join(to);
        if let Some(dir) = to.parent() {
            std::fs::create_dir_all(dir).unwrap();
        }
        std::fs::copy(self.0.join(from), to).unwrap();
    }

    /// Removes a file or a folder of the tree.
    pub fn remove(&self, rel: &str) {
        let p = self.0.join(rel);
        if p.is_dir() {
            std::fs::remove_dir_all(&p).unwrap();
        } else {
            std::fs::remove_file(&p).unwrap();
        }
    }

    /// Keeps only these vendors' folders.
    pub fn keep_vendors(&self, vendors: &[&str]) {
        for e in std::fs::read_dir(&self.0).unwrap() {
            let e = e.unwrap();
            let name = e.file_name().to_string_lossy().into_owned();
            if e.file_type().unwrap().is_dir() && !vendors.contains(&name.as_str()) {
                std::fs::remove_dir_all(e.path()).unwrap();
            }
        }
    }

    /// The tree's IR, or a panic naming every diagnostic.
    pub fn ir(&self) -> Ir {
        self.ir_with(&Options::default())
    }

    /// The tree lowered for a crate with `options`.
    pub fn ir_with(&self, options: &Options) -> Ir {
        match vodspec_codegen::check_lowerable(&self.0) {
            Ok((v, _)) => v.lower(options),
            Err(d) => panic!(
                "{}: {:#?}",
                self.0.display(),
                d.iter().map(|d| d.render(&self.0)).collect::<Vec<_>>()
            ),
        }
    }
}

impl Drop for Tree {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
