//! `vodspec <vendor> <operation> [--<param> VALUE]…`: every documented operation, one command away.

use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot start the async runtime: {e}");
            return ExitCode::from(4);
        }
    };
    let out = runtime.block_on(vodspec::runtime::cli::run(
        std::env::args_os(),
        vodspec::CLI_VENDORS,
    ));
    if let Some(s) = &out.stdout {
        let _ = writeln!(std::io::stdout(), "{s}");
    }
    if let Some(s) = &out.stderr {
        let _ = writeln!(std::io::stderr(), "{s}");
    }
    ExitCode::from(out.code)
}
