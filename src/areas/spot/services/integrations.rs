//! Data integrations (where Spot delivers cost data: an S3 bucket): list, create, one opened as
//! Spot answers it, enable or disable, delete with the name typed.

use std::sync::Arc;

use leptos::prelude::*;
use serde_json::json;

use crate::api::field::FieldError;
use crate::ui::{ActionButton, Column, ConfirmDialog, DataTable, Field, StatusBadge};

use super::super::op_call::unsent;
use super::super::op_call::{use_op, use_op_write, ExplorerLink, OpCall};
use super::{error_for, id_of, text};

fn op(name: &str) -> OpCall {
    OpCall::new(format!("insights-service/{name}"))
}

/// What an integration's page shows of Spot's answer.
const FIELDS: [(&str, &str); 8] = [
    ("Id", "/id"),
    ("Name", "/name"),
    ("Vendor", "/vendor"),
    ("Bucket", "/config/bucketName"),
    ("Status", "/status"),
    ("Health", "/health"),
    ("Last health check", "/lastHealthCheck"),
    ("Message", "/message"),
];

#[derive(Clone, Debug, PartialEq)]
struct Integration {
    id: Option<String>,
    name: String,
    bucket: String,
    status: String,
    health: String,
}

#[component]
pub fn Integrations() -> impl IntoView {
    let version = RwSignal::new(0u32);
    let list = use_op(move || {
        version.track();
        Some(op("list-data-integration"))
    });
    let chosen = RwSignal::new(None::<Integration>);
    let opened = RwSignal::new(None::<String>);
    let open = RwSignal::new(false);
    let problems = RwSignal::new(Vec::<FieldError>::new());
    let w = use_op_write(move |r| {
        if r.is_ok() {
            version.update(|v| *v += 1)
        }
    });
    let did = move || chosen.get().and_then(|i| i.id).unwrap_or_default();
    let toggle_call = move || {
        let on = chosen.get().is_some_and(|i| i.status == "enabled");
        op("update-data-integration").path("dataIntegrationId", did())
            .body(json!({"dataIntegration": {"vendor": "s3", "status": if on { "disabled" } else { "enabled" }}}))
    };
    let delete_call = move || op("delete-data-integration").path("dataIntegrationId", did());
    let act = move |i: &Integration, delete: bool| {
        chosen.set(Some(i.clone()));
        w.clear();
        if delete {
            open.set(true);
        } else {
            problems.set(w.send(&untrack(toggle_call)).err().unwrap_or_default());
        }
    };
    let columns = StoredValue::new(vec![
        Column::view(
            "Name",
            |i: &Integration| view! { <bdi>{i.name.clone()}</bdi> },
        )
        .sort_by_text(|i: &Integration| i.name.clone()),
        Column::text("Bucket", |i: &Integration| i.bucket.clone()),
        Column::view(
            "Status",
            |i: &Integration| view! { <StatusBadge status=i.status.clone()/> },
        ),
        Column::view(
            "Health",
            |i: &Integration| view! { <StatusBadge status=i.health.clone()/> },
        ),
        Column::view("", move |i: &Integration| {
            let (a, b, shown) = (i.clone(), i.clone(), i.id.clone());
            let label = if i.status == "enabled" {
                "Disable"
            } else {
                "Enable"
            };
            i.id.is_some().then(|| view! {
                <button type="button" class="btn" on:click=move |_| opened.set(shown.clone())>"Open"</button>
                " " <button type="button" class="btn" on:click=move |_| act(&a, false)>{label}</button>
                " " <button type="button" class="btn danger" on:click=move |_| act(&b, true)>"Delete…"</button>
            })
        }),
    ]);
    view! {
        <section class="card" id="spot-integrations">
            <h3>"Data integrations"</h3>
            <p class="muted">"Where Spot delivers the account's cost data. " <ExplorerLink call=op("list-data-integration")/></p>
            {list.view(move |a| {
                let rows: Vec<Integration> = a.items.unwrap_or_default().iter().map(|v| Integration {
                    id: id_of(v), name: text(v, "name"), bucket: text(&v["config"], "bucketName"),
                    status: text(v, "status"), health: text(v, "health"),
                }).collect();
                view! { <DataTable id="spot-integrations-table" in_url=true rows=Signal::derive(move || rows.clone()) columns=columns.get_value()
                    search=Arc::new(|i: &Integration| format!("{} {}", i.name, i.bucket))
                    row_key=Arc::new(|i: &Integration| i.id.clone().unwrap_or_default()) empty="No data integrations in this account."/> }
            })}
            <ConfirmDialog open=open title="Delete this data integration?" confirm_label="Delete" danger=true
                typed=Signal::derive(move || chosen.get().map(|i| i.name).unwrap_or_default())
                on_confirm=Callback::new(move |_| problems.set(w.send(&untrack(delete_call)).err().unwrap_or_default()))>
                <p>"Spot stops delivering cost data to the bucket (what is there stays). Type the name to delete it."</p>
            </ConfirmDialog>
            {unsent(problems)}
            {w.view(|_| view! { <p class="notice ok" id="spot-integration-done">"Spot accepted it."</p> })}
            <super::detail::Detail id="spot-integration-detail" title="Data integration" fields=&FIELDS
                call=Signal::derive(move || { version.track(); opened.get().map(|id| op("get-data-integration").path("dataIntegrationId", id)) })/>
            <Create version=version/>
        </section>
    }
}

#[component]
fn Create(version: RwSignal<u32>) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let bucket = RwSignal::new(String::new());
    let subdir = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let w = use_op_write(move |r| {
        if r.is_ok() {
            version.update(|v| *v += 1)
        }
    });
    let call = move || {
        op("create-data-integration").body(
            json!({"dataIntegration": {"vendor": "s3", "name": name.get().trim(),
        "config": {"bucketName": bucket.get().trim(), "subdir": subdir.get().trim()}}}),
        )
    };
    let send = move || {
        let mut p = Vec::new();
        if name.get_untracked().trim().is_empty() {
            p.push(FieldError::new(
                "body:dataIntegration.name",
                "Give it a name.",
            ));
        }
        let b = bucket.get_untracked();
        let valid = (3..=63).contains(&b.trim().len())
            && b.trim()
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.');
        if !valid {
            p.push(FieldError::new(
                "body:dataIntegration.config.bucketName",
                "An S3 bucket name: 3 to 63 lower-case letters, digits, dots or hyphens.",
            ));
        }
        if p.is_empty() {
            p = w.send(&untrack(call)).err().unwrap_or_default();
        }
        errors.set(p);
    };
    view! {
        <h4>"Add an S3 integration"</h4>
        <div class="form-row">
            <Field label="Name" value=name id="spot-integration-name" error=error_for(errors, "body:dataIntegration.name")/>
            <Field label="Bucket" value=bucket id="spot-integration-bucket" error=error_for(errors, "body:dataIntegration.config.bucketName")/>
            <Field label="Folder (optional)" value=subdir id="spot-integration-subdir"/>
        </div>
        <ActionButton label="Add integration" pending=w.pending() id="spot-integration-go" on_click=Callback::new(move |_| send())/>
        " " <ExplorerLink call=Signal::derive(call)/>
        {unsent(errors)}
        {w.view(|_| view! { <p class="notice ok" id="spot-integration-made">"Added."</p> })}
    }
}
