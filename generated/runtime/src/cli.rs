//! The `vodspec` command line: the output contract every generated command shares.
//!
//! The decoded response goes to stdout as JSON (exit 0); a service error goes to stderr as JSON
//! (exit 3); bad usage, an invalid request or missing credentials exit 2 with a message; a
//! transport failure, a timeout or an undecodable answer exits 4.

use std::ffi::OsString;
use std::time::Duration;

use clap::{Arg, ArgAction, ArgMatches, Command};
use serde::Serialize;
use serde_json::json;

use super::call::{Error, OperationError};
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
        Err(e @ (Error::Build(_) | Error::Credentials(_))) => Output::usage(e_text(&e)),
        Err(e) => Output::err(
            TRANSPORT,
            pretty(&json!({"operation": operation, "error": kind(&e), "message": e_text(&e)})),
        ),
    }
}

fn kind<E>(e: &Error<E>) -> &'static str {
    match e {
        Error::Build(_) => "invalid-request",
        Error::Credentials(_) => "credentials",
        Error::Send(super::SendError::Timeout { .. }) => "timeout",
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
        Error::Send(s) => s.to_string(),
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
        Err(WaitError::Call(e)) => report::<T, E>(operation, Err(e)),
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

/// The whole command.
pub fn command(vendors: Vec<Command>) -> Command {
    Command::new("vodspec")
        .about("Call video-cloud vendor APIs from their vodspec specs; responses print as JSON")
        .long_about(
            "Call video-cloud vendor APIs from their vodspec specs.\n\n\
             Credentials come from the environment: POLYV_USER_ID, POLYV_SECRET_KEY; \
             HAPLAT_ACCESS_KEY, HAPLAT_SECRET_KEY; HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK, \
             HUAWEICLOUD_SDK_PROJECT_ID, HUAWEICLOUD_SDK_REGION (or HUAWEICLOUD_SDK_TOKEN).\n\n\
             Exit codes: 0 success (response JSON on stdout); 2 bad usage; 3 the vendor \
             answered with an error (JSON on stderr); 4 no usable answer (transport, timeout).",
        )
        .version(env!("CARGO_PKG_VERSION"))
        .subcommand_required(true)
        .arg_required_else_help(true)
        .subcommands(vendors)
}

/// Parses `args` against the vendors' commands and runs the one they name with `dispatch`
/// (the generated `cli_run`).
pub async fn run<F, Fut>(
    args: impl IntoIterator<Item = impl Into<OsString> + Clone>,
    vendors: Vec<Command>,
    dispatch: F,
) -> Output
where
    F: FnOnce(String, ArgMatches) -> Fut,
    Fut: std::future::Future<Output = Output>,
{
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
    match matches.subcommand() {
        Some((vendor, m)) => dispatch(vendor.to_owned(), m.clone()).await,
        None => Output::usage("name a vendor"),
    }
}
