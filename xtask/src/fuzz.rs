//! `cargo xtask fuzz [--target NAME] [--seconds N]`: the cargo-fuzz targets in `tests/fuzz/`
//! (the harnesses of `vodspec_tests::harness`), coverage-guided with libFuzzer on the stable
//! toolchain (`--sanitizer none`), seeded from `specs/`, `tests/bad-specs/`, the doc examples and
//! a few command lines. A crash is left in `tests/fuzz/artifacts/<target>/`; minimise it with
//! `cargo fuzz tmin` and copy it into `tests/fuzz-regressions/<target>/`, which
//! `tests/tests/robustness.rs` replays on every `cargo test`.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

/// The targets, in the order they run.
pub const TARGETS: &[&str] = &[
    "spec_operation",
    "spec_vendor",
    "decode",
    "signers",
    "cli_argv",
    "diff",
];

fn yaml_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            yaml_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "yaml") {
            out.push(p);
        }
    }
}

/// Sorts paths under `specs/` as `vodspec_tests::harness::seed_files` lists them (by vendor, its
/// `vendor.yaml` first, then by path), which the `diff` target's first two bytes index.
fn order_like_the_harness(rels: &mut [String]) {
    rels.sort_by_key(|r| {
        let vendor = r.split('/').next().unwrap_or_default().to_owned();
        let not_vendor_file = !r.ends_with("/vendor.yaml");
        (vendor, not_vendor_file, r.clone())
    });
}

/// The seed inputs of `target`.
fn seeds(root: &Path, target: &str) -> Vec<Vec<u8>> {
    let mut specs = Vec::new();
    yaml_files(&root.join("specs"), &mut specs);
    yaml_files(&root.join("tests/bad-specs"), &mut specs);
    match target {
        "spec_operation" | "spec_vendor" => {
            specs.iter().filter_map(|p| std::fs::read(p).ok()).collect()
        }
        "decode" => {
            let mut out = Vec::new();
            for p in specs.iter().filter(|p| p.starts_with(root.join("specs"))) {
                let Ok(text) = std::fs::read_to_string(p) else {
                    continue;
                };
                let Ok(v) = vodspec_codegen::yaml::to_json(&text) else {
                    continue;
                };
                let which = match p.to_string_lossy() {
                    s if s.contains("polyv") => 0,
                    s if s.contains("pull-video") => 1,
                    s if s.contains("concat") => 2,
                    _ => 3,
                };
                for ex in v["examples"].as_array().into_iter().flatten() {
                    if let Some(body) = ex["body"].as_str() {
                        let mut b = vec![which, 0];
                        b.extend_from_slice(body.as_bytes());
                        out.push(b);
                    }
                }
            }
            out
        }
        "diff" => {
            // Each seed file against itself (one side replaced by its own text, the other
            // not): the fuzzer's edits of either text make the two trees differ.
            let mut files = Vec::new();
            yaml_files(&root.join("specs"), &mut files);
            files.sort();
            let mut rels: Vec<String> = files
                .iter()
                .filter_map(|p| p.strip_prefix(root.join("specs")).ok())
                .map(|p| p.to_string_lossy().replace('\\', "/"))
                .collect();
            order_like_the_harness(&mut rels);
            let mut out = Vec::new();
            for (i, rel) in rels.iter().enumerate() {
                let Ok(text) = std::fs::read(root.join("specs").join(rel)) else {
                    continue;
                };
                let i = u8::try_from(i).unwrap_or(u8::MAX);
                let mut a = vec![i, u8::MAX];
                a.extend_from_slice(&text);
                out.push(a);
                let mut b = vec![u8::MAX, i, 0xff];
                b.extend_from_slice(&text);
                out.push(b);
            }
            out
        }
        "signers" => vec![
            b"id\xffname\xffzh-cn\xffvalue".to_vec(),
            b"\x01a b/c\xff&=+%\xffen\xff".to_vec(),
        ],
        _ => vec![
            b"--help".to_vec(),
            b"polyv\0get-snapshot-task-status\0--task-id\x002036".to_vec(),
            b"huaweicloud\0list-thumbnails-task\0--size\x000".to_vec(),
        ],
    }
}

/// Runs `targets` for `seconds` each; exit 0 when none found a crash.
pub fn run(root: &Path, targets: &[&str], seconds: u64) -> ExitCode {
    let Some(fuzz) = crate::tools::FUZZ.find() else {
        eprintln!(
            "cargo-fuzz is not installed: `cargo xtask tools`, or {}",
            crate::tools::FUZZ.install_command()
        );
        return ExitCode::from(2);
    };
    let mut worst = ExitCode::SUCCESS;
    for target in targets {
        let seed_dir = root.join("target/fuzz/seeds").join(target);
        let corpus = root.join("target/fuzz/corpus").join(target);
        let regressions = root.join("tests/fuzz-regressions").join(target);
        for d in [&seed_dir, &corpus] {
            if let Err(e) = std::fs::create_dir_all(d) {
                eprintln!("{}: {e}", d.display());
                return ExitCode::from(1);
            }
        }
        for (i, s) in seeds(root, target).iter().enumerate() {
            let _ = std::fs::write(seed_dir.join(format!("seed-{i:04}")), s);
        }
        println!("== {target}: {seconds} s");
        let mut cmd = Command::new(&fuzz);
        cmd.current_dir(root)
            .args([
                "run",
                "--fuzz-dir",
                "tests/fuzz",
                "--sanitizer",
                "none",
                target,
            ])
            .arg(&corpus)
            .arg(&seed_dir);
        if regressions.is_dir() {
            cmd.arg(&regressions);
        }
        cmd.arg("--").arg(format!("-max_total_time={seconds}"));
        match cmd.status() {
            Ok(s) if s.success() => {}
            Ok(_) => {
                eprintln!(
                    "{target}: a finding is in tests/fuzz/artifacts/{target}/ (see `cargo xtask fuzz` docs)"
                );
                worst = ExitCode::from(1);
            }
            Err(e) => {
                eprintln!("cannot run {}: {e}", fuzz.display());
                return ExitCode::from(1);
            }
        }
    }
    worst
}
