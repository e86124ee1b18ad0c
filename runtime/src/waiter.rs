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
#[non_exhaustive]
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
#[non_exhaustive]
pub enum WaitError<R, E> {
    /// The task reached a failure state; the response that says so.
    Failed {
        /// The final response.
        last: R,
        /// Polls made.
        polls: u32,
    },
    /// The vendor answered with an error row the spec's waiter reads as the task's failure.
    TaskFailed {
        /// The answer.
        error: Error<E>,
        /// Polls made.
        polls: u32,
    },
    /// `max_wait` passed first (a poll still in flight is abandoned).
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
    /// The policy cannot be waited with (a zero delay or maximum wait); nothing was sent.
    BadPolicy(&'static str),
}

/// Each layer says only itself; the error under it is its `source()`.
impl<R, E> fmt::Display for WaitError<R, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WaitError::Failed { polls, .. } => write!(f, "the task failed (after {polls} polls)"),
            WaitError::TaskFailed { polls, .. } => {
                write!(f, "the task failed (after {polls} polls)")
            }
            WaitError::TimedOut { polls, waited, .. } => {
                write!(
                    f,
                    "the task had not finished after {waited:?} ({polls} polls)"
                )
            }
            WaitError::Call(_) => f.write_str("polling failed"),
            WaitError::BadPolicy(why) => write!(f, "cannot wait: {why}"),
        }
    }
}

impl<R: fmt::Debug, E: std::error::Error + 'static> std::error::Error for WaitError<R, E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WaitError::TaskFailed { error, .. } | WaitError::Call(error) => Some(error),
            _ => None,
        }
    }
}

impl WaitPolicy {
    /// Why the policy cannot be waited with, if it cannot: every delay must be positive (a zero
    /// delay would poll the vendor in a tight loop).
    pub fn check(&self) -> Result<(), &'static str> {
        if self.min_delay.is_zero() || self.max_delay.is_zero() {
            return Err("a waiter's delays must be longer than zero");
        }
        if self.max_wait.is_zero() {
            return Err("a waiter's maximum wait must be longer than zero");
        }
        Ok(())
    }
}

/// What a failed poll means to the waiter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorVerdict {
    /// Poll again: a transient failure, or an error row that means "still running".
    Pending,
    /// An error row that means the task failed.
    Failure,
    /// Polling again will not help.
    Fatal,
}

/// Polls until `classify` says the task ended. `on_error` says what a failed poll means.
/// Polls are at least `min_interval` apart (a scheme's replay rule, see
/// [`Signer::min_retry_interval`](super::Signer::min_retry_interval)); `max_wait` bounds the
/// whole wait, a poll in flight included. Dropping the future stops polling.
pub async fn wait<R, E, F, Fut>(
    policy: &WaitPolicy,
    min_interval: Duration,
    mut poll: F,
    classify: impl Fn(&R) -> TaskState,
    on_error: impl Fn(&Error<E>) -> ErrorVerdict,
) -> Result<R, WaitError<R, E>>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<R, Error<E>>>,
{
    policy.check().map_err(WaitError::BadPolicy)?;
    let started = Instant::now();
    let mut polls = 0u32;
    let mut last = None;
    loop {
        polls += 1;
        let left = policy.max_wait.saturating_sub(started.elapsed());
        let Ok(answer) = tokio::time::timeout(left, poll()).await else {
            return Err(WaitError::TimedOut {
                last,
                polls,
                waited: started.elapsed(),
            });
        };
        match answer {
            Ok(r) => match classify(&r) {
                TaskState::Success => return Ok(r),
                TaskState::Failure => return Err(WaitError::Failed { last: r, polls }),
                TaskState::Pending => last = Some(r),
                TaskState::Unknown(v) => {
                    tracing::warn!(value = %v, poll = polls, "unknown task state; still waiting");
                    last = Some(r);
                }
            },
            Err(e) => match on_error(&e) {
                ErrorVerdict::Pending => {
                    tracing::info!(error = %ErrorText(&e), poll = polls, "still waiting after an error answer");
                }
                ErrorVerdict::Failure => return Err(WaitError::TaskFailed { error: e, polls }),
                ErrorVerdict::Fatal => return Err(WaitError::Call(e)),
            },
        }
        let delay =
            super::backoff::delay(policy.min_delay, policy.max_delay, polls).max(min_interval);
        let waited = started.elapsed();
        if waited.saturating_add(delay) > policy.max_wait {
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
            Error::Send(e) => f.write_str(&crate::call::report(e)),
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
