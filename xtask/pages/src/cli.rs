//! The commands: which specs, which pages, what is printed, the exit code.

use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Duration;

use clap::Parser;
use vodspec_codegen::load::{OperationFile, load_tree};

use crate::check::{Findings, check};
use crate::extract::page_text;
use crate::fetch::{Fetcher, Mirror};
use crate::snapshot::{Snapshot, path_for};
use crate::watch::{PageState, compare};

/// What a run printed and its exit code (0 fine, 1 a finding, 2 bad usage).
#[derive(Debug, Default)]
pub struct Output {
    pub code: u8,
    pub stdout: String,
    pub stderr: String,
}

/// The vendors' doc pages, kept beside the specs and watched.
#[derive(Parser)]
#[command(name = "cargo xtask docs", bin_name = "cargo xtask docs")]
struct Cli {
    /// The spec tree.
    #[arg(long, value_name = "DIR", default_value = "specs", global = true)]
    specs: PathBuf,
    /// Only this vendor's operations.
    #[arg(long, value_name = "V", global = true)]
    vendor: Option<String>,
    /// Only this operation (its file name, `list-thumbnails-task`).
    #[arg(long, value_name = "OP", global = true)]
    operation: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args)]
struct Net {
    /// Read addresses starting with FROM from TO instead (a base URL or a folder); repeatable.
    #[arg(long, value_name = "FROM=TO")]
    mirror: Vec<Mirror>,
    /// Give up on a page after this many seconds (one retry follows).
    #[arg(long, value_name = "SECS", default_value_t = 20.0)]
    timeout: f64,
}

#[derive(clap::Subcommand)]
enum Command {
    /// Fetch each spec's page and write its snapshot beside the spec.
    Fetch {
        #[command(flatten)]
        net: Net,
    },
    /// Check each spec against its page snapshot.
    Check {
        #[arg(long, value_enum, default_value = "markdown")]
        format: Format,
        /// Exit 1 when a page's table names something the spec lacks.
        #[arg(long, value_enum)]
        fail_on: Option<FailOn>,
    },
    /// Fetch each page and compare it with its snapshot; exit 1 when one changed.
    Watch {
        #[command(flatten)]
        net: Net,
        /// Write the changed pages' new snapshots.
        #[arg(long)]
        update: bool,
        #[arg(long, value_enum, default_value = "markdown")]
        format: Format,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Markdown,
    Text,
    Json,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum FailOn {
    Missing,
}

/// One operation's spec, page and snapshot.
struct Page {
    /// `huaweicloud/list-thumbnails-task`.
    name: String,
    spec_path: PathBuf,
    url: String,
    selector: Option<String>,
    spec: OperationFile,
    /// What the vendor file says for every operation (`check::check`).
    vendor_text: String,
}

/// Runs the command line `args` (the program name first).
pub fn run(args: impl IntoIterator<Item = impl Into<OsString> + Clone>) -> Output {
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let text = e.render().to_string();
            return if code == 0 {
                Output {
                    code,
                    stdout: text,
                    stderr: String::new(),
                }
            } else {
                Output {
                    code,
                    stdout: String::new(),
                    stderr: text,
                }
            };
        }
    };
    let pages = match pages(&cli) {
        Ok(p) => p,
        Err(e) => {
            return Output {
                code: 2,
                stdout: String::new(),
                stderr: format!("{e}\n"),
            };
        }
    };
    match cli.command {
        Command::Fetch { net } => with_fetcher(&net, |f| cmd_fetch(&pages, f, &net.mirror)),
        Command::Check { format, fail_on } => cmd_check(&pages, format, fail_on.is_some()),
        Command::Watch {
            net,
            update,
            format,
        } => with_fetcher(&net, |f| cmd_watch(&pages, f, &net.mirror, update, format)),
    }
}

fn with_fetcher(net: &Net, f: impl FnOnce(&Fetcher) -> Output) -> Output {
    let timeout = Duration::try_from_secs_f64(net.timeout).unwrap_or(Duration::from_secs(20));
    match Fetcher::new(timeout) {
        Ok(fetcher) => f(&fetcher),
        Err(e) => Output {
            code: 2,
            stdout: String::new(),
            stderr: format!("{e}\n"),
        },
    }
}

/// The selected operations, in the tree's order.
fn pages(cli: &Cli) -> Result<Vec<Page>, String> {
    let (tree, diags) = load_tree(&cli.specs);
    if tree.vendors.is_empty() {
        let why: Vec<String> = diags.iter().map(|d| d.render(&cli.specs)).collect();
        return Err(format!(
            "no specs in {}: {}",
            cli.specs.display(),
            why.join("; ")
        ));
    }
    let mut out = Vec::new();
    for v in tree.vendors {
        if cli.vendor.as_ref().is_some_and(|w| *w != v.name) {
            continue;
        }
        let selector = v.vendor.as_ref().and_then(|f| f.spec.page_selector.clone());
        let vendor_text = v
            .vendor
            .as_ref()
            .map(|f| vendor_text(&f.spec))
            .unwrap_or_default();
        for op in v.operations {
            if cli.operation.as_ref().is_some_and(|o| *o != op.name) {
                continue;
            }
            out.push(Page {
                name: format!("{}/{}", v.name, op.name),
                spec_path: cli.specs.join(&op.file.rel),
                url: op.file.spec.source.url.clone(),
                selector: selector.clone(),
                spec: op,
                vendor_text: vendor_text.clone(),
            });
        }
    }
    if out.is_empty() {
        return Err("no operation matches --vendor and --operation".to_owned());
    }
    Ok(out)
}

/// What the vendor file says for every operation: its docs and notes, its envelope's doc, and
/// its error catalog's codes and messages.
fn vendor_text(v: &vodspec_codegen::spec::VendorSpec) -> String {
    let mut parts: Vec<String> = v.notes.clone();
    parts.extend(v.doc.clone());
    parts.extend(v.envelope.doc.clone());
    for row in v.errors.values() {
        parts.extend(row.code.as_ref().map(ToString::to_string));
        parts.extend(row.message.clone());
    }
    parts.join("\n")
}

fn today() -> String {
    let d = time::OffsetDateTime::now_utc().date();
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// The page's text now, or why not.
fn live(p: &Page, f: &Fetcher, mirrors: &[Mirror]) -> Result<Vec<String>, String> {
    let html = f.fetch(&p.url, mirrors).map_err(|e| e.to_string())?;
    page_text(&html, p.selector.as_deref())
}

fn write_snapshot(p: &Page, lines: Vec<String>) -> Result<PathBuf, String> {
    let s = Snapshot {
        url: p.url.clone(),
        made: format!("fetched {}", today()),
        lines,
    };
    let path = path_for(&p.spec_path);
    std::fs::write(&path, s.render())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path)
}

fn cmd_fetch(pages: &[Page], f: &Fetcher, mirrors: &[Mirror]) -> Output {
    let mut out = Output::default();
    for p in pages {
        match live(p, f, mirrors).and_then(|lines| write_snapshot(p, lines)) {
            Ok(path) => {
                let _ = writeln!(out.stdout, "{}: wrote {}", p.name, path.display());
            }
            Err(e) => {
                let _ = writeln!(out.stderr, "{}: {e}", p.name);
                out.code = 1;
            }
        }
    }
    out
}

fn read_snapshot(p: &Page) -> Result<Snapshot, String> {
    let path = path_for(&p.spec_path);
    let text = std::fs::read_to_string(&path).map_err(|_| {
        format!(
            "no snapshot ({}); run `cargo xtask docs fetch`",
            path.display()
        )
    })?;
    Snapshot::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
}

fn cmd_check(pages: &[Page], format: Format, fail_on_missing: bool) -> Output {
    let mut out = Output::default();
    let mut results: Vec<(&Page, Result<Findings, String>)> = Vec::new();
    for p in pages {
        results.push((
            p,
            read_snapshot(p).map(|s| check(&p.spec.file.spec, &p.vendor_text, &s)),
        ));
    }
    if results.iter().any(|(_, r)| r.is_err()) {
        out.code = 1;
    }
    if fail_on_missing
        && results
            .iter()
            .any(|(_, r)| r.as_ref().is_ok_and(|f| !f.missing.is_empty()))
    {
        out.code = 1;
    }
    out.stdout = match format {
        Format::Json => {
            let items: Vec<serde_json::Value> = results
                .iter()
                .map(|(p, r)| match r {
                    Ok(f) => serde_json::json!({
                        "operation": p.name,
                        "missing": f.missing,
                        "unexplained": f.unexplained,
                        "updated": f.updated.as_ref().map(|(page, spec)| serde_json::json!({"page": page, "spec": spec})),
                    }),
                    Err(e) => serde_json::json!({"operation": p.name, "error": e}),
                })
                .collect();
            format!(
                "{}\n",
                serde_json::to_string_pretty(&items).unwrap_or_default()
            )
        }
        Format::Markdown | Format::Text => {
            let md = matches!(format, Format::Markdown);
            let mut s = String::new();
            if md {
                s.push_str("# Specs against their pages\n\n");
            }
            for (p, r) in &results {
                let head = if md {
                    format!("## `{}`\n", p.name)
                } else {
                    format!("{}:\n", p.name)
                };
                s.push_str(&head);
                match r {
                    Err(e) => {
                        let _ = writeln!(s, "- {e}");
                    }
                    Ok(f) if f.is_empty() => s.push_str("- agrees with its page\n"),
                    Ok(f) => {
                        if !f.missing.is_empty() {
                            let _ = writeln!(
                                s,
                                "- on the page, not in the spec: {}",
                                list(&f.missing, md)
                            );
                        }
                        if !f.unexplained.is_empty() {
                            let _ = writeln!(
                                s,
                                "- in the spec, not on the page and in no note: {}",
                                list(&f.unexplained, md)
                            );
                        }
                        if let Some((page, spec)) = &f.updated {
                            let _ = writeln!(
                                s,
                                "- the page says updated {}, the spec's `source.updated` is {}",
                                page.as_deref().unwrap_or("(nothing)"),
                                spec.as_deref().unwrap_or("(not set)")
                            );
                        }
                    }
                }
                if md {
                    s.push('\n');
                }
            }
            s
        }
    };
    out
}

fn list(terms: &[String], md: bool) -> String {
    terms
        .iter()
        .map(|t| if md { format!("`{t}`") } else { t.clone() })
        .collect::<Vec<_>>()
        .join(", ")
}

fn cmd_watch(
    pages: &[Page],
    f: &Fetcher,
    mirrors: &[Mirror],
    update: bool,
    format: Format,
) -> Output {
    let mut out = Output::default();
    let mut states = Vec::new();
    for p in pages {
        let state = match read_snapshot(p).map(|old| (old, live(p, f, mirrors))) {
            Err(e) => PageState::NoSnapshot(e),
            Ok((_, Err(e))) => PageState::Unreachable(e),
            Ok((old, Ok(now))) => {
                let state = compare(&old, &now);
                if update
                    && matches!(state, PageState::Changed(_))
                    && let Err(e) = write_snapshot(p, now)
                {
                    let _ = writeln!(out.stderr, "{}: {e}", p.name);
                }
                state
            }
        };
        if matches!(state, PageState::Changed(_)) {
            out.code = 1;
        }
        states.push((p, state));
    }
    out.stdout = render_watch(&states, format);
    out
}

fn render_watch(states: &[(&Page, PageState)], format: Format) -> String {
    if let Format::Json = format {
        let items: Vec<serde_json::Value> = states
            .iter()
            .map(|(p, s)| match s {
                PageState::Unchanged => serde_json::json!({"operation": p.name, "page": p.url, "state": "unchanged"}),
                PageState::Unreachable(why) => serde_json::json!({"operation": p.name, "page": p.url, "state": "unreachable", "why": why}),
                PageState::NoSnapshot(why) => serde_json::json!({"operation": p.name, "page": p.url, "state": "no-snapshot", "why": why}),
                PageState::Changed(c) => serde_json::json!({
                    "operation": p.name, "page": p.url, "state": "changed",
                    "lines": c.lines, "added": c.added, "removed": c.removed,
                    "updated": c.updated.as_ref().map(|(a, b)| serde_json::json!({"was": a, "now": b})),
                }),
            })
            .collect();
        return format!(
            "{}\n",
            serde_json::to_string_pretty(&items).unwrap_or_default()
        );
    }
    let md = matches!(format, Format::Markdown);
    let mut s = String::new();
    if md {
        s.push_str("# The vendors' pages against their snapshots\n\n");
    }
    for (p, state) in states {
        let name = if md {
            format!("`{}`", p.name)
        } else {
            p.name.clone()
        };
        match state {
            PageState::Unchanged => {
                let _ = writeln!(s, "- {name}: unchanged");
            }
            PageState::Unreachable(why) => {
                let _ = writeln!(s, "- {name}: unreachable: {why}");
            }
            PageState::NoSnapshot(why) => {
                let _ = writeln!(s, "- {name}: {why}");
            }
            PageState::Changed(c) => {
                let _ = writeln!(s, "- {name}: changed ({})", p.url);
                if !c.added.is_empty() {
                    let _ = writeln!(s, "  - terms added: {}", list(&c.added, md));
                }
                if !c.removed.is_empty() {
                    let _ = writeln!(s, "  - terms removed: {}", list(&c.removed, md));
                }
                if let Some((was, now)) = &c.updated {
                    let _ = writeln!(
                        s,
                        "  - last updated: {} → {}",
                        was.as_deref().unwrap_or("(none)"),
                        now.as_deref().unwrap_or("(none)")
                    );
                }
                if md {
                    s.push_str("\n  ```diff\n");
                    for l in &c.lines {
                        let _ = writeln!(s, "  {l}");
                    }
                    s.push_str("  ```\n");
                } else {
                    for l in &c.lines {
                        let _ = writeln!(s, "    {l}");
                    }
                }
            }
        }
    }
    s
}
