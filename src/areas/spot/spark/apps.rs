//! Spark applications across the account's clusters, or in one, optionally in one state; the
//! list asks again every few seconds while one of them is still running.

use std::sync::Arc;

use leptos::prelude::*;
use serde_json::Value;

use crate::ui::{Column, DataTable, SelectField, StatusBadge};

use super::super::context::use_account;
use super::super::op_call::{use_op, ExplorerLink, OpCall};
use super::{app_href, items, running, text, use_clusters};

const STATES: [&str; 7] = [
    "NEW",
    "SUBMITTED",
    "RUNNING",
    "COMPLETED",
    "FAILED",
    "SUBMISSION_FAILED",
    "UNKNOWN",
];

/// An application as the list shows it.
#[derive(Clone)]
struct Row {
    id: String,
    raw: Value,
}

/// The operation listing what is asked: across clusters, or in one.
fn list_call(cluster: &str, state: &str) -> OpCall {
    let call = match cluster {
        "" => OpCall::new("ocean-spark/list-applications"),
        c => OpCall::new("ocean-spark/list-applications-in-cluster").path("clusterId", c),
    };
    call.query("state", state)
}

/// The applications of a list answer (`items[0].page`).
fn page(a: &crate::api::spot::envelope::Answer) -> Vec<Row> {
    items(a)
        .iter()
        .flat_map(|i| i["page"].as_array().cloned().unwrap_or_default())
        .filter_map(|raw| {
            let id = text(&raw, "id");
            (!id.trim().is_empty()).then_some(Row { id, raw })
        })
        .collect()
}

#[component]
pub fn Apps() -> impl IntoView {
    let account = use_account();
    let cluster = RwSignal::new(String::new());
    let state = RwSignal::new(String::new());
    let call = Signal::derive(move || list_call(&cluster.get(), &state.get()));
    let list = use_op(move || Some(call.get()));
    list.refresh_while(|r, _| {
        let busy = r
            .as_ref()
            .is_ok_and(|a| page(a).iter().any(|r| running(&text(&r.raw, "appState"))));
        busy.then_some(2000)
    });
    let clusters = use_clusters();
    let cluster_options = Signal::derive(move || {
        let mut o = vec![(String::new(), "All clusters".to_string())];
        o.extend(clusters.get());
        o
    });
    let state_options: Vec<(String, String)> = std::iter::once((String::new(), "Any state".into()))
        .chain(STATES.iter().map(|s| (s.to_string(), s.to_string())))
        .collect();
    let columns = vec![
        Column::view("Application", move |r: &Row| {
            let href = app_href(
                &text(&r.raw, "clusterId"),
                &r.id,
                account.get_untracked().as_deref(),
            );
            let name = Some(text(&r.raw, "displayName"))
                .filter(|n| !n.is_empty())
                .unwrap_or(r.id.clone());
            view! { <a href=href><bdi>{name}</bdi></a> }
        }),
        Column::view("State", |r: &Row| {
            let s = text(&r.raw, "appState");
            view! { <StatusBadge status=s/> }
        }),
        Column::text("Job", |r: &Row| text(&r.raw, "jobId")),
        Column::text("Cluster", |r: &Row| text(&r.raw, "clusterId")),
        Column::text("Submitted", |r: &Row| text(&r.raw, "createdAt")),
        Column::text("Ended", |r: &Row| text(&r.raw, "endedAt")),
    ];
    view! {
        <section class="card">
            <h3>"Applications"</h3>
            <div class="toolbar">
                <SelectField label="Cluster" value=cluster options=cluster_options id="spark-apps-cluster"/>
                <SelectField label="State" value=state options=state_options id="spark-apps-state"/>
            </div>
            {list.view(move |a| view! {
                <DataTable rows=page(&a) columns=columns.clone() id="spark-apps" in_url=true
                    empty="No application matches." row_key=Arc::new(|r: &Row| r.id.clone())/>
            })}
            <p class="muted"><ExplorerLink call=call/></p>
        </section>
    }
}
