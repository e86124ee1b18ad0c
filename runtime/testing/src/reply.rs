//! What a fake answers: the scripted [`Reply`], rendered from the operation's descriptor (its
//! examples, error rows, waiter path and paging fields) through the vendor's envelope.

use std::time::Duration;

use serde_json::Value;
use vodspec_runtime::{Code, Envelope, Example, OperationDesc, Split};

use crate::json_path::{flag_like, like, visit_mut};
use crate::received::Received;

/// One scripted answer of a fake operation.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Reply {
    /// The doc's first success example.
    Example,
    /// The doc's example with this spec name.
    Named(String),
    /// The error row with this spec name (the endpoint's or the vendor's): the doc's example of
    /// it when there is one, else the vendor's envelope around the row's code and message.
    Row(String),
    /// The success example with the waiter's task state set to this wire value (every task's,
    /// where the path crosses a list).
    State(String),
    /// A page of a listing of `total` items, by the request's page and size params: the success
    /// example's first item repeated, with the spec's truncated flag and total set. With
    /// `always_truncated`, every page claims there is more (a vendor that never stops).
    Page {
        /// Items in all.
        total: usize,
        /// Claim "truncated" on every page.
        always_truncated: bool,
    },
    /// A page of a listing of exactly these items (in the data's JSON), by the request's page
    /// and size params, with the truncated flag and total set.
    PageOf {
        /// The whole listing.
        items: Vec<Value>,
        /// Claim "truncated" on every page.
        always_truncated: bool,
    },
    /// This status and JSON body.
    Json(u16, String),
    /// Any status, content type and body.
    Raw {
        /// HTTP status.
        status: u16,
        /// `Content-Type`.
        content_type: String,
        /// The body.
        body: Vec<u8>,
    },
    /// A gateway's HTML error page with this status (502, 503, …).
    Gateway(u16),
    /// HTTP 429 with `Retry-After` in seconds.
    TooManyRequests {
        /// The `Retry-After` value.
        retry_after_secs: u64,
    },
    /// The success example cut short: a 200 whose body is not JSON.
    Malformed,
    /// Closes the connection without answering.
    Drop,
    /// `302 Found` to this location.
    Redirect(String),
    /// Waits, then answers the inner reply.
    Delay(Duration, Box<Reply>),
}

impl Reply {
    /// The error row `name`.
    pub fn row(name: impl Into<String>) -> Reply {
        Reply::Row(name.into())
    }

    /// The task state `wire`.
    pub fn state(wire: impl Into<String>) -> Reply {
        Reply::State(wire.into())
    }

    /// A listing of `total` items that ends where it should.
    pub fn page(total: usize) -> Reply {
        Reply::Page {
            total,
            always_truncated: false,
        }
    }

    /// `self` after `delay`.
    pub fn after(self, delay: Duration) -> Reply {
        Reply::Delay(delay, Box::new(self))
    }

    /// Why the reply cannot be given for `op`, checked when it is scripted.
    pub(crate) fn check(&self, op: &OperationDesc) -> Result<(), String> {
        let rows = || op.rows().map(|r| r.name).collect::<Vec<_>>().join(", ");
        match self {
            Reply::Named(n) if !op.examples.iter().any(|e| e.name == n) => Err(format!(
                "{} has no example `{n}` (it has: {})",
                op.name,
                op.examples
                    .iter()
                    .map(|e| e.name)
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
            Reply::Row(n) if !op.rows().any(|r| r.name == n) => Err(format!(
                "{} has no error row `{n}` (it has: {})",
                op.name,
                rows()
            )),
            // Any state may be scripted: a value the spec does not list is how a test plays a
            // vendor's new state.
            Reply::State(_) if op.waiter.is_none() => {
                Err(format!("{} reports no task state", op.name))
            }
            Reply::Page { .. } | Reply::PageOf { .. } if op.paging.is_none() => {
                Err(format!("{} is not a paged listing", op.name))
            }
            Reply::Delay(_, inner) => inner.check(op),
            _ => Ok(()),
        }
    }
}

/// A rendered answer.
#[derive(Debug)]
pub(crate) enum Rendered {
    /// Status, headers, body.
    Response(u16, Vec<(&'static str, String)>, Vec<u8>),
    /// Close the connection.
    Drop,
}

fn json(status: u16, body: String) -> Rendered {
    Rendered::Response(
        status,
        vec![("content-type", "application/json;charset=UTF-8".into())],
        body.into_bytes(),
    )
}

/// A reply the fake cannot give (a script that does not fit the operation), as a 500 that says
/// why, so the test fails with the reason.
fn misfit(why: String) -> Rendered {
    Rendered::Response(
        500,
        vec![("content-type", "text/plain".into())],
        format!("vodspec-testing: {why}").into_bytes(),
    )
}

fn success(op: &OperationDesc) -> Option<&'static Example> {
    op.examples.iter().find(|e| e.row.is_none())
}

/// The example with its data edited in place: the envelope finds the data, `edit` changes it,
/// and the rest of the body is kept byte for byte.
fn edit_data(
    envelope: &dyn Envelope,
    ex: &Example,
    edit: impl FnOnce(&mut Value),
) -> Result<String, String> {
    let body = ex.body;
    let range = match envelope.split(ex.status, None, body.as_bytes()) {
        Ok(Split::Data(range)) => range,
        other => return Err(format!("example `{}` carries no data ({other:?})", ex.name)),
    };
    let mut data: Value = serde_json::from_str(&body[range.clone()])
        .map_err(|e| format!("example `{}` is not JSON: {e}", ex.name))?;
    edit(&mut data);
    Ok(format!(
        "{}{}{}",
        &body[..range.start],
        data,
        &body[range.end..]
    ))
}

/// A success whose data `edit` sets: the doc's success example edited in place, or, for an
/// operation whose doc shows none, the envelope around data that `edit` builds from `{}`.
pub(crate) fn success_with(
    op: &OperationDesc,
    envelope: &dyn Envelope,
    edit: impl FnOnce(&mut Value),
) -> Rendered {
    match success(op) {
        Some(ok) => match edit_data(envelope, ok, edit) {
            Ok(body) => json(ok.status, body),
            Err(why) => misfit(why),
        },
        None => {
            let mut data = Value::Object(Default::default());
            edit(&mut data);
            let (status, body) = envelope.success_body(&data);
            json(status, body)
        }
    }
}

/// Renders `reply` for a request of `op` (a [`Reply::Delay`] is waited out by the caller).
pub(crate) fn render(
    reply: &Reply,
    op: &OperationDesc,
    envelope: &dyn Envelope,
    request: &Received,
) -> Rendered {
    if let Reply::State(state) = reply {
        let Some(w) = op.waiter else {
            return misfit(format!("{} reports no task state", op.name));
        };
        return success_with(op, envelope, |data| {
            visit_mut(data, w.path, &mut |v| *v = like(v, state));
        });
    }
    if let Reply::Row(name) = reply {
        return row(op, envelope, name);
    }
    let Some(ok) = success(op) else {
        return misfit(format!("{} has no success example to answer with", op.name));
    };
    match reply {
        Reply::Example => json(ok.status, ok.body.to_owned()),
        Reply::Named(name) => match op.examples.iter().find(|e| e.name == name) {
            Some(ex) => json(ex.status, ex.body.to_owned()),
            None => misfit(format!("{} has no example `{name}`", op.name)),
        },
        Reply::Row(_) | Reply::State(_) => unreachable!("answered above"),
        Reply::Page {
            total,
            always_truncated,
        } => match page(op, envelope, ok, request, Items::Copies(*total), *always_truncated) {
            Ok(body) => json(ok.status, body),
            Err(why) => misfit(why),
        },
        Reply::PageOf {
            items,
            always_truncated,
        } => match page(op, envelope, ok, request, Items::These(items), *always_truncated) {
            Ok(body) => json(ok.status, body),
            Err(why) => misfit(why),
        },
        Reply::Json(status, body) => json(*status, body.clone()),
        Reply::Raw {
            status,
            content_type,
            body,
        } => Rendered::Response(*status, vec![("content-type", content_type.clone())], body.clone()),
        Reply::Gateway(status) => Rendered::Response(
            *status,
            vec![("content-type", "text/html".into())],
            format!("<html><head><title>{status}</title></head><body><center><h1>{status}</h1></center><hr><center>gateway</center></body></html>")
                .into_bytes(),
        ),
        Reply::TooManyRequests { retry_after_secs } => Rendered::Response(
            429,
            vec![
                ("content-type", "text/plain".into()),
                ("retry-after", retry_after_secs.to_string()),
            ],
            b"Too Many Requests".to_vec(),
        ),
        Reply::Malformed => {
            let cut = ok.body.len() / 2;
            let cut = (0..=cut).rev().find(|i| ok.body.is_char_boundary(*i)).unwrap_or(0);
            json(200, ok.body[..cut].to_owned())
        }
        Reply::Drop => Rendered::Drop,
        Reply::Redirect(location) => Rendered::Response(
            302,
            vec![("location", location.clone())],
            Vec::new(),
        ),
        Reply::Delay(_, inner) => render(inner, op, envelope, request),
    }
}

/// An error row: its example when the doc has one, else the envelope around its code.
pub(crate) fn row(op: &OperationDesc, envelope: &dyn Envelope, name: &str) -> Rendered {
    if let Some(ex) = op.examples.iter().find(|e| e.row == Some(name)) {
        return json(ex.status, ex.body.to_owned());
    }
    let Some(r) = op.rows().find(|r| r.name == name) else {
        return misfit(format!("{} has no error row `{name}`", op.name));
    };
    let code = r.code.clone().unwrap_or(Code::text(""));
    let message = r.message.unwrap_or(r.doc);
    let (status, body) = envelope.error_body(&code, message);
    json(r.http_status.unwrap_or(status), body)
}

/// What a listing holds.
enum Items<'a> {
    /// This many copies of the example's first item.
    Copies(usize),
    /// These.
    These(&'a [Value]),
}

/// A page of a listing, as the request asks for it.
fn page(
    op: &OperationDesc,
    envelope: &dyn Envelope,
    ok: &Example,
    request: &Received,
    items: Items<'_>,
    always_truncated: bool,
) -> Result<String, String> {
    let total = match items {
        Items::Copies(n) => n,
        Items::These(all) => all.len(),
    };
    let pg = op
        .paging
        .ok_or_else(|| format!("{} is not a paged listing", op.name))?;
    let number = |name: &str| -> Option<i64> {
        request
            .param(name)
            .and_then(|v| v.parse().ok())
            .or_else(|| {
                op.params
                    .iter()
                    .find(|p| p.wire == name)
                    .and_then(|p| p.server_default)
                    .and_then(|d| d.parse().ok())
            })
    };
    let page = number(pg.page_param).unwrap_or(pg.first_page);
    let size = number(pg.size_param)
        .ok_or_else(|| {
            format!(
                "{}: the request sets no `{}` and the spec gives no server default",
                op.name, pg.size_param
            )
        })?
        .max(1) as usize;
    let start = usize::try_from(page - pg.first_page)
        .unwrap_or(0)
        .saturating_mul(size)
        .min(total);
    let end = start.saturating_add(size).min(total);
    let truncated = always_truncated || end < total;
    edit_data(envelope, ok, |data| {
        let mut template = Value::Object(Default::default());
        visit_mut(data, pg.items, &mut |v| {
            *v = Value::Array(match items {
                Items::Copies(_) => {
                    if let Some(first) = v.as_array().and_then(|a| a.first()) {
                        template = first.clone();
                    }
                    vec![template.clone(); end - start]
                }
                Items::These(all) => all[start..end].to_vec(),
            });
        });
        if let Some(path) = pg.truncated {
            visit_mut(data, path, &mut |v| *v = flag_like(v, truncated));
        }
        if let Some(path) = pg.total {
            visit_mut(data, path, &mut |v| *v = Value::from(total));
        }
    })
}
