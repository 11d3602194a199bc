//! The request log page (`/requests`, in the `tools_area` chunk): every request this tab sent,
//! newest first, filtered by API and outcome (both in the address), each with its curl command
//! (credential as `$OPSDECK_TOKEN`) and its answer's body on demand.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::NavigateOptions;

use crate::api::ApiKind;
use crate::reqlog::{self, Entry, BODY_CAP};
use crate::ui::{format_bytes, CopyButton, SelectField};

/// The outcomes the log filters by: value in the address, label.
const OUTCOMES: &[(&str, &str)] = &[
    ("", "Any"),
    ("failed", "Failed"),
    ("2xx", "2xx"),
    ("4xx", "4xx"),
    ("5xx", "5xx"),
];

fn keeps(e: &Entry, api: &str, outcome: &str) -> bool {
    let api_ok = api.is_empty() || e.api.id() == api;
    let class = |lo: u16| e.status.is_some_and(|s| (lo..lo + 100).contains(&s));
    let outcome_ok = match outcome {
        "failed" => e.failed(),
        "2xx" => class(200),
        "4xx" => class(400),
        "5xx" => class(500),
        _ => true,
    };
    api_ok && outcome_ok
}

/// When, as the time of day it was sent.
fn clock(ms: f64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms));
    format!(
        "{:02}:{:02}:{:02}",
        d.get_hours(),
        d.get_minutes(),
        d.get_seconds()
    )
}

#[component]
pub fn RequestLog() -> impl IntoView {
    let query = use_query_map();
    let navigate = use_navigate();
    let param = move |k: &str| query.with(|q| q.get(k).unwrap_or_default());
    let api = RwSignal::new(param("api"));
    let outcome = RwSignal::new(param("status"));
    // The filters go into the address, so a link or a reload shows the same list.
    Effect::new(move |_| {
        let (a, o) = (api.get(), outcome.get());
        let mut q = Vec::new();
        if !a.is_empty() {
            q.push(format!("api={a}"));
        }
        if !o.is_empty() {
            q.push(format!("status={o}"));
        }
        let to = if q.is_empty() {
            "/requests".to_string()
        } else {
            format!("/requests?{}", q.join("&"))
        };
        let now = untrack(|| (param("api"), param("status")));
        if now != (a, o) {
            navigate(
                &to,
                NavigateOptions {
                    replace: true,
                    scroll: false,
                    ..Default::default()
                },
            );
        }
    });
    let log = reqlog::entries();
    let all = log.clone();
    let shown = Memo::new(move |_| {
        let (a, o) = (api.get(), outcome.get());
        log.with(|l| {
            l.iter()
                .rev()
                .filter(|e| keeps(e, &a, &o))
                .cloned()
                .collect::<Vec<Arc<Entry>>>()
        })
    });
    let last_failed = Signal::derive(move || {
        all.with(|l| {
            l.iter()
                .rev()
                .find(|e| e.failed())
                .map(|e| e.shown().curl)
                .unwrap_or_default()
        })
    });
    let apis: Vec<(String, String)> = std::iter::once((String::new(), "Any".to_string()))
        .chain(
            ApiKind::ALL
                .into_iter()
                .map(|a| (a.id().to_string(), a.label().to_string())),
        )
        .collect();
    let outcomes: Vec<(String, String)> = OUTCOMES
        .iter()
        .map(|(v, l)| (v.to_string(), l.to_string()))
        .collect();
    view! {
        <h1>"Request log"</h1>
        <p class="lead">"Every request this tab sent, newest first. Kept in this tab's memory only; Forget all clears it. "
            "Credentials never appear: copied commands use " <code>"$OPSDECK_TOKEN"</code> "."</p>
        <div class="card toolbar" id="requests-filters">
            <SelectField label="API" value=api options=Signal::derive(move || apis.clone()) id="rl-api"/>
            <SelectField label="Outcome" value=outcome options=Signal::derive(move || outcomes.clone()) id="rl-status"/>
            <Show when=move || !last_failed.with(String::is_empty)>
                <CopyButton text=last_failed label="Copy the last failed request"/>
            </Show>
        </div>
        <p class="count" id="requests-count">{move || format!("{} request(s)", shown.with(Vec::len))}</p>
        <ul class="reqlog" id="requests">
            <For each=move || shown.get() key=|e| e.seq let:e>
                <RequestRow entry=e/>
            </For>
        </ul>
    }
}

#[component]
fn RequestRow(entry: Arc<Entry>) -> impl IntoView {
    let body_open = RwSignal::new(false);
    let status = match (entry.status, entry.failed()) {
        (Some(s), _) => s.to_string(),
        (None, true) => "no answer".to_string(),
        (None, false) => "cancelled".to_string(),
    };
    let curl = entry.shown().curl;
    let body = entry.body.clone();
    let cut = entry.cut;
    view! {
        <li class="reqlog-entry" class:failed=entry.failed() data-seq=entry.seq.to_string()>
            <details>
                <summary>
                    <span class="rl-time">{clock(entry.at_ms)}</span>
                    <span class="rl-method">{entry.method()}</span>
                    <span class="rl-api">{entry.api.id()}</span>
                    <bdi class="rl-path">{entry.path.clone()}</bdi>
                    <span class="rl-status">{status}</span>
                    <span class="rl-duration">{format!("{:.0} ms", entry.duration_ms)}</span>
                    <span class="rl-size">{format_bytes(entry.size as f64)}</span>
                </summary>
                {entry.problem.clone().map(|p| view! { <p class="notice error">{p}</p> })}
                <pre class="code curl">{curl.clone()}</pre>
                <CopyButton text=Signal::derive(move || curl.clone()) label="Copy as curl"/>
                <button type="button" class="btn small rl-body-toggle" on:click=move |_| body_open.update(|o| *o = !*o)>
                    {move || if body_open.get() { "Hide the response" } else { "Show the response" }}
                </button>
                <Show when=move || body_open.get()>
                    <pre class="code rl-body">{body.to_string()}</pre>
                    {cut.then(|| view! { <p class="muted">{format!("Cut at {} KiB.", BODY_CAP / 1024)}</p> })}
                </Show>
            </details>
        </li>
    }
}
