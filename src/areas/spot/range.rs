//! The date-range toolbar of Spot's cost and log screens.

use leptos::prelude::*;

/// Today and `days` before it, as `yyyy-mm-dd`.
pub fn last_days(days: i64) -> (String, String) {
    let now = crate::time::now_ms();
    let day = |ms: i64| {
        crate::time::absolute(ms)
            .get(..10)
            .unwrap_or_default()
            .to_string()
    };
    (day(now - days * 86_400_000), day(now))
}

/// A date range chooser: two date inputs.
#[component]
pub fn DateRange(from: RwSignal<String>, to: RwSignal<String>, id: &'static str) -> impl IntoView {
    view! {
        <div class="toolbar" id=id>
            <label class="field">"From"
                <input type="date" class="range-from" prop:value=move || from.get()
                    on:change=move |ev| from.set(event_target_value(&ev))/>
            </label>
            <label class="field">"To"
                <input type="date" class="range-to" prop:value=move || to.get()
                    on:change=move |ev| to.set(event_target_value(&ev))/>
            </label>
        </div>
    }
}
