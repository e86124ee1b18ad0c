//! Property tests of the generator over random valid spec trees (`vodspec_tests::arbitrary_spec`):
//! `check` passes; `gen` is deterministic and idempotent; every generated file parses with `syn`;
//! and a sample of the trees, generated into one crate, compiles and passes its example tests.
//! A tree the validator accepts whose output does not compile is a bug in one of the two.

use std::path::{Path, PathBuf};

use vodspec_codegen::emit::GeneratedFile;
use vodspec_codegen::write;
use vodspec_tests::scratch_crate::{self, ScratchCrate};
use vodspec_tests::{arbitrary_spec, workspace_root};

/// The first seed, `VODSPEC_PROPTEST_SEED` (default 0): set it to explore other trees than CI
/// does; a failure names the seed that reproduces it.
fn first_seed() -> u64 {
    std::env::var("VODSPEC_PROPTEST_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

/// Vendor folder names, as hard as the rest: keywords and a digit.
const VENDORS: &[&str] = &[
    "rand", "match", "type", "async", "v2", "self", "2cloud", "super",
];

/// A scratch folder, emptied.
fn scratch(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("vodspec-generator-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write_tree(specs: &Path, files: &[(String, String)]) {
    for (rel, text) in files {
        let p = specs.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
}

/// The generated files of a crate named `krate`, or a panic naming the seed and every
/// diagnostic.
fn generate(specs: &Path, krate: &str, what: &str) -> Vec<GeneratedFile> {
    scratch_crate::generate(specs, krate)
        .unwrap_or_else(|e| panic!("{what}: {e}"))
        .files
}

#[test]
fn random_trees_check_and_generate_the_same_parsing_code_every_time() {
    let first = first_seed();
    for seed in first..first + 40 {
        let vendor = VENDORS[seed as usize % VENDORS.len()];
        let what = format!("seed {seed} (vendor `{vendor}`)");
        let dir = scratch(&format!("det-{seed}"));
        let specs = dir.join("specs");
        write_tree(&specs, &arbitrary_spec::tree(seed, vendor));
        let first = generate(&specs, "vodspec", &what);
        let again = generate(&specs, "vodspec", &what);
        assert!(first == again, "{what}: two runs differ");
        for f in first.iter().filter(|f| f.path.ends_with(".rs")) {
            if let Err(e) = syn::parse_file(&f.contents) {
                panic!("{what}: {} does not parse: {e}", f.path);
            }
        }
        // Idempotent: writing the output, then generating again, leaves nothing to write.
        let out = dir.join("out");
        let plan = write::plan(&out, first.clone()).unwrap();
        write::apply(&plan).unwrap();
        let replan = write::plan(&out, generate(&specs, "vodspec", &what)).unwrap();
        assert!(replan.is_fresh(), "{what}: a second gen would write again");
        let _ = std::fs::remove_dir_all(&dir);
    }
}

#[test]
fn a_sample_of_random_trees_compiles_and_passes_its_example_tests() {
    // One crate of several random vendors: one compile for the sample.
    let first = first_seed() + 100;
    let sample: Vec<(u64, &str)> = (first..first + VENDORS.len() as u64)
        .zip(VENDORS.iter().copied())
        .collect();
    let root = workspace_root();
    // A folder per run, so two runs at once do not write one crate; they share the compiled
    // dependencies, and cargo's lock on the target folder takes them in turn.
    let krate = root
        .join("target/generator-sample")
        .join(format!("run-{}", std::process::id()));
    let specs = krate.join("specs");
    let _ = std::fs::remove_dir_all(&specs);
    for (seed, vendor) in &sample {
        write_tree(&specs, &arbitrary_spec::tree(*seed, vendor));
    }
    // Its own target folder: the workspace's is locked while this runs. Held to what the
    // project's own generated crate is held to: its tests pass, and clippy and rustdoc find
    // nothing.
    let sample_crate = ScratchCrate::write(
        &krate,
        &root.join("target/generator-sample/target"),
        &specs,
        "vodspec-generator-sample",
        "the generator's property tests",
    )
    .unwrap_or_else(|e| panic!("the sample {sample:?}: {e}"));
    let cargo = |args: &[&str]| {
        sample_crate
            .run(&[args, &["--all-features"]].concat())
            .unwrap_or_else(|e| panic!("the sample {sample:?}: {e}"))
    };
    let stdout = cargo(&["test"]);
    cargo(&["clippy", "--all-targets"]);
    cargo(&["doc", "--no-deps"]);
    // Every operation's example test ran.
    let ran: usize = stdout
        .lines()
        .filter_map(|l| l.strip_prefix("test result: ok. "))
        .filter_map(|l| l.split(' ').next()?.parse::<usize>().ok())
        .sum();
    let operations = sample_crate
        .files
        .iter()
        .filter(|f| {
            // `src/<vendor>/<op>.rs`, or `crates/<service>/src/<op>.rs` for a vendor of several
            // services.
            let (dir, file) = f.path.rsplit_once('/').unwrap_or_default();
            let in_vendor = dir.starts_with("src/") && dir.matches('/').count() == 1;
            let in_service = dir.starts_with("crates/") && dir.ends_with("/src");
            file.ends_with(".rs")
                && file != "mod.rs"
                && file != "lib.rs"
                && (in_vendor || in_service)
        })
        .count();
    assert!(
        ran >= operations && operations > 0,
        "{ran} tests ran for {operations} operations"
    );
    let _ = std::fs::remove_dir_all(&krate);
}

/// A vendor of two services is a crate per service; a create in one that waits through an
/// operation of the other makes its crate depend on the other's, and the whole builds, clippy
/// clean. (The tree is `tests/bad-specs/creates-service-cycle` without the create that closes
/// the loop.)
#[test]
fn a_create_waiting_through_another_service_builds_across_their_crates() {
    let root = workspace_root();
    let krate = root
        .join("target/generator-sample")
        .join(format!("services-{}", std::process::id()));
    let specs = krate.join("specs");
    let _ = std::fs::remove_dir_all(&krate);
    let cycle = root.join("tests/bad-specs/creates-service-cycle");
    let files: Vec<(String, String)> = [
        "acme/vendor.yaml",
        "acme/vod/get-vod-task.yaml",
        "acme/vod/add-vod-task.yaml",
        "acme/live/get-live-task.yaml",
    ]
    .iter()
    .map(|rel| {
        (
            (*rel).to_owned(),
            std::fs::read_to_string(cycle.join(rel)).unwrap(),
        )
    })
    .collect();
    write_tree(&specs, &files);
    let built = ScratchCrate::write(
        &krate,
        &root.join("target/generator-sample/target"),
        &specs,
        "vodspec-services-sample",
        "the generator's tests",
    )
    .unwrap();
    let vod = built
        .files
        .iter()
        .find(|f| f.path == "crates/acme-vod/Cargo.toml")
        .expect("the vod service's crate");
    assert!(
        vod.contents
            .contains("vodspec-services-sample-acme-live = { path = \"../acme-live\" }"),
        "{}",
        vod.contents
    );
    built
        .run(&["clippy", "--all-targets", "--all-features"])
        .unwrap();
    // One service alone: the create's service brings the one it waits through.
    built
        .run(&["check", "--no-default-features", "--features", "acme-vod"])
        .unwrap();
    let _ = std::fs::remove_dir_all(&krate);
}
