//! The open blue/green deployment on every tab of a group's page: its batches, Stop
//! (confirmed) and, when a batch failed, the two actions Spot offers (detach the old instances
//! or the new ones).

use leptos::prelude::*;
use serde_json::json;

use crate::api::json;
use crate::api::spot::envelope::Answer;
use crate::ui::{ActionButton, ConfirmDialog, StatusBadge};

use super::super::super::op_call::{problems_view, send_noting, ExplorerLink, OpCall};
use super::super::page::Ctx;
use super::super::Provider;
use super::follow::batch_bars;
use super::job::{any_open, is_open, JobKind, Roll};

/// The group's deployments (newest first), polled while one is open.
fn use_rolls(ctx: Ctx) -> crate::ui::Loaded<Answer> {
    let rolls = ctx.read("group-s-deployments-status");
    rolls.refresh_while(|r, _| {
        let open = r
            .as_ref()
            .ok()
            .is_some_and(|a| any_open(a, JobKind::BlueGreen, "status"));
        open.then_some(1_000)
    });
    rolls
}

/// The open deployment (running, or failed and not yet stopped), if any.
fn open_roll(a: &Answer, provider: Provider, group: &str) -> Option<Roll> {
    a.items
        .iter()
        .flatten()
        .filter_map(|i| Roll::read(JobKind::BlueGreen, i, provider, group, None))
        .find(|r| !r.status.is_empty() && is_open(JobKind::BlueGreen, &r.status))
}

/// A deployment's operation `name` (its id under both names the providers give it).
fn roll_op(ctx: Ctx, name: &str, rid: String) -> OpCall {
    let key = match (ctx.provider, name) {
        (Provider::AzureVms, _) | (Provider::AzureScaleSet, "stop-deployment") => "deploymentId",
        _ => "rollId",
    };
    ctx.op(name).path(key, rid)
}

/// On every tab: the open deployment with Stop (and its failed batch's actions).
#[component]
pub fn Banner(ctx: Ctx) -> impl IntoView {
    let rolls = use_rolls(ctx);
    let stop = ctx.write();
    let action = ctx.write();
    let problems = RwSignal::new(Vec::new());
    let confirm = RwSignal::new(false);
    // A memo: the banner is drawn again only when the deployment changes, not on every poll
    // (a button redrawn under the pointer loses its click).
    let open = Memo::new(move |_| {
        rolls
            .ready()
            .and_then(|a| open_roll(&a, ctx.provider, &ctx.id.get()))
    });
    let can_stop = ctx.has("stop-deployment");
    let stop_call = move || {
        let rid = open.get().map(|r| r.id).unwrap_or_default();
        let word = match ctx.provider {
            Provider::AzureScaleSet => "ROLL_STOPPED",
            _ => "STOPPED",
        };
        roll_op(ctx, "stop-deployment", rid).body(json!({"roll": {"status": word}}))
    };
    let act_call = move |kind: &str| {
        let rid = open.get().map(|r| r.id).unwrap_or_default();
        // The document also asks for the deployment's id as a query parameter.
        ctx.op("deployment-actions")
            .path("rollId", rid.clone())
            .query("rollId", rid)
            .body(json!({"actionType": kind}))
    };
    view! {
        {move || open.get().map(|r| {
            let failed = r.status == "FAILED";
            view! {
                <div class=if failed { "notice error deployment-banner" } else { "notice deployment-banner" } id="spot-roll-banner" role="status">
                    <p>
                        {if failed { "Deployment " } else { "Deployment running: " }}
                        <code>{r.id.clone()}</code> " — " <StatusBadge status=r.status.to_lowercase()/> " " {r.words()} ". "
                        {if failed {
                            "A batch failed: nothing else rolls or scales down in this group until the deployment is stopped. Choose what to keep, then stop it."
                        } else if can_stop {
                            "Spot runs one deployment per group at a time: stop this one to start another."
                        } else {
                            "Spot runs one deployment per group at a time; the document has no operation to stop one of this provider: it ends when its batches are done."
                        }}
                    </p>
                    {batch_bars(&r)}
                    <div class="actions">
                        {(failed && ctx.has("deployment-actions")).then(|| view! {
                            <ActionButton label="Detach the old instances (keep the new)" pending=action.pending() id="spot-roll-detach-old"
                                on_click=Callback::new(move |_| send_noting(action, &untrack(|| act_call("DETACH_OLD")), problems))/>
                            " "
                            <ActionButton label="Detach the new instances (keep the old)" pending=action.pending() id="spot-roll-detach-new"
                                on_click=Callback::new(move |_| send_noting(action, &untrack(|| act_call("DETACH_NEW")), problems))/>
                            " "
                        })}
                        {can_stop.then(|| view! {
                            <ActionButton label="Stop deployment" danger=true pending=stop.pending() id="spot-roll-stop"
                                on_click=Callback::new(move |_| confirm.set(true))/>
                            " " <ExplorerLink call=Signal::derive(stop_call)/>
                        })}
                    </div>
                </div>
            }
        })}
        <ConfirmDialog open=confirm title="Stop this deployment?" confirm_label="Stop deployment" danger=true
            on_confirm=Callback::new(move |_| send_noting(stop, &untrack(stop_call), problems))>
            <p>"Batches not yet rolled stay on the old configuration; instances already replaced stay replaced."</p>
        </ConfirmDialog>
        {problems_view(problems)}
        {action.view(|a| view! { <p class="notice ok" id="spot-roll-action-done">{
            let kind = a.items.and_then(|i| i.first().and_then(|i| json::text(&i["actionType"]))).unwrap_or_default();
            if kind == "DETACH_NEW" { "The new instances of the failed batch were detached; the old ones keep serving. Stop the deployment to finish." }
            else { "The old instances of the failed batch were detached; the new ones keep serving. Stop the deployment to finish." }
        }</p> })}
        {stop.view(|_| view! { <p class="notice ok" id="spot-roll-stopped">"Deployment stopped."</p> })}
    }
}
