//! Capped exponential backoff with jitter, shared by retries and waiters.

use std::time::Duration;

/// The delay before step `n` (1-based): `initial * 2^(n-1)`, capped at `max`, with "equal
/// jitter" — a uniformly random point in the upper half — so many clients do not move in step.
pub fn delay(initial: Duration, max: Duration, n: u32) -> Duration {
    let factor = 1u32.checked_shl(n.saturating_sub(1)).unwrap_or(u32::MAX);
    let capped = initial.saturating_mul(factor).min(max);
    let half = capped / 2;
    half + half.mul_f64(fastrand::f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubles_up_to_the_cap_with_jitter_in_the_upper_half() {
        let (i, m) = (Duration::from_millis(100), Duration::from_millis(1000));
        for _ in 0..200 {
            let d1 = delay(i, m, 1);
            assert!(
                d1 >= Duration::from_millis(50) && d1 <= Duration::from_millis(100),
                "{d1:?}"
            );
            let d3 = delay(i, m, 3);
            assert!(
                d3 >= Duration::from_millis(200) && d3 <= Duration::from_millis(400),
                "{d3:?}"
            );
            let d40 = delay(i, m, 40);
            assert!(d40 >= Duration::from_millis(500) && d40 <= m, "{d40:?}");
        }
    }
}
