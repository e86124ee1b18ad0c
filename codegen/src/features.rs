//! The output crate's cargo features, as the spec tree decides them: one per service
//! (`huaweicloud-mpc`) that compiles that folder's operations, one per vendor (`huaweicloud`)
//! that enables all of its services, and `default` with every vendor. `gen` writes them into a
//! marked block of the crate's `Cargo.toml` and `--check` fails when the block is stale.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::Ir;
use crate::names;

/// The first line of the block of a crate's `Cargo.toml` that `gen` keeps in step with the
/// spec tree.
pub const BEGIN: &str =
    "# @generated vendor features: `cargo xtask gen` keeps these in step with the specs.";
/// The block's last line.
pub const END: &str = "# @end generated vendor features";

/// Each feature and the features it enables, in the block's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Features(Vec<(String, Vec<String>)>);

impl Features {
    /// The features of a lowered tree. A service whose create waits through an operation of
    /// another service enables that service too, since its code names it.
    pub fn of(ir: &Ir) -> Features {
        let mut services: BTreeMap<&str, BTreeMap<&str, BTreeSet<&str>>> = BTreeMap::new();
        for v in &ir.vendors {
            let of_vendor = services.entry(v.id.as_str()).or_default();
            for op in &v.operations {
                let needs = of_vendor.entry(op.feature.as_str()).or_default();
                let waiter = op
                    .creates
                    .as_ref()
                    .and_then(|c| v.operations.iter().find(|o| o.name == c.waiter));
                if let Some(w) = waiter.filter(|w| w.feature != op.feature) {
                    needs.insert(w.feature.as_str());
                }
            }
        }
        Self::build(services)
    }

    /// The features of `(vendor, service)` folders whose operations name no other service's.
    pub fn of_services(folders: &[(&str, &str)]) -> Features {
        let features: Vec<(&str, String)> = folders
            .iter()
            .map(|(v, s)| (*v, names::service_feature(v, s)))
            .collect();
        let mut services: BTreeMap<&str, BTreeMap<&str, BTreeSet<&str>>> = BTreeMap::new();
        for (v, f) in &features {
            services.entry(v).or_default().entry(f).or_default();
        }
        Self::build(services)
    }

    fn build(services: BTreeMap<&str, BTreeMap<&str, BTreeSet<&str>>>) -> Features {
        let owned = |s: &[&str]| s.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
        let vendors: Vec<&str> = services.keys().copied().collect();
        let mut out = vec![("default".to_owned(), owned(&vendors))];
        for (vendor, of_vendor) in &services {
            let all: Vec<&str> = of_vendor.keys().copied().collect();
            out.push(((*vendor).to_owned(), owned(&all)));
            for (feature, needs) in of_vendor {
                out.push((
                    (*feature).to_owned(),
                    needs.iter().map(|n| (*n).to_owned()).collect(),
                ));
            }
        }
        Features(out)
    }

    /// Each feature and what it enables.
    pub fn entries(&self) -> &[(String, Vec<String>)] {
        &self.0
    }

    /// The block for a `Cargo.toml`, markers included.
    pub fn block(&self) -> String {
        let mut s = format!("{BEGIN}\n");
        for (name, enables) in &self.0 {
            let quoted: Vec<String> = enables.iter().map(|e| format!("\"{e}\"")).collect();
            s.push_str(&format!("{name} = [{}]\n", quoted.join(", ")));
        }
        s.push_str(END);
        s
    }
}

#[cfg(test)]
mod tests {
    use super::Features;

    #[test]
    fn a_vendor_enables_its_services_and_default_every_vendor() {
        let f = Features::of_services(&[("b", "x"), ("a", "vod"), ("b", "y")]);
        assert_eq!(
            f.block().lines().skip(1).collect::<Vec<_>>(),
            [
                "default = [\"a\", \"b\"]",
                "a = [\"a-vod\"]",
                "a-vod = []",
                "b = [\"b-x\", \"b-y\"]",
                "b-x = []",
                "b-y = []",
                super::END,
            ]
        );
    }
}
