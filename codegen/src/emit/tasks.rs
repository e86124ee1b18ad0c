//! Long-running tasks and listings: the waiter (`wait`, `wait_with`, `task_state`) and the
//! paginator (`pages`, `items`, `page_info`) of an operation that declares them.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::Doc;
use super::{Cx, ident, rust_type};
use crate::ir::{Operation, Step, Ty};
use crate::spec::EnumWire;
use crate::type_expr::Prim;

/// Walks `steps` from `cur`, calling `leaf(expr, is_ref)` where the path ends. `[]` visits each
/// element; an optional field is visited when present.
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
    let var = format_ident!("x{}", depth);
    match (step.optional, step.each) {
        (false, false) => walk(rest, quote!(#cur.#field), false, depth + 1, leaf),
        (true, false) => {
            let inner = walk(rest, quote!(#var), true, depth + 1, leaf);
            quote!(if let Some(#var) = &#cur.#field { #inner })
        }
        (false, true) => {
            let inner = walk(rest, quote!(#var), true, depth + 1, leaf);
            quote!(for #var in &#cur.#field { #inner })
        }
        (true, true) => {
            let inner = walk(rest, quote!(#var), true, depth + 1, leaf);
            quote!(for #var in #cur.#field.iter().flatten() { #inner })
        }
    }
}

/// A path without optional or `[]` steps: a plain field access.
fn straight(steps: &[Step]) -> Option<TokenStream> {
    let mut expr = quote!(response);
    for s in steps {
        if s.optional || s.each {
            return None;
        }
        let f = ident(&s.ident);
        expr = quote!(#expr.#f);
    }
    Some(expr)
}

/// The value at a path, computed by `leaf`; `init` where a step is absent. A straight path is a
/// plain expression, any other visits what is there.
fn value_at(
    steps: &[Step],
    init: TokenStream,
    leaf: &dyn Fn(TokenStream) -> TokenStream,
) -> TokenStream {
    if let Some(e) = straight(steps) {
        return leaf(e);
    }
    let body = walk(steps, quote!(response), true, 0, &|e, is_ref| {
        let v = if is_ref { quote!((*#e)) } else { e };
        let computed = leaf(v);
        quote!(value = #computed;)
    });
    quote!({
        let mut value = #init;
        #body
        value
    })
}

fn borrow(expr: TokenStream, is_ref: bool) -> TokenStream {
    if is_ref { expr } else { quote!(&#expr) }
}

/// The waiter's functions, or nothing when the spec declares none.
pub(crate) fn waiter(cx: &Cx, op: &Operation) -> (TokenStream, TokenStream) {
    let Some(w) = &op.waiter else {
        return (quote!(), quote!());
    };
    let rt = &cx.rt;
    let response = rust_type(&op.response);
    let error = ident(&op.error_ident);
    let enum_ident = ident(&w.enum_ident);
    let arm = |variants: &[String], state: TokenStream| {
        if variants.is_empty() {
            return quote!();
        }
        let v: Vec<_> = variants.iter().map(|x| ident(x)).collect();
        quote!(#(#enum_ident::#v)|* => #rt::TaskState::#state,)
    };
    let success = arm(&w.success, quote!(Success));
    let failure = arm(&w.failure, quote!(Failure));
    let pending = arm(&w.pending, quote!(Pending));
    let state = match straight(&w.path) {
        Some(e) => quote!(classify(&#e)),
        None => {
            let push = walk(&w.path, quote!(response), true, 0, &|e, is_ref| {
                let e = borrow(e, is_ref);
                quote!(states.push(classify(#e));)
            });
            quote! {
                let mut states = Vec::new();
                #push
                #rt::waiter::combine(states)
            }
        }
    };
    let list = |vs: &[String]| {
        vs.iter()
            .map(|v| format!("`{v}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let doc = Doc::new()
        .line(format!(
            "How the waiter reads a response: the `{}` at the spec's waiter path. Success: {}; failure: {}; pending: {}.",
            w.enum_ident,
            list(&w.success),
            if w.failure.is_empty() { "none".into() } else { list(&w.failure) },
            if w.pending.is_empty() { "none".into() } else { list(&w.pending) },
        ))
        .line("Any other value counts as pending, and is logged.")
        .text(w.doc.as_deref())
        .outer();
    let free = quote! {
        #doc
        pub fn task_state(response: &#response) -> #rt::TaskState {
            fn classify(s: &#enum_ident) -> #rt::TaskState {
                match s {
                    #success
                    #failure
                    #pending
                    other => #rt::TaskState::Unknown(other.to_string()),
                }
            }
            #state
        }
    };
    let methods = quote! {
        /// Sends this request until [`task_state`] says the task ended, with the default
        /// [`WaitPolicy`](#rt::WaitPolicy): the final response on success, or a typed error that
        /// carries it on failure. Transient failures keep it polling; dropping the future stops it.
        pub async fn wait(&self) -> Result<#response, #rt::WaitError<#response, #error>> {
            self.wait_with(&#rt::WaitPolicy::default()).await
        }

        /// [`wait`](Self::wait) with other delays and another maximum wait.
        pub async fn wait_with(&self, policy: &#rt::WaitPolicy) -> Result<#response, #rt::WaitError<#response, #error>> {
            let min_interval = self.client.signer().map(|s| s.min_retry_interval()).unwrap_or_default();
            #rt::waiter::wait(policy, min_interval, || self.send(), task_state, #rt::Error::is_transient).await
        }
    };
    (free, methods)
}

/// The paginator's functions, or nothing when the spec declares no pagination.
pub(crate) fn paginator(cx: &Cx, op: &Operation) -> (TokenStream, TokenStream) {
    let Some(pg) = &op.pagination else {
        return (quote!(), quote!());
    };
    let rt = &cx.rt;
    let response = rust_type(&op.response);
    let error = ident(&op.error_ident);
    let page_param = ident(&pg.page_param);
    let page_ty = op
        .params
        .iter()
        .find(|p| p.ident == pg.page_param)
        .map_or(quote!(i64), |p| rust_type(p.ty.core()));
    let first = pg.first_page;

    let items = value_at(&pg.items, quote!(0), &|e| quote!(#e.len()));
    let truncated_ty = pg.truncated.as_ref().and_then(|steps| leaf_type(op, steps));
    let truncated = match &pg.truncated {
        Some(steps) => value_at(steps, quote!(None), &|v| match &truncated_ty {
            Some(Ty::Prim(Prim::Bool)) => quote!(Some(#v)),
            Some(Ty::Enum(_, EnumWire::Int)) => quote!(Some(#v.as_i64() != 0)),
            _ => quote!(Some(#v != 0)),
        }),
        None => quote!(None),
    };
    let total = match &pg.total {
        Some(steps) => value_at(steps, quote!(None), &|v| quote!(Some(i64::from(#v)))),
        None => quote!(None),
    };
    let item_ty = leaf_type(op, &pg.items)
        .and_then(|t| match t.core() {
            Ty::List(inner) => Some(rust_type(inner)),
            _ => None,
        })
        .unwrap_or(quote!(::serde_json::Value));
    let owned_items = owned_path(&pg.items);
    let free = quote! {
        /// What a page says about the listing, for the paginator.
        pub fn page_info(response: &#response) -> #rt::paginate::PageInfo {
            #rt::paginate::PageInfo { items: #items, truncated: #truncated, total: #total }
        }

        fn page_items(response: #response) -> Vec<#item_ty> {
            #owned_items
        }
    };
    let methods = quote! {
        /// Every page, from the page set on this builder (or the first), until the vendor says
        /// the listing is complete. Bounded: a vendor that keeps saying "truncated" past its own
        /// total, or past [`MAX_PAGES`](#rt::paginate::MAX_PAGES), ends the stream with an error.
        pub fn pages(&self) -> impl ::futures_util::Stream<Item = Result<#response, #rt::Error<#error>>> + '_ {
            let first = self.#page_param.map_or(#first, i64::from);
            #rt::paginate::pages(
                first,
                #rt::paginate::MAX_PAGES,
                move |page| {
                    let mut request = self.clone();
                    request.#page_param = Some(<#page_ty>::try_from(page).unwrap_or(<#page_ty>::MAX));
                    async move { request.send().await }
                },
                page_info,
            )
        }

        /// Every item of every page, in order.
        pub fn items(&self) -> impl ::futures_util::Stream<Item = Result<#item_ty, #rt::Error<#error>>> + '_ {
            use ::futures_util::StreamExt as _;
            self.pages().flat_map(|page| {
                let items: Vec<Result<#item_ty, #rt::Error<#error>>> = match page {
                    Ok(response) => page_items(response).into_iter().map(Ok).collect(),
                    Err(e) => vec![Err(e)],
                };
                ::futures_util::stream::iter(items)
            })
        }
    };
    (free, methods)
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

/// Moves the item list out of a response: a field path, with `Option` combinators from the first
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
