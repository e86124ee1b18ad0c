//! Waiters: poll an operation until the task it reports ends.

use std::fmt;
use std::future::Future;
use std::time::{Duration, Instant};

use super::call::Error;

/// How long and how often to poll.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaitPolicy {
    /// Delay before the second poll; doubled each time after.
    pub min_delay: Duration,
    /// Cap on a single delay.
    pub max_delay: Duration,
    /// Give up after this long in all.
    pub max_wait: Duration,
}

impl Default for WaitPolicy {
    fn default() -> Self {
        WaitPolicy {
            min_delay: Duration::from_secs(2),
            max_delay: Duration::from_secs(30),
            max_wait: Duration::from_secs(15 * 60),
        }
    }
}

/// Where a task is, as the spec's waiter reads a response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaskState {
    /// A success value.
    Success,
    /// A failure value.
    Failure,
    /// A pending value.
    Pending,
    /// A value the spec does not list (treated as pending, and logged).
    Unknown(String),
}

/// Combines the states of several tasks in one response (Huawei's `task_array[].status`): any
/// failure fails, all successes succeed, an empty list is still pending.
pub fn combine(states: impl IntoIterator<Item = TaskState>) -> TaskState {
    let mut all_success = true;
    let mut any = false;
    let mut unknown = None;
    for s in states {
        any = true;
        match s {
            TaskState::Failure => return TaskState::Failure,
            TaskState::Success => {}
            TaskState::Pending => all_success = false,
            TaskState::Unknown(v) => {
                all_success = false;
                unknown.get_or_insert(v);
            }
        }
    }
    match (any && all_success, unknown) {
        (true, _) => TaskState::Success,
        (false, Some(v)) => TaskState::Unknown(v),
        (false, None) => TaskState::Pending,
    }
}

/// A wait that did not end in success.
#[derive(Debug, Clone, PartialEq)]
pub enum WaitError<R, E> {
    /// The task reached a failure state; the response that says so.
    Failed {
        /// The final response.
        last: R,
        /// Polls made.
        polls: u32,
    },
    /// `max_wait` passed first.
    TimedOut {
        /// The last response received, if any.
        last: Option<R>,
        /// Polls made.
        polls: u32,
        /// Time spent.
        waited: Duration,
    },
    /// A poll failed in a way that polling again will not fix.
    Call(Error<E>),
}

impl<R, E: fmt::Display> fmt::Display for WaitError<R, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaitError::Failed { polls, .. } => write!(f, "the task failed (after {polls} polls)"),
            WaitError::TimedOut { polls, waited, .. } => {
                write!(
                    f,
                    "the task had not finished after {waited:?} ({polls} polls)"
                )
            }
            WaitError::Call(e) => write!(f, "polling failed: {e}"),
        }
    }
}

impl<R: fmt::Debug, E: fmt::Display + fmt::Debug> std::error::Error for WaitError<R, E> {}

/// Polls until `classify` says the task ended. Transient failures (timeouts, dropped
/// connections, 5xx/429 answers) count as "still pending". Polls are at least `min_interval`
/// apart (a scheme's replay rule, see [`Signer::min_retry_interval`](super::Signer::min_retry_interval)).
/// Dropping the future stops polling.
pub async fn wait<R, E, F, Fut>(
    policy: &WaitPolicy,
    min_interval: Duration,
    mut poll: F,
    classify: impl Fn(&R) -> TaskState,
    transient: impl Fn(&Error<E>) -> bool,
) -> Result<R, WaitError<R, E>>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<R, Error<E>>>,
{
    let started = Instant::now();
    let mut polls = 0u32;
    let mut last = None;
    loop {
        polls += 1;
        match poll().await {
            Ok(r) => match classify(&r) {
                TaskState::Success => return Ok(r),
                TaskState::Failure => return Err(WaitError::Failed { last: r, polls }),
                TaskState::Pending => last = Some(r),
                TaskState::Unknown(v) => {
                    tracing::warn!(value = %v, poll = polls, "unknown task state; still waiting");
                    last = Some(r);
                }
            },
            Err(e) if transient(&e) => {
                tracing::info!(error = %ErrorText(&e), poll = polls, "transient failure while waiting");
            }
            Err(e) => return Err(WaitError::Call(e)),
        }
        let delay =
            super::backoff::delay(policy.min_delay, policy.max_delay, polls).max(min_interval);
        let waited = started.elapsed();
        if waited + delay > policy.max_wait {
            return Err(WaitError::TimedOut {
                last,
                polls,
                waited,
            });
        }
        tokio::time::sleep(delay).await;
    }
}

/// Shows an error kind without needing `E: Display`.
struct ErrorText<'a, E>(&'a Error<E>);

impl<E> fmt::Display for ErrorText<'_, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Error::Build(e) => write!(f, "{e}"),
            Error::Credentials(e) => write!(f, "{e}"),
            Error::Send(e) => write!(f, "{e}"),
            Error::Decode(e) => write!(f, "{e}"),
            Error::Pagination { reason, .. } => f.write_str(reason),
            Error::Service(_) => f.write_str("a service error"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn combining_states() {
        use TaskState::*;
        assert_eq!(combine([]), Pending);
        assert_eq!(combine([Success, Success]), Success);
        assert_eq!(combine([Success, Pending]), Pending);
        assert_eq!(combine([Pending, Failure, Success]), Failure);
        assert_eq!(combine([Success, Unknown("X".into())]), Unknown("X".into()));
    }
}
