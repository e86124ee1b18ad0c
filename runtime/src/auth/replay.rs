//! A scheme that refuses replays (WS3): the same signed bytes are never sent twice by one client,
//! so a second identical request in the same second waits for the next one and is signed again.

use std::collections::VecDeque;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime};

use super::Signer;
use crate::request::RequestParts;
use crate::wire::{self, BaseUrlError};

/// How long a request signed under a scheme that refuses replays is remembered: longer than
/// the one-second resolution of its timestamp.
const REPLAY_MEMORY: Duration = Duration::from_secs(2);

/// The record of recently sent requests, shared by a client's clones.
#[derive(Clone, Default)]
pub(crate) struct ReplayGuard {
    sent: Arc<Mutex<VecDeque<(u64, Instant)>>>,
}

impl ReplayGuard {
    /// Whether `wire` was sent in the last [`REPLAY_MEMORY`]; if not, it is now remembered.
    fn first_time(&self, wire: &wire::WireRequest) -> bool {
        let mut h = DefaultHasher::new();
        (wire.method, &wire.url, &wire.headers, &wire.body).hash(&mut h);
        let key = h.finish();
        let now = Instant::now();
        let mut sent = self.sent.lock().unwrap_or_else(PoisonError::into_inner);
        while sent
            .front()
            .is_some_and(|(_, at)| now.duration_since(*at) > REPLAY_MEMORY)
        {
            sent.pop_front();
        }
        if sent.iter().any(|(k, _)| *k == key) {
            return false;
        }
        sent.push_back((key, now));
        true
    }

    /// The request, assembled and signed now; under a scheme that refuses replays, a request
    /// whose signed bytes this client already sent waits for the next second and is signed
    /// again.
    pub(crate) async fn assemble(
        &self,
        parts: &RequestParts,
        base_url: &str,
        signer: &Signer,
        user_agent: &str,
    ) -> Result<wire::WireRequest, BaseUrlError> {
        loop {
            let now = SystemTime::now();
            let wire = wire::assemble(parts, base_url, signer, user_agent, now)?;
            if !signer.steps().refuses_replays() || self.first_time(&wire) {
                return Ok(wire);
            }
            let into_second = now
                .duration_since(SystemTime::UNIX_EPOCH)
                .unwrap_or_default()
                .subsec_nanos();
            let to_next = Duration::from_nanos(u64::from(1_000_000_000 - into_second));
            tracing::debug!(
                ?to_next,
                "same signed request this second; waiting for the next"
            );
            tokio::time::sleep(to_next + Duration::from_millis(1)).await;
        }
    }
}
