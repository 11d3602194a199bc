use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use leptos::prelude::on_cleanup;

/// Waits in the browser without blocking it.
pub async fn sleep_ms(ms: u32) {
    gloo_timers::future::TimeoutFuture::new(ms).await;
}

/// Poll delay for the n-th check: 1 s, 1.5 s, 2.25 s … capped at 10 s.
pub fn backoff_ms(attempt: u32) -> u32 {
    let ms = 1_000.0 * 1.5_f64.powi(attempt.min(20) as i32);
    ms.min(10_000.0) as u32
}

/// Tells a polling loop whether the component that started it is still on screen, so it
/// stops instead of touching signals that are gone.
#[derive(Clone)]
pub struct OwnerAlive(Arc<AtomicBool>);

impl OwnerAlive {
    /// Must be created inside the component whose lifetime it tracks.
    pub fn new() -> OwnerAlive {
        let flag = Arc::new(AtomicBool::new(true));
        let held = flag.clone();
        on_cleanup(move || held.store(false, Ordering::Relaxed));
        OwnerAlive(flag)
    }

    pub fn get(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

impl Default for OwnerAlive {
    fn default() -> Self {
        OwnerAlive::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_then_caps() {
        assert_eq!(backoff_ms(0), 1_000);
        assert_eq!(backoff_ms(1), 1_500);
        assert_eq!(backoff_ms(30), 10_000);
    }
}
