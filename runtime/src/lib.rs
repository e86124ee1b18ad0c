//! vodspec-runtime: the hand-written engine every generated client calls (re-exported as
//! `vodspec::runtime`). The generator never writes here, and
//! nothing here knows a particular endpoint: a signing rule, an envelope or a lenient decoder
//! lives here once and a spec selects it by name.

#![warn(missing_docs)]
#![forbid(unsafe_code)]

// The model derive names the runtime by its crate name, which must resolve here too (its tests).
extern crate self as vodspec_runtime;

#[doc(hidden)]
pub mod __private;
pub mod auth;
pub mod backoff;
pub mod call;
pub mod callback;
#[cfg(feature = "cli")]
pub mod cli;
pub mod credentials;
pub mod engine;
pub mod enums;
pub mod envelope;
pub mod error;
pub mod hooks;
pub mod op;
pub mod paginate;
mod percent;
pub mod rate_limit;
mod redact;
pub mod request;
pub mod response;
pub mod secret;
pub mod transport;
pub mod vendor;
pub mod waiter;
pub mod wire;

pub use auth::{Scheme, Sign, Signer};
pub use call::{Error, OperationError, ServiceError};
pub use callback::{
    Callback, CallbackDesc, CallbackEncoding, CallbackError, CallbackRequest, CallbackSignature,
    SignPart,
};
pub use credentials::{
    CachingCredentials, CredentialsProvider, EnvCredentials, Expiring, StaticCredentials,
};
pub use engine::{Creates, Paginated, Request, Waiter};
pub use enums::{EnumTable, Open, Unknown};
pub use envelope::{DecodeError, Envelope, Split};
pub use error::{
    BuildError, Checker, Code, CredentialsError, ServiceErrorMeta, Violation, ViolationKind,
};
pub use hooks::{AttemptResponse, Interceptor};
pub use op::{
    BodyKind, CancelsDesc, CreatesDesc, ErrorKind, ErrorRow, ErrorState, Example, FlagKind, Input,
    Operation, OperationDesc, PagingDesc, ParamDesc, Source, TaskId, Value, WaiterDesc,
};
pub use rate_limit::{RateLimit, RateLimitDesc};
pub use request::{AuthSlot, Body, Location, Method, RequestParts};
pub use response::{Response, ResponseMeta};
pub use secret::Secret;
pub use transport::{CallConfig, Config, RawResponse, SendError, Transport};
pub use vendor::{
    AuthDesc, Client, ClientCore, CredentialDesc, CredentialValues, VendorApi, VendorDesc,
};
pub use waiter::{TaskState, WaitError, WaitPolicy};
