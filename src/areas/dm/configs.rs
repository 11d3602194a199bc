//! Materialized configs (ops 17, 18, 51) and Kubernetes inconsistencies (op 35).

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::code;
use crate::api::dm::{self, Inconsistencies, MaterializedConfig};
use crate::api::seg;
use crate::ui::DiffView;
use crate::ui::{use_call, Field, StatusBadge, TimeAgo};

const HERE: &str = "/deployment-manager/configs";

#[component]
pub fn ConfigsPage() -> impl IntoView {
    let query = use_query_map();
    let object = Signal::derive(move || query.with(|q| q.get("object").unwrap_or_default()));
    let all = use_call(|| Some(dm::configs()));
    let drift = use_call(|| Some(dm::inconsistencies()));
    view! {
        <Show when=move || !object.get().is_empty()>
            <ObjectConfig object=object/>
        </Show>
        <h2>"Latest materialized configs"</h2>
        <p class="muted">"IS_GOLDEN: this config is what runs in the cluster. NOT_GOLDEN: it is not applied yet, or applying it failed."</p>
        <div id="dm-configs">{all.view(config_table)}</div>
        <h2>"Kubernetes inconsistencies"</h2>
        <p class="muted">"Fields where what runs in Kubernetes differs from the Deployment Manager's database."</p>
        <button type="button" class="btn small" id="dm-drift-refresh" on:click=move |_| drift.refetch()>"Check again"</button>
        <div id="dm-drift">{drift.view(drift_view)}</div>
    }
}

fn config_table(list: Vec<MaterializedConfig>) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="data">
                <thead><tr><th>"Object"</th><th>"Release"</th><th>"Patch"</th><th>"State"</th><th>"Materialized"</th></tr></thead>
                <tbody>{list.into_iter().map(|c| view! {
                    <tr>
                        <td><A href=format!("{HERE}?object={}", seg(&c.object_name))>{c.object_name.clone()}</A></td>
                        <td>{c.release_version.clone()}</td>
                        <td>{c.patch_version.filter(|v| *v > 0).map(|v| v.to_string()).unwrap_or_else(|| "none".into())}</td>
                        <td><StatusBadge status=c.state.clone().unwrap_or_default()/></td>
                        <td><TimeAgo ms=c.timestamp_ms/></td>
                    </tr>
                }).collect_view()}</tbody>
            </table>
        </div>
    }
}

#[component]
fn ObjectConfig(object: Signal<String>) -> impl IntoView {
    let config = use_call(move || Some(dm::config(&object.get())));
    let version = RwSignal::new(String::new());
    let diff_for = RwSignal::new(None::<i64>);
    let diff = use_call(move || {
        let v = diff_for.get()?;
        Some(dm::previous_config(&object.get_untracked(), v))
    });
    view! {
        <section class="card" id="dm-object-config">
            <h2>{move || object.get()}</h2>
            {config.view(move |c| view! {
                <p>"Release " {c.release_version.clone()}
                    {c.previous_release_version.clone().filter(|p| !p.is_empty()).map(|p| format!(" (previous {p})"))}
                    {c.patch_version.filter(|v| *v > 0).map(|v| format!(" · latest patch {v}"))}
                    " · " <StatusBadge status=c.state.clone().unwrap_or_default()/></p>
                {code(c.config)}
            })}
            <div class="dm-row">
                <Field label="Patch version" value=version id="dm-diff-version" placeholder="the latest patch"/>
                <button type="button" class="btn" id="dm-diff-show" on:click=move |_| {
                    let latest = untrack(|| config.ready()).and_then(|c| c.patch_version);
                    diff_for.set(version.get_untracked().trim().parse().ok().or(latest));
                }>
                    "Compare with the config before this patch"
                </button>
            </div>
            <div id="dm-config-diff">{diff.view(|p| view! { <DiffView before=p.prev_config after=p.new_config/> })}</div>
            <A href=HERE>"Close"</A>
        </section>
    }
}

fn drift_view(d: Inconsistencies) -> impl IntoView {
    view! {
        <p>{format!("{} inconsistent object(s), {} consistent, {} skipped.", d.count, d.consistent.len(), d.skipped.len())}</p>
        {(!d.inconsistent.is_empty()).then(|| view! {
            <div class="table-wrap">
                <table class="data" id="dm-drift-table">
                    <thead><tr><th>"Object"</th><th>"Field"</th><th>"Expected (database)"</th><th>"Running (Kubernetes)"</th></tr></thead>
                    <tbody>{d.inconsistent.into_iter().flat_map(|o| {
                        let name = o.name;
                        o.rows.into_iter().map(move |r| view! {
                            <tr><td>{name.clone()}</td><td><code>{r.key}</code></td><td>{r.expected}</td><td>{r.got}</td></tr>
                        })
                    }).collect_view()}</tbody>
                </table>
            </div>
        })}
        {(!d.skipped.is_empty()).then(|| view! {
            <details><summary>"Skipped objects"</summary>
                <ul>{d.skipped.into_iter().map(|s| view! { <li><strong>{s.name}</strong> ": " {s.reason}</li> }).collect_view()}</ul>
            </details>
        })}
    }
}
