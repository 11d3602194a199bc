//! Ocean CD rollouts since a chosen day, each with its phase; on one of them the rollout
//! actions the document names (its catalog's `action` choices) and the external verification
//! (passed or failed), each confirmed, then followed with the shared job panel until Spot
//! answers them (the rollout leaves `inProgress`); the activity center shows them too.

use leptos::prelude::*;
use serde_json::json;

use crate::api::spot::envelope::Answer;
use crate::ui::{
    ActionButton, Column, ConfirmDialog, DataTable, FollowedJob, JobPanel, SelectField, StatusBadge,
};

use super::super::catalog;
use super::super::context::use_account;
use super::super::op_call::unsent;
use super::super::op_call::{use_op, use_op_write, ExplorerLink, OpCall};
use super::items;
use super::rollout::{actions, follow, followed, list_call, Rollout, ACTION, VERIFY};

/// The day 30 days ago, `YYYY-MM-DD`.
fn month_ago() -> String {
    let ms = crate::time::now_ms() - 30 * 86_400_000;
    let iso: String = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64))
        .to_iso_string()
        .into();
    iso.chars().take(10).collect()
}

#[component]
pub fn Rollouts() -> impl IntoView {
    let account = use_account();
    let from = RwSignal::new(month_ago());
    let list = use_op(move || Some(list_call(&from.get())));
    let jobs = followed();
    follow(jobs);
    list.refresh_while(move |_, _| {
        untrack(|| jobs.list())
            .iter()
            .any(Rollout::pending)
            .then_some(1000)
    });
    let cat = LocalResource::new(catalog::load);
    let selected = RwSignal::new(None::<Rollout>);
    let action = RwSignal::new(String::new());
    let verdict = RwSignal::new("passed".to_string());
    let problems = RwSignal::new(Vec::new());
    let asked = StoredValue::new(None::<Rollout>);
    let write = use_op_write(move |r: &Result<Answer, _>| {
        if let (Ok(_), Some(job)) = (r, asked.get_value()) {
            jobs.add(job);
            list.refetch();
        }
    });
    let send = move |call: OpCall, what: String| {
        let Some(mut job) = selected.get_untracked() else {
            return;
        };
        job.asked = what;
        job.account = account.get_untracked();
        asked.set_value(Some(job));
        problems.set(write.send(&call).err().unwrap_or_default());
    };
    let confirm_action = RwSignal::new(false);
    let confirm_verify = RwSignal::new(false);
    let id = move || selected.get().map(|r| r.id).unwrap_or_default();
    let action_call = move || {
        OpCall::new(ACTION)
            .path("rolloutId", id())
            .body(json!({"action": action.get()}))
    };
    let verify_call = move || {
        OpCall::new(VERIFY)
            .path("rolloutId", id())
            .body(json!({"status": verdict.get()}))
    };
    let acts = Memo::new(move |_| {
        cat.get()
            .and_then(Result::ok)
            .map(|c| actions(&c))
            .unwrap_or_default()
    });
    Effect::new(move |_| {
        if let (true, Some(a)) = (action.get_untracked().is_empty(), acts.get().first()) {
            action.set(a.clone());
        }
    });
    let options = Signal::derive(move || {
        acts.get()
            .into_iter()
            .map(|a| (a.clone(), a))
            .collect::<Vec<_>>()
    });
    let columns = vec![
        Column::view(
            "Rollout",
            |r: &Rollout| view! { <code>{r.id.clone()}</code> },
        ),
        Column::text("Microservice", |r: &Rollout| r.microservice.clone()),
        Column::text("Environment", |r: &Rollout| r.environment.clone()),
        Column::text("Versions", |r: &Rollout| r.versions.clone()),
        Column::view("Phase", |r: &Rollout| {
            let s = r.status.clone();
            view! { <span class="cd-phase"><StatusBadge status=s/></span> }
        }),
        Column::view("", move |r: &Rollout| {
            let r = r.clone();
            let active = r.pending();
            view! { <button type="button" class="btn small cd-act" disabled=!active
            on:click=move |_| { problems.set(Vec::new()); write.clear(); selected.set(Some(r.clone())) }>"Act on it…"</button> }
        }),
    ];
    let followed_columns = vec![
        Column::view(
            "Rollout",
            |r: &Rollout| view! { <code>{r.id.clone()}</code> },
        ),
        Column::text("Asked", |r: &Rollout| r.asked.clone()),
        Column::view("Phase", |r: &Rollout| {
            let s = r.status.clone();
            view! { <StatusBadge status=s/> }
        }),
        Column::text("Last check", |r: &Rollout| {
            r.problem.clone().unwrap_or_else(|| "ok".into())
        }),
    ];
    view! {
        <section class="card">
            <h3>"Rollouts"</h3>
            <label class="field">"Started on or after"
                <input type="date" id="cd-from" prop:value=move || from.get()
                    on:change=move |ev| from.set(event_target_value(&ev))/>
            </label>
            {list.view(move |a| {
                let f = from.get_untracked();
                let rows: Vec<Rollout> = items(&a).iter().filter_map(|v| Rollout::read(v, &f, None)).collect();
                view! { <DataTable rows=rows columns=columns.clone() id="cd-rollouts" in_url=true
                    empty="No rollout started since that day." row_key=std::sync::Arc::new(|r: &Rollout| r.id.clone())/> }
            })}
            <p class="muted"><ExplorerLink call=Signal::derive(move || list_call(&from.get()))/></p>
        </section>
        {move || selected.get().map(|r| view! {
            <section class="card" id="cd-act">
                <h3>"Rollout " <code>{r.id.clone()}</code> " (" <bdi>{r.microservice.clone()}</bdi> ")"</h3>
                <p class="muted">"Spot's document names the actions it takes; each asks first, then the rollout is followed until Spot has acted on it."</p>
                <SelectField label="Action" value=action options=options id="cd-action"/>
                <ActionButton label="Send action…" danger=true pending=write.pending() id="cd-action-send"
                    on_click=Callback::new(move |_| confirm_action.set(true))/>
                " " <ExplorerLink call=Signal::derive(action_call)/>
                <SelectField label="External verification" value=verdict id="cd-verdict"
                    options=vec![("passed".to_string(), "passed".to_string()), ("failed".to_string(), "failed".to_string())]/>
                <ActionButton label="Send verification…" pending=write.pending() id="cd-verify-send"
                    on_click=Callback::new(move |_| confirm_verify.set(true))/>
                " " <ExplorerLink call=Signal::derive(verify_call)/>
            </section>
        })}
        {unsent(problems)}
        <ConfirmDialog open=confirm_action title="Act on this rollout?" confirm_label="Send action" danger=true
            on_confirm=Callback::new(move |_| send(action_call(), action.get_untracked()))>
            <p>{move || format!("Spot will {} rollout {} now: it changes the workloads running in the environment.", action.get(), id())}</p>
        </ConfirmDialog>
        <ConfirmDialog open=confirm_verify title="Send the external verification?" confirm_label="Send verification"
            on_confirm=Callback::new(move |_| send(verify_call(), format!("verification {}", verdict.get_untracked())))>
            <p>{move || format!("Rollout {} is told its external verification {}: it goes on to the next phase accordingly.", id(), verdict.get())}</p>
        </ConfirmDialog>
        <div id="cd-act-outcome">{write.view(|_| view! { <p class="notice ok">"Spot accepted it; the rollout is followed below."</p> })}</div>
        <JobPanel jobs=jobs columns=followed_columns title="Rollouts followed in this tab"
            empty="No rollout followed yet: one acted on here is followed until Spot has acted." id="cd-jobs"/>
    }
}
