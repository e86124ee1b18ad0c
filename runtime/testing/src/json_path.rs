//! The descriptors' wire paths (`task_array[].status`: `.` between fields, `[]` for each element
//! of a list) applied to JSON, to put a task state, a page or a flag where the spec says it is.

use serde_json::Value;

/// Calls `f` with every value at `path` in `root`; the last field is created in an object that
/// lacks it.
pub(crate) fn visit_mut(root: &mut Value, path: &str, f: &mut dyn FnMut(&mut Value)) {
    let segs: Vec<&str> = path.split('.').filter(|s| !s.is_empty()).collect();
    walk(root, &segs, f);
}

fn walk(cur: &mut Value, segs: &[&str], f: &mut dyn FnMut(&mut Value)) {
    let Some((seg, rest)) = segs.split_first() else {
        f(cur);
        return;
    };
    let (name, each) = match seg.strip_suffix("[]") {
        Some(n) => (n, true),
        None => (*seg, false),
    };
    let Value::Object(map) = cur else {
        return;
    };
    let next = if rest.is_empty() && !each {
        map.entry(name).or_insert(Value::Null)
    } else {
        match map.get_mut(name) {
            Some(v) => v,
            None => return,
        }
    };
    if each {
        if let Value::Array(items) = next {
            for item in items {
                walk(item, rest, f);
            }
        }
    } else {
        walk(next, rest, f);
    }
}

/// `value` in the JSON type the example used at that place: a number where it had a number and
/// `value` reads as one, `1`/`0` for a flag kept as a number, else text.
pub(crate) fn like(old: &Value, value: &str) -> Value {
    match old {
        // Where nothing was (a body made up without an example), a number reads as one.
        Value::Number(_) | Value::Null => value
            .parse::<i64>()
            .map(Value::from)
            .unwrap_or_else(|_| Value::from(value)),
        _ => Value::from(value),
    }
}

/// An id in the JSON type the example used at that place: a number only where it had one
/// (ids are text unless the doc shows a number).
pub(crate) fn id_like(old: &Value, id: &str) -> Value {
    match old {
        Value::Number(_) => like(old, id),
        _ => Value::from(id),
    }
}

/// A boolean flag in the JSON type the example used for it.
pub(crate) fn flag_like(old: &Value, on: bool) -> Value {
    match old {
        Value::Number(_) => Value::from(i64::from(on)),
        Value::String(_) => Value::from(if on { "1" } else { "0" }),
        _ => Value::from(on),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_reach_every_element_and_create_the_last_field() {
        let mut v = json!({"task_array": [{"status": "A"}, {"status": "B"}], "data": {}});
        visit_mut(&mut v, "task_array[].status", &mut |x| *x = json!("Z"));
        assert_eq!(v["task_array"], json!([{"status": "Z"}, {"status": "Z"}]));
        visit_mut(&mut v, "data.total", &mut |x| *x = json!(3));
        assert_eq!(v["data"]["total"], json!(3));
        visit_mut(&mut v, "missing.deeper", &mut |_| panic!("nothing there"));
    }

    #[test]
    fn values_keep_the_examples_json_types() {
        assert_eq!(like(&json!(1), "2"), json!(2));
        assert_eq!(like(&json!("waiting"), "success"), json!("success"));
        assert_eq!(like(&json!(1), "RUNNING"), json!("RUNNING"));
        assert_eq!(flag_like(&json!(0), true), json!(1));
        assert_eq!(flag_like(&json!(false), true), json!(true));
    }
}
