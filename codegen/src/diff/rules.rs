//! Each rule's class and meaning, in one table: the comparison reads a rule's class from it, the
//! reports name the rule, and the docs list the table (`rules_markdown`).

use serde::Serialize;

/// How a change lands for users of the generated crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Class {
    /// Code that compiled or worked may not any more.
    Breaking,
    /// Code compiles, but may mean something else (an exhaustive `match`, a default).
    Potential,
    /// Nothing a user's code can notice but new things and text.
    Info,
}

impl Class {
    /// As the report says it.
    pub fn label(self) -> &'static str {
        match self {
            Class::Breaking => "breaking",
            Class::Potential => "potentially breaking",
            Class::Info => "informational",
        }
    }
}

/// The version bump a change needs, by the crate's semver promise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bump {
    /// Nothing a user's code can notice: docs, notes, examples, sources.
    Patch,
    /// New things, or behaviour a user's code can notice without failing to compile.
    Minor,
    /// Code that compiled or worked may not any more.
    Major,
}

impl Bump {
    /// As reports say it.
    pub fn label(self) -> &'static str {
        match self {
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }

    /// The bump a set of changes needs: the largest of theirs (patch for none).
    pub fn of(rules: impl IntoIterator<Item = Rule>) -> Bump {
        rules
            .into_iter()
            .map(Rule::bump)
            .max()
            .unwrap_or(Bump::Patch)
    }
}

macro_rules! rules {
    ($($variant:ident $name:literal $class:ident $meaning:literal;)*) => {
        /// A classification rule of the spec diff.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Rule {
            $(#[doc = $meaning] $variant,)*
        }

        impl Rule {
            /// Every rule, in the table's order.
            pub const ALL: &[Rule] = &[$(Rule::$variant),*];

            /// The rule's name in reports (`param-removed`).
            pub fn name(self) -> &'static str {
                match self { $(Rule::$variant => $name,)* }
            }

            /// The class of every change the rule reports.
            pub fn class(self) -> Class {
                match self { $(Rule::$variant => Class::$class,)* }
            }

            /// What the rule reports and why it is in its class.
            pub fn meaning(self) -> &'static str {
                match self { $(Rule::$variant => $meaning,)* }
            }

            /// The rule named `name`.
            pub fn by_name(name: &str) -> Option<Rule> {
                Rule::ALL.iter().copied().find(|r| r.name() == name)
            }
        }
    };
}

rules! {
    VendorRemoved "vendor-removed" Breaking "A vendor's module is gone.";
    OperationRemoved "operation-removed" Breaking "An operation's module and client method are gone.";
    RustNameChanged "rust-name-changed" Breaking "A Rust name (setter, model, field, variant, operation) is spelled differently: code naming it no longer compiles.";
    EndpointChanged "endpoint-changed" Breaking "The method or path changed: requests go elsewhere.";
    ServiceChanged "service-changed" Breaking "The operation moved to another service folder: it compiles under that service's cargo feature.";
    CratesChanged "crates-changed" Breaking "The vendor's services moved into crates of their own, or back (`crates:`): paths and names stay, but the types are another crate's items now, which tools reading one crate's API (cargo-semver-checks) see go.";
    ResponseChanged "response-changed" Breaking "The success's data type changed, or the success gained or lost its body: `send()` returns another type.";
    ParamRemoved "param-removed" Breaking "A param and its setter are gone.";
    ParamAddedRequired "param-added-required" Breaking "A new required param: requests without it no longer build.";
    ParamRequired "param-required" Breaking "A param is required now: requests without it no longer build.";
    ParamMoved "param-moved" Breaking "A param goes in another place (query, path, header, body).";
    TypeChanged "type-changed" Breaking "A param's or field's type changed.";
    ConstraintStricter "constraint-stricter" Breaking "A length, range or item limit is stricter: values that built may not.";
    ModelRemoved "model-removed" Breaking "A model type is gone.";
    FieldRemoved "field-removed" Breaking "A model field is gone.";
    FieldRequired "field-required" Breaking "A field is required now: an answer without it no longer decodes.";
    FieldOptional "field-optional" Breaking "A field is optional now: its Rust type is an `Option`.";
    FieldAddedRequired "field-added-required" Breaking "A new required field: an answer without it no longer decodes, and a request model's `new` takes it.";
    LeniencyLost "leniency-lost" Breaking "A field is decoded strictly now: answers that decoded may not.";
    EnumRemoved "enum-removed" Breaking "An enum is gone or renamed.";
    EnumValueRemoved "enum-value-removed" Breaking "An enum value and its variant are gone.";
    ErrorRowRemoved "error-row-removed" Breaking "An error row and its variant are gone.";
    ErrorCodeChanged "error-code-changed" Breaking "An error row is recognised by another code.";
    WaiterRemoved "waiter-removed" Breaking "The waiter (`wait`) is gone.";
    WaiterStatesChanged "waiter-states-changed" Breaking "The waiter ends on other success or failure states.";
    PaginationRemoved "pagination-removed" Breaking "`pages` and `items` are gone.";
    CreatesRemoved "creates-removed" Breaking "A create no longer names the operation that waits for its task: `waiter()` on its request is gone.";
    CallbackRemoved "callback-removed" Breaking "A create's callback is gone: its client method that verifies and decodes callbacks is gone.";
    CallbackChanged "callback-changed" Breaking "A callback's URL param, encoding or signature rule changed: callbacks verify or decode differently.";
    CallbackPayloadChanged "callback-payload-changed" Breaking "A callback's payload type changed: its client method returns another type.";
    EncodingChanged "encoding-changed" Breaking "A param's value goes on the wire in another form (an encoding, a list style): the vendor reads requests differently.";
    BodyEncodingChanged "body-encoding-changed" Breaking "The request body is encoded otherwise (form, JSON, none): the vendor reads requests differently.";
    AtLeastOneOfAdded "at-least-one-of-added" Breaking "A new `at_least_one_of` group (or a group changed): requests that built may not.";
    BaseUrlChanged "base-url-changed" Breaking "The vendor's endpoint or regions changed.";
    AuthChanged "auth-changed" Breaking "The auth schemes or the credentials they use changed.";
    EnvelopeChanged "envelope-changed" Breaking "The response envelope changed: answers decode differently.";
    CredentialRemoved "credential-removed" Breaking "A credential field is gone.";
    CredentialAddedRequired "credential-added-required" Breaking "A new required credential: `Credentials::new` and the environment need it.";
    CredentialEnvChanged "credential-env-changed" Breaking "A credential is read from another environment variable.";
    ParamWireRenamed "param-wire-renamed" Potential "A param is sent under another wire name; its setter stays.";
    FieldWireRenamed "field-wire-renamed" Potential "A field is read from another key; its Rust field stays.";
    DefaultChanged "default-changed" Potential "What the server assumes for an unsent param changed.";
    EnumValueAddedResponse "enum-value-added-response" Potential "A new value in responses: enums are open, but a `match` may change meaning.";
    ErrorMatchChanged "error-match-changed" Potential "An error row matches on another message or HTTP status.";
    WaiterChanged "waiter-changed" Potential "The waiter reads its states differently (path, pending states, error rows, ids).";
    PaginationChanged "pagination-changed" Potential "The listing pages differently.";
    CreatesChanged "creates-changed" Potential "A create's task is waited for by another operation, param or id.";
    RetriesChanged "retries-changed" Potential "Whether the operation is idempotent, so what is retried, changed.";
    RateLimitChanged "rate-limit-changed" Potential "The documented rate limit changed: a client pacing by it (`RateLimit::Documented`) sends at another rate.";
    SensitiveChanged "sensitive-changed" Potential "A param, field or credential is redacted now, or no longer: what `Debug` and logs show changes.";
    Unclassified "unclassified" Potential "A change no rule reads, named by the facts that differ: read the generated diff.";
    VendorAdded "vendor-added" Info "A new vendor.";
    OperationAdded "operation-added" Info "A new operation.";
    ParamAdded "param-added" Info "A new optional param.";
    ParamOptional "param-optional" Info "A param is optional now.";
    ConstraintLooser "constraint-looser" Info "A length, range or item limit is looser.";
    ModelAdded "model-added" Info "A new model.";
    FieldAdded "field-added" Info "A new optional field.";
    LeniencyChanged "leniency-changed" Info "A field is decoded leniently, or by another lenient decoder.";
    EnumAdded "enum-added" Info "A new enum.";
    EnumValueAdded "enum-value-added" Info "A new value of an enum that is only sent.";
    ErrorRowAdded "error-row-added" Info "A new error row and its variant.";
    WaiterAdded "waiter-added" Info "A new waiter (`wait`).";
    PaginationAdded "pagination-added" Info "New `pages` and `items`.";
    CancelsChanged "cancels-changed" Info "What a cancel stops, or the error a started task's cancel gets, changed: only the test kit reads it.";
    CallbackAdded "callback-added" Info "A create's callback is described: a client method verifies and decodes it.";
    CreatesAdded "creates-added" Info "A create names the operation that waits for its task: its request has `waiter()`.";
    CredentialAdded "credential-added" Info "A new optional credential.";
    AtLeastOneOfRemoved "at-least-one-of-removed" Info "An `at_least_one_of` group is gone: requests need fewer params.";
    DeprecatedChanged "deprecated-changed" Info "An operation, param, field or enum value is deprecated now, or no longer: code using it gets, or loses, a warning.";
    Docs "docs" Info "Doc text or a summary changed.";
    Examples "examples" Info "The doc's example responses changed.";
    Notes "notes" Info "The notes on the doc changed.";
    Sources "sources" Info "The doc page or its date changed.";
}

impl Rule {
    /// The version bump a change by this rule needs: breaking is major; a change that may mean
    /// something else, or adds an item, is minor; one only in text a user's code never reads is
    /// patch.
    pub fn bump(self) -> Bump {
        match self.class() {
            Class::Breaking => Bump::Major,
            Class::Potential => Bump::Minor,
            Class::Info => match self {
                Rule::Docs
                | Rule::Examples
                | Rule::Notes
                | Rule::Sources
                | Rule::CancelsChanged => Bump::Patch,
                _ => Bump::Minor,
            },
        }
    }
}

/// Where a breaking change shows to a semver checker comparing the crates before and after
/// (`tests/semver.rs` holds each rule to its claim with cargo-semver-checks).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shows {
    /// An item or a signature's shape goes or changes (a module, type, field, variant or
    /// method; a parameter count): cargo-semver-checks reports it.
    Items,
    /// A type, or an impl of one of the runtime's traits, changes: the compiler rejects code
    /// that worked, but cargo-semver-checks compares neither types nor foreign traits' impls.
    Types,
    /// No public signature changes: code compiles and acts differently, on the wire or at
    /// `build()`.
    Wire,
    /// Only a build with some of the crate's features sees it (an operation under another
    /// service's feature): with the default features, which cargo-semver-checks compares,
    /// nothing changed.
    Features,
}

impl Shows {
    /// As the rule table says it.
    pub fn label(self) -> &'static str {
        match self {
            Shows::Items => "items",
            Shows::Types => "types",
            Shows::Wire => "wire only",
            Shows::Features => "features",
        }
    }
}

impl Rule {
    /// Where a breaking change by this rule shows; `None` for a rule that is not breaking.
    pub fn shows(self) -> Option<Shows> {
        if self.class() != Class::Breaking {
            return None;
        }
        Some(match self {
            Rule::ResponseChanged
            | Rule::TypeChanged
            | Rule::WaiterRemoved
            | Rule::PaginationRemoved
            | Rule::CreatesRemoved
            | Rule::CallbackPayloadChanged => Shows::Types,
            Rule::EndpointChanged
            | Rule::ParamAddedRequired
            | Rule::ParamRequired
            | Rule::ParamMoved
            | Rule::ConstraintStricter
            | Rule::LeniencyLost
            | Rule::ErrorCodeChanged
            | Rule::WaiterStatesChanged
            | Rule::CallbackChanged
            | Rule::EncodingChanged
            | Rule::BodyEncodingChanged
            | Rule::AtLeastOneOfAdded
            | Rule::BaseUrlChanged
            | Rule::AuthChanged
            | Rule::EnvelopeChanged
            | Rule::CredentialEnvChanged => Shows::Wire,
            Rule::ServiceChanged => Shows::Features,
            _ => Shows::Items,
        })
    }
}

impl Rule {
    /// The kinds of IR fact the rule compares (`params.sensitive`: that field of any param;
    /// `params`: which params there are), in the scope it fires in. The safety net reports a
    /// differing fact that no rule that fired reads.
    pub fn reads(self) -> &'static [&'static str] {
        match self {
            Rule::VendorRemoved
            | Rule::VendorAdded
            | Rule::OperationRemoved
            | Rule::OperationAdded
            | Rule::Unclassified => &[],
            Rule::RustNameChanged => &[
                "ident",
                "prefix",
                "request_ident",
                "input_ident",
                "error_ident",
                "kind_ident",
                "params.ident",
                "params.cli_flag",
                "models.ident",
                "models.fields.ident",
                "enums.variants.ident",
            ],
            Rule::EndpointChanged => &["method", "path"],
            Rule::ServiceChanged => &["service", "feature", "spec_file"],
            Rule::CratesChanged => &["layout"],
            Rule::ResponseChanged => &["response"],
            Rule::ParamRemoved
            | Rule::ParamAddedRequired
            | Rule::ParamAdded
            | Rule::ParamWireRenamed => &["params"],
            Rule::ParamRequired | Rule::ParamOptional => &["params.required"],
            Rule::ParamMoved => &["params.location"],
            Rule::TypeChanged => &["params.ty", "models.fields.ty"],
            Rule::ConstraintStricter | Rule::ConstraintLooser => {
                &["params.limits", "models.fields.limits"]
            }
            Rule::ModelRemoved | Rule::ModelAdded => &["models"],
            Rule::FieldRemoved
            | Rule::FieldAddedRequired
            | Rule::FieldAdded
            | Rule::FieldWireRenamed => &["models.fields"],
            Rule::FieldRequired | Rule::FieldOptional => &["models.fields.ty"],
            Rule::LeniencyLost | Rule::LeniencyChanged => &["models.fields.lenient"],
            Rule::EnumRemoved | Rule::EnumAdded => &["enums"],
            Rule::EnumValueRemoved | Rule::EnumValueAdded | Rule::EnumValueAddedResponse => {
                &["enums.variants"]
            }
            Rule::ErrorRowRemoved | Rule::ErrorRowAdded => &["errors"],
            Rule::ErrorCodeChanged => &["errors.code"],
            Rule::ErrorMatchChanged => &["errors.message", "errors.http_status"],
            Rule::WaiterRemoved | Rule::WaiterAdded => &["waiter"],
            Rule::WaiterStatesChanged => &["waiter.success", "waiter.failure"],
            Rule::WaiterChanged => &[
                "waiter.pending",
                "waiter.errors",
                "waiter.path",
                "waiter.ids",
            ],
            Rule::PaginationRemoved | Rule::PaginationAdded | Rule::PaginationChanged => {
                &["pagination"]
            }
            Rule::CreatesRemoved | Rule::CreatesAdded | Rule::CreatesChanged => &["creates"],
            Rule::CancelsChanged => &["cancels"],
            Rule::CallbackRemoved
            | Rule::CallbackAdded
            | Rule::CallbackChanged
            | Rule::CallbackPayloadChanged => &["callback"],
            Rule::EncodingChanged => &["params.encoding", "params.style"],
            Rule::BodyEncodingChanged => &["body"],
            Rule::AtLeastOneOfAdded | Rule::AtLeastOneOfRemoved => &["rules"],
            Rule::BaseUrlChanged => &["base_url", "regions"],
            Rule::AuthChanged => &["auth", "auth_params.*"],
            Rule::EnvelopeChanged => &["envelope"],
            Rule::CredentialRemoved | Rule::CredentialAddedRequired | Rule::CredentialAdded => {
                &["credentials", "auth_params.*"]
            }
            Rule::CredentialEnvChanged => &["credentials.env", "auth_params.*"],
            Rule::DefaultChanged => &["params.default"],
            Rule::RetriesChanged => &["idempotent"],
            Rule::RateLimitChanged => &["rate_limit"],
            Rule::SensitiveChanged => &[
                "params.sensitive",
                "models.fields.sensitive",
                "credentials.sensitive",
            ],
            Rule::DeprecatedChanged => &[
                "deprecated",
                "params.deprecated",
                "models.fields.deprecated",
                "enums.variants.deprecated",
            ],
            Rule::Docs => &[
                "summary",
                "doc",
                "title",
                "params.doc",
                "models.doc",
                "models.fields.doc",
                "enums.doc",
                "enums.variants.doc",
                "errors.doc",
                "waiter.doc",
                "credentials.doc",
                "deprecated",
                "params.deprecated",
                "models.fields.deprecated",
                "enums.variants.deprecated",
            ],
            Rule::Examples => &["examples", "callback"],
            Rule::Notes => &["notes"],
            Rule::Sources => &["source", "sources"],
        }
    }
}

/// The table as Markdown: each rule, its class, the bump it needs and its meaning.
pub fn rules_markdown() -> String {
    let mut s = String::from("| rule | class | bump | what it reports |\n|---|---|---|---|\n");
    for r in Rule::ALL {
        let class = match r.shows() {
            Some(shows) => format!("{} ({})", r.class().label(), shows.label()),
            None => r.class().label().to_owned(),
        };
        s.push_str(&format!(
            "| `{}` | {class} | {} | {} |\n",
            r.name(),
            r.bump().label(),
            r.meaning()
        ));
    }
    s
}
