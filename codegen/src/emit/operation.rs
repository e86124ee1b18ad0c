//! One operation's module: only what must be typed — the builder's setters, the input, the
//! response models, the enums, the error kinds — and the static descriptor the runtime's engine
//! reads for everything else (checking, wire assembly, signing, classifying, waiting, paging).

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::docs::{Doc, escape_line};
use super::{ident, rt, rust_type, types};
use crate::ir::{Fill, Operation, Param, Step, Ty, Vendor};
use crate::spec::{BodyEncoding, EnumWire, ErrorCode, ListStyle, Method, ParamLocation};
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

/// The marker type's name: the operation in UpperCamelCase.
fn marker(op: &Operation) -> syn::Ident {
    ident(&op.prefix)
}

pub(crate) fn opt<T: quote::ToTokens>(v: Option<T>) -> TokenStream {
    match v {
        Some(v) => quote!(Some(#v)),
        None => quote!(None),
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
        Ty::Prim(Prim::Json) | Ty::Model(_) | Ty::Map(_) | Ty::List(_) => {
            quote!(#rt::FlagKind::Json)
        }
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
        let max = opt(p.max_items);
        row = quote!(#row.list(#max));
        if p.style == ListStyle::Comma {
            row = quote!(#row.comma());
        }
    }
    if p.sensitive {
        row = quote!(#row.sensitive());
    }
    if let Some(d) = &p.default {
        let d = match d {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        row = quote!(#row.server_default(#d));
    }
    if p.min_length.is_some() || p.max_length.is_some() {
        let (lo, hi) = (opt(p.min_length), opt(p.max_length));
        row = quote!(#row.length(#lo, #hi));
    }
    if p.minimum.is_some() || p.maximum.is_some() {
        let (lo, hi) = (opt(p.minimum), opt(p.maximum));
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
    let output = rust_type(&op.response);
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
                params: &[#(#params),*],
                help: &[#(#helps),*],
                at_least_one_of: &[#(#groups),*],
                errors: &[#(#rows),*],
                examples: &[#(#examples),*],
                waiter: #waiter,
                paging: #paging,
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
fn builder(op: &Operation) -> TokenStream {
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
    let doc = Doc::new()
        .line(format!(
            "Request builder for [`Client::{}`](super::Client::{0}): set params, then `send` (or `build`, `prepare`, `wait`, `pages`: see [`Request`](rt::Request)).",
            op.ident.trim_start_matches("r#"),
        ))
        .outer();
    quote! {
        #doc
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is sent"]
        pub struct #name(pub(super) #rt::Request<#m>);
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
    let variants = op.errors.iter().map(|r| {
        let i = ident(&r.ident);
        let d = Doc::new()
            .text(Some(r.doc.as_deref().unwrap_or(&r.name)))
            .outer();
        quote!(#d #i,)
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
            Unhandled,
        }
        impl #rt::ErrorKind for #name {
            const ROWS: &'static [Self] = &[#(#rows),*];
            const UNHANDLED: Self = Self::Unhandled;
        }
        #alias_doc
        pub type #alias = #rt::ServiceError<#name>;
    }
}

/// Visits what `steps` reach from `response`; `leaf(expr, is_ref)` gets each value, a place
/// expression or (under an optional or `[]` step) a reference.
fn walk(
    steps: &[Step],
    cur: TokenStream,
    is_ref: bool,
    depth: usize,
    leaf: &dyn Fn(TokenStream, bool) -> TokenStream,
) -> TokenStream {
    let Some((step, rest)) = steps.split_first() else {
        return leaf(cur, is_ref);
    };
    let field = ident(&step.ident);
    if !step.optional && !step.each {
        return walk(rest, quote!(#cur.#field), false, depth + 1, leaf);
    }
    let var = format_ident!("x{}", depth);
    let inner = walk(rest, quote!(#var), true, depth + 1, leaf);
    match (step.optional, step.each) {
        (true, false) => quote!(if let Some(#var) = &#cur.#field { #inner }),
        (false, true) => quote!(for #var in &#cur.#field { #inner }),
        _ => quote!(for #var in #cur.#field.iter().flatten() { #inner }),
    }
}

/// Whether a path crosses no optional field and no list.
fn straight(steps: &[Step]) -> bool {
    steps.iter().all(|s| !s.optional && !s.each)
}

/// The value of an expression `walk` hands a leaf.
fn deref(e: TokenStream, is_ref: bool) -> TokenStream {
    if is_ref { quote!(*#e) } else { e }
}

fn waiter(op: &Operation) -> TokenStream {
    let Some(w) = &op.waiter else {
        return quote!();
    };
    let rt = rt();
    let m = marker(op);
    let body = if straight(&w.path) {
        walk(&w.path, quote!(response), false, 0, &|e, _| {
            quote!(vec![#e.to_string()])
        })
    } else {
        let visit = walk(
            &w.path,
            quote!(response),
            false,
            0,
            &|e, _| quote!(states.push(#e.to_string());),
        );
        quote! {
            let mut states = Vec::new();
            #visit
            states
        }
    };
    let ids = w.ids.as_ref().map(|(_, steps)| {
        let visit = walk(
            steps,
            quote!(response),
            false,
            0,
            &|e, _| quote!(ids.push(#e.to_string());),
        );
        quote! {
            fn ids(response: &Self::Output) -> Vec<String> {
                let mut ids = Vec::new();
                #visit
                ids
            }
        }
    });
    // The task state may sit in a field the vendor deprecated.
    let allow_deprecated = super::allow_deprecated(op.models.iter().flat_map(|m| &m.fields));
    quote! {
        #allow_deprecated
        impl #rt::Waiter for #m {
            fn states(response: &Self::Output) -> Vec<String> {
                #body
            }
            #ids
        }
    }
}

/// The type at the end of a path.
fn leaf_type(op: &Operation, steps: &[Step]) -> Option<Ty> {
    let mut cur = op.response.clone();
    for s in steps {
        let Ty::Model(m) = cur.core().clone() else {
            return None;
        };
        let model = op.models.iter().find(|x| x.ident == m)?;
        let f = model.fields.iter().find(|f| f.ident == s.ident)?;
        cur = if s.each {
            match f.ty.core() {
                Ty::List(inner) => (**inner).clone(),
                _ => return None,
            }
        } else {
            f.ty.clone()
        };
    }
    Some(cur)
}

/// Moves a list out of a response: a field path, with `Option` combinators from the first
/// optional step on, and an absent list as empty.
fn owned_path(steps: &[Step]) -> TokenStream {
    let mut expr = quote!(response);
    let mut optional = false;
    for s in steps {
        let f = ident(&s.ident);
        expr = match (optional, s.optional) {
            (false, _) => quote!(#expr.#f),
            (true, false) => quote!(#expr.map(|x| x.#f)),
            (true, true) => quote!(#expr.and_then(|x| x.#f)),
        };
        optional |= s.optional;
    }
    if optional {
        quote!(#expr.unwrap_or_default())
    } else {
        expr
    }
}

fn paginator(op: &Operation) -> TokenStream {
    let Some(pg) = &op.pagination else {
        return quote!();
    };
    let rt = rt();
    let m = marker(op);
    let page = ident(&pg.page_param);
    let page_param = op.params.iter().find(|p| p.ident == pg.page_param);
    let page_ty = page_param.map_or(quote!(i64), |p| rust_type(p.ty.core()));
    // Each integer width converts to and from the paginator's `i64` its own way (and `i64`
    // not at all, which clippy would flag).
    let (get_page, set_page) = match page_param.map(|p| p.ty.core()) {
        Some(Ty::Prim(Prim::I64)) | None => (quote!(input.#page), quote!(Some(page))),
        Some(Ty::Prim(Prim::U64)) => (
            quote!(input.#page.and_then(|p| i64::try_from(p).ok())),
            quote!(Some(u64::try_from(page).unwrap_or(0))),
        ),
        _ => (
            quote!(input.#page.map(i64::from)),
            quote!(Some(<#page_ty>::try_from(page).unwrap_or(<#page_ty>::MAX))),
        ),
    };
    let item_ty = leaf_type(op, &pg.items)
        .and_then(|t| match t.core() {
            Ty::List(inner) => Some(rust_type(inner)),
            _ => None,
        })
        .unwrap_or(quote!(::serde_json::Value));
    // A straight path is a plain expression; any other visits what is there.
    // `leaf(expr, is_ref)`: a method call auto-derefs `expr`; anything else needs `deref`.
    let value_at =
        |steps: &[Step], init: TokenStream, leaf: &dyn Fn(TokenStream, bool) -> TokenStream| {
            if straight(steps) {
                return walk(steps, quote!(response), false, 0, &|e, _| leaf(e, false));
            }
            let visit = walk(steps, quote!(response), false, 0, &|e, r| {
                let v = leaf(e, r);
                quote!(value = #v;)
            });
            quote!({
                let mut value = #init;
                #visit
                value
            })
        };
    let count = if straight(&pg.items) {
        value_at(&pg.items, quote!(0), &|e, _| quote!(#e.len()))
    } else {
        let visit = walk(
            &pg.items,
            quote!(response),
            false,
            0,
            &|e, _| quote!(items += #e.len();),
        );
        quote!({
            let mut items = 0;
            #visit
            items
        })
    };
    let truncated_ty = pg.truncated.as_ref().and_then(|s| leaf_type(op, s));
    let truncated = match &pg.truncated {
        Some(steps) => value_at(steps, quote!(None), &|v, r| match truncated_ty
            .as_ref()
            .map(Ty::core)
        {
            Some(Ty::Enum(_, EnumWire::Int)) => quote!(Some(#v.as_i64() != Some(0))),
            Some(Ty::Prim(Prim::Bool)) => {
                let v = deref(v, r);
                quote!(Some(#v))
            }
            _ => {
                let v = deref(v, r);
                quote!(Some(#v != 0))
            }
        }),
        None => quote!(None),
    };
    let total_ty = pg.total.as_ref().and_then(|s| leaf_type(op, s));
    let total = match &pg.total {
        Some(steps) => value_at(steps, quote!(None), &|v, r| {
            let v = deref(v, r);
            match total_ty.as_ref().map(Ty::core) {
                Some(Ty::Prim(Prim::I64)) => quote!(Some(#v)),
                Some(Ty::Prim(Prim::U64)) => quote!(i64::try_from(#v).ok()),
                _ => quote!(Some(i64::from(#v))),
            }
        }),
        None => quote!(None),
    };
    let items = owned_path(&pg.items);
    // So may the page's items and total.
    let allow_deprecated = super::allow_deprecated(op.models.iter().flat_map(|m| &m.fields));
    quote! {
        #allow_deprecated
        impl #rt::Paginated for #m {
            type Item = #item_ty;
            fn page(input: &Self::Input) -> Option<i64> {
                #get_page
            }
            fn set_page(input: &mut Self::Input, page: i64) {
                input.#page = #set_page;
            }
            fn info(response: &Self::Output) -> #rt::paginate::PageInfo {
                #rt::paginate::PageInfo { items: #count, truncated: #truncated, total: #total }
            }
            fn items(response: Self::Output) -> Vec<Self::Item> {
                #items
            }
        }
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

/// The waiter's wire path and states, as the descriptor carries them.
fn waiter_desc(op: &Operation) -> Option<TokenStream> {
    let w = op.waiter.as_ref()?;
    let rt = rt();
    let e = op.enums.iter().find(|e| e.ident == w.enum_ident);
    let wires = |variants: &[String]| -> Vec<String> {
        variants
            .iter()
            .filter_map(|v| e?.variants.iter().find(|x| &x.ident == v))
            .map(|x| x.wire.clone())
            .collect()
    };
    let (success, failure, pending) = (wires(&w.success), wires(&w.failure), wires(&w.pending));
    let path = crate::ir::wire_path(&w.path);
    let errors = w.errors.iter().map(|(row, state)| {
        let state = match state {
            crate::spec::ErrorState::Pending => quote!(Pending),
            crate::spec::ErrorState::Failure => quote!(Failure),
        };
        quote!((#row, #rt::ErrorState::#state))
    });
    let ids = opt(w.ids.as_ref().map(|(param, steps)| {
        let path = crate::ir::wire_path(steps);
        quote!((#param, #path))
    }));
    Some(quote!(&#rt::WaiterDesc {
        path: #path,
        success: &[#(#success),*],
        failure: &[#(#failure),*],
        pending: &[#(#pending),*],
        errors: &[#(#errors),*],
        ids: #ids,
    }))
}

/// The listing's paging in wire names, as the descriptor carries it.
fn paging_desc(op: &Operation) -> Option<TokenStream> {
    let pg = op.pagination.as_ref()?;
    let rt = rt();
    let wire = |ident: &str| {
        op.params
            .iter()
            .find(|p| p.ident == ident)
            .map_or(ident.to_owned(), |p| p.wire.clone())
    };
    let (page, size) = (wire(&pg.page_param), wire(&pg.size_param));
    let first = pg.first_page;
    let items = crate::ir::wire_path(&pg.items);
    let truncated = opt(pg.truncated.as_deref().map(crate::ir::wire_path));
    let total = opt(pg.total.as_deref().map(crate::ir::wire_path));
    Some(quote!(&#rt::PagingDesc {
        page_param: #page,
        size_param: #size,
        first_page: #first,
        items: #items,
        truncated: #truncated,
        total: #total,
    }))
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
        doc = doc.line(format!(
            "Rate limit: {} requests per {} s per {:?}.",
            rl.requests, rl.per_seconds, rl.scope
        ));
    }
    let doc = doc.list("Notes on the doc page:", &op.notes).inner();
    let descriptor = descriptor(v, op);
    let builder = builder(op);
    let input = input(op);
    let errors = error_kind(op);
    let waiter = waiter(op);
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
        #paginator
        #(#models)*
        #(#enums)*
        #examples
    }
}
