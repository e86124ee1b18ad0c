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

/// The first line of the block of a crate's `[dependencies]` that names the crates of vendors
/// of `crates: per-service` (see [`Crates`](crate::ir::Crates)).
pub const DEPS_BEGIN: &str =
    "# @generated service crates: `cargo xtask gen` keeps these in step with the specs.";
/// The dependencies block's last line.
pub const DEPS_END: &str = "# @end generated service crates";

/// The feature that turns on the service crates' own `cli`; the output crate's `cli` enables
/// it.
pub const CLI_SERVICES: &str = "cli-services";

/// Each feature and the features it enables, in the block's order, and the service crates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Features {
    features: Vec<(String, Vec<String>)>,
    /// Package and folder of each crate beside the output crate, every one optional.
    crates: Vec<(String, String)>,
}

type Services<'a> = BTreeMap<&'a str, BTreeMap<&'a str, BTreeSet<String>>>;

impl Features {
    /// The features of a lowered tree. A service whose create waits through an operation of
    /// another service enables that service too, since its code names it; a service in a crate
    /// of its own enables that crate and the vendor's descriptor crate.
    pub fn of(ir: &Ir) -> Features {
        let mut services: Services = BTreeMap::new();
        let mut crates = Vec::new();
        let mut cli = Vec::new();
        for v in &ir.vendors {
            let of_vendor = services.entry(v.id.as_str()).or_default();
            for op in &v.operations {
                let needs = of_vendor.entry(op.feature.as_str()).or_default();
                if let Some(w) = v.waiter_of(op).filter(|w| w.feature != op.feature) {
                    needs.insert(w.feature.clone());
                }
                if let Some(c) = &v.crates {
                    needs.insert(format!("dep:{}", c.core.package));
                    if let Some(s) = c.service(&op.feature) {
                        needs.insert(format!("dep:{}", s.package));
                    }
                }
            }
            if let Some(c) = &v.crates {
                for sub in std::iter::once(&c.core).chain(&c.services) {
                    crates.push((sub.package.clone(), sub.dir.clone()));
                }
                cli.extend(c.services.iter().map(|s| format!("{}?/cli", s.package)));
            }
        }
        Self::build(services, crates, cli)
    }

    /// The features of `(vendor, service)` folders whose operations name no other service's,
    /// each vendor in the output crate (what a crate's skeleton starts from; `gen` writes the
    /// tree's own).
    pub fn of_services(folders: &[(&str, &str)]) -> Features {
        let features: Vec<(&str, String)> = folders
            .iter()
            .map(|(v, s)| (*v, names::service_feature(v, s)))
            .collect();
        let mut services: Services = BTreeMap::new();
        for (v, f) in &features {
            services.entry(v).or_default().entry(f).or_default();
        }
        Self::build(services, Vec::new(), Vec::new())
    }

    fn build(services: Services, crates: Vec<(String, String)>, cli: Vec<String>) -> Features {
        let owned = |s: &[&str]| s.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
        let vendors: Vec<&str> = services.keys().copied().collect();
        let mut out = vec![("default".to_owned(), owned(&vendors))];
        for (vendor, of_vendor) in &services {
            let all: Vec<&str> = of_vendor.keys().copied().collect();
            out.push(((*vendor).to_owned(), owned(&all)));
            for (feature, needs) in of_vendor {
                out.push(((*feature).to_owned(), needs.iter().cloned().collect()));
            }
        }
        out.push((CLI_SERVICES.to_owned(), cli));
        Features {
            features: out,
            crates,
        }
    }

    /// Each feature and what it enables.
    pub fn entries(&self) -> &[(String, Vec<String>)] {
        &self.features
    }

    /// The features block for a `Cargo.toml`, markers included.
    pub fn block(&self) -> String {
        let mut s = format!("{BEGIN}\n");
        for (name, enables) in &self.features {
            let quoted: Vec<String> = enables.iter().map(|e| format!("\"{e}\"")).collect();
            s.push_str(&format!("{name} = [{}]\n", quoted.join(", ")));
        }
        s.push_str(END);
        s
    }

    /// The dependencies block for a `Cargo.toml`, markers included: the service crates.
    pub fn deps_block(&self) -> String {
        let mut s = format!("{DEPS_BEGIN}\n");
        for (package, dir) in &self.crates {
            s.push_str(&format!(
                "{package} = {{ path = \"{dir}\", optional = true }}\n"
            ));
        }
        s.push_str(DEPS_END);
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
                "cli-services = []",
                super::END,
            ]
        );
    }
}
