//! `cargo xtask`: the project's own commands. Knows the workspace layout; the work itself is in
//! `vodspec-codegen`.
//!
//! ```text
//! cargo xtask check  [--specs DIR]              validate a spec tree, write nothing
//! cargo xtask gen    [--specs DIR] [--out DIR]  validate, then generate (issue 3)
//! cargo xtask gen --check                       exit 1 when generated output is stale
//! cargo xtask schema [--check]                  write (or compare) specs/spec.schema.json
//! ```

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <check [--specs DIR] | gen [--specs DIR] [--out DIR] [--check] | schema [--check]>";

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
}

fn parse_args(rest: &[String], allow_out: bool, allow_check: bool) -> Result<Args, String> {
    let root = workspace_root();
    let mut args = Args {
        specs: root.join("specs"),
        out: root.join("generated"),
        check: false,
    };
    let mut it = rest.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--specs" => args.specs = it.next().ok_or("--specs needs a directory")?.into(),
            "--out" if allow_out => args.out = it.next().ok_or("--out needs a directory")?.into(),
            "--check" if allow_check => args.check = true,
            other => return Err(format!("unexpected argument `{other}`")),
        }
    }
    Ok(args)
}

/// Prints every diagnostic; the tree when valid.
fn check_specs(specs: &Path) -> Option<vodspec_codegen::SpecTree> {
    match vodspec_codegen::check(specs) {
        Ok(tree) => Some(tree),
        Err(diags) => {
            for d in &diags {
                eprintln!("{}", d.render(specs));
            }
            eprintln!(
                "{} problem{} in {}",
                diags.len(),
                if diags.len() == 1 { "" } else { "s" },
                specs.display()
            );
            None
        }
    }
}

fn cmd_check(args: Args) -> ExitCode {
    match check_specs(&args.specs) {
        Some(tree) => {
            let ops: usize = tree.vendors.iter().map(|v| v.operations.len()).sum();
            println!(
                "{}: {} vendor{}, {} operation{}: valid",
                args.specs.display(),
                tree.vendors.len(),
                if tree.vendors.len() == 1 { "" } else { "s" },
                ops,
                if ops == 1 { "" } else { "s" }
            );
            ExitCode::SUCCESS
        }
        None => ExitCode::from(1),
    }
}

fn cmd_gen(args: Args) -> ExitCode {
    let Some(tree) = check_specs(&args.specs) else {
        return ExitCode::from(1);
    };
    // Code generation lands with issue 3; until then `gen` validates and reports what it would
    // generate from, and writes nothing.
    for v in &tree.vendors {
        for op in &v.operations {
            println!("validated {}/{}/{}", v.name, op.service, op.name);
        }
    }
    let _ = &args.out;
    if args.check {
        println!("gen --check: no generated files are owned yet; nothing is stale");
    } else {
        println!(
            "gen: specs are valid; the code generator is not written yet, so nothing was written"
        );
    }
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
        other => Err(format!("unknown command `{other}`")),
    };
    parsed.unwrap_or_else(|e| {
        eprintln!("error: {e}\n{USAGE}");
        ExitCode::from(2)
    })
}
