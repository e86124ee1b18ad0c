//! The model derive against serde_derive, on random JSON: for the fixture crate's hardest
//! generated model (renamed and keyword fields, every lenient decoder, nested lists of models,
//! maps, open enums), a serde_derive mirror with the same names and types must accept the same
//! bodies and decode the same values. The derive replaced serde_derive's visitors for compile
//! time; this is what keeps it a replacement.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use vodspec::runtime::__private::lenient;
use vodspec::runtime::Open;
use vodspec_fixture_client::fixture::r#match::{Level, MatchKind, MatchResult};

#[derive(Deserialize, Serialize)]
struct MatchResultMirror {
    r#type: Open<MatchKind>,
    r#match: Option<StringTypeMirror>,
    #[serde(rename = "self")]
    self_: Option<SelfMirror>,
    #[serde(rename = "taskId")]
    task_id: i64,
    #[serde(rename = "task_id")]
    task_id_snake: Option<String>,
    #[serde(rename = "TaskID")]
    task_id_upper: Option<String>,
    #[serde(rename = "1080p")]
    n1080p: Option<bool>,
    #[serde(rename = "状态")]
    u72b6_u6001: Option<Open<Level>>,
    items: Option<Vec<ItemMirror>>,
    extra: Option<std::collections::BTreeMap<String, Value>>,
    note: Option<String>,
    #[serde(default, deserialize_with = "lenient::option_string_as_number")]
    count: Option<i64>,
    #[serde(default, deserialize_with = "lenient::empty_string_as_none")]
    label: Option<String>,
    secret: Option<String>,
    legacy: Option<String>,
    ratio: f64,
}

#[derive(Deserialize, Serialize)]
struct StringTypeMirror {
    value: String,
}

#[derive(Deserialize, Serialize)]
struct SelfMirror {
    me: bool,
}

#[derive(Deserialize, Serialize)]
struct ItemMirror {
    name: String,
    children: Option<Vec<ChildMirror>>,
}

#[derive(Deserialize, Serialize)]
struct ChildMirror {
    id: u64,
    error: Option<ErrorMirror>,
}

#[derive(Deserialize, Serialize)]
struct ErrorMirror {
    reason: String,
}

/// A random JSON value: scalars of every kind (big and negative numbers, escapes), and
/// shallow arrays and objects.
fn any(r: &mut fastrand::Rng, depth: u32) -> Value {
    match r.u8(0..if depth > 2 { 7 } else { 9 }) {
        0 => Value::Null,
        1 => json!(r.bool()),
        2 => json!(r.i64(-5..100)),
        3 => json!(r.u64(..)),
        4 => json!(r.f64() * 1e3),
        5 => json!(["", "x", "12", " 12 ", "+3", "007", "é\"\\", "crate", "-99"][r.usize(..9)]),
        6 => json!(r.i64(..)),
        7 => Value::Array((0..r.usize(0..3)).map(|_| any(r, depth + 1)).collect()),
        _ => Value::Object(
            (0..r.usize(0..3))
                .map(|i| (format!("k{i}"), any(r, depth + 1)))
                .collect(),
        ),
    }
}

/// A value meant for `key`: of the right shape, or anything one time in `junk`.
fn for_key(r: &mut fastrand::Rng, key: &str, junk: u8) -> Value {
    if r.u8(0..junk) == 0 {
        return any(r, 0);
    }
    match key {
        "type" => json!(["crate", "self", "on", "ON", "4k", "", "new"][r.usize(..7)]),
        "taskId" => json!(r.i64(-3..3)),
        "ratio" => json!(r.f64()),
        "match" => json!({"value": "v"}),
        "self" => json!({"me": r.bool()}),
        "1080p" => json!(r.bool()),
        "状态" => json!([-99, -1, 0, 7, 8][r.usize(..5)]),
        "items" => Value::Array(
            (0..r.usize(0..3))
                .map(|_| {
                    json!({"name": "n", "children": [{"id": r.u64(..), "error": {"reason": "r"}}, {"id": 1}]})
                })
                .collect(),
        ),
        "count" => json!(["12", "-4", " 1", "x"][r.usize(..4)]),
        "label" => json!(["", "l"][r.usize(..2)]),
        _ => any(r, 0),
    }
}

const KEYS: &[&str] = &[
    "type", "match", "self", "taskId", "task_id", "TaskID", "1080p", "状态", "items", "extra",
    "note", "count", "label", "secret", "legacy", "ratio", "unknown", "TASKID",
];

/// A body: usually the required keys, then some others (repeats allowed, sometimes escaped),
/// each with a value; half the bodies never hold a value of the wrong shape.
fn body(r: &mut fastrand::Rng) -> String {
    let junk = if r.bool() { u8::MAX } else { 8 };
    let mut keys: Vec<&str> = ["type", "taskId", "ratio"]
        .into_iter()
        .filter(|_| r.u8(0..12) != 0)
        .collect();
    let extra = r.usize(0..8);
    keys.extend((0..extra).map(|_| KEYS[r.usize(..KEYS.len())]));
    r.shuffle(&mut keys);
    let mut members = Vec::new();
    for key in keys {
        let written = if key == "taskId" && r.u8(0..5) == 0 {
            "\\u0074askId".to_owned()
        } else {
            serde_json::to_string(key)
                .unwrap()
                .trim_matches('"')
                .to_owned()
        };
        members.push(format!("\"{written}\":{}", for_key(r, key, junk)));
    }
    format!("{{{}}}", members.join(","))
}

#[test]
fn the_derive_accepts_and_decodes_what_serde_derive_does() {
    let mut r = fastrand::Rng::with_seed(20_261_205);
    let (mut both, mut neither) = (0, 0);
    for _ in 0..20_000 {
        let text = body(&mut r);
        let ours = serde_json::from_str::<MatchResult>(&text);
        let theirs = serde_json::from_str::<MatchResultMirror>(&text);
        match (ours, theirs) {
            (Ok(a), Ok(b)) => {
                assert_eq!(
                    serde_json::to_value(&a).unwrap(),
                    serde_json::to_value(&b).unwrap(),
                    "{text}"
                );
                both += 1;
            }
            (Err(_), Err(_)) => neither += 1,
            (a, b) => panic!(
                "{text}\nthe derive: {:?}\nserde_derive: {:?}",
                a.map(|_| "accepted").map_err(|e| e.to_string()),
                b.map(|_| "accepted").map_err(|e| e.to_string())
            ),
        }
    }
    // Both outcomes are well represented, or the comparison says little.
    assert!(
        both > 1000 && neither > 1000,
        "{both} accepted, {neither} refused"
    );
}
