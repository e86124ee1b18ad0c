//! The robustness harnesses: each takes arbitrary bytes and checks what must hold for any input
//! (no panic, and the contract of its stage). `tests/tests/robustness.rs` runs them as property
//! tests on seeded random and mutated inputs; the cargo-fuzz targets in `tests/fuzz/` run the
//! same functions coverage-guided (`cargo xtask fuzz`).

use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::SystemTime;

use vodspec::runtime::auth::{Scheme, huawei, huawei_token, polyv, ws3};
use vodspec::runtime::envelope::EXCERPT_CHARS;
use vodspec::runtime::{self, AuthSlot, Location, Method, Operation, RequestParts, Secret, wire};
use vodspec_codegen::diff::{self, Change};
use vodspec_codegen::ir::{Ir, Options};
use vodspec_codegen::load::{OperationFile, SpecTree, VendorTree, parse_text};
use vodspec_codegen::spec::{OperationSpec, VendorSpec};
use vodspec_codegen::{Diagnostic, emit, validate};
use vodspec_testing::verify::Incoming;

/// Loads and validates a one-operation tree from texts, entirely in memory: the vendor file
/// at `<vendor_name>/vendor.yaml`, the operation at `<vendor_name>/s/op.yaml`.
pub fn validate_texts(vendor_name: &str, vendor: String, op: String) -> Vec<Diagnostic> {
    let files = [
        (format!("{vendor_name}/vendor.yaml"), vendor),
        (format!("{vendor_name}/s/op.yaml"), op),
    ];
    let (tree, mut diags) = tree_of(&files);
    diags.extend(validate::validate(&tree));
    diags
}

/// A spec tree from files given as (path under `specs/`, text), entirely in memory, with the
/// diagnostics its parsing gave: `<vendor>/vendor.yaml` and `<vendor>/<service>/<op>.yaml`.
pub fn tree_of(files: &[(String, String)]) -> (SpecTree, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut vendors: Vec<VendorTree> = Vec::new();
    for (rel, text) in files {
        let parts: Vec<&str> = rel.split('/').collect();
        let name = parts[0];
        if vendors.last().is_none_or(|v| v.name != name) {
            vendors.push(VendorTree {
                name: name.into(),
                vendor: None,
                operations: Vec::new(),
            });
        }
        let v = vendors.last_mut().expect("pushed");
        let path = PathBuf::from(rel);
        match parts[1..] {
            ["vendor.yaml"] => {
                v.vendor = parse_text::<VendorSpec>(text.clone(), &path, &mut diags);
            }
            [service, file] => {
                let op = parse_text::<OperationSpec>(text.clone(), &path, &mut diags);
                v.operations.extend(op.map(|parsed| OperationFile {
                    service: service.into(),
                    name: file.trim_end_matches(".yaml").into(),
                    file: parsed,
                }));
            }
            _ => panic!("{rel} is not a spec file's place"),
        }
    }
    (SpecTree { vendors }, diags)
}

/// The files of `specs/` as (path under it, text): each vendor's `vendor.yaml`, then its
/// operations, vendors and operations sorted as the loader sorts them. Read once.
pub fn seed_files() -> &'static [(String, String)] {
    static FILES: OnceLock<Vec<(String, String)>> = OnceLock::new();
    FILES.get_or_init(|| {
        let root = crate::specs_dir();
        let mut out = Vec::new();
        let mut vendors: Vec<_> = std::fs::read_dir(&root)
            .expect("specs/")
            .flatten()
            .filter(|e| e.path().join("vendor.yaml").is_file())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        vendors.sort();
        for v in vendors {
            out.push(format!("{v}/vendor.yaml"));
            let mut ops = Vec::new();
            for svc in std::fs::read_dir(root.join(&v))
                .expect("a vendor folder")
                .flatten()
            {
                if !svc.path().is_dir() {
                    continue;
                }
                for f in std::fs::read_dir(svc.path())
                    .expect("a service folder")
                    .flatten()
                {
                    let name = f.file_name().to_string_lossy().into_owned();
                    if name.ends_with(".yaml") {
                        ops.push(format!("{v}/{}/{name}", svc.file_name().to_string_lossy()));
                    }
                }
            }
            ops.sort();
            out.extend(ops);
        }
        out.into_iter()
            .map(|rel| {
                let text = std::fs::read_to_string(root.join(&rel)).expect("a seed spec");
                (rel, text)
            })
            .collect()
    })
}

/// The seed tree with file `which` (an index into [`seed_files`]; out of range: none) replaced
/// by `text`, lowered, when it is a tree `cargo xtask diff` compares (policy rules aside).
fn seed_tree_with(which: u8, text: &[u8]) -> Option<Ir> {
    let mut files = seed_files().to_vec();
    if let Some(slot) = files.get_mut(usize::from(which)) {
        slot.1 = String::from_utf8_lossy(text).into_owned();
    }
    let (tree, diags) = tree_of(&files);
    let (validated, _) = vodspec_codegen::check_lowerable_loaded(tree, diags).ok()?;
    Some(validated.lower(&Options::default()))
}

fn assert_well_formed(changes: &[Change], krate: &str) {
    for c in changes {
        assert!(
            c.item.starts_with(krate) && !c.what.is_empty() && !c.vendor.is_empty(),
            "a change without its item or words: {c:?}"
        );
    }
    let (b, p, i) = diff::counts(changes);
    let md = diff::markdown(changes, &[]);
    let summary = format!("{b} breaking, {p} potentially breaking, {i} informational");
    assert!(md.contains(&summary), "{md}");
    assert!(!diff::text(changes, &[]).is_empty());
}

/// Two trees, each the seed tree with one file replaced (`bytes[0]` and `bytes[1]` pick the
/// files; the rest, split at the first `0xff`, are the two texts), compared as `cargo xtask
/// diff` compares them when both lower: a tree has no change against itself; a comparison has
/// changes exactly when the reverse one has; every change names its item; the report renders
/// with its counts; and trees with no change emit the same crate, as the report then says.
/// Whether both sides lowered (and so were compared).
pub fn diff(bytes: &[u8]) -> bool {
    let (Some(&a), Some(&b)) = (bytes.first(), bytes.get(1)) else {
        return false;
    };
    let rest = &bytes[2..];
    let (ta, tb) = match rest.iter().position(|x| *x == 0xff) {
        Some(i) => (&rest[..i], &rest[i + 1..]),
        None => (rest, &[][..]),
    };
    let (Some(old), Some(new)) = (seed_tree_with(a, ta), seed_tree_with(b, tb)) else {
        return false;
    };
    for ir in [&old, &new] {
        let same = diff::diff(ir, ir);
        assert!(same.is_empty(), "a tree differs from itself: {same:#?}");
    }
    let (fwd, back) = (diff::diff(&old, &new), diff::diff(&new, &old));
    assert_eq!(
        fwd.is_empty(),
        back.is_empty(),
        "a change seen one way only: {fwd:#?} {back:#?}"
    );
    assert_well_formed(&fwd, &new.crate_name);
    assert_well_formed(&back, &old.crate_name);
    if fwd.is_empty() {
        let (eo, en) = (emit::emit(&old), emit::emit(&new));
        let (Ok(eo), Ok(en)) = (eo, en) else {
            panic!("a lowered seed variant does not emit");
        };
        for (o, n) in eo.iter().zip(&en) {
            let first = o
                .contents
                .lines()
                .zip(n.contents.lines())
                .find(|(x, y)| x != y);
            assert!(
                o.path == n.path && o.contents == n.contents,
                "no change reported, yet {} differs: {first:?}",
                n.path
            );
        }
        assert_eq!(eo.len(), en.len(), "no change reported, yet files differ");
    }
    true
}

/// [`validate_texts`] for the Huawei vendor; every diagnostic must name one of the two files.
fn validate_named(vendor: String, op: String) {
    for d in &validate_texts("huaweicloud", vendor, op) {
        let f = d.file.to_string_lossy();
        assert!(
            f == "huaweicloud/vendor.yaml" || f == "huaweicloud/s/op.yaml",
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
/// cannot carry) refused before signing as the runtime's check refuses it. The same request is
/// then refused with other credentials, after the vendor's clock window, with a param changed
/// and on another path, wherever the scheme's signature covers them.
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
        // Param names are `&'static str`; a table, not a leak per input (the fuzzer runs
        // millions).
        let key = ["q0", "q1", "q2", "q3", "q4", "q5", "q6"][k.len() % 7];
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
        let incoming = Incoming {
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
        let refused = |what: &str, r: &Incoming<'_>, keys: &[&str], at: i64| {
            if verifier.verify(r, keys, at, skew).is_ok() {
                panic!(
                    "{}: the verifier accepts {what}: {w:?} {bytes:?}",
                    scheme.name()
                );
            }
        };
        let wrong: Vec<String> = verify_keys.iter().map(|k| format!("{k}x")).collect();
        let wrong: Vec<&str> = wrong.iter().map(String::as_str).collect();
        refused("other credentials", &incoming, &wrong, now);
        if let Some(window) = skew {
            refused(
                "a stale request",
                &incoming,
                &verify_keys,
                now + window as i64 + 60,
            );
        }
        // What each scheme's signature covers, as its vendor documents it: a token covers
        // nothing, Polyv's sign the params alone, and Huawei leaves a non-JSON body unsigned.
        let name = scheme.name();
        let unsigned_body = headers
            .iter()
            .any(|(k, v)| k == "x-sdk-content-sha256" && v == "UNSIGNED-PAYLOAD");
        if name != "huawei-token" && !(post && unsigned_body) {
            let mut changed = pairs.clone();
            for (k, v) in &mut changed {
                if k == "name" {
                    v.push('x');
                }
            }
            let encoded = form_urlencoded::Serializer::new(String::new())
                .extend_pairs(&changed)
                .finish();
            let (query, body) = if post {
                (query, encoded.as_bytes())
            } else {
                (encoded.as_str(), &w.body[..])
            };
            let r = Incoming {
                query,
                body,
                params: &changed,
                ..incoming
            };
            refused("a param changed after signing", &r, &verify_keys, now);
        }
        if matches!(name, "ws3-hmac-sha256" | "huawei-sdk-hmac-sha256") {
            let longer = format!("{path}x");
            let r = Incoming {
                path: &longer,
                ..incoming
            };
            refused("another path", &r, &verify_keys, now);
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
