//! Bad spec trees: each folder under `tests/bad-specs/` is a whole spec tree with one deliberate
//! defect (or a cluster of them). Its diagnostics are locked by an insta snapshot, so a change to
//! any message, position or rule shows up in review.

use std::fs;
use std::path::Path;

use vodspec_codegen::{Diagnostic, check};
use vodspec_tests::{bad_specs_dir, specs_dir};

fn render(diags: &[Diagnostic]) -> String {
    diags
        .iter()
        .map(|d| d.render(Path::new("")))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_base_of_the_corpus_is_valid() {
    // Every bad case is this tree plus a defect, so the base itself must pass.
    let base = bad_specs_dir().join("000-valid-base");
    if let Err(d) = check(&base) {
        panic!("the corpus base must be valid:\n{}", render(&d));
    }
}

#[test]
fn every_bad_tree_yields_its_locked_diagnostics() {
    let mut cases: Vec<_> = fs::read_dir(bad_specs_dir())
        .expect("tests/bad-specs exists")
        .map(|e| e.expect("readable").path())
        .filter(|p| p.is_dir())
        .filter(|p| !p.ends_with("000-valid-base"))
        .collect();
    cases.sort();
    assert!(
        cases.len() >= 30,
        "the corpus has only {} bad trees",
        cases.len()
    );
    for case in cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let diags = match check(&case) {
            Ok(_) => panic!("{name}: a bad spec tree validated"),
            Err(d) => d,
        };
        // The contract: FILE[:LINE:COL]: error: MESSAGE
        for d in &diags {
            let line = d.render(Path::new(""));
            assert!(line.contains(": error: "), "{name}: {line}");
            assert!(!d.message.is_empty());
        }
        insta::assert_snapshot!(name.clone(), render(&diags));
    }
}

/// A file over the size limit is refused with a diagnostic before it is parsed.
#[test]
fn a_huge_file_is_refused_not_parsed() {
    let dir = std::env::temp_dir().join(format!("vodspec-huge-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    let op_dir = dir.join("acme").join("vod");
    fs::create_dir_all(&op_dir).unwrap();
    let base = bad_specs_dir().join("000-valid-base").join("acme");
    fs::copy(
        base.join("vendor.yaml"),
        dir.join("acme").join("vendor.yaml"),
    )
    .unwrap();
    let mut big = fs::read_to_string(base.join("vod").join("get-task.yaml")).unwrap();
    big.push_str("notes:\n");
    while big.len() <= 5 * 1024 * 1024 {
        big.push_str(
            "  - \"a note that repeats until the file is far larger than any real spec\"\n",
        );
    }
    fs::write(op_dir.join("get-task.yaml"), &big).unwrap();
    let diags = check(&dir).expect_err("a 5 MB spec is refused");
    fs::remove_dir_all(&dir).unwrap();
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0].rule, "file-size");
    assert!(
        diags[0].message.contains("at most 4194304 bytes"),
        "{}",
        diags[0].message
    );
}

/// A tiny deterministic generator, so the mutation test needs no dependency and replays exactly.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// Validates one operation text against one vendor text entirely in memory.
fn validate_texts(vendor_name: &str, vendor: &str, op: &str) -> Vec<Diagnostic> {
    vodspec_tests::harness::validate_texts(vendor_name, vendor.to_owned(), op.to_owned())
}

/// Truncations, byte flips and line shuffles of the real seed specs: never a panic, and every
/// diagnostic is well formed. (A mutation may happen to stay valid; most do not.)
#[test]
fn mutated_seed_specs_never_panic() {
    let seeds = [
        ("polyv", "vod/get-snapshot-task-status.yaml"),
        ("haplat", "vod/video-concat-query.yaml"),
        ("huaweicloud", "mpc/list-thumbnails-task.yaml"),
    ];
    let mut rng = Lcg(0x5eed);
    let mut failing = 0;
    let mut total = 0;
    for (vendor_name, seed) in seeds {
        let vendor = fs::read_to_string(specs_dir().join(vendor_name).join("vendor.yaml")).unwrap();
        let text = fs::read_to_string(specs_dir().join(vendor_name).join(seed)).unwrap();
        assert!(
            validate_texts(vendor_name, &vendor, &text).is_empty(),
            "{seed}: the unmutated seed validates in memory"
        );
        let chars: Vec<char> = text.chars().collect();
        let lines: Vec<&str> = text.lines().collect();
        for round in 0..120 {
            let mutated: String = match round % 4 {
                0 => chars[..rng.below(chars.len())].iter().collect(),
                1 => {
                    let mut c = chars.clone();
                    for _ in 0..3 {
                        let i = rng.below(c.len());
                        c[i] = [
                            '{', '[', ':', '-', '"', '\'', '\t', '&', '*', '!', '<', '\n', '9',
                        ][rng.below(13)];
                    }
                    c.into_iter().collect()
                }
                2 => {
                    let mut l = lines.clone();
                    let (a, b) = (rng.below(l.len()), rng.below(l.len()));
                    l.swap(a, b);
                    l.join("\n")
                }
                _ => {
                    let mut l = lines.clone();
                    l.remove(rng.below(l.len()));
                    l.join("\n")
                }
            };
            let diags = validate_texts(vendor_name, &vendor, &mutated);
            total += 1;
            if !diags.is_empty() {
                failing += 1;
            }
            for d in &diags {
                assert!(!d.message.is_empty() && !d.rule.is_empty());
            }
        }
    }
    // Most mutations break something, and each break was reported rather than panicking.
    assert!(
        failing * 2 > total,
        "only {failing} of {total} mutations were caught"
    );
}

/// The doc's examples are split by the runtime's own envelope: an error body in a gateway's
/// spelling (`errorCode`/`errorMsg`) that the runtime reads is valid, and what the runtime would
/// read as another code or as a success is reported.
#[test]
fn examples_are_checked_through_the_runtime_envelope() {
    let vendor = fs::read_to_string(specs_dir().join("huaweicloud/vendor.yaml")).unwrap();
    let seed =
        fs::read_to_string(specs_dir().join("huaweicloud/mpc/list-thumbnails-task.yaml")).unwrap();
    let documented = "{\n        \"error_code\" : \"MPC.10212\",\n        \"error_msg\" : \"Operation failed.\"\n      }";
    assert!(seed.contains(documented));
    let with = |body: &str, status: &str| {
        let text = seed
            .replace(documented, body)
            .replace("    status: 400\n    error: operation_failed", status);
        validate_texts("huaweicloud", &vendor, &text)
            .iter()
            .map(|d| d.message.clone())
            .collect::<Vec<_>>()
    };
    let status = "    status: 400\n    error: operation_failed";
    assert_eq!(
        with(
            r#"{"errorCode": "MPC.10212", "errorMsg": "Operation failed."}"#,
            status
        ),
        Vec::<String>::new()
    );
    assert_eq!(
        with(
            r#"{"error_code": "MPC.10213", "error_msg": "Operation failed."}"#,
            status
        ),
        ["the body's code MPC.10213 does not match the row's MPC.10212"]
    );
    // Without its status the runtime decodes the example as a 200: a success.
    assert_eq!(
        with(documented, "    error: operation_failed"),
        ["`error:` names a row but the body is a success response"]
    );
}
