//! `docs check`: a spec against its page snapshot.

use std::collections::BTreeSet;

use vodspec_codegen::spec::OperationSpec;

use crate::snapshot::Snapshot;
use crate::terms;

/// What one operation's spec and page disagree on.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Findings {
    /// The page's table terms the spec lacks.
    pub missing: Vec<String>,
    /// The spec's terms the page does not show and no note or remark accounts for.
    pub unexplained: Vec<String>,
    /// The page's "last updated" and the spec's `source.updated`, when they differ.
    pub updated: Option<(Option<String>, Option<String>)>,
}

impl Findings {
    /// Nothing to report.
    pub fn is_empty(&self) -> bool {
        self.missing.is_empty() && self.unexplained.is_empty() && self.updated.is_none()
    }
}

/// Compares `op` with `page`; `vendor_text` is what the vendor file says for every operation
/// (its envelope's and its own docs and notes), which accounts for a page's envelope keys.
pub fn check(op: &OperationSpec, vendor_text: &str, page: &Snapshot) -> Findings {
    let spec = terms::spec_terms(op);
    let text = page.lines.join("\n");
    // A term the spec leaves out on purpose is named in a note (the vendor's or its own).
    let missing = terms::page_terms(page)
        .into_iter()
        .filter(|t| {
            !spec.contains(t) && !shows(vendor_text, t) && !op.notes.iter().any(|n| shows(n, t))
        })
        .collect();
    let unexplained = unexplained(op, &text);
    // The dates compare; the spec may keep the page's words around its date verbatim.
    let on_page = terms::last_updated(&page.lines);
    let in_spec = op
        .source
        .updated
        .as_deref()
        .map(|u| terms::date_in(u).unwrap_or_else(|| u.to_owned()));
    let updated = match (&on_page, &in_spec) {
        (Some(p), Some(s)) if p != s => Some((on_page, in_spec)),
        (Some(_), None) => Some((on_page, in_spec)),
        _ => None,
    };
    Findings {
        missing,
        unexplained,
        updated,
    }
}

/// The spec's terms that the page does not show and nothing in the spec accounts for: a note
/// naming the term or, for a field or an enum value, its type (`ObsObjInfo's fields come from
/// the SDK`), or the item's own remark.
fn unexplained(op: &OperationSpec, page: &str) -> Vec<String> {
    let noted = |t: &str| op.notes.iter().any(|n| shows(n, t));
    let mut out = BTreeSet::new();
    let mut consider = |term: &str, owner: Option<&str>, remark: bool| {
        if !(shows(page, term) || noted(term) || owner.is_some_and(noted) || remark) {
            out.insert(term.to_owned());
        }
    };
    for (wire, p) in &op.params {
        consider(wire, None, p.remark.is_some());
    }
    for (name, def) in &op.types {
        for (wire, f) in def.fields.iter().flatten() {
            consider(wire, Some(name), f.remark.is_some());
        }
        for value in def.values.iter().flat_map(|v| v.keys()) {
            consider(value, Some(name), false);
        }
    }
    let mut messages = Vec::new();
    for row in op.errors.values() {
        // A row that names its own source page accounts for itself.
        let own = row.source.is_some();
        if let Some(code) = &row.code {
            consider(&code.to_string(), None, own);
        }
        // A message is matched exactly, so the page must show it as the spec writes it.
        if let Some(message) = &row.message
            && !(page.contains(message.as_str()) || noted(message) || own)
        {
            messages.push(message.clone());
        }
    }
    out.extend(messages);
    out.into_iter().collect()
}

/// Whether `text` shows `term` as a whole word (so `id` is not found in `task_id`).
fn shows(text: &str, term: &str) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(term).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + term.len()..].chars().next();
        !before.is_some_and(word) && !after.is_some_and(word)
    })
}
