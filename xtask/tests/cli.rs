//! `cargo xtask check` as a user runs it: exit codes and the `FILE:LINE:COL: error: MESSAGE` lines.

use std::path::PathBuf;
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("xtask runs")
}

#[test]
fn check_passes_on_the_seed_specs() {
    let out = xtask(&["check"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("3 vendors, 4 operations: valid"),
        "{stdout}"
    );
}

#[test]
fn check_fails_with_every_diagnostic_in_the_contract_format() {
    let dir = root().join("tests/bad-specs/many-problems-one-run");
    let out = xtask(&["check", "--specs", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<&str> = stderr.lines().collect();
    // Four problems in two files, all reported in one run, then a summary line.
    assert_eq!(lines.len(), 5, "{stderr}");
    for line in &lines[..4] {
        let (loc, msg) = line
            .split_once(": error: ")
            .unwrap_or_else(|| panic!("{line}"));
        let mut parts = loc.rsplitn(3, ':');
        let col: usize = parts.next().unwrap().parse().unwrap();
        let line_no: usize = parts.next().unwrap().parse().unwrap();
        let file = parts.next().unwrap();
        assert!(file.ends_with(".yaml") && line_no > 0 && col > 0, "{line}");
        assert!(!msg.is_empty());
    }
    assert!(
        lines[0].contains("acme/vendor.yaml:1:9: error: vendor: vendor is `other`"),
        "{stderr}"
    );
    assert_eq!(lines[4], format!("4 problems in {}", dir.display()));
}

#[test]
fn check_of_a_missing_directory_is_a_diagnostic_not_a_panic() {
    let out = xtask(&["check", "--specs", "/nonexistent/vodspec-specs"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(stderr.contains("spec root is not a directory"), "{stderr}");
    assert!(!stderr.contains("panicked"));
}

#[test]
fn bad_usage_exits_2() {
    assert_eq!(xtask(&["check", "--bogus"]).status.code(), Some(2));
    assert_eq!(xtask(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(xtask(&[]).status.code(), Some(2));
}

#[test]
fn gen_validates_and_gen_check_passes() {
    let out = xtask(&["gen", "--check"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bad = root().join("tests/bad-specs/unresolved-type");
    let out = xtask(&["gen", "--specs", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn the_schema_is_fresh() {
    let out = xtask(&["schema", "--check"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
