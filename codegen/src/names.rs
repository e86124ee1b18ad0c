//! Rust names from spec names, decided in one place.
//!
//! Case comes from heck. What heck leaves invalid is made valid here: characters outside ASCII
//! identifiers are spelled as `u{hex}`, a leading digit gets a prefix, and Rust keywords are
//! reported so the emitter can make them raw identifiers (or suffix the few that cannot be raw).

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords of Rust 2024 (strict and reserved) that cannot be plain identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers either (`r#self` is not allowed).
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

/// What every generated client has already, which an operation (a client method and a
/// command-line subcommand, by its snake_case name) must not be called: the client's own
/// methods, and the `help` subcommand clap adds.
pub const CLIENT_ITEMS: &[&str] = &[
    "new",
    "with_config",
    "with_base_url",
    "with_interceptor",
    "with_credentials_provider",
    "inner",
    "help",
];

/// What a request builder has already (its constructor, `Default`, and the methods of
/// `vodspec_runtime::Request` it derefs to), which a param's setter must not shadow.
pub const REQUEST_ITEMS: &[&str] = &[
    "new",
    "default",
    "build",
    "prepare",
    "send",
    "send_with",
    "wait",
    "wait_with",
    "pages",
    "pages_with",
    "client",
    "with",
];

/// What every model has already (the derive's constructor, and the trait methods users call
/// with method syntax), which a field's setter must not shadow.
pub const MODEL_ITEMS: &[&str] = &["new", "clone", "eq", "ne"];

/// A fieldless enum's discriminants, one per variant name in order: a hash of the name
/// (FNV-1a, 31 bits, so it fits `isize` everywhere), so adding or removing a variant never
/// renumbers the others and an `as` cast in users' code keeps its value across minor releases.
/// Two names that hash alike (rare) are told apart by the later one taking the next free value.
pub fn discriminants(idents: &[&str]) -> Vec<u32> {
    let mut taken = std::collections::HashSet::new();
    idents
        .iter()
        .map(|name| {
            let mut h: u32 = 0x811c_9dc5;
            for b in name.trim_start_matches("r#").bytes() {
                h ^= u32::from(b);
                h = h.wrapping_mul(0x0100_0193);
            }
            let mut d = h & 0x7fff_ffff;
            while !taken.insert(d) {
                d = (d + 1) & 0x7fff_ffff;
            }
            d
        })
        .collect()
}

/// Whether `s` is a Rust keyword.
pub fn is_keyword(s: &str) -> bool {
    KEYWORDS.contains(&s)
}

/// Whether `s` is a keyword that cannot be written as a raw identifier.
pub fn is_non_raw_keyword(s: &str) -> bool {
    NOT_RAW.contains(&s)
}

/// Spells every character that is not ASCII alphanumeric or `_` in ASCII, so `状态` stays
/// distinguishable from `描述` instead of collapsing to nothing.
fn asciify(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c);
        } else if c.is_alphanumeric() {
            out.push_str(&format!("_u{:x}_", c as u32));
        } else {
            out.push('_');
        }
    }
    out
}

/// Whether heck would leave `s` as it is: lower-case ASCII words joined by single `_`.
fn is_plain_snake(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_lowercase())
        && !s.ends_with('_')
        && !s.contains("__")
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// The cargo feature of a vendor's service: `<vendor>-<service>` (`huaweicloud-mpc`). The
/// vendor's own feature (its id) enables all of its services.
pub fn service_feature(vendor: &str, service: &str) -> String {
    format!("{vendor}-{service}")
}

/// A crate generated beside the output crate `crate_name` (its Rust name) for `feature` (a
/// vendor's id or a service's feature): package name, Rust name and folder.
pub fn sub_crate(crate_name: &str, feature: &str) -> (String, String, String) {
    let package = format!("{}-{feature}", crate_name.replace('_', "-"));
    let ident = package.replace('-', "_");
    (package, ident, format!("crates/{feature}"))
}

/// The snake_case name of a field, param or method (before keyword escaping).
pub fn snake(wire: &str) -> String {
    // Most wire names are snake case already; heck would return them unchanged.
    if is_plain_snake(wire) {
        return wire.to_owned();
    }
    snake_slow(wire)
}

fn snake_slow(wire: &str) -> String {
    let s = asciify(&wire.to_snake_case()).to_snake_case();
    match s.chars().next() {
        None => "field".into(),
        Some(c) if c.is_ascii_digit() => format!("n{s}"),
        Some(_) => s,
    }
}

/// The UpperCamelCase name of a type or variant (before keyword escaping).
pub fn camel(wire: &str) -> String {
    let negative = wire.starts_with('-') && wire[1..].chars().all(|c| c.is_ascii_digit());
    let s = asciify(&wire.to_upper_camel_case()).to_upper_camel_case();
    match s.chars().next() {
        None => "Value".into(),
        Some(c) if c.is_ascii_digit() => {
            if negative {
                format!("Minus{s}")
            } else {
                format!("V{s}")
            }
        }
        Some(_) => s,
    }
}

/// The UpperCamelCase name of an enum variant or a type, escaped: `Self` is the one keyword
/// UpperCamelCase can produce, and it cannot even be raw, so it gets a `_`.
pub fn variant(wire: &str) -> String {
    let mut s = camel(wire);
    if is_keyword(&s) {
        s.push('_');
    }
    s
}

/// Whether `s` is a valid plain identifier shape (`name:` overrides must be).
pub fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discriminants_follow_the_name_not_the_position() {
        let before = discriminants(&["Waiting", "Done"]);
        let after = discriminants(&["Waiting", "Paused", "Done"]);
        assert_eq!((before[0], before[1]), (after[0], after[2]));
        assert!(after.iter().all(|d| *d <= i32::MAX as u32));
        assert_ne!(after[1], after[0]);
    }

    #[test]
    fn converts_wire_names() {
        assert_eq!(snake("taskId"), "task_id");
        assert_eq!(snake("task_id"), "task_id");
        assert_eq!(snake("X-Project_Id"), "x_project_id");
        assert_eq!(snake("1st"), "n1st");
        assert_eq!(snake("userid"), "userid");
        assert_eq!(camel("SUCCEEDED"), "Succeeded");
        assert_eq!(camel("snapshot_task"), "SnapshotTask");
        assert_eq!(camel("1"), "V1");
        assert_eq!(camel("-99"), "Minus99");
        assert_ne!(camel("状态"), camel("描述"));
        assert!(is_identifier(&camel("状态")), "{}", camel("状态"));
        assert!(is_identifier(&snake("状态")), "{}", snake("状态"));
        assert!(is_keyword("type") && is_non_raw_keyword("self") && !is_keyword("task"));
    }

    #[test]
    fn the_snake_fast_path_agrees_with_heck() {
        let parts = ["a", "task", "id", "v2", "x1y", "9", "_", "__", "b"];
        let mut checked = 0;
        for a in parts {
            for b in parts {
                for c in parts {
                    let s = format!("{a}{b}{c}");
                    if is_plain_snake(&s) {
                        assert_eq!(snake(&s), snake_slow(&s), "{s}");
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 100, "{checked}");
    }
}
