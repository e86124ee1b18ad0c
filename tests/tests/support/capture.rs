//! Tracing output captured for a test: what a call logged, to search for what must or must
//! not be there. Included by the tests that read logs (`#[path]`).

use vodspec_tests::Captured;

/// Everything logged at `level` and above on this thread until the guard drops.
pub fn logs(level: tracing::Level) -> (Captured, tracing::subscriber::DefaultGuard) {
    let captured = Captured::default();
    let sink = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_writer(move || sink.clone())
        .finish();
    (captured, tracing::subscriber::set_default(subscriber))
}
