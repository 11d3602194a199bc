//! The activity center's page (`/activity`, a lazy chunk): every long operation this tab
//! started, in every area, newest first; the Overview shows the running ones with the same rows.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::ui::{use_activity, Entry, StatusBadge, TimeAgo};

use super::lazy::lazy_area;

lazy_area!(activity_area {
    ActivityPageRoute => ActivityPage,
});

#[component]
fn ActivityPage() -> impl IntoView {
    let activity = use_activity();
    let any_finished = move || activity.entries().iter().any(|e| !e.running);
    view! {
        <h1>"Activity"</h1>
        <p class="lead">
            "Every long operation started in this tab, whatever the API: followed while the tab is "
            "visible (paused while it is hidden), across pages and reloads, until it ends."
        </p>
        <section class="card" id="activity" aria-live="polite">
            {move || entries(activity.entries(), "Nothing started yet: backups, restores, jobs, deployments and rolls you start appear here.")}
            <Show when=any_finished>
                <div class="toolbar">
                    <button type="button" class="btn small" id="activity-clear-finished"
                        on:click=move |_| activity.clear_finished()>
                        "Clear finished"
                    </button>
                </div>
            </Show>
        </section>
    }
}

/// The rows of the activity center (or `empty` when there are none).
pub fn entries(list: Vec<Entry>, empty: &'static str) -> AnyView {
    if list.is_empty() {
        return view! { <p class="muted">{empty}</p> }.into_any();
    }
    view! {
        <ul class="activity-list">
            {list.into_iter().map(row).collect_view()}
        </ul>
    }
    .into_any()
}

fn row(e: Entry) -> impl IntoView {
    let area = e
        .href
        .trim_start_matches('/')
        .split(['/', '?'])
        .next()
        .unwrap_or_default()
        .to_string();
    let state = if e.running {
        "running".to_string()
    } else if e.failed {
        "failed".into()
    } else {
        "done".into()
    };
    let words = (!e.running || e.state != "running").then(|| e.state.clone());
    view! {
        <li class="activity-entry" data-running=e.running.to_string()
            id=format!("activity-{}-{}", e.source.replace('.', "-"), e.id)>
            <div class="activity-head">
                <StatusBadge status=state/>
                <A href=e.href.clone()><strong>{e.what.clone()}</strong></A>
                <span class="muted">{area}</span>
                <TimeAgo ms=Some(e.started_ms)/>
            </div>
            {words.map(|w| view! { <p class="activity-state">{w}</p> })}
            {(!e.progress.is_empty()).then(|| view! { <p class="muted activity-progress">{e.progress.clone()}</p> })}
        </li>
    }
}
