//! `cargo xtask`: the project's own commands. Knows the workspace layout; the work itself is in
//! `vodspec-codegen`.
//!
//! `cargo xtask --help` lists the commands, `cargo xtask help <command>` says what one does and
//! takes; bad usage exits 2 with the usage.

mod bench;
mod diff;
mod fuzz;
mod synth;
#[path = "../../tests/src/tools.rs"]
mod tools;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use vodspec_codegen::GenError;
use vodspec_codegen::features::Features;
use vodspec_codegen::write;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

struct Args {
    specs: PathBuf,
    out: PathBuf,
    check: bool,
    /// Neither `--specs` nor `--out` was given.
    defaults: bool,
}

fn print_diagnostics(specs: &Path, diags: &[vodspec_codegen::Diagnostic]) {
    for d in diags {
        eprintln!("{}", d.render(specs));
    }
    eprintln!(
        "{} problem{} in {}",
        diags.len(),
        if diags.len() == 1 { "" } else { "s" },
        specs.display()
    );
}

fn cmd_check(args: Args) -> ExitCode {
    match vodspec_codegen::check(&args.specs) {
        Ok(v) => {
            let ops: usize = v.tree.vendors.iter().map(|v| v.operations.len()).sum();
            println!(
                "{}: {} vendor{}, {} operation{}: valid",
                args.specs.display(),
                v.tree.vendors.len(),
                if v.tree.vendors.len() == 1 { "" } else { "s" },
                ops,
                if ops == 1 { "" } else { "s" }
            );
            ExitCode::SUCCESS
        }
        Err(diags) => {
            print_diagnostics(&args.specs, &diags);
            ExitCode::from(1)
        }
    }
}

/// Each service and vendor is a cargo feature of the output crate, kept in step with the spec
/// tree in a marked block of its `Cargo.toml`: `None` when there is no manifest, the new text
/// otherwise.
fn manifest_update(out: &Path, features: &Features) -> Result<Option<String>, String> {
    let Ok(manifest) = std::fs::read_to_string(out.join("Cargo.toml")) else {
        return Ok(None);
    };
    write::update_manifest(&manifest, features).map(|new| (new != manifest).then_some(new))
}

/// The `[package]` name in `<out>/Cargo.toml`.
fn package_name(out: &Path) -> Option<String> {
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).ok()?;
    let mut in_package = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            in_package = line == "[package]";
        } else if in_package && let Some(v) = line.strip_prefix("name") {
            return Some(
                v.trim_start()
                    .strip_prefix('=')?
                    .trim()
                    .trim_matches('"')
                    .to_owned(),
            );
        }
    }
    None
}

/// `gen` with no `--specs`/`--out` keeps both generated crates fresh: the real one and the
/// fixture crate the generator's hard cases compile in.
fn cmd_gen(args: Args) -> ExitCode {
    if !args.defaults {
        return gen_one(&args.specs, &args.out, args.check);
    }
    let root = workspace_root();
    let mut worst = ExitCode::SUCCESS;
    for (specs, out) in [
        ("specs", "generated"),
        ("tests/fixture-specs", "tests/fixture-client"),
    ] {
        let code = gen_one(&root.join(specs), &root.join(out), args.check);
        if code != ExitCode::SUCCESS {
            worst = code;
        }
    }
    if worst == ExitCode::SUCCESS {
        let code = openapi_into(
            &root.join("specs"),
            &root.join("generated/openapi"),
            vodspec_codegen::openapi::Version::V31,
            args.check,
        );
        if code != ExitCode::SUCCESS {
            worst = code;
        }
    }
    worst
}

/// Writes (or, with `check`, compares) each vendor's OpenAPI document in `out`; a `.json` there
/// that no vendor produces any more is removed (the folder is the generator's).
fn openapi_into(
    specs: &Path,
    out: &Path,
    version: vodspec_codegen::openapi::Version,
    check: bool,
) -> ExitCode {
    let ir = match vodspec_codegen::check(specs) {
        Ok(v) => v.lower(&vodspec_codegen::ir::Options::default()),
        Err(diags) => {
            print_diagnostics(specs, &diags);
            return ExitCode::from(1);
        }
    };
    let docs = vodspec_codegen::openapi::documents(&ir, version);
    let stale: Vec<PathBuf> = std::fs::read_dir(out)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .filter(|p| {
            !docs
                .iter()
                .any(|(n, _)| p.file_name().is_some_and(|f| f == n.as_str()))
        })
        .collect();
    let changed: Vec<&(String, String)> = docs
        .iter()
        .filter(|(n, text)| std::fs::read_to_string(out.join(n)).ok().as_deref() != Some(text))
        .collect();
    if check {
        for (n, _) in &changed {
            eprintln!("{}: stale; run `cargo xtask gen`", out.join(n).display());
        }
        for p in &stale {
            eprintln!(
                "{}: no vendor produces it; run `cargo xtask gen`",
                p.display()
            );
        }
        if changed.is_empty() && stale.is_empty() {
            println!(
                "{}: {} OpenAPI documents are fresh",
                out.display(),
                docs.len()
            );
            return ExitCode::SUCCESS;
        }
        return ExitCode::from(1);
    }
    if let Err(e) = std::fs::create_dir_all(out) {
        eprintln!("{}: {e}", out.display());
        return ExitCode::from(1);
    }
    for (n, text) in &changed {
        if let Err(e) = std::fs::write(out.join(n), text) {
            eprintln!("{}: {e}", out.join(n).display());
            return ExitCode::from(1);
        }
        println!("wrote     {}", out.join(n).display());
    }
    for p in &stale {
        let _ = std::fs::remove_file(p);
        println!("removed   {}", p.display());
    }
    ExitCode::SUCCESS
}

fn gen_one(specs: &Path, out: &Path, check: bool) -> ExitCode {
    let args = Args {
        specs: specs.to_path_buf(),
        out: out.to_path_buf(),
        check,
        defaults: false,
    };
    let options = vodspec_codegen::ir::Options {
        crate_name: package_name(&args.out).unwrap_or_else(|| "vodspec".into()),
    };
    // New contents wait in a staging folder, so neither a failure nor the plan's size holds
    // every file's text in memory; `--check` keeps none.
    let staging = if args.check {
        None
    } else {
        match write::Staging::new(&args.out) {
            Ok(s) => Some(s),
            Err(e) => {
                eprintln!("cannot write in {}: {e}", args.out.display());
                return ExitCode::from(1);
            }
        }
    };
    let keep = staging
        .as_ref()
        .map_or(write::Keep::Nothing, write::Keep::Staged);
    let (compared, features) = match vodspec_codegen::generate_each(&args.specs, &options, |f| {
        write::compare(&args.out, f, keep)
    }) {
        Ok(g) => g,
        Err(GenError::Specs(diags)) => {
            print_diagnostics(&args.specs, &diags);
            eprintln!("nothing was written");
            return ExitCode::from(1);
        }
        Err(GenError::Emit(e)) => {
            eprintln!("{e}\nnothing was written");
            return ExitCode::from(1);
        }
    };
    let manifest = match manifest_update(&args.out, &features) {
        Ok(m) => m,
        Err(e) => {
            eprintln!(
                "{}: {e}\nnothing was written",
                args.out.join("Cargo.toml").display()
            );
            return ExitCode::from(1);
        }
    };
    let mut plan = match write::plan_of(&args.out, compared) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("cannot read {}: {e}", args.out.display());
            return ExitCode::from(1);
        }
    };
    if let Some(m) = manifest {
        let contents = if args.check {
            write::Contents::Dropped
        } else {
            write::Contents::Text(m)
        };
        plan.write.push((args.out.join("Cargo.toml"), contents));
    }
    for p in &plan.conflicts {
        eprintln!(
            "{}: exists without the @generated header; move it away or delete it (gen never overwrites hand-written files)",
            p.display()
        );
    }
    if args.check {
        if plan.is_fresh() {
            println!(
                "{}: {} generated files are fresh",
                args.out.display(),
                plan.unchanged.len()
            );
            return ExitCode::SUCCESS;
        }
        for (p, _) in &plan.write {
            eprintln!("stale: {}", p.display());
        }
        for p in &plan.remove {
            eprintln!("stale (no spec produces it): {}", p.display());
        }
        eprintln!("generated code is stale; run `cargo xtask gen`");
        return ExitCode::from(1);
    }
    if !plan.conflicts.is_empty() {
        eprintln!("nothing was written");
        return ExitCode::from(1);
    }
    if let Err(e) = write::apply(&plan) {
        eprintln!("writing failed: {e}");
        return ExitCode::from(1);
    }
    for (p, _) in &plan.write {
        println!("wrote     {}", p.display());
    }
    for p in &plan.remove {
        println!("removed   {}", p.display());
    }
    println!(
        "{}: {} written, {} unchanged, {} removed",
        args.out.display(),
        plan.write.len(),
        plan.unchanged.len(),
        plan.remove.len()
    );
    ExitCode::SUCCESS
}

fn cmd_schema(check: bool) -> ExitCode {
    let path = workspace_root().join("specs").join("spec.schema.json");
    let want = vodspec_codegen::schema_text();
    if check {
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        if have != want {
            eprintln!("{} is stale; run `cargo xtask schema`", path.display());
            return ExitCode::from(1);
        }
        println!("{} is fresh", path.display());
        return ExitCode::SUCCESS;
    }
    match std::fs::write(&path, want) {
        Ok(()) => {
            println!("wrote {}", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cannot write {}: {e}", path.display());
            ExitCode::from(1)
        }
    }
}

/// Runs `tests/examples/fake_server.rs` (a `vodspec-testing` fake of every vendor) on `base`,
/// `base+1`, … of 127.0.0.1 until Ctrl-C. It is an example of the tests crate, not part of xtask,
/// so xtask builds (and regenerates) even when the generated crate does not compile.
fn cmd_fake_server(base: u16) -> ExitCode {
    run_in_workspace(
        &[
            "run",
            "-q",
            "-p",
            "vodspec-tests",
            "--example",
            "fake_server",
            "--",
        ],
        &[base.to_string().into()],
    )
}

/// `cargo xtask docs …`: the pages tool, a crate of its own so that `cargo xtask gen` never
/// builds an HTML parser or an HTTP client.
fn cmd_docs(args: &[std::ffi::OsString]) -> ExitCode {
    run_in_workspace(&["run", "-q", "-p", "vodspec-pages", "--"], args)
}

/// `cargo <cargo_args> <args>` in the workspace root; its exit code.
fn run_in_workspace(cargo_args: &[&str], args: &[std::ffi::OsString]) -> ExitCode {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = std::process::Command::new(cargo)
        .current_dir(workspace_root())
        .args(cargo_args)
        .args(args)
        .status();
    match status {
        Ok(s) if s.success() => ExitCode::SUCCESS,
        Ok(s) => ExitCode::from(u8::try_from(s.code().unwrap_or(1)).unwrap_or(1)),
        Err(e) => {
            eprintln!("cannot run cargo: {e}");
            ExitCode::from(1)
        }
    }
}

fn cmd_synth(n: usize, out: &Path) -> ExitCode {
    let runtime = workspace_root().join("runtime");
    match synth::write(out, n, &runtime, &workspace_root().join("Cargo.lock")) {
        Ok(()) => {
            println!(
                "{}: {n} operations in specs/{}/; generate with `cargo xtask gen --specs {} --out {}`",
                out.display(),
                synth::VENDOR_ID,
                out.join("specs").display(),
                out.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cannot write {}: {e}", out.display());
            ExitCode::from(1)
        }
    }
}

fn cmd_bench(quick: bool, compile_1000: bool, gen_10000: bool) -> ExitCode {
    match bench::run(&workspace_root(), quick, compile_1000, gen_10000) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench: {e}");
            ExitCode::from(1)
        }
    }
}

/// Installs each pinned tool that its cache folder lacks; a required one that fails to install
/// fails the command.
fn cmd_tools() -> ExitCode {
    let mut code = ExitCode::SUCCESS;
    for tool in tools::ALL {
        let Some(root) = tool.root() else {
            eprintln!("HOME is not set: nowhere to keep {}", tool.name);
            return ExitCode::from(2);
        };
        if root.join("bin").join(tool.name).is_file() {
            println!("{} {}: in {}", tool.name, tool.version, root.display());
            continue;
        }
        println!(
            "{} {}: installing into {}",
            tool.name,
            tool.version,
            root.display()
        );
        let ok = std::process::Command::new(env!("CARGO"))
            .args([
                "install",
                tool.name,
                "--version",
                tool.version,
                "--locked",
                "--quiet",
            ])
            .arg("--root")
            .arg(&root)
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            eprintln!("{} {} did not install", tool.name, tool.version);
            if tool.required {
                code = ExitCode::FAILURE;
            }
        }
    }
    code
}

/// The vodspec project's own commands: validate and generate from the YAML specs, keep the
/// schema and OpenAPI documents fresh, diff specs for review, run the fakes, fuzz, measure.
#[derive(clap::Parser)]
#[command(
    name = "cargo xtask",
    bin_name = "cargo xtask",
    arg_required_else_help = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Validate a spec tree and write nothing (exit 1 with every problem found).
    Check {
        /// The spec tree (default: specs/).
        #[arg(long, value_name = "DIR")]
        specs: Option<PathBuf>,
    },
    /// Validate the specs, then generate the client crate, its features and the OpenAPI
    /// documents (with neither --specs nor --out: the vodspec crate and the fixture crate).
    Gen {
        /// The spec tree (default: specs/).
        #[arg(long, value_name = "DIR")]
        specs: Option<PathBuf>,
        /// The crate to generate into (default: generated/).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Write nothing; exit 1 when the generated output is stale.
        #[arg(long)]
        check: bool,
    },
    /// Write specs/spec.schema.json, the JSON Schema editors check specs with.
    Schema {
        /// Write nothing; exit 1 when the checked-in schema is stale.
        #[arg(long)]
        check: bool,
    },
    /// The vendors' doc pages beside the specs: `fetch` their snapshots, `check` each spec
    /// against its snapshot, `watch` the live pages (`cargo xtask docs --help`).
    #[command(disable_help_flag = true)]
    Docs {
        /// `fetch`, `check` or `watch`, and their options.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<std::ffi::OsString>,
    },
    /// Run a verifying fake server per vendor on 127.0.0.1 and print the variables to use them.
    FakeServer {
        /// The first vendor's port; the others follow.
        #[arg(long, value_name = "N", default_value_t = 18080)]
        port: u16,
    },
    /// Write a synthetic spec tree of N Huawei-shaped operations and its crate (for benchmarks).
    Synth {
        /// How many operations.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=100_000))]
        endpoints: u64,
        /// Where to write the tree and the crate.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Each vendor as an OpenAPI document.
    Openapi {
        /// Where to write them (default: generated/openapi/).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// The OpenAPI version.
        #[arg(long, value_enum, default_value = "3.1")]
        version: OpenapiVersion,
    },
    /// Run the cargo-fuzz targets (tests/fuzz), coverage-guided.
    Fuzz {
        /// One target (default: every one).
        #[arg(long, value_name = "NAME", value_parser = clap::builder::PossibleValuesParser::new(fuzz::TARGETS))]
        target: Option<String>,
        /// How long each target runs.
        #[arg(long, value_name = "N", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..))]
        seconds: u64,
    },
    /// What a spec change does to the generated crate: each change classified, with the Rust
    /// item it affects.
    Diff {
        /// The git revision to compare the working tree's specs with (default: HEAD).
        base: Option<String>,
        /// The spec tree (default: specs/).
        #[arg(long, value_name = "DIR")]
        specs: Option<PathBuf>,
        /// How the report is printed.
        #[arg(long, value_enum, default_value = "markdown")]
        format: diff::Format,
        /// Exit 1 when a change of this class, or a worse one, is found.
        #[arg(long, value_enum)]
        fail_on: Option<diff::FailOn>,
    },
    /// The figures in BENCHMARKS.md.
    Bench {
        /// Fewer samples.
        #[arg(long)]
        quick: bool,
        /// Also compile the N = 1000 crate (slow).
        #[arg(long = "compile-1000")]
        compile_1000: bool,
        /// Also generate a tree of N = 10,000 (gen only).
        #[arg(long = "gen-10000")]
        gen_10000: bool,
    },
    /// Install the pinned crates.io tools into $HOME/.cache/vodspec-tools.
    Tools,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum OpenapiVersion {
    #[value(name = "3.1")]
    V31,
    #[value(name = "3.0")]
    V30,
}

fn main() -> ExitCode {
    let cli = <Cli as clap::Parser>::parse();
    let root = workspace_root();
    match cli.command {
        Command::Check { specs } => cmd_check(Args {
            defaults: specs.is_none(),
            specs: specs.unwrap_or_else(|| root.join("specs")),
            out: root.join("generated"),
            check: false,
        }),
        Command::Gen { specs, out, check } => cmd_gen(Args {
            defaults: specs.is_none() && out.is_none(),
            specs: specs.unwrap_or_else(|| root.join("specs")),
            out: out.unwrap_or_else(|| root.join("generated")),
            check,
        }),
        Command::Schema { check } => cmd_schema(check),
        Command::FakeServer { port } => cmd_fake_server(port),
        Command::Docs { args } => cmd_docs(&args),
        Command::Synth { endpoints, out } => cmd_synth(endpoints as usize, &out),
        Command::Openapi { out, version } => {
            let version = match version {
                OpenapiVersion::V31 => vodspec_codegen::openapi::Version::V31,
                OpenapiVersion::V30 => vodspec_codegen::openapi::Version::V30,
            };
            let out = out.unwrap_or_else(|| root.join("generated/openapi"));
            openapi_into(&root.join("specs"), &out, version, false)
        }
        Command::Fuzz { target, seconds } => {
            let targets: Vec<&'static str> = match target {
                Some(t) => fuzz::TARGETS.iter().copied().filter(|x| *x == t).collect(),
                None => fuzz::TARGETS.to_vec(),
            };
            fuzz::run(&root, &targets, seconds)
        }
        Command::Diff {
            base,
            specs,
            format,
            fail_on,
        } => {
            let default_specs = root.join("specs");
            let args = diff::Args {
                base,
                specs: specs.unwrap_or_else(|| default_specs.clone()),
                format,
                fail_on: fail_on.map(diff::FailOn::class),
            };
            diff::run(&args, &default_specs)
        }
        Command::Bench {
            quick,
            compile_1000,
            gen_10000,
        } => cmd_bench(quick, compile_1000, gen_10000),
        Command::Tools => cmd_tools(),
    }
}
