//! `cargo xtask`: the project's own commands. Knows the workspace layout; the work itself is in
//! `vodspec-codegen`.
//!
//! ```text
//! cargo xtask check  [--specs DIR]              validate a spec tree, write nothing
//! cargo xtask gen    [--specs DIR] [--out DIR]  validate, then generate into DIR/src
//! cargo xtask gen --check                       exit 1 when generated output is stale
//! cargo xtask schema [--check]                  write (or compare) specs/spec.schema.json
//! cargo xtask fake-server [--port N]            a verifying fake server per vendor (vodspec-testing)
//! cargo xtask synth --endpoints N --out DIR     a synthetic N-operation spec tree and crate
//! cargo xtask openapi [--out DIR] [--version 3.1|3.0]  each vendor as an OpenAPI document
//! cargo xtask fuzz [--target NAME] [--seconds N] the cargo-fuzz targets (tests/fuzz), coverage-guided
//! cargo xtask diff [BASE] [--specs DIR] [--format markdown|text|json] [--fail-on breaking|potential]
//!                                                what a spec change does to the generated crate
//! cargo xtask bench [--quick] [--compile-1000]  the figures in BENCHMARKS.md
//! cargo xtask tools                             install the pinned crates.io tools into the cache
//! ```

mod bench;
mod diff;
mod fuzz;
mod synth;
#[path = "../../tests/src/tools.rs"]
mod tools;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use vodspec_codegen::GenError;
use vodspec_codegen::emit::GeneratedFile;
use vodspec_codegen::write;

const USAGE: &str = "usage: cargo xtask <check [--specs DIR] | gen [--specs DIR] [--out DIR] [--check] | schema [--check] | fake-server [--port N] | synth --endpoints N --out DIR | bench [--quick] [--compile-1000] | openapi [--out DIR] [--version 3.1|3.0] | fuzz [--target NAME] [--seconds N] | diff [BASE] [--specs DIR] [--format markdown|text|json] [--fail-on breaking|potential] | tools>";

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

fn parse_args(rest: &[String], allow_out: bool, allow_check: bool) -> Result<Args, String> {
    let root = workspace_root();
    let mut args = Args {
        specs: root.join("specs"),
        out: root.join("generated"),
        check: false,
        defaults: true,
    };
    let mut it = rest.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--specs" => {
                args.specs = it.next().ok_or("--specs needs a directory")?.into();
                args.defaults = false;
            }
            "--out" if allow_out => {
                args.out = it.next().ok_or("--out needs a directory")?.into();
                args.defaults = false;
            }
            "--check" if allow_check => args.check = true,
            other => return Err(format!("unexpected argument `{other}`")),
        }
    }
    Ok(args)
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

/// Each vendor is a cargo feature of the output crate, kept in step with the spec tree in a
/// marked block of its `Cargo.toml`: `None` when there is no manifest, the new text otherwise.
fn manifest_update(out: &Path, files: &[GeneratedFile]) -> Result<Option<String>, String> {
    let Ok(manifest) = std::fs::read_to_string(out.join("Cargo.toml")) else {
        return Ok(None);
    };
    write::update_features(&manifest, &write::vendors_of(files))
        .map(|new| (new != manifest).then_some(new))
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

fn cmd_openapi(rest: &[String]) -> Result<ExitCode, String> {
    let root = workspace_root();
    let (mut out, mut version) = (
        root.join("generated/openapi"),
        vodspec_codegen::openapi::Version::V31,
    );
    let mut it = rest.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--out" => out = it.next().ok_or("--out needs a directory")?.into(),
            "--version" => {
                version = match it.next().map(String::as_str) {
                    Some("3.1") => vodspec_codegen::openapi::Version::V31,
                    Some("3.0") => vodspec_codegen::openapi::Version::V30,
                    _ => return Err("--version takes 3.1 or 3.0".into()),
                }
            }
            other => return Err(format!("unexpected argument `{other}`")),
        }
    }
    Ok(openapi_into(&root.join("specs"), &out, version, false))
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
    let files = match vodspec_codegen::generate(&args.specs, &options) {
        Ok(files) => files,
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
    let manifest = match manifest_update(&args.out, &files) {
        Ok(m) => m,
        Err(e) => {
            eprintln!(
                "{}: {e}\nnothing was written",
                args.out.join("Cargo.toml").display()
            );
            return ExitCode::from(1);
        }
    };
    let mut plan = match write::plan(&args.out, &files) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("cannot read {}: {e}", args.out.display());
            return ExitCode::from(1);
        }
    };
    if let Some(m) = manifest {
        plan.write.push((args.out.join("Cargo.toml"), m));
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
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = std::process::Command::new(cargo)
        .current_dir(workspace_root())
        .args([
            "run",
            "-q",
            "-p",
            "vodspec-tests",
            "--example",
            "fake_server",
            "--",
        ])
        .arg(base.to_string())
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

fn parse_synth(rest: &[String]) -> Result<(usize, PathBuf), String> {
    let (mut n, mut out) = (None, None);
    let mut it = rest.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--endpoints" => {
                let v = it.next().ok_or("--endpoints needs a number")?;
                n = Some(
                    v.parse::<usize>()
                        .ok()
                        .filter(|n| (1..=100_000).contains(n))
                        .ok_or_else(|| {
                            format!("`{v}` is not a number of endpoints (1 to 100000)")
                        })?,
                );
            }
            "--out" => out = Some(PathBuf::from(it.next().ok_or("--out needs a directory")?)),
            other => return Err(format!("unexpected argument `{other}`")),
        }
    }
    Ok((
        n.ok_or("synth needs --endpoints N")?,
        out.ok_or("synth needs --out DIR")?,
    ))
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

fn cmd_bench(quick: bool, compile_1000: bool) -> ExitCode {
    match bench::run(&workspace_root(), quick, compile_1000) {
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

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let Some((cmd, rest)) = argv.split_first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let parsed = match cmd.as_str() {
        "check" => parse_args(rest, false, false).map(cmd_check),
        "gen" => parse_args(rest, true, true).map(cmd_gen),
        "schema" => match rest {
            [] => Ok(cmd_schema(false)),
            [c] if c == "--check" => Ok(cmd_schema(true)),
            _ => Err("schema takes only --check".into()),
        },
        "fake-server" => match rest {
            [] => Ok(cmd_fake_server(18080)),
            [flag, port] if flag == "--port" => port
                .parse()
                .map(cmd_fake_server)
                .map_err(|_| format!("`{port}` is not a port number")),
            _ => Err("fake-server takes only --port N".into()),
        },
        "synth" => parse_synth(rest).map(|(n, out)| cmd_synth(n, &out)),
        "openapi" => cmd_openapi(rest),
        "fuzz" => fuzz::parse(rest).map(|(t, s)| fuzz::run(&workspace_root(), &t, s)),
        "diff" => {
            let specs = workspace_root().join("specs");
            diff::parse(rest, specs.clone()).map(|a| diff::run(&a, &specs))
        }
        "bench" => {
            let quick = rest.iter().any(|a| a == "--quick");
            let all = rest.iter().any(|a| a == "--compile-1000");
            match rest
                .iter()
                .find(|a| !matches!(a.as_str(), "--quick" | "--compile-1000"))
            {
                Some(other) => Err(format!("unexpected argument `{other}`")),
                None => Ok(cmd_bench(quick, all)),
            }
        }
        "tools" => match rest {
            [] => Ok(cmd_tools()),
            _ => Err("tools takes no arguments".into()),
        },
        other => Err(format!("unknown command `{other}`")),
    };
    parsed.unwrap_or_else(|e| {
        eprintln!("error: {e}\n{USAGE}");
        ExitCode::from(2)
    })
}
