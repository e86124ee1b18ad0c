//! The vendors' doc pages beside the specs (`cargo xtask docs`):
//!
//! - `fetch`: each spec's `source.url` reduced to its content as text (`extract`), written as a
//!   snapshot beside the spec (`snapshot`);
//! - `check`: each spec against its snapshot: table terms the spec lacks, spec terms the page
//!   does not show and no note explains, a "last updated" that differs (`check`, `terms`);
//! - `watch`: each live page against its snapshot: unchanged, changed (lines and terms), or
//!   unreachable and why (`watch`, `fetch`).

pub mod check;
pub mod cli;
pub mod extract;
pub mod fetch;
pub mod snapshot;
pub mod terms;
pub mod watch;
