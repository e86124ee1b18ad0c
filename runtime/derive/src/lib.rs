//! `#[derive(Model)]`: the `serde::Deserialize` of a generated response model, made lean.
//!
//! `serde_derive` expands every struct into a field-identifier visitor (three matches), a
//! sequence visitor and a map visitor; in a crate of generated models that expansion is most of
//! the compile time. A model only ever arrives as a JSON object, so this derive emits the least
//! that must be typed — a slot per field, how to read one field, how to finish — and the map
//! loop, the key lookup and unknown-field skipping live once in `vodspec_runtime::__private::de`.
//!
//! It reads the attributes the generator writes and `serde::Serialize` also reads:
//! `#[serde(rename = "wire")]` on a field, and `#[model(lenient = Name)]` for a lenient decoder
//! (`NumberAsString`, `StringAsNumber`, `EmptyStringAsAbsent` in `vodspec_runtime::__private::lenient`).

use proc_macro::TokenStream;
use proc_macro2::TokenStream as Tokens;
use quote::{format_ident, quote};
use syn::{Data, DeriveInput, Fields, GenericArgument, LitStr, PathArguments, Type};

/// Implements `serde::Deserialize` through `vodspec_runtime::__private::de::Model`.
#[proc_macro_derive(Model, attributes(model, serde))]
pub fn derive_model(input: TokenStream) -> TokenStream {
    let input = syn::parse_macro_input!(input as DeriveInput);
    match expand(&input) {
        Ok(t) => t.into(),
        Err(e) => e.to_compile_error().into(),
    }
}

/// `T` when `ty` is `Option<T>`.
fn option_inner(ty: &Type) -> Option<&Type> {
    let Type::Path(p) = ty else { return None };
    let last = p.path.segments.last()?;
    if last.ident != "Option" {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first()? {
        GenericArgument::Type(t) => Some(t),
        _ => None,
    }
}

struct Field {
    ident: syn::Ident,
    ty: Type,
    wire: String,
    lenient: Option<syn::Ident>,
}

fn field(f: &syn::Field) -> syn::Result<Field> {
    let ident = f
        .ident
        .clone()
        .ok_or_else(|| syn::Error::new_spanned(f, "models have named fields"))?;
    let mut wire = ident.to_string().trim_start_matches("r#").to_owned();
    let mut lenient = None;
    for attr in &f.attrs {
        if attr.path().is_ident("serde") {
            attr.parse_nested_meta(|m| {
                if m.path.is_ident("rename") {
                    wire = m.value()?.parse::<LitStr>()?.value();
                } else if m.input.peek(syn::Token![=]) {
                    // Serialize's own settings (`skip_serializing_if = …`).
                    let _: syn::Expr = m.value()?.parse()?;
                }
                Ok(())
            })?;
        } else if attr.path().is_ident("model") {
            attr.parse_nested_meta(|m| {
                if m.path.is_ident("lenient") {
                    lenient = Some(m.value()?.parse::<syn::Ident>()?);
                    Ok(())
                } else {
                    Err(m.error("expected `lenient = Name`"))
                }
            })?;
        }
    }
    Ok(Field {
        ident,
        ty: f.ty.clone(),
        wire,
        lenient,
    })
}

/// How one field's value is read from the map, as the field's type.
fn read(f: &Field) -> syn::Result<Tokens> {
    let rt = quote!(::vodspec_runtime);
    let ty = &f.ty;
    let Some(name) = &f.lenient else {
        return Ok(quote!(map.next_value::<#ty>()?));
    };
    let inner = option_inner(ty);
    Ok(match (name.to_string().as_str(), inner) {
        ("NumberAsString", None) => {
            quote!(map.next_value::<#rt::__private::lenient::NumberAsString>()?.0)
        }
        ("NumberAsString", Some(_)) => {
            quote!(map.next_value::<Option<#rt::__private::lenient::NumberAsString>>()?.map(|v| v.0))
        }
        ("StringAsNumber", None) => {
            quote!(map.next_value::<#rt::__private::lenient::StringAsNumber<#ty>>()?.0)
        }
        ("StringAsNumber", Some(t)) => {
            quote!(map.next_value::<Option<#rt::__private::lenient::StringAsNumber<#t>>>()?.map(|v| v.0))
        }
        ("EmptyStringAsAbsent", Some(t)) => {
            quote!(map.next_value::<#rt::__private::lenient::EmptyStringAsAbsent<#t>>()?.0)
        }
        _ => {
            return Err(syn::Error::new_spanned(
                name,
                "unknown lenient decoder for this field's type",
            ));
        }
    })
}

fn expand(input: &DeriveInput) -> syn::Result<Tokens> {
    let rt = quote!(::vodspec_runtime);
    let Data::Struct(data) = &input.data else {
        return Err(syn::Error::new_spanned(input, "Model is for structs"));
    };
    let Fields::Named(named) = &data.fields else {
        return Err(syn::Error::new_spanned(
            input,
            "Model is for structs with named fields",
        ));
    };
    let fields: Vec<Field> = named.named.iter().map(field).collect::<syn::Result<_>>()?;
    let name = &input.ident;
    let slots = format_ident!("__{}Slots", name);
    let label = name.to_string();
    let wires = fields.iter().map(|f| &f.wire);
    let slot_fields = fields.iter().map(|f| {
        let (i, t) = (&f.ident, &f.ty);
        quote!(#i: ::core::option::Option<#t>)
    });
    let arms = fields
        .iter()
        .enumerate()
        .map(|(n, f)| {
            let i = &f.ident;
            let value = read(f)?;
            Ok(quote!(#n => slots.#i = ::core::option::Option::Some(#value),))
        })
        .collect::<syn::Result<Vec<_>>>()?;
    let finish = fields.iter().map(|f| {
        let (i, wire) = (&f.ident, &f.wire);
        if option_inner(&f.ty).is_some() {
            quote!(#i: slots.#i.unwrap_or_default())
        } else {
            quote!(#i: slots.#i.ok_or_else(|| <E as #rt::__private::serde::de::Error>::missing_field(#wire))?)
        }
    });
    Ok(quote! {
        #[doc(hidden)]
        #[allow(non_camel_case_types)]
        #[derive(Default)]
        pub struct #slots { #(#slot_fields),* }

        impl #rt::__private::de::Model for #name {
            const NAME: &'static str = #label;
            const FIELDS: &'static [&'static str] = &[#(#wires),*];
            type Slots = #slots;
            fn read<'de, A: #rt::__private::serde::de::MapAccess<'de>>(
                slots: &mut Self::Slots,
                index: usize,
                map: &mut A,
            ) -> ::core::result::Result<(), A::Error> {
                match index {
                    #(#arms)*
                    _ => {
                        map.next_value::<#rt::__private::serde::de::IgnoredAny>()?;
                    }
                }
                ::core::result::Result::Ok(())
            }
            fn finish<E: #rt::__private::serde::de::Error>(slots: Self::Slots) -> ::core::result::Result<Self, E> {
                ::core::result::Result::Ok(#name { #(#finish),* })
            }
        }

        impl<'de> #rt::__private::serde::Deserialize<'de> for #name {
            fn deserialize<D: #rt::__private::serde::Deserializer<'de>>(d: D) -> ::core::result::Result<Self, D::Error> {
                #rt::__private::de::model(d)
            }
        }
    })
}
