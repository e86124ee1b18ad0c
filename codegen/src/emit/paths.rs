//! The typed readings of response paths: the waiter's states and task ids, the paginator's page
//! info and items, each a walk down the response models that the compiler checks; and the
//! waiter's and paginator's descriptors, which name the same paths in wire names.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{ident, rt, rust_type};
use super::{marker, opt};
use crate::ir::{Operation, Step, Ty, Vendor};
use crate::spec::EnumWire;
use crate::type_expr::Prim;

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

/// A create's `Creates` impl: the waiter's input with the new task's id in its param.
pub(super) fn creates(v: &Vendor, op: &Operation) -> TokenStream {
    // Validation has made sure the operation and its param exist.
    let (Some(c), Some(target)) = (&op.creates, v.waiter_of(op)) else {
        return quote!();
    };
    let Some(p) = target.params.iter().find(|p| p.wire == c.param) else {
        return quote!();
    };
    let rt = rt();
    let m = marker(op);
    let (module, waiter) = (ident(&target.ident), marker(target));
    let field = ident(&p.ident);
    let borrow = |e: TokenStream, is_ref: bool| if is_ref { e } else { quote!(&#e) };
    let read = if let Some(own) = &c.id_param {
        let own = op
            .params
            .iter()
            .find(|p| &p.wire == own)
            .map_or_else(|| ident(own), |p| ident(&p.ident));
        quote!(let id = #rt::__private::id_text(&input.#own);)
    } else if straight(&c.id) {
        walk(&c.id, quote!(created), true, 0, &|e, is_ref| {
            let e = borrow(e, is_ref);
            quote!(let id = #rt::__private::id_text(#e);)
        })
    } else {
        let visit = walk(&c.id, quote!(created), true, 0, &|e, is_ref| {
            let e = borrow(e, is_ref);
            quote!(id = #rt::__private::id_text(#e);)
        });
        quote!(let mut id = None; #visit)
    };
    let input = ident(&target.input_ident);
    // The id comes from the request or from its answer; the other argument goes unread.
    let (input_arg, created_arg) = if c.id_param.is_some() {
        (quote!(input), quote!(_))
    } else {
        (quote!(_), quote!(created))
    };
    let others = target.params.iter().filter(|q| q.fill.is_none()).count() > 1;
    let rest = others.then(|| quote!(..Default::default()));
    let (list, item) = match p.ty.core() {
        Ty::List(t) => (true, t.core()),
        t => (false, t),
    };
    let id = if matches!(item, Ty::Prim(Prim::String)) {
        quote!(id)
    } else {
        quote!(id.and_then(|t| t.parse().ok()))
    };
    let set = if list {
        quote!(#id.into_iter().collect())
    } else {
        id
    };
    // An input of another service's crate is `#[non_exhaustive]` there: set on its default.
    let build = if v.crates.is_some() && target.feature != op.feature {
        quote! {
            let mut input = <super::#module::#input as ::std::default::Default>::default();
            input.#field = #set;
            input
        }
    } else {
        quote! {
            super::#module::#input {
                #field: #set,
                #rest
            }
        }
    };
    quote! {
        impl #rt::Creates for #m {
            type Waiter = super::#module::#waiter;
            fn waiter_input(#input_arg: &Self::Input, #created_arg: &Self::Output) -> <Self::Waiter as #rt::Operation>::Input {
                #read
                #build
            }
        }
    }
}

pub(super) fn waiter(op: &Operation) -> TokenStream {
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
    let mut cur = op.response.clone()?;
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

pub(super) fn paginator(op: &Operation) -> TokenStream {
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

/// The waiter's wire path and states, as the descriptor carries them.
pub(super) fn waiter_desc(op: &Operation) -> Option<TokenStream> {
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
pub(super) fn paging_desc(op: &Operation) -> Option<TokenStream> {
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
