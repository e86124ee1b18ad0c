//! The report as Markdown for a pull request, or as plain text.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use super::{Bump, Change, Class, Rule};

/// The counts of each class.
pub fn counts(changes: &[Change]) -> (usize, usize, usize) {
    let n = |c| changes.iter().filter(|x| x.class == c).count();
    (n(Class::Breaking), n(Class::Potential), n(Class::Info))
}

/// The report as Markdown for a pull request: a summary line, the breaking items, a section per
/// vendor and operation for the others, then the generated files and snapshots the change
/// touches.
pub fn markdown(changes: &[Change], touched: &[String]) -> String {
    let (b, p, i) = counts(changes);
    let mut s =
        format!("**Spec changes: {b} breaking, {p} potentially breaking, {i} informational.**\n");
    if changes.is_empty() {
        s.push_str("\nNo change reaches the generated crate.\n");
    }
    let breaking: Vec<&Change> = changes
        .iter()
        .filter(|c| c.class == Class::Breaking)
        .collect();
    if !breaking.is_empty() {
        s.push_str("\n### Breaking\n\n");
        for c in &breaking {
            let _ = writeln!(s, "- `{}`: {}", c.item, c.what);
        }
    }
    // The breaking items are listed above; each section holds the rest.
    let rest: Vec<&Change> = changes
        .iter()
        .filter(|c| c.class != Class::Breaking)
        .collect();
    let mut sections: Vec<(&str, Option<&str>)> = rest
        .iter()
        .map(|c| (c.vendor.as_str(), c.operation.as_deref()))
        .collect();
    sections.dedup();
    let mut seen = BTreeSet::new();
    for (vendor, op) in sections {
        if !seen.insert((vendor, op)) {
            continue;
        }
        match op {
            Some(op) => {
                let _ = write!(s, "\n### {vendor} `{op}`\n\n");
            }
            None => {
                let _ = write!(s, "\n### {vendor} (vendor)\n\n");
            }
        }
        for c in rest
            .iter()
            .filter(|c| c.vendor == vendor && c.operation.as_deref() == op)
        {
            let _ = writeln!(
                s,
                "- **{}** `{}`: {} _({})_",
                c.class.label(),
                c.item,
                c.what,
                c.rule
            );
        }
    }
    if !touched.is_empty() {
        s.push_str("\n### Generated files and snapshots touched\n\n");
        for t in touched {
            let _ = writeln!(s, "- `{t}`");
        }
    }
    s
}

/// The report as plain text, one change a line.
pub fn text(changes: &[Change], touched: &[String]) -> String {
    let (b, p, i) = counts(changes);
    let mut s = format!("{b} breaking, {p} potentially breaking, {i} informational\n");
    for c in changes {
        let op = c.operation.as_deref().unwrap_or("-");
        let _ = writeln!(
            s,
            "{:<20} {} {}: {}: {}",
            c.class.label(),
            c.vendor,
            op,
            c.item,
            c.what
        );
    }
    for t in touched {
        let _ = writeln!(s, "touched {t}");
    }
    s
}

/// The version bump `changes` need together.
pub fn bump(changes: &[Change]) -> Bump {
    Bump::of(changes.iter().filter_map(|c| Rule::by_name(c.rule)))
}

/// An entry in the style of Keep a Changelog: the bump, the breaking changes first, then one
/// section per vendor and operation, each change under the heading of what it does (Added,
/// Changed, Removed, Documentation).
pub fn changelog(changes: &[Change], title: &str) -> String {
    let mut s = format!(
        "## {title}\n\nVersion bump: **{}**.\n",
        bump(changes).label()
    );
    if changes.is_empty() {
        s.push_str("\nNo change reaches the generated crate.\n");
        return s;
    }
    let heading = |c: &Change| -> &'static str {
        let r = Rule::by_name(c.rule);
        if c.rule.ends_with("-removed") {
            "Removed"
        } else if c.rule.ends_with("-added") || c.rule.ends_with("-added-required") {
            "Added"
        } else if r.is_some_and(|r| r.bump() == Bump::Patch) {
            "Documentation"
        } else {
            "Changed"
        }
    };
    let breaking: Vec<&Change> = changes
        .iter()
        .filter(|c| c.class == Class::Breaking)
        .collect();
    if !breaking.is_empty() {
        s.push_str("\n### ⚠ Breaking\n\n");
        for c in &breaking {
            let op = c
                .operation
                .as_deref()
                .map_or(String::new(), |o| format!(" `{o}`"));
            let _ = writeln!(s, "- {}{op}: {} (`{}`)", c.vendor, c.what, c.item);
        }
    }
    let mut sections: Vec<(&str, Option<&str>)> = changes
        .iter()
        .filter(|c| c.class != Class::Breaking)
        .map(|c| (c.vendor.as_str(), c.operation.as_deref()))
        .collect();
    sections.sort();
    sections.dedup();
    for (vendor, op) in sections {
        match op {
            Some(op) => {
                let _ = write!(s, "\n### {vendor} `{op}`\n");
            }
            None => {
                let _ = write!(s, "\n### {vendor}\n");
            }
        }
        for h in ["Added", "Changed", "Removed", "Documentation"] {
            let here: Vec<&Change> = changes
                .iter()
                .filter(|c| {
                    c.class != Class::Breaking
                        && c.vendor == vendor
                        && c.operation.as_deref() == op
                        && heading(c) == h
                })
                .collect();
            if here.is_empty() {
                continue;
            }
            let _ = write!(s, "\n#### {h}\n\n");
            for c in here {
                let _ = writeln!(s, "- {} (`{}`)", c.what, c.item);
            }
        }
    }
    s
}
