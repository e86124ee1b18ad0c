//! The tools from crates.io that some tests and `cargo xtask` commands run, and where
//! `cargo xtask tools` installs them: one cache per machine, outside any clone
//! (`$HOME/.cache/vodspec-tools/<tool>-<version>`), so each machine builds each version once.
//! xtask includes this file too (`#[path]`), so the versions and the place are written once.

use std::path::PathBuf;

/// A tool at a pinned version.
#[derive(Debug, Clone, Copy)]
pub struct Tool {
    /// The crate and its binary (`cargo-fuzz`).
    pub name: &'static str,
    /// The version installed and looked for.
    pub version: &'static str,
    /// Whether `.ci/run` fails when it does not install (else the tests that need it say so
    /// and skip).
    pub required: bool,
}

/// progenitor, the peer that reads the OpenAPI exports and that the benchmarks compare with.
pub const PROGENITOR: Tool = Tool {
    name: "cargo-progenitor",
    version: "0.15.1",
    required: true,
};

/// cargo-fuzz, which runs the fuzz targets.
pub const FUZZ: Tool = Tool {
    name: "cargo-fuzz",
    version: "0.13.2",
    required: true,
};

/// cargo-semver-checks, which compares the crates generated before and after a spec edit
/// (`tests/semver.rs`), as users' own CI would compare two releases.
pub const SEMVER_CHECKS: Tool = Tool {
    name: "cargo-semver-checks",
    version: "0.51.0",
    required: true,
};

/// Every tool `cargo xtask tools` installs.
pub const ALL: &[Tool] = &[PROGENITOR, FUZZ, SEMVER_CHECKS];

impl Tool {
    /// Where this version is installed (`cargo install --root`).
    pub fn root(&self) -> Option<PathBuf> {
        let home = std::env::var_os("HOME").filter(|h| !h.is_empty())?;
        Some(
            PathBuf::from(home)
                .join(".cache/vodspec-tools")
                .join(format!("{}-{}", self.name, self.version)),
        )
    }

    /// The binary: this version in the cache, else one on `PATH`.
    pub fn find(&self) -> Option<PathBuf> {
        if let Some(bin) = self.root().map(|r| r.join("bin").join(self.name))
            && bin.is_file()
        {
            return Some(bin);
        }
        std::env::var_os("PATH").and_then(|p| {
            std::env::split_paths(&p)
                .map(|d| d.join(self.name))
                .find(|c| c.is_file())
        })
    }

    /// The binary for a test that needs it. Absent, the test says on stderr that it skips and
    /// how to install the tool, or, for a required tool where `VODSPEC_REQUIRE_TOOLS` is set (as
    /// `.ci/run` sets it), fails: CI never passes by skipping.
    #[allow(dead_code)] // xtask includes this file, and runs no tests
    pub fn for_test(&self) -> Option<PathBuf> {
        if let Some(bin) = self.find() {
            return Some(bin);
        }
        let how = format!(
            "{} {} is not installed ({}, or `cargo xtask tools`)",
            self.name,
            self.version,
            self.install_command()
        );
        if self.required && std::env::var_os("VODSPEC_REQUIRE_TOOLS").is_some() {
            panic!("{how}, and VODSPEC_REQUIRE_TOOLS is set");
        }
        eprintln!("SKIPPED: {how}");
        None
    }

    /// The command that installs it where [`find`](Self::find) looks first.
    pub fn install_command(&self) -> String {
        let root = self
            .root()
            .map_or_else(|| "DIR".to_owned(), |r| r.display().to_string());
        format!(
            "cargo install {} --version {} --locked --root {root}",
            self.name, self.version
        )
    }
}
