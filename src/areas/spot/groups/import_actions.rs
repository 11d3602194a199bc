//! What can be done to a followed stateful import: cancel it (its status deleted, confirmed,
//! saying whether the new group goes too) or, while Spot waits for it, terminate its original
//! instance (the instance id typed to confirm). Spot's answer updates the followed job.

use leptos::prelude::*;
use serde_json::json;

use crate::api::field::FieldError;
use crate::ui::{ActionButton, ConfirmDialog, Followed, FollowedJob, SelectField};

use super::super::op_call::{problems_view, send_noting, use_op_write, ExplorerLink};
use super::import_job::{on_import, StatefulImport, AWAIT_USER};

/// Cancel (delete the status) or terminate the original instance of a followed import.
#[component]
pub(super) fn ImportActions(jobs: Followed<StatefulImport>) -> impl IntoView {
    let chosen = RwSignal::new(String::new());
    let job = move || jobs.list().into_iter().find(|j| j.id == chosen.get());
    let w = use_op_write(move |r| {
        let Some(was) = untrack(job) else { return };
        if let Some(now) = r
            .as_ref()
            .ok()
            .and_then(|a| StatefulImport::from_answer(a, &was))
        {
            jobs.update(&was.id, |j| *j = now);
        }
    });
    let problems = RwSignal::new(Vec::new());
    let (cancel, end) = (RwSignal::new(false), RwSignal::new(false));
    let options = Signal::derive(move || {
        let mut o = vec![(String::new(), "— choose an import —".to_string())];
        o.extend(jobs.list().iter().map(|j| {
            (
                j.id.clone(),
                format!("{} ({}, {})", j.id, j.instance, j.state_words()),
            )
        }));
        o
    });
    let delete = move || on_import("delete-stateful-import-status", &chosen.get());
    let terminate = move || {
        on_import(
            "terminate-stateful-instance-during-import-process",
            &chosen.get(),
        )
        .body(json!({"userAction": {"type": "terminate"}}))
    };
    let open = move |dialog: RwSignal<bool>| {
        if chosen.get_untracked().is_empty() {
            problems.set(vec![FieldError::new("import", "Choose an import first.")]);
        } else {
            dialog.set(true);
        }
    };
    let running = move || job().is_some_and(|j| j.pending());
    view! {
        <section class="card" id="spot-simport-actions">
            <SelectField label="Import" value=chosen id="spot-simport-pick" options=options/>
            <div class="actions">
                <ActionButton label="Terminate the original instance…" danger=true pending=w.pending() id="spot-simport-terminate-open"
                    on_click=Callback::new(move |_| open(end))/>
                " "
                <ActionButton label="Delete the status…" danger=true pending=w.pending() id="spot-simport-delete-open"
                    on_click=Callback::new(move |_| open(cancel))/>
            </div>
            <p class="muted">{move || job().filter(|j| j.state == AWAIT_USER).map(|_| "Spot is waiting for the original instance to be terminated.")}
                " " <ExplorerLink call=Signal::derive(terminate)/> " · " <ExplorerLink call=Signal::derive(delete)/></p>
            <ConfirmDialog open=end title="Terminate the original instance?" confirm_label="Terminate" danger=true
                typed=Signal::derive(move || job().map(|j| j.instance).unwrap_or_default())
                on_confirm=Callback::new(move |_| send_noting(w, &untrack(terminate), problems))>
                <p id="spot-simport-terminate-explain">{move || format!("The EC2 instance {} is terminated for good; the import then launches it again from its image in the new group. Type its id to confirm.",
                    job().map(|j| j.instance).unwrap_or_default())}</p>
            </ConfirmDialog>
            <ConfirmDialog open=cancel title="Delete this import's status?" confirm_label="Delete" danger=true
                on_confirm=Callback::new(move |_| send_noting(w, &untrack(delete), problems))>
                <p id="spot-simport-delete-explain">{move || match running() {
                    true => "The import is still under way: deleting its status cancels it, and the new group it made is deleted.",
                    false => "The import has ended: Spot forgets its status; the group it made stays.",
                }}</p>
            </ConfirmDialog>
            {problems_view(problems)}
            {w.view(|_| view! { <p class="notice ok" id="spot-simport-done">"Spot accepted it."</p> })}
        </section>
    }
}
