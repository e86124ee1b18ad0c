//! The robustness harnesses: each takes arbitrary bytes and checks what must hold for any input
//! (no panic, and the contract of its stage). `tests/tests/robustness.rs` runs them as property
//! tests on seeded random and mutated inputs; the cargo-fuzz targets in `tests/fuzz/` run the
//! same functions coverage-guided (`cargo xtask fuzz`).

use std::path::Path;
use std::time::SystemTime;

use vodspec::runtime::auth::{Scheme, huawei, huawei_token, polyv, ws3};
use vodspec::runtime::envelope::EXCERPT_CHARS;
use vodspec::runtime::{self, AuthSlot, Location, Method, Operation, RequestParts, Secret, wire};
use vodspec_codegen::load::{OperationFile, SpecFile, SpecTree, VendorTree, parse_text};
use vodspec_codegen::spec::{OperationSpec, VendorSpec};
use vodspec_codegen::{Diagnostic, validate};

const VENDOR_REL: &str = "v/vendor.yaml";
const OP_REL: &str = "v/s/op.yaml";

/// Loads and validates a one-operation tree from texts, entirely in memory: the vendor file
/// at `v/vendor.yaml`, the operation at `v/s/op.yaml`.
pub fn validate_texts(vendor_name: &str, vendor: String, op: String) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let vendor = parse_text::<VendorSpec>(vendor, Path::new(VENDOR_REL), &mut diags);
    let op = parse_text::<OperationSpec>(op, Path::new(OP_REL), &mut diags);
    let tree = SpecTree {
        vendors: vec![VendorTree {
            name: vendor_name.into(),
            vendor,
            operations: op
                .map(|file: SpecFile<OperationSpec>| OperationFile {
                    service: "s".into(),
                    name: "op".into(),
                    file,
                })
                .into_iter()
                .collect(),
        }],
    };
    diags.extend(validate::validate(&tree));
    diags
}

/// [`validate_texts`] for the Huawei vendor; every diagnostic must name one of the two files.
fn validate_named(vendor: String, op: String) {
    for d in &validate_texts("huaweicloud", vendor, op) {
        let f = d.file.to_string_lossy();
        assert!(
            f == VENDOR_REL || f == OP_REL,
            "a diagnostic names {f}: {d:?}"
        );
        assert!(!d.message.is_empty(), "an empty diagnostic: {d:?}");
    }
}

fn seed(rel: &str) -> String {
    std::fs::read_to_string(crate::specs_dir().join(rel)).expect("seed spec")
}

/// An operation file of arbitrary bytes beside the Huawei vendor file.
pub fn spec_operation(bytes: &[u8]) {
    validate_named(
        seed("huaweicloud/vendor.yaml"),
        String::from_utf8_lossy(bytes).into_owned(),
    );
}

/// A vendor file of arbitrary bytes beside the Huawei operation.
pub fn spec_vendor(bytes: &[u8]) {
    validate_named(
        String::from_utf8_lossy(bytes).into_owned(),
        seed("huaweicloud/mpc/list-thumbnails-task.yaml"),
    );
}

const STATUSES: [u16; 9] = [200, 201, 204, 400, 401, 404, 429, 500, 502];

fn decode_as<O: Operation>(status: u16, body: &[u8]) {
    match runtime::engine::decode_body::<O>(status, None, body) {
        Ok(_) | Err(runtime::Error::Service(_)) => {}
        Err(runtime::Error::Decode(d)) => {
            assert_eq!(d.http_status, status);
            assert!(d.excerpt.chars().count() <= EXCERPT_CHARS + 1, "{d}");
            assert!(!d.reason.is_empty());
        }
        Err(other) => panic!("{}: decoding gave {other:?}", O::DESC.name),
    }
}

/// A response of one seed operation (`bytes[0]`), with a status (`bytes[1]`) and the rest as
/// the body: the model, a classified error, or a decode error with status and excerpt.
pub fn decode(bytes: &[u8]) {
    let (Some(op), Some(st)) = (bytes.first(), bytes.get(1)) else {
        return;
    };
    let status = STATUSES[usize::from(*st) % STATUSES.len()];
    let body = &bytes[2..];
    use vodspec::{haplat, huaweicloud, polyv as pv};
    match op % 4 {
        0 => decode_as::<pv::get_snapshot_task_status::GetSnapshotTaskStatus>(status, body),
        1 => decode_as::<haplat::pull_video_query::PullVideoQuery>(status, body),
        2 => decode_as::<haplat::video_concat_query::VideoConcatQuery>(status, body),
        _ => decode_as::<huaweicloud::list_thumbnails_task::ListThumbnailsTask>(status, body),
    }
}

/// A scheme, the credentials it signs with, the keys its verifier checks with, and the
/// vendor's clock-skew window.
type SchemeCase<'a> = (
    &'static dyn Scheme,
    Vec<&'a Secret>,
    Vec<&'static str>,
    Option<u64>,
);

/// Splits `bytes` into text pieces at `0xff`.
fn pieces(bytes: &[u8]) -> Vec<String> {
    bytes
        .split(|b| *b == 0xff)
        .map(|p| String::from_utf8_lossy(p).into_owned())
        .collect()
}

/// A request of arbitrary method, path value, query pairs and header value, signed by each
/// scheme and verified by the kit's independent verifier: accepted, or (a header value HTTP
/// cannot carry) refused before signing as the runtime's check refuses it.
pub fn signers(bytes: &[u8]) {
    let p = pieces(bytes);
    let get = |i: usize| p.get(i).cloned().unwrap_or_default();
    let post = bytes.first().is_some_and(|b| b % 2 == 1);
    let header = get(2);
    if !runtime::op::is_header_text(&header) {
        return; // `check` refuses it: nothing is signed or sent
    }
    let secret = |s: &str| Secret::from(s);
    let keys = [
        secret("AKfuzz"),
        secret("SK/fuzz+key="),
        secret("project-fuzz"),
    ];
    let schemes: [SchemeCase<'_>; 4] = [
        (
            &polyv::PolyvSha1Sign,
            vec![&keys[1]],
            vec!["SK/fuzz+key="],
            Some(180),
        ),
        (
            &ws3::Ws3HmacSha256,
            vec![&keys[0], &keys[1]],
            vec!["AKfuzz", "SK/fuzz+key="],
            Some(300),
        ),
        (
            &huawei::HuaweiSdkHmacSha256,
            vec![&keys[0], &keys[1], &keys[2]],
            vec!["AKfuzz", "SK/fuzz+key=", "project-fuzz"],
            Some(900),
        ),
        (
            &huawei_token::HuaweiToken,
            vec![&keys[0]],
            vec!["AKfuzz"],
            None,
        ),
    ];
    for (scheme, values, verify_keys, skew) in schemes {
        let method = if post { Method::Post } else { Method::Get };
        let mut parts = RequestParts::new("fuzz", method, "/v1/{id}/items");
        parts.path_params.push(("id", get(0)));
        let (k, v) = (get(1), get(3));
        let key: &'static str = Box::leak(format!("q{}", k.len() % 7).into_boxed_str());
        if post {
            parts.form(key, v.clone());
            parts.form("name", k.clone());
        } else {
            parts.query.push((key, v.clone()));
            parts.query.push(("name", k.clone()));
        }
        parts.headers.push(("x-language", header.clone()));
        if scheme.name() == "polyv-sha1-sign" {
            let location = if post {
                Location::Body
            } else {
                Location::Query
            };
            parts.auth_slots.push(AuthSlot {
                wire: "ptime",
                location,
                slot: "time",
            });
            parts.auth_slots.push(AuthSlot {
                wire: "sign",
                location,
                slot: "sign",
            });
        }
        let signer = scheme.signer(&values);
        let w = wire::assemble(
            &parts,
            "http://127.0.0.1:9",
            &signer,
            "fuzz",
            SystemTime::now(),
        )
        .expect("a fixed base URL assembles");
        let headers: Vec<(String, String)> = w
            .headers
            .iter()
            .map(|(k, v)| (k.to_ascii_lowercase(), v.clone()))
            .collect();
        let after_host = w.url.strip_prefix("http://127.0.0.1:9").expect("the base");
        let (path, query) = after_host.split_once('?').unwrap_or((after_host, ""));
        let pairs: Vec<(String, String)> = if post {
            form_urlencoded::parse(&w.body).into_owned().collect()
        } else {
            form_urlencoded::parse(query.as_bytes())
                .into_owned()
                .collect()
        };
        let incoming = vodspec_testing::verify::Incoming {
            method: w.method,
            path,
            query,
            headers: &headers,
            body: &w.body,
            params: &pairs,
        };
        let verifier =
            vodspec_testing::verify::verifier(scheme.name()).expect("a verifier per scheme");
        assert!(
            verifier.applies(&incoming),
            "{}: not recognised",
            scheme.name()
        );
        let now = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64);
        if let Err(why) = verifier.verify(&incoming, &verify_keys, now, skew) {
            panic!(
                "{}: the verifier refuses {why:?}: {w:?} {bytes:?}",
                scheme.name()
            );
        }
    }
}

/// Arbitrary argv (pieces split at `0`) through the command line, with no credentials in the
/// environment so that nothing can be sent: exit 0 (help) or 2 (usage), never a panic.
pub fn cli_argv(bytes: &[u8]) {
    let any_set = vodspec::APIS
        .iter()
        .flat_map(|a| a.vendor.credentials)
        .any(|c| std::env::var_os(c.env).is_some());
    if any_set {
        return; // a real credential could make a request leave the machine
    }
    let mut args = vec!["vodspec".to_owned()];
    args.extend(
        bytes
            .split(|b| *b == 0)
            .map(|p| String::from_utf8_lossy(p).into_owned()),
    );
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let out = rt.block_on(runtime::cli::run(args, vodspec::CLI_VENDORS));
    assert!(
        matches!(out.code, 0 | 2),
        "exit {}: {:?} {:?}",
        out.code,
        out.stdout,
        out.stderr
    );
}
