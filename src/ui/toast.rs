use leptos::prelude::*;

use super::Tone;

#[derive(Clone, Debug, PartialEq)]
struct Toast {
    id: u64,
    tone: Tone,
    text: String,
}

/// Short-lived messages at the corner of the screen ("Backup requested").
#[derive(Clone, Copy)]
pub struct Toasts {
    items: RwSignal<Vec<Toast>>,
    next: StoredValue<u64>,
}

impl Toasts {
    pub fn success(&self, text: impl Into<String>) {
        self.push(Tone::Good, text.into());
    }

    pub fn error(&self, text: impl Into<String>) {
        self.push(Tone::Bad, text.into());
    }

    pub fn info(&self, text: impl Into<String>) {
        self.push(Tone::Busy, text.into());
    }

    fn push(&self, tone: Tone, text: String) {
        let id = self.next.get_value();
        self.next.set_value(id + 1);
        self.items.update(|t| {
            t.push(Toast { id, tone, text });
            // Never a wall of toasts: the newest few are enough.
            let excess = t.len().saturating_sub(4);
            t.drain(..excess);
        });
        let items = self.items;
        set_timeout(
            move || {
                items.try_update(|t| t.retain(|x| x.id != id));
            },
            std::time::Duration::from_secs(6),
        );
    }
}

pub fn provide_toasts() {
    provide_context(Toasts {
        items: RwSignal::new(Vec::new()),
        next: StoredValue::new(0),
    });
}

pub fn use_toasts() -> Toasts {
    expect_context::<Toasts>()
}

/// A toast's classes (`toast good`, …). A plain match: the Toaster is in the first load.
fn toast_class(tone: Tone) -> &'static str {
    match tone {
        Tone::Good => "toast good",
        Tone::Busy => "toast busy",
        Tone::Bad => "toast bad",
        Tone::Warn => "toast warn",
        Tone::Muted => "toast muted",
    }
}

#[component]
pub fn Toaster() -> impl IntoView {
    let toasts = use_toasts();
    view! {
        <div class="toaster" role="status" aria-live="polite">
            <For each=move || toasts.items.get() key=|t| t.id let:toast>
                <div class=toast_class(toast.tone)>
                    <span>{toast.text.clone()}</span>
                    <button
                        type="button"
                        class="btn small"
                        aria-label="Dismiss"
                        on:click=move |_| toasts.items.update(|t| t.retain(|x| x.id != toast.id))
                    >
                        "×"
                    </button>
                </div>
            </For>
        </div>
    }
}
