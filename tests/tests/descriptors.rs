//! The generated descriptor tables checked against behaviour: for each seed operation, every
//! constraint, error row and waiter state its spec states is read from the spec and exercised
//! through the table-driven engine (the same `check`, `classify` and `task_state` that `send`
//! and `wait` use), not only compared by snapshot.

use serde_json::Value as J;
use vodspec::runtime::engine::{self, Waiter};
use vodspec::runtime::{
    self, Code, ErrorKind, Operation, ServiceError, ServiceErrorMeta, TaskState, Value,
    ViolationKind,
};
use vodspec::{haplat, huaweicloud, polyv};
use vodspec_tests::specs_dir;

fn spec(rel: &str) -> J {
    let text = std::fs::read_to_string(specs_dir().join(rel)).unwrap();
    vodspec_codegen::yaml::to_json(&text).unwrap()
}

/// A value that satisfies a param's own constraints.
fn valid(p: &J) -> Value<'static> {
    let ty = p["type"].as_str().unwrap_or("string");
    let one =
        if ty.contains("i32") || ty.contains("i64") || ty.contains("u32") || ty.contains("u64") {
            Value::Int(p["minimum"].as_i64().unwrap_or(1))
        } else {
            Value::Text("x")
        };
    if ty.starts_with("list<") {
        Value::List(vec![one])
    } else {
        one
    }
}

/// The caller params' values with every required one, and the first of each at-least-one
/// group, set validly.
fn baseline<O: Operation>(spec: &J) -> Vec<Value<'static>> {
    let params = &spec["params"];
    let firsts: Vec<&str> = spec["param_rules"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["at_least_one_of"][0].as_str())
        .collect();
    O::DESC
        .caller_params()
        .map(|p| {
            let s = &params[p.wire];
            if s["required"].as_bool() == Some(true) || firsts.contains(&p.wire) {
                valid(s)
            } else {
                Value::Absent
            }
        })
        .collect()
}

fn kinds(err: runtime::BuildError) -> Vec<(String, ViolationKind)> {
    err.violations
        .into_iter()
        .map(|v| (v.path, v.kind))
        .collect()
}

/// Every constraint in the spec's params table is in the descriptor and enforced by `check`.
fn constraints<O: Operation>(rel: &str) -> usize {
    let s = spec(rel);
    let params = &s["params"];
    let desc = O::DESC;
    let base = baseline::<O>(&s);
    runtime::op::check(desc, &base).unwrap_or_else(|e| panic!("{rel}: the baseline fails: {e}"));
    let mut exercised = 0;
    let callers: Vec<_> = desc.caller_params().collect();
    for (name, p) in params.as_object().unwrap() {
        let from_client = p.get("from").is_some();
        let Some(i) = callers.iter().position(|d| d.wire == name) else {
            assert!(
                from_client,
                "{rel}: caller param {name} is not in the descriptor"
            );
            continue;
        };
        let d = callers[i];
        let with = |v: Value<'static>| {
            let mut vs = base.clone();
            vs[i] = v;
            runtime::op::check(desc, &vs)
        };
        if p["required"].as_bool() == Some(true) {
            assert!(d.limits.required, "{rel}: {name} is required in the spec");
            assert_eq!(
                kinds(with(Value::Absent).unwrap_err()),
                [(d.wire.to_owned(), ViolationKind::Missing)]
            );
            exercised += 1;
        }
        if let Some(max) = p["max_length"].as_u64() {
            assert_eq!(d.limits.max_length, Some(max), "{rel}: {name}");
            let long: &'static str = "y".repeat(max as usize + 1).leak();
            let ok: &'static str = "y".repeat(max as usize).leak();
            assert_eq!(
                kinds(with(Value::Text(long)).unwrap_err()),
                [(
                    d.wire.to_owned(),
                    ViolationKind::TooLong {
                        max,
                        actual: max + 1
                    }
                )]
            );
            with(Value::Text(ok)).unwrap();
            exercised += 1;
        }
        if let Some(min) = p["min_length"].as_u64().filter(|m| *m > 0) {
            let short: &'static str = "y".repeat(min as usize - 1).leak();
            assert!(
                with(Value::Text(short)).is_err(),
                "{rel}: {name} min_length"
            );
            exercised += 1;
        }
        if let Some(min) = p["minimum"].as_i64() {
            assert_eq!(d.limits.minimum, Some(min), "{rel}: {name}");
            assert_eq!(
                kinds(with(Value::Int(min - 1)).unwrap_err()),
                [(
                    d.wire.to_owned(),
                    ViolationKind::BelowMinimum {
                        min,
                        actual: min - 1
                    }
                )]
            );
            with(Value::Int(min)).unwrap();
            exercised += 1;
        }
        if let Some(max) = p["maximum"].as_i64() {
            assert_eq!(d.limits.maximum, Some(max), "{rel}: {name}");
            assert_eq!(
                kinds(with(Value::Int(max + 1)).unwrap_err()),
                [(
                    d.wire.to_owned(),
                    ViolationKind::AboveMaximum {
                        max,
                        actual: max + 1
                    }
                )]
            );
            with(Value::Int(max)).unwrap();
            exercised += 1;
        }
        if let Some(max) = p["max_items"].as_u64() {
            assert_eq!(d.limits.max_items, Some(max), "{rel}: {name}");
            let items = |n: u64| Value::List((0..n).map(|_| Value::Text("t")).collect());
            assert_eq!(
                kinds(with(items(max + 1)).unwrap_err()),
                [(
                    d.wire.to_owned(),
                    ViolationKind::TooManyItems {
                        max,
                        actual: max + 1
                    }
                )]
            );
            with(items(max)).unwrap();
            exercised += 1;
        }
    }
    for rule in s["param_rules"].as_array().into_iter().flatten() {
        // The descriptor's own (static) wire names, in the rule's order.
        let group: Vec<&'static str> = rule["at_least_one_of"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| {
                let w = v.as_str().unwrap();
                callers.iter().find(|d| d.wire == w).unwrap().wire
            })
            .collect();
        let mut vs = base.clone();
        for w in &group {
            let i = callers.iter().position(|d| d.wire == *w).unwrap();
            vs[i] = Value::Absent;
        }
        assert_eq!(
            kinds(runtime::op::check(desc, &vs).unwrap_err()),
            [(group[0].to_owned(), ViolationKind::NoneOf(group.clone()))],
            "{rel}"
        );
        for w in &group {
            let mut one = vs.clone();
            let i = callers.iter().position(|d| d.wire == *w).unwrap();
            one[i] = Value::Text("set");
            runtime::op::check(desc, &one).unwrap();
        }
        exercised += 1;
    }
    exercised
}

/// Every error row of the operation and of the vendor's catalog classifies as itself.
fn rows<O: Operation>(rel: &str, vendor_rel: &str) -> usize {
    let own = spec(rel)["errors"].clone();
    let vendor = spec(vendor_rel)["errors"].clone();
    let all: Vec<(String, J)> = [own, vendor]
        .iter()
        .filter_map(J::as_object)
        .flat_map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())))
        .collect();
    assert_eq!(
        all.len(),
        O::Kind::ROWS.len(),
        "{rel}: one kind per row, the endpoint's then the vendor's"
    );
    for (i, (name, row)) in all.iter().enumerate() {
        let code = match &row["code"] {
            J::Number(n) => Code::Int(n.as_i64().unwrap()),
            J::String(s) => Code::Str(s.clone().into()),
            _ => Code::Str("none".into()),
        };
        let meta = ServiceErrorMeta {
            code,
            message: row["message"].as_str().unwrap_or("any message").to_owned(),
            http_status: row["http_status"].as_u64().map_or(200, |s| s as u16),
            request_id: None,
        };
        let e = ServiceError::<O::Kind>::classify(O::DESC, meta, b"{}");
        assert_eq!(e.row(), Some(name.as_str()), "{rel}: row {name}");
        assert_eq!(e.kind, O::Kind::ROWS[i], "{rel}: row {name}");
        assert_eq!(
            e.is_auth_error(),
            row["auth"].as_bool() == Some(true),
            "{rel}: {name}"
        );
        if let Some(doc) = row["doc"].as_str() {
            assert!(e.to_string().contains(doc.trim()), "{rel}: {e}");
        }
    }
    let other = ServiceErrorMeta {
        code: Code::Str("NOT.A.DOCUMENTED.CODE".into()),
        message: "no row says this".into(),
        http_status: 500,
        request_id: None,
    };
    assert_eq!(
        ServiceError::<O::Kind>::classify(O::DESC, other, b"").kind,
        O::Kind::UNHANDLED
    );
    all.len()
}

/// Sets every value at a waiter path (`a.b`, `list[].field`) of a JSON document.
fn set_at(v: &mut J, path: &[&str], to: &J) {
    let Some((step, rest)) = path.split_first() else {
        *v = to.clone();
        return;
    };
    match step.strip_suffix("[]") {
        Some(field) => {
            for item in v[field].as_array_mut().unwrap() {
                set_at(item, rest, to);
            }
        }
        None => set_at(&mut v[*step], rest, to),
    }
}

/// Every state the spec's waiter lists is read as the spec says, through the generated
/// accessor and the engine; an unlisted one is `Unknown`.
fn states<O: Waiter>(rel: &str, wrapped: bool) -> usize {
    let s = spec(rel);
    let w = &s["waiter"];
    let body = s["examples"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["error"].is_null())
        .unwrap()["body"]
        .as_str()
        .unwrap()
        .to_owned();
    let path: Vec<&str> = w["path"].as_str().unwrap().split('.').collect();
    let state = |value: &J| {
        let mut doc: J = serde_json::from_str(&body).unwrap();
        let root = if wrapped { &mut doc["data"] } else { &mut doc };
        set_at(root, &path, value);
        let out = engine::decode_example::<O>(200, &doc.to_string()).unwrap();
        engine::task_state::<O>(&Default::default(), &out)
    };
    let mut n = 0;
    for (list, want) in [
        ("success", TaskState::Success),
        ("failure", TaskState::Failure),
        ("pending", TaskState::Pending),
    ] {
        for value in w[list].as_array().unwrap() {
            assert_eq!(state(value), want, "{rel}: {value}");
            n += 1;
        }
    }
    let unknown = match &w["success"][0] {
        J::Number(_) => J::from(987_654),
        _ => J::from("A-STATE-NO-DOC-LISTS"),
    };
    assert!(matches!(state(&unknown), TaskState::Unknown(_)), "{rel}");
    n
}

#[test]
fn polyv_descriptor_matches_its_spec() {
    use polyv::get_snapshot_task_status::GetSnapshotTaskStatus as O;
    let rel = "polyv/vod/get-snapshot-task-status.yaml";
    assert!(constraints::<O>(rel) >= 1);
    assert!(rows::<O>(rel, "polyv/vendor.yaml") >= 2);
    assert_eq!(states::<O>(rel, true), 4);
}

#[test]
fn haplat_descriptors_match_their_specs() {
    use haplat::pull_video_query::PullVideoQuery as P;
    use haplat::video_concat_query::VideoConcatQuery as C;
    let rel = "haplat/vod/pull-video-query.yaml";
    assert!(constraints::<P>(rel) >= 1, "the at-least-one rule");
    assert!(rows::<P>(rel, "haplat/vendor.yaml") >= 1);
    let rel = "haplat/vod/video-concat-query.yaml";
    assert!(constraints::<C>(rel) >= 2, "required and max_length");
    assert!(rows::<C>(rel, "haplat/vendor.yaml") >= 1);
    assert_eq!(states::<C>(rel, true), 3);
}

#[test]
fn huawei_descriptor_matches_its_spec() {
    use huaweicloud::list_thumbnails_task::ListThumbnailsTask as O;
    let rel = "huaweicloud/mpc/list-thumbnails-task.yaml";
    assert!(constraints::<O>(rel) >= 3, "max_items, minimum, maximum");
    assert_eq!(rows::<O>(rel, "huaweicloud/vendor.yaml"), 4);
    assert_eq!(states::<O>(rel, false), 5);
}
