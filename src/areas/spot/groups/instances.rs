//! Acting on one instance of a group: lock / unlock (Azure: protect), standby enter / exit,
//! an instance signal, a simulated interruption (confirmed), and detach — whose two choices
//! (terminate or leave running; lower the target or launch replacements) are spelled out and
//! confirmed. Each where the provider has the operation.

use std::sync::Arc;

use leptos::prelude::*;

use super::super::op_call::{problems_view, send_noting};
use serde_json::json;

use crate::api::field::FieldError;
use crate::ui::{ActionButton, Column, ConfirmDialog, DataTable, Field, SelectField};

use super::super::op_call::{ExplorerLink, OpCall};
use super::overview::{instances, use_instances, Instance};
use super::page::Ctx;
use super::Provider;

/// The two questions a detach asks, with Spot's field behind each answer.
const DETACH_TERMINATE: [(&str, &str); 2] = [
    ("true", "Terminate them"),
    ("false", "Leave them running, outside the group"),
];
const DETACH_DECREMENT: [(&str, &str); 2] = [
    ("false", "Keep the target: Spot launches replacements"),
    (
        "true",
        "Lower the target by the number detached: no replacements",
    ),
];

fn choices(list: &'static [(&'static str, &'static str)]) -> Signal<Vec<(String, String)>> {
    Signal::derive(move || {
        list.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    })
}

/// What the chosen detach will do, in words.
fn detach_words(id: &str, terminate: bool, decrement: bool, provider: Provider) -> String {
    let fate = match (provider, terminate) {
        (Provider::AzureScaleSet, _) => "leaves the group",
        (_, true) => "is terminated",
        (_, false) => {
            "keeps running outside the group (and is no longer managed or billed through it)"
        }
    };
    let target = if decrement {
        "the target capacity goes down by one, so nothing replaces it"
    } else {
        "the target capacity stays, so Spot launches a replacement"
    };
    format!("{id} {fate}; {target}.")
}

#[component]
pub(super) fn Instances(ctx: Ctx) -> impl IntoView {
    let (status, _) = use_instances(ctx);
    let provider = ctx.provider;
    let chosen = RwSignal::new(String::new());
    let minutes = RwSignal::new("60".to_string());
    let signal = RwSignal::new("INSTANCE_READY".to_string());
    let terminate = RwSignal::new("true".to_string());
    let decrement = RwSignal::new("false".to_string());
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
    let detach_call = move || {
        ctx.op("detach-instance").body(provider.detach_body(
            &[chosen.get()],
            decrement.get() == "true",
            terminate.get() == "true",
        ))
    };
    let interrupt = RwSignal::new(false);
    let detach = RwSignal::new(false);
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
        {provider.detach_defect().map(|why| view! { <p class="notice" id="spot-detach-defect">{why}</p> })}
        {(ctx.has("detach-instance") && provider.detach_defect().is_none()).then(|| view! {
            <section class="card" id="spot-detach">
                <h3>"Detach the instance"</h3>
                <div class="form-row">
                    {(provider != Provider::AzureScaleSet).then(|| view! {
                        <SelectField label="The detached instance" value=terminate id="spot-detach-terminate" options=choices(&DETACH_TERMINATE)/>
                    })}
                    <SelectField label="The group's target capacity" value=decrement id="spot-detach-decrement" options=choices(&DETACH_DECREMENT)/>
                </div>
                <p class="muted" id="spot-detach-explain">{move || detach_words(
                    &(if chosen.get().is_empty() { "The chosen instance".to_string() } else { chosen.get() }),
                    terminate.get() == "true", decrement.get() == "true", provider)}</p>
                <ActionButton label="Detach…" danger=true pending=w.pending() id="spot-detach-open"
                    on_click=Callback::new(move |_| if picked() { detach.set(true) })/>
                " " <ExplorerLink call=Signal::derive(detach_call)/>
                <ConfirmDialog open=detach title="Detach this instance?" confirm_label="Detach" danger=true
                    on_confirm=Callback::new(move |_| act(untrack(detach_call)))>
                    <p id="spot-detach-confirm">{move || detach_words(&chosen.get(), terminate.get() == "true", decrement.get() == "true", provider)}</p>
                </ConfirmDialog>
            </section>
        })}
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
