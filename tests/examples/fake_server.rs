//! `cargo xtask fake-server [--port N]`: a `vodspec-testing` fake of every vendor the `vodspec`
//! crate has, on consecutive ports of 127.0.0.1, for trying the command line by hand.

use std::process::ExitCode;

use vodspec_testing::{FakeVendor, Reply};

#[tokio::main]
async fn main() -> ExitCode {
    let base = match std::env::args().nth(1).map(|a| a.parse::<u16>()) {
        None => 18080,
        Some(Ok(p)) => p,
        Some(Err(_)) => {
            eprintln!("usage: fake_server [BASE_PORT]");
            return ExitCode::from(2);
        }
    };
    serve(base).await
}

/// Runs a `vodspec-testing` fake of every vendor on `base`, `base+1`, … of 127.0.0.1 until
/// Ctrl-C. Each operation with a waiter walks its task through the spec's pending states to
/// success, and each paged listing holds 7 items.
async fn serve(base: u16) -> ExitCode {
    let mut fakes = Vec::new();
    for (i, api) in vodspec::APIS.iter().enumerate() {
        let port = base.saturating_add(u16::try_from(i).unwrap_or(u16::MAX));
        match FakeVendor::bind(api, port).await {
            Ok(f) => fakes.push(f),
            Err(e) => {
                eprintln!("{e} (pick other ports with --port N)");
                return ExitCode::from(1);
            }
        }
    }
    println!("Fake vendor servers (Ctrl-C to stop). In another shell:\n");
    for fake in &fakes {
        for op in fake.api().operations {
            if let Some(w) = op.waiter {
                let life: Vec<&str> = w.pending.iter().chain(w.success.first()).copied().collect();
                fake.on(op.name).lifecycle(&life);
            }
            if op.paging.is_some() {
                fake.on(op.name).otherwise(Reply::page(7));
            }
        }
        let vars: Vec<String> = fake
            .env_vars()
            .into_iter()
            .map(|(k, v)| format!("{k}='{v}'"))
            .collect();
        println!("export {}", vars.join(" "));
    }
    println!();
    for fake in &fakes {
        println!(
            "{:<12} --base-url {}",
            format!("{}:", fake.api().vendor.id),
            fake.base_url()
        );
    }
    let _ = tokio::signal::ctrl_c().await;
    ExitCode::SUCCESS
}
