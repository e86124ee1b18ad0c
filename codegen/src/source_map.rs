//! Where each node of a YAML document is: a YAML path → line:column index, built once from a
//! marker-aware event parse of the same text serde reads.
//!
//! serde_yaml only locates the errors it raises itself; semantic diagnostics (a duplicate, an
//! unknown type) know their YAML path and look the position up here. The same pass finds what
//! serde cannot see or would silently accept: duplicate keys, anchors, aliases, merge keys, tags.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use crate::diag::{Pos, YamlPath};

/// A structural problem found while indexing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StructuralIssue {
    /// Where.
    pub pos: Pos,
    /// The node.
    pub path: YamlPath,
    /// The named rule.
    pub rule: &'static str,
    /// What to fix.
    pub message: String,
}

/// Where one node is.
#[derive(Debug, Clone, Copy)]
pub struct NodeLoc {
    /// The node's value (for a block scalar, its first content line at the block's indentation).
    pub value: Pos,
    /// The node's key, when it is a mapping value.
    pub key: Option<Pos>,
    /// Quoted scalars start one column before their text.
    pub quoted: bool,
    /// A `|` or `>` block.
    pub block: bool,
}

/// The index of one document. The structural issues are found when it is built; the
/// path → position index, which only a diagnostic needs, is built the first time one asks, so a
/// valid tree never holds it (it is most of the loader's memory otherwise).
#[derive(Debug, Default)]
pub struct SourceMap {
    /// Filled while scanning only when `record` is set.
    nodes: HashMap<YamlPath, NodeLoc>,
    record: bool,
    text: String,
    index: std::sync::OnceLock<HashMap<YamlPath, NodeLoc>>,
    /// Duplicate keys, anchors, aliases, merge keys, tags, syntax errors.
    pub issues: Vec<StructuralIssue>,
    /// The text did not parse; serde would fail at the same place.
    pub syntax_error: bool,
}

enum Frame {
    Map {
        path: YamlPath,
        /// The key just read, waiting for its value.
        pending_key: Option<(String, Pos)>,
        seen: HashMap<String, Pos>,
    },
    Seq {
        path: YamlPath,
        next: usize,
    },
}

fn pos(m: &Marker) -> Pos {
    Pos {
        line: m.line(),
        col: m.col() + 1,
    }
}

impl SourceMap {
    /// Indexes `text`. Never fails: a syntax error becomes an issue.
    pub fn build(text: &str) -> Self {
        SourceMap::build_owned(text.to_owned())
    }

    /// [`build`](Self::build), keeping `text` itself (the only copy a loaded file holds).
    pub fn build_owned(text: String) -> Self {
        let mut map = SourceMap::scan(&text, false);
        map.text = text;
        map
    }

    /// The text it indexes.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The path → position index, built on first use.
    fn nodes(&self) -> &HashMap<YamlPath, NodeLoc> {
        self.index
            .get_or_init(|| std::mem::take(&mut SourceMap::scan(&self.text, true).nodes))
    }

    fn scan(text: &str, record: bool) -> Self {
        let mut map = SourceMap {
            record,
            ..SourceMap::default()
        };
        let mut stack: Vec<Frame> = Vec::new();
        let mut parser = Parser::new_from_str(text);
        let mut documents = 0usize;
        loop {
            let (event, marker) = match parser.next_token() {
                Ok(ev) => ev,
                Err(e) => {
                    map.syntax_error = true;
                    map.issues.push(StructuralIssue {
                        pos: pos(e.marker()),
                        path: YamlPath::root(),
                        rule: "yaml-syntax",
                        message: format!("YAML syntax error: {}", e.info()),
                    });
                    break;
                }
            };
            let at = pos(&marker);
            match event {
                Event::StreamEnd => break,
                Event::DocumentStart => {
                    documents += 1;
                    if documents == 2 {
                        map.issue(
                            at,
                            YamlPath::root(),
                            "one-document",
                            "a spec file holds one YAML document; remove this `---` and what follows, or move it to its own file",
                        );
                    }
                }
                Event::Nothing | Event::StreamStart | Event::DocumentEnd => {}
                Event::Alias(_) => {
                    if let Some(path) = map.enter(&mut stack, at, None) {
                        map.issue(
                            at,
                            path,
                            "no-anchors",
                            "YAML aliases (`*name`) are not allowed in specs; write the value out so the diff shows it",
                        );
                    }
                }
                Event::Scalar(value, style, anchor, tag) => {
                    let quoted = matches!(
                        style,
                        TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted
                    );
                    let block = matches!(style, TScalarStyle::Literal | TScalarStyle::Folded);
                    if let Some(Frame::Map {
                        pending_key: pk @ None,
                        seen,
                        path,
                    }) = stack.last_mut()
                    {
                        // A mapping key.
                        let parent = path.clone();
                        if value == "<<" && !quoted {
                            map.issues.push(StructuralIssue {
                                pos: at,
                                path: parent.clone(),
                                rule: "no-anchors",
                                message: "YAML merge keys (`<<`) are not allowed in specs; write the keys out".into(),
                            });
                        }
                        if let Some(first) = seen.get(&value) {
                            map.issues.push(StructuralIssue {
                                pos: at,
                                path: parent.key(value.clone()),
                                rule: "duplicate-key",
                                message: format!(
                                    "duplicate key `{value}` (first at line {}); each key may appear once — merge or rename the two",
                                    first.line
                                ),
                            });
                        } else {
                            seen.insert(value.clone(), at);
                        }
                        *pk = Some((value, at));
                        continue;
                    }
                    if let Some(path) = map.enter(&mut stack, at, Some((quoted, block))) {
                        map.check_anchor_tag(at, &path, anchor, tag.is_some());
                    }
                }
                Event::SequenceStart(anchor, tag) => {
                    let path = map.enter(&mut stack, at, None).unwrap_or_default();
                    map.check_anchor_tag(at, &path, anchor, tag.is_some());
                    stack.push(Frame::Seq { path, next: 0 });
                }
                Event::MappingStart(anchor, tag) => {
                    let path = map.enter(&mut stack, at, None).unwrap_or_default();
                    map.check_anchor_tag(at, &path, anchor, tag.is_some());
                    stack.push(Frame::Map {
                        path,
                        pending_key: None,
                        seen: HashMap::new(),
                    });
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    stack.pop();
                }
            }
        }
        map
    }

    /// Records a node starting at `at` in the current container; returns its path.
    /// A mapping or sequence used as a mapping key gets a placeholder key.
    fn enter(
        &mut self,
        stack: &mut [Frame],
        at: Pos,
        scalar: Option<(bool, bool)>,
    ) -> Option<YamlPath> {
        let (quoted, block) = scalar.unwrap_or((false, false));
        let (path, key) = match stack.last_mut() {
            None => (YamlPath::root(), None),
            Some(Frame::Seq { path, next }) => {
                let p = path.index(*next);
                *next += 1;
                (p, None)
            }
            Some(Frame::Map {
                path, pending_key, ..
            }) => match pending_key.take() {
                Some((k, kpos)) => (path.key(k), Some(kpos)),
                None => {
                    // A complex key; serde rejects it with its own message.
                    *pending_key = Some(("<complex key>".into(), at));
                    return None;
                }
            },
        };
        if self.record {
            self.nodes.entry(path.clone()).or_insert(NodeLoc {
                value: at,
                key,
                quoted,
                block,
            });
        }
        Some(path)
    }

    fn check_anchor_tag(&mut self, at: Pos, path: &YamlPath, anchor: usize, tagged: bool) {
        if anchor != 0 {
            self.issue(
                at,
                path.clone(),
                "no-anchors",
                "YAML anchors (`&name`) are not allowed in specs; write the value out so the diff shows it",
            );
        }
        if tagged {
            self.issue(
                at,
                path.clone(),
                "no-tags",
                "YAML tags (`!name`) are not allowed in specs; write a plain value",
            );
        }
    }

    fn issue(&mut self, pos: Pos, path: YamlPath, rule: &'static str, message: &str) {
        self.issues.push(StructuralIssue {
            pos,
            path,
            rule,
            message: message.into(),
        });
    }

    /// The node at `path`, if it exists.
    pub fn node(&self, path: &YamlPath) -> Option<NodeLoc> {
        self.nodes().get(path).copied()
    }

    /// The best position for `path`: the node itself, or its nearest existing ancestor (a
    /// missing key is reported at the mapping that lacks it).
    pub fn locate(&self, path: &YamlPath) -> Option<Pos> {
        let mut p = Some(path.clone());
        while let Some(cur) = p {
            if let Some(n) = self.nodes().get(&cur) {
                return Some(n.value);
            }
            p = cur.parent();
        }
        None
    }

    /// Position of the `offset`-th character inside the scalar at `path` (for type expressions).
    pub fn locate_in_scalar(&self, path: &YamlPath, offset: usize) -> Option<Pos> {
        let n = self.node(path)?;
        if n.block {
            return Some(n.value);
        }
        Some(Pos {
            line: n.value.line,
            col: n.value.col + offset + usize::from(n.quoted),
        })
    }

    /// All indexed paths directly under `path` that are mapping keys, for "did you mean".
    pub fn has(&self, path: &YamlPath) -> bool {
        self.nodes().contains_key(path)
    }
}

/// Maps a 1-based line and column inside the text of a `|` block scalar to the file. The block's
/// position is that of its first content line, at the block's indentation.
pub fn block_text_pos(block: Pos, inner_line: usize, inner_col: usize) -> Pos {
    Pos {
        line: block.line + inner_line.saturating_sub(1),
        col: block.col - 1 + inner_col,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> YamlPath {
        let mut path = YamlPath::root();
        for part in s.split('.') {
            path = match part.parse::<usize>() {
                Ok(i) => path.index(i),
                Err(_) => path.key(part),
            };
        }
        path
    }

    #[test]
    fn indexes_nested_keys_and_sequences() {
        let text = "a:\n  b: 1\n  c:\n    - x\n    - y: 2\n";
        let m = SourceMap::build(text);
        assert!(m.issues.is_empty(), "{:?}", m.issues);
        assert_eq!(m.locate(&p("a.b")), Some(Pos { line: 2, col: 6 }));
        assert_eq!(m.locate(&p("a.c.1.y")), Some(Pos { line: 5, col: 10 }));
        assert_eq!(
            m.node(&p("a.c.1.y")).unwrap().key,
            Some(Pos { line: 5, col: 7 })
        );
        // A missing key is located at its parent.
        assert_eq!(m.locate(&p("a.nope")), m.locate(&p("a")));
    }

    #[test]
    fn finds_duplicates_anchors_merge_keys_and_tags() {
        let text = "a: 1\nb: &x 2\na: 3\nc: *x\nd:\n  <<: {e: 1}\nf: !tag 4\n";
        let m = SourceMap::build(text);
        let rules: Vec<_> = m.issues.iter().map(|i| (i.rule, i.pos.line)).collect();
        assert_eq!(
            rules,
            vec![
                ("no-anchors", 2),
                ("duplicate-key", 3),
                ("no-anchors", 4),
                ("no-anchors", 6),
                ("no-tags", 7)
            ]
        );
    }

    #[test]
    fn syntax_error_is_an_issue_not_a_panic() {
        let m = SourceMap::build("a: [1, 2\nb: }");
        assert!(m.syntax_error);
        assert_eq!(m.issues[0].rule, "yaml-syntax");
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let text = "[".repeat(100_000);
        let m = SourceMap::build(&text);
        assert!(m.syntax_error);
    }

    #[test]
    fn block_scalar_text_maps_to_file_positions() {
        let text = "a: 1\nbody: |\n  {\"x\":\n   1 2}\nc: 2\n";
        let m = SourceMap::build(text);
        let block = m.node(&p("body")).unwrap();
        assert!(block.block);
        // Line 2, column 4 of the block's text is the `2` on line 4, column 6 of the file.
        assert_eq!(block_text_pos(block.value, 2, 4), Pos { line: 4, col: 6 });
    }

    #[test]
    fn quoted_scalar_offsets_skip_the_quote() {
        let m = SourceMap::build("t: \"list<x>\"\n");
        assert_eq!(
            m.locate_in_scalar(&p("t"), 5),
            Some(Pos { line: 1, col: 10 })
        );
    }
}
