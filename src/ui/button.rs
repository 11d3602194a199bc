use leptos::prelude::*;

/// A button for a request that changes something: disabled and ignoring clicks while its
/// request is under way, so a double click sends one request.
#[component]
pub fn ActionButton(
    #[prop(into)] label: Signal<String>,
    #[prop(into)] pending: Signal<bool>,
    #[prop(into)] on_click: Callback<()>,
    #[prop(optional, into)] disabled: Signal<bool>,
    #[prop(optional)] danger: bool,
    #[prop(optional, into)] id: String,
) -> impl IntoView {
    let class = if danger { "btn danger" } else { "btn primary" };
    view! {
        <button
            type="button"
            id=id
            class=class
            disabled=move || pending.get() || disabled.get()
            aria-busy=move || pending.get().to_string()
            on:click=move |_| {
                if !pending.get_untracked() && !disabled.get_untracked() {
                    on_click.run(());
                }
            }
        >
            {move || if pending.get() { format!("{}…", label.get()) } else { label.get() }}
        </button>
    }
}
