//! `codegen::diff`: one spec edit per classification rule, each applied to a copy of the seed
//! specs, must land in its class with its Rust item named; and the markdown report of a
//! realistic multi-change edit is locked by a snapshot.

use vodspec_codegen::diff::{self, Change, Class};
use vodspec_tests::spec_tree::Tree;

#[path = "spec_diff/cases.rs"]
mod cases;

use cases::{CASES, Case, H, P, WITHOUT_A_CASE};

fn run(c: &Case) -> Vec<Change> {
    let (old, new) = c.trees();
    diff::diff(&old.ir(), &new.ir())
}

#[test]
fn every_rule_lands_in_its_class_with_its_rust_item() {
    let mut rules = std::collections::BTreeSet::new();
    for c in CASES.iter() {
        let changes = run(c);
        let hit = changes
            .iter()
            .find(|x| x.rule == c.rule && x.item.contains(c.item));
        match hit {
            Some(x) => assert_eq!(x.class, c.class, "{}: {x:?}", c.rule),
            None => panic!(
                "{}: no `{}` change naming `{}` in {changes:#?}",
                c.rule, c.rule, c.item
            ),
        }
        rules.insert(c.rule);
    }
    assert!(
        CASES.len() >= 30 && rules.len() >= 30,
        "{} cases, {} rules",
        CASES.len(),
        rules.len()
    );
}

/// Each case's edit makes exactly its rule fire, and the others it names: nothing more (a
/// rule that fires too often, or the safety net), nothing less.
#[test]
fn every_case_reports_exactly_its_rules() {
    let mut wrong = Vec::new();
    for c in CASES.iter() {
        let got: std::collections::BTreeSet<&str> = run(c).iter().map(|x| x.rule).collect();
        let want: std::collections::BTreeSet<&str> = std::iter::once(c.rule)
            .chain(c.also.iter().copied())
            .collect();
        if got != want {
            let extra: Vec<String> = run(c)
                .iter()
                .filter(|x| !want.contains(x.rule))
                .map(|x| format!("  {} {}: {}", x.rule, x.item, x.what))
                .collect();
            wrong.push(format!(
                "{}: want {want:?}, got {got:?}\n{}",
                c.rule,
                extra.join("\n")
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The crate's own facts are compared too: the same specs generated into a crate of another
/// name are not "no change".
#[test]
fn the_crate_itself_is_compared() {
    let t = Tree::new("renamed");
    let other = vodspec_codegen::ir::Options {
        crate_name: "vendor_sdk".into(),
    };
    let changes = diff::diff(&t.ir(), &t.ir_with(&other));
    let crate_level: Vec<&Change> = changes.iter().filter(|c| c.vendor.is_empty()).collect();
    assert_eq!(crate_level.len(), 1, "{changes:#?}");
    assert_eq!(crate_level[0].rule, "unclassified");
    assert!(crate_level[0].what.contains("crate_name"), "{changes:#?}");
}

#[test]
fn the_same_tree_has_no_changes() {
    let t = Tree::new("same");
    assert_eq!(diff::diff(&t.ir(), &t.ir()), Vec::<Change>::new());
}

#[test]
fn a_realistic_vendor_change_reads_well_in_a_pull_request() {
    let (base, edited) = (Tree::new("pr-base"), Tree::new("pr"));
    // The vendor renames a field, adds an enum value, tightens a max length and adds an error code.
    edited.edit(H, "      user_data:\n", "      userData:\n");
    edited.edit(
        H,
        "      CANCELED: deleted\n",
        "      CANCELED: deleted\n      PAUSED: paused\n",
    );
    edited.edit(
        H,
        "    - WAITING\n    - PROCESSING\n",
        "    - WAITING\n    - PROCESSING\n    - PAUSED\n",
    );
    edited.edit(
        P,
        "    required: true\n    doc: 任务id",
        "    required: true\n    max_length: 16\n    doc: 任务id",
    );
    edited.edit(H, "errors:\n  operation_failed:", "errors:\n  task_limit:\n    code: MPC.10220\n    http_status: 400\n    doc: Too many tasks.\n  operation_failed:");
    let changes = diff::diff(&base.ir(), &edited.ir());
    insta::assert_snapshot!(diff::markdown(&changes, &[]));
}

#[test]
fn every_rule_of_the_table_has_a_case_or_says_why_not() {
    let cased: std::collections::BTreeSet<&str> = CASES.iter().map(|c| c.rule).collect();
    let names: Vec<&str> = diff::Rule::ALL.iter().map(|r| r.name()).collect();
    for c in &cased {
        assert!(names.contains(c), "case `{c}` names no rule of the table");
    }
    let missing: Vec<&str> = names
        .iter()
        .copied()
        .filter(|n| !cased.contains(n))
        .collect();
    assert_eq!(missing, WITHOUT_A_CASE);
    // Each case's expected class is the table's.
    for c in CASES.iter() {
        let rule = diff::Rule::ALL.iter().find(|r| r.name() == c.rule).unwrap();
        assert_eq!(rule.class(), c.class, "{}", c.rule);
    }
}

/// The rule table in `specs/README.md` is the code's; a stale copy is rewritten and the test fails
/// (run it again to pass).
#[test]
fn the_rule_table_in_the_docs_is_fresh() {
    let path = vodspec_tests::workspace_root().join("specs/README.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let (start, end) = ("<!-- diff-rules:start -->\n", "<!-- diff-rules:end -->");
    let (Some(a), Some(b)) = (text.find(start), text.find(end)) else {
        panic!("specs/README.md has no diff-rules block");
    };
    let fresh = format!(
        "{}{start}{}{}",
        &text[..a],
        diff::rules_markdown(),
        &text[b..]
    );
    if fresh != text {
        std::fs::write(&path, fresh).unwrap();
        panic!("specs/README.md's rule table was stale and is rewritten; run the test again");
    }
}

/// Every case's changes need the bump of its class: breaking → major, potentially breaking →
/// minor, informational → minor, or patch where only text a user's code never reads changed.
#[test]
fn each_change_says_the_version_bump_it_needs() {
    use vodspec_codegen::diff::Bump;
    for c in CASES.iter() {
        let changes = run(c);
        let got = diff::bump(&changes);
        let want = match (c.class, c.rule) {
            (Class::Breaking, _) => Bump::Major,
            (Class::Info, "docs" | "examples" | "notes" | "sources" | "cancels-changed") => {
                Bump::Patch
            }
            _ => Bump::Minor,
        };
        // Other rules may fire beside the case's own, so the bump is at least the case's.
        assert!(got >= want, "{}: {got:?} < {want:?}", c.rule);
        if c.class == Class::Breaking {
            assert_eq!(got, Bump::Major, "{}", c.rule);
        }
    }
    assert_eq!(diff::bump(&[]), Bump::Patch);
}

/// The changelog entry: the bump, breaking changes first, then a section per vendor and
/// operation with Added / Changed / Removed / Documentation.
#[test]
fn the_changelog_puts_breaking_changes_first() {
    let removed = CASES.iter().find(|c| c.rule == "param-removed").unwrap();
    let notes = CASES.iter().find(|c| c.rule == "notes").unwrap();
    let added = CASES.iter().find(|c| c.rule == "param-added").unwrap();
    let mut changes = run(notes);
    changes.extend(run(added));
    changes.extend(run(removed));
    let log = diff::changelog(&changes, "Unreleased");
    assert!(
        log.starts_with("## Unreleased\n\nVersion bump: **major**."),
        "{log}"
    );
    let breaking = log.find("### ⚠ Breaking").expect("a breaking section");
    let first_vendor = log.find("### huaweicloud").expect("a vendor section");
    assert!(breaking < first_vendor, "{log}");
    assert!(log.contains("#### Added"), "{log}");
    assert!(log.contains("#### Documentation"), "{log}");
    assert!(log.contains("param `status` removed"), "{log}");
}
