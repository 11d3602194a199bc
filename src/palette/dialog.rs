//! The command palette's dialog (in the `tools_area` chunk): one search box (a combobox) over
//! a listbox of results grouped by API. Arrows move, Enter opens, Escape closes and the focus
//! goes back where it was. What it searches is gathered when it opens (pages, actions, the
//! resources in this tab's answers) or once Spot's catalog is in memory; typing never sends a
//! request.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::index::{
    accounts, backup_actions, fixed, resources, search, switch_actions, Item, Target,
};
use super::use_palette;
use crate::api::{ApiKind, Method};
use crate::client::use_client;
use crate::reqlog;
use crate::ui::{use_activity, use_toasts, ConfirmDialog};

/// The most results shown.
const LIMIT: usize = 60;

/// The resources this tab's successful reads named, newest first, each linking to the page
/// on screen when it was read.
fn seen() -> Vec<Item> {
    let entries = reqlog::entries().get_untracked();
    let mut seen = std::collections::BTreeSet::new();
    let mut items = Vec::new();
    for e in entries.iter().rev() {
        if e.failed() || e.method() != Method::Get.as_str() {
            continue;
        }
        let Ok(body) = serde_json::from_str::<serde_json::Value>(&e.body) else {
            continue;
        };
        for (name, id) in resources(&body) {
            if seen.insert((e.api, id.clone())) {
                let detail = format!("{id} · seen on {}", e.page);
                items.push(Item::new(
                    Some(e.api),
                    "Resource",
                    name,
                    detail,
                    Target::Go(e.page.clone()),
                ));
            }
        }
    }
    items
}

/// Actions on what this tab has seen: a backup for each a9s instance added, a switch to each
/// Spot account an answer listed.
fn seen_actions() -> Vec<Item> {
    let instances: Vec<String> = crate::store::load_value(crate::areas::a9s::REGISTRY)
        .and_then(|v| serde_json::from_value(v).ok())
        .unwrap_or_default();
    let mut listed: Vec<(String, String)> = Vec::new();
    for e in reqlog::entries().get_untracked().iter().rev() {
        let listing = e.path.starts_with("/setup/account");
        if e.api != ApiKind::Spot || !listing || e.failed() || e.method() != Method::Get.as_str() {
            continue;
        }
        if let Ok(body) = serde_json::from_str::<serde_json::Value>(&e.body) {
            for (id, name) in accounts(&body) {
                if !listed.iter().any(|(i, _)| *i == id) {
                    listed.push((id, name));
                }
            }
        }
    }
    let location = window().location();
    let (path, query) = (
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default(),
    );
    let mut items = backup_actions(&instances);
    items.extend(switch_actions(&listed, &path, &query));
    items
}

/// Every operation of Spot's catalog.
fn operations(c: &crate::api::spot::catalog::Catalog) -> Vec<Item> {
    c.ops
        .iter()
        .map(|op| {
            let section = c.sections.get(op.section).map_or("", String::as_str);
            Item::new(
                Some(ApiKind::Spot),
                "Operation",
                op.title.clone(),
                format!("{section} · {} {}", op.method.as_str(), op.path),
                Target::Go(format!("/spot/ops/{}", op.slug)),
            )
        })
        .collect()
}

/// The results in the order shown: groups by API (in the order of their best result), each
/// group's results by rank.
fn grouped(items: &[Item], found: Vec<usize>) -> Vec<usize> {
    let mut groups: Vec<Option<ApiKind>> = Vec::new();
    for &i in &found {
        if !groups.contains(&items[i].api) {
            groups.push(items[i].api);
        }
    }
    groups
        .into_iter()
        .flat_map(|g| found.iter().copied().filter(move |&i| items[i].api == g))
        .collect()
}

#[component]
pub fn PaletteDialog() -> impl IntoView {
    let state = use_palette();
    let client = use_client();
    let toasts = use_toasts();
    let navigate = use_navigate();
    let activity = use_activity();
    // Resources before the actions on them: on a tie (an account's id) the resource comes first.
    let mut start = fixed();
    start.extend(seen());
    start.extend(seen_actions());
    let items = RwSignal::new(Arc::new(start));
    leptos::task::spawn_local(async move {
        if let Ok(c) = crate::areas::spot::catalog::load().await {
            items.try_update(|all| Arc::make_mut(all).extend(operations(&c)));
        }
    });
    let query = RwSignal::new(String::new());
    let active = RwSignal::new(0usize);
    // The shown results, as positions in `items`.
    let shown = Memo::new(move |_| {
        let all = items.get();
        grouped(&all, search(&all, &query.get(), LIMIT))
    });
    let confirm_forget = RwSignal::new(false);
    let choose = Callback::new(move |n: usize| {
        let Some(i) = shown.with_untracked(|s| s.get(n).copied()) else {
            return;
        };
        let target = items.with_untracked(|all| all[i].target.clone());
        match target {
            Target::Go(to) => {
                state.close();
                navigate(&to, Default::default());
            }
            Target::ForgetAll => confirm_forget.set(true),
            Target::ClearFinished => {
                activity.clear_finished();
                toasts.success("Finished work was cleared from the activity center.");
                state.close();
            }
        }
    });
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let count = shown.with_untracked(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" if count > 0 => {
                ev.prevent_default();
                active.update(|a| *a = (*a + 1) % count);
            }
            "ArrowUp" if count > 0 => {
                ev.prevent_default();
                active.update(|a| *a = (*a + count - 1) % count);
            }
            "Enter" => {
                ev.prevent_default();
                choose.run(active.get_untracked());
            }
            "Escape" => {
                ev.prevent_default();
                state.close();
            }
            // The focus stays in the search box while the dialog is open.
            "Tab" => ev.prevent_default(),
            _ => {}
        }
    };
    let input = NodeRef::<leptos::html::Input>::new();
    // Focused once the dialog is in the document (the next frame: the view is mounted after
    // its node exists).
    Effect::new(move |_| {
        if let Some(el) = input.get() {
            request_animation_frame(move || {
                let _ = el.focus();
            });
        }
    });
    let option_id = |n: usize| format!("palette-opt-{n}");
    let list = move || {
        let all = items.get();
        let shown = shown.get();
        if shown.is_empty() {
            return view! { <li role="presentation" class="muted palette-empty">"Nothing matches."</li> }
                .into_any();
        }
        let mut last_group = None;
        shown
            .into_iter()
            .enumerate()
            .map(|(n, i)| {
                let item = &all[i];
                let heading = (last_group != Some(item.api)).then(|| {
                    let label = item.api.map_or("Console", ApiKind::label);
                    view! { <li role="presentation" class="palette-group">{label}</li> }
                });
                last_group = Some(item.api);
                view! {
                    {heading}
                    <li role="option" class="palette-option" id=option_id(n)
                        data-kind=item.kind
                        aria-selected=move || if active.get() == n { "true" } else { "false" }
                        on:mousedown=move |ev| { ev.prevent_default(); choose.run(n); }>
                        <span class="palette-kind">{item.kind}</span>
                        <span class="palette-title">{item.title.clone()}</span>
                        <span class="palette-detail">{item.detail.clone()}</span>
                    </li>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <div class="overlay palette-overlay" on:mousedown=move |ev| {
            if event_target::<web_sys::Element>(&ev).class_list().contains("palette-overlay") {
                state.close();
            }
        }>
            <div class="dialog palette" role="dialog" aria-modal="true" aria-label="Command palette" id="palette">
                <input type="text" id="palette-input" node_ref=input
                    role="combobox" aria-expanded="true" aria-controls="palette-list"
                    aria-autocomplete="list" aria-label="Search pages, operations, resources and actions"
                    placeholder="Search pages, Spot operations, resources seen, actions…"
                    autocomplete="off" spellcheck="false"
                    aria-activedescendant=move || (!shown.with(Vec::is_empty)).then(|| option_id(active.get()))
                    prop:value=move || query.get()
                    on:input=move |ev| { query.set(event_target_value(&ev)); active.set(0); }
                    on:keydown=on_key/>
                <ul role="listbox" id="palette-list" class="palette-list" aria-label="Results">{list}</ul>
                <p class="muted palette-help">"↑ ↓ to move, Enter to open, Esc to close"</p>
            </div>
            <ConfirmDialog open=confirm_forget title="Forget all credentials?" confirm_label="Forget all" danger=true
                on_confirm=Callback::new(move |_| {
                    client.forget_all();
                    toasts.success("Every credential was forgotten.");
                    state.close();
                })>
                <p>"Every saved token goes, from memory and this browser's storage, and the request log is cleared."</p>
            </ConfirmDialog>
        </div>
    }
}
