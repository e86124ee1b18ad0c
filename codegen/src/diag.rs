//! Diagnostics: what is wrong, where, and under which named rule.

use std::fmt;
use std::path::{Path, PathBuf};

/// A position in a spec file, 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub col: usize,
}

/// One step of a path into a YAML document.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Seg {
    /// A mapping key.
    Key(String),
    /// A sequence index.
    Index(usize),
}

/// A path into a YAML document, e.g. `examples[2].body` or `params.taskId.max_length`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct YamlPath(pub Vec<Seg>);

impl YamlPath {
    /// The document root.
    pub fn root() -> Self {
        Self::default()
    }

    /// This path with a key appended.
    pub fn key(&self, k: impl Into<String>) -> Self {
        let mut v = self.0.clone();
        v.push(Seg::Key(k.into()));
        Self(v)
    }

    /// This path with an index appended.
    pub fn index(&self, i: usize) -> Self {
        let mut v = self.0.clone();
        v.push(Seg::Index(i));
        Self(v)
    }

    /// The enclosing node, or `None` at the root.
    pub fn parent(&self) -> Option<Self> {
        let mut v = self.0.clone();
        v.pop().map(|_| Self(v))
    }
}

impl fmt::Display for YamlPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("(document)");
        }
        for (i, seg) in self.0.iter().enumerate() {
            match seg {
                Seg::Index(n) => write!(f, "[{n}]")?,
                Seg::Key(k) => {
                    let plain = !k.is_empty()
                        && k.chars()
                            .all(|c| c.is_alphanumeric() || c == '_' || c == '-');
                    match (i, plain) {
                        (0, true) => f.write_str(k)?,
                        (_, true) => write!(f, ".{k}")?,
                        (_, false) => write!(f, "[{k:?}]")?,
                    }
                }
            }
        }
        Ok(())
    }
}

/// One problem in a spec tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, relative to the spec root.
    pub file: PathBuf,
    /// Where in the file, when known.
    pub pos: Option<Pos>,
    /// The node the problem is about (empty for whole-file problems).
    pub path: YamlPath,
    /// The named rule that found it (`unresolved-type`, `valid-example`, …).
    pub rule: &'static str,
    /// What is wrong and what to do about it.
    pub message: String,
}

impl Diagnostic {
    /// Renders as `FILE:LINE:COL: error: PATH: MESSAGE [rule]`, with `FILE` under `root`.
    pub fn render(&self, root: &Path) -> String {
        let file = root.join(&self.file);
        let mut out = file.display().to_string();
        if let Some(p) = self.pos {
            out.push_str(&format!(":{}:{}", p.line, p.col));
        }
        out.push_str(": error: ");
        if !self.path.0.is_empty() {
            out.push_str(&format!("{}: ", self.path));
        }
        out.push_str(&self.message);
        out.push_str(&format!(" [{}]", self.rule));
        out
    }
}

/// Sorts diagnostics by file, position, then text, so output is stable.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (&a.file, a.pos, &a.path, a.rule, &a.message)
            .cmp(&(&b.file, b.pos, &b.path, b.rule, &b.message))
    });
}
