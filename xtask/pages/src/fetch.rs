//! Fetching the pages, politely: one request at a time, a user agent that names vodspec, a
//! timeout, one retry; `--mirror FROM=TO` sends an address elsewhere (another base URL, or a
//! folder of saved pages), for tests, proxies and offline copies.

use std::path::PathBuf;
use std::time::Duration;

/// `FROM=TO`: addresses starting with `FROM` are read from `TO` instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mirror {
    pub from: String,
    pub to: String,
}

impl std::str::FromStr for Mirror {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.split_once('=') {
            Some((from, to)) if !from.is_empty() && !to.is_empty() => Ok(Mirror {
                from: from.to_owned(),
                to: to.to_owned(),
            }),
            _ => Err(format!(
                "`{s}`: a mirror is FROM=TO (a URL prefix, then a base URL or a folder)"
            )),
        }
    }
}

/// Where a page is read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Http(String),
    File(PathBuf),
}

/// `url` after the first mirror whose prefix it starts with.
pub fn target(url: &str, mirrors: &[Mirror]) -> Target {
    for m in mirrors {
        if let Some(rest) = url.strip_prefix(&m.from) {
            return if m.to.starts_with("http://") || m.to.starts_with("https://") {
                Target::Http(format!("{}{rest}", m.to))
            } else {
                Target::File(PathBuf::from(&m.to).join(rest.trim_start_matches('/')))
            };
        }
    }
    Target::Http(url.to_owned())
}

/// Why a page could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreachable {
    /// No answer within the timeout.
    Timeout(Duration),
    /// An answer that is not a page.
    Status(u16),
    /// A page that is not HTML (its content type).
    NotHtml(String),
    /// No connection, or a file that cannot be read.
    Failed(String),
}

impl std::fmt::Display for Unreachable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unreachable::Timeout(d) => write!(f, "no answer within {} s", d.as_secs_f64()),
            Unreachable::Status(s) => write!(f, "HTTP {s}"),
            Unreachable::NotHtml(t) => write!(f, "not an HTML page (content type `{t}`)"),
            Unreachable::Failed(why) => f.write_str(why),
        }
    }
}

/// Reads pages one at a time.
pub struct Fetcher {
    client: reqwest::blocking::Client,
    timeout: Duration,
}

impl Fetcher {
    /// A fetcher whose requests give up after `timeout`.
    pub fn new(timeout: Duration) -> Result<Fetcher, String> {
        let client = reqwest::blocking::Client::builder()
            .user_agent(concat!(
                "vodspec-docs/",
                env!("CARGO_PKG_VERSION"),
                " (checks API specs against their vendor's doc pages)"
            ))
            .timeout(timeout)
            .build()
            .map_err(|e| e.to_string())?;
        Ok(Fetcher { client, timeout })
    }

    /// The page at `url` (after `mirrors`), as HTML text; one retry after a timeout, a failed
    /// connection or a 5xx.
    pub fn fetch(&self, url: &str, mirrors: &[Mirror]) -> Result<String, Unreachable> {
        match target(url, mirrors) {
            Target::File(path) => read_file(&path),
            Target::Http(u) => match self.get(&u) {
                Err(Unreachable::Timeout(_) | Unreachable::Failed(_))
                | Err(Unreachable::Status(500..=599)) => self.get(&u),
                other => other,
            },
        }
    }

    fn get(&self, url: &str) -> Result<String, Unreachable> {
        let r = self.client.get(url).send().map_err(|e| {
            if e.is_timeout() {
                Unreachable::Timeout(self.timeout)
            } else {
                Unreachable::Failed(format!("cannot fetch {url}: {}", chain(&e)))
            }
        })?;
        let status = r.status().as_u16();
        if !(200..300).contains(&status) {
            return Err(Unreachable::Status(status));
        }
        let kind = r
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned();
        if !is_html(&kind) {
            return Err(Unreachable::NotHtml(kind));
        }
        r.text().map_err(|e| {
            if e.is_timeout() {
                Unreachable::Timeout(self.timeout)
            } else {
                Unreachable::Failed(format!("cannot read {url}: {}", chain(&e)))
            }
        })
    }
}

fn is_html(content_type: &str) -> bool {
    let t = content_type.split(';').next().unwrap_or("").trim();
    t.eq_ignore_ascii_case("text/html") || t.eq_ignore_ascii_case("application/xhtml+xml")
}

fn read_file(path: &std::path::Path) -> Result<String, Unreachable> {
    let html = matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("html" | "htm")
    );
    if !html {
        return Err(Unreachable::NotHtml(format!("file {}", path.display())));
    }
    std::fs::read_to_string(path)
        .map_err(|e| Unreachable::Failed(format!("cannot read {}: {e}", path.display())))
}

/// An error and its causes, on one line.
fn chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cur = c.source();
    }
    s
}
