//! The vendor file's rules: its name, endpoint and regions, credentials and auth schemes, envelope,
//! error catalog and rate limit, and the operation names of its tree.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use indexmap::IndexMap;

use crate::diag::{Diagnostic, YamlPath};
use crate::load::{OperationFile, SpecTree, VendorTree};
use crate::names;
use crate::spec::{EnvelopeScheme, ErrorCode, ErrorRow, VendorSpec};

use super::{Cx, check_url, did_you_mean};

pub(super) fn check_vendor(cx: &mut Cx, folder: &str, v: &VendorSpec) {
    let root = YamlPath::root();
    if v.vendor != folder {
        cx.err(
            &root.key("vendor"),
            "vendor-name",
            format!(
                "vendor is `{}` but the folder is `{folder}`; they must be the same",
                v.vendor
            ),
        );
    }
    for (i, s) in v.sources.iter().enumerate() {
        check_url(cx, &root.key("sources").index(i).key("url"), &s.url);
    }
    check_base_url(cx, v);

    let cpath = root.key("credentials");
    if v.credentials.is_empty() {
        cx.err(
            &cpath,
            "credentials",
            "a vendor needs at least one credential field",
        );
    }
    for (name, c) in &v.credentials {
        let p = cpath.key(name);
        if !names::is_identifier(name) || names::snake(name) != *name {
            cx.err_at_key(
                &p,
                "credentials",
                format!(
                    "credential names are snake_case identifiers; write `{}`",
                    names::snake(name)
                ),
            );
        }
        if c.env.is_empty()
            || !c
                .env
                .chars()
                .all(|ch| ch.is_ascii_uppercase() || ch.is_ascii_digit() || ch == '_')
        {
            cx.err(
                &p.key("env"),
                "credentials",
                format!(
                    "`{}` is not an environment variable name (A-Z, 0-9, _)",
                    c.env
                ),
            );
        }
    }

    let apath = root.key("auth");
    if v.auth.is_empty() {
        cx.err(&apath, "auth", "a vendor needs at least one auth scheme");
    }
    let mut seen = HashSet::new();
    for (i, a) in v.auth.iter().enumerate() {
        let p = apath.index(i);
        if !seen.insert(a.scheme) {
            cx.err(
                &p.key("scheme"),
                "auth",
                format!("auth scheme `{}` is listed twice", a.scheme.name()),
            );
        }
        let roles = a.scheme.credential_roles();
        let optional = a.scheme.optional_roles();
        if a.uses.len() < roles.len() || a.uses.len() > roles.len() + optional.len() {
            let also = if optional.is_empty() {
                String::new()
            } else {
                format!(", then optionally {}", optional.join(", "))
            };
            cx.err(
                &p.key("uses"),
                "auth",
                format!(
                    "`{}` signs with {} credential{} ({}){also}, in that order; `uses` lists {}",
                    a.scheme.name(),
                    roles.len(),
                    if roles.len() == 1 { "" } else { "s" },
                    roles.join(", "),
                    a.uses.len()
                ),
            );
        }
        for (j, u) in a
            .uses
            .iter()
            .enumerate()
            .skip(roles.len())
            .take(optional.len())
        {
            if let Some(c) = v.credentials.get(u)
                && !c.optional
            {
                cx.err(
                    &p.key("uses").index(j),
                    "auth",
                    format!("`{u}` is an optional role of `{}`: its credential must be `optional: true`", a.scheme.name()),
                );
            }
        }
        for (j, u) in a.uses.iter().enumerate() {
            if !v.credentials.contains_key(u) {
                let hint = did_you_mean(u, v.credentials.keys().map(String::as_str));
                cx.err(
                    &p.key("uses").index(j),
                    "credentials",
                    format!("no credential `{u}` in `credentials`{hint}"),
                );
            }
        }
        for (j, s) in a.sources.iter().enumerate() {
            check_url(cx, &p.key("sources").index(j).key("url"), &s.url);
        }
    }

    let epath = root.key("envelope");
    let e = &v.envelope;
    match (e.scheme.integer_codes(), e.success_code) {
        (true, None) => cx.err(
            &epath,
            "envelope",
            "this envelope carries a body `code`; set `success_code` (the code that means success)",
        ),
        (false, Some(_)) => cx.err(
            &epath.key("success_code"),
            "envelope",
            "`plain-with-error-object` has no body code; remove `success_code`",
        ),
        _ => {}
    }
    if e.scheme == EnvelopeScheme::PlainWithErrorObject && e.error_data.is_some() {
        cx.err(
            &epath.key("error_data"),
            "envelope",
            "`plain-with-error-object` has no `data` field; remove `error_data`",
        );
    }
    if let Some(rl) = &v.rate_limit {
        check_rate_limit(cx, &root.key("rate_limit"), rl.requests, rl.per_seconds);
    }
    check_error_table(cx, &root.key("errors"), &v.errors, v.envelope.scheme, None);
}

fn check_base_url(cx: &mut Cx, v: &VendorSpec) {
    let root = YamlPath::root();
    let p = root.key("base_url");
    let url = &v.base_url;
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        cx.err(
            &p,
            "base-url",
            format!("`{url}` must start with https:// or http://"),
        );
    }
    if url.ends_with('/') {
        cx.err(
            &p,
            "base-url",
            "drop the trailing `/`: operation paths start with one",
        );
    }
    let mut placeholders = Vec::new();
    let mut rest = url.as_str();
    while let Some(i) = rest.find('{') {
        match rest[i..].find('}') {
            Some(j) => {
                placeholders.push(&rest[i + 1..i + j]);
                rest = &rest[i + j + 1..];
            }
            None => {
                cx.err(&p, "base-url", "unclosed `{` in base_url");
                break;
            }
        }
    }
    for ph in &placeholders {
        if *ph != "region" {
            cx.err(
                &p,
                "base-url",
                format!(
                    "`{{{ph}}}` is not a known placeholder; base_url may only contain `{{region}}`"
                ),
            );
        }
    }
    let regional = placeholders.contains(&"region");
    if regional && v.regions.is_empty() {
        cx.err(
            &p,
            "base-url",
            "base_url has `{region}` but `regions` lists none; list the regions the vendor serves",
        );
    }
    if regional && !v.credentials.contains_key("region") {
        cx.err(
            &p,
            "base-url",
            "base_url has `{region}`: add a `region` credential the client fills it from",
        );
    }
    if !regional && !v.regions.is_empty() {
        cx.err(
            &root.key("regions"),
            "base-url",
            "`regions` is set but base_url has no `{region}` placeholder",
        );
    }
    for (name, r) in &v.regions {
        if let Some(u) = &r.base_url {
            let rp = root.key("regions").key(name).key("base_url");
            if !(u.starts_with("https://") || u.starts_with("http://")) || u.contains('{') {
                cx.err(
                    &rp,
                    "base-url",
                    format!(
                        "region override `{u}` must be a complete http(s) URL without placeholders"
                    ),
                );
            }
        }
    }
}

pub(super) fn check_rate_limit(cx: &mut Cx, p: &YamlPath, requests: u32, per: u32) {
    if requests == 0 {
        cx.err(
            &p.key("requests"),
            "constraint-contradiction",
            "a rate limit of 0 requests allows nothing; give the documented number",
        );
    }
    if per == 0 {
        cx.err(
            &p.key("per_seconds"),
            "constraint-contradiction",
            "a window of 0 seconds is meaningless",
        );
    }
}

/// Checks one error table; `vendor` is the vendor-wide table when checking an endpoint's.
pub(super) fn check_error_table(
    cx: &mut Cx,
    p: &YamlPath,
    rows: &IndexMap<String, ErrorRow>,
    scheme: EnvelopeScheme,
    vendor: Option<&IndexMap<String, ErrorRow>>,
) {
    let mut keys: HashMap<(Option<ErrorCode>, Option<String>), &str> = HashMap::new();
    let mut variants: HashMap<String, &str> = HashMap::new();
    if let Some(v) = vendor {
        for (name, row) in v {
            keys.insert((row.code.clone(), row.message.clone()), name);
            variants.insert(names::variant(name), name);
        }
    }
    for (name, row) in rows {
        let rp = p.key(name);
        if !names::is_identifier(name) || names::snake(name) != *name {
            cx.err_at_key(
                &rp,
                "error-row",
                format!(
                    "error rows are keyed by snake_case names; write `{}`",
                    names::snake(name)
                ),
            );
        }
        let variant = names::variant(name);
        if variant == "Unhandled" {
            cx.err_at_key(
                &rp,
                "no-case-collisions",
                "`unhandled` is reserved for errors no row matches; pick another name",
            );
        } else if let Some(other) = variants.insert(variant.clone(), name) {
            let whose = if vendor.is_some_and(|v| v.contains_key(other)) {
                "vendor row"
            } else {
                "row"
            };
            cx.err_at_key(
                &rp,
                "no-case-collisions",
                format!(
                    "`{name}` and {whose} `{other}` both become variant `{variant}`; rename one"
                ),
            );
        }
        if row.code.is_none() && row.message.is_none() {
            cx.err(
                &rp,
                "error-row",
                "an error row needs a `code`, a `message`, or both, to be recognised by",
            );
        }
        match (&row.code, scheme.integer_codes()) {
            (Some(ErrorCode::Str(s)), true) => cx.err(
                &rp.key("code"),
                "error-row",
                format!("this vendor's envelope has integer codes; `{s}` is text"),
            ),
            (Some(ErrorCode::Int(i)), false) => cx.err(
                &rp.key("code"),
                "error-row",
                format!("this vendor's `error_code` is text; quote it: \"{i}\""),
            ),
            _ => {}
        }
        let key = (row.code.clone(), row.message.clone());
        if let Some(other) = keys.get(&key) {
            if *other != name.as_str() {
                let whose = if vendor.is_some_and(|v| v.contains_key(*other)) {
                    "vendor row"
                } else {
                    "row"
                };
                cx.err_at_key(&rp, "duplicate-error", format!("same code and message as {whose} `{other}`; a response could not tell them apart — keep one"));
            }
        } else {
            keys.insert(key, name);
        }
    }
}

/// Lower-case ASCII words joined by single `-`s, starting with a letter.
fn is_kebab(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && s.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && !s.contains("--")
        && !s.ends_with('-')
}

/// Each service folder is a cargo feature, `<vendor>-<service>`: its name must make one, and
/// it must not be another vendor's feature. Said once per folder, on its first file.
pub(super) fn check_service_names(tree: &SpecTree, out: &mut Vec<Diagnostic>) {
    let vendors: BTreeSet<&str> = tree.vendors.iter().map(|v| v.name.as_str()).collect();
    for vt in &tree.vendors {
        let mut seen = BTreeSet::new();
        for op in vt
            .operations
            .iter()
            .filter(|op| seen.insert(op.service.as_str()))
        {
            let feature = names::service_feature(&vt.name, &op.service);
            let message = if !is_kebab(&op.service) {
                format!(
                    "service folder `{}` becomes the cargo feature `{feature}`: name it in kebab-case, e.g. `{}`",
                    op.service,
                    heck::ToKebabCase::to_kebab_case(op.service.as_str())
                )
            } else if vendors.contains(feature.as_str()) {
                format!(
                    "service folder `{}` becomes the cargo feature `{feature}`, which is also vendor `{feature}`'s; rename the folder",
                    op.service
                )
            } else {
                continue;
            };
            out.push(Diagnostic {
                file: op.file.rel.clone(),
                pos: None,
                path: YamlPath::root(),
                rule: "service-name",
                message,
            });
        }
    }
}

pub(super) fn check_operation_names(vt: &VendorTree, out: &mut Vec<Diagnostic>) {
    let mut seen: BTreeMap<String, &OperationFile> = BTreeMap::new();
    for op in &vt.operations {
        // About the file as a whole: its name is the operation's.
        let mut report = |message: String| {
            out.push(Diagnostic {
                file: op.file.rel.clone(),
                pos: None,
                path: YamlPath::root(),
                rule: "operation-name",
                message,
            });
        };
        let stem = &op.name;
        if !is_kebab(stem) {
            report(format!(
                "operation file names are kebab-case (they become CLI subcommands): rename `{stem}.yaml` to `{}.yaml`",
                heck::ToKebabCase::to_kebab_case(stem.as_str())
            ));
        }
        let rust = names::snake(stem);
        if names::CLIENT_ITEMS.contains(&rust.as_str()) {
            report(format!(
                "`{rust}` is a name every {} client has already (a method, or the command line's `help`); name the file after what the operation does, e.g. `{stem}-task.yaml`",
                vt.name
            ));
        }
        if let Some(first) = seen.get(&rust) {
            report(format!(
                "operation `{stem}` and `{}` both become method `{rust}` on the {} client; rename one",
                first.file.rel.display(),
                vt.name
            ));
        } else {
            seen.insert(rust, op);
        }
    }
}
