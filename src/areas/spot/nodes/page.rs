//! One stateful node: its status (polled while it changes state), pause / resume / recycle
//! each confirmed with what it keeps and what is lost, and its costs for a chosen range.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api::field::FieldError;
use crate::api::json;
use crate::api::spot::envelope::Answer;
use crate::ui::{
    ActionButton, ChartSeries, ConfirmDialog, LineChart, SelectField, StatusBadge, Unit,
};

use super::super::context::{link, use_account};
use super::super::op_call::{use_op, use_op_write, ExplorerLink, OpCall};
use super::super::SpotNav;
use super::{on_node, state_words, Node};

/// Each action: its slug, label, the state it needs, and what it does in words.
const ACTIONS: [(&str, &str, &str, &str); 3] = [
    ("pause", "Pause", "ACTIVE",
        "The instance is stopped and its compute is no longer billed. Its volumes and private IP are kept; what was only in memory is lost, and a public IP not kept by the node's persistence settings changes on resume."),
    ("resume", "Resume", "PAUSED",
        "The node is started again from its kept volumes, with the same private IP."),
    ("recycle", "Recycle", "ACTIVE",
        "The instance is replaced by a new one built from the node's kept volumes: it reboots, what was only in memory is lost, and the instance id changes."),
];

#[component]
pub fn NodePage() -> impl IntoView {
    let params = use_params_map();
    let account = use_account();
    let id = Signal::derive(move || params.read().get("id").unwrap_or_default());
    let version = RwSignal::new(0u32);
    let node = use_op(move || {
        version.track();
        let id = id.get();
        (!id.is_empty()).then(|| on_node("get-managed-instance", &id))
    });
    let read = Signal::derive(move || {
        node.ready()
            .and_then(|a| a.items?.first().and_then(Node::read))
    });
    let status = use_op(move || {
        version.track();
        let id = id.get();
        (!id.is_empty()).then(|| on_node("get-managed-instance-status", &id))
    });
    status.refresh_while(|r, n| {
        let moving = r
            .as_ref()
            .ok()
            .is_some_and(|a| state_of(a).ends_with("ING"));
        (moving && n < 30).then_some(1_000)
    });
    view! {
        <h1>"Spot"</h1>
        <SpotNav/>
        <p class="crumbs"><a href=move || link("/spot/stateful-nodes", account.get().as_deref())>"Stateful nodes"</a></p>
        <h2 id="spot-node-title">
            <bdi>{move || read.get().map(|n| n.name).unwrap_or_default()}</bdi>
            " " <small class="muted">{id}</small>
        </h2>
        {node.view(|_| ())}
        <section class="card" id="spot-node-status">
            <h3>"Status"</h3>
            <p class="muted"><ExplorerLink call=Signal::derive(move || on_node("get-managed-instance-status", &id.get()))/></p>
            {status.view(|a| {
                let s = a.items.unwrap_or_default().first().cloned().unwrap_or_default();
                let t = |k: &str| json::text(&s[k]).unwrap_or_else(|| "—".into());
                view! {
                    <p>"State " <span id="spot-node-state"><StatusBadge status=state_words(&json::text(&s["status"]).unwrap_or_default())/></span></p>
                    <dl class="facts">
                        <dt>"Instance"</dt><dd id="spot-node-instance">{t("instanceId")}</dd>
                        <dt>"Type"</dt><dd>{t("instanceType")}</dd>
                        <dt>"Private IP"</dt><dd>{t("privateIp")}</dd>
                        <dt>"Public IP"</dt><dd>{t("publicIp")}</dd>
                        <dt>"Image"</dt><dd>{t("imageId")}</dd>
                    </dl>
                }
            })}
        </section>
        <Actions id=id version=version state=Signal::derive(move || status.ready().map(|a| state_of(&a)).unwrap_or_default())/>
        <Costs id=id/>
        <super::edit::Edit id=id node=read version=version/>
    }
}

/// The node's state from a status answer (upper case; empty when Spot did not say).
fn state_of(a: &Answer) -> String {
    a.items
        .as_ref()
        .and_then(|i| i.first())
        .and_then(|s| json::text(&s["status"]))
        .unwrap_or_default()
        .to_uppercase()
}

#[component]
fn Actions(id: Signal<String>, version: RwSignal<u32>, state: Signal<String>) -> impl IntoView {
    let chosen = RwSignal::new(0usize);
    let open = RwSignal::new(false);
    let problems = RwSignal::new(Vec::<FieldError>::new());
    let w = use_op_write(move |_| version.update(|v| *v += 1));
    let call = move |i: usize| -> OpCall {
        on_node(&format!("{}-managed-instance", ACTIONS[i].0), &id.get())
    };
    let buttons = (0..ACTIONS.len())
        .map(|i| {
            let (slug, label, needs, _) = ACTIONS[i];
            let title = format!("Needs the node to be {}", needs.to_lowercase());
            view! {
                <ActionButton label=label pending=w.pending() id=format!("spot-node-{slug}")
                    on_click=Callback::new(move |_| { chosen.set(i); w.clear(); open.set(true); })/>
                <small class="muted" title=title.clone()>" (" {needs.to_lowercase()} ") "</small>
            }
        })
        .collect_view();
    let send = move || {
        problems.set(
            w.send(&untrack(|| call(chosen.get())))
                .err()
                .unwrap_or_default(),
        )
    };
    view! {
        <section class="card" id="spot-node-actions">
            <h3>"Pause, resume, recycle"</h3>
            <p class="muted">{move || format!("The node is {} now; each action says what it keeps before it is sent.", state_words(&state.get()))}</p>
            <div class="actions">{buttons}</div>
            <p class="muted">{move || view! { <ExplorerLink call=call(chosen.get())/> }}</p>
            <ConfirmDialog open=open title="Change this stateful node?" confirm_label="Confirm"
                danger=true on_confirm=Callback::new(move |_| send())>
                <p id="spot-node-explain">{move || format!("{} {}: {}", ACTIONS[chosen.get()].1, id.get(), ACTIONS[chosen.get()].3)}</p>
            </ConfirmDialog>
            {super::super::op_call::unsent(problems)}
            {w.view(|_| view! { <p class="notice ok" id="spot-node-done">"Spot accepted it; the state below follows."</p> })}
        </section>
    }
}

/// `days` ago as `YYYY-MM-DD` (UTC).
fn day(days_ago: i64) -> String {
    let ms = crate::time::now_ms() - days_ago * 86_400_000;
    crate::time::absolute(ms).chars().take(10).collect()
}

#[component]
fn Costs(id: Signal<String>) -> impl IntoView {
    let range = RwSignal::new("7".to_string());
    let call = move || {
        let days = range.get().parse::<i64>().unwrap_or(7);
        on_node("get-managed-instance-costs", &id.get())
            .query("fromDate", format!("{}T00:00:00Z", day(days - 1)))
            .query("toDate", format!("{}T23:59:59Z", day(0)))
            .query("aggregationPeriod", "daily")
    };
    let costs = use_op(move || (!id.get().is_empty()).then(call));
    view! {
        <section class="card" id="spot-node-costs">
            <h3>"Costs"</h3>
            <SelectField label="Range" value=range id="spot-node-costs-range"
                options=Signal::derive(|| vec![("7".into(), "Last 7 days".into()), ("14".into(), "Last 14 days".into()), ("30".into(), "Last 30 days".into())])/>
            <p class="muted"><ExplorerLink call=Signal::derive(call)/></p>
            {costs.view(|a| {
                let items = a.items.unwrap_or_default();
                let point = |i: &serde_json::Value, k: &str| {
                    let t = json::text(&i["timestamp"]).and_then(|t| crate::time::parse_iso(&t))?;
                    Some((t as f64 / 1000.0, json::float(&i["costs"][k])?))
                };
                let series = |k: &str, label: &str| ChartSeries::new(label, items.iter().filter_map(|i| point(i, k)).collect());
                let total = |k: &str| items.iter().filter_map(|i| point(i, k)).map(|p| p.1).sum::<f64>();
                let list = vec![series("actual", "Actual cost"), series("potential", "On-demand cost")];
                view! {
                    <p id="spot-node-costs-summary">{format!("Actual ${:.2} · on demand ${:.2} over {} day(s).", total("actual"), total("potential"), items.len())}</p>
                    <LineChart id="spot-node-costs-chart" title="Cost per day (USD)" unit=Unit::Plain("USD") series=Signal::derive(move || list.clone())/>
                }
            })}
        </section>
    }
}
