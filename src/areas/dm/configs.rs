//! Materialized configs (ops 17, 18, 51) and Kubernetes inconsistencies (op 35).

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use super::code;
use crate::api::dm::{self, DiffRow, Inconsistencies, InconsistentObject, MaterializedConfig};
use crate::api::seg;
use crate::ui::{use_call, Column, DataTable, DiffView, Field, StatusBadge, TimeAgo};

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
    let columns = vec![
        Column::view("Object", |c: &MaterializedConfig| {
            let (href, name) = (
                format!("{HERE}?object={}", seg(&c.object_name)),
                c.object_name.clone(),
            );
            view! { <A href=href><bdi>{name}</bdi></A> }
        })
        .sort_by_text(|c| c.object_name.clone()),
        Column::text("Release", |c: &MaterializedConfig| {
            c.release_version.clone()
        }),
        Column::text("Patch", |c: &MaterializedConfig| {
            c.patch_version
                .filter(|v| *v > 0)
                .map(|v| v.to_string())
                .unwrap_or_else(|| "none".into())
        }),
        Column::view("State", |c: &MaterializedConfig| {
            view! { <StatusBadge status=c.state.clone().unwrap_or_default()/> }
        })
        .sort_by_text(|c| c.state.clone().unwrap_or_default()),
        Column::view(
            "Materialized",
            |c: &MaterializedConfig| view! { <TimeAgo ms=c.timestamp_ms/> },
        )
        .sort_by_num(|c| c.timestamp_ms.unwrap_or_default() as f64),
    ];
    view! {
        <DataTable id="dm-configs-table" in_url=true rows=list columns=columns empty="No materialized config yet."
            search=Arc::new(|c: &MaterializedConfig| format!("{} {}", c.object_name, c.release_version))/>
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
        {(!d.inconsistent.is_empty()).then(|| drift_table(d.inconsistent))}
        {(!d.skipped.is_empty()).then(|| view! {
            <details><summary>"Skipped objects"</summary>
                <ul>{d.skipped.into_iter().map(|s| view! { <li><strong>{s.name}</strong> ": " {s.reason}</li> }).collect_view()}</ul>
            </details>
        })}
    }
}

/// One field of one object that differs: the object's name and the field.
type DriftRow = (String, DiffRow);

fn drift_table(objects: Vec<InconsistentObject>) -> impl IntoView {
    let rows: Vec<DriftRow> = objects
        .into_iter()
        .flat_map(|o| {
            let name = o.name;
            o.rows.into_iter().map(move |r| (name.clone(), r))
        })
        .collect();
    let columns = vec![
        Column::view(
            "Object",
            |(name, _): &DriftRow| view! { <bdi>{name.clone()}</bdi> },
        )
        .sort_by_text(|(name, _)| name.clone()),
        Column::view(
            "Field",
            |(_, r): &DriftRow| view! { <code>{r.key.clone()}</code> },
        )
        .sort_by_text(|(_, r)| r.key.clone()),
        Column::text("Expected (database)", |(_, r): &DriftRow| {
            r.expected.clone()
        }),
        Column::text("Running (Kubernetes)", |(_, r): &DriftRow| r.got.clone()),
    ];
    view! {
        <DataTable id="dm-drift-table" in_url=true rows=rows columns=columns
            search=Arc::new(|(name, r): &DriftRow| format!("{name} {}", r.key))/>
    }
}
