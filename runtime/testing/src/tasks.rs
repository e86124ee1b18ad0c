//! The task lifecycle a fake plays when nothing is scripted: a create starts a task and issues
//! its id, the waiter's operation reports it through its states, a cancel stops it while it is
//! queued and is refused once it has started, and when it ends the fake calls back the URL the
//! create named, signed and encoded as the spec says.

use std::collections::HashMap;

use serde_json::Value;
use vodspec_runtime::callback::{CallbackEncoding, CallbackSignature, expected_signature};
use vodspec_runtime::op::json_base64url;
use vodspec_runtime::{CallbackDesc, Envelope, OperationDesc, TaskId, VendorApi};

use crate::json_path::{id_like, like, visit_mut};
use crate::received::Received;
use crate::reply::{Rendered, row, success_with};

/// One task the fake started.
#[derive(Debug, Clone)]
struct Task {
    /// Its id, as the waiter's param names it.
    id: String,
    /// The operation whose waiter reports it.
    waiter: &'static str,
    /// How many times it was reported.
    polls: usize,
    /// Where to call back when it ends, and what the create sent.
    callback: Option<Pending>,
}

#[derive(Debug, Clone)]
struct Pending {
    url: String,
    desc: &'static CallbackDesc,
    /// The create's params, by wire name, to fill the payload's fields of the same names.
    params: Vec<(&'static str, String)>,
}

/// A callback to deliver, made when a task ended.
#[derive(Debug, Clone)]
pub(crate) struct Outgoing {
    pub url: String,
    pub content_type: &'static str,
    pub body: Vec<u8>,
}

/// A callback the fake delivered, and what the receiving server answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// The URL called, with its signature param when the spec signs callbacks.
    pub url: String,
    /// The body sent.
    pub body: Vec<u8>,
    /// The receiving server's HTTP status, or why there was none.
    pub answer: Result<u16, String>,
}

/// The tasks of one fake.
#[derive(Debug, Default)]
pub(crate) struct Tasks {
    next: u64,
    tasks: Vec<Task>,
    /// Scripted lifecycles, by waiter operation.
    lifecycles: HashMap<&'static str, Vec<String>>,
}

/// The states a task of `op` goes through when none are scripted: the pending ones in the
/// spec's order, then the first success.
fn default_lifecycle(op: &OperationDesc) -> Vec<String> {
    let Some(w) = op.waiter else {
        return Vec::new();
    };
    w.pending
        .iter()
        .chain(w.success.first())
        .map(|s| (*s).to_owned())
        .collect()
}

impl Tasks {
    /// Tasks reported by `waiter` go through `states` (wire values); the last one stays.
    pub(crate) fn set_lifecycle(&mut self, waiter: &'static str, states: &[&str]) {
        self.lifecycles
            .insert(waiter, states.iter().map(|s| (*s).to_owned()).collect());
    }

    fn lifecycle(&self, api: &VendorApi, waiter: &str) -> Vec<String> {
        if let Some(l) = self.lifecycles.get(waiter) {
            return l.clone();
        }
        api.operations
            .iter()
            .find(|o| o.name == waiter)
            .map(|o| default_lifecycle(o))
            .unwrap_or_default()
    }

    /// Every task and the state it was last reported in (its first state before any report).
    pub(crate) fn states(&self, api: &VendorApi) -> Vec<(String, String)> {
        self.tasks
            .iter()
            .map(|t| {
                let l = self.lifecycle(api, t.waiter);
                let i = t.polls.saturating_sub(1).min(l.len().saturating_sub(1));
                (t.id.clone(), l.get(i).cloned().unwrap_or_default())
            })
            .collect()
    }

    /// The answer to a request of `op` when its lifecycle has one: a create, a cancel of a known
    /// task, or a report of known tasks. `None`: the operation's script answers.
    pub(crate) fn play(
        &mut self,
        api: &VendorApi,
        envelope: &dyn Envelope,
        op: &'static OperationDesc,
        request: &Received,
        credential: &dyn Fn(&str) -> Option<String>,
    ) -> Option<(Rendered, Vec<Outgoing>)> {
        if let Some(c) = op.creates {
            return Some((self.create(op, envelope, c, request), Vec::new()));
        }
        if let Some(c) = op.cancels {
            let id = request.param(c.param)?;
            let i = self
                .tasks
                .iter()
                .position(|t| t.waiter == c.waiter && t.id == id)?;
            // Queued while the state last reported (the first, before any report) is the
            // lifecycle's first and a pending one.
            let lifecycle = self.lifecycle(api, c.waiter);
            let at = self.tasks[i].polls.saturating_sub(1);
            let pending_first = api
                .operations
                .iter()
                .find(|o| o.name == c.waiter)
                .and_then(|o| o.waiter)
                .zip(lifecycle.first())
                .is_some_and(|(w, first)| w.pending.contains(&first.as_str()));
            let started = (at > 0 && lifecycle.len() > 1) || !pending_first;
            if started {
                return Some((row(op, envelope, c.refused), Vec::new()));
            }
            self.tasks.remove(i);
            return None;
        }
        self.report(api, envelope, op, request, credential)
    }

    fn create(
        &mut self,
        op: &'static OperationDesc,
        envelope: &dyn Envelope,
        c: &vodspec_runtime::CreatesDesc,
        request: &Received,
    ) -> Rendered {
        let id = match c.id {
            TaskId::Param(p) => request.param(p).unwrap_or_default().to_owned(),
            TaskId::Data(_) => {
                self.next += 1;
                (1000 + self.next).to_string()
            }
        };
        let callback = op.callback.and_then(|desc| {
            let url = request.param(desc.url_param)?.to_owned();
            Some(Pending {
                url,
                desc,
                params: request.params.clone(),
            })
        });
        self.tasks.push(Task {
            id: id.clone(),
            waiter: c.waiter,
            polls: 0,
            callback,
        });
        success_with(op, envelope, |data| match c.id {
            TaskId::Data("") => *data = id_like(data, &id),
            TaskId::Data(path) => visit_mut(data, path, &mut |v| *v = id_like(v, &id)),
            // The vendor's data for such a create means nothing documented; the fake answers
            // with the task's name.
            TaskId::Param(_) => {
                if data.as_object().is_some_and(|m| m.is_empty()) {
                    *data = Value::from(id.as_str());
                }
            }
        })
    }

    /// A report of the known tasks a request of a waiter's operation names, each one state on.
    fn report(
        &mut self,
        api: &VendorApi,
        envelope: &dyn Envelope,
        op: &'static OperationDesc,
        request: &Received,
        credential: &dyn Fn(&str) -> Option<String>,
    ) -> Option<(Rendered, Vec<Outgoing>)> {
        let w = op.waiter?;
        let param = api
            .operations
            .iter()
            .filter_map(|o| o.creates)
            .find(|c| c.waiter == op.name)?
            .param;
        let asked = request.param_values(param);
        let lifecycle = self.lifecycle(api, op.name);
        let mut states = Vec::new();
        let mut outgoing = Vec::new();
        for t in self
            .tasks
            .iter_mut()
            .filter(|t| t.waiter == op.name && asked.contains(&t.id.as_str()))
        {
            let state = lifecycle
                .get(t.polls.min(lifecycle.len().saturating_sub(1)))
                .cloned()?;
            t.polls += 1;
            let ended = w.success.contains(&state.as_str()) || w.failure.contains(&state.as_str());
            if ended && let Some(p) = t.callback.take() {
                outgoing.push((p, t.id.clone(), state.clone()));
            }
            states.push((t.id.clone(), state));
        }
        if states.is_empty() {
            return None;
        }
        let mut reported = Value::Null;
        let rendered = success_with(op, envelope, |data| {
            match w.ids.and_then(|(_, id_path)| split_list(w.path, id_path)) {
                Some((list, state_at, id_at)) => {
                    let mut template = Value::Object(Default::default());
                    visit_mut(data, list, &mut |v| {
                        if let Some(first) = v.as_array().and_then(|a| a.first()) {
                            template = first.clone();
                        }
                    });
                    let items: Vec<Value> = states
                        .iter()
                        .map(|(id, state)| {
                            let mut item = template.clone();
                            visit_mut(&mut item, id_at, &mut |v| *v = id_like(v, id));
                            visit_mut(&mut item, state_at, &mut |v| *v = like(v, state));
                            item
                        })
                        .collect();
                    if let Some(first) = items.first() {
                        reported = first.clone();
                    }
                    visit_mut(data, list, &mut |v| *v = Value::Array(items.clone()));
                }
                None => {
                    visit_mut(data, w.path, &mut |v| *v = like(v, &states[0].1));
                    visit_mut(data, param, &mut |v| {
                        if !v.is_null() {
                            *v = id_like(v, &states[0].0);
                        }
                    });
                    reported = data.clone();
                }
            }
        });
        let calls = outgoing
            .into_iter()
            .map(|(p, id, _)| callback(&p, param, &id, &reported, credential))
            .collect();
        Some((rendered, calls))
    }
}

/// `task_array[].status` and `task_array[].task_id` as the list (`task_array`) and the paths
/// inside each item (`status`, `task_id`).
fn split_list<'a>(state: &'a str, id: &'a str) -> Option<(&'a str, &'a str, &'a str)> {
    let (list, state_at) = state.split_once("[].")?;
    let (id_list, id_at) = id.split_once("[].")?;
    (list == id_list).then_some((list, state_at, id_at))
}

/// The callback for a task that ended: the doc's example payload (or, without one, what the
/// waiter reported), its fields named like the create's params and the waiter's id param set
/// from them, signed and encoded as the spec says.
fn callback(
    p: &Pending,
    id_param: &str,
    id: &str,
    reported: &Value,
    credential: &dyn Fn(&str) -> Option<String>,
) -> Outgoing {
    let mut payload = p
        .desc
        .example
        .and_then(|e| serde_json::from_str::<Value>(e).ok())
        .unwrap_or_else(|| reported.clone());
    if let Some(map) = payload.as_object_mut() {
        for (k, v) in map.iter_mut() {
            if k == id_param {
                *v = id_like(v, id);
            } else if let Some((_, sent)) = p.params.iter().find(|(w, _)| *w == k) {
                *v = like(v, sent);
            }
        }
    }
    let mut url = p.url.clone();
    if let CallbackSignature::Md5Hex { param, over } = p.desc.signature {
        let sign = expected_signature(over, &payload, credential).unwrap_or_default();
        url.push(if url.contains('?') { '&' } else { '?' });
        url.push_str(&format!("{param}={sign}"));
    }
    let (content_type, body) = match p.desc.encoding {
        CallbackEncoding::Json => ("application/json", payload.to_string().into_bytes()),
        CallbackEncoding::JsonBase64Url => ("text/plain", json_base64url(&payload).into_bytes()),
    };
    Outgoing {
        url,
        content_type,
        body,
    }
}

/// Sends a callback and waits (a few seconds at most) for the receiving server's answer, so a
/// test sees it delivered when the report that ended the task arrives.
pub(crate) async fn deliver(call: Outgoing) -> Delivery {
    let client = reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(5))
        .redirect(reqwest::redirect::Policy::none())
        .build();
    let answer = match client {
        Ok(c) => c
            .post(&call.url)
            .header("content-type", call.content_type)
            .body(call.body.clone())
            .send()
            .await
            .map(|r| r.status().as_u16())
            .map_err(|e| e.to_string()),
        Err(e) => Err(e.to_string()),
    };
    Delivery {
        url: call.url,
        body: call.body,
        answer,
    }
}
