//! `cargo xtask diff [BASE] [--specs DIR] [--format markdown|text|json] [--fail-on breaking|potential]`:
//! the spec tree at git revision `BASE` against the working tree, semantically, for a pull
//! request. The base is read with the `git` binary into a scratch folder.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use vodspec_codegen::diff::{self, Change, Class};
use vodspec_codegen::{emit, ir};

/// How the report is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For a pull request's description.
    Markdown,
    /// For a terminal.
    Text,
    /// For tools.
    Json,
    /// An entry in the style of Keep a Changelog, breaking changes first.
    Changelog,
}

/// The class of change that fails the command.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// Breaking changes.
    Breaking,
    /// Breaking or potentially breaking changes.
    Potential,
}

impl FailOn {
    /// The class it names.
    pub fn class(self) -> Class {
        match self {
            FailOn::Breaking => Class::Breaking,
            FailOn::Potential => Class::Potential,
        }
    }
}

/// The command's arguments.
#[derive(Debug)]
pub struct Args {
    pub base: Option<String>,
    pub specs: PathBuf,
    pub format: Format,
    pub fail_on: Option<Class>,
}

fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let out = Command::new("git")
        .current_dir(dir)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_owned())
    }
}

/// The revision to compare with: the one given, else `origin/main` where it exists, else `HEAD`.
fn base_revision(repo: &Path, given: Option<&str>) -> Result<String, String> {
    let exists = |rev: &str| {
        git(
            repo,
            &[
                "rev-parse",
                "--verify",
                "--quiet",
                &format!("{rev}^{{commit}}"),
            ],
        )
        .is_ok()
    };
    match given {
        Some(rev) if exists(rev) => Ok(rev.to_owned()),
        Some(rev) => Err(format!(
            "the base revision `{rev}` does not exist in {}",
            repo.display()
        )),
        None if exists("origin/main") => Ok("origin/main".into()),
        None if exists("HEAD") => Ok("HEAD".into()),
        None => Err(format!("{} has no commit to compare with", repo.display())),
    }
}

/// Writes the spec tree at `rev` (the files under `rel` of the repository) into `into`.
fn checkout_specs(repo: &Path, rev: &str, rel: &str, into: &Path) -> Result<(), String> {
    let listing = git(
        repo,
        &["ls-tree", "-r", "-z", "--name-only", rev, "--", rel],
    )?;
    for path in listing.split(|b| *b == 0).filter(|p| !p.is_empty()) {
        let path = String::from_utf8_lossy(path).into_owned();
        let bytes = git(repo, &["show", &format!("{rev}:{path}")])?;
        let inside = path
            .strip_prefix(rel)
            .unwrap_or(&path)
            .trim_start_matches('/');
        let dest = into.join(inside);
        if let Some(parent) = dest.parent() {
            std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
        }
        std::fs::write(&dest, bytes).map_err(|e| format!("{}: {e}", dest.display()))?;
    }
    Ok(())
}

/// One side, checked and lowered; an empty or absent tree is an empty IR.
fn side(specs: &Path, which: &str) -> Result<(ir::Ir, Vec<emit::GeneratedFile>), String> {
    let empty = std::fs::read_dir(specs).map_or(true, |mut d| d.next().is_none());
    if empty {
        let ir = ir::Ir {
            vendors: Vec::new(),
            crate_name: "vodspec".into(),
        };
        return Ok((ir, Vec::new()));
    }
    match vodspec_codegen::check_lowerable(specs) {
        Ok((v, policy)) => {
            if !policy.is_empty() {
                eprintln!(
                    "note: the {which} spec tree breaks {} of today's policy rules ({}); it is compared as it is",
                    policy.len(),
                    vodspec_codegen::POLICY_RULES.join(", ")
                );
            }
            let ir = v.lower(&ir::Options::default());
            let files = emit::emit(&ir).map_err(|e| format!("{which}: {e:?}"))?;
            Ok((ir, files))
        }
        Err(diags) => {
            let mut msg = format!(
                "the {which} spec tree does not load ({} problems):\n",
                diags.len()
            );
            for d in &diags {
                msg.push_str(&format!("{}\n", d.render(specs)));
            }
            Err(msg)
        }
    }
}

/// The generated files the change rewrites, adds or removes, and the snapshots locking them.
fn touched(old: &[emit::GeneratedFile], new: &[emit::GeneratedFile], seed: bool) -> Vec<String> {
    let mut paths: Vec<&str> = Vec::new();
    for f in new {
        match old.iter().find(|o| o.path == f.path) {
            Some(o) if o.contents == f.contents => {}
            _ => paths.push(&f.path),
        }
    }
    for o in old {
        if !new.iter().any(|f| f.path == o.path) {
            paths.push(&o.path);
        }
    }
    paths.sort();
    let mut out = Vec::new();
    for p in paths {
        out.push(format!("generated/{p}"));
        if seed && let Some(inside) = p.strip_prefix("src/") {
            out.push(format!(
                "tests/tests/snapshots/generated_code__seed__{}.snap",
                inside.replace('/', "__")
            ));
        }
    }
    out
}

/// Runs the command: exit 0, 1 when `--fail-on` is met, 2 on a usage or loading error.
pub fn run(args: &Args, default_specs: &Path) -> ExitCode {
    match report(args, default_specs) {
        Ok((out, failed)) => {
            print!("{out}");
            if failed {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// The report, and whether `--fail-on` is met.
pub fn report(args: &Args, default_specs: &Path) -> Result<(String, bool), String> {
    let specs =
        std::fs::canonicalize(&args.specs).map_err(|e| format!("{}: {e}", args.specs.display()))?;
    let top = git(&specs, &["rev-parse", "--show-toplevel"])
        .map_err(|e| format!("{} is not in a git repository: {e}", specs.display()))?;
    let top = PathBuf::from(String::from_utf8_lossy(&top).trim());
    let top = std::fs::canonicalize(&top).unwrap_or(top);
    let rel = specs
        .strip_prefix(&top)
        .map_err(|_| format!("{} is outside {}", specs.display(), top.display()))?
        .to_string_lossy()
        .replace('\\', "/");
    let rev = base_revision(&top, args.base.as_deref())?;
    let scratch = std::env::temp_dir().join(format!("vodspec-diff-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).map_err(|e| format!("{}: {e}", scratch.display()))?;
    let result = (|| {
        checkout_specs(&top, &rev, &rel, &scratch)?;
        let (old, old_files) = side(&scratch, &format!("base ({rev})"))?;
        let (new, new_files) = side(&specs, "working")?;
        let changes = diff::diff(&old, &new);
        let seed = std::fs::canonicalize(default_specs).is_ok_and(|d| d == specs);
        let touched = touched(&old_files, &new_files, seed);
        let failed = args
            .fail_on
            .is_some_and(|f| changes.iter().any(|c| c.class <= f));
        Ok((render(args.format, &rev, &changes, &touched), failed))
    })();
    let _ = std::fs::remove_dir_all(&scratch);
    result
}

fn render(format: Format, rev: &str, changes: &[Change], touched: &[String]) -> String {
    match format {
        Format::Markdown => format!(
            "{}\nVersion bump: **{}**.\n",
            diff::markdown(changes, touched),
            diff::bump(changes).label()
        ),
        Format::Text => format!(
            "{}bump: {}\n",
            diff::text(changes, touched),
            diff::bump(changes).label()
        ),
        Format::Changelog => diff::changelog(changes, &format!("Unreleased (since {rev})")),
        Format::Json => {
            let (b, p, i) = diff::counts(changes);
            let v = serde_json::json!({
                "base": rev,
                "bump": diff::bump(changes),
                "summary": {"breaking": b, "potential": p, "info": i},
                "changes": changes,
                "touched": touched,
            });
            let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
            s.push('\n');
            s
        }
    }
}
