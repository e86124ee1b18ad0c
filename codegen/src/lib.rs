//! vodspec-codegen: load → validate → (IR → emit) for vodspec YAML specs.
//!
//! Data flows one way. This crate knows nothing of the workspace layout (xtask does) and nothing
//! of HTTP (the runtime does).

pub mod diag;
mod examples;
pub mod load;
pub mod names;
pub mod source_map;
pub mod spec;
pub mod type_expr;
pub mod validate;
pub mod yaml;

use std::path::Path;

pub use diag::Diagnostic;
pub use load::SpecTree;

/// Loads and validates the spec tree at `root`: the tree when it is valid, otherwise every
/// diagnostic, sorted by file and position.
pub fn check(root: &Path) -> Result<SpecTree, Vec<Diagnostic>> {
    let (tree, mut diags) = load::load_tree(root);
    diags.extend(validate::validate(&tree));
    if diags.is_empty() {
        Ok(tree)
    } else {
        diag::sort(&mut diags);
        diags.dedup();
        Err(diags)
    }
}

/// The JSON Schema of the spec format as pretty-printed text with a trailing newline, exactly as
/// `specs/spec.schema.json` must hold it.
pub fn schema_text() -> String {
    let mut s =
        serde_json::to_string_pretty(&spec::json_schema()).expect("a JSON value serializes");
    s.push('\n');
    s
}
