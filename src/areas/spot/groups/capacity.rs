//! A group's capacity: update minimum / target / maximum (with a warning when the target drops
//! below what runs), and scale up / down by a number of instances — each where the provider
//! has the operation. An EMR scaler's clusters (Spot's `list-scalers`) are listed below them.

use leptos::prelude::*;

use super::super::op_call::{problems_view, send_noting};
use serde_json::json;

use crate::api::json;
use crate::api::spot::envelope::Answer;
use std::sync::Arc;

use crate::ui::{ActionButton, Column, DataTable, Field};

use super::super::op_call::ExplorerLink;
use super::machines;
use super::overview::use_instances;
use super::page::Ctx;

#[component]
pub(super) fn Capacity(ctx: Ctx) -> impl IntoView {
    let min = RwSignal::new(String::new());
    let target = RwSignal::new(String::new());
    let max = RwSignal::new(String::new());
    let by = RwSignal::new("1".to_string());
    Effect::new(move |_| {
        if let Some(g) = ctx.group.get() {
            min.set(g.min.to_string());
            target.set(g.target.to_string());
            max.set(g.max.to_string());
        }
    });
    let (status, _) = use_instances(ctx);
    let running = move || status.ready().map(|a| machines(&a).len() as i64);
    let warning = move || {
        let t = target.get().trim().parse::<i64>().ok()?;
        let r = running()?;
        (t < r).then(|| format!("The target ({t}) is below the {r} instance(s) running: Spot will terminate {} of them.", r - t))
    };
    let update = ctx.write();
    let scale = ctx.write();
    let problems = RwSignal::new(Vec::new());
    let n = |s: RwSignal<String>| s.get().trim().parse::<i64>().ok();
    let capacity_call = move || {
        ctx.op("update-capacity")
            .body(json!({"capacity": {"minimum": n(min), "target": n(target), "maximum": n(max)}}))
    };
    let scale_call = move |dir: &str| {
        ctx.op(if dir == "up" {
            "scale-up"
        } else {
            "scale-down"
        })
        .query("adjustment", by.get().trim().to_string())
    };
    let (can_update, can_scale) = (ctx.has("update-capacity"), ctx.has("scale-up"));
    view! {
        {ctx.lacks("update-capacity", "updating the capacity")}
        {ctx.lacks("scale-up", "scaling by a number")}
        <Show when=move || can_update>
        <section class="card" id="spot-capacity">
            <h3>"Update capacity"</h3>
            <div class="form-row">
                <Field label="Minimum" value=min id="spot-cap-edit-min" input_type="number"/>
                <Field label="Target" value=target id="spot-cap-edit-target" input_type="number"/>
                <Field label="Maximum" value=max id="spot-cap-edit-max" input_type="number"/>
            </div>
            {move || warning().map(|w| view! { <p class="notice" id="spot-cap-warning">{w}</p> })}
            <ActionButton label="Update capacity" pending=update.pending() id="spot-cap-update"
                on_click=Callback::new(move |_| send_noting(update, &untrack(capacity_call), problems))/>
            " " <ExplorerLink call=Signal::derive(capacity_call)/>
            {problems_view(problems)}
            {update.view(|a| view! { <p class="notice ok" id="spot-cap-done">{updated_words(&a)}</p> })}
        </section>
        </Show>
        <Show when=move || can_scale>
        <section class="card" id="spot-scale">
            <h3>"Scale by a number of instances"</h3>
            <Field label="Instances" value=by id="spot-scale-by" input_type="number" min="1"/>
            <ActionButton label="Scale up" pending=scale.pending() id="spot-scale-up"
                on_click=Callback::new(move |_| send_noting(scale, &untrack(|| scale_call("up")), problems))/>
            " "
            <ActionButton label="Scale down" pending=scale.pending() id="spot-scale-down"
                on_click=Callback::new(move |_| send_noting(scale, &untrack(|| scale_call("down")), problems))/>
            " " <ExplorerLink call=Signal::derive(move || scale_call("up"))/>
            " " <ExplorerLink call=Signal::derive(move || scale_call("down"))/>
            {scale.view(|a| view! { <p class="notice ok" id="spot-scale-done">{scaled_words(&a)}</p> })}
        </section>
        </Show>
        {ctx.has("list-scalers").then(|| view! { <EmrClusters ctx=ctx/> })}
    }
}

/// The EMR clusters an EMR scaler runs (id, state, zone, created), as Spot lists them.
#[component]
fn EmrClusters(ctx: Ctx) -> impl IntoView {
    let clusters = ctx.read("list-scalers");
    view! {
        <section class="card" id="spot-emr-clusters">
            <h3>"EMR clusters"</h3>
            <p class="muted">"The clusters this scaler runs. " <ExplorerLink call=Signal::derive(move || ctx.op("list-scalers"))/></p>
            {clusters.view(|a| {
                let rows: Vec<[String; 4]> = a.items.unwrap_or_default().iter().map(|c| {
                    let t = |k: &str| json::text(&c[k]).unwrap_or_default();
                    [t("id"), t("state"), t("availabilityZone"), t("createdAt")]
                }).collect();
                let columns: Vec<_> = ["Cluster", "State", "Zone", "Created"].into_iter().enumerate()
                    .map(|(n, h)| Column::text(h, move |r: &[String; 4]| r[n].clone())).collect();
                let key = Arc::new(|r: &[String; 4]| r[0].clone());
                view! { <DataTable id="spot-emr-clusters-table" rows=Signal::derive(move || rows.clone())
                    columns=columns row_key=key empty="Spot lists no cluster for this scaler."/> }
            })}
        </section>
    }
}

fn updated_words(a: &Answer) -> String {
    let c = a
        .items
        .as_ref()
        .and_then(|i| i.first())
        .map(|i| i["capacity"].clone())
        .unwrap_or_default();
    match (
        json::int(&c["minimum"]),
        json::int(&c["target"]),
        json::int(&c["maximum"]),
    ) {
        (Some(mi), Some(t), Some(ma)) => {
            format!("Capacity is now {mi} / {t} / {ma} (minimum / target / maximum).")
        }
        _ => "Spot accepted the new capacity.".into(),
    }
}

fn scaled_words(a: &Answer) -> String {
    let item = a
        .items
        .as_ref()
        .and_then(|i| i.first())
        .cloned()
        .unwrap_or_default();
    let ids = |k: &str| {
        json::objects(item.get(k))
            .iter()
            .filter_map(|i| json::text(&i["instanceId"]))
            .collect::<Vec<_>>()
    };
    let (new, gone) = (ids("newInstances"), ids("victimInstances"));
    match (new.is_empty(), gone.is_empty()) {
        (false, _) => format!("Launching {}: {}.", new.len(), new.join(", ")),
        (true, false) => format!("Terminating {}: {}.", gone.len(), gone.join(", ")),
        _ => "Spot accepted the scaling; it did not say which instances changed.".into(),
    }
}
