//! A group's overview: capacity and status, its instances (id, type, lifecycle, zone, health,
//! lock) read across the providers' field names, and cost and savings ([`super::costs`]).

use std::collections::BTreeMap;
use std::sync::Arc;

use leptos::prelude::*;
use serde_json::Value;

use crate::api::json;
use crate::api::spot::envelope::Answer;
use crate::ui::{Column, DataTable, StatusBadge};

use super::super::op_call::ExplorerLink;
use super::page::Ctx;
use super::{machines, scaling_words};

/// An instance as the status and healthiness calls describe it, whatever the provider
/// (`instanceId`, GCP's `instanceName`, Azure's `vmName`; `instanceType`, `machineType`,
/// `vmSize`; a zone or a region).
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Instance {
    pub id: String,
    pub kind: String,
    pub lifecycle: String,
    pub zone: String,
    pub state: String,
    pub health: String,
    pub locked_until: Option<i64>,
}

/// The first text among `keys`.
fn first(v: &Value, keys: &[&str]) -> Option<String> {
    keys.iter()
        .find_map(|k| json::text(&v[*k]).filter(|s| !s.is_empty()))
}

impl Instance {
    /// `None` for an instance whose id did not read: nothing could act on it, so it is not listed.
    pub fn read(i: &Value, healths: &BTreeMap<String, String>) -> Option<Instance> {
        let id = first(i, &["instanceId", "instanceName", "vmName"])?;
        let spot = match json::text(&i["lifeCycle"]) {
            Some(l) => ["spot", "preemptible", "low-priority"]
                .iter()
                .any(|s| l.eq_ignore_ascii_case(s)),
            None => !i["spotInstanceRequestId"].is_null(),
        };
        Some(Instance {
            health: healths
                .get(&id)
                .cloned()
                .unwrap_or_else(|| "unknown".into()),
            kind: first(i, &["instanceType", "machineType", "vmSize"]).unwrap_or_default(),
            lifecycle: if spot { "spot" } else { "on-demand" }.into(),
            zone: first(i, &["availabilityZone", "zone", "region"]).unwrap_or_default(),
            state: first(i, &["status", "statusName", "powerState", "state"]).unwrap_or_default(),
            locked_until: first(i, &["lockedUntil", "protectedUntil"])
                .and_then(|t| crate::time::parse_iso(&t)),
            id,
        })
    }
}

pub(super) fn instances(status: &Answer, health: Option<&Answer>) -> Vec<Instance> {
    let healths: BTreeMap<String, String> = health
        .and_then(|h| h.items.clone())
        .unwrap_or_default()
        .iter()
        .filter_map(|h| {
            Some((
                first(h, &["instanceId", "vmName"])?,
                first(h, &["healthStatus", "healthStatusName"])?,
            ))
        })
        .collect();
    machines(status)
        .iter()
        .filter_map(|i| Instance::read(i, &healths))
        .collect()
}

/// Status and healthiness, polled while instances are still starting or the count differs from
/// the target.
pub(super) fn use_instances(ctx: Ctx) -> (crate::ui::Loaded<Answer>, crate::ui::Loaded<Answer>) {
    let status = ctx.read("get-elastigroup-status");
    let health = ctx.read("instance-healthiness");
    status.refresh_while(move |r, n| {
        let settled = r.as_ref().ok().is_some_and(|a| {
            let items = instances(a, None);
            let target = ctx.group.get_untracked().map(|g| g.target);
            let started = |s: &str| {
                !matches!(
                    s,
                    "pending-evaluation" | "creating" | "starting" | "PROVISIONING"
                )
            };
            items.iter().all(|i| started(&i.state)) && target == Some(items.len() as i64)
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
pub(super) fn Overview(ctx: Ctx) -> impl IntoView {
    let (status, health) = use_instances(ctx);
    let columns = vec![
        Column::text("Instance", |i: &Instance| i.id.clone()),
        Column::text("Type", |i: &Instance| i.kind.clone()),
        Column::text("Lifecycle", |i: &Instance| i.lifecycle.clone()),
        Column::text("Zone", |i: &Instance| i.zone.clone()),
        Column::text("State", |i: &Instance| i.state.clone()),
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
                let running = status.ready().map(|a| machines(&a).len());
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
                {ctx.has("instance-healthiness").then(|| view! { " · " <ExplorerLink call=Signal::derive(move || ctx.op("instance-healthiness"))/> })}</p>
            {status.view(move |a| {
                let h = health.ready();
                let rows = instances(&a, h.as_ref());
                view! { <DataTable id="spot-group-instances" in_url=true rows=Signal::derive(move || rows.clone())
                    columns=columns.get_value() row_key=Arc::new(|i: &Instance| i.id.clone())
                    empty="No instances are running."/> }
            })}
        </section>
        <super::costs::Costs ctx=ctx/>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn answer(items: Value) -> Answer {
        Answer {
            items: items.as_array().cloned(),
            ..Answer::default()
        }
    }

    #[test]
    fn an_instance_whose_id_did_not_read_is_not_listed() {
        let status = answer(json!([
            {"instanceId": "i-1", "instanceType": "m5.large"},
            {"instanceId": "", "instanceType": "m5.large"},
            {"instanceType": "c5.large"}
        ]));
        let ids: Vec<String> = instances(&status, None).into_iter().map(|i| i.id).collect();
        assert_eq!(ids, ["i-1"]);
    }

    #[test]
    fn instances_read_across_the_providers_field_names() {
        let azure = answer(json!([{"status": "ready", "vms": [
            {"vmName": "vm-1", "vmSize": "standard_b2s", "lifeCycle": "spot", "region": "eastus", "powerState": "running"},
            {"vmName": "vm-2", "vmSize": "standard_b2s", "lifeCycle": "od", "region": "eastus", "powerState": "starting"}]}]));
        let health = answer(json!([{"vmName": "vm-1", "healthStatus": "HEALTHY"}]));
        let list = instances(&azure, Some(&health));
        assert_eq!(list.len(), 2);
        assert_eq!(
            (
                list[0].id.as_str(),
                list[0].kind.as_str(),
                list[0].zone.as_str()
            ),
            ("vm-1", "standard_b2s", "eastus")
        );
        assert_eq!(
            (list[0].lifecycle.as_str(), list[0].health.as_str()),
            ("spot", "HEALTHY")
        );
        assert_eq!(
            (
                list[1].lifecycle.as_str(),
                list[1].state.as_str(),
                list[1].health.as_str()
            ),
            ("on-demand", "starting", "unknown")
        );
        let gcp = answer(
            json!([{"instanceName": "sin-1", "machineType": "n1-standard-1",
            "lifeCycle": "PREEMPTIBLE", "zone": "us-central1-a", "statusName": "RUNNING"}]),
        );
        let g = &instances(&gcp, None)[0];
        assert_eq!(
            (
                g.id.as_str(),
                g.kind.as_str(),
                g.lifecycle.as_str(),
                g.state.as_str()
            ),
            ("sin-1", "n1-standard-1", "spot", "RUNNING")
        );
    }
}
