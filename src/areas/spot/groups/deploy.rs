//! Blue/green deployments of a group: the rule "one at a time" said before the operator hits it,
//! a start form (batch size, grace period, health check type, strategy), each deployment
//! followed with [`crate::ui::Followed`] until final (a bar per batch), and the open one — on
//! every tab of the group, in [`Banner`] — with Stop and, when a batch failed, the two actions
//! Spot offers (detach the old instances or the new ones).

use serde::{Deserialize, Serialize};

use leptos::prelude::*;

use super::super::op_call::{problems_view, send_noting};
use serde_json::{json, Value};

use crate::api::json;
use crate::api::spot::envelope::{self, Answer};
use crate::api::{ApiKind, Call};
use crate::client::SendOptions;
use crate::ui::{
    ActionButton, Column, ConfirmDialog, Field, Followed, FollowedJob, JobPanel, SelectField,
    StatusBadge,
};

use super::super::catalog;
use super::super::context::use_account;
use super::super::op_call::{self, ExplorerLink};
use super::page::Ctx;
use super::Provider;
use op_call::OpCall;

/// A deployment as followed (kept for the tab).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Roll {
    pub id: String,
    pub group: String,
    /// The group's provider ([`Provider::key`]; empty in deployments saved before there were
    /// several: AWS).
    pub provider: String,
    pub account: Option<String>,
    pub status: String,
    /// Each batch's status, in order.
    pub batches: Vec<String>,
    pub progress: i64,
    pub error: Option<String>,
}

impl FollowedJob for Roll {
    fn id(&self) -> &str {
        &self.id
    }

    fn pending(&self) -> bool {
        is_open(&self.status)
    }

    fn what(&self) -> String {
        format!("Deployment {} of Elastigroup {}", self.id, self.group)
    }

    fn href(&self) -> String {
        let provider = Provider::from_key(&self.provider).unwrap_or(Provider::Aws);
        super::group_href(
            provider,
            &self.group,
            "deployments",
            self.account.as_deref(),
        )
    }
}

/// Whether a deployment in `status` is still open: running (each provider's words for it), or
/// failed and waiting for an action and a stop.
fn is_open(status: &str) -> bool {
    matches!(
        status,
        "IN_PROGRESS" | "STARTING" | "ROLL_STARTING" | "RUNNING" | "PENDING" | "FAILED" | ""
    )
}

impl Roll {
    /// A deployment as Spot reports it; `None` when its id did not read (it is then never
    /// asked about or acted on).
    fn read(v: &Value, provider: Provider, group: &str, account: Option<String>) -> Option<Roll> {
        Some(Roll {
            id: json::text(&v["id"]).filter(|id| !id.trim().is_empty())?,
            group: json::text(&v["groupId"]).unwrap_or_else(|| group.to_string()),
            provider: provider.key().to_string(),
            account,
            status: json::text(&v["status"]).unwrap_or_default().to_uppercase(),
            batches: json::objects(v.get("batches"))
                .iter()
                .map(|b| json::text(&b["status"]).unwrap_or_default().to_uppercase())
                .collect(),
            progress: json::int(&v["progress"]["value"]).unwrap_or(0),
            error: None,
        })
    }

    /// `Batch 2 of 3 — 33%`.
    fn words(&self) -> String {
        let done = self.batches.iter().filter(|b| *b == "FINISHED").count();
        format!(
            "{} of {} batch(es) done — {}%",
            done,
            self.batches.len(),
            self.progress
        )
    }
}

/// A bar per batch: finished, running, failed or waiting, in words too.
fn batch_bars(r: &Roll) -> impl IntoView {
    let bars = r
        .batches
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let (value, class) = match s.as_str() {
                "FINISHED" => (100, "batch done"),
                "IN_PROGRESS" => (50, "batch busy"),
                "FAILED" => (100, "batch failed"),
                _ => (0, "batch"),
            };
            let label = format!("Batch {}: {}", i + 1, s.to_lowercase().replace('_', " "));
            let (title, aria) = (label.clone(), label.clone());
            view! {
                <span class=class title=title>
                    <progress max="100" value=value aria-label=aria></progress>
                    <small>{label}</small>
                </span>
            }
        })
        .collect_view();
    view! { <span class="batches">{bars}</span> }
}

/// Where the followed deployments are saved.
pub const KEY: &str = "spot.groups.rolls";

/// The deployments of this tab's followed list.
fn followed() -> Followed<Roll> {
    Followed::load(KEY, 10)
}

/// After a reload: the deployments followed again (the area's resume hook).
pub fn resume() {
    follow(followed());
}

/// Asks Spot about every followed deployment still open (each check loads the catalog first,
/// from memory after the first time, so a resume after a reload needs no page).
fn follow(jobs: Followed<Roll>) {
    jobs.follow(|client, mut job| async move {
        let Ok(cat) = catalog::load().await else {
            return job;
        };
        let provider = Provider::from_key(&job.provider).unwrap_or(Provider::Aws);
        let key = match provider {
            Provider::AzureVms => "deploymentId",
            _ => "rollId",
        };
        let call = OpCall::new(provider.op("deployment-status").unwrap_or_default())
            .path(provider.id_param(), job.group.clone())
            .path(key, job.id.clone());
        match call.request(&cat, job.account.as_deref()) {
            Ok(req) => {
                let sent = client
                    .send_with(
                        Call::new(ApiKind::Spot, req, envelope::decode),
                        SendOptions::default(),
                    )
                    .await;
                match sent {
                    Ok(a) => {
                        let account = job.account.clone();
                        let now = a.items.as_ref().and_then(|i| i.first());
                        if let Some(now) =
                            now.and_then(|i| Roll::read(i, provider, &job.group, account))
                        {
                            job = now;
                        }
                    }
                    Err(e) => {
                        job.error = Some(e.summary());
                        job.status = "UNKNOWN".into();
                    }
                }
            }
            Err(e) => {
                job.error = e.first().map(|e| e.message.clone());
                job.status = "UNKNOWN".into();
            }
        }
        job
    });
}

/// The group's deployments (newest first), polled while one is open.
fn use_rolls(ctx: Ctx) -> crate::ui::Loaded<Answer> {
    let rolls = ctx.read("group-s-deployments-status");
    rolls.refresh_while(|r, _| {
        let open = r.as_ref().ok().is_some_and(|a| {
            a.items
                .iter()
                .flatten()
                .any(|i| json::text(&i["status"]).is_some_and(|s| is_open(&s.to_uppercase())))
        });
        open.then_some(1_000)
    });
    rolls
}

/// The open deployment (running, or failed and not yet stopped), if any.
fn open_roll(a: &Answer, provider: Provider, group: &str) -> Option<Roll> {
    a.items
        .iter()
        .flatten()
        .filter_map(|i| Roll::read(i, provider, group, None))
        .find(|r| !r.status.is_empty() && is_open(&r.status))
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

#[component]
pub fn Deployments(ctx: Ctx) -> AnyView {
    if let Some(lacks) = ctx.lacks("start-deployment", "deployments") {
        return lacks;
    }
    let account = use_account();
    let jobs = followed();
    follow(jobs);
    let batch = RwSignal::new("50".to_string());
    let grace = RwSignal::new("300".to_string());
    let health = RwSignal::new("EC2".to_string());
    let strategy = RwSignal::new("REPLACE_SERVER".to_string());
    let start = ctx.write();
    let problems = RwSignal::new(Vec::new());
    let n = |s: RwSignal<String>| s.get().trim().parse::<i64>().ok();
    let provider = ctx.provider;
    let checks = provider.health_checks();
    if let Some(first) = checks.first() {
        health.set(first.to_string());
    }
    let start_call = move || {
        ctx.op("start-deployment").body(provider.deployment_body(
            n(batch),
            n(grace),
            &health.get(),
            &strategy.get(),
        ))
    };
    // A deployment Spot accepted is followed.
    Effect::new(move |_| {
        if let Some(Ok(a)) = start.done() {
            let first = a.items.as_ref().and_then(|i| i.first());
            if let Some(roll) = first.and_then(|i| {
                Roll::read(
                    i,
                    provider,
                    &ctx.id.get_untracked(),
                    account.get_untracked(),
                )
            }) {
                jobs.add(roll);
            }
        }
    });
    let options = |list: &[&str]| {
        let list: Vec<(String, String)> = list
            .iter()
            .map(|s| (s.to_string(), s.to_string()))
            .collect();
        Signal::derive(move || list.clone())
    };
    let columns = vec![
        Column::view(
            "Deployment",
            |r: &Roll| view! { <code>{r.id.clone()}</code> },
        ),
        Column::view(
            "Status",
            |r: &Roll| view! { <StatusBadge status=r.status.to_lowercase()/> },
        ),
        Column::view("Batches", |r: &Roll| batch_bars(r)),
        Column::text("Progress", |r: &Roll| r.words()),
        Column::text("Note", |r: &Roll| r.error.clone().unwrap_or_default()),
    ];
    view! {
        <section class="card" id="spot-roll-start">
            <h3>"Start a blue/green deployment"</h3>
            <p class="muted">
                "New instances replace the old ones in batches. One deployment runs per group at a time: "
                "while one runs, or a failed one waits for an action, Spot refuses another until it is stopped."
            </p>
            <div class="form-row">
                <Field label="Batch size (% of the group)" value=batch id="spot-roll-batch" input_type="number" min="1" max="100"/>
                <Field label="Grace period (seconds)" value=grace id="spot-roll-grace" input_type="number" min="0"/>
                {(!checks.is_empty()).then(|| view! {
                    <SelectField label="Health check type" value=health id="spot-roll-health" options=options(checks)/>
                })}
                {(provider == Provider::Aws).then(|| view! {
                    <SelectField label="Strategy" value=strategy id="spot-roll-strategy"
                        options=options(&["REPLACE_SERVER", "RESTART_SERVER"])/>
                })}
            </div>
            <ActionButton label="Start deployment" pending=start.pending() id="spot-roll-go"
                on_click=Callback::new(move |_| send_noting(start, &untrack(start_call), problems))/>
            " " <ExplorerLink call=Signal::derive(start_call)/>
            {problems_view(problems)}
            {start.view(|a| view! { <p class="notice ok" id="spot-roll-started">{
                format!("Deployment {} started.", a.items.and_then(|i| i.first().and_then(|i| json::text(&i["id"]))).unwrap_or_default())
            }</p> })}
        </section>
        <JobPanel jobs=jobs columns=columns id="spot-rolls" title="Deployments followed from this console"
            empty="Deployments you start here are followed batch by batch until they finish."/>
    }
    .into_any()
}
