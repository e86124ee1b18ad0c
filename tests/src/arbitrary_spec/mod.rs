//! Random valid spec trees, for the generator's property tests: one vendor of a few operations,
//! its names drawn from a pool of what is hard to turn into Rust (keywords, names that start with
//! a digit, CJK, names that differ only in case or separators, names of generated items and of
//! prelude types), models nested deep, integer enums with negative values, and the doc's
//! examples drawn from the types so every operation's example test has something to decode.
//!
//! Where two names become the same Rust name the tree sets `name:` on the later one, as a spec
//! writer does when `check` says so; the Rust names are taken from `vodspec_codegen::names`, the
//! one place that decides them. Everything else is left to the generator: a tree this module
//! writes is valid by construction, so `check` refusing one, or its output not compiling, is a
//! bug in the validator, the generator or here.
//!
//! The texts are JSON, which is YAML too.

mod operation;
mod pools;
mod types;

use operation::{Envelope, operation};
use pools::{HEADERS, NAMES, OPERATIONS, TEXTS, TYPE_NAMES, distinct, pick};
use types::{Scope, Ty, Types, doc};

use std::collections::HashSet;

use fastrand::Rng;
use serde_json::json;
use vodspec_codegen::names;

/// A random valid tree of one vendor (`vendor`, a folder name) as (path under `specs/`, text).
pub fn tree(seed: u64, vendor: &str) -> Vec<(String, String)> {
    let mut rng = Rng::with_seed(seed);
    // The vendor-wide row is a variant of every operation's error kind.
    let mut vendor_rows = Scope::new(&["Unhandled"]);
    vendor_rows.claim("type", names::camel);
    let envelope = [Envelope::CodeMessage, Envelope::CodeStatus, Envelope::Plain][rng.usize(..3)];
    let env = |c: &str| format!("{}_{c}", vendor.to_uppercase());
    let scheme = rng.u8(..3);
    let (credentials, auth) = if scheme == 0 {
        (
            json!({
                "access_key": {"env": env("ACCESS_KEY")},
                "secret_key": {"env": env("SECRET_KEY"), "sensitive": true},
            }),
            json!([{"scheme": "ws3-hmac-sha256", "uses": ["access_key", "secret_key"]}]),
        )
    } else if scheme == 1 {
        (
            json!({"token": {"env": env("TOKEN"), "sensitive": true}}),
            json!([{"scheme": "huawei-token", "uses": ["token"]}]),
        )
    } else {
        (
            json!({
                "user_id": {"env": env("USER_ID")},
                "secret_key": {"env": env("SECRET_KEY"), "sensitive": true},
            }),
            json!([{"scheme": "polyv-sha1-sign", "max_clock_skew_seconds": 180, "uses": ["secret_key"]}]),
        )
    };
    let mut vendor_row = envelope.row(7);
    vendor_row["doc"] = json!("类型错误");
    let mut vendor_file = json!({
        "vendor": vendor,
        "title": format!("随机 {vendor}"),
        "doc": "A vendor drawn at random by the generator's property tests.",
        "base_url": "https://api.random.test",
        "credentials": credentials,
        "auth": auth,
        "envelope": envelope.spec(),
        "errors": {"type": vendor_row},
    });
    if rng.bool() {
        vendor_file["base_url"] = json!("https://api.{region}.random.test");
        vendor_file["regions"] = json!({"cn-north-4": {}, "ap-1": {"base_url": "https://ap.random.test", "doc": "亚太"}});
        vendor_file["credentials"]["region"] =
            json!({"env": env("REGION"), "doc": "Picks the endpoint."});
    }
    if rng.bool() {
        vendor_file["rate_limit"] =
            json!({"requests": 100, "per_seconds": 10, "scope": "client-ip", "doc": "限流"});
    }
    let mut files = vec![(
        format!("{vendor}/vendor.yaml"),
        serde_json::to_string_pretty(&vendor_file).expect("JSON prints") + "\n",
    )];
    let mut ops = Vec::new();
    let mut modules = HashSet::new();
    let n_ops = rng.usize(1..=4);
    for stem in distinct(&mut rng, OPERATIONS, n_ops) {
        let module = names::snake(stem);
        if names::CLIENT_ITEMS.contains(&module.as_str()) || !modules.insert(module) {
            continue;
        }
        let service = ["svc", "other"][rng.usize(..2)];
        let mut errors = Scope {
            taken: vendor_rows.taken.clone(),
        };
        let text = operation(&mut rng, stem, &mut errors, envelope, scheme == 2);
        ops.push((format!("{vendor}/{service}/{stem}.yaml"), text));
    }
    ops.sort();
    files.extend(ops);
    files
}
