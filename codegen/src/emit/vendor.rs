//! Files: the crate root, a vendor module (credentials, endpoint, client), an operation module.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::Doc;
use super::{Cx, errors, examples, ident, request, tasks, types};
use crate::ir::{Ir, Operation, Vendor};

/// `src/vendors.rs`, included by the crate's hand-written `lib.rs`: one feature-gated module per
/// vendor. (The crate root stays hand-written so the workspace loads even before generation.)
pub(crate) fn vendors_rs(cx: &Cx, ir: &Ir) -> TokenStream {
    let mods = ir.vendors.iter().map(|v| {
        let m = ident(&v.module);
        let feature = &v.id;
        let d = Doc::new()
            .line(format!(
                "{} (feature `{}`).",
                super::docs::escape_line(&v.title),
                v.id
            ))
            .outer();
        quote! {
            #d
            #[cfg(feature = #feature)]
            pub mod #m;
        }
    });
    let cli = super::cli::cli_entry(cx, ir);
    quote!(#(#mods)* #cli)
}

fn credentials(cx: &Cx, v: &Vendor) -> TokenStream {
    let rt = &cx.rt;
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
    let lookups = v.credentials.iter().map(|c| {
        let i = ident(&c.ident);
        let env = &c.env;
        let conv = if c.sensitive { quote!(.map(#rt::Secret::from)) } else { quote!() };
        if c.optional {
            quote!(#i: lookup(#env).filter(|v| !v.is_empty()) #conv,)
        } else {
            quote!(#i: lookup(#env).filter(|v| !v.is_empty()) #conv .ok_or(#rt::CredentialsError::Missing { var: #env })?,)
        }
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
    quote! {
        /// The credentials a [`Client`] signs with. `Debug` never prints a secret.
        #[derive(Clone, PartialEq, Eq)]
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

            /// Like [`from_env`](Self::from_env), reading variables through `lookup`.
            pub fn from_lookup(
                lookup: impl Fn(&str) -> Option<String>,
            ) -> Result<Self, #rt::CredentialsError> {
                Ok(Credentials { #(#lookups)* })
            }
        }

        impl ::std::fmt::Debug for Credentials {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct("Credentials") #(#debug_fields)* .finish()
            }
        }
    }
}

fn endpoint(v: &Vendor) -> TokenStream {
    let base = &v.base_url;
    if v.regions.is_empty() {
        return quote! {
            /// The vendor's API endpoint.
            pub const BASE_URL: &str = #base;
        };
    }
    let ids = v.regions.iter().map(|(id, _)| id.as_str());
    let overrides = v
        .regions
        .iter()
        .filter_map(|(id, url)| url.as_ref().map(|u| quote!(#id => #u.to_owned(),)));
    quote! {
        /// The endpoint template; `{region}` is the region id.
        pub const BASE_URL: &str = #base;

        /// The regions the spec lists.
        pub const REGIONS: &[&str] = &[#(#ids),*];

        /// The endpoint of `region`: the template, except where a region has its own.
        pub fn base_url_for_region(region: &str) -> String {
            match region {
                #(#overrides)*
                other => BASE_URL.replace("{region}", other),
            }
        }
    }
}

/// `Client::signer`: the first scheme, in the spec's order, whose credentials are all set.
fn signer_fn(cx: &Cx, v: &Vendor) -> TokenStream {
    use crate::spec::AuthScheme as A;
    let rt = &cx.rt;
    let mut arms = Vec::new();
    let mut needs = Vec::new();
    let mut exhaustive = false;
    for (scheme, uses) in &v.auth {
        let roles = scheme.credential_roles();
        let creds: Vec<_> = uses
            .iter()
            .map(|u| v.credentials.iter().find(|c| &c.ident == u))
            .collect();
        needs.push(format!(
            "{} ({})",
            scheme.name(),
            creds
                .iter()
                .flatten()
                .map(|c| c.env.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
        let mut optional = Vec::new();
        let mut fields = Vec::new();
        for (role, cred) in roles.iter().zip(&creds) {
            let Some(cred) = cred else { continue };
            let field = ident(&cred.ident);
            let role_ident = ident(role);
            let secret_role = matches!(*role, "secret_key" | "token");
            let value = if cred.optional {
                optional.push((field.clone(), quote!(self.credentials.#field.as_ref())));
                quote!(#field)
            } else {
                quote!(self.credentials.#field)
            };
            let converted = match (cred.sensitive, secret_role) {
                (true, true) | (false, false) => quote!(#value.clone()),
                (false, true) => quote!(#rt::Secret::from(#value.clone())),
                (true, false) => quote!(#value.expose().to_owned()),
            };
            fields.push(quote!(#role_ident: #converted));
        }
        let variant = match scheme {
            A::PolyvSha1Sign => quote!(PolyvSha1Sign),
            A::Ws3HmacSha256 => quote!(Ws3HmacSha256),
            A::HuaweiSdkHmacSha256 => quote!(HuaweiSdkHmacSha256),
            A::HuaweiToken => quote!(HuaweiToken),
        };
        let signer = quote!(#rt::Signer::#variant { #(#fields),* });
        if optional.is_empty() {
            arms.push(quote!(Ok(#signer)));
            exhaustive = true;
            break;
        }
        let names: Vec<_> = optional.iter().map(|(n, _)| n).collect();
        let exprs: Vec<_> = optional.iter().map(|(_, e)| e).collect();
        let (pattern, scrutinee) = if optional.len() == 1 {
            (quote!(#(Some(#names))*), quote!(#(#exprs)*))
        } else {
            (quote!((#(Some(#names)),*)), quote!((#(#exprs),*)))
        };
        arms.push(quote! {
            if let #pattern = #scrutinee {
                return Ok(#signer);
            }
        });
    }
    if !exhaustive {
        arms.push(quote!(Err(#rt::CredentialsError::NoScheme { needs: &[#(#needs),*] })));
    }
    quote! {
        /// The signer of the first auth scheme, in the spec's order, whose credentials are set.
        pub fn signer(&self) -> Result<#rt::Signer, #rt::CredentialsError> {
            #(#arms)*
        }
    }
}

fn client(cx: &Cx, v: &Vendor) -> TokenStream {
    let rt = &cx.rt;
    let signer = signer_fn(cx, v);
    let region = v.credentials.iter().find(|c| c.name == "region");
    let base = match (v.regions.is_empty(), region) {
        (false, Some(c)) if !c.optional => {
            let i = ident(&c.ident);
            quote!(base_url_for_region(&credentials.#i))
        }
        (false, Some(c)) => {
            let i = ident(&c.ident);
            quote!(credentials.#i.as_deref().map_or_else(|| BASE_URL.to_owned(), base_url_for_region))
        }
        _ => quote!(BASE_URL.to_owned()),
    };
    let methods = v.operations.iter().map(|op| {
        let m = ident(&op.ident);
        let module = ident(&op.ident);
        let req = ident(&op.request_ident);
        let mut d = Doc::new()
            .text(Some(&op.summary))
            .text(op.doc.as_deref())
            .line(format!(
                "`{} {}` — [doc page]({}).",
                op.method.name(),
                op.path,
                op.source.url
            ));
        if let Some(dep) = &op.deprecated {
            d = d.text(Some(&format!("Deprecated: {dep}")));
        }
        let d = d.outer();
        let deprecated = op.deprecated.as_ref().map(|_| quote!(#[deprecated]));
        quote! {
            #d
            #deprecated
            pub fn #m(&self) -> #module::#req {
                #module::#req::new(self.clone())
            }
        }
    });
    let doc = Doc::new()
        .line(format!(
            "A {} client: one method per documented operation.",
            v.title
        ))
        .outer();
    quote! {
        #doc
        #[derive(Debug, Clone)]
        pub struct Client {
            credentials: Credentials,
            base_url: String,
            transport: #rt::Transport,
        }

        impl Client {
            /// A client for the vendor's endpoint, with the default timeouts and retries.
            pub fn new(credentials: Credentials) -> Self {
                let base_url = #base;
                Client { credentials, base_url, transport: #rt::Transport::default() }
            }

            /// Uses other timeouts, retries or user agent.
            pub fn with_config(mut self, config: #rt::Config) -> Self {
                self.transport = #rt::Transport::new(config);
                self
            }

            /// How requests are sent.
            pub fn config(&self) -> &#rt::Config {
                self.transport.config()
            }

            #signer

            /// Sends to another endpoint (a proxy, a test server) instead.
            pub fn with_base_url(mut self, base_url: impl Into<String>) -> Self {
                self.base_url = base_url.into();
                self
            }

            /// The endpoint requests go to.
            pub fn base_url(&self) -> &str {
                &self.base_url
            }

            /// The credentials requests are signed with.
            pub fn credentials(&self) -> &Credentials {
                &self.credentials
            }

            #(#methods)*
        }
    }
}

/// `src/<vendor>/mod.rs`.
pub(crate) fn vendor_mod(cx: &Cx, v: &Vendor) -> TokenStream {
    let mut doc = Doc::new()
        .line(format!("# {}", super::docs::escape_line(&v.title)))
        .text(v.doc.as_deref());
    let sources: Vec<String> = v.sources.iter().map(|s| s.url.clone()).collect();
    doc = doc.list("Written from:", &sources);
    if let Some(rl) = &v.rate_limit {
        doc = doc.line(format!(
            "Rate limit: {} requests per {} s per {:?}.",
            rl.requests, rl.per_seconds, rl.scope
        ));
    }
    let doc = doc.list("Notes on the vendor's docs:", &v.notes).inner();
    let mods = v.operations.iter().map(|op| {
        let m = ident(&op.ident);
        let d = Doc::new().text(Some(&op.summary)).outer();
        let req = ident(&op.request_ident);
        let err = ident(&op.error_ident);
        quote! {
            #d
            pub mod #m;
            pub use #m::{#req, #err};
        }
    });
    let envelope = examples::envelope(cx, v);
    let creds = credentials(cx, v);
    let endpoint = endpoint(v);
    let client = client(cx, v);
    let rt = &cx.rt;
    let request_id = match &v.envelope.request_id_header {
        Some(h) => quote!(Some(#h)),
        None => quote!(None),
    };
    quote! {
        #doc
        #(#mods)*

        /// The `vodspec` command-line subcommands of this vendor.
        #[cfg(feature = "cli")]
        pub mod cli;

        /// How this vendor wraps responses and signals errors.
        pub const ENVELOPE: #rt::Envelope = #envelope;

        /// The response header that carries the vendor's request id.
        pub const REQUEST_ID_HEADER: Option<&str> = #request_id;

        #endpoint
        #creds
        #client
    }
}

/// `src/<vendor>/<operation>.rs`.
pub(crate) fn operation_file(cx: &Cx, v: &Vendor, op: &Operation) -> TokenStream {
    let mut doc = Doc::new()
        .line(format!("# {}", super::docs::escape_line(&op.summary)))
        .text(op.doc.as_deref())
        .line(format!("`{} {}`", op.method.name(), op.path));
    if !op.also_accepts.is_empty() {
        let others: Vec<&str> = op.also_accepts.iter().map(|m| m.name()).collect();
        doc = doc.line(format!("The vendor also accepts {}.", others.join(", ")));
    }
    doc = doc.line(format!(
        "[Doc page]({}){}.",
        op.source.url,
        op.source
            .updated
            .as_ref()
            .map(|u| format!(", last updated {}", super::docs::escape_line(u)))
            .unwrap_or_default()
    ));
    if let Some(rl) = &op.rate_limit {
        doc = doc.line(format!(
            "Rate limit: {} requests per {} s per {:?}.",
            rl.requests, rl.per_seconds, rl.scope
        ));
    }
    doc = doc.list("Notes on the doc page:", &op.notes);
    if let Some(ex) = op.examples.iter().find(|e| e.error.is_none()) {
        doc = doc
            .line("The page's example response:")
            .fence("json", &ex.body);
    }
    let doc = doc.inner();
    let builder = request::builder(cx, op);
    let input = request::input(cx, v, op);
    let error = errors::error_enum(cx, op);
    let models = op.models.iter().map(|m| types::model(cx, m));
    let enums = op.enums.iter().map(types::open_enum);
    let tests = examples::example_tests(cx, op);
    let (wait_fns, wait_methods) = tasks::waiter(cx, op);
    let (page_fns, page_methods) = tasks::paginator(cx, op);
    let request = ident(&op.request_ident);
    let task_impl = if wait_methods.is_empty() && page_methods.is_empty() {
        quote!()
    } else {
        quote! {
            impl #request {
                #wait_methods
                #page_methods
            }
        }
    };
    quote! {
        #doc
        #builder
        #task_impl
        #input
        #error
        #wait_fns
        #page_fns
        #(#models)*
        #(#enums)*
        #tests
    }
}
