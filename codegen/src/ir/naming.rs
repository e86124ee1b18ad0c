//! The Rust names lowering decides that are not a spec name's plain case: keywords, the names
//! generated code takes for itself, the prelude, the command line's own flags.

use std::collections::HashSet;

use indexmap::IndexMap;

use crate::names;
use crate::spec::{self};
use crate::type_expr::TypeExpr;

use super::Ty;

/// A Rust identifier for `s`, escaping keywords: raw where Rust allows it, else a `_` suffix.
pub fn escape(s: String) -> String {
    if names::is_non_raw_keyword(&s) {
        format!("{s}_")
    } else if names::is_keyword(&s) {
        format!("r#{s}")
    } else {
        s
    }
}

/// The types generated for every operation beside its marker (named `prefix` itself): the
/// builder, its input, the error and the error kind, in that order. A spec type must not take
/// any of them, nor the marker's name.
pub(super) fn generated_types(prefix: &str) -> [String; 4] {
    ["Request", "Input", "Error", "ErrorKind"].map(|s| format!("{prefix}{s}"))
}

/// Type names the generated code uses unqualified, which a spec type must not shadow.
const PRELUDE: &[&str] = &[
    "String", "Vec", "Option", "Result", "Box", "Some", "None", "Ok", "Err",
];

/// Rust names of one operation's types, decided together so they cannot collide.
pub(super) struct TypeNames {
    pub(super) by_spec: IndexMap<String, String>,
}

impl TypeNames {
    pub(super) fn new(op: &spec::OperationSpec, prefix: &str) -> Self {
        let reserved: HashSet<String> = generated_types(prefix)
            .into_iter()
            .chain([prefix.to_owned()])
            .collect();
        let mut taken = HashSet::new();
        let mut by_spec = IndexMap::new();
        for (name, def) in &op.types {
            let mut ident = def.name.clone().unwrap_or_else(|| names::camel(name));
            if PRELUDE.contains(&ident.as_str()) {
                ident.push_str("Type");
            }
            if reserved.contains(&ident) {
                ident.push_str("Model");
            }
            if names::is_keyword(&ident) {
                ident.push('_');
            }
            // Validation rejects spec-level collisions; this only separates a suffixed name
            // from one that happened to be spelled that way already.
            while !taken.insert(ident.clone()) {
                ident.push('_');
            }
            by_spec.insert(name.clone(), ident);
        }
        TypeNames { by_spec }
    }

    pub(super) fn ty(&self, op: &spec::OperationSpec, t: &TypeExpr) -> Ty {
        match t {
            TypeExpr::Prim(p) => Ty::Prim(*p),
            TypeExpr::Named(n) => {
                let ident = self.by_spec.get(n).cloned().unwrap_or_else(|| n.clone());
                match op.types.get(n).and_then(|d| d.enum_type) {
                    Some(w) => Ty::Enum(ident, w),
                    None => Ty::Model(ident),
                }
            }
            TypeExpr::Optional(t) => Ty::Optional(Box::new(self.ty(op, t))),
            TypeExpr::Nullable(t) => Ty::Nullable(Box::new(self.ty(op, t))),
            TypeExpr::List(t) => Ty::List(Box::new(self.ty(op, t))),
            TypeExpr::Map(t) => Ty::Map(Box::new(self.ty(op, t))),
        }
    }
}

/// Flags every CLI operation may have, which a param's flag must not take.
const CLI_FLAGS: &[&str] = &["base-url", "wait", "max-wait", "all", "help", "version"];

pub(super) fn cli_flag(wire: &str, taken: &mut HashSet<String>) -> String {
    let mut flag = heck::ToKebabCase::to_kebab_case(names::snake(wire).as_str());
    if CLI_FLAGS.contains(&flag.as_str()) {
        flag.push_str("-param");
    }
    while !taken.insert(flag.clone()) {
        flag.push('_');
    }
    flag
}
