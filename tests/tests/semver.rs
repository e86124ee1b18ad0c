//! The crate's semver promise, checked the way its users' CI would check a release: for every
//! case of the spec diff's corpus (`spec_diff/cases.rs`, one or more per rule), the crate is
//! generated from the tree before and after the edit and cargo-semver-checks compares the two.
//!
//! - Whatever cargo-semver-checks calls major, `cargo xtask diff` must call breaking.
//! - A breaking change shows where its rule says (`Rule::shows`): one that changes items is
//!   found by cargo-semver-checks; one that changes only types or impls of the runtime's traits
//!   (which cargo-semver-checks does not compare) changes the crate's public API as rustdoc
//!   describes it; one that is wire only is not found.
//! - A change that needs only a patch release leaves that public API as it was.
//!
//! Each crate holds only the vendors the case touches, so a rustdoc build is a few seconds;
//! the seeds' side of each pair is built once per vendor set.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use vodspec_codegen::diff::{self, Bump, Class, Rule, Shows};
use vodspec_tests::scratch_crate::ScratchCrate;
use vodspec_tests::spec_tree::Tree;
use vodspec_tests::workspace_root;

#[path = "spec_diff/cases.rs"]
mod cases;

/// Where the crates are written and built: under the workspace's `target/`, so a second run
/// reuses the compiled dependencies; one crate folder per run, as two runs may overlap.
struct Bench {
    work: PathBuf,
    target: PathBuf,
    /// The rustdoc JSON of the unedited seeds, by vendor set.
    seeds: HashMap<Vec<&'static str>, PathBuf>,
    built: usize,
}

impl Bench {
    fn new() -> Bench {
        let base = workspace_root().join("target/semver-corpus");
        let work = base.join(format!("run-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&work);
        std::fs::create_dir_all(&work).unwrap();
        Bench {
            work,
            target: base.join("target"),
            seeds: HashMap::new(),
            built: 0,
        }
    }

    /// The rustdoc JSON of the crate generated from `tree` restricted to `vendors`, copied to
    /// `<work>/<name>.json`.
    fn rustdoc(&mut self, tree: &Tree, vendors: &[&str], name: &str) -> PathBuf {
        tree.keep_vendors(vendors);
        let krate = ScratchCrate::write(
            &self.work.join("crate"),
            &self.target,
            &tree.0,
            "vodspec",
            "the semver check",
        )
        .unwrap_or_else(|e| panic!("{name}: {e}"));
        // rustdoc's JSON is unstable; cargo-semver-checks asks for it the same way on stable.
        let mut cargo = krate.cargo(&["rustdoc", "--lib", "--all-features"]);
        cargo
            .args(["--", "-Z", "unstable-options", "--output-format", "json"])
            .env("RUSTC_BOOTSTRAP", "1");
        let out = cargo.output().unwrap();
        assert!(
            out.status.success(),
            "{name}: rustdoc fails:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        self.built += 1;
        let json = self.work.join(format!("{name}.json"));
        std::fs::copy(self.target.join("doc/vodspec.json"), &json).unwrap();
        json
    }

    /// The seeds' rustdoc JSON for `vendors`, built on first use.
    fn seeds(&mut self, vendors: &[&'static str]) -> PathBuf {
        if let Some(p) = self.seeds.get(vendors) {
            return p.clone();
        }
        let name = format!("seeds-{}", vendors.join("-"));
        let json = self.rustdoc(&Tree::new("semver-seeds"), vendors, &name);
        self.seeds.insert(vendors.to_vec(), json.clone());
        json
    }
}

impl Drop for Bench {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.work);
    }
}

/// The lints cargo-semver-checks fails at the major level, comparing `current` to `baseline`
/// as a minor release would be.
fn major_lints(tool: &Path, baseline: &Path, current: &Path) -> Vec<String> {
    let out = Command::new(tool)
        .args(["semver-checks", "check-release", "--release-type", "minor"])
        .arg("--baseline-rustdoc")
        .arg(baseline)
        .arg("--current-rustdoc")
        .arg(current)
        .env("NO_COLOR", "1")
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let lints = parse_failures(&text);
    // A failed run with no lint named is the tool failing, not the check.
    assert!(
        out.status.success() || !lints.is_empty(),
        "cargo-semver-checks fails without naming a lint:\n{text}"
    );
    lints
}

/// The crate's public API as rustdoc's JSON describes it, without what varies between builds
/// or is only text: each public item (and each impl and its items) with its ids, spans, docs
/// and constant values left out, counted.
fn public_api(json: &Path) -> BTreeMap<String, usize> {
    fn normalise(v: &mut Value) {
        match v {
            Value::Object(m) => {
                for k in ["id", "span", "docs", "links", "crate_id", "expr", "value"] {
                    m.remove(k);
                }
                m.values_mut().for_each(normalise);
            }
            Value::Array(a) => a.iter_mut().for_each(normalise),
            // Ids, wherever they are referenced.
            Value::Number(_) => *v = Value::from(0),
            _ => {}
        }
    }
    let doc: Value = serde_json::from_slice(&std::fs::read(json).unwrap()).unwrap();
    let mut api = BTreeMap::new();
    for item in doc["index"].as_object().expect("an index").values() {
        if !matches!(item["visibility"].as_str(), Some("public" | "default")) {
            continue;
        }
        let mut item = item.clone();
        normalise(&mut item);
        *api.entry(item.to_string()).or_insert(0) += 1;
    }
    api
}

/// The lints in `--- failure NAME: …` lines.
fn parse_failures(text: &str) -> Vec<String> {
    let mut lints: Vec<String> = text
        .lines()
        .filter_map(|l| l.trim().strip_prefix("--- failure "))
        .filter_map(|l| l.split(':').next())
        .map(str::to_owned)
        .collect();
    lints.sort();
    lints.dedup();
    lints
}

/// A seed vendor not in `vendors`.
fn neighbour(vendors: &[&str]) -> &'static str {
    ["haplat", "huaweicloud", "polyv"]
        .into_iter()
        .find(|v| !vendors.contains(v))
        .expect("three seed vendors")
}

#[test]
fn semver_checks_and_the_diff_agree_on_every_case() {
    let Some(tool) = vodspec_tests::tools::SEMVER_CHECKS.for_test() else {
        return;
    };
    let mut bench = Bench::new();
    let mut problems = Vec::new();
    let mut table = Vec::new();
    for (n, c) in cases::CASES.iter().enumerate() {
        let mut vendors = c.vendors();
        if c.remove.is_some_and(|r| !r.contains('/')) {
            // A crate of no vendor is no crate: the removed vendor's crate keeps a neighbour.
            vendors.push(neighbour(&vendors));
            vendors.sort_unstable();
        }
        let (old, new) = c.trees();
        let changes = diff::diff(&old.ir(), &new.ir());
        let pristine_is_old = !c.reverse;
        let edited_json = {
            let edited = if pristine_is_old { &new } else { &old };
            bench.rustdoc(edited, &vendors, &format!("case-{n}"))
        };
        let seeds_json = bench.seeds(&vendors);
        let (baseline, current) = if pristine_is_old {
            (seeds_json, edited_json)
        } else {
            (edited_json, seeds_json)
        };
        let lints = major_lints(&tool, &baseline, &current);
        let api_changed = public_api(&baseline) != public_api(&current);
        let shows: Vec<(Rule, Shows)> = changes
            .iter()
            .filter(|x| x.class == Class::Breaking)
            .filter_map(|x| Rule::by_name(x.rule))
            .filter_map(|r| Some((r, r.shows()?)))
            .collect();
        let named = |s: Shows| -> Vec<&str> {
            shows
                .iter()
                .filter(|(_, x)| *x == s)
                .map(|(r, _)| r.name())
                .collect()
        };
        let (items, types) = (named(Shows::Items), named(Shows::Types));
        // Neither is seen with the default features, which the tool compares.
        let wire = [named(Shows::Wire), named(Shows::Features)].concat();
        let what = format!(
            "case {n} ({}{})",
            c.rule,
            if c.reverse { ", reversed" } else { "" }
        );
        if !lints.is_empty() && shows.is_empty() {
            problems.push(format!(
                "{what}: cargo-semver-checks finds {lints:?}, the diff nothing breaking"
            ));
        }
        if !items.is_empty() && lints.is_empty() {
            problems.push(format!(
                "{what}: {items:?} change items, cargo-semver-checks finds nothing"
            ));
        }
        if !types.is_empty() && !api_changed {
            problems.push(format!(
                "{what}: {types:?} change types, the public API is as it was"
            ));
        }
        if !wire.is_empty() && items.is_empty() && types.is_empty() && !lints.is_empty() {
            problems.push(format!(
                "{what}: {wire:?} say wire only, cargo-semver-checks finds {lints:?}"
            ));
        }
        let bump = Bump::of(changes.iter().filter_map(|x| Rule::by_name(x.rule)));
        if bump == Bump::Patch && api_changed {
            problems.push(format!(
                "{what}: a patch release by the diff, but the public API changed"
            ));
        }
        table.push(format!(
            "{what}: {} by the diff; cargo-semver-checks {lints:?}; public API {}",
            bump.label(),
            if api_changed { "changed" } else { "the same" }
        ));
    }
    eprintln!("{}", table.join("\n"));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // Every rule had its crates compared: the corpus is the spec diff's, a case per rule.
    assert!(bench.built > cases::CASES.len(), "{} builds", bench.built);
}

#[test]
fn the_lint_parser_reads_cargo_semver_checks_reports() {
    let report = "     Parsed [   0.010s] (current)\n\
        --- failure struct_pub_field_missing: pub struct's pub field removed or renamed ---\n\
        \n\
        Description:\n\
        --- failure inherent_method_missing: pub method removed or renamed ---\n\
        --- failure struct_pub_field_missing: pub struct's pub field removed or renamed ---\n";
    assert_eq!(
        parse_failures(report),
        ["inherent_method_missing", "struct_pub_field_missing"]
    );
    assert!(parse_failures("     Summary no semver update required\n").is_empty());
}
