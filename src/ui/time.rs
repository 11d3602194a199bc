use leptos::prelude::*;

use crate::time::{absolute, now_ms, plausible, relative};

/// The current time, ticking every 20 s, shared by every relative time on screen.
#[derive(Clone, Copy)]
struct Clock(RwSignal<i64>);

pub fn provide_clock() {
    let now = RwSignal::new(now_ms());
    let _ = set_interval_with_handle(
        move || now.set(now_ms()),
        std::time::Duration::from_secs(20),
    );
    provide_context(Clock(now));
}

/// A time shown relative ("5 min ago") with the absolute UTC time beside it; "unknown" when the
/// time is not a plausible one (epoch 0, a few seconds after it, centuries ahead).
#[component]
pub fn TimeAgo(#[prop(into)] ms: Signal<Option<i64>>) -> impl IntoView {
    let clock = use_context::<Clock>();
    let now = move || clock.map(|c| c.0.get()).unwrap_or_else(now_ms);
    move || match ms.get() {
        Some(t) if plausible(t).is_none() => {
            view! { <span class="muted time-unknown" title=t.to_string()>"unknown"</span> }
                .into_any()
        }
        Some(t) => view! {
            <span class="time">
                <span class="rel">{relative(now(), t)}</span>
                " "
                <span class="abs">{absolute(t)}</span>
            </span>
        }
        .into_any(),
        None => view! { <span class="muted">"—"</span> }.into_any(),
    }
}
