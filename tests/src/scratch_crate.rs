//! A crate generated from a spec tree into a scratch folder, built against this workspace's
//! runtime and lockfile: the generator's property tests compile one, the semver check documents
//! one before and after each spec edit.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use vodspec_codegen::emit::GeneratedFile;
use vodspec_codegen::ir::Options;
use vodspec_codegen::{GenError, Generated, write};

use crate::workspace_root;

/// The generated files and features of `specs` as the crate `krate`, or every diagnostic,
/// rendered.
pub fn generate(specs: &Path, krate: &str) -> Result<Generated, String> {
    let options = Options {
        crate_name: krate.into(),
    };
    match vodspec_codegen::generate(specs, &options) {
        Ok(g) => Ok(g),
        Err(GenError::Specs(d)) => Err(format!(
            "`check` refuses the tree:\n{}",
            d.iter()
                .map(|d| d.render(specs))
                .collect::<Vec<_>>()
                .join("\n")
        )),
        Err(GenError::Emit(e)) => Err(format!("an emitter's output does not parse: {e:?}")),
    }
}

/// A generated crate in `dir`, built in `target`.
pub struct ScratchCrate {
    pub dir: PathBuf,
    /// What the generator wrote.
    pub files: Vec<GeneratedFile>,
    target: PathBuf,
}

impl ScratchCrate {
    /// Generates `specs` (its vendor folders are the crate's features) into `dir` as the package
    /// `package`, replacing what `dir` held; `target` may be shared by many scratch crates, which
    /// then share their compiled dependencies.
    pub fn write(
        dir: &Path,
        target: &Path,
        specs: &Path,
        package: &str,
        written_by: &str,
    ) -> Result<ScratchCrate, String> {
        let Generated { files, features } = generate(specs, &package.replace('-', "_"))?;
        let _ = std::fs::remove_dir_all(dir.join("src"));
        std::fs::create_dir_all(dir.join("src")).map_err(|e| e.to_string())?;
        let root = workspace_root();
        for (rel, text) in
            write::standalone_crate(package, &root.join("runtime"), &features, written_by)
        {
            std::fs::write(dir.join(rel), text).map_err(|e| e.to_string())?;
        }
        std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock"))
            .map_err(|e| e.to_string())?;
        let plan = write::plan(dir, files.clone()).map_err(|e| format!("{e:?}"))?;
        write::apply(&plan).map_err(|e| format!("{e:?}"))?;
        Ok(ScratchCrate {
            dir: dir.to_path_buf(),
            files,
            target: target.to_path_buf(),
        })
    }

    /// `cargo <args> --offline --manifest-path <the crate>`, warnings denied, as lean on disk
    /// as the workspace's own profile.
    pub fn cargo(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO"));
        c.args(args)
            .args(["--offline", "--manifest-path"])
            .arg(self.dir.join("Cargo.toml"))
            .env("CARGO_TARGET_DIR", &self.target)
            .env("RUSTFLAGS", "-D warnings")
            .env("RUSTDOCFLAGS", "-D warnings")
            .env("CARGO_PROFILE_DEV_DEBUG", "line-tables-only")
            .env("CARGO_INCREMENTAL", "0");
        c
    }

    /// Runs [`cargo`](Self::cargo); its stdout, or a message with both outputs.
    pub fn run(&self, args: &[&str]) -> Result<String, String> {
        let out: Output = self.cargo(args).output().map_err(|e| e.to_string())?;
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        if out.status.success() {
            Ok(stdout)
        } else {
            Err(format!(
                "`cargo {}` in {} fails:\n{stdout}\n{}",
                args.join(" "),
                self.dir.display(),
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    }
}
