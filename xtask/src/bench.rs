//! `cargo xtask bench [--quick] [--compile-1000] [--gen-10000]`: figures as users meet them, each the median
//! and min–max of repeated whole-process runs, beside a peer measured in the same run (these
//! machines are noisy: the ratio is the figure that counts).
//!
//! - `gen`: `cargo xtask gen` (the built binary, as `cargo xtask` runs it) on the seed specs and
//!   synthetic trees of N = 10, 100, 1000 (and 10,000 with `--gen-10000`): wall time, peak RSS,
//!   generated non-blank lines per operation, all and without doc comments; progenitor (`cargo-progenitor` 0.15.1, found where `cargo xtask tools` installs it or on `PATH`)
//!   on each tree's OpenAPI twin beside it.
//! - compile: a crate-only debug build of each generated crate (dependencies built first,
//!   `CARGO_INCREMENTAL=0`, every generated crate's `src/lib.rs` touched: a vendor of several
//!   services is a crate per service) for the seeds and N = 10, 100 (N = 1000 with
//!   `--compile-1000`), with the peer's crate beside it; one service of the N = 1000 tree built
//!   with its feature alone, beside the whole N = 100 crate.
//! - runtime: `cargo bench -p vodspec-tests --bench runtime` (decoding, signing, a request).
//!
//! `--quick` runs `gen` for the seeds, N = 10 and 100 only.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// A figure over repeated runs.
#[derive(Clone, Copy)]
struct Spread {
    median: f64,
    min: f64,
    max: f64,
}

impl Spread {
    fn of(mut xs: Vec<f64>) -> Option<Spread> {
        if xs.is_empty() {
            return None;
        }
        xs.sort_by(f64::total_cmp);
        Some(Spread {
            median: xs[xs.len() / 2],
            min: xs[0],
            max: xs[xs.len() - 1],
        })
    }

    fn show(self, digits: usize) -> String {
        format!(
            "{:.d$} ({:.d$}–{:.d$})",
            self.median,
            self.min,
            self.max,
            d = digits
        )
    }
}

fn show(s: Option<Spread>, digits: usize) -> String {
    s.map_or("n/a".into(), |s| s.show(digits))
}

fn ratio(a: Option<Spread>, b: Option<Spread>) -> String {
    match (a, b) {
        (Some(a), Some(b)) if b.median > 0.0 => format!("{:.2}×", a.median / b.median),
        _ => "n/a".into(),
    }
}

/// Runs `cmd` under GNU time (when present): wall seconds and peak RSS in MiB.
fn timed(mut cmd: Command) -> Result<(f64, Option<f64>), String> {
    let time = Path::new("/usr/bin/time");
    let mut run = if time.is_file() {
        let mut t = Command::new(time);
        t.arg("-f").arg("VODSPEC_RSS_KIB=%M").arg(cmd.get_program());
        t.args(cmd.get_args());
        if let Some(dir) = cmd.get_current_dir() {
            t.current_dir(dir);
        }
        for (k, v) in cmd.get_envs() {
            match v {
                Some(v) => t.env(k, v),
                None => t.env_remove(k),
            };
        }
        t
    } else {
        std::mem::replace(&mut cmd, Command::new("true"))
    };
    let started = Instant::now();
    let output = run.output().map_err(|e| format!("cannot run: {e}"))?;
    let wall = started.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        let tail: Vec<&str> = stderr.lines().rev().take(15).collect();
        return Err(format!(
            "{:?} failed:\n{}",
            run,
            tail.into_iter().rev().collect::<Vec<_>>().join("\n")
        ));
    }
    let rss = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("VODSPEC_RSS_KIB="))
        .next_back()
        .and_then(|v| v.trim().parse::<f64>().ok())
        .map(|kib| kib / 1024.0);
    Ok((wall, rss))
}

fn repeat(
    n: usize,
    mut before: impl FnMut(),
    mut cmd: impl FnMut() -> Command,
) -> Result<(Option<Spread>, Option<Spread>), String> {
    let mut walls = Vec::new();
    let mut rss = Vec::new();
    for _ in 0..n {
        before();
        let (w, r) = timed(cmd())?;
        walls.push(w);
        rss.extend(r);
    }
    Ok((Spread::of(walls), Spread::of(rss)))
}

/// Non-blank lines of the `.rs` files under `path`: all of them, and those that are not doc
/// comments (`///`, `//!`, `#[doc`).
fn lines(path: &Path) -> (usize, usize) {
    if path.is_dir() {
        return std::fs::read_dir(path)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_dir() || p.extension().is_some_and(|x| x == "rs"))
            .map(|p| lines(&p))
            .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    }
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let all: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let doc = |l: &&str| l.starts_with("///") || l.starts_with("//!") || l.starts_with("#[doc");
    (all.len(), all.iter().filter(|l| !doc(l)).count())
}

/// One tree: where its specs and crate are, and its peer's.
struct Tree {
    label: String,
    ops: usize,
    specs: PathBuf,
    out: PathBuf,
    /// The generated vendor folder (removed before each run, so every run writes).
    vendor_dir: PathBuf,
    openapi: Option<PathBuf>,
    peer_out: PathBuf,
}

fn trees(root: &Path, scratch: &Path, sizes: &[usize]) -> Result<Vec<Tree>, String> {
    let mut trees = Vec::new();
    let seeds = scratch.join("seeds");
    let _ = std::fs::remove_dir_all(&seeds);
    std::fs::create_dir_all(seeds.join("src")).map_err(|e| e.to_string())?;
    std::fs::copy(root.join("generated/src/lib.rs"), seeds.join("src/lib.rs"))
        .map_err(|e| e.to_string())?;
    trees.push(Tree {
        label: "seeds".into(),
        ops: 4,
        specs: root.join("specs"),
        out: seeds.clone(),
        vendor_dir: seeds.join("src/polyv"),
        openapi: None,
        peer_out: scratch.join("seeds-peer"),
    });
    for &n in sizes {
        let out = scratch.join(format!("synth-{n}"));
        let _ = std::fs::remove_dir_all(&out);
        super::synth::write(&out, n, &root.join("runtime"), &root.join("Cargo.lock"))
            .map_err(|e| e.to_string())?;
        trees.push(Tree {
            label: format!("synth N={n}"),
            ops: n,
            specs: out.join("specs"),
            vendor_dir: out.join("src").join(super::synth::VENDOR_ID),
            openapi: Some(out.join("openapi.json")),
            peer_out: scratch.join(format!("synth-{n}-progenitor")),
            out,
        });
    }
    Ok(trees)
}

/// Per-operation generated lines, all and non-doc: the operation modules and the vendor
/// module's share.
fn lines_per_op(dirs: &[PathBuf], ops: usize) -> (f64, f64) {
    let (all, code) = dirs
        .iter()
        .map(|d| lines(d))
        .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    (all as f64 / ops as f64, code as f64 / ops as f64)
}

fn show_lines((all, code): (f64, f64)) -> String {
    format!("{all:.0} ({code:.0})")
}

fn gen_table(xtask: &Path, peer: Option<&Path>, trees: &[Tree], runs: usize) -> Result<(), String> {
    println!("\n### `cargo xtask gen` ({runs} runs each; every run writes)\n");
    println!(
        "| tree | ops | vodspec wall, s | vodspec peak RSS, MiB | vodspec lines/op (non-doc) | progenitor wall, s | progenitor peak RSS, MiB | progenitor lines/op (non-doc) | wall ratio | RSS ratio | lines ratio (non-doc) |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|");
    for t in trees {
        // N = 10,000 takes its peer minutes: three runs each.
        let runs = if t.ops > 1000 { runs.min(3) } else { runs };
        let (w, r) = repeat(
            runs,
            || {
                // And the service crates of a vendor of `crates: per-service`.
                let _ = std::fs::remove_dir_all(&t.vendor_dir);
                let _ = std::fs::remove_dir_all(t.out.join("crates"));
            },
            || {
                let mut c = Command::new(xtask);
                c.args(["gen", "--specs"])
                    .arg(&t.specs)
                    .arg("--out")
                    .arg(&t.out);
                c
            },
        )?;
        let ours_lines = lines_per_op(&[t.out.join("src"), t.out.join("crates")], t.ops);
        let (pw, pr, plines) = match (peer, &t.openapi) {
            (Some(peer), Some(doc)) => {
                let (pw, pr) = repeat(
                    runs,
                    || {
                        let _ = std::fs::remove_dir_all(&t.peer_out);
                    },
                    || {
                        let mut c = Command::new(peer);
                        c.arg("progenitor")
                            .arg("-i")
                            .arg(doc)
                            .arg("-o")
                            .arg(&t.peer_out)
                            .args(["-n", "synth-progenitor", "-v", "0.1.0"]);
                        c
                    },
                )?;
                let lines = lines_per_op(&[t.peer_out.join("src")], t.ops);
                // It is written under this workspace's folder; it is a workspace of its own.
                let manifest = t.peer_out.join("Cargo.toml");
                let text = std::fs::read_to_string(&manifest).map_err(|e| e.to_string())?;
                std::fs::write(&manifest, format!("{text}\n[workspace]\n"))
                    .map_err(|e| e.to_string())?;
                (pw, pr, Some(lines))
            }
            _ => (None, None, None),
        };
        println!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            t.label,
            t.ops,
            show(w, 3),
            show(r, 0),
            show_lines(ours_lines),
            show(pw, 3),
            show(pr, 0),
            plines.map_or("n/a".into(), show_lines),
            ratio(w, pw),
            ratio(r, pr),
            plines.map_or("n/a".into(), |l| format!(
                "{:.2}× ({:.2}×)",
                ours_lines.0 / l.0,
                ours_lines.1 / l.1
            )),
        );
    }
    Ok(())
}

/// Builds the crate in `dir` once (its dependencies), then times crate-only rebuilds, with
/// `features` alone when given (else the defaults).
fn compile(
    dir: &Path,
    target: &Path,
    runs: usize,
    features: Option<&str>,
) -> Result<Figures, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let build = || {
        let mut c = Command::new(&cargo);
        c.arg("build").arg("--quiet");
        if let Some(f) = features {
            c.args(["--no-default-features", "--features", f]);
        }
        c.current_dir(dir)
            .env("CARGO_TARGET_DIR", target)
            .env("CARGO_INCREMENTAL", "0");
        c
    };
    timed(build())?;
    repeat(
        runs,
        || {
            // The crate and, for a vendor of `crates: per-service`, each of its service crates.
            let crates = std::fs::read_dir(dir.join("crates"))
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path());
            for lib in std::iter::once(dir.to_path_buf())
                .chain(crates)
                .map(|c| c.join("src/lib.rs"))
            {
                if let Ok(text) = std::fs::read(&lib) {
                    let _ = std::fs::write(&lib, text);
                }
            }
        },
        build,
    )
}

fn compile_table(trees: &[Tree], scratch: &Path, peer: bool, runs: usize) -> Result<(), String> {
    println!(
        "\n### Crate-only debug compile ({runs} runs each; dependencies built first, `CARGO_INCREMENTAL=0`, every generated crate's `src/lib.rs` touched)\n"
    );
    println!(
        "| tree | vodspec wall, s | vodspec peak RSS, MiB | progenitor wall, s | progenitor peak RSS, MiB | wall ratio | RSS ratio |"
    );
    println!("|---|---|---|---|---|---|---|");
    for t in trees {
        // The seeds are the `vodspec` crate in the workspace; the synthetic crates build alone.
        let (w, r) = if t.openapi.is_none() {
            let root = scratch.parent().and_then(Path::parent).unwrap_or(scratch);
            compile(
                &root.join("generated"),
                &scratch.join("target-seeds"),
                runs,
                None,
            )?
        } else {
            compile(&t.out, &scratch.join("target-synth"), runs, None)?
        };
        let (pw, pr) = if peer && t.openapi.is_some() {
            compile(&t.peer_out, &scratch.join("target-progenitor"), runs, None)?
        } else {
            (None, None)
        };
        println!("{}", compile_row(&t.label, (w, r), (pw, pr)));
    }
    Ok(())
}

type Figures = (Option<Spread>, Option<Spread>);

/// A table row: wall and peak RSS of a build and of the one it is compared with, and the ratios.
fn compile_row(label: &str, (w, r): Figures, (pw, pr): Figures) -> String {
    format!(
        "| {label} | {} | {} | {} | {} | {} | {} |",
        show(w, 1),
        show(r, 0),
        show(pw, 1),
        show(pr, 0),
        ratio(w, pw),
        ratio(r, pr)
    )
}

/// One service of the N = 1000 tree (100 operations) built with its feature alone, beside the
/// whole N = 100 crate (as many operations, one service) measured in the same run.
fn one_service_table(trees: &[Tree], scratch: &Path, runs: usize) -> Result<(), String> {
    let (Some(big), Some(small)) = (
        trees.iter().find(|t| t.ops == 1000),
        trees.iter().find(|t| t.ops == 100),
    ) else {
        return Ok(());
    };
    let feature =
        vodspec_codegen::names::service_feature(super::synth::VENDOR_ID, &super::synth::service(0));
    let target = scratch.join("target-synth");
    let one = compile(&big.out, &target, runs, Some(&feature))?;
    let whole = compile(&small.out, &target, runs, None)?;
    let label = format!(
        "synth N=1000, `--features {feature}` ({} operations)",
        super::synth::PER_SERVICE
    );
    println!(
        "\n### One service alone ({runs} runs each; crate-only debug build)\n\n\
         | build | wall, s | peak RSS, MiB | the N = 100 crate, wall, s | its peak RSS, MiB | wall ratio | RSS ratio |\n\
         |---|---|---|---|---|---|---|\n{}",
        compile_row(&label, one, whole)
    );
    Ok(())
}

/// Runs the benchmarks and prints markdown tables.
pub fn run(root: &Path, quick: bool, compile_1000: bool, gen_10000: bool) -> Result<(), String> {
    let xtask = std::env::current_exe().map_err(|e| e.to_string())?;
    let scratch = root.join("target").join("bench");
    let peer = crate::tools::PROGENITOR.find();
    println!("## vodspec benchmarks\n");
    match &peer {
        Some(p) => println!("Peer: `{}`.", p.display()),
        None => println!(
            "Peer: none (install it with `cargo xtask tools`, or {}).",
            crate::tools::PROGENITOR.install_command()
        ),
    }
    let mut sizes: Vec<usize> = if quick {
        vec![10, 100]
    } else {
        vec![10, 100, 1000]
    };
    if gen_10000 {
        sizes.push(10_000);
    }
    let trees = trees(root, &scratch, &sizes)?;
    gen_table(&xtask, peer.as_deref(), &trees, if quick { 5 } else { 9 })?;
    if quick {
        return Ok(());
    }
    one_service_table(&trees, &scratch, 3)?;
    let compiled: Vec<Tree> = trees
        .into_iter()
        .filter(|t| t.ops <= 1000 && (compile_1000 || t.ops < 1000))
        .collect();
    compile_table(&compiled, &scratch, peer.is_some(), 3)?;
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .args([
            "bench",
            "--quiet",
            "-p",
            "vodspec-tests",
            "--bench",
            "runtime",
        ])
        .current_dir(root)
        .status()
        .map_err(|e| e.to_string())?;
    if !status.success() {
        return Err("the runtime benchmarks failed".into());
    }
    Ok(())
}
