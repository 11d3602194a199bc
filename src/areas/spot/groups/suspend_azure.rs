//! Suspended processes of an Azure Spot VMs group (Capacity tab): Spot's `suspend-group` and
//! `resume-group`, each confirmed after saying what stops or starts again; what is suspended
//! is read from the group's status answer (`suspendedProcesses`), again after each write.

use leptos::prelude::*;
use serde_json::{json, Value};

use crate::api::field::FieldError;
use crate::api::json;
use crate::api::spot::envelope::Answer;
use crate::ui::{ActionButton, ConfirmDialog, Field, SelectField};

use super::super::op_call::{problems_view, send_noting, ExplorerLink};
use super::page::Ctx;

/// Azure's processes that can be suspended, with what stops while one is.
pub(super) const PROCESSES: [(&str, &str); 6] = [
    (
        "autoScale",
        "scaling policies no longer change the capacity",
    ),
    ("scaleDown", "the group no longer scales down"),
    ("autoHealing", "unhealthy VMs are no longer replaced"),
    (
        "preventiveReplacement",
        "VMs are no longer replaced before an eviction",
    ),
    (
        "syncStrategy",
        "the spot / on-demand mix is no longer restored",
    ),
    (
        "signalTimeout",
        "VMs no longer time out waiting for their ready signal",
    ),
];

/// What a process's suspension stops, in words.
pub(super) fn stops(process: &str) -> &'static str {
    PROCESSES
        .iter()
        .find(|p| p.0 == process)
        .map_or("Spot stops running it", |p| p.1)
}

/// The names of the suspended processes in a status answer.
pub(super) fn suspended(a: &Answer) -> Vec<String> {
    a.items
        .iter()
        .flatten()
        .flat_map(|i| json::objects(i.get("suspendedProcesses")))
        .filter_map(|p: &Value| json::text(&p["name"]).filter(|n| !n.trim().is_empty()))
        .collect()
}

/// The suspend body: the process, for `minutes` when given (a whole number, 0 or more).
pub(super) fn suspend_body(process: &str, minutes: &str) -> Result<Value, FieldError> {
    let m = minutes.trim();
    if m.is_empty() {
        return Ok(json!({"processes": [{"name": process}]}));
    }
    match m.parse::<i64>() {
        Ok(n) if n >= 0 => Ok(json!({"processes": [{"name": process, "ttlInMinutes": n}]})),
        _ => Err(FieldError::new(
            "body:processes.0.ttlInMinutes",
            "Minutes: a whole number, 0 or more (or empty: until resumed).",
        )),
    }
}

#[component]
pub(super) fn AzureSuspend(ctx: Ctx) -> impl IntoView {
    let status = ctx.read("get-elastigroup-status");
    let process = RwSignal::new("autoScale".to_string());
    let minutes = RwSignal::new(String::new());
    let (suspend_open, resume_open) = (RwSignal::new(false), RwSignal::new(false));
    let problems = RwSignal::new(Vec::<FieldError>::new());
    let minutes_error = RwSignal::new(None::<String>);
    let w = ctx.write();
    let suspend_call = move || {
        ctx.op("suspend-group")
            .body(suspend_body(&process.get(), &minutes.get()).unwrap_or_default())
    };
    let resume_call = move || {
        ctx.op("resume-group")
            .body(json!({"processes": [{"name": process.get()}]}))
    };
    let ask =
        move |suspend: bool| match suspend_body(&process.get_untracked(), &minutes.get_untracked())
        {
            Err(e) if suspend => minutes_error.set(Some(e.message.to_string())),
            _ => {
                minutes_error.set(None);
                w.clear();
                if suspend {
                    suspend_open.set(true)
                } else {
                    resume_open.set(true)
                }
            }
        };
    let options = Signal::derive(|| {
        PROCESSES
            .iter()
            .map(|(k, v)| (k.to_string(), format!("{k}: {v}")))
            .collect()
    });
    view! {
        <section class="card" id="spot-azure-suspend">
            <h3>"Suspended processes"</h3>
            <p class="muted">"A suspended process stops for this group until it is resumed (or its minutes run out)."</p>
            {status.view(|a| {
                let list = suspended(&a);
                let text = match list.is_empty() {
                    true => "No process is suspended.".to_string(),
                    false => format!("Suspended: {}.", list.join(", ")),
                };
                view! { <p id="spot-azure-suspended">{text}</p> }
            })}
            <div class="form-row">
                <SelectField label="Process" value=process id="spot-azure-process" options=options/>
                <Field label="For (minutes, optional)" value=minutes id="spot-azure-minutes" input_type="number" min="0" error=minutes_error/>
            </div>
            <ActionButton label="Suspend…" pending=w.pending() id="spot-azure-suspend-go"
                on_click=Callback::new(move |_| ask(true))/>
            " "
            <ActionButton label="Resume…" pending=w.pending() id="spot-azure-resume-go"
                on_click=Callback::new(move |_| ask(false))/>
            <p class="muted"><ExplorerLink call=Signal::derive(suspend_call)/> " · " <ExplorerLink call=Signal::derive(resume_call)/></p>
            <ConfirmDialog open=suspend_open title="Suspend this process?" confirm_label="Suspend"
                on_confirm=Callback::new(move |_| send_noting(w, &untrack(suspend_call), problems))>
                <p id="spot-azure-suspend-confirm">{move || {
                    let p = process.get();
                    format!("While {p} is suspended, {}.", stops(&p))
                }}</p>
            </ConfirmDialog>
            <ConfirmDialog open=resume_open title="Resume this process?" confirm_label="Resume"
                on_confirm=Callback::new(move |_| send_noting(w, &untrack(resume_call), problems))>
                <p id="spot-azure-resume-confirm">{move || format!("{} runs again for this group: Spot resumes what its suspension stopped.", process.get())}</p>
            </ConfirmDialog>
            {problems_view(problems)}
            {w.view(|_| view! { <p class="notice ok" id="spot-azure-suspend-done">"Spot accepted it."</p> })}
        </section>
    }
}
