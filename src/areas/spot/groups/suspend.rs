//! Suspensions on the Capacity tab (Elastigroup AWS; Azure Spot VMs' in [`super::suspend_azure`]): processes Spot stops running for the
//! group (auto scaling, auto healing, …) and scaling policies suspended for a while — each
//! suspended, listed as Spot lists it once made, and removed.

use std::sync::Arc;

use leptos::prelude::*;

use super::super::op_call::{problems_view, send_noting};
use serde_json::{json, Value};

use crate::api::json;
use crate::api::spot::envelope::Answer;
use crate::ui::{ActionButton, Column, DataTable, Field, SelectField};

use super::super::op_call::ExplorerLink;
use super::page::Ctx;

/// Spot's processes that can be suspended, with what each does.
const PROCESSES: [(&str, &str); 6] = [
    ("AUTO_SCALE", "AUTO_SCALE: scaling policies"),
    (
        "AUTO_HEALING",
        "AUTO_HEALING: replacing unhealthy instances",
    ),
    (
        "OUT_OF_STRATEGY",
        "OUT_OF_STRATEGY: returning to the spot/on-demand mix",
    ),
    (
        "PREVENTIVE_REPLACEMENT",
        "PREVENTIVE_REPLACEMENT: replacing instances before interruption",
    ),
    (
        "REVERT_PREFERRED",
        "REVERT_PREFERRED: returning to preferred types",
    ),
    ("SCHEDULING", "SCHEDULING: scheduled tasks"),
];

/// One suspension as listed: a process or a policy, and until when.
#[derive(Clone, Debug, PartialEq)]
struct Suspended {
    name: String,
    until: String,
}

/// Every object of `key` in every item (Spot wraps the lists in an item per group).
fn listed(a: &Answer, key: &str, name: &str) -> Vec<Suspended> {
    a.items
        .iter()
        .flatten()
        .flat_map(|i| json::objects(i.get(key)))
        .filter_map(|s: &Value| {
            Some(Suspended {
                name: json::text(&s[name]).filter(|n| !n.is_empty())?,
                until: json::text(&s["expiresAt"]).unwrap_or_else(|| "until removed".into()),
            })
        })
        .collect()
}

fn table(id: &'static str, rows: Vec<Suspended>, empty: &'static str) -> impl IntoView {
    view! { <DataTable id=id in_url=true rows=Signal::derive(move || rows.clone()) empty=empty
    columns=vec![
        Column::text("Name", |s: &Suspended| s.name.clone()),
        Column::text("Until", |s: &Suspended| s.until.clone()),
    ]
    row_key=Arc::new(|s: &Suspended| s.name.clone())/> }
}

#[component]
pub(super) fn Suspensions(ctx: Ctx) -> impl IntoView {
    if ctx.has("suspend-group") {
        return view! { <super::suspend_azure::AzureSuspend ctx=ctx/> }.into_any();
    }
    if !ctx.has("suspend-processes") {
        return ().into_any();
    }
    let processes = ctx.read("list-suspended-processes");
    let policies = ctx.read("list-suspended-scaling-policies");
    let process = RwSignal::new("AUTO_SCALE".to_string());
    let policy = RwSignal::new(String::new());
    let minutes = RwSignal::new("60".to_string());
    let w = ctx.write();
    let problems = RwSignal::new(Vec::new());
    let suspend_call = move || {
        ctx.op("suspend-processes")
            .body(json!({"suspensions": [{"name": process.get()}]}))
    };
    let remove_call = move || {
        ctx.op("remove-suspended-processes")
            .body(json!({"processes": [process.get()]}))
    };
    let suspend_policy_call = move || {
        let ttl = minutes.get().trim().parse::<i64>().ok();
        ctx.op("suspend-scaling-policies")
            .query("policyName", policy.get().trim().to_string())
            .body(json!({"suspension": {"ttlInMinutes": ttl}}))
    };
    let resume_policy_call = move || {
        ctx.op("remove-suspended-scaling-policies")
            .query("policyName", policy.get().trim().to_string())
    };
    let options = Signal::derive(|| {
        PROCESSES
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    });
    view! {
        <section class="card" id="spot-suspensions">
            <h3>"Suspended processes"</h3>
            <p class="muted">"A suspended process stops until it is removed from this list: Spot does not run it for this group."</p>
            <SelectField label="Process" value=process id="spot-suspend-process" options=options/>
            <ActionButton label="Suspend" pending=w.pending() id="spot-suspend-go"
                on_click=Callback::new(move |_| send_noting(w, &untrack(suspend_call), problems))/>
            " "
            <ActionButton label="Remove the suspension" pending=w.pending() id="spot-suspend-remove"
                on_click=Callback::new(move |_| send_noting(w, &untrack(remove_call), problems))/>
            <p class="muted"><ExplorerLink call=Signal::derive(suspend_call)/>
                " · " <ExplorerLink call=Signal::derive(move || ctx.op("list-suspended-processes"))/>
                " · " <ExplorerLink call=Signal::derive(remove_call)/></p>
            {processes.view(|a| table("spot-suspended-processes", listed(&a, "suspensions", "name"), "No process is suspended."))}
            <h3>"Suspended scaling policies"</h3>
            <div class="form-row">
                <Field label="Policy name" value=policy id="spot-suspend-policy"/>
                <Field label="For (minutes)" value=minutes id="spot-suspend-policy-minutes" input_type="number" min="1"/>
            </div>
            <ActionButton label="Suspend the policy" pending=w.pending() id="spot-suspend-policy-go"
                on_click=Callback::new(move |_| send_noting(w, &untrack(suspend_policy_call), problems))/>
            " "
            <ActionButton label="Resume the policy" pending=w.pending() id="spot-suspend-policy-resume"
                on_click=Callback::new(move |_| send_noting(w, &untrack(resume_policy_call), problems))/>
            <p class="muted"><ExplorerLink call=Signal::derive(suspend_policy_call)/>
                " · " <ExplorerLink call=Signal::derive(move || ctx.op("list-suspended-scaling-policies"))/>
                " · " <ExplorerLink call=Signal::derive(resume_policy_call)/></p>
            {policies.view(|a| table("spot-suspended-policies", listed(&a, "scalePolicySuspensions", "policyName"), "No scaling policy is suspended."))}
            {problems_view(problems)}
            {w.view(|_| view! { <p class="notice ok" id="spot-suspend-done">"Done."</p> })}
        </section>
    }
    .into_any()
}
