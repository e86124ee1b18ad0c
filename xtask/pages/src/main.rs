//! `vodspec-pages`, which `cargo xtask docs` runs.

fn main() -> std::process::ExitCode {
    let out = vodspec_pages::cli::run(std::env::args_os());
    if !out.stdout.is_empty() {
        print!("{}", out.stdout);
    }
    if !out.stderr.is_empty() {
        eprint!("{}", out.stderr);
    }
    std::process::ExitCode::from(out.code)
}
