//! Tasks of Azure Scale Set Elastigroups (a tab of that provider only): the account's list,
//! a task made through the schema form, one edited as JSON with the diff before the PUT
//! (`spot/json_edit.rs`), and deleted with its name typed. Spot's document describes a task's
//! body as a group configuration (`{"group": …}`); the form and the editor follow it.

use std::sync::Arc;

use leptos::prelude::*;
use serde_json::Value;

use crate::api::json;
use crate::ui::{Column, ConfirmDialog, DataTable};

use super::super::catalog::load;
use super::super::json_edit::JsonEdit;
use super::super::ocean::create::CreateForm;
use super::super::op_call::{problems_view, send_noting, use_op, ExplorerLink, OpCall};
use super::page::Ctx;

/// A task as listed: its id when it read (a task without one is listed but never acted on).
#[derive(Clone, Debug, PartialEq)]
struct Task {
    id: Option<String>,
    name: String,
    raw: Value,
}

impl Task {
    fn read(v: &Value) -> Task {
        let inner = v.get("group").filter(|g| g.is_object()).unwrap_or(v);
        let text = |k: &str| json::text(&inner[k]).or_else(|| json::text(&v[k]));
        Task {
            id: text("id").filter(|id| !id.trim().is_empty()),
            name: text("name").unwrap_or_default(),
            raw: inner.clone(),
        }
    }
}

#[component]
pub(super) fn Tasks(ctx: Ctx) -> impl IntoView {
    if let Some(lacks) = ctx.lacks("list-tasks", "tasks") {
        return lacks;
    }
    let provider = ctx.provider;
    let op = move |name: &str| OpCall::new(provider.op(name).unwrap_or_default());
    let list = use_op(move || {
        ctx.version.track();
        Some(op("list-tasks"))
    });
    // The task being edited, and the one a delete is asked for.
    let chosen = RwSignal::new(None::<Task>);
    let doomed = RwSignal::new(None::<Task>);
    let open = RwSignal::new(false);
    let problems = RwSignal::new(Vec::new());
    let remove = ctx.write();
    let delete_call = move || {
        op("delete-task").path(
            "taskId",
            doomed.get().and_then(|t| t.id).unwrap_or_default(),
        )
    };
    let columns = vec![
        Column::view("Name", |t: &Task| view! { <bdi>{t.name.clone()}</bdi> })
            .sort_by_text(|t: &Task| t.name.clone()),
        Column::text("Id", |t: &Task| {
            t.id.clone().unwrap_or_else(|| "(unreadable id)".into())
        }),
        Column::view("", move |t: &Task| {
            let (a, b) = (t.clone(), t.clone());
            t.id.is_some().then(|| view! {
                <button type="button" class="btn" on:click=move |_| { remove.clear(); chosen.set(Some(a.clone())) }>"Edit…"</button>
                " " <button type="button" class="btn danger" on:click=move |_| { remove.clear(); doomed.set(Some(b.clone())); open.set(true) }>"Delete…"</button>
            })
        }),
    ];
    let columns = StoredValue::new(columns);
    view! {
        <section class="card" id="spot-tasks">
            <h3>"Tasks"</h3>
            <p class="muted">"The account's scheduled tasks for Azure Scale Set groups. " <ExplorerLink call=op("list-tasks")/></p>
            {list.view(move |a| {
                let rows: Vec<Task> = a.items.unwrap_or_default().iter().map(Task::read).collect();
                view! { <DataTable id="spot-tasks-table" in_url=true rows=Signal::derive(move || rows.clone()) columns=columns.get_value()
                    search=Arc::new(|t: &Task| format!("{} {}", t.name, t.id.clone().unwrap_or_default()))
                    row_key=Arc::new(|t: &Task| t.id.clone().unwrap_or_default()) empty="No tasks in this account."/> }
            })}
            <ConfirmDialog open=open title="Delete this task?" confirm_label="Delete" danger=true
                typed=Signal::derive(move || doomed.get().map(|t| t.name).unwrap_or_default())
                on_confirm=Callback::new(move |_| {
                    send_noting(remove, &untrack(delete_call), problems);
                    if chosen.get_untracked().map(|t| t.id) == doomed.get_untracked().map(|t| t.id) { chosen.set(None) }
                })>
                <p>"Spot stops running the task. Type its name to delete it."</p>
            </ConfirmDialog>
            {problems_view(problems)}
            {remove.view(|_| view! { <p class="notice ok" id="spot-task-deleted">"Deleted."</p> })}
        </section>
        {move || chosen.get().and_then(|t| t.id.clone().map(|id| view! {
            <JsonEdit current=Signal::stored(Some(t.raw.clone())) wrapper="group" what="task" id="spot-task-edit"
                update=Callback::new(move |body| op("update-task-task").path("taskId", id.clone()).body(body))
                note="Spot replaces the task's settings with the ones shown on the right."
                then=Callback::new(move |_| ctx.changed())/>
        }))}
        <details class="card" id="spot-task-new">
            <summary>"New task"</summary>
            <CreateForm cat=LocalResource::new(load) ways=vec![("Create a task", "elastigroup-azure-scale-set-vms/create-task", false)]
                id="spot-task-create" send_label="Create task"
                preset=Signal::stored(Vec::new()) body_preset=Signal::stored(Value::Null)
                then=Callback::new(move |_| ctx.changed())/>
        </details>
    }
    .into_any()
}
