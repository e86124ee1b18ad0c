//! Each of the doc's examples becomes a test in the generated module: a success body decodes
//! into the response type and round-trips; an error body is classified as its row.

use proc_macro2::TokenStream;
use quote::quote;

use super::{Cx, ident, rust_type};
use crate::ir::{Operation, Vendor};

/// The vendor's envelope as a runtime value.
pub(crate) fn envelope(cx: &Cx, v: &Vendor) -> TokenStream {
    use crate::spec::EnvelopeScheme as S;
    let rt = &cx.rt;
    let code = v.envelope.success_code.unwrap_or(200);
    match v.envelope.scheme {
        S::CodeStatusMessageData => {
            quote!(#rt::Envelope::CodeStatusMessageData { success_code: #code })
        }
        S::CodeMessageData => quote!(#rt::Envelope::CodeMessageData { success_code: #code }),
        S::PlainWithErrorObject => quote!(#rt::Envelope::PlainWithErrorObject),
    }
}

pub(crate) fn example_tests(cx: &Cx, op: &Operation) -> TokenStream {
    if op.examples.is_empty() {
        return quote!();
    }
    let rt = &cx.rt;
    let response = rust_type(&op.response);
    let error = ident(&op.error_ident);
    let tests = op.examples.iter().map(|ex| {
        let test = ident(&format!("example_{}", ex.ident.trim_start_matches("r#")));
        let body = &ex.body;
        let status = ex.status.unwrap_or(200);
        match &ex.error {
            None => quote! {
                #[test]
                fn #test() {
                    let body: &str = #body;
                    let data = match super::super::ENVELOPE.split(#status, None, body.as_bytes()) {
                        Ok(#rt::Outcome::Data(data)) => data,
                        other => panic!("the example is not a success response: {other:?}"),
                    };
                    let decoded: #response = serde_json::from_value(data).expect("the example decodes");
                    let again: #response = serde_json::from_value(serde_json::to_value(&decoded).expect("it encodes"))
                        .expect("it decodes again");
                    assert_eq!(decoded, again, "decoding is stable across a round trip");
                }
            },
            Some(row) => {
                let variant = ident(row);
                quote! {
                    #[test]
                    fn #test() {
                        let body: &str = #body;
                        let meta = match super::super::ENVELOPE.split(#status, None, body.as_bytes()) {
                            Ok(#rt::Outcome::Error(meta)) => meta,
                            other => panic!("the example is not an error response: {other:?}"),
                        };
                        let err = #error::from_response(meta, body.to_owned());
                        assert!(matches!(err, #error::#variant(_)), "{err:?}");
                    }
                }
            }
        }
    });
    quote! {
        #[cfg(test)]
        mod examples {
            use super::*;
            #(#tests)*
        }
    }
}
