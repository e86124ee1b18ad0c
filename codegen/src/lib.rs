//! vodspec-codegen: load → validate → (IR → emit) for vodspec YAML specs.
//!
//! Data flows one way. This crate knows nothing of the workspace layout (xtask does) and nothing
//! of HTTP (the runtime does).

pub mod diag;
pub mod diff;
pub mod emit;
mod examples;
pub mod features;
pub mod ir;
pub mod load;
pub mod names;
pub mod openapi;
mod par;
pub mod source_map;
pub mod spec;
pub mod type_expr;
pub mod validate;
pub mod write;
pub mod yaml;

use std::path::Path;

pub use diag::Diagnostic;
pub use load::SpecTree;

/// A spec tree that passed validation, with what validation resolved, ready to lower.
#[derive(Debug)]
pub struct Validated {
    /// The loaded tree.
    pub tree: SpecTree,
    resolved: Vec<Vec<validate::Resolved>>,
}

impl Validated {
    /// Lowers the tree to the IR, where every Rust name is decided.
    pub fn lower(&self, options: &ir::Options) -> ir::Ir {
        ir::lower(&self.tree, &self.resolved, options)
    }
}

/// Loads and validates the spec tree at `root`: the tree when it is valid, otherwise every
/// diagnostic, sorted by file and position.
pub fn check(root: &Path) -> Result<Validated, Vec<Diagnostic>> {
    let (tree, diags) = load::load_tree(root);
    check_loaded(tree, diags)
}

/// [`check`] of a tree already loaded (from disk or from texts in memory), with the
/// diagnostics its loading gave.
pub fn check_loaded(
    tree: SpecTree,
    load_diags: Vec<Diagnostic>,
) -> Result<Validated, Vec<Diagnostic>> {
    let (validated, diags) = check_lowerable_loaded(tree, load_diags)?;
    if diags.is_empty() {
        Ok(validated)
    } else {
        Err(diags)
    }
}

/// Rules that judge a spec's evidence rather than its meaning: a tree that breaks only these
/// still lowers, so a comparison can read a base written before the rule existed.
pub const POLICY_RULES: &[&str] = &["promised-fields"];

/// Like [`check`], but a tree whose only problems are [`POLICY_RULES`] still lowers; those
/// diagnostics come back beside it.
pub fn check_lowerable(root: &Path) -> Result<(Validated, Vec<Diagnostic>), Vec<Diagnostic>> {
    let (tree, diags) = load::load_tree(root);
    check_lowerable_loaded(tree, diags)
}

/// [`check_lowerable`] of a tree already loaded, with the diagnostics its loading gave.
pub fn check_lowerable_loaded(
    tree: SpecTree,
    mut diags: Vec<Diagnostic>,
) -> Result<(Validated, Vec<Diagnostic>), Vec<Diagnostic>> {
    let (more, resolved) = validate::validate_resolving(&tree);
    diags.extend(more);
    diag::sort(&mut diags);
    diags.dedup();
    if diags.iter().all(|d| POLICY_RULES.contains(&d.rule)) {
        Ok((Validated { tree, resolved }, diags))
    } else {
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

/// Why generation produced nothing.
#[derive(Debug)]
pub enum GenError {
    /// The spec tree is invalid.
    Specs(Vec<Diagnostic>),
    /// An emitter produced code that does not parse (a generator bug).
    Emit(emit::EmitError),
}

/// What `gen` makes of a spec tree: the files of the output crate's `src/`, and its features.
#[derive(Debug)]
pub struct Generated {
    /// The files, by path.
    pub files: Vec<emit::GeneratedFile>,
    /// The cargo features that gate them.
    pub features: features::Features,
}

/// Validates the spec tree at `specs` and emits the files of an output crate's `src/`, with
/// the crate's features. Writes nothing.
pub fn generate(specs: &Path, options: &ir::Options) -> Result<Generated, GenError> {
    let (mut files, features) = generate_each(specs, options, |f| f)?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Generated { files, features })
}

/// [`generate`], each file handed to `each` as soon as it is rendered (see
/// [`emit::emit_each`]): what `gen` compares and stages, so that it never holds every file's
/// text at once.
pub fn generate_each<R: Send>(
    specs: &Path,
    options: &ir::Options,
    each: impl Fn(emit::GeneratedFile) -> R + Sync,
) -> Result<(Vec<R>, features::Features), GenError> {
    let validated = check(specs).map_err(GenError::Specs)?;
    let ir = validated.lower(options);
    // The IR holds everything emit reads; the tree and its source maps can go.
    drop(validated);
    let features = features::Features::of(&ir);
    let out = emit::emit_each(&ir, each).map_err(GenError::Emit)?;
    Ok((out, features))
}
