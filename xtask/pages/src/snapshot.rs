//! A page snapshot: the page's text as `extract` makes it, checked in beside its spec
//! (`<operation>.page.txt`), under a header that says where and how it was made.
//!
//! ```text
//! # page: https://support.huaweicloud.com/intl/en-us/api-mpc/mpc_04_0036.html
//! # made: fetched 2026-12-05
//!
//! Querying Snapshot Tasks
//! |= Parameter | Mandatory | Type | Description |
//! | task_id | No | Array of strings | Task ID. … |
//! ```

use std::path::{Path, PathBuf};

/// A snapshot: the page's address, how it was made, its lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    pub url: String,
    /// `fetched 2026-12-05`, or `made from a stored copy (…)`.
    pub made: String,
    pub lines: Vec<String>,
}

/// Where the snapshot of the spec at `spec` lives.
pub fn path_for(spec: &Path) -> PathBuf {
    spec.with_extension("page.txt")
}

impl Snapshot {
    /// The file's text.
    pub fn render(&self) -> String {
        let mut s = format!("# page: {}\n# made: {}\n\n", self.url, self.made);
        for l in &self.lines {
            s.push_str(l);
            s.push('\n');
        }
        s
    }

    /// Reads a snapshot file's text.
    pub fn parse(text: &str) -> Result<Snapshot, String> {
        let mut lines = text.lines();
        let field = |line: Option<&str>, name: &str| {
            line.and_then(|l| l.strip_prefix(&format!("# {name}: ")))
                .map(str::to_owned)
                .ok_or_else(|| format!("a snapshot starts with `# {name}: …`"))
        };
        let url = field(lines.next(), "page")?;
        let made = field(lines.next(), "made")?;
        if lines.next().is_some_and(|l| !l.is_empty()) {
            return Err("a blank line follows a snapshot's header".to_owned());
        }
        Ok(Snapshot {
            url,
            made,
            lines: lines.map(str::to_owned).collect(),
        })
    }

    /// The table rows' cells (`|` and `|=` lines), header rows marked.
    pub fn rows(&self) -> impl Iterator<Item = (bool, Vec<String>)> + '_ {
        self.lines.iter().filter_map(|l| row(l))
    }
}

/// A table row line's cells, and whether it is a header row.
pub fn row(line: &str) -> Option<(bool, Vec<String>)> {
    let (header, rest) = if let Some(r) = line.strip_prefix("|= ") {
        (true, r)
    } else {
        (false, line.strip_prefix("| ")?)
    };
    let rest = rest.strip_suffix(" |").unwrap_or(rest);
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cell.push('|');
                chars.next();
            }
            '|' => {
                cells.push(cell.trim().to_owned());
                cell.clear();
            }
            c => cell.push(c),
        }
    }
    cells.push(cell.trim().to_owned());
    Some((header, cells))
}
