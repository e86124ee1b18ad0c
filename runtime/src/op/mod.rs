//! What a generated operation is to the engine: its typed input, output and error kind, and a
//! static descriptor (params, error rows, auth slots) that the engine reads to check, assemble,
//! sign, send, classify and decode. Everything heavy here is non-generic: it runs on the
//! descriptor and on the input's values, so it is compiled once for every operation.

mod check;
mod desc;
mod model;
mod parts;
mod value;

pub use check::{check, is_header_text};
pub use desc::*;
pub use model::{FieldDesc, Limits, ModelDesc, Object};
pub use parts::{json_base64url, parts};
pub use value::*;
