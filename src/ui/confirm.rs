use leptos::prelude::*;

/// Asks before something destructive. With `typed`, the user must type that text (the
/// resource's name) before the confirm button works. The focus moves into the dialog when it
/// opens (the typed field, else the confirm button), so it is answered from the keyboard.
#[component]
pub fn ConfirmDialog(
    /// Whether the dialog is shown.
    open: RwSignal<bool>,
    #[prop(into)] title: String,
    #[prop(into)] confirm_label: String,
    #[prop(into)] on_confirm: Callback<()>,
    /// The text to type, for the most dangerous operations.
    #[prop(optional, into)]
    typed: Option<Signal<String>>,
    #[prop(optional)] danger: bool,
    children: ChildrenFn,
) -> impl IntoView {
    let entered = RwSignal::new(String::new());
    let matches = move || {
        typed
            .map(|t| entered.get().trim() == t.get().trim())
            .unwrap_or(true)
    };
    let close = move || {
        open.set(false);
        entered.set(String::new());
    };
    let confirm = move || {
        if matches() {
            close();
            on_confirm.run(());
        }
    };
    let title_id = format!(
        "dlg-{}",
        title
            .to_lowercase()
            .replace(|c: char| !c.is_alphanumeric(), "-")
    );
    let class = if danger { "btn danger" } else { "btn primary" };
    let input = NodeRef::<leptos::html::Input>::new();
    let button = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        let first: Option<web_sys::HtmlElement> = match (input.get(), button.get()) {
            (Some(i), _) => Some(i.into()),
            (None, Some(b)) => Some(b.into()),
            _ => None,
        };
        if let Some(el) = first {
            // The next frame: the dialog is in the document by then.
            request_animation_frame(move || {
                let _ = el.focus();
            });
        }
    });
    view! {
        <Show when=move || open.get()>
            <div class="overlay" on:keydown=move |ev| if ev.key() == "Escape" { close() }>
                <div class="dialog" role="dialog" aria-modal="true" aria-labelledby=title_id.clone()>
                    <h2 id=title_id.clone()>{title.clone()}</h2>
                    <div class="dialog-body">{children()}</div>
                    {typed.map(|t| view! {
                        <label class="field">
                            <span>"Type " <code>{move || t.get()}</code> " to confirm"</span>
                            <input
                                node_ref=input
                                class="confirm-input"
                                autocomplete="off"
                                prop:value=move || entered.get()
                                on:input=move |ev| entered.set(event_target_value(&ev))
                                on:keydown=move |ev| if ev.key() == "Enter" { confirm() }
                            />
                        </label>
                    })}
                    <div class="dialog-actions">
                        <button type="button" class="btn" on:click=move |_| close()>"Cancel"</button>
                        <button
                            node_ref=button
                            type="button"
                            class=class
                            disabled=move || !matches()
                            on:click=move |_| confirm()
                        >
                            {confirm_label.clone()}
                        </button>
                    </div>
                </div>
            </div>
        </Show>
    }
}
