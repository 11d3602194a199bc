//! Settings (ops 49–50): string booleans as switches, secrets masked, and the whole answer sent
//! back with only the edited values changed (Q64).

use leptos::prelude::*;

use crate::ui::use_call;

use super::{outcome, run, Change};
use crate::api::dm::{self, Settings};

#[component]
pub fn SettingsPage() -> impl IntoView {
    let loaded = use_call(|| Some(dm::settings()));
    view! {
        <h2>"Platform settings"</h2>
        <div id="dm-settings">{loaded.view(|s| view! { <Editor original=s/> })}</div>
    }
}

fn shown_value(key: &str, value: &str) -> String {
    if Settings::is_secret(key) {
        if value.is_empty() {
            "(empty)".into()
        } else {
            "(secret)".into()
        }
    } else if value.is_empty() {
        "(empty)".into()
    } else {
        value.to_string()
    }
}

#[component]
fn Editor(original: Settings) -> impl IntoView {
    let start = original.clone();
    // What the server holds: the received settings, then each saved edit.
    let original = RwSignal::new(original);
    let edited = RwSignal::new(start.clone());
    let changed = move || edited.with(|e| original.with(|o| e.changed_keys(o)));
    let rows = start.entries.into_iter().map(|(key, value)| {
        let id = format!("dm-set-{key}");
        let k = key.clone();
        let get = move || edited.with(|e| e.get(&k).unwrap_or_default().to_string());
        let k = key.clone();
        let set = move |v: String| edited.update(|e| e.set(&k, v));
        let input = if Settings::is_switch(&value) {
            view! {
                <label class="check" for=id.clone()>
                    <input type="checkbox" id=id.clone() prop:checked=move || get() == "true"
                        on:change=move |ev| set(event_target_checked(&ev).to_string())/>
                    <span>{key.clone()}</span>
                </label>
            }
            .into_any()
        } else if Settings::is_secret(&key) {
            let placeholder = if value.is_empty() { "not set" } else { "set — type to replace" };
            view! {
                <label class="field" for=id.clone()>
                    <span class="field-label">{key.clone()}</span>
                    <input type="password" id=id.clone() autocomplete="off" placeholder=placeholder
                        on:input=move |ev| set(event_target_value(&ev))/>
                </label>
            }
            .into_any()
        } else {
            view! {
                <label class="field" for=id.clone()>
                    <span class="field-label">{key.clone()}</span>
                    <input type="text" id=id.clone() prop:value=get on:input=move |ev| set(event_target_value(&ev))/>
                </label>
            }
            .into_any()
        };
        view! { <div class="dm-setting">{input}</div> }
    }).collect_view();
    view! {
        <div class="dm-form">{rows}</div>
        <p class="muted" id="dm-settings-changed">{move || match changed().len() {
            0 => "No change yet.".to_string(),
            n => format!("{n} setting(s) changed."),
        }}</p>
        <Change id="dm-settings-save" label="Save settings" title="Overwrite the platform settings?" danger=true
            typed=Signal::derive(|| "settings".to_string())
            disabled=Signal::derive(move || changed().is_empty())
            on_done=Callback::new(move |ok: bool| if ok { original.set(edited.get_untracked()) })
            run=run(move || dm::update_settings(&edited.get_untracked()), outcome)>
            <p>"Overwrites the platform settings and re-applies the configs that read them:"</p>
            <ul>{move || changed().into_iter().map(|k| {
                let before = original.with(|o| shown_value(&k, o.get(&k).unwrap_or_default()));
                let after = edited.with(|e| shown_value(&k, e.get(&k).unwrap_or_default()));
                view! { <li><code>{k}</code> ": " <bdi>{before}</bdi> " → " <bdi>{after}</bdi></li> }
            }).collect_view()}</ul>
        </Change>
    }
}
