//! Fake vendor servers for testing code that uses vodspec-generated clients, with no vendor and
//! no network: each fake listens on 127.0.0.1, verifies every request's signature, timestamp
//! and credentials as the vendor's gateway does, and answers from the vendor's generated tables
//! ([`VendorApi`]: the doc's examples, error rows, task states, paging fields). A new spec
//! brings its fake with it.
//!
//! ```
//! use std::time::Duration;
//! use vodspec::huaweicloud::{Client, Credentials};
//! use vodspec::runtime::WaitPolicy;
//! use vodspec_testing::{FakeVendor, Reply};
//!
//! /// The application code under test: waits for a snapshot task, returns its pictures.
//! async fn snapshots(client: &Client, task: &str) -> Result<Vec<String>, String> {
//!     let policy = WaitPolicy { min_delay: Duration::from_millis(10), ..WaitPolicy::default() };
//!     let done = client
//!         .list_thumbnails_task()
//!         .task_id(task)
//!         .wait_with(&policy)
//!         .await
//!         .map_err(|e| vodspec::runtime::call::report(&e))?;
//!     Ok(done.task_array.iter().flatten()
//!         .flat_map(|t| t.thumbnail_info.iter().flatten())
//!         .filter_map(|p| p.pic_name.clone())
//!         .collect())
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let fake = FakeVendor::start(&vodspec::huaweicloud::API).await;
//! fake.on("list-thumbnails-task")
//!     .reply(Reply::Gateway(503))
//!     .lifecycle(&["WAITING", "PROCESSING", "SUCCEEDED"]);
//! let client = Client::new(Credentials::from_lookup(fake.env()).unwrap())
//!     .with_base_url(fake.base_url());
//!
//! assert_eq!(snapshots(&client, "7684").await.unwrap(), ["9.jpg", "5.jpg"]);
//!
//! let sent = fake.received();
//! assert_eq!(sent.len(), 4, "a 503, then three polls");
//! assert!(sent.iter().all(|r| r.verified() && r.param("task_id") == Some("7684")));
//!
//! fake.on("list-thumbnails-task").reset().reply(Reply::state("FAILED"));
//! assert!(snapshots(&client, "7684").await.unwrap_err().contains("failed"));
//! # }
//! ```
//!
//! Scripting is per operation ([`FakeVendor::on`]): queued [`Reply`]s, a default, or a function
//! of the [`Received`] request. Faults: [`Reply::Gateway`] (5xx), [`Reply::TooManyRequests`]
//! (429 with `Retry-After`), [`Reply::Malformed`], [`Reply::Drop`] (the connection closes),
//! [`Reply::Redirect`] and [`Reply::Delay`].
//!
//! [`VendorApi`]: vodspec_runtime::VendorApi

mod json_path;
mod received;
mod reply;
mod route;
mod server;
mod tasks;
pub mod verify;

pub use received::Received;
pub use reply::Reply;
pub use server::{FakeVendor, Script, StartError};
pub use tasks::Delivery;
pub use verify::Why;

/// The project README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ProjectReadme;
