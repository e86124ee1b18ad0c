//! An operation's error enum: one variant per error-table row (the endpoint's, then the
//! vendor's), and `Unhandled` for whatever no row matches.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::Doc;
use super::{Cx, ident};
use crate::ir::{ErrorRow, Operation};
use crate::spec::ErrorCode;

fn row_doc(row: &ErrorRow) -> TokenStream {
    let mut key = Vec::new();
    if let Some(c) = &row.code {
        key.push(match c {
            ErrorCode::Int(i) => format!("code `{i}`"),
            ErrorCode::Str(s) => format!("code `{s}`"),
        });
    }
    if let Some(m) = &row.message {
        key.push(format!("message `{m}`"));
    }
    if let Some(h) = row.http_status {
        key.push(format!("HTTP {h}"));
    }
    let mut d = Doc::new()
        .text(row.doc.as_deref())
        .line(format!("Matched by {}.", key.join(" and ")));
    if row.vendor_wide {
        d = d.line("From the vendor-wide error catalog.");
    }
    if row.auth {
        d = d.line("A signature or timestamp error.");
    }
    d.outer()
}

/// The condition under which a response is this row.
fn row_match(cx: &Cx, row: &ErrorRow) -> TokenStream {
    let rt = &cx.rt;
    let mut conds = Vec::new();
    match &row.code {
        Some(ErrorCode::Int(i)) => {
            let i = proc_macro2::Literal::i64_unsuffixed(*i);
            conds.push(quote!(meta.code == #rt::Code::Int(#i)))
        }
        Some(ErrorCode::Str(s)) => {
            conds.push(quote!(matches!(&meta.code, #rt::Code::Str(c) if c == #s)))
        }
        None => {}
    }
    if let Some(m) = &row.message {
        conds.push(quote!(meta.message == #m));
    }
    quote!(#(#conds)&&*)
}

/// The error enum and its classification.
pub(crate) fn error_enum(cx: &Cx, op: &Operation) -> TokenStream {
    let rt = &cx.rt;
    let name = ident(&op.error_ident);
    let op_name = &op.name;
    let doc = Doc::new()
        .line(format!(
            "An error response of `{}`, classified by the documented error table.",
            op.name
        ))
        .line(
            "Rows are matched in the spec's order: the endpoint's own, then the vendor's catalog.",
        )
        .outer();
    let variants = op.errors.iter().map(|row| {
        let d = row_doc(row);
        let i = ident(&row.ident);
        quote!(#d #i(#rt::ServiceErrorMeta),)
    });
    let arms = op.errors.iter().map(|row| {
        let i = ident(&row.ident);
        let cond = row_match(cx, row);
        quote!(if #cond { return #name::#i(meta); })
    });
    let idents: Vec<_> = op.errors.iter().map(|r| ident(&r.ident)).collect();
    let meta_arm = if idents.is_empty() {
        quote!()
    } else {
        quote!(#(#name::#idents(m))|* => m,)
    };
    let auth: Vec<_> = op
        .errors
        .iter()
        .filter(|r| r.auth)
        .map(|r| ident(&r.ident))
        .collect();
    let is_auth = if auth.is_empty() {
        quote!(false)
    } else {
        quote!(matches!(self, #(#name::#auth(_))|*))
    };
    let braces = |t: &str| t.replace('{', "{{").replace('}', "}}");
    let display_arms = op.errors.iter().map(|row| {
        let i = ident(&row.ident);
        let fmt = match &row.doc {
            Some(d) => format!(
                "{}: {{}} ({}; code {{}})",
                braces(op_name),
                braces(d.trim())
            ),
            None => format!("{}: {{}} (code {{}})", braces(op_name)),
        };
        quote!(#name::#i(m) => write!(f, #fmt, m.message, m.code),)
    });
    let unhandled_fmt = format!("{}: {{}}", braces(op_name));
    let documented_arms = op.errors.iter().map(|row| {
        let i = ident(&row.ident);
        let n = &row.name;
        quote!(#name::#i(_) => Some(#n),)
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// An error response no documented row matches: its code, message and body.
            Unhandled(#rt::Unhandled),
        }

        impl #name {
            /// Classifies an error response by the documented rows.
            pub fn from_response(meta: #rt::ServiceErrorMeta, body: String) -> Self {
                #(#arms)*
                #name::Unhandled(#rt::Unhandled { meta, body })
            }

            /// Code, message, HTTP status and request id of the response.
            pub fn meta(&self) -> &#rt::ServiceErrorMeta {
                match self {
                    #meta_arm
                    #name::Unhandled(u) => &u.meta,
                }
            }

            /// The spec name of the matched row, or `None` for [`Unhandled`](Self::Unhandled).
            pub fn row(&self) -> Option<&'static str> {
                match self {
                    #(#documented_arms)*
                    #name::Unhandled(_) => None,
                }
            }

            /// Whether the vendor rejected the signature or the timestamp.
            pub fn is_auth_error(&self) -> bool {
                #is_auth
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(#display_arms)*
                    #name::Unhandled(u) => write!(f, #unhandled_fmt, u),
                }
            }
        }

        impl ::std::error::Error for #name {}

        impl #rt::OperationError for #name {
            fn meta(&self) -> &#rt::ServiceErrorMeta {
                #name::meta(self)
            }
            fn row(&self) -> Option<&'static str> {
                #name::row(self)
            }
        }
    }
}
