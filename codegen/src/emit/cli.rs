//! The `vodspec` command line: per vendor, one subcommand per operation with a flag per param,
//! described by the spec's own text; all output goes through the runtime's `cli` contract.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{Cx, ident};
use crate::ir::{Ir, Operation, Param, Ty, Vendor};
use crate::spec::EnumWire;
use crate::type_expr::Prim;

/// Plain text for `--help`: trimmed lines, no Markdown.
fn help_text(text: &str) -> String {
    text.trim()
        .lines()
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The type clap parses a flag into, and how the builder takes it.
fn parsed(ty: &Ty) -> (TokenStream, TokenStream, &'static str) {
    match ty {
        Ty::Prim(Prim::Bool) => (quote!(bool), quote!(::clap::value_parser!(bool)), "BOOL"),
        Ty::Prim(Prim::I32) => (quote!(i32), quote!(::clap::value_parser!(i32)), "INT"),
        Ty::Prim(Prim::I64) => (quote!(i64), quote!(::clap::value_parser!(i64)), "INT"),
        Ty::Prim(Prim::U32) => (quote!(u32), quote!(::clap::value_parser!(u32)), "INT"),
        Ty::Prim(Prim::U64) => (quote!(u64), quote!(::clap::value_parser!(u64)), "INT"),
        Ty::Prim(Prim::F64) => (quote!(f64), quote!(::clap::value_parser!(f64)), "NUMBER"),
        Ty::Enum(_, EnumWire::Int) => (quote!(i64), quote!(::clap::value_parser!(i64)), "INT"),
        Ty::Prim(Prim::Json) => (
            quote!(::serde_json::Value),
            quote!(|s: &str| ::serde_json::from_str::<::serde_json::Value>(s)
                .map_err(|e| e.to_string())),
            "JSON",
        ),
        _ => (
            quote!(String),
            quote!(::clap::builder::NonEmptyStringValueParser::new()),
            "TEXT",
        ),
    }
}

fn element(p: &Param) -> &Ty {
    match p.ty.core() {
        Ty::List(inner) => inner,
        other => other,
    }
}

fn arg(p: &Param) -> TokenStream {
    let id = p.ident.trim_start_matches("r#");
    let flag = &p.cli_flag;
    let (_, parser, value_name) = parsed(element(p));
    let value_name = match element(p) {
        Ty::Enum(_, EnumWire::String) => "VALUE",
        _ => value_name,
    };
    let doc = p.doc.as_deref().map(help_text).unwrap_or_default();
    let short = doc.lines().next().unwrap_or_default().to_owned();
    let mut long = doc.clone();
    if let Some(v) = &p.default {
        long.push_str(&format!("\n[server default: {v}]"));
    }
    let list = matches!(p.ty.core(), Ty::List(_));
    let action = if list {
        quote!(.action(::clap::ArgAction::Append))
    } else {
        quote!()
    };
    let required = p.required.then(|| quote!(.required(true)));
    quote! {
        ::clap::Arg::new(#id)
            .long(#flag)
            .value_name(#value_name)
            .help(#short)
            .long_help(#long)
            .value_parser(#parser)
            #action
            #required
    }
}

/// How the builder takes one parsed value `v` (a reference).
fn set(p: &Param, v: TokenStream) -> TokenStream {
    let method = ident(&p.ident);
    let value = match element(p) {
        Ty::Enum(_, EnumWire::String) => quote!(#v.as_str()),
        Ty::Prim(Prim::String | Prim::Json) => quote!(#v.clone()),
        _ => quote!(*#v),
    };
    quote!(request = request.#method(#value);)
}

fn op_command(op: &Operation) -> TokenStream {
    let name = &op.name;
    let about = help_text(&op.summary);
    let mut long = about.clone();
    if let Some(d) = &op.doc {
        long.push_str("\n\n");
        long.push_str(&help_text(d));
    }
    long.push_str(&format!("\n\nDoc page: {}", op.source.url));
    let args = op.params.iter().filter(|p| p.fill.is_none()).map(arg);
    let fn_name = format_ident!("{}_command", op.ident.trim_start_matches("r#"));
    quote! {
        fn #fn_name() -> ::clap::Command {
            ::clap::Command::new(#name)
                .about(#about)
                .long_about(#long)
                #(.arg(#args))*
        }
    }
}

fn op_arm(cx: &Cx, op: &Operation) -> TokenStream {
    let rt = &cx.rt;
    let name = &op.name;
    let method = ident(&op.ident);
    let sets = op.params.iter().filter(|p| p.fill.is_none()).map(|p| {
        let id = p.ident.trim_start_matches("r#");
        let (ty, _, _) = parsed(element(p));
        if matches!(p.ty.core(), Ty::List(_)) {
            let s = set(p, quote!(v));
            quote!(for v in m.get_many::<#ty>(#id).into_iter().flatten() { #s })
        } else {
            let s = set(p, quote!(v));
            quote!(if let Some(v) = m.get_one::<#ty>(#id) { #s })
        }
    });
    let mut modes = Vec::new();
    if op.waiter.is_some() {
        modes.push(quote! {
            if m.get_flag("wait") {
                return #rt::cli::report_wait(#name, request.wait_with(&#rt::cli::wait_policy(m)).await);
            }
        });
    }
    if op.pagination.is_some() {
        modes.push(quote! {
            if m.get_flag("all") {
                let items: Vec<_> = ::futures_util::StreamExt::collect(request.items()).await;
                return #rt::cli::report_all(#name, items);
            }
        });
    }
    quote! {
        #name => {
            let mut request = client.#method();
            #(#sets)*
            #(#modes)*
            #rt::cli::report(#name, request.send().await)
        }
    }
}

/// `src/<vendor>/cli.rs`.
pub(crate) fn vendor_cli(cx: &Cx, v: &Vendor) -> TokenStream {
    let rt = &cx.rt;
    let id = &v.id;
    let title = help_text(&v.title);
    let commands = v.operations.iter().map(op_command);
    let subcommands = v.operations.iter().map(|op| {
        let f = format_ident!("{}_command", op.ident.trim_start_matches("r#"));
        let mut extra = vec![quote!(.arg(#rt::cli::base_url_arg()))];
        if op.waiter.is_some() {
            extra.push(quote!(.args(#rt::cli::wait_args())));
        }
        if op.pagination.is_some() {
            extra.push(quote!(.arg(#rt::cli::all_arg())));
        }
        quote!(.subcommand(#f() #(#extra)*))
    });
    let arms = v.operations.iter().map(|op| op_arm(cx, op));
    let doc = format!("The `vodspec {id}` subcommands.");
    quote! {
        #![doc = #doc]

        /// The `vodspec` subcommand of this vendor.
        pub fn command() -> ::clap::Command {
            ::clap::Command::new(#id)
                .about(#title)
                .subcommand_required(true)
                .arg_required_else_help(true)
                #(#subcommands)*
        }

        #(#commands)*

        /// Runs one of this vendor's operations with credentials from the environment.
        pub async fn run(matches: &::clap::ArgMatches) -> #rt::cli::Output {
            let Some((operation, m)) = matches.subcommand() else {
                return #rt::cli::Output::usage("name an operation");
            };
            let credentials = match super::Credentials::from_env() {
                Ok(c) => c,
                Err(e) => return #rt::cli::Output::usage(e),
            };
            let mut client = super::Client::new(credentials);
            if let Some(url) = m.get_one::<String>("base-url") {
                client = client.with_base_url(url.clone());
            }
            match operation {
                #(#arms)*
                other => #rt::cli::Output::usage(format!("unknown operation `{other}`")),
            }
        }
    }
}

/// The CLI's entry points in `src/vendors.rs`: the vendors' commands and the dispatcher.
pub(crate) fn cli_entry(cx: &Cx, ir: &Ir) -> TokenStream {
    let rt = &cx.rt;
    let pushes = ir.vendors.iter().map(|v| {
        let m = ident(&v.module);
        let f = &v.id;
        quote! {
            #[cfg(feature = #f)]
            vendors.push(#m::cli::command());
        }
    });
    let arms = ir.vendors.iter().map(|v| {
        let m = ident(&v.module);
        let f = &v.id;
        quote! {
            #[cfg(feature = #f)]
            #f => #m::cli::run(matches).await,
        }
    });
    quote! {
        /// The `vodspec` subcommand of every vendor compiled in.
        #[cfg(feature = "cli")]
        #[allow(clippy::vec_init_then_push, reason = "each push is behind its vendor's feature")]
        pub fn cli_vendors() -> Vec<::clap::Command> {
            let mut vendors = Vec::new();
            #(#pushes)*
            vendors
        }

        /// Runs `vodspec <vendor> …`.
        #[cfg(feature = "cli")]
        pub async fn cli_run(vendor: &str, matches: &::clap::ArgMatches) -> #rt::cli::Output {
            match vendor {
                #(#arms)*
                other => #rt::cli::Output::usage(format!("unknown vendor `{other}`")),
            }
        }
    }
}
