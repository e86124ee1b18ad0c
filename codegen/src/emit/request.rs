//! The request side of an operation: a builder bound to the client, the validated input it
//! builds (every constraint of the spec checked first), and the input's wire parts.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::Doc;
use super::{Cx, ident, is_copy, rust_type};
use crate::ir::{Fill, Operation, Param, Ty, Vendor};
use crate::spec::{BodyEncoding, EnumWire, ListStyle, Method, ParamLocation};
use crate::type_expr::Prim;

fn caller_params(op: &Operation) -> impl Iterator<Item = &Param> {
    op.params.iter().filter(|p| p.fill.is_none())
}

fn is_list(p: &Param) -> bool {
    matches!(p.ty.core(), Ty::List(_))
}

/// The element type a builder method takes (a list's item, else the type itself).
fn item_type(p: &Param) -> TokenStream {
    match p.ty.core() {
        Ty::List(inner) => rust_type(inner),
        other => rust_type(other),
    }
}

/// The input field type: required → `T`, list → `Vec<T>`, else `Option<T>`.
fn input_type(p: &Param) -> TokenStream {
    let t = rust_type(p.ty.core());
    if p.required || is_list(p) {
        t
    } else {
        quote!(Option<#t>)
    }
}

fn param_doc(p: &Param) -> Doc {
    let mut d = Doc::new().text(p.doc.as_deref());
    let mut facts = vec![format!("Wire name `{}`", p.wire)];
    facts.push(
        match p.location {
            ParamLocation::Path => "in the path",
            ParamLocation::Query => "in the query",
            ParamLocation::Header => "a header",
            ParamLocation::Body => "in the body",
        }
        .to_owned(),
    );
    if p.required {
        facts.push("required".into());
    }
    if let Some(m) = p.max_length {
        facts.push(format!("at most {m} characters"));
    }
    if let Some(m) = p.min_length {
        facts.push(format!("at least {m} characters"));
    }
    match (p.minimum, p.maximum) {
        (Some(lo), Some(hi)) => facts.push(format!("{lo} to {hi}")),
        (Some(lo), None) => facts.push(format!("at least {lo}")),
        (None, Some(hi)) => facts.push(format!("at most {hi}")),
        _ => {}
    }
    if let Some(m) = p.max_items {
        facts.push(format!("at most {m} values"));
    }
    if let Some(v) = &p.default {
        facts.push(format!("the server assumes `{v}` when unset"));
    }
    d = d.line(format!("{}.", facts.join("; ")));
    if let Some(dep) = &p.deprecated {
        d = d.text(Some(&format!("Deprecated: {dep}")));
    }
    d
}

/// The builder: set params, then `build()` (or, with the runtime's transport, `send()`).
pub(crate) fn builder(cx: &Cx, op: &Operation) -> TokenStream {
    let rt = &cx.rt;
    let name = ident(&op.request_ident);
    let doc = Doc::new()
        .line(format!(
            "Request builder for [`Client::{m}`](super::Client::{m}): set params, then [`build`]({}::build).",
            op.request_ident,
            m = op.ident.trim_start_matches("r#")
        ))
        .line("Every constraint of the spec is checked by `build` before anything is sent.")
        .outer();
    let params: Vec<&Param> = caller_params(op).collect();
    let fields = params.iter().map(|p| {
        let i = ident(&p.ident);
        let t = rust_type(p.ty.core());
        if is_list(p) {
            quote!(#i: #t,)
        } else {
            quote!(#i: Option<#t>,)
        }
    });
    let setters = params.iter().map(|p| {
        let i = ident(&p.ident);
        let t = item_type(p);
        let mut d = param_doc(p);
        if is_list(p) {
            d = d.line("Adds one value; call again for more.");
        }
        let d = d.outer();
        let deprecated = p.deprecated.as_ref().map(|_| quote!(#[deprecated]));
        let body = if is_list(p) {
            quote!(self.#i.push(value.into());)
        } else {
            quote!(self.#i = Some(value.into());)
        };
        quote! {
            #d
            #deprecated
            pub fn #i(mut self, value: impl Into<#t>) -> Self {
                #body
                self
            }
        }
    });
    let inits = params.iter().map(|p| {
        let i = ident(&p.ident);
        if is_list(p) {
            quote!(#i: Vec::new(),)
        } else {
            quote!(#i: None,)
        }
    });
    let debug_fields = params.iter().map(|p| {
        let i = ident(&p.ident);
        let label = p.ident.trim_start_matches("r#");
        if p.sensitive {
            quote!(.field(#label, &self.#i.as_ref().map(|_| "***")))
        } else {
            quote!(.field(#label, &self.#i))
        }
    });
    let label = &op.request_ident;
    let build = build_fn(cx, op, &params);
    let response = rust_type(&op.response);
    let error = ident(&op.error_ident);
    quote! {
        #doc
        #[derive(Clone)]
        pub struct #name {
            client: super::Client,
            #(#fields)*
        }

        impl #name {
            pub(super) fn new(client: super::Client) -> Self {
                #name { client, #(#inits)* }
            }

            /// The client this request is sent with.
            pub fn client(&self) -> &super::Client {
                &self.client
            }

            #(#setters)*

            #build

            /// Builds the request and its wire parts, with the client's credentials filled in;
            /// what is left is the vendor's signing.
            pub fn prepare(&self) -> Result<#rt::RequestParts, #rt::BuildError> {
                Ok(self.build()?.to_parts(self.client.credentials()))
            }

            /// Checks, signs and sends the request (retrying what is worth retrying) and decodes
            /// the vendor's answer into the documented model or error.
            pub async fn send(&self) -> Result<#response, #rt::Error<#error>> {
                let parts = self.prepare().map_err(#rt::Error::Build)?;
                let signer = self.client.signer().map_err(#rt::Error::Credentials)?;
                let raw = self
                    .client
                    .transport
                    .send(&parts, &self.client.base_url, &signer, super::REQUEST_ID_HEADER)
                    .await
                    .map_err(#rt::Error::Send)?;
                #rt::decode(super::ENVELOPE, raw, #error::from_response)
            }
        }

        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#label) #(#debug_fields)* .finish_non_exhaustive()
            }
        }
    }
}

fn build_fn(cx: &Cx, op: &Operation, params: &[&Param]) -> TokenStream {
    let rt = &cx.rt;
    let input = ident(&format!("{}Input", op.prefix));
    let op_name = &op.name;
    let mut checks = Vec::new();
    for p in params {
        let i = ident(&p.ident);
        let wire = &p.wire;
        let mut value_checks = Vec::new();
        if p.min_length.is_some() || p.max_length.is_some() {
            let min = opt_u64(p.min_length);
            let max = opt_u64(p.max_length);
            value_checks.push(quote!(c.length(#wire, v, #min, #max);));
        }
        if p.minimum.is_some() || p.maximum.is_some() {
            let min = opt_i64(p.minimum);
            let max = opt_i64(p.maximum);
            value_checks.push(quote!(c.range(#wire, Into::<i64>::into(*v), #min, #max);));
        }
        if is_list(p) {
            if let Some(max) = p.max_items {
                checks.push(quote!(c.items(#wire, self.#i.len(), #max);));
            }
            continue;
        }
        if p.required {
            checks.push(quote!(let #i = c.required(#wire, &self.#i);));
            if !value_checks.is_empty() {
                checks.push(quote!(if let Some(v) = &#i { #(#value_checks)* }));
            }
        } else if !value_checks.is_empty() {
            checks.push(quote!(if let Some(v) = &self.#i { #(#value_checks)* }));
        }
    }
    for (group, _) in &op.rules {
        let wires: Vec<&str> = group.iter().map(|i| op.params[*i].wire.as_str()).collect();
        let set = group.iter().map(|i| {
            let p = &op.params[*i];
            let id = ident(&p.ident);
            if is_list(p) {
                quote!(!self.#id.is_empty())
            } else {
                quote!(self.#id.is_some())
            }
        });
        checks.push(quote!(c.at_least_one(&[#(#wires),*], #(#set)||*);));
    }
    let required: Vec<_> = params
        .iter()
        .filter(|p| p.required && !is_list(p))
        .collect();
    let field_inits = params.iter().map(|p| {
        let i = ident(&p.ident);
        if p.required && !is_list(p) {
            quote!(#i,)
        } else if is_copy(p.ty.core()) {
            quote!(#i: self.#i,)
        } else {
            quote!(#i: self.#i.clone(),)
        }
    });
    let value = quote!(#input { #(#field_inits)* });
    let assemble = match required.as_slice() {
        [] => quote!(Some(#value)),
        [one] => {
            let i = ident(&one.ident);
            quote!(#i.map(|#i| #value))
        }
        many => {
            let names: Vec<_> = many.iter().map(|p| ident(&p.ident)).collect();
            quote! {
                match (#(#names),*) {
                    (#(Some(#names)),*) => Some(#value),
                    _ => None,
                }
            }
        }
    };
    let c_mut = if checks.is_empty() {
        quote!()
    } else {
        quote!(mut)
    };
    quote! {
        /// Checks every param against the spec and returns the validated input, or every
        /// violation found.
        pub fn build(&self) -> Result<#input, #rt::BuildError> {
            let #c_mut c = #rt::Checker::new(#op_name);
            #(#checks)*
            c.finish(#assemble)
        }
    }
}

fn opt_u64(v: Option<u64>) -> TokenStream {
    match v {
        Some(n) => quote!(Some(#n)),
        None => quote!(None),
    }
}

fn opt_i64(v: Option<i64>) -> TokenStream {
    match v {
        Some(n) => quote!(Some(#n)),
        None => quote!(None),
    }
}

/// The validated input: what the caller set, checked.
pub(crate) fn input(cx: &Cx, v: &Vendor, op: &Operation) -> TokenStream {
    let rt = &cx.rt;
    let name = ident(&format!("{}Input", op.prefix));
    let doc = Doc::new()
        .line(format!(
            "A validated `{}` request, as [`{}::build`] returns it.",
            op.name, op.request_ident
        ))
        .outer();
    let params: Vec<&Param> = caller_params(op).collect();
    let fields = params.iter().map(|p| {
        let i = ident(&p.ident);
        let t = input_type(p);
        let d = param_doc(p).outer();
        quote!(#d pub #i: #t,)
    });
    let debug_fields = params.iter().map(|p| {
        let i = ident(&p.ident);
        let label = p.ident.trim_start_matches("r#");
        if p.sensitive {
            quote!(.field(#label, &"***"))
        } else {
            quote!(.field(#label, &self.#i))
        }
    });
    let label = format!("{}Input", op.prefix);
    let method = match op.method {
        Method::Get => quote!(Get),
        Method::Post => quote!(Post),
        Method::Put => quote!(Put),
        Method::Delete => quote!(Delete),
    };
    let path = &op.path;
    let op_name = &op.name;
    let pushes = op.params.iter().map(|p| push_param(cx, v, op, p));
    // Credentials are only read when some param is filled from them.
    let credentials = if op
        .params
        .iter()
        .any(|p| matches!(p.fill, Some(Fill::Credential(_))))
    {
        quote!(credentials)
    } else {
        quote!(_credentials)
    };
    quote! {
        #doc
        #[derive(Clone, PartialEq)]
        pub struct #name {
            #(#fields)*
        }

        impl #name {
            /// The request's wire parts: method, path, query, headers and body, with the
            /// credentials filled in and the auth scheme's slots listed for the signer.
            pub fn to_parts(&self, #credentials: &super::Credentials) -> #rt::RequestParts {
                let mut parts = #rt::RequestParts::new(#op_name, #rt::Method::#method, #path);
                #(#pushes)*
                parts
            }
        }

        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#label) #(#debug_fields)* .finish()
            }
        }
    }
}

/// A value as text for the query, a header, a path segment or a form field.
fn to_text(ty: &Ty, v: TokenStream) -> TokenStream {
    match ty {
        Ty::Prim(Prim::String) => quote!(#v.clone()),
        _ => quote!(#v.to_string()),
    }
}

/// A value as JSON for a JSON body. `v` is a place (`self.x`) or, with `by_ref`, a reference.
fn to_json(ty: &Ty, v: TokenStream, by_ref: bool) -> TokenStream {
    let owned = if is_copy(ty) {
        if by_ref { quote!(*#v) } else { quote!(#v) }
    } else {
        quote!(#v.clone())
    };
    match ty {
        Ty::Enum(_, EnumWire::String) => quote!(::serde_json::Value::from(#v.as_str())),
        Ty::Enum(_, EnumWire::Int) => quote!(::serde_json::Value::from(#v.as_i64())),
        Ty::Prim(Prim::Json) => owned,
        Ty::List(inner) => {
            let item = to_json(inner, quote!(x), true);
            quote!(::serde_json::Value::Array(#v.iter().map(|x| #item).collect()))
        }
        Ty::Prim(_) => quote!(::serde_json::Value::from(#owned)),
        _ => quote!(::serde_json::to_value(&#v).unwrap_or(::serde_json::Value::Null)),
    }
}

fn push_text(location: ParamLocation, wire: &str, value: TokenStream) -> TokenStream {
    match location {
        ParamLocation::Path => quote!(parts.path_params.push((#wire, #value));),
        ParamLocation::Query => quote!(parts.query.push((#wire, #value));),
        ParamLocation::Header => quote!(parts.headers.push((#wire, #value));),
        ParamLocation::Body => quote!(parts.form(#wire, #value);),
    }
}

fn push_param(cx: &Cx, v: &Vendor, op: &Operation, p: &Param) -> TokenStream {
    let rt = &cx.rt;
    let wire = p.wire.as_str();
    let json_body = p.location == ParamLocation::Body && op.body == Some(BodyEncoding::Json);
    match &p.fill {
        Some(Fill::Auth(slot)) => {
            let loc = match p.location {
                ParamLocation::Header => quote!(Header),
                ParamLocation::Body => quote!(Body),
                ParamLocation::Query | ParamLocation::Path => quote!(Query),
            };
            quote!(parts.auth_slots.push(#rt::AuthSlot { wire: #wire, location: #rt::Location::#loc, slot: #slot });)
        }
        Some(Fill::Credential(c)) => {
            let cred = v.credentials.iter().find(|x| &x.ident == c);
            let field = ident(c);
            let optional = cred.is_some_and(|x| x.optional);
            let value = if optional {
                quote!(value)
            } else {
                quote!(credentials.#field)
            };
            let text = if cred.is_some_and(|x| x.sensitive) {
                quote!(#value.expose().to_owned())
            } else {
                quote!(#value.clone())
            };
            let push = push_text(p.location, wire, text);
            if optional {
                quote!(if let Some(value) = &credentials.#field { #push })
            } else {
                push
            }
        }
        None => {
            let i = ident(&p.ident);
            let core = p.ty.core();
            if json_body {
                return if p.required || is_list(p) {
                    let j = to_json(core, quote!(self.#i), false);
                    quote!(parts.json(#wire, #j);)
                } else {
                    let j = to_json(core, quote!(value), true);
                    quote!(if let Some(value) = &self.#i { parts.json(#wire, #j); })
                };
            }
            if let Ty::List(inner) = core {
                let item = to_text(inner, quote!(item));
                return match p.style {
                    ListStyle::Repeat => {
                        let push = push_text(p.location, wire, item);
                        quote!(for item in &self.#i { #push })
                    }
                    ListStyle::Comma => {
                        let joined = if matches!(**inner, Ty::Prim(Prim::String)) {
                            quote!(self.#i.join(","))
                        } else {
                            quote!(self.#i.iter().map(|item| #item).collect::<Vec<_>>().join(","))
                        };
                        let push = push_text(p.location, wire, joined);
                        quote!(if !self.#i.is_empty() { #push })
                    }
                };
            }
            if p.required {
                push_text(p.location, wire, to_text(core, quote!(self.#i)))
            } else {
                let push = push_text(p.location, wire, to_text(core, quote!(value)));
                quote!(if let Some(value) = &self.#i { #push })
            }
        }
    }
}
