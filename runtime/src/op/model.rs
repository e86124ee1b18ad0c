//! Request models: a typed value the caller builds (Huawei's `ThumbnailPara`, haplat's
//! `PullVideoFile`), read by the engine as a [`Value::Object`] with its descriptor, so checking,
//! JSON and redaction live here once for every model.

use super::Value;

/// The constraints of one value — a param's or a request-model field's — checked before
/// sending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Limits {
    /// Must be set (a list: non-empty).
    pub required: bool,
    /// Length limits, in characters.
    pub min_length: Option<u64>,
    /// Length limits, in characters.
    pub max_length: Option<u64>,
    /// Range.
    pub minimum: Option<i64>,
    /// Range.
    pub maximum: Option<i64>,
    /// List limit.
    pub max_items: Option<u64>,
}

impl Limits {
    /// No constraint.
    pub const NONE: Limits = Limits {
        required: false,
        min_length: None,
        max_length: None,
        minimum: None,
        maximum: None,
        max_items: None,
    };

    /// With these length limits.
    pub const fn length(mut self, min: Option<u64>, max: Option<u64>) -> Self {
        self.min_length = min;
        self.max_length = max;
        self
    }

    /// With these range limits.
    pub const fn range(mut self, min: Option<i64>, max: Option<i64>) -> Self {
        self.minimum = min;
        self.maximum = max;
        self
    }
}

/// A field of a request model as the engine sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldDesc {
    /// Wire name.
    pub wire: &'static str,
    /// Never printed.
    pub sensitive: bool,
    /// What the value must satisfy.
    pub limits: Limits,
}

impl FieldDesc {
    /// A field with no constraints.
    pub const fn new(wire: &'static str) -> Self {
        FieldDesc {
            wire,
            sensitive: false,
            limits: Limits::NONE,
        }
    }

    /// Must be set.
    pub const fn required(mut self) -> Self {
        self.limits.required = true;
        self
    }

    /// Never printed.
    pub const fn sensitive(mut self) -> Self {
        self.sensitive = true;
        self
    }

    /// Length limits.
    pub const fn length(mut self, min: Option<u64>, max: Option<u64>) -> Self {
        self.limits = self.limits.length(min, max);
        self
    }

    /// Range limits.
    pub const fn range(mut self, min: Option<i64>, max: Option<i64>) -> Self {
        self.limits = self.limits.range(min, max);
        self
    }

    /// List limit.
    pub const fn max_items(mut self, max: u64) -> Self {
        self.limits.max_items = Some(max);
        self
    }
}

/// A request model's fields, in the struct's order.
#[derive(Debug, PartialEq, Eq)]
pub struct ModelDesc {
    /// The Rust type's name (`ThumbnailPara`).
    pub name: &'static str,
    /// Its fields.
    pub fields: &'static [FieldDesc],
}

/// A model value: its descriptor and its fields' values in the descriptor's order.
#[derive(Clone, PartialEq)]
pub struct Object<'a> {
    /// The model.
    pub desc: &'static ModelDesc,
    /// The fields' values ([`Value::Absent`] for an unset optional one).
    pub values: Vec<Value<'a>>,
}

impl<'a> Object<'a> {
    /// Each field with its value.
    pub fn fields(&self) -> impl Iterator<Item = (&'static FieldDesc, &Value<'a>)> {
        self.desc.fields.iter().zip(&self.values)
    }

    /// The JSON object, absent fields left out (never sent as `null`).
    pub fn json(&self) -> serde_json::Value {
        let map = self
            .fields()
            .filter(|(_, v)| !matches!(v, Value::Absent))
            .map(|(f, v)| (f.wire.to_owned(), v.json()))
            .collect();
        serde_json::Value::Object(map)
    }

    /// Every sensitive field's wire name, nested models included.
    pub(crate) fn sensitive_wires(&self, out: &mut Vec<&'static str>) {
        for (f, v) in self.fields() {
            if f.sensitive && !out.contains(&f.wire) {
                out.push(f.wire);
            }
            v.each_object(&mut |o| o.sensitive_wires(out));
        }
    }
}

/// Sensitive fields print as `***`, like sensitive params.
impl std::fmt::Debug for Object<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut s = f.debug_struct(self.desc.name);
        for (field, v) in self.fields() {
            if field.sensitive && !matches!(v, Value::Absent) {
                s.field(field.wire, &"***");
            } else {
                s.field(field.wire, v);
            }
        }
        s.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ViolationKind;
    use crate::op::{BodyKind, OperationDesc, ParamDesc, check};

    static LEAF: ModelDesc = ModelDesc {
        name: "Leaf",
        fields: &[
            FieldDesc::new("n").required().range(Some(0), Some(9)),
            FieldDesc::new("token").sensitive().length(None, Some(4)),
        ],
    };
    static ROOT: ModelDesc = ModelDesc {
        name: "Root",
        fields: &[
            FieldDesc::new("name").required().length(Some(1), None),
            FieldDesc::new("leaves").max_items(2),
            FieldDesc::new("note"),
        ],
    };

    fn leaf<'a>(n: i64, token: Option<&'a str>) -> Value<'a> {
        Value::Object(Object {
            desc: &LEAF,
            values: vec![Value::Int(n), token.map_or(Value::Absent, Value::Text)],
        })
    }

    fn root<'a>(name: &'a str, leaves: Vec<Value<'a>>) -> Value<'a> {
        Value::Object(Object {
            desc: &ROOT,
            values: vec![Value::Text(name), Value::List(leaves), Value::Absent],
        })
    }

    #[test]
    fn nested_models_are_json_without_absent_fields_and_redacted_in_debug() {
        let v = root("a", vec![leaf(1, Some("s3cr")), leaf(2, None)]);
        assert_eq!(
            v.json(),
            serde_json::json!({"name": "a", "leaves": [{"n": 1, "token": "s3cr"}, {"n": 2}]})
        );
        let shown = format!("{v:?}");
        assert!(!shown.contains("s3cr"), "{shown}");
        assert!(shown.contains(r#"token: "***""#), "{shown}");
        let mut sensitive = Vec::new();
        v.each_object(&mut |o| o.sensitive_wires(&mut sensitive));
        assert_eq!(sensitive, ["token"]);
    }

    static ENVELOPE: crate::envelope::PlainWithErrorObject = crate::envelope::PlainWithErrorObject;
    static VENDOR: crate::vendor::VendorDesc = crate::vendor::VendorDesc {
        id: "t",
        title: "t",
        base_url: "http://127.0.0.1",
        regions: &[],
        region_credential: None,
        credentials: &[],
        auth: &[],
        envelope: &ENVELOPE,
        request_id_header: None,
        errors: &[],
        rate_limit: None,
    };

    /// An operation of `params` at `path`, with nothing else to it.
    const fn desc(
        params: &'static [ParamDesc],
        path: &'static str,
        body: BodyKind,
    ) -> OperationDesc {
        OperationDesc {
            name: "op",
            summary: "",
            doc_url: "",
            method: crate::request::Method::Post,
            path,
            body,
            idempotent: false,
            empty_success: false,
            params,
            help: &[""],
            at_least_one_of: &[],
            errors: &[],
            examples: &[],
            waiter: None,
            paging: None,
            creates: None,
            cancels: None,
            callback: None,
            sensitive_response: &[],
            rate_limit: None,
            vendor: &VENDOR,
        }
    }

    #[test]
    fn every_violation_at_any_depth_is_reported_by_its_path() {
        static PARAMS: [ParamDesc; 1] =
            [ParamDesc::body("root", "root", crate::op::FlagKind::Model).required()];
        static DESC: OperationDesc = desc(&PARAMS, "/", BodyKind::Json);
        let bad = root(
            "",
            vec![leaf(1, None), leaf(12, Some("toolong")), leaf(-1, None)],
        );
        let err = check(&DESC, &[bad]).unwrap_err();
        let got: Vec<(&str, &ViolationKind)> = err
            .violations
            .iter()
            .map(|v| (v.path.as_str(), &v.kind))
            .collect();
        assert_eq!(
            got,
            [
                ("root.name", &ViolationKind::TooShort { min: 1, actual: 0 }),
                (
                    "root.leaves",
                    &ViolationKind::TooManyItems { max: 2, actual: 3 }
                ),
                (
                    "root.leaves[1].n",
                    &ViolationKind::AboveMaximum { max: 9, actual: 12 }
                ),
                (
                    "root.leaves[1].token",
                    &ViolationKind::TooLong { max: 4, actual: 7 }
                ),
                (
                    "root.leaves[2].n",
                    &ViolationKind::BelowMinimum { min: 0, actual: -1 }
                ),
            ]
        );
        check(&DESC, &[root("ok", vec![leaf(3, Some("abcd"))])]).unwrap();
    }

    #[test]
    fn a_path_param_that_would_move_the_path_is_refused() {
        static PARAMS: [ParamDesc; 1] =
            [ParamDesc::path("id", "id", crate::op::FlagKind::Text).required()];
        static DESC: OperationDesc = desc(&PARAMS, "/v1/{id}/x", BodyKind::None);
        for bad in ["", ".", ".."] {
            let err = check(&DESC, &[Value::Text(bad)]).unwrap_err();
            assert!(
                err.violations
                    .iter()
                    .any(|v| v.path == "id" && v.kind == ViolationKind::NotPathSegment),
                "{bad:?}: {err}"
            );
        }
        // Anything else stays one segment: percent-encoding keeps `/` and dots inside it.
        for ok in ["...", "a/..", ".a", "%2e"] {
            check(&DESC, &[Value::Text(ok)]).unwrap();
        }
    }
}
