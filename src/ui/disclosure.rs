use leptos::prelude::*;

/// A disclosure (`<details>`) whose content is built when it opens and dropped when it closes,
/// not built with the page: long content most visits never open (an operation's documented
/// fields, a large section of a form) costs nothing until it is opened. `open` is its
/// state both ways: the operator's toggle sets it, and the page may set it (a problem inside a
/// form section opens that section); closed when not given.
#[component]
pub fn Disclosure(
    #[prop(into)] class: String,
    #[prop(optional, into)] id: Option<String>,
    #[prop(optional)] open: Option<RwSignal<bool>>,
    /// What it says while closed (and open).
    #[prop(into)]
    summary: ViewFn,
    children: ChildrenFn,
) -> impl IntoView {
    let open = open.unwrap_or_else(|| RwSignal::new(false));
    view! {
        <details class=class id=id prop:open=move || open.get()
            on:toggle=move |ev| open.set(event_target::<web_sys::Element>(&ev).has_attribute("open"))>
            <summary>{summary.run()}</summary>
            {move || open.get().then(|| children())}
        </details>
    }
}
