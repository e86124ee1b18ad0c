//! The terms a page's tables name and a spec names: param and field names, enum values, error
//! codes. A page's term is a table row's first cell when it is one token; a spec's, every wire
//! name and value it writes down.

use std::collections::BTreeSet;

use vodspec_codegen::spec::OperationSpec;

use crate::snapshot::Snapshot;

/// Words a table's first row uses for its columns when the page marks no header cells.
const COLUMN_WORDS: &[&str] = &[
    "parameter",
    "param",
    "name",
    "field",
    "value",
    "code",
    "error code",
    "status code",
    "参数",
    "参数名",
    "名称",
    "字段",
    "取值",
    "错误码",
    "状态码",
];

/// The terms of the snapshot's tables (header rows left out): each row's first cell when it is
/// one token, and the values its cells list (`• WAITING: pending`).
pub fn page_terms(s: &Snapshot) -> BTreeSet<String> {
    let mut terms = BTreeSet::new();
    let rows = s.rows().filter(|(header, cells)| {
        !header
            && !cells
                .first()
                .is_some_and(|c| COLUMN_WORDS.contains(&c.to_lowercase().as_str()))
    });
    for (_, cells) in rows {
        if let Some(first) = cells.first().filter(|c| is_term(c)) {
            terms.insert(first.clone());
        }
        for cell in &cells {
            terms.extend(listed_values(cell).map(str::to_owned));
        }
    }
    terms
}

/// The values a cell lists as bullets: `• VALUE: meaning`.
fn listed_values(cell: &str) -> impl Iterator<Item = &str> {
    cell.split("• ")
        .skip(1)
        .filter_map(|item| item.split_once(':').map(|(v, _)| v.trim()))
        .filter(|v| is_term(v))
}

/// One token of at most 64 characters that names something: a name, a value, a code (letters,
/// digits, `_`, `-`, `.`; not `POST/GET` or a sentence).
fn is_term(c: &str) -> bool {
    c.chars().count() <= 64
        && c.starts_with(|ch: char| ch.is_alphanumeric())
        && c.chars()
            .all(|ch| ch.is_alphanumeric() || matches!(ch, '_' | '-' | '.'))
}

/// Every term the spec writes down: params, fields, enum values, its own error codes.
pub fn spec_terms(op: &OperationSpec) -> BTreeSet<String> {
    let mut t = BTreeSet::new();
    t.extend(op.params.keys().cloned());
    for def in op.types.values() {
        if let Some(fields) = &def.fields {
            t.extend(fields.keys().cloned());
        }
        if let Some(values) = &def.values {
            t.extend(values.keys().cloned());
        }
    }
    for row in op.errors.values() {
        if let Some(code) = &row.code {
            t.insert(code.to_string());
        }
    }
    t
}

/// The first date (`2025-12-01`, `2025/12/01`) on a line that says the page was updated.
pub fn last_updated(lines: &[String]) -> Option<String> {
    lines
        .iter()
        .filter(|l| {
            let low = l.to_lowercase();
            low.contains("updated") || low.contains("update time") || l.contains("更新")
        })
        .find_map(|l| date_in(l))
}

/// The first date in `text` (`2025-12-01`, `2025/12/01`), as `YYYY-MM-DD`.
pub fn date_in(line: &str) -> Option<String> {
    let b = line.as_bytes();
    (0..b.len().saturating_sub(9)).find_map(|i| {
        let w = &b[i..i + 10];
        let digits = |r: std::ops::Range<usize>| w[r].iter().all(u8::is_ascii_digit);
        let sep = w[4];
        (digits(0..4) && digits(5..7) && digits(8..10) && matches!(sep, b'-' | b'/') && w[7] == sep)
            .then(|| String::from_utf8_lossy(w).replace('/', "-"))
    })
}
