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
        stdout.contains("3 vendors, 11 operations: valid"),
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
fn every_command_has_help_with_its_options() {
    let top = xtask(&["--help"]);
    assert_eq!(top.status.code(), Some(0));
    let text = String::from_utf8_lossy(&top.stdout).into_owned();
    let commands = [
        ("check", "--specs"),
        ("gen", "--check"),
        ("schema", "--check"),
        ("fake-server", "--port"),
        ("synth", "--endpoints"),
        ("openapi", "--version"),
        ("fuzz", "--seconds"),
        ("diff", "--fail-on"),
        ("bench", "--compile-1000"),
        ("tools", "--help"),
    ];
    for (cmd, option) in commands {
        assert!(text.contains(cmd), "`{cmd}` missing from --help: {text}");
        for args in [&[cmd, "--help"][..], &["help", cmd]] {
            let o = xtask(args);
            let help = String::from_utf8_lossy(&o.stdout).into_owned();
            assert_eq!(o.status.code(), Some(0), "{args:?}");
            assert!(
                help.contains(&format!("Usage: cargo xtask {cmd}")),
                "{help}"
            );
            assert!(help.contains(option), "{args:?}: {help}");
            // A sentence on what it does comes first.
            assert!(help.lines().next().is_some_and(|l| l.len() > 15), "{help}");
        }
    }
    let bad = xtask(&["gen", "--bogus"]);
    assert_eq!(bad.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(stderr.contains("Usage: cargo xtask gen"), "{stderr}");
}

#[test]
fn bad_usage_exits_2() {
    assert_eq!(xtask(&["check", "--bogus"]).status.code(), Some(2));
    assert_eq!(xtask(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(xtask(&["tools", "--bogus"]).status.code(), Some(2));
    assert_eq!(xtask(&[]).status.code(), Some(2));
    // Refused before cargo-fuzz is looked for or anything is built.
    for bad in [
        &["fuzz", "--target", "nosuch"][..],
        &["fuzz", "--seconds", "0"],
        &["fuzz", "--seconds"],
        &["fuzz", "--bogus"],
    ] {
        let out = xtask(bad);
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        assert!(!String::from_utf8_lossy(&out.stderr).is_empty(), "{bad:?}");
    }
}

#[test]
fn gen_check_passes_and_a_bad_tree_fails() {
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

// ------------------------------------------------------------------ gen never loses data

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

/// A scratch copy of the generated crate (manifest and `src/`), unique per test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("vodspec-gen-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    copy(&root().join("generated"), &dir);
    dir
}

fn copy(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap();
        if name == "target" {
            continue;
        }
        if p.is_dir() {
            copy(&p, &to.join(name));
        } else {
            fs::copy(&p, to.join(name)).unwrap();
        }
    }
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                todo.push(p);
            } else {
                out.insert(
                    p.strip_prefix(dir).unwrap().to_path_buf(),
                    fs::read(&p).unwrap(),
                );
            }
        }
    }
    out
}

fn gen_into(specs: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "gen",
        "--specs",
        specs.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    xtask(&args)
}

#[test]
fn a_failing_spec_tree_leaves_the_output_byte_for_byte() {
    let out = scratch("failing");
    let before = snapshot(&out);
    let o = gen_into(
        &root().join("tests/bad-specs/many-problems-one-run"),
        &out,
        &[],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("nothing was written"));
    assert_eq!(snapshot(&out), before);
    fs::remove_dir_all(&out).unwrap();
}

#[test]
fn hand_written_files_survive_and_stale_owned_files_go() {
    let out = scratch("ownership");
    let hand = out.join("src/polyv/handwritten.rs");
    fs::write(&hand, "// mine\npub fn keep() {}\n").unwrap();
    let stale = out.join("src/polyv/removed_operation.rs");
    fs::write(
        &stale,
        "// @generated by vodspec from spec polyv/vod/removed-operation.yaml.\n",
    )
    .unwrap();
    let unchanged = out.join("src/polyv/mod.rs");
    let mtime = fs::metadata(&unchanged).unwrap().modified().unwrap();

    let o = gen_into(&root().join("specs"), &out, &["--check"]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "a stale owned file makes --check fail"
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("removed_operation.rs"));

    let o = gen_into(&root().join("specs"), &out, &[]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let stdout = String::from_utf8(o.stdout).unwrap();
    assert!(
        stdout.contains("0 written, 15 unchanged, 1 removed"),
        "{stdout}"
    );
    assert_eq!(
        fs::read_to_string(&hand).unwrap(),
        "// mine\npub fn keep() {}\n"
    );
    assert!(!stale.exists());
    assert_eq!(
        fs::metadata(&unchanged).unwrap().modified().unwrap(),
        mtime,
        "unchanged files are not touched"
    );
    fs::remove_dir_all(&out).unwrap();
}

#[test]
fn a_hand_written_file_in_the_way_blocks_every_write() {
    let out = scratch("conflict");
    fs::write(out.join("src/polyv/mod.rs"), "// hand-written, no header\n").unwrap();
    fs::remove_file(out.join("src/haplat/mod.rs")).unwrap();
    let before = snapshot(&out);
    let o = gen_into(&root().join("specs"), &out, &[]);
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8(o.stderr).unwrap();
    assert!(
        stderr.contains("src/polyv/mod.rs: exists without the @generated header"),
        "{stderr}"
    );
    assert_eq!(
        snapshot(&out),
        before,
        "not even the missing haplat/mod.rs was written"
    );
    fs::remove_dir_all(&out).unwrap();
}

#[test]
fn gen_restores_an_edited_file_and_check_notices_first() {
    let out = scratch("edited");
    let f = out.join("src/haplat/video_concat_query.rs");
    let good = fs::read_to_string(&f).unwrap();
    fs::write(&f, good.replace("Transaction ID", "Edited by hand")).unwrap();
    let o = gen_into(&root().join("specs"), &out, &["--check"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("run `cargo xtask gen`"));
    assert_eq!(
        gen_into(&root().join("specs"), &out, &[]).status.code(),
        Some(0)
    );
    assert_eq!(fs::read_to_string(&f).unwrap(), good);
    assert!(
        !out.join("src/haplat/video_concat_query.rs.vodspec-tmp")
            .exists()
    );
    fs::remove_dir_all(&out).unwrap();
}

#[test]
fn gen_puts_back_a_missing_vendor_feature() {
    let out = scratch("features");
    let manifest = fs::read_to_string(out.join("Cargo.toml")).unwrap();
    fs::write(
        out.join("Cargo.toml"),
        manifest.replace("haplat = []\n", ""),
    )
    .unwrap();
    let o = gen_into(&root().join("specs"), &out, &[]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(
        fs::read_to_string(out.join("Cargo.toml")).unwrap(),
        manifest
    );
    fs::remove_dir_all(&out).unwrap();
}

/// A new vendor that reuses existing schemes is a spec folder plus `gen`: the crate's vendor
/// features follow, `--check` notices when they are out of step, and a manifest without the
/// marked block is refused with what to add.
#[test]
fn a_new_vendor_is_a_spec_folder_and_gen() {
    let out = scratch("new-vendor");
    let specs = out.join("specs-copy");
    copy(&root().join("specs"), &specs);
    copy(&specs.join("huaweicloud"), &specs.join("acme"));
    let vendor = specs.join("acme/vendor.yaml");
    let text = fs::read_to_string(&vendor).unwrap();
    fs::write(
        &vendor,
        text.replacen("vendor: huaweicloud", "vendor: acme", 1),
    )
    .unwrap();

    let o = gen_into(&specs, &out, &[]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let manifest = fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(
        manifest
            .contains("default = [\"acme\", \"haplat\", \"huaweicloud\", \"polyv\"]\nacme = [\"acme-mpc\"]\nacme-mpc = []\n"),
        "{manifest}"
    );
    assert!(out.join("src/acme/list_thumbnails_task.rs").is_file());
    let o = gen_into(&specs, &out, &["--check"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );

    fs::write(
        out.join("Cargo.toml"),
        manifest.replace("acme-mpc = []\n", ""),
    )
    .unwrap();
    let o = gen_into(&specs, &out, &["--check"]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "features out of step make --check fail"
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("Cargo.toml"));

    let bare: String = manifest
        .lines()
        .filter(|l| !l.starts_with("# @"))
        .map(|l| format!("{l}\n"))
        .collect();
    fs::write(out.join("Cargo.toml"), &bare).unwrap();
    let before = snapshot(&out);
    let o = gen_into(&specs, &out, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("vendor-features block"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert_eq!(snapshot(&out), before, "nothing was written");
    fs::remove_dir_all(&out).unwrap();
}

/// Runs git in `dir`, which must succeed.
fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn diff_reads_the_base_from_a_real_git_repository() {
    let repo = std::env::temp_dir().join(format!("vodspec-diff-repo-{}", std::process::id()));
    let _ = fs::remove_dir_all(&repo);
    copy(&root().join("specs"), &repo.join("specs"));
    git(&repo, &["init", "-q"]);
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "base"]);
    let spec = repo.join("specs/huaweicloud/mpc/list-thumbnails-task.yaml");
    let text = fs::read_to_string(&spec).unwrap();
    fs::write(
        &spec,
        text.replacen("    maximum: 100\n", "    maximum: 50\n", 1),
    )
    .unwrap();
    git(&repo, &["commit", "-q", "-am", "tighter size"]);
    let specs = repo.join("specs");
    let specs = specs.to_str().unwrap();

    // The last commit against its parent, as JSON; `--fail-on breaking` exits 1.
    let o = xtask(&[
        "diff",
        "HEAD~1",
        "--specs",
        specs,
        "--format",
        "json",
        "--fail-on",
        "breaking",
    ]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["summary"]["breaking"], 1, "{v}");
    assert_eq!(v["bump"], "major", "{v}");
    assert_eq!(v["changes"][0]["rule"], "constraint-stricter");
    assert_eq!(
        v["changes"][0]["item"],
        "vodspec::huaweicloud::list_thumbnails_task::ListThumbnailsTaskRequest::size"
    );

    // No base given: HEAD (no origin here), against the working tree, which has a new note.
    let text = fs::read_to_string(&spec).unwrap();
    fs::write(
        &spec,
        text.replacen("notes:\n", "notes:\n  - \"A new note.\"\n", 1),
    )
    .unwrap();
    let o = xtask(&["diff", "--specs", specs, "--fail-on", "potential"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let md = String::from_utf8_lossy(&o.stdout);
    assert!(
        md.contains("0 breaking, 0 potentially breaking, 1 informational"),
        "{md}"
    );
    assert!(md.contains("Version bump: **patch**."), "{md}");
    let o = xtask(&["diff", "HEAD~1", "--specs", specs, "--format", "changelog"]);
    let log = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{log}");
    assert!(log.starts_with("## Unreleased (since "), "{log}");
    assert!(log.contains("Version bump: **major**."), "{log}");
    assert!(log.contains("### ⚠ Breaking"), "{log}");

    // A base that does not exist, and a working tree that does not load: exit 2, said clearly.
    let o = xtask(&["diff", "no-such-rev", "--specs", specs]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("`no-such-rev` does not exist"));
    fs::write(&spec, "summary: [\n").unwrap();
    let o = xtask(&["diff", "--specs", specs]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("the working spec tree does not load")
            && err.contains("list-thumbnails-task.yaml"),
        "{err}"
    );
    let o = xtask(&["diff", "--format", "yaml"]);
    assert_eq!(o.status.code(), Some(2));
    let _ = fs::remove_dir_all(&repo);
}
