//! `cargo xtask bench [--quick]`: whole-process figures as users meet them, each the median and
//! min–max of repeated runs (these machines are noisy).
//!
//! Measured: `cargo xtask gen` wall time and peak RSS (of the gen process, read from
//! `wait4`'s rusage through GNU time when present) for the seed specs and synthetic trees of
//! N = 10, 100 (and 1000 without `--quick`), and the generated non-blank lines per operation.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// One figure over repeated runs.
struct Spread {
    median: f64,
    min: f64,
    max: f64,
}

fn spread(mut xs: Vec<f64>) -> Spread {
    xs.sort_by(|a, b| a.total_cmp(b));
    Spread {
        median: xs[xs.len() / 2],
        min: xs[0],
        max: xs[xs.len() - 1],
    }
}

/// Runs `xtask gen` (the built binary, as `cargo xtask` runs it) and returns wall seconds and
/// peak RSS in MiB (`None` without GNU time).
fn gen_once(xtask: &Path, specs: &Path, out: &Path) -> Result<(f64, Option<f64>), String> {
    let time = Path::new("/usr/bin/time");
    let started = Instant::now();
    let output = if time.is_file() {
        Command::new(time)
            .arg("-f")
            .arg("%M")
            .arg(xtask)
            .args(["gen", "--specs"])
            .arg(specs)
            .arg("--out")
            .arg(out)
            .output()
    } else {
        Command::new(xtask)
            .args(["gen", "--specs"])
            .arg(specs)
            .arg("--out")
            .arg(out)
            .output()
    }
    .map_err(|e| format!("cannot run {}: {e}", xtask.display()))?;
    let wall = started.elapsed().as_secs_f64();
    if !output.status.success() {
        return Err(format!(
            "gen failed: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let rss = String::from_utf8_lossy(&output.stderr)
        .lines()
        .last()
        .and_then(|l| l.trim().parse::<f64>().ok())
        .map(|kib| kib / 1024.0);
    Ok((wall, rss))
}

fn non_blank_lines(dir: &Path) -> (usize, usize) {
    let mut lines = 0;
    let mut files = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                let text = std::fs::read_to_string(&p).unwrap_or_default();
                lines += text.lines().filter(|l| !l.trim().is_empty()).count();
                files += 1;
            }
        }
    }
    (lines, files)
}

/// Runs the benchmarks and prints a table.
pub fn run(root: &Path, quick: bool) -> Result<(), String> {
    let xtask = std::env::current_exe().map_err(|e| e.to_string())?;
    let scratch = root.join("target").join("bench");
    let repeats = if quick { 5 } else { 9 };
    let mut sizes: Vec<Option<usize>> = vec![None, Some(10), Some(100)];
    if !quick {
        sizes.push(Some(1000));
    }
    println!(
        "| tree | ops | gen wall, s (median, min–max) | gen peak RSS, MiB (median, min–max) | generated non-blank lines per op |"
    );
    println!("|---|---|---|---|---|");
    for n in sizes {
        let (label, specs, out, ops): (String, PathBuf, PathBuf, usize) = match n {
            None => {
                let out = scratch.join("seeds");
                let _ = std::fs::remove_dir_all(&out);
                copy_crate_skeleton(&root.join("generated"), &out)?;
                ("seeds".into(), root.join("specs"), out, 4)
            }
            Some(n) => {
                let out = scratch.join(format!("synth-{n}"));
                let _ = std::fs::remove_dir_all(&out);
                super::synth::write(
                    &out,
                    n,
                    &root.join("generated").join("runtime"),
                    &root.join("Cargo.lock"),
                )
                .map_err(|e| e.to_string())?;
                (format!("synth N={n}"), out.join("specs"), out, n)
            }
        };
        let mut walls = Vec::new();
        let mut rss = Vec::new();
        for _ in 0..repeats {
            // Every run writes: as a user's first `gen` (or one after a spec change) does.
            let _ = std::fs::remove_dir_all(out.join("src").join(match n {
                None => "polyv",
                Some(_) => super::synth::VENDOR_ID,
            }));
            let (w, r) = gen_once(&xtask, &specs, &out)?;
            walls.push(w);
            if let Some(r) = r {
                rss.push(r);
            }
        }
        let w = spread(walls);
        let rss = if rss.is_empty() {
            "n/a".to_owned()
        } else {
            let r = spread(rss);
            format!("{:.0} ({:.0}–{:.0})", r.median, r.min, r.max)
        };
        let per_op = match n {
            None => {
                let (lines, _) = non_blank_lines(&out.join("src"));
                let vendor_files = ["polyv", "haplat", "huaweicloud"]
                    .iter()
                    .map(|v| non_blank_lines_of(&out.join("src").join(v).join("mod.rs")))
                    .sum::<usize>()
                    + non_blank_lines_of(&out.join("src").join("vendors.rs"))
                    + non_blank_lines_of(&out.join("src").join("lib.rs"));
                (lines - vendor_files) as f64 / ops as f64
            }
            Some(_) => {
                let dir = out.join("src").join(super::synth::VENDOR_ID);
                let (lines, _) = non_blank_lines(&dir);
                (lines - non_blank_lines_of(&dir.join("mod.rs"))) as f64 / ops as f64
            }
        };
        println!(
            "| {label} | {ops} | {:.3} ({:.3}–{:.3}) | {rss} | {per_op:.0} |",
            w.median, w.min, w.max
        );
    }
    Ok(())
}

fn non_blank_lines_of(p: &Path) -> usize {
    std::fs::read_to_string(p)
        .unwrap_or_default()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .count()
}

/// A scratch copy of a generated crate's manifest and hand-written root, to generate into.
fn copy_crate_skeleton(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to.join("src")).map_err(|e| e.to_string())?;
    for f in ["Cargo.toml", "src/lib.rs"] {
        std::fs::copy(from.join(f), to.join(f)).map_err(|e| format!("{f}: {e}"))?;
    }
    Ok(())
}
