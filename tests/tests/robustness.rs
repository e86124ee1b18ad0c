//! The robustness harnesses as property tests: seeded random bytes and mutations of the seed
//! corpora (specs, bad specs, doc examples, argv) through every harness. A failure prints the
//! seed; `cargo xtask fuzz` runs the same harnesses coverage-guided for longer.

use vodspec_tests::{bad_specs_dir, harness, specs_dir};

/// The inputs: each seed, and mutations of it (truncations, byte flips, splices, repeats).
fn mutations(seeds: &[Vec<u8>], rounds: usize, seed: u64) -> Vec<Vec<u8>> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut out: Vec<Vec<u8>> = seeds.to_vec();
    for _ in 0..rounds {
        let base = &seeds[rng.usize(..seeds.len())];
        let mut b = base.clone();
        match rng.u8(..5) {
            0 if !b.is_empty() => b.truncate(rng.usize(..b.len())),
            1 => {
                for _ in 0..rng.usize(1..8) {
                    if !b.is_empty() {
                        let i = rng.usize(..b.len());
                        b[i] = rng.u8(..);
                    }
                }
            }
            2 => {
                let other = &seeds[rng.usize(..seeds.len())];
                let cut = rng.usize(..=b.len());
                let from = rng.usize(..=other.len());
                b.truncate(cut);
                b.extend_from_slice(&other[from..]);
            }
            3 if !b.is_empty() => {
                let i = rng.usize(..b.len());
                let j = rng.usize(i..=b.len().min(i + 64));
                let piece = b[i..j].to_vec();
                for _ in 0..rng.usize(1..20) {
                    b.splice(i..i, piece.iter().copied());
                }
            }
            _ => b = (0..rng.usize(..256)).map(|_| rng.u8(..)).collect(),
        }
        out.push(b);
    }
    out
}

fn files(dir: &std::path::Path, out: &mut Vec<Vec<u8>>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "yaml") {
            out.push(std::fs::read(&p).unwrap());
        }
    }
}

#[test]
fn spec_files_of_any_bytes_give_diagnostics_naming_the_file() {
    let mut seeds = Vec::new();
    files(&specs_dir(), &mut seeds);
    files(&bad_specs_dir(), &mut seeds);
    for (i, input) in mutations(&seeds, 1500, 7).iter().enumerate() {
        harness::spec_operation(input);
        if i % 3 == 0 {
            harness::spec_vendor(input);
        }
    }
}

#[test]
fn any_response_decodes_to_a_model_or_a_typed_error() {
    let mut seeds = Vec::new();
    for api in vodspec::APIS {
        for (n, op) in api.operations.iter().enumerate() {
            for ex in op.examples {
                let _ = n;
                for status in 0..9u8 {
                    let which = match api.vendor.id {
                        "polyv" => 0,
                        "haplat" if op.name == "pull-video-query" => 1,
                        "haplat" => 2,
                        _ => 3,
                    };
                    let mut b = vec![which, status];
                    b.extend_from_slice(ex.body.as_bytes());
                    seeds.push(b);
                }
            }
        }
    }
    for input in mutations(&seeds, 3000, 11) {
        harness::decode(&input);
    }
}

#[test]
fn every_scheme_signs_what_the_kit_verifies() {
    let seeds: Vec<Vec<u8>> = [
        &b"id\xffname\xffzh-cn\xffvalue"[..],
        b"\x01a b/c?d\xff&=+%\xffen\xff\xe4\xb8\xad\xe6\x96\x87",
        b"\x00~!*'()\xff\xff\xff",
        b"\x01\xff\xff \t \xff",
    ]
    .iter()
    .map(|b| b.to_vec())
    .collect();
    for input in mutations(&seeds, 3000, 13) {
        harness::signers(&input);
    }
}

#[test]
fn any_argv_exits_0_or_2_and_sends_nothing() {
    let seeds: Vec<Vec<u8>> = [
        &b"--help"[..],
        b"polyv\0get-snapshot-task-status\0--task-id\x002036",
        b"huaweicloud\0list-thumbnails-task\0--size\x000\0--task-id\0a\0--task-id\0b",
        b"haplat\0video-concat-query\0--wait\0--max-wait\0forever",
        b"huaweicloud\0list-thumbnails-task\0--x-language\0zh\r\nX: 1\0--all",
        b"nosuch\0--bogus",
    ]
    .iter()
    .map(|b| b.to_vec())
    .collect();
    for input in mutations(&seeds, 600, 17) {
        harness::cli_argv(&input);
    }
}

/// An edit that tends to keep a spec valid: a digit changed, a line dropped or repeated, a
/// word appended to a line.
fn gentle_edit(text: &str, rng: &mut fastrand::Rng) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let i = rng.usize(..lines.len());
    match rng.u8(..4) {
        0 => {
            let digits: Vec<usize> = lines[i]
                .match_indices(|c: char| c.is_ascii_digit())
                .map(|(k, _)| k)
                .collect();
            if let Some(&k) = digits.get(rng.usize(..digits.len().max(1))) {
                let d = char::from(b'0' + rng.u8(..10));
                lines[i].replace_range(k..=k, &d.to_string());
            }
        }
        1 => {
            lines.remove(i);
        }
        2 => {
            let l = lines[i].clone();
            lines.insert(i, l);
        }
        _ => {
            if lines[i].ends_with(|c: char| c.is_alphanumeric()) {
                lines[i].push_str(" again");
            }
        }
    }
    lines.join("\n") + "\n"
}

#[test]
fn spec_comparisons_are_consistent_and_an_empty_one_means_the_same_crate() {
    let files = harness::seed_files();
    let mut rng = fastrand::Rng::with_seed(19);
    let (mut compared, mut total) = (0, 0);
    for round in 0..160 {
        let which = rng.usize(..files.len());
        let text = &files[which].1;
        let mut edited = gentle_edit(text, &mut rng);
        if round % 4 == 0 {
            edited = gentle_edit(&edited, &mut rng);
        }
        // Either side may be the edited one, or both (two different edits).
        let (a, b, ta, tb) = match round % 3 {
            0 => (which, files.len(), edited.clone(), String::new()),
            1 => (files.len(), which, String::new(), edited.clone()),
            _ => (which, which, gentle_edit(text, &mut rng), edited.clone()),
        };
        let mut input = vec![a as u8, b as u8];
        input.extend_from_slice(ta.as_bytes());
        input.push(0xff);
        input.extend_from_slice(tb.as_bytes());
        total += 1;
        if harness::diff(&input) {
            compared += 1;
        }
    }
    // Many gentle edits keep the tree valid (the rest are diagnosed), so many rounds really
    // compared two trees.
    assert!(
        compared * 3 > total,
        "only {compared} of {total} rounds compared"
    );
}

/// A harness: bytes in, a panic when what must hold does not.
type Harness = fn(&[u8]);

#[test]
fn every_minimised_finding_stays_fixed() {
    let dir = vodspec_tests::workspace_root().join("tests/fuzz-regressions");
    let targets: [(&str, Harness); 6] = [
        ("spec_operation", harness::spec_operation),
        ("spec_vendor", harness::spec_vendor),
        ("decode", harness::decode),
        ("signers", harness::signers),
        ("cli_argv", harness::cli_argv),
        ("diff", |b| {
            assert!(harness::diff(b), "a diff case no longer compares two trees");
        }),
    ];
    // A missing folder, or one named for no target, would replay nothing and pass.
    assert!(dir.is_dir(), "{} is missing", dir.display());
    for e in std::fs::read_dir(&dir).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        assert!(
            !e.path().is_dir() || targets.iter().any(|(t, _)| *t == name),
            "tests/fuzz-regressions/{name} is no fuzz target's: its findings are not replayed"
        );
    }
    let mut replayed = 0;
    for (name, run) in targets {
        for e in std::fs::read_dir(dir.join(name))
            .into_iter()
            .flatten()
            .flatten()
        {
            run(&std::fs::read(e.path()).unwrap());
            replayed += 1;
        }
    }
    assert!(replayed >= 1, "no finding was replayed");
}
