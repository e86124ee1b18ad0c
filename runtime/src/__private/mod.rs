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

/// What a request of `O` hands back — `send`'s and `send_with`'s futures, and `wait`'s, `pages`'s
/// and `items`'s where `O` has them — can be spawned: `Send` and `'static`, borrowing neither the
/// builder nor anything else. Generated tests call these for every operation; building the
/// futures sends nothing.
pub mod owned {
    use crate::engine::{Paginated, Request, Waiter};
    use crate::op::Operation;

    fn spawnable<T: Send + 'static>(_: T) {}

    /// `send` and `send_with`.
    pub fn send<O: Operation>(r: &Request<O>) {
        spawnable(r.send());
        spawnable(r.send_with(crate::transport::CallConfig::default()));
    }

    /// `wait` and `wait_with`.
    pub fn wait<O: Waiter>(r: &Request<O>) {
        spawnable(r.wait());
        spawnable(r.wait_with(&crate::WaitPolicy::default()));
    }

    /// `pages` and `items`.
    pub fn pages<O: Paginated>(r: &Request<O>) {
        spawnable(r.pages());
        spawnable(r.items());
    }
}
