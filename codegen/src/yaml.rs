//! The one place that knows serde_yaml, so the YAML library can be swapped here alone.

use serde::de::DeserializeOwned;

use crate::diag::{Pos, YamlPath};

/// A failed deserialization: where, which node, and serde's message without its location suffix.
#[derive(Debug)]
pub struct DeError {
    /// Where serde_yaml saw the problem, when it says.
    pub pos: Option<Pos>,
    /// The node the problem is about.
    pub path: YamlPath,
    /// What is wrong.
    pub message: String,
}

/// Deserializes one YAML document into `T`, tracking the path of the failing node.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, DeError> {
    let de = serde_yaml::Deserializer::from_str(text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = convert_path(e.path());
        let inner = e.into_inner();
        let pos = inner.location().map(|l| Pos {
            line: l.line(),
            col: l.column(),
        });
        DeError {
            pos,
            path,
            message: strip_location(&inner.to_string()),
        }
    })
}

fn convert_path(path: &serde_path_to_error::Path) -> YamlPath {
    use serde_path_to_error::Segment;
    let mut out = YamlPath::root();
    for seg in path.iter() {
        out = match seg {
            Segment::Seq { index } => out.index(*index),
            Segment::Map { key } => out.key(key.clone()),
            Segment::Enum { variant } => out.key(variant.clone()),
            Segment::Unknown => break,
        };
    }
    out
}

/// serde_yaml appends " at line L column C" to its messages; the diagnostic says that already.
fn strip_location(msg: &str) -> String {
    let msg = msg.trim();
    // serde_path_to_error prefixes the path ("a.b: "); the diagnostic prints the path itself.
    let msg = match msg.find(" at line ") {
        Some(i) => &msg[..i],
        None => msg,
    };
    // serde_yaml also prefixes the node's path (`params.taskId: unknown field …`); a path has no
    // spaces, a message's first words do.
    match msg.split_once(": ") {
        Some((head, rest)) if !head.contains(' ') && !head.is_empty() => rest.to_owned(),
        _ => msg.to_owned(),
    }
}

/// Reads one YAML document as JSON, for checking specs against the JSON Schema.
pub fn to_json(text: &str) -> Result<serde_json::Value, DeError> {
    from_str(text)
}
