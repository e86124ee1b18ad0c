//! What the doc does not promise, the client does not demand: each doc example, with any one
//! field removed anywhere in its data, still decodes; and a decode failure names the JSON path.

use serde_json::Value;
use vodspec::runtime::{self, Operation, Split, engine};
use vodspec::{haplat, huaweicloud, polyv};

/// Every copy of `v` with one object field removed, and where.
fn removals(v: &Value, at: &str, out: &mut Vec<(String, Value)>) {
    match v {
        Value::Object(map) => {
            for k in map.keys() {
                let mut copy = map.clone();
                copy.remove(k);
                out.push((format!("{at}.{k}"), Value::Object(copy)));
            }
            for (k, child) in map {
                let mut inner = Vec::new();
                removals(child, &format!("{at}.{k}"), &mut inner);
                for (path, changed) in inner {
                    let mut copy = map.clone();
                    copy.insert(k.clone(), changed);
                    out.push((path, Value::Object(copy)));
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                let mut inner = Vec::new();
                removals(child, &format!("{at}[{i}]"), &mut inner);
                for (path, changed) in inner {
                    let mut copy = items.clone();
                    copy[i] = changed;
                    out.push((path, Value::Array(copy)));
                }
            }
        }
        _ => {}
    }
}

/// Removes each field of each success example of `O` in turn; every variant must decode.
fn sweep<O: Operation>() -> usize {
    let mut tried = 0;
    for ex in O::DESC.examples.iter().filter(|e| e.row.is_none()) {
        let envelope = O::DESC.vendor.envelope;
        let Ok(Split::Data(range)) = envelope.split(ex.status, None, ex.body.as_bytes()) else {
            panic!("{}: example {} has no data", O::DESC.name, ex.name)
        };
        let data: Value = serde_json::from_str(&ex.body[range.clone()]).unwrap();
        let mut variants = Vec::new();
        removals(&data, "", &mut variants);
        for (path, variant) in variants {
            let body = format!(
                "{}{}{}",
                &ex.body[..range.start],
                variant,
                &ex.body[range.end..]
            );
            if let Err(e) = engine::decode_example::<O>(ex.status, &body) {
                panic!(
                    "{}: without `{path}` the example does not decode: {e:?}",
                    O::DESC.name
                );
            }
            tried += 1;
        }
    }
    tried
}

#[test]
fn every_example_decodes_without_any_one_of_its_fields() {
    let tried = sweep::<polyv::get_snapshot_task_status::GetSnapshotTaskStatus>()
        + sweep::<haplat::pull_video_query::PullVideoQuery>()
        + sweep::<haplat::video_concat_query::VideoConcatQuery>()
        + sweep::<huaweicloud::list_thumbnails_task::ListThumbnailsTask>();
    assert!(tried > 60, "{tried} variants");
}

#[test]
fn a_decode_failure_names_the_json_path() {
    use huaweicloud::list_thumbnails_task::ListThumbnailsTask;
    let body = r#"{"task_array": [{"task_id": "1"}, {"task_id": "2", "input": {"bucket": []}}], "total": 2}"#;
    match engine::decode_example::<ListThumbnailsTask>(200, body) {
        Err(runtime::Error::Decode(d)) => {
            assert!(d.reason.contains("`task_array[1].input.bucket`"), "{d}")
        }
        other => panic!("{other:?}"),
    }
}
