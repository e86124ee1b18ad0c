//! `docs watch`: a live page against its snapshot.

use similar::{ChangeTag, TextDiff};

use crate::snapshot::Snapshot;
use crate::terms;

/// What became of a page since its snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageState {
    Unchanged,
    Changed(Change),
    Unreachable(String),
    /// No snapshot to compare with (or one that does not read).
    NoSnapshot(String),
}

/// How a page changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Change {
    /// The changed lines, `- old` and `+ new`.
    pub lines: Vec<String>,
    /// Table terms the page has now and did not.
    pub added: Vec<String>,
    /// Table terms the page had and has no more.
    pub removed: Vec<String>,
    /// The page's "last updated", before and now, when it changed.
    pub updated: Option<(Option<String>, Option<String>)>,
}

/// Compares the page's text now with its snapshot.
pub fn compare(old: &Snapshot, now: &[String]) -> PageState {
    if old.lines == now {
        return PageState::Unchanged;
    }
    let (a, b) = (old.lines.join("\n"), now.join("\n"));
    let lines = TextDiff::from_lines(&a, &b)
        .iter_all_changes()
        .filter_map(|c| match c.tag() {
            ChangeTag::Delete => Some(format!("- {}", c.value().trim_end())),
            ChangeTag::Insert => Some(format!("+ {}", c.value().trim_end())),
            ChangeTag::Equal => None,
        })
        .collect();
    let new = Snapshot {
        url: old.url.clone(),
        made: String::new(),
        lines: now.to_vec(),
    };
    let (before, after) = (terms::page_terms(old), terms::page_terms(&new));
    let (u0, u1) = (terms::last_updated(&old.lines), terms::last_updated(now));
    PageState::Changed(Change {
        lines,
        added: after.difference(&before).cloned().collect(),
        removed: before.difference(&after).cloned().collect(),
        updated: (u0 != u1).then_some((u0, u1)),
    })
}
