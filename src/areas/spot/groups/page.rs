//! One Elastigroup: the running deployment's banner on every tab, then Overview (capacity,
//! status, instances, costs), Capacity (update with the warning, scale up / down),
//! Instances (lock / unlock, simulated interruption), Deployments ([`super::deploy`]),
//! Stateful ([`super::stateful`]), Activity ([`super::activity`]) and Configuration
//! ([`super::config`]).

use std::collections::BTreeMap;
use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use serde_json::{json, Value};

use crate::api::field::FieldError;
use crate::api::json;
use crate::api::spot::envelope::Answer;
use crate::ui::{
    tab_enum, tabs, ActionButton, ChartSeries, Column, ConfirmDialog, DataTable, Field, LineChart,
    SelectField, StatusBadge, Tab, Unit,
};

use super::super::context::use_account;
use super::super::op_call::{use_op, use_op_write, ExplorerLink, OpCall, OpWrite};
use super::super::SpotNav;
use super::{float, op, scaling_words, Group};

tab_enum!(GroupTab {
    Overview => ("Overview", ""),
    Capacity => ("Capacity", "capacity"),
    Instances => ("Instances", "instances"),
    Deployments => ("Deployments", "deployments"),
    Stateful => ("Stateful", "stateful"),
    Activity => ("Activity", "activity"),
    Configuration => ("Configuration", "configuration"),
});

/// What every tab of the page shares: the group's id, its answer, and a counter that reads
/// depend on so a write reloads them.
#[derive(Clone, Copy)]
pub(super) struct Ctx {
    pub id: Signal<String>,
    pub group: Signal<Option<Group>>,
    pub version: RwSignal<u32>,
}

impl Ctx {
    /// Reloads what the page shows (after a write changed it).
    pub fn changed(&self) {
        self.version.update(|v| *v += 1);
    }

    /// An operation on this group (its `groupId` filled in).
    pub fn op(&self, name: &str) -> OpCall {
        op(name).path("groupId", self.id.get_untracked())
    }

    /// A read of this group's `name`, again after each write.
    pub fn read(&self, name: &'static str) -> crate::ui::Loaded<Answer> {
        let ctx = *self;
        use_op(move || {
            ctx.version.track();
            let id = ctx.id.get();
            (!id.is_empty()).then(|| op(name).path("groupId", id))
        })
    }

    /// A write that reloads the page's reads when it is in.
    pub fn write(&self) -> OpWrite {
        let ctx = *self;
        use_op_write(move |_| ctx.changed())
    }
}

/// Problems of a write that stopped before sending, in words.
pub(super) fn problems_view(p: RwSignal<Vec<FieldError>>) -> impl IntoView {
    move || {
        p.with(|p| {
            (!p.is_empty()).then(|| {
                let text = p
                    .iter()
                    .map(|e| e.message.clone())
                    .collect::<Vec<_>>()
                    .join(" ");
                view! { <p class="notice error" role="alert">{text}</p> }
            })
        })
    }
}

/// Sends `call`, keeping what stopped it in `problems`.
pub(super) fn send(w: OpWrite, call: OpCall, problems: RwSignal<Vec<FieldError>>) {
    problems.set(w.send(&call).err().unwrap_or_default());
}

#[component]
pub fn GroupPage() -> impl IntoView {
    let params = use_params_map();
    let account = use_account();
    let id = Signal::derive(move || params.read().get("id").unwrap_or_default());
    let tab =
        Memo::new(move |_| GroupTab::from_path(&params.read().get("tab").unwrap_or_default()));
    let version = RwSignal::new(0u32);
    let loaded = use_op(move || {
        version.track();
        let id = id.get();
        (!id.is_empty()).then(|| op("list-elastigroup").path("groupId", id))
    });
    let group = Signal::derive(move || {
        loaded
            .ready()
            .and_then(|a| a.items?.first().and_then(Group::read))
    });
    let ctx = Ctx { id, group, version };
    view! {
        <h1>"Spot"</h1>
        <SpotNav/>
        <p class="crumbs"><a href=move || super::super::context::link("/spot/elastigroups", account.get().as_deref())>"Elastigroups"</a></p>
        <h2 id="spot-group-title">
            <bdi>{move || group.get().map(|g| g.name).unwrap_or_default()}</bdi>
            " " <small class="muted">{id}</small>
        </h2>
        {loaded.view(|_| ())}
        <super::deploy::Banner ctx=ctx/>
        {move || {
            let base = format!("/spot/elastigroups/{}", percent_encoding::utf8_percent_encode(&id.get(), percent_encoding::NON_ALPHANUMERIC));
            tabs::<GroupTab>(&base, "Elastigroup", "spot-group-tab")
        }}
        {move || match tab.get() {
            GroupTab::Overview => view! { <Overview ctx=ctx/> }.into_any(),
            GroupTab::Capacity => view! { <Capacity ctx=ctx/> }.into_any(),
            GroupTab::Instances => view! { <Instances ctx=ctx/> }.into_any(),
            GroupTab::Deployments => view! { <super::deploy::Deployments ctx=ctx/> }.into_any(),
            GroupTab::Stateful => view! { <super::stateful::StatefulTab ctx=ctx/> }.into_any(),
            GroupTab::Activity => view! { <super::activity::Activity ctx=ctx/> }.into_any(),
            GroupTab::Configuration => view! { <super::config::Configuration ctx=ctx/> }.into_any(),
        }}
    }
}

/// An instance as the status and healthiness calls describe it.
#[derive(Clone, Debug, PartialEq)]
struct Instance {
    id: String,
    kind: String,
    lifecycle: String,
    zone: String,
    health: String,
    locked_until: Option<i64>,
}

fn instances(status: &Answer, health: Option<&Answer>) -> Vec<Instance> {
    let healths: BTreeMap<String, String> = health
        .and_then(|h| h.items.clone())
        .unwrap_or_default()
        .iter()
        .filter_map(|h| {
            Some((
                json::text(&h["instanceId"])?,
                json::text(&h["healthStatus"])?,
            ))
        })
        .collect();
    status
        .items
        .clone()
        .unwrap_or_default()
        .iter()
        .map(|i| {
            let id = json::text(&i["instanceId"]).unwrap_or_default();
            let spot = match json::text(&i["lifeCycle"]) {
                Some(l) => l.eq_ignore_ascii_case("spot"),
                None => !i["spotInstanceRequestId"].is_null(),
            };
            Instance {
                health: healths
                    .get(&id)
                    .cloned()
                    .unwrap_or_else(|| "unknown".into()),
                kind: json::text(&i["instanceType"]).unwrap_or_default(),
                lifecycle: if spot { "spot" } else { "on-demand" }.into(),
                zone: json::text(&i["availabilityZone"]).unwrap_or_default(),
                locked_until: json::text(&i["lockedUntil"])
                    .and_then(|t| crate::time::parse_iso(&t)),
                id,
            }
        })
        .collect()
}

/// Status and healthiness, polled while instances are still starting or the count differs from
/// the target.
fn use_instances(ctx: Ctx) -> (crate::ui::Loaded<Answer>, crate::ui::Loaded<Answer>) {
    let status = ctx.read("get-elastigroup-status");
    let health = ctx.read("instance-healthiness");
    status.refresh_while(move |r, n| {
        let settled = r.as_ref().ok().is_some_and(|a| {
            let items = a.items.clone().unwrap_or_default();
            let target = ctx.group.get_untracked().map(|g| g.target);
            items.iter().all(|i| i["status"] == "fulfilled") && target == Some(items.len() as i64)
        });
        (!settled && n < 30).then_some(1_000)
    });
    Effect::new(move |_| {
        // Health follows the status: asked again whenever a status answer arrives.
        if status.get().is_some() {
            health.refetch();
        }
    });
    (status, health)
}

#[component]
fn Overview(ctx: Ctx) -> impl IntoView {
    let (status, health) = use_instances(ctx);
    let columns = vec![
        Column::text("Instance", |i: &Instance| i.id.clone()),
        Column::text("Type", |i: &Instance| i.kind.clone()),
        Column::text("Lifecycle", |i: &Instance| i.lifecycle.clone()),
        Column::text("Zone", |i: &Instance| i.zone.clone()),
        Column::view(
            "Health",
            |i: &Instance| view! { <StatusBadge status=i.health.to_lowercase()/> },
        ),
        Column::view("Lock", |i: &Instance| match i.locked_until {
            Some(t) => view! { <span>"locked until " {crate::time::absolute(t)}</span> }.into_any(),
            None => view! { <span class="muted">"unlocked"</span> }.into_any(),
        }),
    ];
    let columns = StoredValue::new(columns);
    view! {
        <section class="card" id="spot-group-capacity">
            <h3>"Capacity"</h3>
            {move || ctx.group.get().map(|g| {
                let running = status.ready().and_then(|a| a.items).map(|i| i.len());
                view! {
                    <p>
                        "Minimum " <strong id="spot-cap-min">{g.min}</strong>
                        " · target " <strong id="spot-cap-target">{g.target}</strong>
                        " · maximum " <strong id="spot-cap-max">{g.max}</strong>
                        " · running " <strong id="spot-cap-running">{running.map(|r| r.to_string()).unwrap_or_else(|| "…".into())}</strong>
                        " " {running.map(|r| view! { <StatusBadge status=scaling_words(r, g.target).to_string()/> })}
                    </p>
                    <p class="muted">"Region " {g.region.clone()}</p>
                }
            })}
        </section>
        <section class="card">
            <h3>"Instances"</h3>
            <p class="muted"><ExplorerLink call=Signal::derive(move || ctx.op("get-elastigroup-status"))/>
                " · " <ExplorerLink call=Signal::derive(move || ctx.op("instance-healthiness"))/></p>
            {status.view(move |a| {
                let h = health.ready();
                let rows = instances(&a, h.as_ref());
                view! { <DataTable id="spot-group-instances" in_url=true rows=Signal::derive(move || rows.clone())
                    columns=columns.get_value() row_key=Arc::new(|i: &Instance| i.id.clone())
                    empty="No instances are running."/> }
            })}
        </section>
        <Costs ctx=ctx/>
    }
}

/// `days` ago as `YYYY-MM-DD` (UTC).
pub(super) fn day(days_ago: i64) -> String {
    let ms = crate::time::now_ms() - days_ago * 86_400_000;
    crate::time::absolute(ms).chars().take(10).collect()
}

#[component]
fn Costs(ctx: Ctx) -> impl IntoView {
    let range = RwSignal::new("7".to_string());
    let call = move || {
        let days = range.get().parse::<i64>().unwrap_or(7);
        op("get-costs-per-elastigroup")
            .path("groupId", ctx.id.get())
            .query("fromDate", day(days - 1))
            .query("toDate", day(0))
            .query("aggregationPeriod", "daily")
    };
    let costs = use_op(move || (!ctx.id.get().is_empty()).then(call));
    view! {
        <section class="card" id="spot-group-costs">
            <h3>"Cost and savings"</h3>
            <SelectField label="Range" value=range id="spot-costs-range"
                options=Signal::derive(|| vec![("7".into(), "Last 7 days".into()), ("14".into(), "Last 14 days".into()), ("30".into(), "Last 30 days".into())])/>
            <p class="muted"><ExplorerLink call=Signal::derive(call)/></p>
            {costs.view(|a| {
                let items = a.items.unwrap_or_default();
                let point = |i: &Value, k: &str| {
                    let t = json::text(&i["timestamp"]).and_then(|t| crate::time::parse_iso(&t))?;
                    let v = if k == "savings" { float(&i["savings"]["value"]) } else { float(&i[k]) }?;
                    Some((t as f64 / 1000.0, v))
                };
                let series = |k: &str, label: &str| ChartSeries::new(label, items.iter().filter_map(|i| point(i, k)).collect());
                let total = |k: &str| items.iter().filter_map(|i| point(i, k)).map(|p| p.1).sum::<f64>();
                let (actual, potential) = (total("actual"), total("potential"));
                let pct = if potential > 0.0 { (potential - actual) / potential * 100.0 } else { 0.0 };
                let list = vec![series("actual", "Actual cost"), series("potential", "On-demand cost"), series("savings", "Savings")];
                view! {
                    <p id="spot-costs-summary">{format!("Actual ${actual:.2} · on demand ${potential:.2} · saved ${:.2} ({pct:.0}%) over {} day(s).", potential - actual, items.len())}</p>
                    <LineChart id="spot-costs-chart" title="Cost per day (USD)" unit=Unit::Plain("USD") series=Signal::derive(move || list.clone())/>
                }
            })}
        </section>
    }
}

#[component]
fn Capacity(ctx: Ctx) -> impl IntoView {
    let min = RwSignal::new(String::new());
    let target = RwSignal::new(String::new());
    let max = RwSignal::new(String::new());
    let by = RwSignal::new("1".to_string());
    Effect::new(move |_| {
        if let Some(g) = ctx.group.get() {
            min.set(g.min.to_string());
            target.set(g.target.to_string());
            max.set(g.max.to_string());
        }
    });
    let (status, _) = use_instances(ctx);
    let running = move || status.ready().and_then(|a| a.items).map(|i| i.len() as i64);
    let warning = move || {
        let t = target.get().trim().parse::<i64>().ok()?;
        let r = running()?;
        (t < r).then(|| format!("The target ({t}) is below the {r} instance(s) running: Spot will terminate {} of them.", r - t))
    };
    let update = ctx.write();
    let scale = ctx.write();
    let problems = RwSignal::new(Vec::new());
    let n = |s: RwSignal<String>| s.get().trim().parse::<i64>().ok();
    let capacity_call = move || {
        ctx.op("update-capacity")
            .body(json!({"capacity": {"minimum": n(min), "target": n(target), "maximum": n(max)}}))
    };
    let scale_call = move |dir: &str| {
        ctx.op(if dir == "up" {
            "scale-up"
        } else {
            "scale-down"
        })
        .query("adjustment", by.get().trim().to_string())
    };
    view! {
        <section class="card" id="spot-capacity">
            <h3>"Update capacity"</h3>
            <div class="form-row">
                <Field label="Minimum" value=min id="spot-cap-edit-min" input_type="number"/>
                <Field label="Target" value=target id="spot-cap-edit-target" input_type="number"/>
                <Field label="Maximum" value=max id="spot-cap-edit-max" input_type="number"/>
            </div>
            {move || warning().map(|w| view! { <p class="notice" id="spot-cap-warning">{w}</p> })}
            <ActionButton label="Update capacity" pending=update.pending() id="spot-cap-update"
                on_click=Callback::new(move |_| send(update, untrack(capacity_call), problems))/>
            " " <ExplorerLink call=Signal::derive(capacity_call)/>
            {problems_view(problems)}
            {update.view(|a| view! { <p class="notice ok" id="spot-cap-done">{updated_words(&a)}</p> })}
        </section>
        <section class="card" id="spot-scale">
            <h3>"Scale by a number of instances"</h3>
            <Field label="Instances" value=by id="spot-scale-by" input_type="number" min="1"/>
            <ActionButton label="Scale up" pending=scale.pending() id="spot-scale-up"
                on_click=Callback::new(move |_| send(scale, untrack(|| scale_call("up")), problems))/>
            " "
            <ActionButton label="Scale down" pending=scale.pending() id="spot-scale-down"
                on_click=Callback::new(move |_| send(scale, untrack(|| scale_call("down")), problems))/>
            " " <ExplorerLink call=Signal::derive(move || scale_call("up"))/>
            " " <ExplorerLink call=Signal::derive(move || scale_call("down"))/>
            {scale.view(|a| view! { <p class="notice ok" id="spot-scale-done">{scaled_words(&a)}</p> })}
        </section>
    }
}

fn updated_words(a: &Answer) -> String {
    let c = a
        .items
        .as_ref()
        .and_then(|i| i.first())
        .map(|i| i["capacity"].clone())
        .unwrap_or_default();
    match (
        json::int(&c["minimum"]),
        json::int(&c["target"]),
        json::int(&c["maximum"]),
    ) {
        (Some(mi), Some(t), Some(ma)) => {
            format!("Capacity is now {mi} / {t} / {ma} (minimum / target / maximum).")
        }
        _ => "Spot accepted the new capacity.".into(),
    }
}

fn scaled_words(a: &Answer) -> String {
    let item = a
        .items
        .as_ref()
        .and_then(|i| i.first())
        .cloned()
        .unwrap_or_default();
    let ids = |k: &str| {
        json::objects(item.get(k))
            .iter()
            .filter_map(|i| json::text(&i["instanceId"]))
            .collect::<Vec<_>>()
    };
    let (new, gone) = (ids("newInstances"), ids("victimInstances"));
    match (new.is_empty(), gone.is_empty()) {
        (false, _) => format!("Launching {}: {}.", new.len(), new.join(", ")),
        (true, false) => format!("Terminating {}: {}.", gone.len(), gone.join(", ")),
        _ => "Spot accepted the scaling; it did not say which instances changed.".into(),
    }
}

#[component]
fn Instances(ctx: Ctx) -> impl IntoView {
    let (status, _) = use_instances(ctx);
    let chosen = RwSignal::new(String::new());
    let minutes = RwSignal::new("60".to_string());
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
    let on_instance = move |name: &str| op(name).path("instanceId", chosen.get());
    let confirm = RwSignal::new(false);
    let act = move |call: OpCall| {
        if chosen.get_untracked().is_empty() {
            problems.set(vec![FieldError::new(
                "instance",
                "Choose an instance first.",
            )]);
        } else {
            send(w, call, problems);
        }
    };
    view! {
        <section class="card" id="spot-instances">
            <h3>"Act on an instance"</h3>
            <SelectField label="Instance" value=chosen id="spot-instance-pick" options=options/>
            <Field label="Lock for (minutes)" value=minutes id="spot-lock-minutes" input_type="number" min="1"/>
            <p class="muted">"A locked instance is kept when the group scales down (until the lock ends)."</p>
            <div class="actions">
                <ActionButton label="Lock" pending=w.pending() id="spot-instance-lock"
                    on_click=Callback::new(move |_| act(untrack(|| on_instance("instance-lock").query("ttlInMinutes", minutes.get()))))/>
                " "
                <ActionButton label="Unlock" pending=w.pending() id="spot-instance-unlock"
                    on_click=Callback::new(move |_| act(untrack(|| on_instance("instance-unlock"))))/>
                " "
                <ActionButton label="Simulate an interruption" danger=true pending=w.pending() id="spot-instance-interrupt"
                    on_click=Callback::new(move |_| if chosen.get_untracked().is_empty() {
                        problems.set(vec![FieldError::new("instance", "Choose an instance first.")]);
                    } else { confirm.set(true) })/>
            </div>
            <p class="muted">
                <ExplorerLink call=Signal::derive(move || on_instance("instance-lock").query("ttlInMinutes", minutes.get()))/>
                " · " <ExplorerLink call=Signal::derive(move || on_instance("instance-unlock"))/>
                " · detach, standby and signals: " <a href=move || op("detach-instance").path("groupId", ctx.id.get()).explorer_href(None)>"in the explorer"</a>
            </p>
            <ConfirmDialog open=confirm title="Simulate an interruption?" confirm_label="Interrupt it" danger=true
                on_confirm=Callback::new(move |_| act(untrack(|| op("simulate-an-instance-interruption")
                    .body(json!({"instancesToInterrupt": [chosen.get()]})))))>
                <p>{move || format!("Spot will treat {} as reclaimed by AWS: it is terminated and the group launches a replacement.", chosen.get())}</p>
            </ConfirmDialog>
            {problems_view(problems)}
            {w.view(|_| view! { <p class="notice ok" id="spot-instance-done">"Done."</p> })}
        </section>
        <section class="card">
            {status.view(|a| {
                let rows = instances(&a, None);
                view! { <DataTable id="spot-instances-table" in_url=true rows=Signal::derive(move || rows.clone())
                    columns=vec![
                        Column::text("Instance", |i: &Instance| i.id.clone()),
                        Column::text("Type", |i: &Instance| i.kind.clone()),
                        Column::text("Lifecycle", |i: &Instance| i.lifecycle.clone()),
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
