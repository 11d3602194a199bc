//! Elastigroups of every provider (AWS, the EMR Scaler, GCP, Azure Spot VMs and Scale Sets):
//! one list with a provider column (the columns Spot's console shows), and a group's page with
//! its tabs ([`page`]), the same components for every provider through the adapter
//! ([`provider`]). Every call is a catalog operation sent through the request builder
//! ([`super::op_call`]), each linked to its explorer page with the same parameters.
//! A chunk of its own (`spot_groups_area`): nothing here is in the first load.

mod activity;
mod capacity;
mod config;
mod costs;
mod deploy;
mod detach;
mod import;
mod import_actions;
mod import_job;
mod instances;
mod overview;
mod page;
mod provider;
mod stateful;
mod stateful_import;
mod suspend;
mod suspend_azure;
mod tasks;

use std::collections::BTreeMap;
use std::sync::Arc;

use leptos::prelude::*;
use serde_json::{json, Value};

use crate::api::field::{message_for, FieldError};
use crate::api::json;
use crate::api::spot::envelope::Answer;
use crate::areas::lazy::{lazy_area, resume_hook};
use crate::ui::{ActionButton, Column, DataTable, Field, Loaded, StatusBadge, TimeAgo};

use super::context::{link, use_account};
use super::op_call::{use_op, use_op_write, ExplorerLink, OpCall};
use super::SpotNav;
use page::GroupPage;
pub use provider::Provider;

lazy_area!(spot_groups_area {
    SpotGroupsRoute => GroupList,
    SpotGroupRoute => GroupPage,
});

resume_hook!(spot_groups_area, import_job::resume_with_deployments);

/// Where the followed deployments are saved (for the resume hook's registration).
pub const ROLLS_KEY: &str = deploy::KEY;
/// Where the followed stateful imports are saved (the same hook resumes them).
pub const STATEFUL_IMPORTS_KEY: &str = import_job::KEY;

/// The explorer section of the Elastigroup AWS operations.
const AWS: &str = "elastigroup-aws";

/// `elastigroup-aws/<op>`.
fn op(name: &str) -> OpCall {
    OpCall::new(format!("{AWS}/{name}"))
}

/// `provider`'s operation for the Elastigroup AWS operation `name` (an unknown id, which the
/// builder refuses in words, when the provider has none: callers check [`Provider::has`]).
fn provider_op(provider: Provider, name: &str) -> OpCall {
    OpCall::new(provider.op(name).unwrap_or_default())
}

/// A group as listed.
#[derive(Clone, Debug, PartialEq)]
struct Group {
    provider: Provider,
    id: String,
    name: String,
    region: String,
    created: Option<i64>,
    min: i64,
    target: i64,
    max: i64,
    raw: Value,
}

impl Group {
    /// A group as Spot lists it, whatever its provider (a `group` or `mrScaler` wrapper, a
    /// region or zones); `None` when its id did not read (no page, no action).
    fn read(provider: Provider, item: &Value) -> Option<Group> {
        let v = ["group", "mrScaler"]
            .iter()
            .find_map(|k| item.get(*k).filter(|g| g.is_object()))
            .unwrap_or(item);
        let n = |k: &str| json::int(&v["capacity"][k]).unwrap_or(0);
        let text = |k: &str| json::text(&v[k]).or_else(|| json::text(&item[k]));
        let zones = json::strings(v.pointer("/compute/availabilityZones"));
        Some(Group {
            provider,
            id: text("id").filter(|id| !id.trim().is_empty())?,
            name: text("name").unwrap_or_default(),
            region: text("region")
                .or_else(|| (!zones.is_empty()).then(|| zones.join(", ")))
                .unwrap_or_default(),
            created: text("createdAt").and_then(|t| crate::time::parse_iso(&t)),
            min: n("minimum"),
            target: n("target"),
            max: n("maximum"),
            raw: v.clone(),
        })
    }
}

/// The machines a status answer lists: its items, or (Azure Spot VMs) each item's `vms`.
fn machines(a: &Answer) -> Vec<Value> {
    a.items
        .iter()
        .flatten()
        .flat_map(|i| match i.get("vms") {
            Some(Value::Array(vms)) => vms.clone(),
            _ => vec![i.clone()],
        })
        .collect()
}

/// A number read leniently (a JSON number or a numeric string).
fn float(v: &Value) -> Option<f64> {
    v.as_f64()
        .or_else(|| v.as_str()?.trim().parse().ok())
        .filter(|f: &f64| f.is_finite())
}

/// Whether a group's running instances match its target, in words.
fn scaling_words(running: usize, target: i64) -> &'static str {
    match (running as i64).cmp(&target) {
        std::cmp::Ordering::Equal => "active",
        std::cmp::Ordering::Less => "scaling up",
        std::cmp::Ordering::Greater => "scaling down",
    }
}

/// The address of a group's page (its tab below it), in the chosen account.
fn group_href(provider: Provider, id: &str, tab: &str, account: Option<&str>) -> String {
    let enc = percent_encoding::utf8_percent_encode(id, percent_encoding::NON_ALPHANUMERIC);
    let p = provider.key();
    let path = match tab {
        "" => format!("/spot/elastigroups/{p}/{enc}"),
        t => format!("/spot/elastigroups/{p}/{enc}/{t}"),
    };
    link(&path, account)
}

#[component]
pub fn GroupList() -> impl IntoView {
    let account = use_account();
    let version = RwSignal::new(0u32);
    let lists: [(Provider, Loaded<Answer>); 5] = Provider::ALL.map(|p| {
        let read = use_op(move || {
            version.track();
            Some(provider_op(p, "list-all-elastigroups"))
        });
        (p, read)
    });
    let rows = Signal::derive(move || {
        lists
            .iter()
            .flat_map(|(p, read)| {
                let items = read.ready().and_then(|a| a.items).unwrap_or_default();
                items
                    .iter()
                    .filter_map(|v| Group::read(*p, v))
                    .collect::<Vec<_>>()
            })
            .collect::<Vec<_>>()
    });
    // Instances running per group, as each row's status call answers.
    let running = RwSignal::new(BTreeMap::<String, usize>::new());
    let columns = vec![
        Column::view("Name", move |g: &Group| {
            let href = group_href(g.provider, &g.id, "", account.get_untracked().as_deref());
            view! { <a href=href><bdi>{g.name.clone()}</bdi></a> }
        })
        .sort_by_text(|g: &Group| g.name.clone()),
        Column::text("Id", |g: &Group| g.id.clone()),
        Column::text("Provider", |g: &Group| g.provider.label().to_string()),
        Column::view("Instances (running / target)", move |g: &Group| {
            view! { <Running provider=g.provider id=g.id.clone() target=g.target running=running/> }
        }),
        Column::text("Region", |g: &Group| g.region.clone()),
        Column::view("Created", |g: &Group| view! { <TimeAgo ms=g.created/> })
            .sort_by_num(|g: &Group| g.created.unwrap_or(0) as f64),
        Column::view("Status", move |g: &Group| {
            let (id, target) = (g.id.clone(), g.target);
            let word = Signal::derive(move || {
                running
                    .with(|r| r.get(&id).map(|n| scaling_words(*n, target)))
                    .unwrap_or("—")
                    .to_string()
            });
            view! { <StatusBadge status=word/> }
        }),
    ];
    view! {
        <h1>"Spot"</h1>
        <SpotNav/>
        <h2>"Elastigroups"</h2>
        <ul class="ocean-sources" id="spot-group-sources">
            {lists.map(|(p, read)| view! {
                <li data-provider=p.key()>{p.label()} ": "
                    {read.view(move |a| {
                        let n = a.items.map(|i| i.len()).unwrap_or(0);
                        format!("{n} group{}", if n == 1 { "" } else { "s" })
                    })}
                    " " <ExplorerLink call=provider_op(p, "list-all-elastigroups")/>
                </li>
            }).into_iter().collect_view()}
        </ul>
        <DataTable
            id="spot-groups" in_url=true
            rows=rows
            columns=columns
            search=Arc::new(|g: &Group| format!("{} {} {} {}", g.name, g.id, g.region, g.provider.label()))
            row_key=Arc::new(|g: &Group| format!("{}/{}", g.provider.key(), g.id))
            empty="No Elastigroups in this account."
        />
        <CreateGroup version=version/>
        <import::ImportGroup version=version/>
        <import::OtherProviders version=version/>
    }
}

/// One row's running instances (its status call), written into the list's map for its
/// status column.
#[component]
fn Running(
    provider: Provider,
    id: String,
    target: i64,
    running: RwSignal<BTreeMap<String, usize>>,
) -> impl IntoView {
    let gid = id.clone();
    let status = use_op(move || {
        Some(provider_op(provider, "get-elastigroup-status").path(provider.id_param(), gid.clone()))
    });
    Effect::new(move |_| {
        if let Some(a) = status.ready() {
            let n = machines(&a).len();
            running.update(|r| {
                r.insert(id.clone(), n);
            });
        }
    });
    move || match status.get() {
        None => "…".to_string(),
        Some(Ok(a)) => format!("{} / {target}", machines(&a).len()),
        Some(Err(_)) => format!("? / {target}"),
    }
}

/// A new AWS group from a blank template: name, region and capacity (the rest of Spot's
/// configuration is edited afterwards on its Configuration tab, or sent from the explorer).
#[component]
fn CreateGroup(version: RwSignal<u32>) -> impl IntoView {
    let account = use_account();
    let name = RwSignal::new(String::new());
    let region = RwSignal::new("us-east-1".to_string());
    let min = RwSignal::new("1".to_string());
    let target = RwSignal::new("1".to_string());
    let max = RwSignal::new("5".to_string());
    let problems = RwSignal::new(Vec::<FieldError>::new());
    let create = use_op_write(move |r| {
        if r.is_ok() {
            version.update(|v| *v += 1);
        }
    });
    let call = move || {
        let n = |s: RwSignal<String>| s.get().trim().parse::<i64>().ok();
        op("create-elastigroup").body(json!({"group": {
            "name": name.get().trim(), "region": region.get().trim(),
            "capacity": {"minimum": n(min), "target": n(target), "maximum": n(max), "unit": "instance"}}}))
    };
    let send = move || {
        let mut p = Vec::new();
        if name.get_untracked().trim().is_empty() {
            p.push(FieldError::new("body:group.name", "Give the group a name."));
        }
        for (k, s) in [("minimum", min), ("target", target), ("maximum", max)] {
            if s.get_untracked().trim().parse::<i64>().is_err() {
                p.push(FieldError::new(
                    format!("body:group.capacity.{k}"),
                    "A whole number.",
                ));
            }
        }
        if p.is_empty() {
            if let Err(e) = create.send(&untrack(call)) {
                p = e;
            }
        }
        problems.set(p);
    };
    let err = move |k: &'static str| {
        Signal::derive(move || problems.with(|p| message_for(p, k).map(str::to_string)))
    };
    view! {
        <section class="card" id="spot-group-create">
            <h3>"Create an Elastigroup (AWS)"</h3>
            <div class="form-row">
                <Field label="Name" value=name id="spot-new-name" error=err("body:group.name")/>
                <Field label="Region" value=region id="spot-new-region"/>
                <Field label="Minimum" value=min id="spot-new-min" input_type="number" error=err("body:group.capacity.minimum")/>
                <Field label="Target" value=target id="spot-new-target" input_type="number" error=err("body:group.capacity.target")/>
                <Field label="Maximum" value=max id="spot-new-max" input_type="number" error=err("body:group.capacity.maximum")/>
            </div>
            <ActionButton label="Create group" pending=create.pending() id="spot-new-create"
                on_click=Callback::new(move |_| send())/>
            " " <ExplorerLink call=Signal::derive(call)/>
            {create.view(move |a| {
                let g = a.items.unwrap_or_default().first().and_then(|v| Group::read(Provider::Aws, v));
                g.map(|g| view! {
                    <p class="notice ok" id="spot-new-done">"Created " <bdi>{g.name.clone()}</bdi> " (" {g.id.clone()} "). "
                        <a href=group_href(Provider::Aws, &g.id, "", account.get_untracked().as_deref())>"Open it"</a></p>
                })
            })}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_read_whatever_their_provider_wraps_them_in() {
        let scale_set = json!({"group": {"id": "sig-1", "name": "ss", "region": "westeurope",
            "capacity": {"minimum": 1, "target": 2, "maximum": 3}}, "createdAt": "2026-01-01T00:00:00Z"});
        let g = Group::read(Provider::AzureScaleSet, &scale_set).unwrap();
        assert_eq!(
            (g.id.as_str(), g.name.as_str(), g.region.as_str()),
            ("sig-1", "ss", "westeurope")
        );
        assert_eq!((g.min, g.target, g.max), (1, 2, 3));
        assert!(g.created.is_some());
        let gcp = json!({"id": "sig-2", "name": "g", "compute": {"availabilityZones": ["us-central1-a", "us-central1-b"]}});
        assert_eq!(
            Group::read(Provider::Gcp, &gcp).unwrap().region,
            "us-central1-a, us-central1-b"
        );
        let emr = json!({"mrScaler": {"id": "simrs-1", "name": "emr"}});
        assert_eq!(Group::read(Provider::Emr, &emr).unwrap().name, "emr");
        assert_eq!(Group::read(Provider::Aws, &json!({"id": " "})), None);
        assert_eq!(
            group_href(Provider::AzureVms, "sig-1", "capacity", Some("act-1")),
            "/spot/elastigroups/azure/sig%2D1/capacity?account=act%2D1"
        );
    }
}
