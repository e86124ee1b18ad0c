//! A crate generated from `tests/fixture-specs` (the generator's hard cases), so the output for
//! them is compiled, linted and tested like the real one. Regenerate with
//! `cargo xtask gen --specs tests/fixture-specs --out tests/fixture-client`.
//!
//! This file is hand-written; `vendors.rs` beside it is generated.

#![warn(missing_docs)]
#![forbid(unsafe_code)]
// The vendors' deprecated fields are read by the generated waiters, paginators and redacting
// `Debug`s: they must allow it where they do, or this crate does not build.
#![deny(deprecated)]

include!("vendors.rs");
