//! Response models and forward-compatible enums.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::Doc;
use super::{Cx, ident, rust_type};
use crate::ir::{Enum, Field, Model, Ty};
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
    let mut d = Doc::new().text(f.doc.as_deref());
    d = d.line(format!("Wire name: `{}`.", f.wire));
    if let Some(fmt) = f.format {
        d = d.line(format_note(fmt));
    }
    if let Some(l) = f.lenient {
        d = d.line(format!(
            "Decoded leniently (`{}`): the vendor's wire does not always match its doc.",
            l.name()
        ));
    }
    if let Some(dep) = &f.deprecated {
        d = d.text(Some(&format!("Deprecated: {dep}")));
    }
    d
}

/// The `deserialize_with` helper for a lenient field.
fn lenient_fn(cx: &Cx, l: Lenient, optional: bool) -> String {
    let name = match (l, optional) {
        (Lenient::NumberAsString, false) => "number_as_string",
        (Lenient::NumberAsString, true) => "option_number_as_string",
        (Lenient::StringAsNumber, false) => "string_as_number",
        (Lenient::StringAsNumber, true) => "option_string_as_number",
        (Lenient::EmptyStringAsAbsent, _) => "empty_string_as_none",
    };
    // serde takes the helper's path as a string.
    format!("{}::lenient::{name}", cx.rt_text)
}

fn model_field(cx: &Cx, f: &Field) -> TokenStream {
    let doc = field_doc(f).outer();
    let name = ident(&f.ident);
    let ty = rust_type(&f.ty);
    let mut serde_args = Vec::new();
    if f.ident.trim_start_matches("r#") != f.wire {
        let wire = &f.wire;
        serde_args.push(quote!(rename = #wire));
    }
    let optional = matches!(f.ty, Ty::Optional(_));
    if optional {
        serde_args.push(quote!(default, skip_serializing_if = "Option::is_none"));
    }
    if let Some(l) = f.lenient {
        let path = lenient_fn(cx, l, optional);
        serde_args.push(quote!(deserialize_with = #path));
    }
    let serde_attr = (!serde_args.is_empty()).then(|| quote!(#[serde(#(#serde_args),*)]));
    let deprecated = f.deprecated.as_ref().map(|_| quote!(#[deprecated]));
    quote! {
        #doc
        #serde_attr
        #deprecated
        pub #name: #ty,
    }
}

/// A response model: a plain struct; unknown properties are ignored so new vendor fields do not
/// break decoding.
pub(crate) fn model(cx: &Cx, m: &Model) -> TokenStream {
    let doc = Doc::new()
        .text(m.doc.as_deref())
        .line(format!("Spec type `{}`.", m.name))
        .outer();
    let name = ident(&m.ident);
    let fields = m.fields.iter().map(|f| model_field(cx, f));
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
        (
            quote!(),
            quote! {
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
        #[derive(#derive_debug Clone, PartialEq, ::serde::Deserialize, ::serde::Serialize)]
        pub struct #name {
            #(#fields)*
        }
        #debug_impl
    }
}

fn variant_doc(e: &Enum, v: &crate::ir::Variant) -> TokenStream {
    let mut d = Doc::new()
        .line(format!("`{}`", v.wire))
        .text(v.doc.as_deref());
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

/// An open enum: the known values, plus `Unknown` that keeps any other value verbatim, so a
/// value the vendor adds later never fails decoding of the whole response.
pub(crate) fn open_enum(e: &Enum) -> TokenStream {
    let name = ident(&e.ident);
    let mut doc = Doc::new().text(e.doc.as_deref());
    if let Some(dep) = &e.depends_on {
        doc = doc.line(format!(
            "The meaning of some values depends on the sibling field `{dep}` of the model that holds it."
        ));
    }
    let doc = doc
        .line(
            "Open: values this version does not know decode to `Unknown` and round-trip unchanged.",
        )
        .outer();
    let variants = e.variants.iter().map(|v| {
        let d = variant_doc(e, v);
        let i = ident(&v.ident);
        quote!(#d #i,)
    });
    let idents: Vec<_> = e.variants.iter().map(|v| ident(&v.ident)).collect();
    match e.wire {
        EnumWire::String => {
            let wires = e.variants.iter().map(|v| v.wire.as_str());
            let wires2 = wires.clone();
            quote! {
                #doc
                #[derive(Debug, Clone, PartialEq, Eq, Hash)]
                #[non_exhaustive]
                pub enum #name {
                    #(#variants)*
                    /// A value the spec does not list, kept verbatim.
                    Unknown(String),
                }

                impl #name {
                    /// Every value the spec lists, in the doc's order.
                    pub const KNOWN: &'static [#name] = &[#(#name::#idents),*];

                    /// The wire value.
                    pub fn as_str(&self) -> &str {
                        match self {
                            #(#name::#idents => #wires,)*
                            #name::Unknown(v) => v,
                        }
                    }

                    /// Whether this is a value the spec does not list.
                    pub fn is_unknown(&self) -> bool {
                        matches!(self, #name::Unknown(_))
                    }
                }

                impl ::std::convert::From<&str> for #name {
                    fn from(v: &str) -> Self {
                        match v {
                            #(#wires2 => #name::#idents,)*
                            other => #name::Unknown(other.to_owned()),
                        }
                    }
                }

                impl ::std::convert::From<String> for #name {
                    fn from(v: String) -> Self {
                        #name::from(v.as_str())
                    }
                }

                impl ::std::str::FromStr for #name {
                    type Err = ::std::convert::Infallible;
                    fn from_str(s: &str) -> Result<Self, Self::Err> {
                        Ok(#name::from(s))
                    }
                }

                impl ::std::fmt::Display for #name {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(self.as_str())
                    }
                }

                impl ::serde::Serialize for #name {
                    fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                        s.serialize_str(self.as_str())
                    }
                }

                impl<'de> ::serde::Deserialize<'de> for #name {
                    fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                        let v = <String as ::serde::Deserialize>::deserialize(d)?;
                        Ok(#name::from(v))
                    }
                }
            }
        }
        EnumWire::Int => {
            let nums: Vec<_> = e
                .variants
                .iter()
                .map(|v| {
                    proc_macro2::Literal::i64_unsuffixed(v.wire.parse::<i64>().unwrap_or_default())
                })
                .collect();
            quote! {
                #doc
                #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
                #[non_exhaustive]
                pub enum #name {
                    #(#variants)*
                    /// A value the spec does not list, kept verbatim.
                    Unknown(i64),
                }

                impl #name {
                    /// Every value the spec lists, in the doc's order.
                    pub const KNOWN: &'static [#name] = &[#(#name::#idents),*];

                    /// The wire value.
                    pub fn as_i64(&self) -> i64 {
                        match self {
                            #(#name::#idents => #nums,)*
                            #name::Unknown(v) => *v,
                        }
                    }

                    /// Whether this is a value the spec does not list.
                    pub fn is_unknown(&self) -> bool {
                        matches!(self, #name::Unknown(_))
                    }
                }

                impl ::std::convert::From<i64> for #name {
                    fn from(v: i64) -> Self {
                        match v {
                            #(#nums => #name::#idents,)*
                            other => #name::Unknown(other),
                        }
                    }
                }

                impl ::std::str::FromStr for #name {
                    type Err = ::std::num::ParseIntError;
                    fn from_str(s: &str) -> Result<Self, Self::Err> {
                        s.trim().parse::<i64>().map(#name::from)
                    }
                }

                impl ::std::fmt::Display for #name {
                    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        write!(f, "{}", self.as_i64())
                    }
                }

                impl ::serde::Serialize for #name {
                    fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                        s.serialize_i64(self.as_i64())
                    }
                }

                impl<'de> ::serde::Deserialize<'de> for #name {
                    fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                        let v = <i64 as ::serde::Deserialize>::deserialize(d)?;
                        Ok(#name::from(v))
                    }
                }
            }
        }
    }
}
