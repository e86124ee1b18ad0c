//! What generated code names and users never call: the model derive and its map loop, the
//! lenient decoders the derive names, reading a typed input's values, taking credentials apart,
//! the example tests. Hidden from the docs, so they show what users call; its paths may change
//! with the generator.

pub mod de;
pub mod lenient;

pub use crate::engine::{check_examples, id_text};
pub use crate::op::{ToValue, debug_values};
pub use crate::vendor::CredentialField;
pub use de::Model;
/// The serde the generated models are decoded with.
pub use serde;
