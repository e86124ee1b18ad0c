//! The `vodspec` command line, driven by the generated descriptors: a subcommand per vendor and
//! operation, a flag per param, help from the specs, credentials from each vendor's variables,
//! and the output contract every command shares.
//!
//! The decoded response goes to stdout as JSON (exit 0); a service error goes to stderr as JSON
//! (exit 3); bad usage, an invalid request or missing credentials exit 2 with a message; a
//! transport failure, a timeout or an undecodable answer exits 4.

use std::ffi::OsString;
use std::time::Duration;

use clap::{Arg, ArgAction, ArgMatches, Command};
use serde::Serialize;
use serde_json::json;

use futures_util::future::BoxFuture;

use super::call::{Error, OperationError};
use super::engine::{Creates, Paginated, Request, Waiter};
use super::op::{FlagKind, Input as _, Operation, OperationDesc};
use super::vendor::{Client, CredentialValues, VendorDesc};
use super::waiter::{WaitError, WaitPolicy};

/// What a command prints and returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Output {
    /// Exit code.
    pub code: u8,
    /// For stdout.
    pub stdout: Option<String>,
    /// For stderr.
    pub stderr: Option<String>,
}

/// Exit code: success.
pub const OK: u8 = 0;
/// Exit code: bad usage, an invalid request, missing credentials.
pub const USAGE: u8 = 2;
/// Exit code: the vendor answered with an error.
pub const SERVICE: u8 = 3;
/// Exit code: no usable answer (transport, timeout, undecodable body).
pub const TRANSPORT: u8 = 4;

impl Output {
    fn out(code: u8, value: &impl Serialize) -> Output {
        Output {
            code,
            stdout: Some(pretty(value)),
            stderr: None,
        }
    }

    fn err(code: u8, text: String) -> Output {
        Output {
            code,
            stdout: None,
            stderr: Some(text),
        }
    }

    /// Bad usage, with a message.
    pub fn usage(message: impl std::fmt::Display) -> Output {
        Output::err(USAGE, format!("error: {message}"))
    }
}

fn pretty(value: &impl Serialize) -> String {
    serde_json::to_string_pretty(value)
        .unwrap_or_else(|e| format!("{{\"error\": \"cannot encode: {e}\"}}"))
}

fn service_json<E: OperationError>(operation: &str, e: &E) -> serde_json::Value {
    let m = e.meta();
    json!({
        "operation": operation,
        "error": e.row().unwrap_or("unhandled"),
        "code": match &m.code { super::Code::Int(i) => json!(i), super::Code::Str(s) => json!(s) },
        "message": m.message,
        "http_status": m.http_status,
        "request_id": m.request_id,
        "description": e.to_string(),
    })
}

/// Reports a call's result.
pub fn report<T: Serialize, E: OperationError>(
    operation: &str,
    result: Result<T, Error<E>>,
) -> Output {
    match result {
        Ok(v) => Output::out(OK, &v),
        Err(Error::Service(e)) => Output::err(SERVICE, pretty(&service_json(operation, &e))),
        Err(
            e @ (Error::Build(_)
            | Error::Credentials(_)
            | Error::Send(super::SendError::Unsendable { .. })),
        ) => Output::usage(e_text(&e)),
        Err(e) => {
            let mut body =
                json!({"operation": operation, "error": kind(&e), "message": e_text(&e)});
            if let Error::Send(super::SendError::Redirect { status, location }) = &e {
                body["status"] = json!(status);
                body["location"] = json!(location);
            }
            if let Some(id) = e.request_id() {
                body["request_id"] = json!(id);
            }
            Output::err(TRANSPORT, pretty(&body))
        }
    }
}

fn kind<E>(e: &Error<E>) -> &'static str {
    match e {
        Error::Build(_) => "invalid-request",
        Error::Credentials(_) => "credentials",
        Error::Send(super::SendError::Timeout { .. }) => "timeout",
        Error::Send(super::SendError::Redirect { .. }) => "redirect",
        Error::Send(super::SendError::Unsendable { .. }) => "invalid-request",
        Error::Send(_) => "transport",
        Error::Decode(_) => "decode",
        Error::Service(_) => "service",
        Error::Pagination { .. } => "pagination",
    }
}

fn e_text<E: OperationError>(e: &Error<E>) -> String {
    match e {
        Error::Build(b) => b.to_string(),
        Error::Credentials(c) => c.to_string(),
        Error::Send(s) => crate::call::report(s),
        Error::Decode(d) => d.to_string(),
        Error::Service(s) => s.to_string(),
        Error::Pagination { pages, reason } => {
            format!("pagination stopped after {pages} pages: {reason}")
        }
    }
}

/// Reports a waiter's result.
pub fn report_wait<T: Serialize, E: OperationError>(
    operation: &str,
    result: Result<T, WaitError<T, E>>,
) -> Output {
    match result {
        Ok(v) => Output::out(OK, &v),
        Err(WaitError::Failed { last, polls }) => Output::err(
            SERVICE,
            pretty(
                &json!({"operation": operation, "error": "task-failed", "polls": polls, "last": last}),
            ),
        ),
        Err(WaitError::TimedOut {
            last,
            polls,
            waited,
        }) => Output::err(
            TRANSPORT,
            pretty(&json!({
                "operation": operation, "error": "wait-timeout", "polls": polls,
                "waited_ms": waited.as_millis() as u64, "last": last,
            })),
        ),
        Err(WaitError::TaskFailed { error, polls }) => {
            let mut body = match &error {
                Error::Service(e) => service_json(operation, e),
                other => json!({"operation": operation, "message": e_text(other)}),
            };
            body["error"] = json!("task-failed");
            body["polls"] = json!(polls);
            Output::err(SERVICE, pretty(&body))
        }
        Err(WaitError::Call(e)) => report::<T, E>(operation, Err(e)),
        Err(e @ WaitError::BadPolicy(_)) => Output::usage(e.to_string()),
    }
}

/// Reports every item of a listing, or the error that stopped it.
pub fn report_all<T: Serialize, E: OperationError>(
    operation: &str,
    items: Vec<Result<T, Error<E>>>,
) -> Output {
    let mut ok = Vec::new();
    for item in items {
        match item {
            Ok(v) => ok.push(v),
            Err(e) => return report::<T, E>(operation, Err(e)),
        }
    }
    Output::out(OK, &ok)
}

/// `--base-url URL`.
pub fn base_url_arg() -> Arg {
    Arg::new("base-url")
        .long("base-url")
        .value_name("URL")
        .help("Send to this endpoint instead of the vendor's (a proxy, a test server)")
}

/// `--wait` and `--max-wait DURATION`, for operations with a waiter.
pub fn wait_args() -> [Arg; 2] {
    [
        Arg::new("wait")
            .long("wait")
            .action(ArgAction::SetTrue)
            .help("Poll until the task ends; print the final response"),
        Arg::new("max-wait")
            .long("max-wait")
            .value_name("DURATION")
            .requires("wait")
            .value_parser(|s: &str| humantime::parse_duration(s).map_err(|e| e.to_string()))
            .help("Give up waiting after this long (e.g. 90s, 10m) [default: 15m]"),
    ]
}

/// `--all`, for paginated operations.
pub fn all_arg() -> Arg {
    Arg::new("all")
        .long("all")
        .action(ArgAction::SetTrue)
        .help("Follow pagination; print every item of every page")
}

/// The waiter policy the flags ask for.
pub fn wait_policy(m: &ArgMatches) -> WaitPolicy {
    let mut p = WaitPolicy::default();
    if let Some(d) = m.get_one::<Duration>("max-wait") {
        p.max_wait = *d;
    }
    p
}

/// How the command line runs one operation.
type Runner = fn(Client, ArgMatches) -> BoxFuture<'static, Output>;

/// One operation on the command line: its descriptor and how to run it, plain, waiting or
/// following pages.
#[derive(Debug, Clone, Copy)]
pub struct CliOperation {
    desc: &'static OperationDesc,
    send: Runner,
    wait: Option<Runner>,
    all: Option<Runner>,
}

/// What the command line needs of an operation's types.
pub trait CliTypes: Operation<Input: serde::de::DeserializeOwned, Output: Serialize> {}
impl<O: Operation<Input: serde::de::DeserializeOwned, Output: Serialize>> CliTypes for O {}

impl CliOperation {
    /// `O` on the command line.
    pub const fn new<O: CliTypes>() -> Self {
        CliOperation {
            desc: O::DESC,
            send: run_send::<O>,
            wait: None,
            all: None,
        }
    }

    /// The operation's descriptor (its subcommand is its name).
    pub const fn desc(&self) -> &'static OperationDesc {
        self.desc
    }

    /// With `--wait`.
    pub const fn waiter<O: CliTypes + Waiter>(mut self) -> Self {
        self.wait = Some(run_wait::<O>);
        self
    }

    /// With `--wait` that creates the task, then waits for it with the waiter's operation.
    pub const fn creates<O: CliTypes + Creates<Waiter: CliTypes>>(mut self) -> Self {
        self.wait = Some(run_create_wait::<O>);
        self
    }

    /// With `--all`.
    pub const fn paginated<O: CliTypes + Paginated<Item: Serialize>>(mut self) -> Self {
        self.all = Some(run_all::<O>);
        self
    }
}

/// One vendor on the command line.
#[derive(Debug, Clone, Copy)]
pub struct CliVendor {
    /// The vendor.
    pub vendor: &'static VendorDesc,
    /// Its operations.
    pub operations: &'static [CliOperation],
}

fn request<O: CliTypes>(client: Client, m: &ArgMatches) -> Result<Request<O>, Output> {
    let values: Vec<serde_json::Value> = O::DESC
        .caller_params()
        .map(|p| {
            let parse = |s: &String| -> serde_json::Value {
                match p.kind {
                    FlagKind::Enum(e) if !e.int() => json!(s),
                    FlagKind::Text => json!(s),
                    _ => serde_json::from_str(s).unwrap_or_else(|_| json!(s)),
                }
            };
            let given = m.get_many::<String>(p.wire).into_iter().flatten();
            if p.list {
                serde_json::Value::Array(given.map(parse).collect())
            } else {
                given.last().map_or(serde_json::Value::Null, parse)
            }
        })
        .collect();
    // A derived struct reads a sequence in field order, which is the descriptor's order.
    let input = serde_json::from_value::<O::Input>(serde_json::Value::Array(values.clone()))
        .map_err(|e| Output::usage(format!("{}: {e}", O::DESC.name)))?;
    let mut unknown = Vec::new();
    for ((p, given), sent) in O::DESC.caller_params().zip(&values).zip(input.values()) {
        if let FlagKind::Model = p.kind {
            unknown_fields(given, &sent.json(), &format!("--{}", p.flag), &mut unknown);
        }
    }
    if !unknown.is_empty() {
        return Err(Output::usage(format!(
            "{}: unknown field{} {}",
            O::DESC.name,
            if unknown.len() == 1 { "" } else { "s" },
            unknown.join(", ")
        )));
    }
    let mut r = Request::<O>::new(client);
    r.input = input;
    Ok(r)
}

fn run_send<O: CliTypes>(client: Client, m: ArgMatches) -> BoxFuture<'static, Output> {
    Box::pin(async move {
        match request::<O>(client, &m) {
            Ok(r) => report(O::DESC.name, r.send().await),
            Err(out) => out,
        }
    })
}

fn run_wait<O: CliTypes + Waiter>(client: Client, m: ArgMatches) -> BoxFuture<'static, Output> {
    Box::pin(async move {
        match request::<O>(client, &m) {
            Ok(r) => report_wait(O::DESC.name, r.wait_with(&wait_policy(&m)).await),
            Err(out) => out,
        }
    })
}

fn run_create_wait<O: CliTypes + Creates<Waiter: CliTypes>>(
    client: Client,
    m: ArgMatches,
) -> BoxFuture<'static, Output> {
    Box::pin(async move {
        let r = match request::<O>(client, &m) {
            Ok(r) => r,
            Err(out) => return out,
        };
        match r.send().await {
            Ok(created) => {
                let waiter = r.waiter(&created);
                report_wait(
                    <O::Waiter as Operation>::DESC.name,
                    waiter.wait_with(&wait_policy(&m)).await,
                )
            }
            Err(e) => report(O::DESC.name, Err::<O::Output, _>(e)),
        }
    })
}

fn run_all<O: CliTypes + Paginated<Item: Serialize>>(
    client: Client,
    m: ArgMatches,
) -> BoxFuture<'static, Output> {
    Box::pin(async move {
        match request::<O>(client, &m) {
            Ok(r) => {
                let items: Vec<_> = futures_util::StreamExt::collect(r.items()).await;
                report_all(O::DESC.name, items)
            }
            Err(out) => out,
        }
    })
}

/// A model flag's JSON object: the text itself, or a file's when it starts with `@`.
fn model_text(s: &str) -> Result<String, String> {
    let text = match s.strip_prefix('@') {
        Some(path) => {
            std::fs::read_to_string(path).map_err(|e| format!("cannot read `{path}`: {e}"))?
        }
        None => s.to_owned(),
    };
    match serde_json::from_str::<serde_json::Value>(&text) {
        Ok(serde_json::Value::Object(_)) => Ok(text),
        Ok(other) => Err(format!("expected a JSON object, got `{other}`")),
        Err(e) => Err(format!("invalid JSON: {e}")),
    }
}

/// Fields the caller gave that the typed value does not have (a typo, a field of another
/// model): the model decoder skips unknown fields, so they are found by comparing the given
/// JSON with what the value sends.
fn unknown_fields(
    given: &serde_json::Value,
    sent: &serde_json::Value,
    path: &str,
    out: &mut Vec<String>,
) {
    use serde_json::Value as J;
    match (given, sent) {
        (J::Object(g), J::Object(s)) => {
            for (k, v) in g {
                let p = format!("{path}.{k}");
                match s.get(k) {
                    Some(sv) => unknown_fields(v, sv, &p, out),
                    None if v.is_null() => {}
                    None => out.push(p),
                }
            }
        }
        (J::Array(g), J::Array(s)) => {
            for (i, (gv, sv)) in g.iter().zip(s).enumerate() {
                unknown_fields(gv, sv, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

/// The first line of a doc, for short help.
fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or_default()
}

fn arg((p, help): (&'static super::op::ParamDesc, &'static str)) -> Arg {
    let value_name = match p.kind {
        FlagKind::Int => "INT",
        FlagKind::Enum(e) if e.int() => "INT",
        FlagKind::Float => "NUMBER",
        FlagKind::Bool => "BOOL",
        FlagKind::Json => "JSON",
        FlagKind::Model => "JSON|@FILE",
        FlagKind::Text => "TEXT",
        FlagKind::Enum(_) => "VALUE",
    };
    let mut long = help.to_owned();
    if let Some(d) = p.server_default {
        long.push_str(&format!("\n[server default: {d}]"));
    }
    if let FlagKind::Enum(e) = p.kind {
        long.push_str(&format!("\n[known values: {}]", e.wires().join(", ")));
    }
    // Every value is read back as text and converted by the descriptor's kind (see
    // `request`), so the parser only validates.
    if let FlagKind::Model = p.kind {
        long.push_str("\n[a JSON object, or @FILE to read it from a file]");
    }
    let kind = p.kind;
    let parser = clap::builder::ValueParser::new(move |s: &str| -> Result<String, String> {
        if let FlagKind::Model = kind {
            return model_text(s);
        }
        let ok = match kind {
            FlagKind::Int => s.parse::<i64>().is_ok(),
            FlagKind::Enum(e) if e.int() => s.parse::<i64>().is_ok(),
            FlagKind::Float => s.parse::<f64>().is_ok(),
            FlagKind::Bool => s.parse::<bool>().is_ok(),
            FlagKind::Json => serde_json::from_str::<serde_json::Value>(s).is_ok(),
            FlagKind::Text | FlagKind::Enum(_) => !s.is_empty(),
            FlagKind::Model => unreachable!("read by model_text"),
        };
        if ok {
            Ok(s.to_owned())
        } else {
            Err(format!(
                "invalid value `{s}`: expected {}",
                value_name.to_lowercase()
            ))
        }
    });
    let a = Arg::new(p.wire)
        .long(p.flag)
        .value_name(value_name)
        .help(first_line(help).to_owned())
        .long_help(long)
        .required(p.limits.required)
        .value_parser(parser);
    if p.list {
        a.action(ArgAction::Append)
    } else {
        a
    }
}

fn operation_command(op: &CliOperation) -> Command {
    let d = op.desc;
    let mut c = Command::new(d.name)
        .about(d.summary)
        .long_about(format!("{}\n\nDoc page: {}", d.summary, d.doc_url))
        .args(
            d.caller_params()
                .zip(d.help.iter().copied().chain(std::iter::repeat("")))
                .map(arg),
        )
        .arg(base_url_arg());
    if op.wait.is_some() {
        c = c.args(wait_args());
    }
    if op.all.is_some() {
        c = c.arg(all_arg());
    }
    c
}

fn vendor_command(v: &CliVendor) -> Command {
    let vars: Vec<&str> = v.vendor.credentials.iter().map(|c| c.env).collect();
    Command::new(v.vendor.id)
        .about(v.vendor.title)
        .long_about(format!(
            "{}\n\nCredentials from the environment: {}.",
            v.vendor.title,
            vars.join(", ")
        ))
        .subcommand_required(true)
        .arg_required_else_help(true)
        .subcommands(v.operations.iter().map(operation_command))
}

/// The whole command.
pub fn command(vendors: &[CliVendor]) -> Command {
    let creds: Vec<String> = vendors
        .iter()
        .map(|v| {
            let needs = v.vendor.scheme_needs();
            format!("{}: {}", v.vendor.id, needs.join(" or "))
        })
        .collect();
    Command::new("vodspec")
        .about("Call video-cloud vendor APIs from their vodspec specs; responses print as JSON")
        .long_about(format!(
            "Call video-cloud vendor APIs from their vodspec specs.\n\n\
             Credentials come from the environment:\n  {}\n\n\
             Exit codes: 0 success (response JSON on stdout); 2 bad usage; 3 the vendor \
             answered with an error (JSON on stderr); 4 no usable answer (transport, timeout).",
            creds.join("\n  ")
        ))
        .version(env!("CARGO_PKG_VERSION"))
        .subcommand_required(true)
        .arg_required_else_help(true)
        .subcommands(vendors.iter().map(vendor_command))
}

/// Parses `args` against the vendors' commands and runs the operation they name, with the
/// credentials in the process's environment.
pub async fn run(
    args: impl IntoIterator<Item = impl Into<OsString> + Clone>,
    vendors: &[CliVendor],
) -> Output {
    run_with(args, vendors, |k| std::env::var(k).ok()).await
}

/// [`run`], with the credentials `env` gives for each variable (a test's, an embedding tool's).
pub async fn run_with(
    args: impl IntoIterator<Item = impl Into<OsString> + Clone>,
    vendors: &[CliVendor],
    env: impl Fn(&str) -> Option<String>,
) -> Output {
    let matches = match command(vendors).try_get_matches_from(args) {
        Ok(m) => m,
        Err(e) => {
            let code = u8::try_from(e.exit_code()).unwrap_or(USAGE);
            let text = e.render().to_string();
            return if code == OK {
                Output {
                    code,
                    stdout: Some(text.trim_end().to_owned()),
                    stderr: None,
                }
            } else {
                Output::err(code, text.trim_end().to_owned())
            };
        }
    };
    let Some((vendor, vm)) = matches.subcommand() else {
        return Output::usage("name a vendor");
    };
    let Some(v) = vendors.iter().find(|v| v.vendor.id == vendor) else {
        return Output::usage(format!("unknown vendor `{vendor}`"));
    };
    let Some((operation, m)) = vm.subcommand() else {
        return Output::usage("name an operation");
    };
    let Some(op) = v.operations.iter().find(|o| o.desc.name == operation) else {
        return Output::usage(format!("unknown operation `{operation}`"));
    };
    let credentials = match CredentialValues::from_lookup(v.vendor.credentials, env) {
        Ok(c) => c,
        Err(e) => return Output::usage(e),
    };
    let mut client = Client::new(v.vendor, credentials);
    if let Some(url) = m.get_one::<String>("base-url") {
        client = client.with_base_url(url.clone());
    }
    let runner = match (op.wait, op.all) {
        (Some(wait), _) if m.get_flag("wait") => wait,
        (_, Some(all)) if m.get_flag("all") => all,
        _ => op.send,
    };
    runner(client, m.clone()).await
}
