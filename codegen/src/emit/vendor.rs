//! Files: `vendors.rs` (the crate's vendor modules and command line), a vendor module (its
//! descriptor, credentials and client).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::Doc;
use super::{ident, rt};
use crate::ir::{Ir, Operation, Vendor};
use crate::spec::RuntimeEnvelope;

/// `src/vendors.rs`, included by the crate's hand-written `lib.rs`: one feature-gated module per
/// vendor, and the command line's vendor list. (The crate root stays hand-written so the
/// workspace loads even before generation.)
pub(crate) fn vendors_rs(ir: &Ir) -> TokenStream {
    let mods = ir.vendors.iter().map(|v| {
        let m = ident(&v.module);
        let services = service_features(v);
        let d = Doc::new()
            .line(format!(
                "{} (feature `{}`; a service alone: {}).",
                super::docs::escape_line(&v.title),
                v.id,
                services
                    .iter()
                    .map(|f| format!("`{f}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
            .outer();
        let cfg = vendor_cfg(v);
        // A vendor's response nests as its docs do (`list<map<string, list<T>>>`); the types are
        // the vendor's, so clippy's advice to factor them has no one to take it.
        quote! {
            #d
            #cfg
            #[allow(clippy::type_complexity)]
            pub mod #m;
        }
    });
    let entries = ir.vendors.iter().map(|v| {
        let m = ident(&v.module);
        let cfg = vendor_cfg(v);
        quote!(#cfg #m::CLI,)
    });
    let apis = ir.vendors.iter().map(|v| {
        let m = ident(&v.module);
        let cfg = vendor_cfg(v);
        quote!(#cfg &#m::API,)
    });
    quote! {
        #(#mods)*
        /// Every vendor compiled in, with its operations.
        pub static APIS: &[&::vodspec_runtime::VendorApi] = &[#(#apis)*];
        /// Every vendor compiled in, for the `vodspec` command line.
        #[cfg(feature = "cli")]
        pub const CLI_VENDORS: &[::vodspec_runtime::cli::CliVendor] = &[#(#entries)*];
    }
}

/// The features of a vendor's services, in order.
fn service_features(v: &Vendor) -> Vec<&str> {
    let mut f: Vec<&str> = v.operations.iter().map(|o| o.feature.as_str()).collect();
    f.sort_unstable();
    f.dedup();
    f
}

/// A vendor's module compiles when any of its services does (or the vendor's own feature, for
/// a vendor with no operations yet).
fn vendor_cfg(v: &Vendor) -> TokenStream {
    let features = std::iter::once(v.id.as_str()).chain(service_features(v));
    quote!(#[cfg(any(#(feature = #features),*))])
}

/// An operation compiles under its service's feature.
fn service_cfg(op: &Operation) -> TokenStream {
    let f = &op.feature;
    quote!(#[cfg(feature = #f)])
}

fn credentials(v: &Vendor) -> TokenStream {
    let rt = rt();
    let field_ty = |sensitive: bool| {
        if sensitive {
            quote!(#rt::Secret)
        } else {
            quote!(String)
        }
    };
    let fields = v.credentials.iter().map(|c| {
        let i = ident(&c.ident);
        let t = field_ty(c.sensitive);
        let t = if c.optional { quote!(Option<#t>) } else { t };
        let mut d = Doc::new()
            .text(c.doc.as_deref())
            .line(format!("From `{}`.", c.env));
        if c.sensitive {
            d = d.line("Secret: never printed.");
        }
        let d = d.outer();
        quote!(#d pub #i: #t,)
    });
    let required: Vec<_> = v.credentials.iter().filter(|c| !c.optional).collect();
    let args = required.iter().map(|c| {
        let i = ident(&c.ident);
        let t = field_ty(c.sensitive);
        quote!(#i: impl Into<#t>)
    });
    let inits = v.credentials.iter().map(|c| {
        let i = ident(&c.ident);
        if c.optional {
            quote!(#i: None,)
        } else {
            quote!(#i: #i.into(),)
        }
    });
    let setters = v.credentials.iter().filter(|c| c.optional).map(|c| {
        let i = ident(&c.ident);
        let with = ident(&crate::ir::escape(format!("with_{}", c.name)));
        let t = field_ty(c.sensitive);
        let d = Doc::new()
            .line(format!("Sets `{}`.", c.ident.trim_start_matches("r#")))
            .outer();
        quote! {
            #d
            pub fn #with(mut self, value: impl Into<#t>) -> Self {
                self.#i = Some(value.into());
                self
            }
        }
    });
    let takes = v.credentials.iter().map(|c| {
        let i = ident(&c.ident);
        quote!(#i: #rt::__private::CredentialField::take(&mut values),)
    });
    let debug_fields = v.credentials.iter().map(|c| {
        let i = ident(&c.ident);
        let label = c.ident.trim_start_matches("r#");
        quote!(.field(#label, &self.#i))
    });
    let vars: Vec<String> = v
        .credentials
        .iter()
        .map(|c| format!("`{}`", c.env))
        .collect();
    let from_env_doc = Doc::new()
        .line(format!(
            "Reads {}; empty values count as unset.",
            vars.join(", ")
        ))
        .outer();
    let values = v.credentials.iter().map(|c| {
        let i = ident(&c.ident);
        quote!(#rt::__private::CredentialField::to_value(&self.#i))
    });
    quote! {
        /// The credentials a [`Client`] signs with. `Debug` never prints a secret.
        #[derive(Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub struct Credentials {
            #(#fields)*
        }

        impl Credentials {
            /// Credentials from the required fields; set optional ones with the `with_` methods.
            pub fn new(#(#args),*) -> Self {
                Credentials { #(#inits)* }
            }

            #(#setters)*

            #from_env_doc
            pub fn from_env() -> Result<Self, #rt::CredentialsError> {
                Self::from_lookup(|k| ::std::env::var(k).ok())
            }

            /// The values by spec name, as the runtime reads them.
            pub fn values(&self) -> #rt::CredentialValues {
                #rt::CredentialValues::new(VENDOR.credentials, vec![#(#values),*])
            }

            /// Like [`from_env`](Self::from_env), reading variables through `lookup`.
            pub fn from_lookup(
                lookup: impl Fn(&str) -> Option<String>,
            ) -> Result<Self, #rt::CredentialsError> {
                let mut values = #rt::CredentialValues::from_lookup(VENDOR.credentials, lookup)?
                    .into_values()
                    .into_iter();
                Ok(Credentials { #(#takes)* })
            }
        }

        impl ::std::fmt::Debug for Credentials {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct("Credentials") #(#debug_fields)* .finish()
            }
        }
    }
}

pub(super) fn vendor_desc(v: &Vendor) -> TokenStream {
    let rt = rt();
    let id = &v.id;
    let title = &v.title;
    let base = &v.base_url;
    let regions = v.regions.iter().map(|(id, url)| match url {
        Some(u) => quote!((#id, Some(#u))),
        None => quote!((#id, None)),
    });
    let region = match v.credentials.iter().find(|c| c.name == "region") {
        Some(c) if !v.regions.is_empty() => {
            let n = &c.name;
            quote!(Some(#n))
        }
        _ => quote!(None),
    };
    let creds = v.credentials.iter().map(|c| {
        let (name, env, sensitive, optional) = (&c.name, &c.env, c.sensitive, c.optional);
        quote!(#rt::CredentialDesc { name: #name, env: #env, sensitive: #sensitive, optional: #optional })
    });
    let auth = v.auth.iter().map(|a| {
        let (module, ty) = a.scheme.runtime_type();
        let (module, ty) = (format_ident!("{module}"), format_ident!("{ty}"));
        let names = a.uses.iter().map(|u| {
            v.credentials
                .iter()
                .find(|c| &c.ident == u)
                .map_or(u.clone(), |c| c.name.clone())
        });
        let skew = super::opt(a.max_clock_skew_seconds.map(u64::from));
        quote!(#rt::AuthDesc {
            scheme: &#rt::auth::#module::#ty,
            uses: &[#(#names),*],
            max_clock_skew_seconds: #skew,
        })
    });
    // Validation has made sure the envelope is complete.
    let envelope = match v.envelope.runtime() {
        Some(RuntimeEnvelope::Code(e)) => {
            let (code, status_field) = (e.success_code, e.status_field);
            let error_data = super::opt(e.error_data);
            quote!(&#rt::envelope::CodeMessageData {
                success_code: #code,
                status_field: #status_field,
                error_data: #error_data,
            })
        }
        Some(RuntimeEnvelope::Plain(_)) | None => quote!(&#rt::envelope::PlainWithErrorObject),
    };
    let errors = v.errors.iter().map(super::operation::error_row);
    let request_id = match &v.envelope.request_id_header {
        Some(h) => quote!(Some(#h)),
        None => quote!(None),
    };
    let rate_limit = super::rate_limit_desc(v.rate_limit.as_ref());
    quote! {
        /// This vendor as the runtime reads it: endpoint, credentials, auth schemes, envelope.
        pub static VENDOR: #rt::VendorDesc = #rt::VendorDesc {
            id: #id,
            title: #title,
            base_url: #base,
            regions: &[#(#regions),*],
            region_credential: #region,
            credentials: &[#(#creds),*],
            auth: &[#(#auth),*],
            envelope: #envelope,
            request_id_header: #request_id,
            errors: &[#(#errors),*],
            rate_limit: #rate_limit,
        };
    }
}

/// A placeholder the param accepts: within its limits, of its type.
/// A value that satisfies `ty` and its limits, for the compiled examples: a request model is
/// built with `new` and placeholders for its required fields.
fn placeholder(
    models: &(&str, &[crate::ir::Model]),
    ty: &crate::ir::Ty,
    min_length: Option<u64>,
    minimum: Option<i64>,
) -> TokenStream {
    use crate::ir::Ty;
    use crate::type_expr::Prim;
    let core = match ty.core() {
        Ty::List(inner) => inner.core(),
        t => t,
    };
    let (path, all) = models;
    match core {
        Ty::Prim(Prim::Bool) => quote!(true),
        Ty::Prim(Prim::F64) => quote!(1.0),
        Ty::Model(name) => match all.iter().find(|m| &m.ident == name) {
            Some(m) => {
                let module: syn::Path =
                    syn::parse_str(path).unwrap_or_else(|_| syn::parse_quote!(crate));
                let t = ident(&m.ident);
                let args = m
                    .fields
                    .iter()
                    .filter(|f| !matches!(f.ty, Ty::Optional(_)))
                    .map(|f| {
                        let one = placeholder(models, &f.ty, f.limits.min_length, f.limits.minimum);
                        if matches!(f.ty.core(), Ty::List(_)) {
                            quote!(vec![#one])
                        } else {
                            one
                        }
                    });
                quote!(#module::#t::new(#(#args),*))
            }
            None => quote!(::serde_json::json!({})),
        },
        Ty::Prim(Prim::Json) | Ty::Map(_) => quote!(::serde_json::json!({})),
        Ty::Prim(Prim::String) | Ty::Enum(_, crate::spec::EnumWire::String) => {
            let n = min_length.unwrap_or(1).max(1) as usize;
            let s = "x".repeat(n);
            quote!(#s)
        }
        Ty::Enum(..) => {
            let n = proc_macro2::Literal::i64_unsuffixed(minimum.unwrap_or(1));
            quote!(#n)
        }
        _ => {
            let n = proc_macro2::Literal::i64_unsuffixed(minimum.unwrap_or(1).max(0));
            quote!(#n)
        }
    }
}

/// A compiled (`no_run`) example of calling `op`, setting what the spec requires. The wrapper
/// that gives it a client is hidden; the call is what a reader sees.
fn call_example(crate_name: &str, v: &Vendor, op: &crate::ir::Operation) -> Vec<String> {
    let method = ident(&op.ident);
    let firsts: Vec<usize> = op
        .rules
        .iter()
        .filter_map(|(g, _)| g.first().copied())
        .collect();
    let setters = op
        .params
        .iter()
        .enumerate()
        .filter(|(i, p)| p.fill.is_none() && (p.required || firsts.contains(i)))
        .map(|(_, p)| {
            let s = ident(&p.ident);
            let module = format!("{crate_name}::{}::{}", v.module, op.ident);
            let value = placeholder(
                &(module.as_str(), op.models.as_slice()),
                &p.ty,
                p.limits.min_length,
                p.limits.minimum,
            );
            quote!(.#s(#value))
        });
    let file: syn::File = syn::parse_quote! {
        fn example() {
            let response = client.#method() #(#setters)* .send().await?;
        }
    };
    let text = prettyplease::unparse(&file);
    let call = text
        .lines()
        .filter(|l| !l.starts_with("fn ") && *l != "}")
        .map(|l| l.strip_prefix("    ").unwrap_or(l).to_owned());
    // Code, so a keyword module stays raw (`r#match`).
    let module = &v.module;
    let mut out = vec![
        "```no_run".to_owned(),
        format!(
            "# async fn example(client: {crate_name}::{module}::Client) -> Result<(), Box<dyn std::error::Error>> {{"
        ),
    ];
    out.extend(call);
    out.push("# let _ = response; Ok(()) }".into());
    out.push("```".into());
    out
}

/// The client's methods for the operations of one service: an `impl` block of their own,
/// under the service's feature (and a chunk of the vendor module of its own, see
/// [`vendor_mod`]).
fn client_methods(v: &Vendor, crate_name: &str, feature: &str) -> TokenStream {
    let rt = rt();
    let methods = v
        .operations
        .iter()
        .filter(|op| op.feature == feature)
        .map(|op| {
            let m = ident(&op.ident);
            let req = ident(&op.request_ident);
            let mut d = Doc::new().text(Some(&op.summary)).line(format!(
                "`{} {}` — [doc page]({}).",
                op.method.name(),
                op.path,
                op.source.url
            ));
            if let Some(dep) = &op.deprecated {
                d = d.text(Some(&format!("Deprecated: {dep}")));
            }
            let d = d.raw(&call_example(crate_name, v, op)).outer();
            let deprecated = op.deprecated.as_ref().map(|_| quote!(#[deprecated]));
            let callback = super::callback::callback_method(op);
            quote! {
                #d
                #deprecated
                pub fn #m(&self) -> #m::#req {
                    #m::#req(#rt::Request::new(self.0.clone()))
                }
                #callback
            }
        });
    quote! {
        #[cfg(feature = #feature)]
        impl Client {
            #(#methods)*
        }
    }
}

/// The client: its type and what every client has.
fn client(v: &Vendor) -> TokenStream {
    let rt = rt();
    let doc = Doc::new()
        .line(format!(
            "A {} client: one method per documented operation. Cheap to clone; its requests share it.",
            v.title
        ))
        .outer();
    quote! {
        #doc
        #[derive(Debug, Clone)]
        pub struct Client(#rt::Client);

        // `names::CLIENT_ITEMS` keeps operations from taking these names.
        impl Client {
            /// A client for the vendor's endpoint, with the default timeouts and retries.
            pub fn new(credentials: Credentials) -> Self {
                Client(#rt::Client::new(&VENDOR, credentials.values()))
            }

            /// Uses other timeouts, retries or user agent.
            pub fn with_config(self, config: #rt::transport::Config) -> Self {
                Client(self.0.with_config(config))
            }

            /// Sends to another endpoint (a proxy, a test server) instead.
            pub fn with_base_url(self, base_url: impl Into<String>) -> Self {
                Client(self.0.with_base_url(base_url))
            }

            /// Asks `provider` for the credentials of every call (a token that expires,
            /// temporary keys; see `rt::CachingCredentials`); those given to `new` still pick
            /// the endpoint.
            pub fn with_credentials_provider(self, provider: impl #rt::CredentialsProvider) -> Self {
                Client(self.0.with_credentials_provider(provider))
            }

            /// Runs an interceptor on every request: before signing (headers and params it
            /// adds are signed) and after each attempt's response.
            pub fn with_interceptor(self, interceptor: impl #rt::Interceptor) -> Self {
                Client(self.0.with_interceptor(interceptor))
            }

            /// The runtime client underneath: endpoint, credentials, transport.
            pub fn inner(&self) -> &#rt::Client {
                &self.0
            }
        }
    }
}

/// `src/<vendor>/mod.rs`, in chunks that are rendered one after another and never held at
/// once (a vendor of 10,000 operations would otherwise hold its whole syntax tree): the module's
/// items, the client's methods of each service, the test.
pub(crate) fn vendor_mod<'a>(
    v: &'a Vendor,
    crate_name: &'a str,
) -> impl Iterator<Item = TokenStream> + 'a {
    std::iter::once_with(|| vendor_items(v))
        .chain(
            service_features(v)
                .into_iter()
                .map(move |feature| client_methods(v, crate_name, feature)),
        )
        .chain(std::iter::once_with(|| spawnable_test(v)))
}

/// The vendor module's items before the client's methods.
fn vendor_items(v: &Vendor) -> TokenStream {
    let rt = rt();
    let mut doc = Doc::new()
        .line(format!("# {}", super::docs::escape_line(&v.title)))
        .text(v.doc.as_deref());
    let sources: Vec<String> = v.sources.iter().map(|s| s.url.clone()).collect();
    doc = doc.list("Written from:", &sources);
    if let Some(rl) = &v.rate_limit {
        doc = doc.line(super::rate_limit_line(rl));
    }
    let doc = doc.list("Notes on the vendor's docs:", &v.notes).inner();
    let mods = v.operations.iter().map(|op| {
        let m = ident(&op.ident);
        let cfg = service_cfg(op);
        // A vendor of `crates: per-service` has each module in its service's crate: re-exported
        // here, so its path is the same.
        if let Some(c) = v.crates.as_ref().and_then(|c| c.service(&op.feature)) {
            let c = ident(&c.ident);
            return quote! {
                #cfg
                #[doc(inline)]
                pub use ::#c::#m;
            };
        }
        let d = Doc::new().text(Some(&op.summary)).outer();
        // `type/type.yaml` is the vendor's own name for the operation; keep it.
        let inception = (op.ident == v.module).then(|| quote!(#[allow(clippy::module_inception)]));
        quote! {
            #d
            #cfg
            #inception
            pub mod #m;
        }
    });
    let cli_ops = v.operations.iter().map(|op| {
        let m = ident(&op.ident);
        let marker = ident(&op.prefix);
        let mut entry = quote!(#rt::cli::CliOperation::new::<#m::#marker>());
        if op.waiter.is_some() {
            entry = quote!(#entry.waiter::<#m::#marker>());
        }
        if op.pagination.is_some() {
            entry = quote!(#entry.paginated::<#m::#marker>());
        }
        if op.creates.is_some() {
            entry = quote!(#entry.creates::<#m::#marker>());
        }
        let cfg = service_cfg(op);
        quote!(#cfg #entry,)
    });
    let descs = v.operations.iter().map(|op| {
        let m = ident(&op.ident);
        let marker = ident(&op.prefix);
        let cfg = service_cfg(op);
        quote!(#cfg <#m::#marker as #rt::Operation>::DESC,)
    });
    let desc = match &v.crates {
        Some(c) => {
            let c = ident(&c.core.ident);
            quote!(#[doc(inline)] pub use ::#c::VENDOR;)
        }
        None => vendor_desc(v),
    };
    let creds = credentials(v);
    let client = client(v);
    quote! {
        #doc
        #(#mods)*
        #desc
        /// This vendor and every operation's descriptor, in the spec tree's order (what tools such as `vodspec-testing`'s fakes read).
        pub static API: #rt::VendorApi = #rt::VendorApi { vendor: &VENDOR, operations: &[#(#descs)*] };
        /// This vendor's `vodspec` subcommands.
        #[cfg(feature = "cli")]
        pub const CLI: #rt::cli::CliVendor = #rt::cli::CliVendor { vendor: &VENDOR, operations: &[#(#cli_ops)*] };
        #creds
        #client
    }
}

/// Each operation's futures and streams checked to be spawnable, by the compiler.
fn spawnable_test(v: &Vendor) -> TokenStream {
    let rt = rt();
    let owned = v.operations.iter().map(|op| {
        let m = ident(&op.ident);
        let marker = ident(&op.prefix);
        let wait = op
            .waiter
            .as_ref()
            .map(|_| quote!(#rt::__private::owned::wait::<#m::#marker>(&rt::Request::new(client.clone()));));
        let pages = op
            .pagination
            .as_ref()
            .map(|_| quote!(#rt::__private::owned::pages::<#m::#marker>(&rt::Request::new(client.clone()));));
        let cfg = service_cfg(op);
        quote! {
            #cfg
            {
                #rt::__private::owned::send::<#m::#marker>(&rt::Request::new(client.clone()));
                #wait
                #pages
            }
        }
    });
    quote! {
        #[cfg(test)]
        #[test]
        fn every_future_is_spawnable() {
            let client = #rt::Client::new(&VENDOR, #rt::CredentialValues::new(VENDOR.credentials, Vec::new()));
            #(#owned)*
        }
    }
}
