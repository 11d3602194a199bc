//! Acting on one instance of a group: what Spot says of it (AWS's instance status), lock /
//! unlock (Azure: protect), standby enter / exit, an instance signal, a simulated interruption
//! (confirmed), and detach ([`super::detach`]). Each where the provider has the operation.

use std::sync::Arc;

use leptos::prelude::*;

use super::super::op_call::{problems_view, send_noting};
use serde_json::json;

use crate::api::field::FieldError;
use crate::ui::{ActionButton, Column, ConfirmDialog, DataTable, Field, SelectField};

use super::super::op_call::{use_op, ExplorerLink, OpCall};
use super::detach::choices;
use super::overview::{instances, use_instances, Instance};
use super::page::Ctx;
use super::Provider;

#[component]
pub(super) fn Instances(ctx: Ctx) -> impl IntoView {
    let (status, _) = use_instances(ctx);
    let provider = ctx.provider;
    let chosen = RwSignal::new(String::new());
    let minutes = RwSignal::new("60".to_string());
    let signal = RwSignal::new("INSTANCE_READY".to_string());
    let options = Signal::derive(move || {
        let mut o = vec![(String::new(), "— choose an instance —".to_string())];
        o.extend(
            instances(&status.ready().unwrap_or_default(), None)
                .into_iter()
                .map(|i| {
                    let lock = if i.locked_until.is_some() {
                        ", locked"
                    } else {
                        ""
                    };
                    (
                        i.id.clone(),
                        format!("{} ({}, {}{lock})", i.id, i.kind, i.lifecycle),
                    )
                }),
        );
        o
    });
    let w = ctx.write();
    let problems = RwSignal::new(Vec::new());
    // Azure names a VM in the group's path; the others an instance on its own.
    let on_instance = move |name: &str| match provider {
        Provider::AzureVms => ctx.op(name).path("vmName", chosen.get()),
        _ => OpCall::new(provider.op(name).unwrap_or_default()).path("instanceId", chosen.get()),
    };
    let lock_call = move || on_instance("instance-lock").query("ttlInMinutes", minutes.get());
    let signal_call = move || {
        OpCall::new(provider.op("create-instance-signal").unwrap_or_default())
            .body(provider.signal_body(&chosen.get(), &signal.get()))
    };
    // What Spot says of the chosen instance (AWS: its lifecycle state), read when one is chosen.
    let detail = use_op(move || {
        (ctx.has("instance-status") && !chosen.get().is_empty())
            .then(|| on_instance("instance-status"))
    });
    let interrupt = RwSignal::new(false);
    let picked = move || {
        let ok = !chosen.get_untracked().is_empty();
        if !ok {
            problems.set(vec![FieldError::new(
                "instance",
                "Choose an instance first.",
            )]);
        }
        ok
    };
    let act = move |call: OpCall| {
        if picked() {
            send_noting(w, &call, problems);
        }
    };
    view! {
        <section class="card" id="spot-instances">
            <h3>"Act on an instance"</h3>
            <SelectField label="Instance" value=chosen id="spot-instance-pick" options=options/>
            {ctx.has("instance-status").then(|| view! {
                <p class="muted" id="spot-instance-status">{move || (!chosen.get().is_empty()).then(|| detail.view(|a| {
                    let state = a.items.unwrap_or_default().first().and_then(|i| crate::api::json::text(&i["lifeCycleState"]));
                    state.map(|s| format!("Spot says this instance is {}.", s.to_lowercase()))
                        .unwrap_or_else(|| "Spot did not say this instance's state.".into())
                }))}
                " " <ExplorerLink call=Signal::derive(move || on_instance("instance-status"))/></p>
            })}
            {ctx.has("instance-lock").then(|| view! {
                <Field label="Lock for (minutes)" value=minutes id="spot-lock-minutes" input_type="number" min="1"/>
                <p class="muted">"A locked instance is kept when the group scales down (until the lock ends)."</p>
            })}
            <div class="actions">
                {ctx.has("instance-lock").then(|| view! {
                    <ActionButton label="Lock" pending=w.pending() id="spot-instance-lock"
                        on_click=Callback::new(move |_| act(untrack(lock_call)))/>
                    " "
                    <ActionButton label="Unlock" pending=w.pending() id="spot-instance-unlock"
                        on_click=Callback::new(move |_| act(untrack(|| on_instance("instance-unlock"))))/>
                    " "
                })}
                {ctx.has("instance-standby").then(|| view! {
                    <ActionButton label="Enter standby" pending=w.pending() id="spot-instance-standby"
                        on_click=Callback::new(move |_| act(untrack(|| on_instance("instance-standby"))))/>
                    " "
                    <ActionButton label="Exit standby" pending=w.pending() id="spot-instance-standby-exit"
                        on_click=Callback::new(move |_| act(untrack(|| on_instance("exit-instance-standby"))))/>
                    " "
                })}
                {ctx.has("simulate-an-instance-interruption").then(|| view! {
                    <ActionButton label="Simulate an interruption" danger=true pending=w.pending() id="spot-instance-interrupt"
                        on_click=Callback::new(move |_| if picked() { interrupt.set(true) })/>
                })}
            </div>
            <p class="muted">
                {ctx.has("instance-lock").then(|| view! {
                    <ExplorerLink call=Signal::derive(lock_call)/>
                    " · " <ExplorerLink call=Signal::derive(move || on_instance("instance-unlock"))/>
                })}
                {ctx.has("instance-standby").then(|| view! {
                    " · " <ExplorerLink call=Signal::derive(move || on_instance("instance-standby"))/>
                    " · " <ExplorerLink call=Signal::derive(move || on_instance("exit-instance-standby"))/>
                })}
            </p>
            {ctx.lacks("instance-lock", "locking an instance")}
            <ConfirmDialog open=interrupt title="Simulate an interruption?" confirm_label="Interrupt it" danger=true
                on_confirm=Callback::new(move |_| act(untrack(|| OpCall::new(provider.op("simulate-an-instance-interruption").unwrap_or_default())
                    .body(json!({"instancesToInterrupt": [chosen.get()]})))))>
                <p>{move || format!("Spot will treat {} as reclaimed by the cloud: it is terminated and the group launches a replacement.", chosen.get())}</p>
            </ConfirmDialog>
            {problems_view(problems)}
            {w.view(|_| view! { <p class="notice ok" id="spot-instance-done">"Done."</p> })}
        </section>
        {ctx.has("create-instance-signal").then(|| view! {
            <section class="card" id="spot-instance-signal">
                <h3>"Send an instance signal"</h3>
                <p class="muted">"Tells Spot the chosen instance is ready to serve, or ready to shut down (for groups that wait for a signal)."</p>
                <SelectField label="Signal" value=signal id="spot-signal-kind"
                    options=choices(&[("INSTANCE_READY", "INSTANCE_READY: ready to serve"), ("INSTANCE_READY_TO_SHUTDOWN", "INSTANCE_READY_TO_SHUTDOWN: ready to shut down")])/>
                <ActionButton label="Send signal" pending=w.pending() id="spot-signal-send"
                    on_click=Callback::new(move |_| act(untrack(signal_call)))/>
                " " <ExplorerLink call=Signal::derive(signal_call)/>
            </section>
        })}
        {ctx.has("detach-instance").then(|| view! { <super::detach::Detach ctx=ctx chosen=chosen w=w problems=problems/> })}
        <section class="card">
            {status.view(|a| {
                let rows = instances(&a, None);
                view! { <DataTable id="spot-instances-table" in_url=true rows=Signal::derive(move || rows.clone())
                    columns=vec![
                        Column::text("Instance", |i: &Instance| i.id.clone()),
                        Column::text("Type", |i: &Instance| i.kind.clone()),
                        Column::text("Lifecycle", |i: &Instance| i.lifecycle.clone()),
                        Column::text("State", |i: &Instance| i.state.clone()),
                        Column::view("Lock", |i: &Instance| match i.locked_until {
                            Some(t) => format!("locked until {}", crate::time::absolute(t)),
                            None => "unlocked".into(),
                        }),
                    ]
                    row_key=Arc::new(|i: &Instance| i.id.clone())/> }
            })}
        </section>
    }
}
