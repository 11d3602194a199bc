//! A group's stateful instances (their volumes and IPs kept across replacements): the list with
//! state badges, and pause, resume, recycle and de-allocate, each confirmed with what it does.

use std::sync::Arc;

use leptos::prelude::*;

use super::super::op_call::{problems_view, send_noting};

use crate::api::json;
use crate::ui::{ActionButton, Column, ConfirmDialog, DataTable, SelectField, StatusBadge};

use super::super::op_call::{ExplorerLink, OpCall};
use super::page::Ctx;

#[derive(Clone, Debug, PartialEq)]
struct Stateful {
    id: String,
    instance: String,
    ip: String,
    state: String,
}

/// What each action does, in words, for its confirmation.
const ACTIONS: [(&str, &str, &str, &str); 4] = [
    ("pause", "Pause", "pause-stateful-instance",
        "The instance is stopped; its volumes and private IP are kept, and it is not billed for compute until resumed."),
    ("resume", "Resume", "resume-stateful-instance",
        "The paused instance is started again from its kept volumes, with the same private IP."),
    ("recycle", "Recycle", "recycle-stateful-instance",
        "The instance is replaced by a new one built from its kept volumes: what was only in memory is lost."),
    ("deallocate", "De-allocate", "de-allocate-stateful-instance",
        "The instance is terminated and its kept volumes, snapshots and IP are released: it cannot be resumed."),
];

#[component]
pub fn StatefulTab(ctx: Ctx) -> AnyView {
    if let Some(lacks) = ctx.lacks("list-stateful-instances", "stateful instances") {
        return lacks;
    }
    let list = ctx.read("list-stateful-instances");
    list.refresh_while(|r, n| {
        let moving = r.as_ref().ok().is_some_and(|a| {
            a.items
                .iter()
                .flatten()
                .any(|s| json::text(&s["state"]).is_some_and(|t| t.ends_with("ING")))
        });
        (moving && n < 30).then_some(1_000)
    });
    let chosen = RwSignal::new(String::new());
    let verb = RwSignal::new(0usize);
    let open = RwSignal::new(false);
    let w = ctx.write();
    let problems = RwSignal::new(Vec::new());
    let rows = move || -> Vec<Stateful> {
        list.ready()
            .and_then(|a| a.items)
            .unwrap_or_default()
            .iter()
            // A stateful instance whose id did not read is not listed: nothing could act on it.
            .filter_map(|s| {
                Some(Stateful {
                    id: json::text(&s["id"]).filter(|id| !id.trim().is_empty())?,
                    instance: json::text(&s["instanceId"]).unwrap_or_default(),
                    ip: json::text(&s["privateIp"]).unwrap_or_default(),
                    state: json::text(&s["state"]).unwrap_or_default(),
                })
            })
            .collect()
    };
    let options = Signal::derive(move || {
        let mut o = vec![(String::new(), "— choose a stateful instance —".to_string())];
        o.extend(rows().into_iter().map(|s| {
            (
                s.id.clone(),
                format!("{} ({}, {})", s.id, s.instance, s.state.to_lowercase()),
            )
        }));
        o
    });
    let call = move |i: usize| -> OpCall {
        ctx.op(ACTIONS[i].2)
            .path("StatefulInstanceId", chosen.get())
    };
    let buttons = (0..ACTIONS.len())
        .map(|i| {
            let (slug, label, ..) = ACTIONS[i];
            view! {
                <ActionButton label=label pending=w.pending() danger={slug == "deallocate"} id=format!("spot-stateful-{slug}")
                    on_click=Callback::new(move |_| if chosen.get_untracked().is_empty() {
                        problems.set(vec![crate::api::field::FieldError::new("stateful", "Choose a stateful instance first.")]);
                    } else {
                        verb.set(i);
                        open.set(true);
                    })/>
                " "
            }
        })
        .collect_view();
    let columns = vec![
        Column::text("Stateful instance", |s: &Stateful| s.id.clone()),
        Column::text("Instance", |s: &Stateful| s.instance.clone()),
        Column::text("Private IP", |s: &Stateful| s.ip.clone()),
        Column::view(
            "State",
            |s: &Stateful| view! { <StatusBadge status=s.state.to_lowercase()/> },
        ),
    ];
    let columns = StoredValue::new(columns);
    view! {
        <section class="card" id="spot-stateful">
            <h3>"Stateful instances"</h3>
            <p class="muted"><ExplorerLink call=Signal::derive(move || ctx.op("list-stateful-instances"))/></p>
            {list.view(move |_| {
                view! { <DataTable id="spot-stateful-table" in_url=true rows=Signal::derive(rows) columns=columns.get_value()
                    row_key=Arc::new(|s: &Stateful| s.id.clone()) empty="This group keeps no stateful instances."/> }
            })}
            <SelectField label="Stateful instance" value=chosen id="spot-stateful-pick" options=options/>
            <div class="actions">{buttons}</div>
            <p class="muted">{move || view! { <ExplorerLink call=call(verb.get())/> }}</p>
            <ConfirmDialog open=open title="Change this stateful instance?" confirm_label="Confirm"
                on_confirm=Callback::new(move |_| send_noting(w, &untrack(|| call(verb.get())), problems))>
                <p id="spot-stateful-explain">{move || format!("{} {}: {}", ACTIONS[verb.get()].1, chosen.get(), ACTIONS[verb.get()].3)}</p>
            </ConfirmDialog>
            {problems_view(problems)}
            {w.view(|_| view! { <p class="notice ok" id="spot-stateful-done">"Spot accepted it."</p> })}
        </section>
        {ctx.has("import-stateful-instance").then(|| view! { <super::stateful_import::StatefulImports ctx=ctx/> })}
    }
    .into_any()
}
