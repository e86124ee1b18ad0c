//! A create's callback: the descriptor the runtime verifies and decodes it by, and the vendor
//! client's method that does so.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::Doc;
use super::{ident, marker, rt, rust_type};
use crate::ir::{Operation, SignPart};
use crate::spec::CallbackScheme;

/// `impl Callback` for the operation: its payload type.
pub(super) fn callback_impl(op: &Operation) -> TokenStream {
    let Some(c) = &op.callback else {
        return quote!();
    };
    let rt = rt();
    let m = marker(op);
    let payload = rust_type(&c.payload);
    quote! {
        impl #rt::Callback for #m {
            type Payload = #payload;
        }
    }
}

/// The descriptor's `callback`: how the callback's body and signature are read.
pub(super) fn callback_desc(op: &Operation) -> TokenStream {
    let Some(c) = &op.callback else {
        return quote!(None);
    };
    let rt = rt();
    let url_param = &c.url_param;
    let encoding = match c.encoding {
        Some(_) => quote!(#rt::CallbackEncoding::JsonBase64Url),
        None => quote!(#rt::CallbackEncoding::Json),
    };
    let signature = match c.scheme {
        CallbackScheme::None => quote!(#rt::CallbackSignature::None),
        CallbackScheme::Md5Hex => {
            let param = c.param.as_deref().unwrap_or_default();
            let over = c.over.iter().map(|p| match p {
                SignPart::Text(t) => quote!(#rt::SignPart::Text(#t)),
                SignPart::Payload(f) => quote!(#rt::SignPart::Payload(#f)),
                SignPart::Credential(n) => quote!(#rt::SignPart::Credential(#n)),
            });
            quote!(#rt::CallbackSignature::Md5Hex { param: #param, over: &[#(#over),*] })
        }
    };
    let example = super::opt(c.example.as_deref());
    quote! {
        Some(&#rt::CallbackDesc {
            url_param: #url_param,
            encoding: #encoding,
            signature: #signature,
            example: #example,
        })
    }
}

/// The vendor client's method that verifies and decodes the operation's callback.
pub(super) fn callback_method(op: &Operation) -> TokenStream {
    let Some(c) = &op.callback else {
        return quote!();
    };
    let rt = rt();
    let (module, m) = (ident(&op.ident), marker(op));
    let method = ident(&c.method);
    let payload = rust_type(&c.payload);
    let payload = match &c.payload {
        crate::ir::Ty::Model(_) => quote!(#module::#payload),
        _ => payload,
    };
    let mut d = Doc::new().line(format!(
        "Verifies and decodes the callback of [`{}`](Self::{}): what the vendor sends to the `{}` URL when the task ends. A missing or wrong signature is an error, and nothing unverified is decoded.",
        op.ident.trim_start_matches("r#"),
        op.ident.trim_start_matches("r#"),
        c.url_param
    ));
    d = d.text(c.doc.as_deref());
    let rule = match c.scheme {
        CallbackScheme::None => "Signature: none.".to_owned(),
        CallbackScheme::Md5Hex => format!(
            "Signature: lowercase hex MD5 of {}, in the URL's `{}` query param.",
            c.over
                .iter()
                .map(|p| match p {
                    SignPart::Text(t) => format!("`\"{t}\"`"),
                    SignPart::Payload(f) => format!("the payload's `{f}`"),
                    SignPart::Credential(n) => format!("the credential `{n}`"),
                })
                .collect::<Vec<_>>()
                .join(" + "),
            c.param.as_deref().unwrap_or_default()
        ),
    };
    d = d.line(rule).text(c.signature_doc.as_deref());
    let d = d.outer();
    quote! {
        #d
        pub fn #method(
            &self,
            request: &#rt::CallbackRequest<'_>,
        ) -> ::std::result::Result<#payload, #rt::CallbackError> {
            #rt::callback::receive::<#module::#m>(&self.0, request)
        }
    }
}
