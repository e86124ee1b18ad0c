//! One operation's module: only what must be typed — the builder's setters, the input, the
//! response models, the enums, the error kinds — and the static descriptor the runtime's engine
//! reads for everything else (checking, wire assembly, signing, classifying, waiting, paging).

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::docs::{Doc, escape_line};
use super::paths::{creates, paginator, paging_desc, waiter, waiter_desc};
use super::{ident, marker, opt, rt, rust_type, types};
use crate::ir::{Fill, Operation, Param, Ty, Vendor};
use crate::spec::{BodyEncoding, ErrorCode, ListStyle, Method, ParamLocation};
use crate::type_expr::Prim;

fn caller_params(op: &Operation) -> impl Iterator<Item = &Param> {
    op.params.iter().filter(|p| p.fill.is_none())
}

fn is_list(p: &Param) -> bool {
    matches!(p.ty.core(), Ty::List(_))
}

fn item_ty(p: &Param) -> &Ty {
    match p.ty.core() {
        Ty::List(inner) => inner,
        other => other,
    }
}

fn location(l: ParamLocation) -> TokenStream {
    let rt = rt();
    match l {
        ParamLocation::Path => quote!(#rt::Location::Path),
        ParamLocation::Query => quote!(#rt::Location::Query),
        ParamLocation::Header => quote!(#rt::Location::Header),
        ParamLocation::Body => quote!(#rt::Location::Body),
    }
}

fn kind(ty: &Ty) -> TokenStream {
    let rt = rt();
    match ty {
        Ty::Prim(Prim::String) => quote!(#rt::FlagKind::Text),
        Ty::Prim(Prim::Bool) => quote!(#rt::FlagKind::Bool),
        Ty::Prim(Prim::F64) => quote!(#rt::FlagKind::Float),
        Ty::Model(_) => quote!(#rt::FlagKind::Model),
        Ty::Prim(Prim::Json) | Ty::Map(_) | Ty::List(_) => quote!(#rt::FlagKind::Json),
        Ty::Prim(_) => quote!(#rt::FlagKind::Int),
        Ty::Enum(n, _) => {
            let e = ident(n);
            quote!(#rt::FlagKind::of::<#e>())
        }
        Ty::Optional(t) | Ty::Nullable(t) => kind(t),
    }
}

/// One row of the params table: a constructor plus only what differs from its defaults.
fn param_row(v: &Vendor, p: &Param) -> TokenStream {
    let rt = rt();
    let wire = &p.wire;
    let mut row = match &p.fill {
        Some(Fill::Credential(c)) => {
            let name = v
                .credentials
                .iter()
                .find(|x| &x.ident == c)
                .map_or(c.as_str(), |x| x.name.as_str());
            let loc = location(p.location);
            quote!(#rt::ParamDesc::credential(#wire, #loc, #name))
        }
        Some(Fill::Auth(slot)) => {
            let loc = location(p.location);
            quote!(#rt::ParamDesc::auth(#wire, #loc, #slot))
        }
        None => {
            let ctor = format_ident!(
                "{}",
                match p.location {
                    ParamLocation::Path => "path",
                    ParamLocation::Query => "query",
                    ParamLocation::Header => "header",
                    ParamLocation::Body => "body",
                }
            );
            let flag = &p.cli_flag;
            let k = kind(item_ty(p));
            quote!(#rt::ParamDesc::#ctor(#wire, #flag, #k))
        }
    };
    if p.required {
        row = quote!(#row.required());
    }
    if is_list(p) {
        let max = opt(p.limits.max_items);
        row = quote!(#row.list(#max));
        if p.style == ListStyle::Comma {
            row = quote!(#row.comma());
        }
    }
    if p.sensitive {
        row = quote!(#row.sensitive());
    }
    if p.encoding.is_some() {
        row = quote!(#row.json_base64url());
    }
    if let Some(d) = &p.default {
        let d = match d {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        row = quote!(#row.server_default(#d));
    }
    let l = &p.limits;
    if l.min_length.is_some() || l.max_length.is_some() {
        let (lo, hi) = (opt(l.min_length), opt(l.max_length));
        row = quote!(#row.length(#lo, #hi));
    }
    if l.minimum.is_some() || l.maximum.is_some() {
        let (lo, hi) = (opt(l.minimum), opt(l.maximum));
        row = quote!(#row.range(#lo, #hi));
    }
    row
}

/// A caller param's command-line help: its doc, and the server's default.
fn help(p: &Param) -> String {
    p.doc.as_deref().unwrap_or_default().trim().to_owned()
}

/// An error row of the table the runtime classifies by.
pub(crate) fn error_row(r: &crate::ir::ErrorRow) -> TokenStream {
    let rt = rt();
    let name = &r.name;
    let code = match &r.code {
        Some(ErrorCode::Int(i)) => {
            let i = Literal::i64_unsuffixed(*i);
            quote!(Some(#rt::Code::Int(#i)))
        }
        Some(ErrorCode::Str(s)) => quote!(Some(#rt::Code::text(#s))),
        None => quote!(None),
    };
    let doc = r.doc.as_deref().unwrap_or(&r.name).trim();
    let mut row = quote!(#rt::ErrorRow::new(#name, #code, #doc));
    if let Some(m) = &r.message {
        row = quote!(#row.message(#m));
    }
    if let Some(h) = r.http_status {
        row = quote!(#row.status(#h));
    }
    if r.auth {
        row = quote!(#row.auth());
    }
    row
}

/// The operation's marker type, its `Operation` impl and its descriptor.
fn descriptor(v: &Vendor, op: &Operation) -> TokenStream {
    let rt = rt();
    let m = marker(op);
    let input = ident(&op.input_ident);
    let kind = ident(&op.kind_ident);
    let output = match &op.response {
        Some(t) => rust_type(t),
        None => quote!(()),
    };
    let empty_success = op.response.is_none();
    let name = &op.name;
    let summary = &op.summary;
    let url = &op.source.url;
    let path = &op.path;
    let method = match op.method {
        Method::Get => quote!(Get),
        Method::Post => quote!(Post),
        Method::Put => quote!(Put),
        Method::Delete => quote!(Delete),
    };
    let body = match op.body {
        None => quote!(None),
        Some(BodyEncoding::Form) => quote!(Form),
        Some(BodyEncoding::Json) => quote!(Json),
    };
    let idempotent = op.idempotent;
    let reads_slots = v.auth.iter().any(|a| a.scheme.runtime_reads_slots());
    let params = op
        .params
        .iter()
        .filter(|p| reads_slots || !matches!(p.fill, Some(Fill::Auth(_))))
        .map(|p| param_row(v, p));
    let helps = caller_params(op).map(help);
    let caller: Vec<&Param> = caller_params(op).collect();
    let groups = op.rules.iter().map(|(group, _)| {
        let idx = group.iter().filter_map(|i| {
            let wire = &op.params[*i].wire;
            caller.iter().position(|p| &p.wire == wire)
        });
        quote!(&[#(#idx),*])
    });
    let rows = op.errors.iter().filter(|r| !r.vendor_wide).map(error_row);
    let examples = op.examples.iter().map(|ex| example(op, ex));
    let waiter = opt(waiter_desc(op));
    let paging = opt(paging_desc(op));
    let creates = opt(op.creates.as_ref().map(|c| {
        let (w, p) = (&c.waiter, &c.param);
        let id = match &c.id_param {
            Some(own) => quote!(#rt::TaskId::Param(#own)),
            None => {
                let path = crate::ir::wire_path(&c.id);
                quote!(#rt::TaskId::Data(#path))
            }
        };
        quote!(&#rt::CreatesDesc { waiter: #w, param: #p, id: #id })
    }));
    let cancels = opt(op.cancels.as_ref().map(|c| {
        let (w, p, r) = (&c.waiter, &c.param, &c.refused);
        quote!(&#rt::CancelsDesc { waiter: #w, param: #p, refused: #r })
    }));
    let callback = super::callback::callback_desc(op);
    let mut sensitive: Vec<&str> = op
        .models
        .iter()
        .flat_map(|m| m.fields.iter().filter(|f| f.sensitive))
        .map(|f| f.wire.as_str())
        .collect();
    sensitive.sort_unstable();
    sensitive.dedup();
    let rate_limit = super::rate_limit_desc(op.rate_limit.as_ref());
    let doc = Doc::new()
        .line(format!(
            "The `{}` operation: its types and the descriptor the runtime's engine runs it by.",
            op.name
        ))
        .outer();
    quote! {
        #doc
        #[derive(Debug, Clone, Copy)]
        pub struct #m;
        impl #rt::Operation for #m {
            type Input = #input;
            type Output = #output;
            type Kind = #kind;
            const DESC: &'static #rt::OperationDesc = &#rt::OperationDesc {
                name: #name,
                summary: #summary,
                doc_url: #url,
                method: #rt::Method::#method,
                path: #path,
                body: #rt::BodyKind::#body,
                idempotent: #idempotent,
                empty_success: #empty_success,
                params: &[#(#params),*],
                help: &[#(#helps),*],
                at_least_one_of: &[#(#groups),*],
                errors: &[#(#rows),*],
                examples: &[#(#examples),*],
                waiter: #waiter,
                paging: #paging,
                creates: #creates,
                cancels: #cancels,
                callback: #callback,
                sensitive_response: &[#(#sensitive),*],
                rate_limit: #rate_limit,
                vendor: &super::VENDOR,
            };
        }
    }
}

fn param_doc(p: &Param) -> Doc {
    let fallback = format!("The `{}` param.", p.wire);
    let mut d = Doc::new().text(Some(p.doc.as_deref().unwrap_or(&fallback)));
    if let Some(dep) = &p.deprecated {
        d = d.text(Some(&format!("Deprecated: {dep}")));
    }
    d
}

/// The builder: a [`Request`] of the operation with a setter per caller param.
fn builder(v: &Vendor, op: &Operation) -> TokenStream {
    let rt = rt();
    let m = marker(op);
    let name = ident(&op.request_ident);
    let setters = caller_params(op).map(|p| {
        let i = ident(&p.ident);
        let t = rust_type(item_ty(p));
        let mut d = param_doc(p);
        if is_list(p) {
            d = d.line("Adds one value; call again for more.");
        }
        let d = d.outer();
        let deprecated = p.deprecated.as_ref().map(|_| quote!(#[deprecated]));
        let set = if is_list(p) {
            quote!(i.#i.push(value.into()))
        } else {
            quote!(i.#i = Some(value.into()))
        };
        quote! {
            #d
            #deprecated
            pub fn #i(self, value: impl Into<#t>) -> Self {
                Self(self.0.with(|i| #set))
            }
        }
    });
    // In a service's own crate the client is in the output crate, which this one cannot
    // name: the doc names it without a link, and the client builds the request through a
    // hidden public field.
    let method = op.ident.trim_start_matches("r#");
    let (client, field) = match &v.crates {
        None => (
            format!("[`Client::{method}`](super::Client::{method})"),
            quote!(pub(super)),
        ),
        Some(_) => (
            format!(
                "`Client::{method}` of the `{}` module",
                v.module.trim_start_matches("r#")
            ),
            quote!(#[doc(hidden)] pub),
        ),
    };
    let doc = Doc::new()
        .line(format!(
            "Request builder for {client}: set params, then `send` (or `build`, `prepare`, `wait`, `pages`: see [`Request`](rt::Request)).",
        ))
        .outer();
    quote! {
        #doc
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is sent"]
        pub struct #name(#field #rt::Request<#m>);
        impl ::std::ops::Deref for #name {
            type Target = #rt::Request<#m>;
            fn deref(&self) -> &Self::Target {
                &self.0
            }
        }
        impl #name {
            #(#setters)*
        }
    }
}

/// The input: every caller param, in the descriptor's order.
fn input(op: &Operation) -> TokenStream {
    let rt = rt();
    let name = ident(&op.input_ident);
    let params: Vec<&Param> = caller_params(op).collect();
    let fields = params.iter().map(|p| {
        let i = ident(&p.ident);
        let t = rust_type(p.ty.core());
        let t = if is_list(p) { t } else { quote!(Option<#t>) };
        let first = p
            .doc
            .as_deref()
            .and_then(|d| d.lines().next())
            .unwrap_or_default();
        let fallback = format!("The `{}` param.", p.wire);
        let d = Doc::new()
            .line(escape_line(if first.trim().is_empty() {
                &fallback
            } else {
                first
            }))
            .outer();
        quote!(#d pub #i: #t,)
    });
    let values = params.iter().map(|p| {
        let i = ident(&p.ident);
        quote!(#rt::__private::ToValue::to_value(&self.#i))
    });
    let doc = Doc::new()
        .line(format!(
            "The params of a `{}` request (the builder's setters say more); [`Request::build`](rt::Request::build) checks them.",
            op.name
        ))
        .line("A new param is a minor release, so outside this crate it is made from `Default`.")
        .outer();
    // A sensitive param's value never prints: `Debug` goes through the descriptor.
    let sensitive = params.iter().any(|p| p.sensitive);
    let (derive_debug, debug) = if sensitive {
        let m = marker(op);
        let debug = quote! {
            impl ::std::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    #rt::__private::debug_values(f, <#m as #rt::Operation>::DESC, &#rt::Input::values(self))
                }
            }
        };
        (quote!(), debug)
    } else {
        (quote!(Debug,), quote!())
    };
    quote! {
        #doc
        #[derive(#derive_debug Clone, Default, PartialEq)]
        #[cfg_attr(feature = "cli", derive(::serde::Deserialize))]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }
        impl #rt::Input for #name {
            fn values(&self) -> Vec<#rt::Value<'_>> {
                Vec::from([#(#values),*])
            }
        }
        #debug
    }
}

/// The error kinds: one per row, then `Unhandled`.
fn error_kind(op: &Operation) -> TokenStream {
    let rt = rt();
    let name = ident(&op.kind_ident);
    let alias = ident(&op.error_ident);
    let names: Vec<&str> = op
        .errors
        .iter()
        .map(|r| r.ident.as_str())
        .chain(["Unhandled"])
        .collect();
    let discriminants: Vec<Literal> = crate::names::discriminants(&names)
        .into_iter()
        .map(Literal::u32_unsuffixed)
        .collect();
    let unhandled = &discriminants[op.errors.len()];
    let variants = op.errors.iter().zip(&discriminants).map(|(r, n)| {
        let i = ident(&r.ident);
        let d = Doc::new()
            .text(Some(r.doc.as_deref().unwrap_or(&r.name)))
            .outer();
        quote!(#d #i = #n,)
    });
    let rows = op.errors.iter().map(|r| {
        let i = ident(&r.ident);
        quote!(Self::#i)
    });
    let doc = Doc::new()
        .line(format!(
            "Which documented row a `{}` error response is (matched in the spec's order: the endpoint's rows, then the vendor's catalog).",
            op.name
        ))
        .line(super::DISCRIMINANTS_DOC)
        .outer();
    let alias_doc = Doc::new()
        .line(format!(
            "An error response of `{}`: its [`{}`], the row, and what the response carried.",
            op.name, name
        ))
        .outer();
    quote! {
        #doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A response no documented row matches.
            Unhandled = #unhandled,
        }
        impl #rt::ErrorKind for #name {
            const ROWS: &'static [Self] = &[#(#rows),*];
            const UNHANDLED: Self = Self::Unhandled;
        }
        #alias_doc
        pub type #alias = #rt::ServiceError<#name>;
    }
}

/// One of the doc's examples, as the descriptor carries it.
fn example(op: &Operation, ex: &crate::ir::Example) -> TokenStream {
    let rt = rt();
    let name = &ex.ident;
    let body = &ex.body;
    let status = ex.status.unwrap_or(crate::spec::DEFAULT_EXAMPLE_STATUS);
    let row = opt(ex
        .error
        .as_ref()
        .and_then(|e| op.errors.iter().find(|r| &r.ident == e))
        .map(|r| r.name.as_str()));
    quote!(#rt::Example { name: #name, status: #status, row: #row, body: #body })
}

/// The doc's examples, decoded through the engine as the vendor's answer.
fn examples(op: &Operation) -> TokenStream {
    if op.examples.is_empty() {
        return quote!();
    }
    let rt = rt();
    let m = marker(op);
    quote! {
        #[cfg(test)]
        #[test]
        fn examples() {
            #rt::__private::check_examples::<#m>();
        }
    }
}

/// `src/<vendor>/<operation>.rs`.
pub(crate) fn operation_file(v: &Vendor, op: &Operation) -> TokenStream {
    let mut doc = Doc::new()
        .line(format!("# {}", escape_line(&op.summary)))
        .text(op.doc.as_deref())
        .line(format!(
            "`{} {}` — [doc page]({}){}.",
            op.method.name(),
            op.path,
            op.source.url,
            op.source
                .updated
                .as_ref()
                .map(|u| format!(", last updated {}", escape_line(u)))
                .unwrap_or_default()
        ));
    if !op.also_accepts.is_empty() {
        let others: Vec<&str> = op.also_accepts.iter().map(|m| m.name()).collect();
        doc = doc.line(format!("The vendor also accepts {}.", others.join(", ")));
    }
    if let Some(rl) = &op.rate_limit {
        doc = doc.line(super::rate_limit_line(rl));
    }
    let doc = doc.list("Notes on the doc page:", &op.notes).inner();
    let descriptor = descriptor(v, op);
    let builder = builder(v, op);
    let input = input(op);
    let errors = error_kind(op);
    let waiter = waiter(op);
    let creates = creates(v, op);
    let callback = super::callback::callback_impl(op);
    let paginator = paginator(op);
    let models = op.models.iter().map(types::model);
    let enums = op.enums.iter().map(types::open_enum);
    let examples = examples(op);
    quote! {
        #doc
        #builder
        #input
        #descriptor
        #errors
        #waiter
        #creates
        #callback
        #paginator
        #(#models)*
        #(#enums)*
        #examples
    }
}
