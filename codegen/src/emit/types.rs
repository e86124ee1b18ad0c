//! Response models and forward-compatible enums.

use proc_macro2::{Literal, TokenStream};
use quote::{ToTokens, quote};

use super::docs::Doc;
use super::{ident, rt, rust_type};
use crate::ir::{Enum, Field, Model};
use crate::spec::{EnumWire, Format, Lenient};

fn format_note(f: Format) -> &'static str {
    match f {
        Format::UnixMs => "Format: Unix time in milliseconds.",
        Format::UnixSeconds => "Format: Unix time in seconds.",
        Format::Yyyymmddhhmmss => "Format: `yyyymmddhhmmss`, UTC.",
        Format::Url => "Format: a URL.",
    }
}

fn field_doc(f: &Field) -> Doc {
    let fallback = format!("`{}`.", f.wire);
    let mut facts = Vec::new();
    if let Some(fmt) = f.format {
        facts.push(format_note(fmt).to_owned());
    }
    if let Some(l) = f.lenient {
        facts.push(format!("Decoded leniently (`{}`).", l.name()));
    }
    let mut d = Doc::new().text(Some(&format!(
        "{}{}{}",
        f.doc.as_deref().unwrap_or(&fallback).trim_end(),
        if facts.is_empty() { "" } else { " " },
        facts.join(" ")
    )));
    if let Some(dep) = &f.deprecated {
        d = d.text(Some(&format!("Deprecated: {dep}")));
    }
    d
}

/// The runtime's lenient decoder type, as `#[model(lenient = …)]` names it.
fn lenient_type(l: Lenient) -> syn::Ident {
    let name = match l {
        Lenient::NumberAsString => "NumberAsString",
        Lenient::StringAsNumber => "StringAsNumber",
        Lenient::EmptyStringAsAbsent => "EmptyStringAsAbsent",
    };
    syn::Ident::new(name, proc_macro2::Span::call_site())
}

/// A request-model field's constraints and secrecy, as the model derive reads them.
fn request_attrs(f: &Field) -> Option<TokenStream> {
    // `name(LO, HI)`, an unset bound as `_`; `None` when both are unset.
    fn pair(name: &str, lo: Option<Literal>, hi: Option<Literal>) -> Option<TokenStream> {
        if lo.is_none() && hi.is_none() {
            return None;
        }
        let name = syn::Ident::new(name, proc_macro2::Span::call_site());
        let show = |b: Option<Literal>| b.map_or_else(|| quote!(_), |v| v.into_token_stream());
        let (lo, hi) = (show(lo), show(hi));
        Some(quote!(#name(#lo, #hi)))
    }
    let l = &f.limits;
    let mut args: Vec<TokenStream> = [
        pair(
            "length",
            l.min_length.map(Literal::u64_unsuffixed),
            l.max_length.map(Literal::u64_unsuffixed),
        ),
        pair(
            "range",
            l.minimum.map(Literal::i64_unsuffixed),
            l.maximum.map(Literal::i64_unsuffixed),
        ),
    ]
    .into_iter()
    .flatten()
    .collect();
    if let Some(n) = l.max_items {
        let n = Literal::u64_unsuffixed(n);
        args.push(quote!(max_items = #n));
    }
    if f.sensitive {
        args.push(quote!(sensitive));
    }
    (!args.is_empty()).then(|| quote!(#[model(#(#args),*)]))
}

fn model_field(f: &Field, request: bool) -> TokenStream {
    let doc = field_doc(f).outer();
    let name = ident(&f.ident);
    let ty = rust_type(&f.ty);
    let mut serde_args = Vec::new();
    if f.ident.trim_start_matches("r#") != f.wire {
        let wire = &f.wire;
        serde_args.push(quote!(rename = #wire));
    }
    let serde_attr = (!serde_args.is_empty()).then(|| quote!(#[serde(#(#serde_args),*)]));
    let lenient = f.lenient.map(|l| {
        let t = lenient_type(l);
        quote!(#[model(lenient = #t)])
    });
    let deprecated = f.deprecated.as_ref().map(|_| quote!(#[deprecated]));
    let request = if request { request_attrs(f) } else { None };
    quote! {
        #doc
        #serde_attr
        #lenient
        #request
        #deprecated
        pub #name: #ty,
    }
}

/// A model: a plain struct; unknown properties are ignored so new vendor fields do not break
/// decoding. `#[non_exhaustive]`, as everything a spec change can grow: adding an optional field
/// is a minor release, so code outside makes one with the derive's `new` and setters.
pub(crate) fn model(m: &Model) -> TokenStream {
    let rt = rt();
    let doc = Doc::new()
        .text(m.doc.as_deref().or(Some(m.name.as_str())))
        .outer();
    let name = ident(&m.ident);
    let fields = m.fields.iter().map(|f| model_field(f, m.request));
    let request = m.request.then(|| quote!(#[model(request)]));
    let sensitive: Vec<_> = m.fields.iter().filter(|f| f.sensitive).collect();
    let (derive_debug, debug_impl) = if sensitive.is_empty() {
        (quote!(Debug,), quote!())
    } else {
        let shown = m.fields.iter().map(|f| {
            let i = ident(&f.ident);
            let label = f.ident.trim_start_matches("r#");
            if f.sensitive {
                quote!(.field(#label, &"***"))
            } else {
                quote!(.field(#label, &self.#i))
            }
        });
        let label = &m.ident;
        // It reads every field, the deprecated ones too.
        let allow_deprecated = super::allow_deprecated(&m.fields);
        (
            quote!(),
            quote! {
                #allow_deprecated
                impl ::std::fmt::Debug for #name {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.debug_struct(#label) #(#shown)* .finish()
                    }
                }
            },
        )
    };
    quote! {
        #doc
        #[derive(#derive_debug Clone, PartialEq, #rt::__private::Model)]
        #[cfg_attr(feature = "cli", derive(::serde::Serialize))]
        #request
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }
        #debug_impl
    }
}

fn variant_doc(e: &Enum, v: &crate::ir::Variant) -> TokenStream {
    let first = v.doc.as_deref().map(str::trim).unwrap_or_default();
    let (head, rest) = first.split_once('\n').unwrap_or((first, ""));
    let line = if head.is_empty() {
        format!("`{}`", v.wire)
    } else {
        format!("`{}`: {}", v.wire, super::docs::escape_line(head))
    };
    let mut d = Doc::new()
        .line(line)
        .text((!rest.is_empty()).then_some(rest));
    if let Some(dep) = &e.depends_on {
        let items: Vec<String> = v
            .meanings
            .iter()
            .map(|(k, m)| format!("when `{dep}` is `{k}`: {m}"))
            .collect();
        d = d.list("Meaning by the sibling field:", &items);
    }
    if v.undocumented {
        d = d.line("Not in the doc's value table; the doc's own example returns it.");
    }
    if let Some(dep) = &v.deprecated {
        d = d.text(Some(&format!("Deprecated: {dep}")));
    }
    d.outer()
}

/// An open enum: the known values as a plain enum and a table of their wire values; the
/// runtime's [`Open`](::vodspec_runtime::Open) wraps it, so a value the vendor adds later never
/// fails decoding of the whole response.
pub(crate) fn open_enum(e: &Enum) -> TokenStream {
    let rt = rt();
    let name = ident(&e.ident);
    let mut doc = Doc::new().text(Some(e.doc.as_deref().unwrap_or(&e.ident)));
    if let Some(dep) = &e.depends_on {
        doc = doc.line(format!(
            "The meaning of some values depends on the sibling field `{dep}` of the model that holds it."
        ));
    }
    let doc = doc.line(super::DISCRIMINANTS_DOC).outer();
    let names: Vec<&str> = e.variants.iter().map(|v| v.ident.as_str()).collect();
    let discriminants = crate::names::discriminants(&names);
    let variants = e.variants.iter().zip(discriminants).map(|(v, n)| {
        let d = variant_doc(e, v);
        let i = ident(&v.ident);
        let n = Literal::u32_unsuffixed(n);
        quote!(#d #i = #n,)
    });
    let rows = e.variants.iter().map(|v| {
        let i = ident(&v.ident);
        let w = &v.wire;
        quote!((#w, Self::#i))
    });
    let int = e.wire == EnumWire::Int;
    quote! {
        #doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
        }
        impl #rt::EnumTable for #name {
            const INT: bool = #int;
            const VALUES: &'static [(&'static str, Self)] = &[#(#rows),*];
        }
    }
}
