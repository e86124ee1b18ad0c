//! vodspec-runtime: the hand-written engine every generated client calls (re-exported as
//! `vodspec::runtime`). The generator never writes here, and
//! nothing here knows a particular endpoint: a signing rule, an envelope or a lenient decoder
//! lives here once and a spec selects it by name.

pub mod auth;
pub mod backoff;
pub mod call;
#[cfg(feature = "cli")]
pub mod cli;
pub mod envelope;
pub mod error;
pub mod lenient;
pub mod paginate;
pub mod request;
pub mod secret;
pub mod transport;
pub mod waiter;
pub mod wire;

pub use auth::Signer;
pub use call::{Error, OperationError, decode};
pub use envelope::{DecodeError, Envelope, Outcome};
pub use error::{
    BuildError, Checker, Code, CredentialsError, ServiceErrorMeta, Unhandled, Violation,
    ViolationKind,
};
pub use request::{AuthSlot, Body, Location, Method, RequestParts};
pub use secret::Secret;
pub use transport::{Config, RawResponse, SendError, Transport};
pub use waiter::{TaskState, WaitError, WaitPolicy};
