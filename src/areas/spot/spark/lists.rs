//! Ocean Spark's clusters (deleted with the id typed) and jobs.

use std::sync::Arc;

use leptos::prelude::*;
use serde_json::Value;

use crate::api::field::FieldError;
use crate::ui::{Column, ConfirmDialog, DataTable, StatusBadge};

use super::super::op_call::unsent;
use super::super::op_call::{use_op, use_op_write, ExplorerLink, OpCall};
use super::{items, text};

/// An item with an id that read.
#[derive(Clone)]
pub struct Row {
    pub id: String,
    pub raw: Value,
}

pub fn rows(a: &crate::api::spot::envelope::Answer) -> Vec<Row> {
    items(a)
        .into_iter()
        .filter_map(|raw| {
            let id = text(&raw, "id");
            (!id.trim().is_empty()).then_some(Row { id, raw })
        })
        .collect()
}

#[component]
pub fn Clusters() -> impl IntoView {
    let list_op = OpCall::new("ocean-spark/list-clusters");
    let list = {
        let op = list_op.clone();
        use_op(move || Some(op.clone()))
    };
    let target = RwSignal::new(String::new());
    let open = RwSignal::new(false);
    let problems = RwSignal::new(Vec::<FieldError>::new());
    let delete = use_op_write(move |r| {
        if r.is_ok() {
            list.refetch();
        }
    });
    let delete_call =
        move || OpCall::new("ocean-spark/delete-cluster").path("clusterId", target.get());
    let columns = vec![
        Column::view("Cluster", |r: &Row| view! { <code>{r.id.clone()}</code> }),
        Column::view("State", |r: &Row| {
            let s = text(&r.raw, "state");
            view! { <StatusBadge status=s/> }
        }),
        Column::text("Region", |r: &Row| text(&r.raw, "region")),
        Column::text("Kubernetes", |r: &Row| text(&r.raw, "k8sVersion")),
        Column::text("Nodes", |r: &Row| text(&r.raw, "nodeCount")),
        Column::text("Running apps", |r: &Row| text(&r.raw, "runningAppCount")),
        Column::text("Operator heartbeat", |r: &Row| {
            text(&r.raw, "operatorLastHeartbeat")
        }),
        Column::view("", move |r: &Row| {
            let id = r.id.clone();
            view! { <button type="button" class="btn small danger" on:click=move |_| { target.set(id.clone()); open.set(true) }>"Delete…"</button> }
        }),
    ];
    view! {
        <section class="card">
            <h3>"Clusters"</h3>
            {list.view(move |a| view! { <DataTable rows=rows(&a) columns=columns.clone() id="spark-clusters" in_url=true
                empty="No Spark cluster in this account." row_key=Arc::new(|r: &Row| r.id.clone())/> })}
            <p class="muted"><ExplorerLink call=list_op/> " " <ExplorerLink call=Signal::derive(delete_call)/></p>
            {unsent(problems)}
            <ConfirmDialog open=open title="Delete this Spark cluster?" confirm_label="Delete" danger=true
                typed=Signal::derive(move || target.get())
                on_confirm=Callback::new(move |_| problems.set(delete.send(&untrack(delete_call)).err().unwrap_or_default()))>
                <p>"Type the cluster's id: Spark is removed from it, with its applications' history."</p>
            </ConfirmDialog>
            {delete.view(|_| view! { <p class="notice ok">"Deleted."</p> })}
        </section>
    }
}

#[component]
pub fn Jobs() -> impl IntoView {
    let list_op = OpCall::new("ocean-spark/list-jobs");
    let list = {
        let op = list_op.clone();
        use_op(move || Some(op.clone()))
    };
    let columns = vec![
        Column::view("Job", |r: &Row| view! { <code>{r.id.clone()}</code> }),
        Column::text("Cluster", |r: &Row| text(&r.raw, "clusterId")),
        Column::text("Last application", |r: &Row| {
            text(&r.raw, "lastApp.displayName")
        }),
        Column::view("Its state", |r: &Row| {
            let s = text(&r.raw, "lastApp.appState");
            view! { <StatusBadge status=s/> }
        }),
        Column::text("Updated", |r: &Row| text(&r.raw, "updatedAt")),
    ];
    view! {
        <section class="card">
            <h3>"Jobs"</h3>
            <p class="muted">"A job is the applications submitted under one job id."</p>
            {list.view(move |a| view! { <DataTable rows=rows(&a) columns=columns.clone() id="spark-jobs" in_url=true
                empty="No job yet." row_key=Arc::new(|r: &Row| r.id.clone())/> })}
            <p class="muted"><ExplorerLink call=list_op/></p>
        </section>
    }
}
