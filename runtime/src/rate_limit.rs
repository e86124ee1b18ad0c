//! Client-side rate limiting from the specs' `rate_limit`: a call waits for a slot rather than
//! go over a documented rate. One limiter state per client, shared by its clones and by every
//! request, waiter poll, page and retry attempt it sends.
//!
//! Each limit keeps the times of its last `requests` grants; a new grant goes at the earliest
//! time that leaves at most `requests` grants in any `per_seconds` window, and never before the
//! one before it. A request under two limits (the vendor's and its operation's) takes the later
//! of the two slots, and both record it.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::time::Instant;

/// A documented rate limit, from a spec.
#[derive(Debug, PartialEq, Eq)]
pub struct RateLimitDesc {
    /// Requests allowed per window.
    pub requests: u32,
    /// The window, in seconds.
    pub per_seconds: u32,
    /// Who the vendor counts them for (`client-ip`, `user`, `tenant`).
    pub scope: &'static str,
    /// How long the vendor blocks a caller that goes over, when it does.
    pub block_seconds: Option<u32>,
}

impl RateLimitDesc {
    fn window(&self) -> Duration {
        Duration::from_secs(u64::from(self.per_seconds))
    }
}

/// Which limits a client keeps to (`Config::rate_limit`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum RateLimit {
    /// The documented limits whose breach the vendor punishes (Polyv blocks the IP for
    /// minutes); the others are left to the vendor's own answers.
    #[default]
    Punishing,
    /// Every documented limit, the vendor's and each operation's.
    Documented,
    /// This many requests per window for the whole client, instead of the documented limits.
    Custom {
        /// Requests allowed per window.
        requests: u32,
        /// The window.
        per: Duration,
    },
    /// None: the caller paces its own calls.
    Off,
}

impl RateLimit {
    /// Whether this setting keeps to `limit`.
    pub fn applies(self, limit: &RateLimitDesc) -> bool {
        match self {
            RateLimit::Punishing => limit.block_seconds.is_some(),
            RateLimit::Documented => true,
            RateLimit::Custom { .. } | RateLimit::Off => false,
        }
    }
}

/// Where a limit's grants are kept: a documented limit by its descriptor, or the client's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Key {
    Desc(usize),
    Custom,
}

/// The grant times of every limit a client has used.
#[derive(Debug, Default)]
pub struct Limiters {
    grants: Mutex<HashMap<Key, VecDeque<Instant>>>,
}

impl Limiters {
    /// A fresh set, to share among a client's clones.
    pub fn shared() -> Arc<Limiters> {
        Arc::default()
    }

    /// Reserves the earliest slot that keeps every limit `setting` applies of `limits`, and
    /// says when it is (`now` when nothing holds the request back).
    pub fn reserve(
        &self,
        limits: &[&'static RateLimitDesc],
        setting: RateLimit,
        now: Instant,
    ) -> Instant {
        let mut held: Vec<(Key, usize, Duration)> = limits
            .iter()
            .filter(|l| setting.applies(l))
            .map(|l| {
                let key = Key::Desc(std::ptr::from_ref(*l) as usize);
                (key, l.requests as usize, l.window())
            })
            .collect();
        if let RateLimit::Custom { requests, per } = setting {
            held.push((Key::Custom, requests as usize, per));
        }
        if held.is_empty() {
            return now;
        }
        let mut grants = self.grants.lock().unwrap_or_else(PoisonError::into_inner);
        let mut at = now;
        for (key, n, window) in &held {
            let log = grants.entry(*key).or_default();
            if let Some(last) = log.back() {
                at = at.max(*last);
            }
            // With `n` grants on record, the oldest of them must leave the window first.
            if *n == 0 {
                continue;
            }
            if log.len() >= *n
                && let Some(oldest) = log.get(log.len() - n)
            {
                at = at.max(oldest.checked_add(*window).unwrap_or(at));
            }
        }
        for (key, n, _) in &held {
            let log = grants.entry(*key).or_default();
            log.push_back(at);
            while log.len() > (*n).max(1) {
                log.pop_front();
            }
        }
        at
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static POLYV: RateLimitDesc = RateLimitDesc {
        requests: 1500,
        per_seconds: 10,
        scope: "client-ip",
        block_seconds: Some(300),
    };
    static TASKS: RateLimitDesc = RateLimitDesc {
        requests: 3,
        per_seconds: 60,
        scope: "user",
        block_seconds: None,
    };

    /// At most `n` of `times` in any window of `w`.
    fn never_more_than(times: &[Instant], n: usize, w: Duration) {
        for (i, t) in times.iter().enumerate() {
            let inside = times[i..].iter().take_while(|u| **u < *t + w).count();
            assert!(inside <= n, "{inside} grants within {w:?} of grant {i}");
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_burst_is_spread_to_the_documented_rate_on_a_paused_clock() {
        let limiters = Limiters::shared();
        let start = Instant::now();
        let mut sent = Vec::new();
        for _ in 0..4000 {
            let at = limiters.reserve(&[&POLYV], RateLimit::default(), Instant::now());
            tokio::time::sleep_until(at).await;
            sent.push(Instant::now());
        }
        never_more_than(&sent, 1500, Duration::from_secs(10));
        // 1500 at once, 1500 ten seconds later, the last 1000 at twenty: no slower than that.
        assert_eq!(sent[1499], start);
        assert_eq!(sent[1500], start + Duration::from_secs(10));
        assert_eq!(sent[3999], start + Duration::from_secs(20));
    }

    #[tokio::test(start_paused = true)]
    async fn clones_share_one_state_and_two_limits_both_hold() {
        let limiters = Limiters::shared();
        let clone = limiters.clone();
        let mut sent = Vec::new();
        for i in 0..7 {
            let which = if i % 2 == 0 { &limiters } else { &clone };
            let at = which.reserve(&[&POLYV, &TASKS], RateLimit::Documented, Instant::now());
            tokio::time::sleep_until(at).await;
            sent.push(Instant::now());
        }
        never_more_than(&sent, 3, Duration::from_secs(60));
        assert_eq!(sent[6] - sent[0], Duration::from_secs(120));
    }

    #[test]
    fn the_setting_picks_the_limits() {
        let now = Instant::now();
        let l = Limiters::default();
        // Off, or a limit the vendor does not punish under the default: never held back.
        for _ in 0..10 {
            assert_eq!(l.reserve(&[&TASKS], RateLimit::default(), now), now);
            assert_eq!(l.reserve(&[&POLYV, &TASKS], RateLimit::Off, now), now);
        }
        assert!(RateLimit::default().applies(&POLYV));
        assert!(!RateLimit::default().applies(&TASKS));
        let custom = RateLimit::Custom {
            requests: 2,
            per: Duration::from_secs(1),
        };
        let l = Limiters::default();
        let slots: Vec<Instant> = (0..5).map(|_| l.reserve(&[], custom, now)).collect();
        let secs: Vec<u64> = slots.iter().map(|s| (*s - now).as_secs()).collect();
        assert_eq!(secs, [0, 0, 1, 1, 2]);
    }
}
