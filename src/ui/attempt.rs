//! Field errors shown only after the first attempt to send, so a fresh form is not red.

use leptos::prelude::*;

/// Whether the operator has tried to send this form yet (Copy).
#[derive(Clone, Copy)]
pub struct Attempt(RwSignal<bool>);

impl Attempt {
    pub fn new() -> Attempt {
        Attempt(RwSignal::new(false))
    }

    /// The operator pressed send: from now on messages show.
    pub fn mark(&self) {
        self.0.set(true);
    }

    pub fn made(&self) -> bool {
        self.0.get()
    }

    /// A field's message, shown once an attempt was made. Tracked.
    pub fn error(
        &self,
        msg: impl Fn() -> Option<String> + Send + Sync + 'static,
    ) -> Signal<Option<String>> {
        let made = self.0;
        Signal::derive(move || if made.get() { msg() } else { None })
    }
}

impl Default for Attempt {
    fn default() -> Self {
        Attempt::new()
    }
}
