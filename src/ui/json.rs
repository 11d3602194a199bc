use leptos::prelude::*;
use serde_json::Value;

/// JSON shown as text (never as HTML), pretty-printed; objects and arrays fold open.
#[component]
pub fn JsonView(#[prop(into)] value: Signal<Value>, #[prop(optional)] open: bool) -> impl IntoView {
    let text = move || serde_json::to_string_pretty(&value.get()).unwrap_or_default();
    let summary = move || match value.get() {
        Value::Object(m) => format!("{{…}} {} fields", m.len()),
        Value::Array(a) => format!("[…] {} items", a.len()),
        other => other.to_string(),
    };
    view! {
        <details class="json" open=open>
            <summary>{summary}</summary>
            <pre class="code">{text}</pre>
        </details>
    }
}
