use leptos::prelude::*;

/// Copies text to the clipboard and says so.
#[component]
pub fn CopyButton(
    #[prop(into)] text: Signal<String>,
    #[prop(optional, into)] label: Option<String>,
) -> impl IntoView {
    let copied = RwSignal::new(false);
    let label = label.unwrap_or_else(|| "Copy".into());
    let copy = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.navigator().clipboard().write_text(&text.get_untracked());
            copied.set(true);
            set_timeout(
                move || {
                    let _ = copied.try_set(false);
                },
                std::time::Duration::from_secs(2),
            );
        }
    };
    view! {
        <button type="button" class="btn small" on:click=copy>
            {move || if copied.get() { "Copied".to_string() } else { label.clone() }}
        </button>
    }
}
