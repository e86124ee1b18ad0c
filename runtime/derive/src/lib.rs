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
//!
//! Every model gets `new` (the required fields, those not `Option`) and a setter per field: the
//! models are `#[non_exhaustive]`, so this is how code outside the crate, and its tests, make one.
//!
//! `#[model(request)]` on the struct makes it a request model as well: the engine reads it as a
//! `Value::Object` with a static field table (checking, JSON without absent fields, redaction
//! live once in the runtime). A field's constraints are `#[model(length(MIN, MAX))]`,
//! `#[model(range(MIN, MAX))]` (each bound a literal or `_`), `#[model(max_items = N)]` and
//! `#[model(sensitive)]`.

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
    /// The field's constraints as `FieldDesc` builder calls (`.range(Some(1), None)`).
    limits: Vec<Tokens>,
    sensitive: bool,
    docs: Vec<syn::Attribute>,
    deprecated: bool,
}

/// `MIN, MAX` of `length(…)`/`range(…)`: each a literal or `_`, as `Option` tokens.
fn bounds(m: &syn::meta::ParseNestedMeta<'_>) -> syn::Result<(Tokens, Tokens)> {
    let content;
    syn::parenthesized!(content in m.input);
    let one = || -> syn::Result<Tokens> {
        if content.peek(syn::Token![_]) {
            content.parse::<syn::Token![_]>()?;
            Ok(quote!(::core::option::Option::None))
        } else {
            let e: syn::Expr = content.parse()?;
            Ok(quote!(::core::option::Option::Some(#e)))
        }
    };
    let lo = one()?;
    content.parse::<syn::Token![,]>()?;
    let hi = one()?;
    Ok((lo, hi))
}

fn field(f: &syn::Field) -> syn::Result<Field> {
    let ident = f
        .ident
        .clone()
        .ok_or_else(|| syn::Error::new_spanned(f, "models have named fields"))?;
    let mut wire = ident.to_string().trim_start_matches("r#").to_owned();
    let mut lenient = None;
    let mut limits = Vec::new();
    let mut sensitive = false;
    let docs: Vec<syn::Attribute> = f
        .attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .cloned()
        .collect();
    let deprecated = f.attrs.iter().any(|a| a.path().is_ident("deprecated"));
    for attr in &f.attrs {
        if attr.path().is_ident("serde") {
            attr.parse_nested_meta(|m| {
                if m.path.is_ident("rename") {
                    wire = m.value()?.parse::<LitStr>()?.value();
                    Ok(())
                } else {
                    Err(unread_serde(&m.path))
                }
            })?;
        } else if attr.path().is_ident("model") {
            attr.parse_nested_meta(|m| {
                if m.path.is_ident("lenient") {
                    lenient = Some(m.value()?.parse::<syn::Ident>()?);
                } else if m.path.is_ident("length") {
                    let (lo, hi) = bounds(&m)?;
                    limits.push(quote!(.length(#lo, #hi)));
                } else if m.path.is_ident("range") {
                    let (lo, hi) = bounds(&m)?;
                    limits.push(quote!(.range(#lo, #hi)));
                } else if m.path.is_ident("max_items") {
                    let n: syn::LitInt = m.value()?.parse()?;
                    limits.push(quote!(.max_items(#n)));
                } else if m.path.is_ident("sensitive") {
                    sensitive = true;
                } else {
                    return Err(m.error(
                        "expected `lenient = Name`, `length(MIN, MAX)`, `range(MIN, MAX)`, `max_items = N` or `sensitive`",
                    ));
                }
                Ok(())
            })?;
        }
    }
    Ok(Field {
        ident,
        ty: f.ty.clone(),
        wire,
        lenient,
        limits,
        sensitive,
        docs,
        deprecated,
    })
}

/// A serde attribute this derive does not read: an error, since serde_derive would decode by
/// it and this derive would silently not.
fn unread_serde(path: &syn::Path) -> syn::Error {
    let name = path
        .get_ident()
        .map_or_else(|| "this".to_owned(), ToString::to_string);
    syn::Error::new_spanned(
        path,
        format!(
            "`#[serde({name})]` is not read by `#[derive(Model)]`, which reads only a field's `rename = \"…\"`; decoding would differ from serde_derive's"
        ),
    )
}

/// Whether the struct has `#[model(request)]`.
fn is_request(input: &DeriveInput) -> syn::Result<bool> {
    let mut request = false;
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("model")) {
        attr.parse_nested_meta(|m| {
            if m.path.is_ident("request") {
                request = true;
                Ok(())
            } else {
                Err(m.error("expected `request`"))
            }
        })?;
    }
    Ok(request)
}

/// A request model's `ToValue`: a static field table and the fields' values.
fn to_value_impl(name: &syn::Ident, fields: &[Field]) -> Tokens {
    let rt = quote!(::vodspec_runtime);
    let label = name.to_string();
    let descs = fields.iter().map(|f| {
        let wire = &f.wire;
        let required = option_inner(&f.ty).is_none().then(|| quote!(.required()));
        let sensitive = f.sensitive.then(|| quote!(.sensitive()));
        let limits = &f.limits;
        quote!(#rt::op::FieldDesc::new(#wire) #required #sensitive #(#limits)*)
    });
    let values = fields.iter().map(|f| {
        let i = &f.ident;
        quote!(#rt::__private::ToValue::to_value(&self.#i))
    });
    quote! {
        #[allow(deprecated)]
        impl #rt::__private::ToValue for #name {
            fn to_value(&self) -> #rt::Value<'_> {
                static DESC: #rt::op::ModelDesc = #rt::op::ModelDesc {
                    name: #label,
                    fields: &[#(#descs),*],
                };
                #rt::Value::Object(#rt::op::Object {
                    desc: &DESC,
                    values: ::std::vec![#(#values),*],
                })
            }
        }
    }
}

/// `new` with the required fields, and a setter per field.
fn builder_impls(name: &syn::Ident, fields: &[Field]) -> syn::Result<Tokens> {
    let label = name.to_string();
    if let Some(f) = fields.iter().find(|f| f.ident == "new") {
        return Err(syn::Error::new_spanned(
            &f.ident,
            "a model's field cannot be named `new`, its constructor",
        ));
    }
    let required: Vec<&Field> = fields
        .iter()
        .filter(|f| option_inner(&f.ty).is_none())
        .collect();
    let args = required.iter().map(|f| {
        let (i, t) = (&f.ident, &f.ty);
        quote!(#i: impl ::core::convert::Into<#t>)
    });
    let inits = fields.iter().map(|f| {
        let i = &f.ident;
        if option_inner(&f.ty).is_some() {
            quote!(#i: ::core::option::Option::None)
        } else {
            quote!(#i: #i.into())
        }
    });
    let new_doc = if required.is_empty() {
        format!("A `{label}` with no field set; set them with the setters.")
    } else {
        let names: Vec<String> = required.iter().map(|f| format!("`{}`", f.ident)).collect();
        format!(
            "A `{label}` with its required fields ({}); set the others with the setters.",
            names.join(", ")
        )
    };
    let setters = fields.iter().map(|f| {
        let (i, docs) = (&f.ident, &f.docs);
        let deprecated = f.deprecated.then(|| quote!(#[deprecated]));
        match option_inner(&f.ty) {
            Some(t) => quote! {
                #(#docs)*
                #deprecated
                #[must_use]
                pub fn #i(mut self, value: impl ::core::convert::Into<#t>) -> Self {
                    self.#i = ::core::option::Option::Some(value.into());
                    self
                }
            },
            None => {
                let t = &f.ty;
                quote! {
                    #(#docs)*
                    #deprecated
                    #[must_use]
                    pub fn #i(mut self, value: impl ::core::convert::Into<#t>) -> Self {
                        self.#i = value.into();
                        self
                    }
                }
            }
        }
    });
    Ok(quote! {
        #[allow(deprecated)]
        impl #name {
            #[doc = #new_doc]
            #[allow(clippy::too_many_arguments)]
            pub fn new(#(#args),*) -> Self {
                #name { #(#inits),* }
            }
            #(#setters)*
        }
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
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(|m| Err(unread_serde(&m.path)))?;
    }
    let fields: Vec<Field> = named.named.iter().map(field).collect::<syn::Result<_>>()?;
    let name = &input.ident;
    let request = if is_request(input)? {
        to_value_impl(name, &fields)
    } else {
        Tokens::new()
    };
    let builder = builder_impls(name, &fields)?;
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

        #request
        #builder
    })
}

#[cfg(test)]
mod tests {
    use super::expand;

    fn error(input: syn::DeriveInput) -> String {
        match expand(&input) {
            Ok(_) => panic!("expands"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn a_serde_attribute_it_does_not_read_is_a_compile_error() {
        for attr in [
            quote::quote!(#[serde(alias = "b")]),
            quote::quote!(#[serde(default)]),
            quote::quote!(#[serde(with = "m")]),
            quote::quote!(#[serde(flatten)]),
            quote::quote!(#[serde(skip)]),
            quote::quote!(#[serde(rename = "a", default)]),
        ] {
            let e = error(syn::parse_quote! {
                struct M { #attr a: Option<String> }
            });
            assert!(
                e.contains("is not read by `#[derive(Model)]`"),
                "{attr}: {e}"
            );
        }
        for attr in [
            quote::quote!(#[serde(deny_unknown_fields)]),
            quote::quote!(#[serde(rename_all = "camelCase")]),
        ] {
            let e = error(syn::parse_quote! {
                #attr
                struct M { a: Option<String> }
            });
            assert!(
                e.contains("is not read by `#[derive(Model)]`"),
                "{attr}: {e}"
            );
        }
        assert!(
            expand(&syn::parse_quote! {
                struct M { #[serde(rename = "A")] a: Option<String> }
            })
            .is_ok()
        );
    }
}
